"""SVG snapshots of the timeline, bibliography and actors screens at 120x36 (on mini.yaml).

Baselines live in tests/snapshots/ with the reader's; after a deliberate change to
the look, run this file with ``--snapshot-update`` and look at the new SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_textual_snapshot

from briefing.tui.app import BriefingApp

FIXTURES = Path(__file__).parent / "fixtures"
SNAPSHOTS = Path(__file__).parent / "snapshots"
SIZE = (120, 36)


class _InTestsSnapshots(pytest_textual_snapshot.SVGImageExtension):
    @classmethod
    def dirname(cls, *, test_location: object) -> str:
        return str(SNAPSHOTS)


@pytest.fixture(autouse=True)
def _snapshots_in_tests_snapshots(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytest_textual_snapshot, "SVGImageExtension", _InTestsSnapshots)


def mini() -> BriefingApp:
    return BriefingApp.open(FIXTURES / "mini.yaml")


def test_timeline(snap_compare) -> None:
    assert snap_compare(mini(), terminal_size=SIZE, press=["n", "t"])


def test_bibliography(snap_compare) -> None:
    assert snap_compare(mini(), terminal_size=SIZE, press=["s", "down"])


def test_actors(snap_compare) -> None:
    assert snap_compare(mini(), terminal_size=SIZE, press=["G", "A"])


def test_sources_pane_with_a_link_highlighted(snap_compare) -> None:
    assert snap_compare(mini(), terminal_size=SIZE, press=["n", "tab", "tab", "tab", "down", "down"])
