"""Rules of `briefing serve` stated in README.md ("Reading in a browser"), each with a test that
breaks with it. The server is not started: ``make_server`` is replaced by a recorder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from briefing import serve
from briefing.cli import main
from briefing.dirs import user_dir

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


class Recorder:
    """Stands for the textual-serve server: records what the reader processes would inherit."""

    def __init__(self, seen: list[str | None]) -> None:
        self.seen = seen

    def serve(self) -> None:
        self.seen.append(os.environ.get(serve.STATE_DIR_ENV))


def test_rule_state_dir_is_where_every_reader_of_the_server_keeps_its_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: bookmarks, notes, the last place and the theme live with the server, in
    `--state-dir DIR` (else `$BRIEFING_STATE_DIR`): every reader process it starts uses that DIR."""
    pytest.importorskip("textual_serve", reason="the web extra is not installed")
    seen: list[str | None] = []

    def make_server(paths: Any, **options: Any) -> Recorder:
        return Recorder(seen)

    monkeypatch.setattr(serve, "make_server", make_server)
    monkeypatch.setenv(serve.STATE_DIR_ENV, str(tmp_path / "from-the-environment"))
    assert main(["serve", str(MINI)]) == 0
    chosen = tmp_path / "shared"
    assert main(["serve", str(MINI), "--state-dir", str(chosen)]) == 0
    assert seen == [str(tmp_path / "from-the-environment"), str(chosen.resolve())]
    assert user_dir("state", serve.STATE_DIR_ENV) == chosen.resolve()  # what a reader started now uses
