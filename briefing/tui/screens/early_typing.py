"""Typing that arrives before a dialog's text box has focus goes into the box, in order.

``/`` and ``a`` open a box to type in, and a fast typist goes on typing at once. The
keys typed in the moment before the new screen has mounted and focused its box reach
the screen itself, where nothing takes them: Textual drops them. An
:class:`EarlyTypingScreen` types them into its box instead (the reader's ``/`` and ``a``
are priority bindings, so the screen is on top before the next key is routed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea

from ..internals import run_binding_now
from .once import OnceModalScreen, OnceScreen

ResultT = TypeVar("ResultT")


def takes_as_text(box: Input | TextArea, key: events.Key) -> bool:
    """True for a key the box types itself: a printable one, and enter in a TextArea."""
    return key.is_printable or (isinstance(box, TextArea) and key.key == "enter")


def type_into(box: Input | TextArea, key: events.Key) -> bool:
    """Type ``key`` into ``box`` as the box would if it had focus; False if it is not text."""
    if not takes_as_text(box, key) or (isinstance(box, TextArea) and box.read_only):
        return False
    text = "\n" if key.key == "enter" else key.character or ""
    if isinstance(box, Input) and box.selection.is_empty:
        box.insert_text_at_cursor(text)
    else:
        box.replace(text, *box.selection)
    return True


def closing(screen: object) -> bool:
    """True once a dialog has begun to close: the keys still queued to it are not its own."""
    return isinstance(screen, OnceScreen) and (screen.dismissed_once or not screen.is_active)


async def in_order(node: Widget, event: events.Key, *, text: bool) -> None:
    """Route a key that reached a dialog (its screen or its box) in the order it was typed.

    Once the dialog is closing, the key goes back to the app, for the screen now on top.
    A key that is text for the box is left to the box. Any other key runs its binding now:
    left to bubble up to the app, it would run after the keys queued behind it.
    """
    if closing(node.screen):
        event.stop()
        event.prevent_default()
        node.app.post_message(events.Key(event.key, event.character))
        return
    if text:
        return
    if await run_binding_now(node.app, event.key):
        event.stop()
        event.prevent_default()


class QueryInput(Input):
    """A one-line box that takes the keys typed at once in their order (see :func:`in_order`).

    Enter is answered at once by ``on_enter``, where one is given: Input's own answer is a
    message, handled after the keys typed behind the enter have reached the box.
    """

    def __init__(self, *args: Any, on_enter: Callable[[], None] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_enter = on_enter

    async def on_key(self, event: events.Key) -> None:
        await in_order(self, event, text=takes_as_text(self, event))

    async def action_submit(self) -> None:
        if self.on_enter is None:
            await super().action_submit()
        else:
            self.on_enter()


class NoteArea(TextArea):
    """A TextArea that takes the keys typed at once in their order (see :func:`in_order`)."""

    async def on_key(self, event: events.Key) -> None:
        await in_order(self, event, text=takes_as_text(self, event))


class EarlyTypingScreen(OnceModalScreen[ResultT]):
    """A modal screen with one text box, named by :meth:`typing_box`, that takes every key
    typed right after the key that opened it, in the order typed.

    A box with focus takes every printable key itself (and a TextArea every enter), so a
    printable key reaching the screen was routed to it before the box had focus: it is
    typed into the box. Other keys run their binding at once (:func:`in_order`), here and
    in the box (:class:`QueryInput`, :class:`NoteArea`), and once the screen has closed the
    keys still queued to it go back to the app.
    """

    def typing_box(self) -> Input | TextArea | None:
        raise NotImplementedError

    async def on_key(self, event: events.Key) -> None:
        box = self.typing_box()
        typed = not closing(self) and box is not None and type_into(box, event)
        if typed:
            event.stop()
            event.prevent_default()
            return
        if not closing(self) and box is not None and self.focused is not box:
            self.set_focus(box)  # a key the box binds (enter, backspace) is the box's, as if it had focus
        await in_order(self, event, text=False)
