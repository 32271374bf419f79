"""Typing that arrives before a dialog's text box has focus goes into the box, in order.

``/`` and ``a`` open a box to type in, and a fast typist goes on typing at once. The
keys typed in the moment before the new screen has mounted and focused its box reach
the screen itself, where nothing takes them: Textual drops them. A screen that mixes
in :class:`EarlyTyping` types them into its box instead (the reader's ``/`` and ``a``
are priority bindings, so the screen is on top before the next key is routed).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea


def type_into(box: Input | TextArea, key: events.Key) -> bool:
    """Type ``key`` into ``box`` as the box would if it had focus; False if it is not text
    (an enter is text for a TextArea, not for an Input)."""
    if isinstance(box, TextArea):
        text = "\n" if key.key == "enter" else key.character if key.is_printable else None
        if text is None or box.read_only:
            return False
        box.replace(text, *box.selection)
        return True
    if not key.is_printable or key.character is None:
        return False
    if box.selection.is_empty:
        box.insert_text_at_cursor(key.character)
    else:
        box.replace(key.character, *box.selection)
    return True


class EarlyTyping:
    """For a screen with one text box: printable keys that reach the screen are typed into it.

    The screen names its box with :meth:`typing_box`. A box with focus takes every
    printable key itself (and a TextArea every enter), so what reaches the screen was
    routed to it before the box had focus. An enter reaching the screen of a one-line box
    is left alone: the box has focus by then, and its enter binding submits it.
    """

    def typing_box(self) -> Input | TextArea | None:
        raise NotImplementedError

    def on_key(self, event: events.Key) -> None:
        box = self.typing_box()
        if box is not None and type_into(box, event):
            event.stop()
            event.prevent_default()
