"""``c``: every section changed or new since you last read the briefing, in reading order.

A section read since the list was made stays in it, marked as read now, so the
list does not shift under the cursor. Enter goes to the section.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets.option_list import Option

from ...model import Briefing
from ...seen import CHANGED, SectionChange, when
from ..widgets.guards import SafeOptionList
from .list_dialog import ListDialog

SIGNS = {CHANGED: "Δ", "new": "+"}
"""The marks the tree shows: Δ changed since read, + new since the briefing was last open."""


def entries(briefing: Briefing, found: Sequence[SectionChange], marked: Container[str]) -> list[Option]:
    options: list[Option] = []
    for change in found:
        section = briefing.section_by_id.get(change.id)
        if section is None:
            continue
        text = Text()
        text.append(f"{SIGNS.get(change.status, '?')} ", style="bold")
        text.append(change.title, style="bold" if change.id in marked else "dim")
        group = briefing.group_by_id.get(section.group)
        detail = [group.title] if group is not None else []
        detail.append(f"read {when(change.read_at)}" if change.status == CHANGED else "new")
        if change.id not in marked:
            detail.append("seen now")
        text.append(f"  {' · '.join(detail)}", style="dim")
        options.append(Option(text, id=change.id))
    if not options:
        options.append(
            Option(
                Text("Nothing changed since you last read this briefing.", style="dim italic"), disabled=True
            )
        )
    return options


class ChangesScreen(ListDialog, inherit_bindings=False):
    """The list; dismissed with the section to go to, or None."""

    DEFAULT_CSS = """
    ChangesScreen {
        align: center middle;
    }
    #changes-box {
        max-width: 100;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,c,q", "close", "Close the list", id="changes.close"),
        Binding("enter", "jump", "Go to the section", id="changes.jump"),
        Binding("down,j", "move(1)", "Next entry", show=False, id="changes.down"),
        Binding("up,k", "move(-1)", "Previous entry", show=False, id="changes.up"),
    ]

    def __init__(self, briefing: Briefing, found: Sequence[SectionChange], marked: Container[str]) -> None:
        super().__init__()
        self.briefing = briefing
        self.found = found
        self.marked = marked

    def compose(self) -> ComposeResult:
        with Vertical(id="changes-box", classes="dialog") as box:
            box.border_title = "Changes since you last read"
            box.border_subtitle = "enter go · esc close · Δ changed · + new"
            yield SafeOptionList(*entries(self.briefing, self.found, self.marked), classes="dialog-list")
