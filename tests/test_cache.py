"""The validated-model cache: exact round trip, and never trusted when stale or damaged."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from briefing import fields, model
from briefing.cache import cache_dir, from_json, load_cached, to_json
from briefing.load import BriefingError, bundled_path, load
from briefing.located import Limits

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


@pytest.fixture
def copy(tmp_path) -> Path:
    path = tmp_path / "mini.yaml"
    shutil.copy(MINI, path)
    return path


def entries() -> list[Path]:
    return sorted(cache_dir().glob("*.json"))


def same(a, b) -> bool:
    return (a.id, a.title, a.summary, a.articles, a.groups, a.actors, a.sections, a.sources) == (
        b.id, b.title, b.summary, b.articles, b.groups, b.actors, b.sections, b.sources,
    )  # fmt: skip


def test_round_trip_is_exact():
    b = load(bundled_path())
    assert same(from_json(to_json(b), b.path), b)
    assert from_json(to_json(b), b.path).sections[0].extra == b.sections[0].extra


def test_second_load_comes_from_the_cache(copy, monkeypatch):
    first = load_cached(copy)
    assert len(entries()) == 1
    monkeypatch.setattr("briefing.load.load", lambda *a, **k: pytest.fail("the YAML was parsed again"))
    assert same(load_cached(copy), first)


def test_a_changed_file_is_loaded_afresh(copy):
    load_cached(copy)
    copy.write_text(copy.read_text().replace("Mini briefing", "Changed briefing"))
    assert load_cached(copy).title == "Changed briefing"


def test_same_size_same_second_edit_is_not_missed(copy):
    load_cached(copy)
    stat = copy.stat()
    copy.write_text(copy.read_text().replace("Mini briefing", "Mini briefinG"))
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert load_cached(copy).title == "Mini briefinG"


@pytest.mark.parametrize("damage", ["truncate", "garbage", "wrong-shape"])
def test_damaged_entries_are_ignored_and_rebuilt(copy, damage):
    load_cached(copy)
    (entry,) = entries()
    raw = entry.read_bytes()
    entry.write_bytes(
        {"truncate": raw[: len(raw) // 2], "garbage": b"\x00\xff", "wrong-shape": b'{"key": 1}'}[damage]
    )
    assert load_cached(copy).title == "Mini briefing"
    assert entry.read_bytes() == raw  # rebuilt


def test_invalid_files_are_never_cached(copy):
    copy.write_text(copy.read_text().replace("group: western", "group: westen"))
    with pytest.raises(BriefingError):
        load_cached(copy)
    assert entries() == []


def test_an_unwritable_cache_still_loads(copy, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(blocker / "cache"))
    assert load_cached(copy).title == "Mini briefing"


def test_missing_file_is_a_located_error(tmp_path):
    with pytest.raises(BriefingError, match="cannot read"):
        load_cached(tmp_path / "none.yaml")


class _GroupWithColour(NamedTuple):
    """``model.Group`` as a later release might have it: a field added before ``summary``."""

    id: str
    title: str
    colour: str | None = None
    summary: str | None = None
    extra: Mapping[str, Any] = model.NO_EXTRA


def test_an_entry_written_for_other_record_shapes_is_not_used(copy, monkeypatch):
    first = load_cached(copy)
    (entry,) = entries()
    stored = json.loads(entry.read_text(encoding="utf-8"))
    monkeypatch.setattr(model, "Group", _GroupWithColour)
    # Read by position, the old entry would put each summary in `colour` and `extra` in `summary`:
    home = from_json(stored["briefing"], str(copy)).group_by_id["home"]
    assert (home.colour, home.summary) == (first.group_by_id["home"].summary, {})
    # so the key's digest of the record shapes no longer matches, and the file is read again.
    parsed = []
    monkeypatch.setattr("briefing.load.load", lambda path, limits=None: parsed.append(path) or first)
    load_cached(copy)
    assert parsed == [copy]
    assert json.loads(entry.read_text(encoding="utf-8"))["key"]["shapes"] != stored["key"]["shapes"]


def test_the_field_table_refuses_a_record_it_does_not_describe():
    spec = fields.SPECS["Group"]
    with pytest.raises(fields.TableError, match=r"without a definition \['colour'\]"):
        fields.derive(_GroupWithColour, spec.title, spec.description, *spec.fields)
    with pytest.raises(fields.TableError, match=r"without a field \['colour'\]"):
        fields.derive(
            model.Group, spec.title, spec.description, *spec.fields, fields.Field("colour", "text", "")
        )


def test_a_file_name_that_is_not_utf8_is_loaded_and_cached(tmp_path, monkeypatch):
    # SECURITY/RULES: no traceback for what the world does; a file name of bytes that are not
    # UTF-8 is a name the system allows, and the cache names its entry without decoding it.
    path = tmp_path / os.fsdecode(b"mini-\xff.yaml")
    shutil.copy(MINI, path)
    first = load_cached(path)
    assert len(entries()) == 1
    monkeypatch.setattr("briefing.load.load", lambda *a, **k: pytest.fail("the YAML was parsed again"))
    assert same(load_cached(path), first)


def test_files_of_one_name_in_two_folders_are_both_kept(tmp_path, monkeypatch):
    # Module docstring: an entry is found by the file's resolved path, so two files of one
    # name (a briefing and its copy) do not evict each other.
    paths = [tmp_path / folder / "mini.yaml" for folder in ("a", "b")]
    for path in paths:
        path.parent.mkdir()
        shutil.copy(MINI, path)
        load_cached(path)
    assert len(entries()) == 2
    monkeypatch.setattr("briefing.load.load", lambda *a, **k: pytest.fail("the YAML was parsed again"))
    assert [load_cached(path).path for path in paths] == [str(path) for path in paths]


def test_extras_on_the_briefing_and_on_nested_records_come_back_from_the_cache(copy, monkeypatch):
    # README "Changes to the design": extra: is accepted on every record, nested ones included;
    # the cache's round trip is exact, so what the file said is what a cached load gives.
    western = "  - {id: western, title: Western actors"
    text = copy.read_text(encoding="utf-8").replace(western, western + ", extra: {x: [1]}")
    text = "extra: {editor: Eve}\n" + text
    copy.write_text(text, encoding="utf-8")
    first = load_cached(copy)
    monkeypatch.setattr("briefing.load.load", lambda *a, **k: pytest.fail("the YAML was parsed again"))
    cached = load_cached(copy)
    assert dict(cached.extra) == dict(first.extra) == {"editor": "Eve"}
    assert dict(cached.group_by_id["western"].extra) == dict(first.group_by_id["western"].extra) == {"x": [1]}


def test_the_limits_given_hold_on_a_load_through_the_cache(copy):
    # SECURITY "file size": the size limit holds however the file is opened, the cache included.
    with pytest.raises(BriefingError, match="the limit is 100"):
        load_cached(copy, Limits(max_bytes=100))
    assert entries() == []


def test_a_cache_directory_that_does_not_exist_yet_is_made(tmp_path, monkeypatch, copy):
    # Module docstring: the cache lives in $BRIEFING_CACHE_DIR, made (with its parents) on first use.
    folder = tmp_path / "made" / "on" / "demand"
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(folder))
    first = load_cached(copy)
    assert len(list(folder.glob("*.json"))) == 1
    monkeypatch.setattr("briefing.load.load", lambda *a, **k: pytest.fail("the YAML was parsed again"))
    assert same(load_cached(copy), first)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG directories are read on Linux")
def test_without_the_override_the_cache_is_in_the_xdg_cache_home(tmp_path, monkeypatch):
    # README: the cache is in the user cache directory ($XDG_CACHE_HOME/briefing on Linux).
    monkeypatch.delenv("BRIEFING_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "briefing"


class _GroupWithoutExtra(NamedTuple):
    id: str
    title: str
    summary: str | None = None


class _GroupWithIntTitle(NamedTuple):
    id: str
    title: int
    summary: str | None = None
    extra: Mapping[str, Any] = model.NO_EXTRA


def test_rule_the_field_table_needs_extra_and_names_the_record_it_builds():
    # fields.derive: every record may carry `extra` (README "The format"); the spec names the
    # model's record, which the loader builds.
    spec = fields.SPECS["Group"]
    with pytest.raises(fields.TableError, match=r"^_GroupWithoutExtra has no extra field$"):
        fields.derive(_GroupWithoutExtra, spec.title, spec.description, *spec.fields)
    assert fields.derive(model.Group, spec.title, spec.description, *spec.fields).record is model.Group


def test_rule_the_shape_digest_sees_a_changed_field_type():
    # fields.shape_digest: cached data laid out by position is only good for the shapes it was
    # written with; a field whose type changed is another shape.
    assert fields.shape_digest({"Group": model.Group}) == fields.shape_digest({"Group": model.Group})
    assert fields.shape_digest({"Group": model.Group}) != fields.shape_digest({"Group": _GroupWithIntTitle})
