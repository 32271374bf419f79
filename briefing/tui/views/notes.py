"""How the reader's own note on a section is shown (the editor is in :mod:`..screens.note_editor`).

The note is the reader's text, not the briefing's: it is shown as plain Text
(never markup) in a card at the top of the Sources pane, and goes into Markdown
exports (escaped) when "notes in exports" is on.
"""

from __future__ import annotations

from dataclasses import replace

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from ...text import clean
from .render import PaneViews

NOTE_TITLE = "Your note"


def note_card(note: str) -> Panel:
    return Panel(
        Text(clean(note.strip())),
        title=Text(NOTE_TITLE, style="bold"),
        title_align="left",
        subtitle=Text("a to edit", style="dim"),
        subtitle_align="right",
        box=box.ROUNDED,
        border_style="yellow",
        padding=(0, 1),
        expand=True,
    )


def with_note(views: PaneViews, note: str | None) -> PaneViews:
    """The section's panes with its note at the top of the Sources pane."""
    if not note or not note.strip():
        return views
    sources = views["sources"]
    return views.replace("sources", replace(sources, body=Group(note_card(note), Text(), sources.body)))
