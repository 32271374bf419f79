"""The footer: its keys come with the first frame, and it rebuilds only when they change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey, FooterLabel
from tui_helpers import MINI, WIDE, rewrite, until

from briefing.tui.app import BriefingApp
from briefing.tui.widgets.footer import ReadyFooter


def descriptions(app: BriefingApp) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey)]


async def test_the_first_frame_has_the_keys() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE):
        assert "Quit" in descriptions(app)


async def test_moving_the_focus_keeps_the_footer_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(ReadyFooter)
        rebuilt: list[object] = []
        recompose = footer.recompose

        async def counting() -> None:
            rebuilt.append(footer)
            await recompose()

        monkeypatch.setattr(footer, "recompose", counting)
        for _ in range(4):  # the tree, each pane, and the tree again: the same keys shown
            await pilot.press("tab")
            await pilot.pause()
        assert rebuilt == []
        assert "Quit" in descriptions(app)


async def test_a_key_that_appears_is_shown(tmp_path: Path) -> None:
    path = tmp_path / "briefing.yaml"
    shutil.copy(MINI, path)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert "Problems" not in descriptions(app)
        rewrite(path, MINI.read_text(encoding="utf-8").replace("relation: supports", "relation: refutes"))
        await until(pilot, lambda: "Problems" in descriptions(app), "the Problems key", timeout=6.0)


def test_fitting_keeps_the_most_useful_items_that_fit() -> None:
    from briefing.tui.widgets.footer import fitting

    # widths 10, 10, 10, 10 with ranks 3, 0, 2, 1 in 25 cells: the two most useful
    assert fitting([10, 10, 10, 10], [3, 0, 2, 1], 25) == [False, True, False, True]
    # a wide item that does not fit leaves room for less useful narrow ones
    assert fitting([30, 5, 5], [0, 1, 2], 12) == [False, True, True]
    assert fitting([], [], 10) == []


def shown_footer(app: BriefingApp) -> list[str]:
    """The actions of the keys the footer shows whole (a grouped key has no description)."""
    return [
        key.action.rpartition(".")[2]
        for key in app.screen.query(FooterKey)
        if key.display and key.parent.display and key.region.width
    ]


def whole(app: BriefingApp) -> bool:
    """Every key the footer shows is whole: none runs on under the palette's key at the right."""
    keys = list(app.screen.query(FooterKey))
    palette = next(k for k in keys if k.has_class("-command-palette"))
    shown = [k for k in keys if k is not palette and k.display and k.parent.display]
    return bool(shown) and all(k.region.width > 0 and k.region.right <= palette.region.x for k in shown)


@pytest.mark.parametrize("width", [80, 120, 200])
async def test_the_footer_shows_whole_keys_most_useful_first(width: int) -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(width, 30)) as pilot:
        await until(pilot, lambda: whole(app), "whole keys in the footer")
        shown = shown_footer(app)
        labels = [label for label in app.screen.query(FooterLabel) if label.display]
        assert [str(label.render()) for label in labels] == ["Section"], "the n/p group keeps its label"
        for wanted in ("next_section", "previous_section", "search", "help", "quit"):
            assert wanted in shown, (wanted, shown)
        if width >= 200:
            for wanted in ("bookmark", "note", "timeline", "bibliography", "actors", "bookmarks"):
                assert wanted in shown, (wanted, shown)
        else:
            assert len(shown) < len(descriptions(app)), "at this width some keys must give way"


async def test_a_resize_brings_keys_back_and_hides_them_again() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(80, 30)) as pilot:
        await until(pilot, lambda: whole(app), "whole keys in the footer")
        narrow = shown_footer(app)
        assert "actors" not in narrow
        await pilot.resize_terminal(220, 30)
        await until(pilot, lambda: "actors" in shown_footer(app), "the actors key after widening")
        await pilot.resize_terminal(80, 30)
        await until(pilot, lambda: "actors" not in shown_footer(app), "the actors key gone after narrowing")
        await until(pilot, lambda: whole(app), "whole keys in the footer")
        assert shown_footer(app) == narrow
