"""Remembered state: round trips, orphans, migration, bad files, two readers, cost per change."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from briefing.cli import main
from briefing.state import CONFLICT, STATE_VERSION, StateStore

KEY = "bundled:mini"
MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


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
    store.remember(KEY, section="thesis")  # view and open branches stay as they were
    assert StateStore(tmp_path).briefing(KEY).view == "actors"
    assert StateStore(tmp_path).read()["version"] == STATE_VERSION
    assert not (tmp_path / "state.json").exists()


def test_reading_nothing_creates_nothing(tmp_path):
    store = StateStore(tmp_path / "state")
    assert store.briefing(KEY).bookmarks == [] and store.theme() is None and store.data_version() is None
    assert not (tmp_path / "state").exists() and store.warnings == []


def test_orphans_are_kept_and_listed(tmp_path):
    store = StateStore(tmp_path)
    store.toggle_bookmark(KEY, "gone")
    store.set_note(KEY, "gone", "still here")
    state = store.briefing(KEY)
    assert state.orphans({"thesis"}) == (["gone"], {"gone": "still here"})
    assert store.briefing(KEY).bookmarks == ["gone"]


def test_bookmarks_keep_their_order_and_notes_their_place(tmp_path):
    store = StateStore(tmp_path)
    for section in ("c", "a", "b"):
        store.set_bookmark(KEY, section, True)
        store.set_note(KEY, section, section)
    store.set_note(KEY, "c", "changed")
    state = StateStore(tmp_path).briefing(KEY)
    assert state.bookmarks == ["c", "a", "b"] and list(state.notes) == ["c", "a", "b"]


# -- files that cannot be used ---------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"{not json", json.dumps({"version": 99, "briefings": {}}).encode(), b"[1, 2]",
     b'{"version": 1, "briefings": {"\xe9": 1}}', bytes(range(256))],
    ids=["bad-json", "future-version", "not-a-mapping", "latin-1", "any-bytes"],
)  # fmt: skip
def test_unusable_json_state_is_moved_aside_with_a_warning(tmp_path, content):
    (tmp_path / "state.json").write_bytes(content)
    store = StateStore(tmp_path)
    assert store.briefing(KEY).bookmarks == []
    assert len(store.warnings) == 1 and "moved it to" in store.warnings[0]
    kept = list(tmp_path.glob("state.json.*.bad"))
    assert len(kept) == 1 and kept[0].read_bytes() == content
    store.toggle_bookmark(KEY, "thesis")  # and the store works on
    assert StateStore(tmp_path).briefing(KEY).bookmarks == ["thesis"]


def test_a_state_database_that_is_not_one_is_moved_aside(tmp_path):
    garbage = b"SQLite format 3\x00" + bytes(range(256)) * 20
    (tmp_path / "state.sqlite3").write_bytes(garbage)
    store = StateStore(tmp_path)
    store.toggle_bookmark(KEY, "thesis")
    assert any("moved it to" in w for w in store.warnings)
    assert [p.read_bytes() for p in tmp_path.glob("state.sqlite3.*.bad")] == [garbage]
    assert StateStore(tmp_path).briefing(KEY).bookmarks == ["thesis"]


def test_print_notes_with_a_non_utf8_state_warns_and_prints(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path))
    (tmp_path / "state.json").write_bytes(b'{"version": 1, "briefings": {}, "x": "\xff\xfe"}')
    assert main(["print", "thesis", "--notes", "--file", str(MINI)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("## The main threat") or "# " in out
    assert "is not UTF-8" in err and "moved it to" in err and "Traceback" not in err


def test_a_directory_where_the_state_should_be(tmp_path):
    (tmp_path / "state.sqlite3").mkdir()
    store = StateStore(tmp_path)
    assert store.briefing(KEY).notes == {}
    assert store.warnings and "directory" in store.warnings[0]
    with pytest.raises(OSError, match="directory"):
        store.set_note(KEY, "thesis", "x")
    assert (tmp_path / "state.sqlite3").is_dir()


def test_a_state_directory_under_a_file(tmp_path):
    (tmp_path / "file").write_text("x")
    store = StateStore(tmp_path / "file" / "state")
    assert store.briefing(KEY).notes == {}
    with pytest.raises(OSError, match="cannot make the state directory"):
        store.toggle_bookmark(KEY, "thesis")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files")
def test_a_read_only_state_is_read_and_refuses_writes(tmp_path):
    StateStore(tmp_path).set_note(KEY, "thesis", "kept")
    for path in tmp_path.iterdir():
        path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        store = StateStore(tmp_path)
        with pytest.raises(OSError):
            store.set_note(KEY, "thesis", "new")
    finally:
        tmp_path.chmod(0o755)
    assert StateStore(tmp_path).briefing(KEY).notes == {"thesis": "kept"}


def test_a_full_disk_keeps_the_old_state(tmp_path):
    # A real file-size limit in a child process: SQLite's write fails with EFBIG.
    StateStore(tmp_path).set_note(KEY, "kept", "the old note")
    code = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from briefing.state import StateStore\n"
        f"store = StateStore(Path({str(tmp_path)!r}))\n"
        f"store.briefing({KEY!r})\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (40000, 40000))\n"
        "try:\n"
        f"    store.set_note({KEY!r}, 'big', 'x' * 200000)\n"
        "except OSError as err:\n"
        "    print('failed:', err.strerror)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("failed: "), result.stderr
    assert "Traceback" not in result.stderr
    assert StateStore(tmp_path).briefing(KEY).notes == {"kept": "the old note"}


# -- migration from state.json --------------------------------------------------------------


def legacy(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"version": 1, **data}), encoding="utf-8")
    return path


def test_state_json_is_migrated_without_loss_and_kept(tmp_path):
    data = {
        "theme": "nord",
        "briefings": {
            KEY: {"last_section": "eu-deals", "view": "actors", "expanded": ["actors:"],
                  "bookmarks": ["b", "a", "gone"], "notes": {"thesis": "Nöte ✎", "gone": "orphan"}},
            "/some/file.yaml": {"bookmarks": ["x"], "notes": {}},
        },
    }  # fmt: skip
    path = legacy(tmp_path, data)
    original = path.read_bytes()
    store = StateStore(tmp_path)
    assert store.read() == {"version": 1, "theme": "nord", "briefings": {
        KEY: {"last_section": "eu-deals", "view": "actors", "expanded": ["actors:"],
              "bookmarks": ["b", "a", "gone"], "notes": {"thesis": "Nöte ✎", "gone": "orphan"}},
        "/some/file.yaml": {"last_section": None, "view": None, "expanded": [],
                            "bookmarks": ["x"], "notes": {}},
    }}  # fmt: skip
    assert not path.exists() and (tmp_path / "state.json.migrated").read_bytes() == original
    assert store.warnings == []


def test_a_state_json_met_again_is_merged_not_overwriting(tmp_path):
    store = StateStore(tmp_path)
    store.set_note(KEY, "thesis", "newer")
    store.set_bookmark(KEY, "a", True)
    store.set_theme("nord")
    store.close()
    older = {KEY: {"bookmarks": ["b"], "notes": {"thesis": "older"}}}
    legacy(tmp_path, {"theme": "gruvbox", "briefings": older})
    (tmp_path / "state.json.migrated").write_text("an earlier migration")
    state = StateStore(tmp_path).briefing(KEY)
    assert state.bookmarks == ["a", "b"]
    assert state.notes["thesis"] == f"newer\n\n{CONFLICT}\n\nolder"
    assert StateStore(tmp_path).theme() == "nord"
    assert (tmp_path / "state.json.migrated").read_text() == "an earlier migration"
    assert (tmp_path / "state.json.migrated-2").exists()


def test_state_export_prints_the_json_shape(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path))
    StateStore(tmp_path).set_note(KEY, "thesis", "mine")
    assert main(["state", "--export"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["briefings"][KEY]["notes"] == {"thesis": "mine"}
    assert main(["state", "--export", "-o", str(tmp_path / "state-export.json")]) == 0
    assert json.loads((tmp_path / "state-export.json").read_text())["version"] == 1
    assert main(["state"]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "state.sqlite3") in out and "1 note" in out


# -- two readers ---------------------------------------------------------------------------


def test_two_stores_keep_both_bookmarks_and_an_intended_add_stays_an_add(tmp_path):
    one, two = StateStore(tmp_path), StateStore(tmp_path)
    assert one.briefing(KEY).bookmarks == two.briefing(KEY).bookmarks == []
    one.set_bookmark(KEY, "thesis", True)
    two.set_bookmark(KEY, "thesis", True)  # two saw no bookmark and meant to add one
    two.set_bookmark(KEY, "eu-deals", True)
    assert StateStore(tmp_path).briefing(KEY).bookmarks == ["thesis", "eu-deals"]


@pytest.mark.parametrize("first", ["one", "two"])
def test_two_stores_changing_one_note_keep_both(tmp_path, first):
    stores = {"one": StateStore(tmp_path), "two": StateStore(tmp_path)}
    stores["one"].set_note(KEY, "thesis", "shared start")
    base = {name: store.note(KEY, "thesis") for name, store in stores.items()}
    second = "two" if first == "one" else "one"
    assert stores[first].set_note(KEY, "thesis", f"by {first}", base=base[first]) == f"by {first}"
    kept = stores[second].set_note(KEY, "thesis", f"by {second}", base=base[second])
    assert kept == f"by {second}\n\n{CONFLICT}\n\nby {first}"
    assert StateStore(tmp_path).note(KEY, "thesis") == kept


def test_a_removal_gives_way_to_the_other_readers_edit(tmp_path):
    one, two = StateStore(tmp_path), StateStore(tmp_path)
    one.set_note(KEY, "thesis", "start")
    one.set_note(KEY, "thesis", "edited", base="start")
    assert two.set_note(KEY, "thesis", "", base="start") == "edited"
    assert two.set_note(KEY, "thesis", "", base="edited") is None  # seen, then removed: gone


def test_the_same_text_saved_twice_is_no_conflict(tmp_path):
    one, two = StateStore(tmp_path), StateStore(tmp_path)
    one.set_note(KEY, "thesis", "same", base=None)
    assert two.set_note(KEY, "thesis", "same", base=None) == "same"


def test_another_store_changes_the_data_version(tmp_path):
    one, two = StateStore(tmp_path), StateStore(tmp_path)
    one.set_theme("nord")
    before = one.data_version()
    assert before is not None and one.data_version() == before
    one.set_bookmark(KEY, "a", True)  # its own changes do not count
    assert one.data_version() == before
    two.set_bookmark(KEY, "b", True)
    assert one.data_version() != before


def _save_note(directory: str, text: str, ready: Any, go: Any) -> None:
    store = StateStore(Path(directory))
    base = store.note(KEY, "thesis")
    ready.set()
    go.wait(60)  # both have read before either writes
    store.set_note(KEY, "thesis", text, base=base)


@pytest.mark.parametrize("first", ["one", "two"])
def test_two_processes_changing_one_note_keep_both(tmp_path, first):
    StateStore(tmp_path).set_note(KEY, "thesis", "shared start")
    context = multiprocessing.get_context("spawn")
    second = "two" if first == "one" else "one"
    events = {name: (context.Event(), context.Event()) for name in ("early", "late")}
    early = context.Process(target=_save_note, args=(str(tmp_path), f"by {first}", *events["early"]))
    late = context.Process(target=_save_note, args=(str(tmp_path), f"by {second}", *events["late"]))
    early.start()
    late.start()
    assert events["early"][0].wait(60) and events["late"][0].wait(60)
    events["early"][1].set()
    early.join(60)
    events["late"][1].set()
    late.join(60)
    assert early.exitcode == 0 and late.exitcode == 0
    assert StateStore(tmp_path).note(KEY, "thesis") == f"by {second}\n\n{CONFLICT}\n\nby {first}"


def _writer(directory: str, worker: int, count: int) -> None:
    store = StateStore(Path(directory))
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


# -- what a change costs ------------------------------------------------------------------------


def _fill(store: StateStore, notes: int) -> None:
    with store._writing() as db:
        db.executemany(
            "INSERT INTO note (briefing, section, text) VALUES (?, ?, ?)",
            [(KEY if i % 2 else f"/other/{i % 50}", f"orphan-{i}", "a note " * 20) for i in range(notes)],
        )
        db.executemany("INSERT INTO bookmark (briefing, section) VALUES (?, ?)",
                       [(KEY, f"orphan-{i}") for i in range(0, notes, 3)])  # fmt: skip


def _cost_of_keys(store: StateStore) -> list[tuple[int, int, int]]:
    """Rows read, rows written and VM steps (hundreds) of each state-touching change."""
    changes = [
        lambda: store.toggle_bookmark(KEY, "thesis"),
        lambda: store.set_bookmark(KEY, "eu-deals", True),
        lambda: store.set_note(KEY, "thesis", "a new note", base=None),
        lambda: store.set_note(KEY, "thesis", "edited", base="a new note"),
        lambda: store.remember(KEY, section="eu-deals", view="article", expanded=["article:"]),
        lambda: store.set_theme("nord"),
        lambda: store.data_version(),
    ]
    costs = []
    for change in changes:
        before = (store.rows_read, store.rows_written, store.steps)
        change()
        costs.append((store.rows_read - before[0], store.rows_written - before[1], store.steps - before[2]))
    return costs


def test_the_cost_of_a_change_does_not_grow_with_the_state(tmp_path):
    small, huge = StateStore(tmp_path / "small", step=1), StateStore(tmp_path / "huge")
    _fill(small, 10)
    _fill(huge, 60_000)
    assert len(huge.read()["briefings"][KEY]["notes"]) == 30_000
    huge.close()
    huge = StateStore(tmp_path / "huge", step=1)  # every VM step counted from here
    huge.data_version()  # opened, as the small one is
    small_costs, huge_costs = _cost_of_keys(small), _cost_of_keys(huge)
    for small_cost, huge_cost in zip(small_costs, huge_costs, strict=True):
        (read_s, written_s, steps_s), (read_h, written_h, steps_h) = small_cost, huge_cost
        assert read_h == read_s <= 1 and written_h == written_s <= 1
        assert steps_h <= steps_s + 10  # a deeper index may cost a step more, never a scan
    # A scan of the notes costs hundreds of thousands of steps here: the measure can tell.
    before = huge.steps
    huge.note(KEY, "orphan-1")
    one = huge.steps - before
    huge._db.execute("SELECT count(*) FROM note WHERE text = ''").fetchall()  # type: ignore[union-attr]
    assert huge.steps - before - one > 100_000 > one


# -- the JSON shape: the legacy file and the export ------------------------------------------


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"{not json", "is not valid JSON (Expecting property name enclosed in double quotes: line 1"),
        (b"[1, 2]", "does not hold briefing state"),
        (b'{"version": 1, "briefings": []}', "does not hold briefing state"),
        (b'{"version": 2}', "is version 2; this reader reads version 1"),
        (b'{"briefings": {}}', "is version None; this reader reads version 1"),
        (b'{"version": 1, "x": "\xe9"}', "is not UTF-8 (byte 0xe9 at offset 21)"),
    ],
)
def test_an_unusable_state_file_says_why_and_where_it_went(tmp_path, content, why):
    # SECURITY (corrupt state.json): moved aside to NAME.<time>.bad with a warning that says why.
    import re

    from briefing.state_json import read_legacy

    path = tmp_path / "state.json"
    path.write_bytes(content)
    warnings: list[str] = []
    assert read_legacy(path, warnings) == {"version": 1, "briefings": {}}
    (aside,) = tmp_path.iterdir()
    assert re.fullmatch(r"state\.json\.20\d{6}-\d{6}\.bad", aside.name), aside.name
    assert aside.read_bytes() == content
    assert len(warnings) == 1
    assert warnings[0].startswith(f"state file state.json {why}")
    assert warnings[0].endswith(f"; moved it to {aside} and started afresh")


def test_a_usable_state_file_is_read_and_one_without_briefings_gets_them(tmp_path):
    from briefing.state_json import read_legacy

    path = tmp_path / "state.json"
    path.write_text('{"version": 1, "theme": "light"}', encoding="utf-8")
    warnings: list[str] = []
    assert read_legacy(path, warnings) == {"version": 1, "theme": "light", "briefings": {}}
    assert warnings == [] and path.exists()
    assert read_legacy(tmp_path / "none.json", warnings) is None and warnings == []


def test_a_state_file_that_cannot_be_read_or_moved_is_left_with_a_warning(tmp_path, monkeypatch):
    # SECURITY (state): a message never says a file was moved aside when it was not.
    from briefing.state_json import read_legacy

    (tmp_path / "state.json").mkdir()
    warnings: list[str] = []
    assert read_legacy(tmp_path / "state.json", warnings) is None
    assert warnings == [f"cannot read {tmp_path / 'state.json'}: Is a directory"]

    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    monkeypatch.setattr(os, "replace", refuse)
    warnings = []
    assert read_legacy(bad, warnings) == {"version": 1, "briefings": {}}
    assert warnings == [
        "state file bad.json does not hold briefing state, and it cannot be moved aside: Permission denied"
    ]
    assert bad.read_text(encoding="utf-8") == "[]"


def test_the_export_is_readable_and_stable():
    # README (state --export): readable JSON (indented, text as written); the same state, the same text.
    from briefing.state_json import dumps, pack_ids, unpack_ids

    data = {"version": 1, "briefings": {KEY: {"notes": {"thesis": "Göyüşov — “mine”"}}}}
    assert dumps(data) == (
        '{\n "version": 1,\n "briefings": {\n  "bundled:mini": {\n   "notes": {\n'
        '    "thesis": "Göyüşov — “mine”"\n   }\n  }\n }\n}\n'
    )
    packed = pack_ids({"b", "a", "c/d"})
    assert packed == pack_ids({"c/d", "b", "a"}) == "c$`b*O5#e^PXPc1=K;<"  # sorted, zlib level 6, base85
    assert unpack_ids(packed) == {"a", "b", "c/d"}
    assert unpack_ids(pack_ids(set())) == frozenset()
    assert unpack_ids(pack_ids({"with space", "x"})) == {"with space", "x"}
    assert unpack_ids(5) is None and unpack_ids("not base85 ~") is None
