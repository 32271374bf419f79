"""The theme is remembered for every briefing: restored on start, saved when changed.

Themes are Textual's built-in ones, chosen with the command palette ("Theme").
A saved name this Textual does not know is ignored (and kept on disk).
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from ..state import StateStore


class ThemeKeeper:
    """Reads the saved theme once; writes a new one only when it really changes."""

    def __init__(self, store: StateStore) -> None:
        self.store = store
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
        try:
            self.store.set_theme(name)
        except OSError as err:
            self.warnings.append(f"could not save the theme: {err.strerror or err}")
        self.warnings += self.store.warnings
        self.store.warnings.clear()

    def take_warnings(self) -> list[str]:
        warnings, self.warnings = self.warnings, []
        return warnings
