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


@pytest.mark.parametrize(("kind", "finder"), [("state", "user_state_dir"), ("cache", "user_cache_dir")])
def test_other_systems_ask_platformdirs_for_each_kind(monkeypatch, kind, finder):
    # README (files): the state and the cache go where the system keeps each kind of file.
    import platformdirs

    monkeypatch.delenv("BRIEFING_TEST_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "darwin")
    expected = Path(getattr(platformdirs, finder)("briefing", appauthor=False))
    assert user_dir(kind, "BRIEFING_TEST_DIR") == expected
    other = "user_cache_dir" if kind == "state" else "user_state_dir"
    assert expected != Path(getattr(platformdirs, other)("briefing", appauthor=False))
