"""Rules of the reader, each test named for the rule it guards.

Every test here was written against a bug that once passed the rest of the suite.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from test_tui_app import screen_text
from tui_helpers import FIXTURES, MINI, WIDE, rewrite, until
from tui_helpers import reader_under_dialogs as reader

from briefing.tui.app import BriefingApp
from briefing.tui.screens.search import SearchScreen
from briefing.tui.screens.timeline import TimelineScreen

HOSTILE = FIXTURES / "hostile-print.yaml"


async def test_rule_the_timeline_shows_event_labels_as_text_not_markup() -> None:
    app = BriefingApp.open(HOSTILE)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), "the timeline")
        await pilot.pause()
        shown = screen_text(app)
        assert "[bold]event[/bold]" in shown
        assert "[italic]quoted" in shown and "[b]Bold[/b]" in shown
        assert "\x1b" not in shown and "\x07" not in shown


async def test_rule_search_after_a_live_reload_finds_the_new_text(tmp_path: Path) -> None:
    path = tmp_path / "briefing.yaml"
    shutil.copy(MINI, path)
    original = path.read_text(encoding="utf-8")
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        screen = reader(app)
        screen.search.build_index()
        await until(pilot, lambda: screen.search.index is not None, "the first index")
        first = screen.search.index
        assert first is not None and [h.section.id for h in first.search("reworded")] == []
        rewrite(path, original.replace("The neighbour, not the great power", "The reworded neighbour"))
        await until(
            pilot,
            lambda: screen.search.index is not None and screen.search.index is not first,
            "the index of the reloaded text",
            timeout=8.0,
        )
        await pilot.press("slash", *"reworded")
        search = app.screen
        assert isinstance(search, SearchScreen)
        await until(pilot, lambda: bool(search.hits), "the hits")
        assert [h.section.id for h in search.hits] == ["thesis"]


async def test_rule_an_export_of_a_qualified_id_is_one_file_in_the_folder(tmp_path: Path) -> None:
    twin = tmp_path / "twin.yaml"
    shutil.copy(MINI, twin)  # the same briefing id twice: every id is qualified, "part/id"
    out = tmp_path / "out"
    out.mkdir()
    app = BriefingApp.open([MINI, twin], cwd=out)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert reader(app).section is not None
        qualified = reader(app).section.id
        assert "/" in qualified
        await pilot.press("m")
        await pilot.pause()
        expected = qualified.replace("/", "--") + ".md"
        assert sorted(p.name for p in out.iterdir()) == [expected]
        assert (out / expected).is_file()
        assert (out / expected).read_text(encoding="utf-8").startswith("# The main threat")
