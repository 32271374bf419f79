"""``briefing serve``: the reader it starts runs under the web driver without a terminal.

The command's own rules (the extra, the address, the state, the page) are tested in
test_cli.py with the core tests; the server itself runs in ``test_browser_serve.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.cli import main

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


def test_the_reader_starts_under_the_web_driver_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.tui.app

    opened: list[object] = []
    monkeypatch.setattr(briefing.tui.app, "run", lambda path, texts: opened.append(path) or 0)
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert main(["open", str(MINI)]) == 0  # stdout is pytest's capture, not a terminal
    assert opened == [MINI]
    monkeypatch.delenv("TEXTUAL_DRIVER")
    assert main(["open", str(MINI)]) == 2  # without it, still refused
