"""Textual widgets with guards against key races that would close the reader.

Each guard ignores a key that arrives before the widget can act on it, rather
than letting Textual raise (all seen with Textual 8.2). Only public methods are
overridden; the one private read (is the list laid out?) is in ``internals``:

* An :class:`~textual.widgets.OptionList` shown a moment ago has options but no
  lines laid out yet; ``pageup``/``pagedown`` then look up the highlighted
  option's line and raise ``KeyError`` (in ``OptionList._move_page``). Seen in the command
  palette's list, a :class:`~textual.widgets.Select`'s overlay (the timeline's
  actor and group filters) and any list a dialog opens with.
* The command palette handles every ``enter`` queued before it closed: the
  second one dismisses it again and pops the screen below (``ScreenStackError``
  when that is the last one) and runs the command twice. The palette's "Theme" list
  is the same palette, so it uses this guard too.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.command import CommandList, CommandPalette
from textual.message import Message
from textual.widgets import Input, OptionList, Select
from textual.widgets._select import SelectCurrent, SelectOverlay

from ..internals import lines_laid_out, type_to_search
from ..screens.once import OnceScreen

PAGING = ("page_up", "page_down")


def lines_ready(options: OptionList) -> bool:
    """True once the list's lines are laid out for what it shows (paging can find them)."""
    if not options.option_count:
        return True
    return lines_laid_out(options)


class SafeOptionList(OptionList):
    """An OptionList whose page keys wait for its lines to be laid out."""

    def action_page_up(self) -> None:
        if lines_ready(self):
            super().action_page_up()

    def action_page_down(self) -> None:
        if lines_ready(self):
            super().action_page_down()


class SafeSelectOverlay(SelectOverlay):
    def action_page_up(self) -> None:
        if lines_ready(self):
            super().action_page_up()

    def action_page_down(self) -> None:
        if lines_ready(self):
            super().action_page_down()


class SafeSelect(Select[str]):
    """A Select whose drop-down list is a :class:`SafeSelectOverlay`."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield SafeSelectOverlay(type_to_search=type_to_search(self)).data_bind(compact=Select.compact)


class SafePalette(CommandPalette, OnceScreen[None]):
    """The command palette, closed once: what reaches it after it began to close is dropped."""

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def drop_once_dismissed(self, message: Message) -> None:
        """Runs before the palette's own handlers: once it is closing, a queued enter is
        dropped rather than run the command again."""
        if self.dismissed_once:
            message.prevent_default()
            message.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        paging = action == "command_list" and bool(parameters) and parameters[0] in PAGING
        if paging and not lines_ready(self.query_one(CommandList)):
            return False  # the list is not laid out yet: the key is dropped
        return super().check_action(action, parameters)
