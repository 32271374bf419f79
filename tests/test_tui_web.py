"""What the reader does differently when ``briefing serve`` runs it for a browser tab.

Pilot runs the app with its own driver, so "in a browser" is the app's ``is_web``
made true and ``deliver_text`` recorded; the real thing (textual-serve, Chromium,
a download) is ``test_browser_serve.py``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from tui_helpers import MINI, WIDE, here, reader

from briefing import markdown
from briefing.load import load
from briefing.tui.app import BriefingApp
from briefing.tui.reader.place import Place
from briefing.tui.screens.help import HelpScreen, binding_rows


@pytest.fixture
def in_browser(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Make every app think it runs in a browser; return the deliveries it makes."""
    delivered: list[dict[str, Any]] = []

    def deliver_text(self: BriefingApp, path_or_file: io.StringIO, **options: Any) -> str:
        delivered.append({"text": path_or_file.getvalue(), **options})
        return "key"

    monkeypatch.setattr(BriefingApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(BriefingApp, "deliver_text", deliver_text)
    return delivered


async def test_m_in_a_browser_delivers_a_download_and_writes_nothing(
    tmp_path: Path, in_browser: list[dict[str, Any]]
) -> None:
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        briefing = load(MINI)
        assert in_browser == [
            {
                "text": markdown.section(briefing, briefing.section_by_id["thesis"]),
                "save_filename": "thesis.md",
                "mime_type": "text/markdown",
            }
        ]
        assert list(tmp_path.iterdir()) == []
        assert any("Sent thesis.md to your browser" in n.message for n in app._notifications)


async def test_h_and_l_go_back_and_forward_where_a_browser_takes_alt_arrows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Place, "SETTLE", 0.05)
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("n", "n")
        assert here(app) == "russia-ally"
        await pilot.press("H")
        assert here(app) == "eu-deals"
        await pilot.press("H")
        assert here(app) == "thesis"
        await pilot.press("L")
        assert here(app) == "eu-deals"
        rows = dict((desc, keys) for keys, desc in binding_rows(app, reader(app)))
        assert rows["Back to the section visited before"].split()[-1] == "H"
        assert rows["Forward again in the history"].split()[-1] == "L"
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
