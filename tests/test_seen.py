"""Read marks: what each section looked like when last read, bounded, and what changed since."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from briefing import seen
from briefing.cli import main
from briefing.load import load
from briefing.model import Briefing
from briefing.state import StateStore, key_for

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / "b.yaml"
    shutil.copy(MINI, path)
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


NEW_SECTION = """  - id: fresh
    title: A fresh section
    article: beta
    group: home
    claim: {summary: Something new.}
    analysis: {body: New.}
"""


def add_section(path: Path) -> None:
    edit(path, "sources:\n  - {id: column", NEW_SECTION.join(["", ""]) + "sources:\n  - {id: column")


def test_nothing_is_marked_before_the_briefing_was_open(copy: Path) -> None:
    b = load(copy)
    result = seen.changes_since_read(b)
    assert result.sections == () and "not read" in result.nothing


def test_changed_read_sections_and_new_ones_in_reading_order(copy: Path) -> None:
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    seen.remember_known(store, key, set(b.section_by_id))
    seen.remember_read(store, key, b.section_by_id["eu-deals"], now=1000.0)
    seen.remember_read(store, key, b.section_by_id["thesis"], now=2000.0)
    assert seen.changes_since_read(load(copy)).sections == ()
    edit(copy, "The EU rewarded the aggressor", "The EU rewarded the attacker")
    edit(copy, "Russia is a reliable partner.", "Russia is a partner.")  # never read: not marked
    add_section(copy)
    changes = seen.changes_since_read(load(copy)).sections
    assert [(c.id, c.status, c.read_at) for c in changes] == [
        ("eu-deals", seen.CHANGED, 1000.0),
        ("fresh", seen.NEW, None),
    ]
    # Reading them clears them.
    after = load(copy)
    for sid in ("eu-deals", "fresh"):
        seen.remember_read(store, key, after.section_by_id[sid])
    assert seen.changes_since_read(after).sections == ()


def test_reordering_is_not_a_change_since_read(copy: Path) -> None:
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    seen.remember_known(store, key, set(b.section_by_id))
    seen.remember_read(store, key, b.section_by_id["eu-deals"])
    edit(
        copy,
        "      - {ref: column, role: claim}\n      - {ref: gas-deal, role: evidence, note: The amount.}",
        "      - {ref: gas-deal, role: evidence, note: The amount.}\n      - {ref: column, role: claim}",
    )
    assert seen.changes_since_read(load(copy)).sections == ()


def test_the_copy_shows_what_changed(copy: Path) -> None:
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    seen.remember_read(store, key, b.section_by_id["eu-deals"])
    edit(copy, "The deal was worth **$1.96 billion**.", "The deal was worth **$2 billion**.")
    mark = seen.read_state(store, key).marks["eu-deals"]
    assert mark.copy is not None
    (change,) = seen.changes_from_copy(mark.copy, load(copy).section_by_id["eu-deals"])
    assert change.field == "analysis.body" and ("-", "**$1.96") in change.words


def test_marks_and_copies_are_bounded(copy: Path, monkeypatch) -> None:
    monkeypatch.setattr(seen, "MAX_MARKS", 2)
    monkeypatch.setattr(seen, "MAX_COPIES", 1)
    monkeypatch.setattr(seen, "FIELD_CHARS", 20)
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    sections = list(b.sections)
    for number, section in enumerate([*sections, sections[0]]):
        seen.remember_read(store, key, section, now=float(number))
    marks = seen.read_state(store, key).marks
    assert list(marks) == ["russia-ally", "thesis"]  # oldest first; eu-deals, the oldest, dropped
    assert [m.copy is not None for m in marks.values()] == [False, True]
    body = marks["thesis"].copy["analysis.body"]  # type: ignore[index]
    assert isinstance(body, str) and body.startswith(seen.TOO_LONG)
    # A field too long to keep is flagged as changed only when it did change.
    assert seen.changes_from_copy(marks["thesis"].copy or {}, b.section_by_id["thesis"]) == ()
    edit(copy, "The author argues", "The author claims")
    (change,) = seen.changes_from_copy(marks["thesis"].copy or {}, load(copy).section_by_id["thesis"])
    assert change.field == "analysis.body" and change.old is None


def test_marks_live_beside_the_rest_of_the_state(copy: Path, tmp_path: Path) -> None:
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    store.set_note(key, "thesis", "a note")
    seen.remember_known(store, key, set(b.section_by_id))
    seen.remember_read(store, key, b.section_by_id["thesis"])
    store.remember(key, section="thesis")
    data = store.read()  # the export keeps the shape of the old state file
    assert data["version"] == 1 and "thesis" in data[seen.READ_KEY][key]["sections"]
    assert store.briefing(key).notes == {"thesis": "a note"}
    # A state file from before read marks migrates as it is: nothing read yet.
    del data[seen.READ_KEY]
    older = StateStore(tmp_path / "older")
    older.directory.mkdir()
    (older.directory / "state.json").write_text(json.dumps(data), encoding="utf-8")
    assert seen.read_state(older, key) == seen.ReadState({}, None)
    assert older.briefing(key).notes == {"thesis": "a note"}


def test_marks_in_a_state_file_of_earlier_versions_are_migrated(copy: Path, tmp_path: Path) -> None:
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    seen.remember_known(store, key, set(b.section_by_id))
    seen.remember_read(store, key, b.section_by_id["thesis"], now=5.0)
    older = StateStore(tmp_path / "older")
    older.directory.mkdir()
    (older.directory / "state.json").write_text(json.dumps(store.read()), encoding="utf-8")
    assert seen.read_state(older, key) == seen.read_state(store, key)
    assert seen.read_state(older, key).marks["thesis"].at == 5.0


def test_a_read_mark_costs_one_row_however_many_are_kept(copy: Path) -> None:
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    seen.remember_known(store, key, set(b.section_by_id))
    section = b.section_by_id["thesis"]
    costs = []
    for count in (10, 4000):
        with store._writing() as db:
            db.executemany("INSERT OR IGNORE INTO read_mark (briefing, section, mark) VALUES (?, ?, '{}')",
                           [(key, f"old-{i}") for i in range(count)])  # fmt: skip
        before = store.rows_written
        seen.remember_read(store, key, section)
        costs.append(store.rows_written - before)
    assert max(costs) <= 4  # at most: delete, insert, one copy dropped, one id known


def test_since_read_on_the_command_line(copy: Path, capsys) -> None:
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    assert main(["diff", "--since-read", "--file", str(copy)]) == 0
    assert "not read this briefing" in capsys.readouterr().err
    seen.remember_known(store, key, set(b.section_by_id))
    seen.remember_read(store, key, b.section_by_id["thesis"])
    edit(copy, "The main threat", "The main danger")
    add_section(copy)
    assert main(["diff", "--since-read", "--file", str(copy)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("changed thesis  The main danger  (read ")
    assert out[1] == "new     fresh   A fresh section"
    assert main(["diff", "--since-read", "--json", "--file", str(copy)]) == 1
    rows = json.loads(capsys.readouterr().out)["sections"]
    assert [(r["id"], r["status"]) for r in rows] == [("thesis", "changed"), ("fresh", "new")]
    assert main(["diff", "--since-read", str(copy), str(copy)]) == 2


def test_damaged_read_marks_are_ignored(copy: Path) -> None:
    import sqlite3

    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    store.set_note(key, "thesis", "kept")
    seen.remember_read(store, key, b.section_by_id["thesis"])
    good = json.dumps({"digest": "abc", "at": "yesterday", "copy": [1]})
    rows = [(key, "a", "5"), (key, "b", '{"digest": 1}'), (key, "c", good), (key, "d", "not json")]
    with sqlite3.connect(store.path) as db:
        db.executemany("INSERT INTO read_mark (briefing, section, mark) VALUES (?, ?, ?)", rows)
    db.close()
    state = seen.read_state(store, key)
    assert set(state.marks) == {"thesis", "c"} and state.marks["c"] == seen.Mark("abc", 0.0, None)
    assert store.briefing(key).notes == {"thesis": "kept"}
    seen.remember_read(store, key, b.section_by_id["eu-deals"])  # writing beside damage works
    assert set(seen.read_state(store, key).marks) == {"thesis", "c", "eu-deals"}
    exported = store.read()[seen.READ_KEY][key]["sections"]  # the export leaves out what is not JSON
    assert "d" not in exported and {"thesis", "c", "eu-deals"} <= set(exported)


def test_marks_can_be_read_without_their_copies(copy: Path) -> None:
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    seen.remember_read(store, key, b.section_by_id["thesis"])
    light = seen.read_state(store, key, copies=False).marks["thesis"]
    full = seen.read_mark(store, key, "thesis")
    assert light.copy is None and full is not None and full.copy is not None
    assert light.digest == full.digest and seen.read_mark(store, key, "nowhere") is None


def test_rule_a_list_too_long_to_copy_comes_back_as_its_items(copy: Path, monkeypatch) -> None:
    # seen: a field too long to keep keeps only its digest; when it changed, a list shows
    # its items now (as added, since the old ones are not known), not a dict as text.
    monkeypatch.setattr(seen, "FIELD_CHARS", 20)
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    mark = seen.remember_read(store, key, b.section_by_id["thesis"])
    assert mark.copy is not None and str(mark.copy["sources"]).startswith(seen.TOO_LONG)
    edit(
        copy, "      - {ref: column, role: claim, note: The thesis paragraph.}\n", "      - {ref: gas-deal}\n"
    )
    (change,) = seen.changes_from_copy(mark.copy, load(copy).section_by_id["thesis"])
    assert (change.field, change.is_list, change.added, change.old) == ("sources", True, ("gas-deal",), None)


def test_rule_a_read_time_shows_its_local_date_and_minute(monkeypatch) -> None:
    # README "briefing diff --since-read": each changed section says when you read it.
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert seen.when(1_000_000_000.0) == "2001-09-09 01:46"
        assert seen.when(None) == seen.when(0.0) == "never"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_rule_what_is_remembered_and_what_cannot_be(copy: Path) -> None:
    # README "Finding and keeping": read marks are kept per briefing file; one built in memory
    # has none, and one never read in the reader says so.
    b = load(copy)
    in_memory = seen.changes_since_read(_no_path(b))
    assert in_memory == seen.SinceRead((), (), "this briefing has no file, so nothing is remembered of it")
    assert seen.changes_since_read(b) == seen.SinceRead(
        (), (), "you have not read this briefing in the reader yet"
    )


def _no_path(b: Briefing) -> Briefing:

    fields = ("id", "title", "summary", "articles", "groups", "actors", "sections", "sources", "extra")
    return Briefing(**{name: getattr(b, name) for name in fields})


def test_rule_sections_added_after_the_first_opening_are_new_even_with_none_read(copy: Path) -> None:
    # README "Finding and keeping": a section added to the file after it was first open is new.
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    seen.remember_known(store, key, set(b.section_by_id))
    add_section(copy)
    result = seen.changes_since_read(load(copy))
    assert [(c.id, c.status) for c in result.sections] == [("fresh", seen.NEW)]


def test_rule_marks_without_known_ids_count_the_read_sections_as_known(copy: Path) -> None:
    # seen.compare_marks: a state with marks but no known ids (written before ids were
    # kept) takes the read sections as the known ones.
    b = load(copy)
    changes = seen.compare_marks(b, seen.ReadState({"thesis": seen.Mark("old digest", 5.0)}, None))
    assert [(c.id, c.status, c.read_at) for c in changes] == [
        ("thesis", seen.CHANGED, 5.0),
        ("eu-deals", seen.NEW, None),
        ("russia-ally", seen.NEW, None),
    ]


def test_rule_since_read_passes_on_the_states_warnings(copy: Path) -> None:
    # SECURITY/README: an unusable state file is moved aside with a warning, never silently.
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    seen.remember_known(store, key, set(b.section_by_id))
    seen.remember_read(store, key, b.section_by_id["thesis"])
    store.close()
    (store.directory / "state.json").write_text("not json", encoding="utf-8")
    result = seen.changes_since_read(b)
    assert result.sections == ()
    assert len(result.warnings) == 1 and "state.json is not valid JSON" in result.warnings[0]


def test_rule_a_field_of_exactly_the_limit_is_copied_whole(copy: Path, monkeypatch) -> None:
    # seen: each text field is kept up to FIELD_CHARS characters; only a longer one keeps
    # just its digest (lists count the characters of their items).
    thesis = load(copy).section_by_id["thesis"]
    monkeypatch.setattr(seen, "FIELD_CHARS", len("thesis"))
    assert seen.compact_copy(thesis)["tags"] == {"thesis": "thesis"}
    monkeypatch.setattr(seen, "FIELD_CHARS", len("The main threat"))
    kept = seen.compact_copy(thesis)
    assert kept["title"] == "The main threat"
    assert str(kept["analysis.body"]).startswith(seen.TOO_LONG)


def test_rule_the_copy_shows_which_items_of_a_list_changed(copy: Path) -> None:
    # README "Finding and keeping": the reader shows what changed since you read a section,
    # for a list the items added and removed, not the whole list.
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    mark = seen.remember_read(store, key, b.section_by_id["eu-deals"])
    edit(copy, "    tags: [energy]\n", "    tags: [energy, gas]\n")
    (change,) = seen.changes_from_copy(mark.copy or {}, load(copy).section_by_id["eu-deals"])
    assert (change.field, change.added, change.removed) == ("tags", ("gas",), ())


def test_rule_a_copy_with_a_field_this_version_lacks_still_compares(copy: Path) -> None:
    # seen: copies live in the state across versions; a list field an earlier version kept
    # and this one no longer has reads as its items removed, never as an error.
    section = load(copy).section_by_id["thesis"]
    old_copy = {**seen.compact_copy(section), "gone": {"a": "an item"}}
    (change,) = seen.changes_from_copy(old_copy, section)
    assert (change.field, change.removed, change.added) == ("gone", ("an item",), ())


def test_since_read_is_coloured_on_a_terminal(copy: Path, monkeypatch) -> None:
    # README (diff --since-read): coloured on a terminal, as `diff` is.
    b = load(copy)
    store, key = StateStore(), key_for(b)
    assert key is not None
    seen.remember_known(store, key, set(b.section_by_id))
    seen.remember_read(store, key, b.section_by_id["thesis"])
    edit(copy, "The main threat", "The main danger")
    for variable in ("NO_COLOR", "TERM"):
        monkeypatch.delenv(variable, raising=False)

    class Terminal:
        text = ""

        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> int:
            Terminal.text += text
            return len(text)

        def flush(self) -> None:
            pass

    monkeypatch.setattr(sys, "stdout", Terminal())
    assert main(["diff", "--since-read", "--file", str(copy)]) == 1
    assert "\x1b[" in Terminal.text and "The main danger" in Terminal.text


def test_rule_reading_now_marks_the_digest_the_time_and_a_copy(copy: Path) -> None:
    # seen.read_now: the mark of reading a section: its digest, when, and its compact copy.
    import time

    from briefing.diff import digest, section_fields

    section = load(copy).section_by_id["thesis"]
    assert seen.read_now(section, now=5.0) == seen.Mark(
        digest(section_fields(section)), 5.0, seen.compact_copy(section)
    )
    before = time.time()
    mark = seen.read_now(section)
    assert before <= mark.at <= time.time() and mark.copy == seen.compact_copy(section)
