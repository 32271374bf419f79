"""On quit, when a note or bookmark could not be saved: say so, and offer to write them out.

``w`` writes the unsaved notes and bookmarks to a Markdown file in the working
directory (a new name, never over a file) and quits; ``q`` quits without them;
``esc`` goes back to the reader. The dialog says where the file went, or why it
could not be written, and stays open then.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from ...fileio import write_new
from ...text import clean, count
from .once import OnceModalScreen


class UnsavedScreen(OnceModalScreen[bool], inherit_bindings=False):
    """Dismissed with True to quit, False to go back to reading."""

    DEFAULT_CSS = """
    UnsavedScreen {
        align: center middle;
    }
    #unsaved-box {
        width: 90%;
        max-width: 80;
        height: auto;
        border: round $warning;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "write", "Write them to a Markdown file here, then quit", id="unsaved.write"),
        Binding("q", "quit_anyway", "Quit without them", id="unsaved.quit"),
        Binding("escape", "stay", "Back to the reader", id="unsaved.stay"),
    ]

    def __init__(self, notes: int, bookmarks: int, why: str | None, directory: Path,
                 stem: str, markdown: Callable[[], str]) -> None:  # fmt: skip
        super().__init__()
        self.notes = notes
        self.bookmarks = bookmarks
        self.why = why
        self.directory = directory
        self.stem = stem
        self.markdown = markdown
        self.written: Path | None = None

    def compose(self) -> ComposeResult:
        what = " and ".join(
            part
            for part in (
                count(self.notes, "note") if self.notes else "",
                count(self.bookmarks, "bookmark change") if self.bookmarks else "",
            )
            if part
        )
        reason = f" ({self.why})" if self.why else ""
        with Vertical(id="unsaved-box") as box:
            box.border_title = "Not saved"
            box.border_subtitle = "w write · q quit without · esc back"
            yield Static(
                Text(
                    f"{what} could not be saved{reason}. They are only in this window.\n\n"
                    f"w writes them to a Markdown file in {clean(str(self.directory))} and quits; "
                    "q quits without them; esc goes back to reading."
                ),
                id="unsaved-text",
            )

    def action_write(self) -> None:
        try:
            self.written = write_new(self.directory, self.stem, ".md", self.markdown())
        except OSError as err:
            where = clean(str(self.directory))
            self.query_one("#unsaved-text", Static).update(
                Text(
                    f"Could not write the file in {where}: {err.strerror or err}. "
                    "q quits without them; esc goes back to reading."
                )
            )
            return
        self.dismiss(True)

    def action_quit_anyway(self) -> None:
        self.dismiss(True)

    def action_stay(self) -> None:
        self.dismiss(False)
