"""The command palette offers this reader's commands only; a screenshot says where it went."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from tui_helpers import MINI, WIDE, until

from briefing.tui.app import BriefingApp
from briefing.tui.reader.screen import ReaderScreen


def system_commands(app: BriefingApp) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


async def test_the_palette_offers_only_the_readers_own_commands(tmp_path: Path) -> None:
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert system_commands(app) == ["Theme", "Keys", "Screenshot"]
        assert next(b for b in app.BINDINGS if getattr(b, "action", "") == "command_palette").description == (
            "Palette"
        )
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"quit")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running  # no Quit among the commands


async def test_a_screenshot_says_where_it_went(tmp_path: Path) -> None:
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        app.screenshot_here()
        (written,) = tmp_path.glob("briefing-screenshot*.svg")
        assert written.read_text(encoding="utf-8").startswith("<svg")
        said = f"Saved the screenshot as {written}."
        await until(pilot, lambda: any(n.message == said for n in app._notifications), "the notice")
        assert isinstance(app.screen, ReaderScreen)


async def test_a_screenshot_that_cannot_be_written_says_why(tmp_path: Path) -> None:
    app = BriefingApp.open(MINI, cwd=tmp_path / "missing")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        app.screenshot_here()
        await until(pilot, lambda: any(n.severity == "error" for n in app._notifications), "the failure")
        (notice,) = [n for n in app._notifications if n.severity == "error"]
        assert notice.message.startswith(f"Could not save the screenshot in {tmp_path / 'missing'}:")
