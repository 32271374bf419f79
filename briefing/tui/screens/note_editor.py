"""``a``: the note editor, a TextArea for the reader's own note on one section.

Imported only when ``a`` is first pressed: a TextArea is a large import, and the
first frame should not wait for it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import TextArea

from ...model import Section
from ...text import clean
from .early_typing import EarlyTypingScreen, NoteArea


class NoteScreen(EarlyTypingScreen[str | None], inherit_bindings=False):
    """Edit one section's note; esc keeps it, ctrl+g leaves it as it was. Empty removes it."""

    DEFAULT_CSS = """
    NoteScreen {
        align: center middle;
    }
    #note-box {
        width: 90%;
        max-width: 100;
        height: 70%;
        min-height: 8;
        border: round $accent;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    #note-text {
        height: 1fr;
        border: none;
        padding: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "save", "Keep the note and close", id="note.save"),
        Binding("ctrl+g", "discard", "Close, leaving the note as it was", id="note.discard"),
    ]

    def __init__(self, section: Section, note: str | None) -> None:
        super().__init__()
        self.section = section
        self.original = note or ""
        # A note pasted with terminal control in it is shown without it (text.clean); the
        # note is stored as it was unless it is edited.
        self.shown = clean(self.original)

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box") as box:
            box.border_title = Text(
                f"Note on {clean(self.section.title)}"
            )  # Text: a title is data, not markup
            box.border_subtitle = "esc keep · ctrl+g discard · empty to remove"
            yield NoteArea(self.shown, id="note-text", soft_wrap=True, tab_behavior="focus")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        self.set_focus(area)
        area.move_cursor(area.document.end)

    def typing_box(self) -> TextArea | None:
        areas = self.query(TextArea)
        return areas.first() if areas else None

    @property
    def text(self) -> str:
        text = self.query_one(TextArea).text
        return self.original if text == self.shown else text

    def action_save(self) -> None:
        self.dismiss(self.text)

    def action_discard(self) -> None:
        self.dismiss(None)
