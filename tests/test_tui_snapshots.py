"""SVG snapshots of the reader at 80x24 and 120x36 (and one at 200x60).

All on tests/fixtures/mini.yaml, which stays put while the bundled briefing
changes. Baselines live in tests/snapshots/; after a deliberate change to the
look, run ``pytest tests/test_tui_snapshots.py --snapshot-update`` and look at
the new SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.tui.app import BriefingApp

FIXTURES = Path(__file__).parent / "fixtures"
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


pytestmark = pytest.mark.usefixtures("snapshots_in_tests")  # baselines in tests/snapshots/


def mini() -> BriefingApp:
    return BriefingApp.open(FIXTURES / "mini.yaml")


@pytest.mark.parametrize("size", SIZES)
def test_first_screen(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(mini(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_section_with_quotes(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(mini(), terminal_size=size, press=["G"])


@pytest.mark.parametrize("size", SIZES)
def test_actor_view(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(mini(), terminal_size=size, press=["n", "v", "_"])


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(mini(), terminal_size=size, press=["question_mark"])


@pytest.mark.parametrize("size", SIZES)
def test_error_screen(snap_compare, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)  # the screen names the file as given: keep it short and portable
    assert snap_compare(BriefingApp.open("invalid.yaml"), terminal_size=size)


def test_narrow_analysis_pane_without_tree(snap_compare) -> None:
    assert snap_compare(mini(), terminal_size=(80, 24), press=["tab", "tab", "backslash"])


def test_wide_three_columns(snap_compare) -> None:
    assert snap_compare(mini(), terminal_size=(200, 60), press=["n"])


async def _search_for_threat(pilot) -> None:
    from briefing.tui.reader.screen import ReaderScreen

    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    for _ in range(200):  # the index is built in a worker thread
        if screen.search.index is not None:
            break
        await pilot.pause(0.02)
    await pilot.press("slash", *"goyusov OR energy")
    pilot.app.screen.query_one("#search-input").cursor_blink = False  # the same frame every run
    await pilot.pause(0.4)  # past the debounce


def test_search_box(snap_compare) -> None:
    assert snap_compare(mini(), terminal_size=(120, 36), run_before=_search_for_threat)


def test_bookmarks_list(snap_compare) -> None:
    from briefing.state import StateStore, briefing_key

    key = briefing_key(FIXTURES / "mini.yaml", "mini", bundled=False)
    store = StateStore()
    store.toggle_bookmark(key, "russia-ally")
    store.toggle_bookmark(key, "a-section-since-removed")
    store.set_note(key, "eu-deals", "Check the amount against the memorandum.")
    assert snap_compare(mini(), terminal_size=(120, 36), press=["B"])
