"""`briefing new` in the reader (the command itself is tested in test_cli.py, with the core tests)."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import WIDE, here, reader

from briefing.cli import main
from briefing.tui.app import BriefingApp


async def test_a_new_briefing_opens_in_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "start.yaml"
    assert main(["new", str(path), "--title", "A start"]) == 0
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert here(app) == "first-section"
        assert reader(app).title == "A start"
