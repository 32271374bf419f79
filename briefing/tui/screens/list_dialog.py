"""A dialog over the reader holding one list of sections: the bookmarks and the changes.

It is dismissed with the id its subclass picks in :meth:`ListDialog.action_jump`, or
None; the list is a :class:`~briefing.tui.widgets.guards.SafeOptionList`, so paging
it as it opens cannot crash the reader.
"""

from __future__ import annotations

from textual import on
from textual.widgets import OptionList

from .once import OnceModalScreen


class ListDialog(OnceModalScreen[str | None], inherit_bindings=False):
    """Moving, choosing (enter or a click) and closing; subclasses compose the list."""

    def on_mount(self) -> None:
        self.set_focus(self.list)

    @property
    def list(self) -> OptionList:
        return self.query_one(OptionList)

    def action_move(self, step: int) -> None:
        if step > 0:
            self.list.action_cursor_down()
        else:
            self.list.action_cursor_up()

    def action_jump(self) -> None:
        """Dismiss with the highlighted entry's id, if it has one."""
        option = self.list.highlighted_option
        if option is not None and option.id is not None:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_jump()

    def action_close(self) -> None:
        self.dismiss(None)
