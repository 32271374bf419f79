"""Rules of the remembered state and the validated-model cache stated in README.md, each with a
test that breaks with it ("The reader remembers ...", "Read marks are bounded", "Changes to the
design": the cache key; "Commands": printing commands read through the cache)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from briefing import cache, seen
from briefing.cli import main
from briefing.dirs import user_dir
from briefing.state import DB_NAME, StateStore

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
KEY = "bundled:mini"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    shutil.copy(MINI, path)
    return path


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file the YAML loader parses from now on."""
    from briefing import load as loader

    real = loader.load
    calls: list[str] = []

    def counting(path: str | os.PathLike[str], *args: object, **kwargs: object) -> object:
        calls.append(str(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load", counting)
    return calls


def test_rule_the_state_is_one_sqlite_database_in_wal_mode_in_briefing_state_dir(tmp_path: Path) -> None:
    """README: `state.sqlite3` in the user state directory (`$BRIEFING_STATE_DIR` changes it), in WAL mode."""
    assert user_dir("state", "BRIEFING_STATE_DIR") == Path(os.environ["BRIEFING_STATE_DIR"])
    store = StateStore()
    store.toggle_bookmark(KEY, "thesis")
    store.close()
    database = Path(os.environ["BRIEFING_STATE_DIR"]) / DB_NAME
    assert DB_NAME == "state.sqlite3" and database.is_file()
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_rule_read_marks_are_bounded_as_the_readme_says() -> None:
    """README: at most 5,000 marks per briefing, copies of the text for the 200 read last, a text
    field of over 4,000 characters kept only as a digest (the behaviour at these bounds is
    tests/test_seen.py::test_marks_and_copies_are_bounded, with the bounds made small)."""
    assert (seen.MAX_MARKS, seen.MAX_COPIES, seen.FIELD_CHARS) == (5000, 200, 4000)


def test_rule_printing_commands_read_the_briefing_through_the_cache(
    copy: Path, parsed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """README: the printing commands read the briefing through a cache of the validated model,
    so only the first run after an edit parses the YAML."""
    for args in (["list"], ["print", "thesis"], ["print", "--all", "--format", "json"], ["search", "threat"]):
        assert main([*args, "--file", str(copy)]) == 0
    assert main(["timeline", "--file", str(copy)]) == 0
    assert main(["verify", "--text", f"alpha={copy}", "--file", str(copy)]) in (0, 1)
    assert parsed == [str(copy)]
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("Mini briefing", "Edited briefing"), encoding="utf-8"
    )
    assert main(["list", "--file", str(copy)]) == 0
    assert "Edited briefing" in capsys.readouterr().out
    assert parsed == [str(copy), str(copy)]


@pytest.mark.parametrize("changed", ["SCHEMA_VERSION", "__version__"])
def test_rule_a_cache_entry_of_another_schema_or_package_version_is_not_used(
    copy: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch, changed: str
) -> None:
    """README: the cache is used when path, size, modification time, inode, schema version, the
    records' shapes and package version all match."""
    cache.load_cached(copy)
    cache.load_cached(copy)
    assert len(parsed) == 1
    monkeypatch.setattr(cache, changed, "another")
    cache.load_cached(copy)
    assert len(parsed) == 2


def test_rule_a_cache_entry_of_another_inode_is_not_used(copy: Path, parsed: list[str]) -> None:
    """A file replaced by another of the same size and times (a rename over it) is read again."""
    cache.load_cached(copy)
    other = copy.with_name("other.yaml")
    other.write_text(
        copy.read_text(encoding="utf-8").replace("Mini briefing", "Mini briefinG"), encoding="utf-8"
    )
    stat = copy.stat()
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(other, copy)
    assert copy.stat().st_size == stat.st_size and copy.stat().st_mtime_ns == stat.st_mtime_ns
    assert cache.load_cached(copy).title == "Mini briefinG"
    assert len(parsed) == 2


def test_rule_a_fifo_where_the_state_should_be_is_never_written(tmp_path: Path) -> None:
    """README: a directory, FIFO or device where the state should be is never written (reads
    warn and start empty; a write fails with the reason). In a child process, so that a state
    opened as the FIFO (which would block) fails the test by its timeout instead of hanging."""
    import subprocess
    import sys

    fifo = tmp_path / DB_NAME
    os.mkfifo(fifo)
    script = (
        "from briefing.state import StateStore\n"
        "store = StateStore()\n"
        "print('NOTES', store.briefing('bundled:mini').notes)\n"
        "try:\n"
        "    store.toggle_bookmark('bundled:mini', 'thesis')\n"
        "except OSError as err:\n"
        "    print('REFUSED', err)\n"
        "print('WARNINGS', store.warnings)\n"
    )
    env = {**os.environ, "BRIEFING_STATE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert "NOTES {}" in done.stdout, done.stdout + done.stderr
    assert "REFUSED" in done.stdout and "FIFO" in done.stdout
    assert "WARNINGS" in done.stdout and "is a FIFO" in done.stdout.split("WARNINGS", 1)[1]
    assert fifo.is_fifo() and sorted(p.name for p in tmp_path.iterdir()) == [DB_NAME]


def test_rule_state_export_has_the_shape_state_json_had(capsys: pytest.CaptureFixture[str]) -> None:
    """README: `briefing state --export` writes all of it as JSON, in the shape `state.json` had
    (`version`, `theme`, `briefings` with `last_section`, `view`, `expanded`, `bookmarks`,
    `notes`, and the read marks under `read`)."""
    import json

    from briefing.load import load
    from briefing.state import key_for

    briefing = load(MINI)
    key = key_for(briefing)
    assert key is not None
    store = StateStore()
    store.toggle_bookmark(key, "thesis")
    store.set_note(key, "thesis", "mine")
    store.remember(key, section="eu-deals", view="actors", expanded=["article:alpha"])
    store.set_theme("nord")
    seen.remember_read(store, key, briefing.section_by_id["thesis"])
    store.close()
    assert main(["state", "--export"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"version", "theme", "briefings", "read"} <= set(data)
    assert (data["version"], data["theme"]) == (1, "nord")
    assert data["briefings"][key] == {
        "last_section": "eu-deals",
        "view": "actors",
        "expanded": ["article:alpha"],
        "bookmarks": ["thesis"],
        "notes": {"thesis": "mine"},
    }
    assert list(data["read"][key]["sections"]) == ["thesis"]


def test_rule_the_cache_is_in_briefing_cache_dir(copy: Path) -> None:
    """README: the cache of validated briefings is kept in the user cache directory, `$BRIEFING_CACHE_DIR`."""
    chosen = Path(os.environ["BRIEFING_CACHE_DIR"])
    assert cache.cache_dir() == chosen
    cache.load_cached(copy)
    assert [entry.suffix for entry in chosen.iterdir()] == [".json"]
