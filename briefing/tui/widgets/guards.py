"""Textual widgets with guards against key races that would close the reader.

Each guard ignores a key that arrives before the widget can act on it, rather
than letting Textual raise (all seen with Textual 8.2; reported upstream):

* An :class:`~textual.widgets.OptionList` shown a moment ago has options but no
  lines laid out yet; ``pageup``/``pagedown`` then look up the highlighted
  option's line and raise ``KeyError`` (``_move_page``). Seen in the command
  palette's list, a :class:`~textual.widgets.Select`'s overlay (the timeline's
  actor and group filters) and any list a dialog opens with.
* The command palette handles every ``enter`` queued before it closed: the
  second one dismisses it again and pops the screen below (``ScreenStackError``
  when that is the last one) and runs the command twice.
"""

from __future__ import annotations

from textual._widget_navigation import Direction
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette
from textual.message import Message
from textual.widgets import Input, OptionList, Select
from textual.widgets._select import SelectCurrent, SelectOverlay

PAGING = ("page_up", "page_down")


def lines_ready(options: OptionList) -> bool:
    """True once the list's lines are laid out for what it shows (paging can find them)."""
    if not options.option_count:
        return True
    highlighted = options.highlighted or 0
    return bool(options._lines) and highlighted in options._index_to_line


class SafeOptionList(OptionList):
    """An OptionList whose page keys wait for its lines to be laid out."""

    def _move_page(self, direction: Direction) -> None:
        if lines_ready(self):
            super()._move_page(direction)


class SafeSelectOverlay(SelectOverlay):
    def _move_page(self, direction: Direction) -> None:
        if lines_ready(self):
            super()._move_page(direction)


class SafeSelect(Select[str]):
    """A Select whose drop-down list is a :class:`SafeSelectOverlay`."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield SafeSelectOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)


class SafePalette(CommandPalette):
    """The command palette, closed once: what reaches it after it began to close is dropped."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._was_dismissed = False

    def dismiss(self, result: None = None) -> AwaitComplete:
        if self._was_dismissed or not self.is_active:
            done: AwaitComplete = AwaitComplete.nothing()
            return done
        self._was_dismissed = True
        return super().dismiss(result)

    async def _on_message(self, message: Message) -> None:
        if self._was_dismissed and isinstance(message, (Input.Submitted, OptionList.OptionSelected)):
            return  # from a key queued before the palette closed: it is not to run a command again
        await super()._on_message(message)

    def _action_command_list(self, action: str) -> None:
        if action in PAGING and not lines_ready(self.query_one(CommandList)):
            return
        super()._action_command_list(action)
