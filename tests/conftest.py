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


@pytest.fixture(autouse=True)
def _pilot_waits_for_every_screen(monkeypatch):
    """``pilot.press`` and ``pilot.pause`` wait for the screen on top, then for the process to
    look idle by its CPU time; on a loaded machine a starved process looks idle with work
    still queued (a dialog's result, handed to the screen under it). Also wait for every
    screen on the stack and the app (not every widget: twice as slow) to handle what is
    queued to them, so a test's next line sees what the keys did (``tui_helpers.drained``)."""
    from textual.pilot import Pilot
    from tui_helpers import drained

    original = Pilot._wait_for_screen
    assert callable(original), "Textual's Pilot no longer waits for its screen this way"

    async def and_every_screen(self, timeout: float = 30.0) -> bool:
        done = await original(self, timeout)
        await drained(self.app, rounds=2, widgets=False)  # the screen on top waited for its widgets
        return done

    monkeypatch.setattr(Pilot, "_wait_for_screen", and_every_screen)


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


class _SqliteWithoutFts5:
    """What ``sqlite3.connect`` gives on a Python whose SQLite was built without FTS5."""

    def __init__(self, connect):
        import sqlite3

        class NoFts5(sqlite3.Connection):
            def execute(self, sql, *args):
                if "fts5" in sql.lower():
                    raise sqlite3.OperationalError("no such module: fts5")
                return super().execute(sql, *args)

        self._connect, self._factory = connect, NoFts5

    def __call__(self, *args, **kwargs):
        return self._connect(*args, factory=self._factory, **kwargs)


def without_fts5(monkeypatch) -> None:
    """Make every new SQLite connection lack FTS5, as some Python builds do."""
    import sqlite3

    monkeypatch.setattr(sqlite3, "connect", _SqliteWithoutFts5(sqlite3.connect))


@pytest.fixture
def no_fts5(monkeypatch):
    without_fts5(monkeypatch)
