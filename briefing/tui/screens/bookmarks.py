"""``B``: the bookmarked sections, the sections with notes, and what is orphaned.

A bookmark or note whose section is no longer in the briefing (renamed or
removed) is listed under "Orphaned" with its id and the start of its note; it
is kept, never deleted behind the reader's back, and comes back to life if the
section does. Enter jumps to a section; delete removes a bookmark, orphans too.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets.option_list import Option

from ...cells import shorten
from ...model import Briefing
from ...text import clean
from ..reader.saved_state import Memory
from ..widgets.guards import SafeOptionList
from .list_dialog import ListDialog

BOOKMARK = "★"
NOTE = "✎"
NOTE_PREVIEW = 70
"""Cells of a note shown in the list."""


def first_line(note: str, width: int = NOTE_PREVIEW) -> str:
    return shorten(" ".join(clean(note).split()), width)


def entries(briefing: Briefing, memory: Memory) -> list[Option]:
    """The list: headings (disabled), then a line or two per section; ids are ``section:<id>``."""
    position = briefing.position
    bookmarked = sorted((b for b in memory.bookmarks if b in position), key=position.__getitem__)
    noted = sorted((k for k in memory.notes if k in position), key=position.__getitem__)
    orphan_bookmarks, orphan_notes = memory.orphans(position)
    options: list[Option] = []

    def heading(title: str, detail: str = "") -> None:
        if options:
            options.append(Option(Text(""), disabled=True))
        text = Text(title, style="bold")
        if detail:
            text.append(f"  {detail}", style="dim italic")
        options.append(Option(text, disabled=True))

    def section_line(section_id: str, mark: str, note: str | None) -> Option:
        section = briefing.section_by_id[section_id]
        text = Text()
        text.append(f"{mark} ", style="bold")
        text.append(section.title, style="bold")
        group = briefing.group_by_id.get(section.group)
        if group is not None:
            text.append(f"  {group.title}", style="dim")
        if note:
            text.append("\n  ")
            text.append(first_line(note), style="italic")
        return Option(text, id=f"section:{section_id}")

    if bookmarked:
        heading("Bookmarks", f"{len(bookmarked)}, in reading order")
        options += [section_line(s, BOOKMARK, memory.note(s)) for s in bookmarked]
    notes_only = [s for s in noted if s not in memory.bookmarks]
    if notes_only:
        heading("Notes", "on sections not bookmarked")
        options += [section_line(s, NOTE, memory.note(s)) for s in notes_only]
    orphans = list(dict.fromkeys([*orphan_bookmarks, *orphan_notes]))
    if orphans:
        heading("Orphaned", "no longer in this briefing; kept in case they come back")
        for section_id in orphans:
            text = Text()
            marks = (BOOKMARK if section_id in orphan_bookmarks else "") + (
                NOTE if section_id in orphan_notes else ""
            )
            text.append(f"{marks} ", style="dim")
            text.append(clean(section_id), style="dim")
            note = orphan_notes.get(section_id)
            if note:
                text.append("\n  ")
                text.append(first_line(note), style="dim italic")
            # Selectable only to be removed (delete); Enter has nowhere to go.
            options.append(Option(text, id=f"orphan:{section_id}"))
    if not options:
        options.append(
            Option(
                Text(
                    "No bookmarks or notes yet: b bookmarks a section, a writes a note.", style="dim italic"
                ),
                disabled=True,
            )
        )
    return options


class BookmarksScreen(ListDialog, inherit_bindings=False):
    """The list; dismissed with the section to jump to, or None."""

    DEFAULT_CSS = """
    BookmarksScreen {
        align: center middle;
    }
    #bookmarks-box {
        max-width: 100;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,B,q", "close", "Close the list", id="bookmarks.close"),
        Binding("enter", "jump", "Go to the section", id="bookmarks.jump"),
        Binding("delete,x", "remove", "Remove the bookmark", id="bookmarks.remove"),
        Binding("down,j", "move(1)", "Next entry", show=False, id="bookmarks.down"),
        Binding("up,k", "move(-1)", "Previous entry", show=False, id="bookmarks.up"),
    ]

    def __init__(self, briefing: Briefing, memory: Memory) -> None:
        super().__init__()
        self.briefing = briefing
        self.memory = memory
        self.removed: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmarks-box", classes="dialog") as box:
            box.border_title = "Bookmarks and notes"
            box.border_subtitle = "enter go · x remove bookmark · esc close"
            options = entries(self.briefing, self.memory)
            yield SafeOptionList(*options, id="bookmarks-list", classes="dialog-list")

    def _chosen(self) -> tuple[str, str] | None:
        option = self.list.highlighted_option
        if option is None or option.id is None:
            return None
        kind, _, section_id = option.id.partition(":")
        return kind, section_id

    def action_jump(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        kind, section_id = chosen
        if kind == "section":
            self.dismiss(section_id)
        else:
            self.app.bell()
            self.notify("That section is no longer in this briefing.", timeout=3, markup=False)

    def action_remove(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        _, section_id = chosen
        if section_id not in self.memory.bookmarks:
            self.app.bell()
            self.notify("Not bookmarked: only its note is listed.", timeout=3, markup=False)
            return
        self.memory.toggle_bookmark(section_id)
        self.removed.append(section_id)
        at = self.list.highlighted
        self.list.set_options(entries(self.briefing, self.memory))
        if at is not None and self.list.option_count:
            self.list.highlighted = min(at, self.list.option_count - 1)
