"""Shared test set-up: no test touches the user's real state or cache directories."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("BRIEFING_FILE", raising=False)
    monkeypatch.delenv("BRIEFING_MAX_BYTES", raising=False)
