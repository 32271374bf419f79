"""The Textual application: opens a briefing in the reader, or shows why it cannot.

``run(path)`` is what ``briefing open`` calls; it returns the process exit code:
0 after reading, 1 when the briefing failed validation (after its error screen).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..cache import load_cached
from ..model import Briefing
from ..problems import BriefingError, Problem
from ..state import StateStore
from ..text import clean
from .panes import Pane
from .reader import ReaderScreen
from .screens import ErrorScreen, HelpRows, HelpScreen, binding_rows
from .themes import ThemeKeeper
from .tree import SectionTree


class BriefingApp(App[int], inherit_bindings=False):
    """A terminal reader for one briefing."""

    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "question_mark",
            "help",
            "Help",
            tooltip="Show the keys (this list is read from the bindings)",
            key_display="?",
            id="app.help",
        ),
        Binding("q", "quit", "Quit", tooltip="Quit the reader", id="app.quit"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Find",
            tooltip="Command palette: find a section by title, actor or id",
            show=False,
            priority=True,
            id="app.palette",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            tooltip="Quit, even from a dialog",
            show=False,
            priority=True,
            id="app.quit-anywhere",
        ),
        Binding("ctrl+c", "help_quit", show=False, system=True, id="app.ctrl-c"),
    ]

    def __init__(
        self,
        briefing: Briefing | None = None,
        *,
        problems: Sequence[Problem] = (),
        file: str = "",
        cwd: Path | None = None,
    ) -> None:
        super().__init__()
        self.briefing = briefing
        self.problems = problems
        self.file = file
        self.cwd = cwd
        self.themes = ThemeKeeper(StateStore())
        self.themes.restore(self)  # before the first frame, so it never flashes the default

    def watch_theme(self, name: str) -> None:
        self.themes.changed(name)
        self._report_theme_warnings()

    def on_mount(self) -> None:
        self._report_theme_warnings()

    def _report_theme_warnings(self) -> None:
        for warning in self.themes.take_warnings():
            self.notify(clean(warning), title="Saved state", severity="warning", timeout=10, markup=False)

    @classmethod
    def open(cls, path: str | Path, *, cwd: Path | None = None) -> BriefingApp:
        """Load ``path`` (through the cache); one that fails validation opens on its error screen."""
        try:
            return cls(load_cached(path), file=str(path), cwd=cwd)
        except BriefingError as err:
            return cls(problems=err.problems, file=str(path), cwd=cwd)

    def get_default_screen(self) -> Screen:
        if self.briefing is None:
            return ErrorScreen(self.problems, self.file)
        return ReaderScreen(self.briefing, cwd=self.cwd)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, HelpRows]]:
        """The keys of every part of the current screen, read from the bindings."""
        screen = self.screen
        sections: list[tuple[str, HelpRows]] = [("Sections and views", binding_rows(self, screen))]
        for title, kind in (("In the tree", SectionTree), ("In a pane", Pane)):
            found = screen.query(kind)
            if found:
                sections.append((title, binding_rows(self, found.first())))
        sections.append(("Everywhere", binding_rows(self, self)))
        return sections


def run(path: Path) -> int:
    """Open the reader on ``path``; return the exit code."""
    app = BriefingApp.open(path)
    # The loaded briefing lives as long as the app: move it out of the collector's
    # way, or every full collection walks all of its records (tens of ms at
    # 10,000 sections, landing on random key presses).
    gc.freeze()
    app.run()
    return app.return_code or 0
