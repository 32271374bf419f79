"""Remembered state: round trips, orphans, corrupt files, concurrent writers."""

from __future__ import annotations

import json
import multiprocessing

from briefing.cli import main
from briefing.state import STATE_VERSION, StateStore, briefing_key

KEY = "bundled:mini"


def test_round_trip(tmp_path):
    store = StateStore(tmp_path)
    assert store.toggle_bookmark(KEY, "thesis") is True
    store.set_note(KEY, "thesis", "Check the dates.")
    store.remember(KEY, section="eu-deals", view="actors", expanded=["article:alpha"])
    store.set_theme("nord")
    again = StateStore(tmp_path).briefing(KEY)
    assert again.bookmarks == ["thesis"]
    assert again.notes == {"thesis": "Check the dates."}
    assert (again.last_section, again.view, again.expanded) == ("eu-deals", "actors", ["article:alpha"])
    assert StateStore(tmp_path).theme() == "nord"
    assert store.toggle_bookmark(KEY, "thesis") is False
    store.set_note(KEY, "thesis", "  ")
    assert StateStore(tmp_path).briefing(KEY).notes == {}
    assert json.loads((tmp_path / "state.json").read_text())["version"] == STATE_VERSION


def test_orphans_are_kept_and_listed(tmp_path):
    store = StateStore(tmp_path)
    store.toggle_bookmark(KEY, "gone")
    store.set_note(KEY, "gone", "still here")
    state = store.briefing(KEY)
    assert state.orphans({"thesis"}) == (["gone"], {"gone": "still here"})
    assert store.briefing(KEY).bookmarks == ["gone"]


def test_corrupt_and_future_files_are_moved_aside(tmp_path):
    path = tmp_path / "state.json"
    for content in ("{not json", json.dumps({"version": 99, "briefings": {}}), "[1, 2]"):
        path.write_text(content)
        store = StateStore(tmp_path)
        assert store.briefing(KEY).bookmarks == []
        assert store.warnings and "moved it to" in store.warnings[0]
    kept = sorted(p.read_text() for p in tmp_path.glob("state.json.*.bad"))
    assert len(kept) == 3 and "{not json" in kept


def test_keys_separate_bundled_and_path_briefings(tmp_path):
    assert briefing_key(tmp_path / "x.yaml", "x", bundled=True) == "bundled:x"
    assert briefing_key(tmp_path / "x.yaml", "x", bundled=False) == str((tmp_path / "x.yaml").resolve())


def _writer(directory: str, worker: int, count: int) -> None:
    store = StateStore(__import__("pathlib").Path(directory))
    for i in range(count):
        store.toggle_bookmark(KEY, f"w{worker}-{i}")
        store.set_note(KEY, f"w{worker}-{i}", f"note {worker} {i}")


def test_concurrent_writers_lose_nothing(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), w, 15)) for w in range(4)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
    assert all(p.exitcode == 0 for p in workers)
    state = StateStore(tmp_path).briefing(KEY)
    assert len(state.bookmarks) == 60 and len(state.notes) == 60


def test_print_with_notes(tmp_path, monkeypatch, capsys):
    from pathlib import Path

    mini = Path(__file__).parent / "fixtures" / "mini.yaml"
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path))
    StateStore(tmp_path).set_note(str(mini.resolve()), "thesis", "My *own* note.")
    assert main(["print", "thesis", "--notes", "--file", str(mini)]) == 0
    out = capsys.readouterr().out
    assert "## Note\n\nMy \\*own\\* note.\n" in out
    assert main(["print", "thesis", "--file", str(mini)]) == 0
    assert "## Note" not in capsys.readouterr().out
