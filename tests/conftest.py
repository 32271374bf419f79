"""Shared test set-up: no test touches the user's real state or cache directories."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("BRIEFING_FILE", raising=False)
    monkeypatch.delenv("BRIEFING_MAX_BYTES", raising=False)


@pytest.fixture
def count_layouts(monkeypatch):
    """Call it to start recording every screen layout; it returns the list it fills.

    Start-up lays the screen out, so a test calls it once the app is up.
    """
    from textual.screen import Screen

    def start() -> list[Screen]:
        layouts: list[Screen] = []
        refresh_layout = Screen._refresh_layout

        def counting(self: Screen, *args: object, **kwargs: object) -> None:
            layouts.append(self)
            refresh_layout(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        return layouts

    return start


@pytest.fixture
def snapshots_in_tests(monkeypatch):
    """Keep the SVG snapshot baselines in tests/snapshots/ (the plugin's default is beside each test)."""
    import pytest_textual_snapshot

    folder = str(Path(__file__).parent / "snapshots")

    class InTestsSnapshots(pytest_textual_snapshot.SVGImageExtension):
        @classmethod
        def dirname(cls, *, test_location: object) -> str:
            return folder

    monkeypatch.setattr(pytest_textual_snapshot, "SVGImageExtension", InTestsSnapshots)
