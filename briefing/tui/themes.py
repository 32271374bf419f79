"""The theme is remembered for every briefing: restored on start, saved when changed.

Themes are Textual's built-in ones, chosen with the command palette ("Theme").
A saved name this Textual does not know is ignored (and kept on disk).
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from ..state import StateStore
from ..state_writer import Outcome, StateWriter


class ThemeKeeper:
    """Reads the saved theme once; has a new one written only when it really changes."""

    def __init__(self, store: StateStore, writer: StateWriter | None = None) -> None:
        self.store = store
        """Reads, in the app's thread."""
        self.writer = writer
        """Writes, in its own thread; without one, the theme is written at once."""
        self.saved: str | None = None
        self.warnings: list[str] = []

    def restore(self, app: App[Any]) -> None:
        """Put the saved theme on ``app`` (before its first frame)."""
        try:
            self.saved = self.store.theme()
        except OSError as err:
            self.warnings.append(f"cannot read the saved theme: {err.strerror or err}")
        self.warnings += self.store.warnings
        self.store.warnings.clear()
        if self.saved and self.saved in app.available_themes:
            app.theme = self.saved

    def changed(self, name: str) -> None:
        if name == self.saved:
            return
        self.saved = name
        if self.writer is not None:
            self.writer.submit(lambda store: store.set_theme(name), self._written)
        else:
            from ..state_writer import make

            self._written(make(self.store, lambda store: store.set_theme(name)))

    def _written(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.warnings.append(f"could not save the theme: {outcome.error.strerror or outcome.error}")
        self.warnings += outcome.warnings

    def take_warnings(self) -> list[str]:
        warnings, self.warnings = self.warnings, []
        return warnings
