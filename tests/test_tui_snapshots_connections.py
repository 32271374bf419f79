"""SVG snapshots of the timeline, bibliography and actors screens at 120x36 (on mini.yaml).

Baselines live in tests/snapshots/ with the reader's; after a deliberate change to
the look, run this file with ``--snapshot-update`` and look at the new SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.tui.app import BriefingApp

FIXTURES = Path(__file__).parent / "fixtures"
SIZE = (120, 36)


pytestmark = pytest.mark.usefixtures("snapshots_in_tests")  # baselines in tests/snapshots/


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
