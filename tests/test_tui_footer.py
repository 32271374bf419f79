"""The footer: its keys come with the first frame, and it rebuilds only when they change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey
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
