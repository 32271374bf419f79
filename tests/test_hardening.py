"""Untrusted briefings and faults: hostile text stays text, failed writes lose nothing."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.load import BriefingError, load, loads

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "hostile-print.yaml"
MINI = FIXTURES / "mini.yaml"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def briefing_cmd(*args: str, limit_bytes: int | None = None, cwd: Path | None = None):
    def limit() -> None:
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True, cwd=cwd, preexec_fn=limit, timeout=60,
    )  # fmt: skip


def test_hostile_briefing_loads_with_every_control_character_gone():
    b = load(HOSTILE)
    texts = [b.title, b.summary, b.articles[0].title, b.groups[0].title, b.actors[0].name, b.actors[0].role]
    section = b.sections[0]
    texts += [section.title, section.claim.summary, section.claim.quotes[0].text, section.analysis.body]
    texts += [section.sources[0].note, b.sources[0].title, b.sources[0].publisher, section.events[0].label]
    for text in texts:
        assert not CONTROL.search(text), repr(text)
    assert b.title == "[bold red]Hostile[/] ]0;pwned briefing"
    assert b.actors[0].name == "Mr. [b]Bold[/b] <U+202E>evil"


@pytest.mark.parametrize("args", [["print", "loud"], ["print", "--all"], ["list"], ["search", "loud"],
                                  ["timeline"], ["search", "--json", "section"]])  # fmt: skip
def test_printing_commands_send_no_control_characters(args):
    result = briefing_cmd(*args, "--file", str(HOSTILE))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert not CONTROL.search(out), repr(CONTROL.search(out))
    assert "[bold red]Hostile[/]" in out or "loud" in out


def test_full_disk_leaves_the_old_file_whole_and_no_temporary(tmp_path):
    target = tmp_path / "all.md"
    target.write_text("the old export\n")
    result = briefing_cmd(
        "print", "--all", "-o", str(target), "--force", "--file", str(MINI), limit_bytes=600
    )
    assert result.returncode == 1
    assert b"cannot write" in result.stderr and b"Traceback" not in result.stderr
    assert target.read_text() == "the old export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.md"]


def test_full_disk_on_a_new_file_leaves_nothing(tmp_path):
    target = tmp_path / "new.md"
    result = briefing_cmd("print", "--all", "-o", str(target), "--file", str(MINI), limit_bytes=600)
    assert result.returncode == 1 and not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: " + "x" * 2_000_000 + "\n", "version: required field is missing"),
        ("version: 1\n" + "k: v\n" * 50_000, "duplicate key"),
        ("version: 1\nbriefing: " + "[" * 10_000 + "]" * 10_000, "nested deeper"),
        ("version: 1\nx: !!python/name:os.system ''\n", "YAML tag"),
        ("version: 1\nx: !!binary aGVsbG8=\n", "YAML tag"),
        ("version: 1\nx: !custom {}\n", "YAML tag"),
    ],
    ids=["long-line", "many-duplicate-keys", "deep-flow", "python-tag", "binary-tag", "local-tag"],
)
def test_bad_input_is_refused_quickly_with_a_located_error(text, expected):
    start = time.monotonic()
    with pytest.raises(BriefingError) as info:
        loads(text, "t.yaml")
    assert time.monotonic() - start < 10  # bounded, not a benchmark
    assert expected in str(info.value)


def test_ids_that_look_like_paths_are_refused():
    text = MINI.read_text().replace("- id: thesis", "- id: ../../etc/passwd")
    with pytest.raises(BriefingError, match=r"'\.\./\.\./etc/passwd' is not an id"):
        loads(text)
