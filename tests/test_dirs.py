import sys
from pathlib import Path

import pytest

from briefing.dirs import user_dir


def test_override_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path))
    assert user_dir("state", "BRIEFING_STATE_DIR") == tmp_path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG directories are read on Linux")
def test_xdg_directories(monkeypatch, tmp_path):
    monkeypatch.delenv("BRIEFING_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_dir("cache", "BRIEFING_CACHE_DIR") == tmp_path / "briefing"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert user_dir("cache", "BRIEFING_CACHE_DIR") == tmp_path / ".cache" / "briefing"
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.delenv("BRIEFING_STATE_DIR", raising=False)
    assert user_dir("state", "BRIEFING_STATE_DIR") == Path(tmp_path) / ".local" / "state" / "briefing"
