"""``briefing diff``: two files, git's external diff, and what changed since you read.

Exit codes follow ``diff``: 0 the same, 1 different, 2 trouble (an unreadable or
invalid file, whose located problems are printed). Never imports Textual; Rich
only when the output is coloured.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import diff_render
from .collector import paused
from .diff import Comparison, compare, empty_like
from .model import Briefing
from .output import emit as _emit
from .problems import BriefingError
from .text import clean

SAME, DIFFERENT, TROUBLE = 0, 1, 2
DEV_NULL = "/dev/null"


def write_lines(lines: list[diff_render.Line], color: bool) -> None:
    if not color:
        _emit(diff_render.plain(lines))
        return
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="standard",
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )
    for text in diff_render.rich_lines(lines):
        console.print(text)
    _emit(buffer.getvalue())


def _load_both(old: str, new: str, cached: bool) -> tuple[Briefing, Briefing] | list[str]:
    """Both briefings, or every problem of either (both files are always checked)."""
    if cached:
        from .cache import load_cached as load_one
    else:
        from .load import load as load_one
    loaded: list[Briefing] = []
    problems: list[str] = []
    for path in (old, new):
        try:
            loaded.append(load_one(path))
        except BriefingError as err:
            problems += [str(p) for p in err.problems]
    if problems:
        return problems
    return loaded[0], loaded[1]


def files(old: str, new: str, *, json_out: bool, stat: bool, color: bool) -> int:
    if json_out and stat:
        print("briefing: --json and --stat do not go together", file=sys.stderr)
        return TROUBLE
    # Two whole briefings stay alive to the end and make no cycles: the collector, left
    # on, would walk them again and again while they are compared (a fifth of the run).
    with paused():
        both = _load_both(old, new, cached=True)
        if isinstance(both, list):
            for line in both:
                print(line, file=sys.stderr)
            print("briefing diff: cannot compare: a file is not a valid briefing", file=sys.stderr)
            return TROUBLE
        comparison = compare(*both)
    if json_out:
        _emit(json.dumps(diff_render.to_json(comparison, old, new), ensure_ascii=False, indent=1) + "\n")
    elif stat:
        _emit("".join(f"{line}\n" for line in diff_render.stat_lines(comparison)))
    elif not comparison.same:
        write_lines(diff_render.document_lines(comparison, old, new), color)
    return SAME if comparison.same else DIFFERENT


def git(path: str, shown: str, old: str, new: str, *, color: bool) -> int:
    """One file of ``git diff`` / ``git log -p``. Exits 0 whatever differs (git stops
    at a non-zero external diff); a version that does not validate is named, with its
    problems, and that file falls back to a line diff so nothing is hidden."""
    comparison = _git_comparison(old, new)
    if isinstance(comparison, list):
        import difflib

        lines: list[diff_render.Line] = [[("h", f"briefing diff {shown}")]]
        lines += [[("d", f"not a valid briefing, shown line by line: {p}")] for p in comparison]
        write_lines(lines, color)
        a = _read_text(old)
        b = _read_text(new)
        for line in difflib.unified_diff(a, b, f"a/{path}", f"b/{shown}"):
            _emit(clean(line) if line.endswith("\n") else clean(line) + "\n")
        return SAME
    if comparison.same:
        return SAME
    lines = [[("h", f"briefing diff a/{path} b/{shown}")]]
    if DEV_NULL in (old, new):
        lines.append([("h", "new file" if old == DEV_NULL else "deleted file")])
    lines += diff_render.document_lines(comparison, f"a/{path}", f"b/{shown}")[2:]
    write_lines(lines, color)
    return SAME


def _git_comparison(old: str, new: str) -> Comparison | list[str]:
    from .load import load

    problems: list[str] = []
    loaded: dict[str, Briefing] = {}
    for name in (old, new):
        if name == DEV_NULL:
            continue
        try:
            loaded[name] = load(name)
        except BriefingError as err:
            problems += [str(p) for p in err.problems]
    if problems:
        return problems
    if not loaded:
        return []
    before = loaded.get(old) or empty_like(loaded[new])
    after = loaded.get(new) or empty_like(before)
    return compare(before, after)


def _read_text(name: str) -> list[str]:
    if name == DEV_NULL:
        return []
    try:
        return Path(name).read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    except OSError:
        return []


def since_read(briefing: Briefing, *, json_out: bool, color: bool) -> int:
    """The sections changed or new since the reader last had them: 0 none, 1 some."""
    from .seen import changes_since_read

    changes = changes_since_read(briefing)
    if json_out:
        rows = [
            {"id": c.id, "status": c.status, "title": c.title, "read_at": c.read_at} for c in changes.sections
        ]
        _emit(json.dumps({"format": 1, "sections": rows}, ensure_ascii=False, indent=1) + "\n")
    else:
        for warning in changes.warnings:
            print(f"briefing: {warning}", file=sys.stderr)
        width = max((len(c.id) for c in changes.sections), default=0)
        lines: list[diff_render.Line] = [
            [("h", f"{c.status:<7} {c.id:<{width}}"), ("", f"  {c.title}"), ("d", _read_on(c.read_at))]
            for c in changes.sections
        ]
        write_lines(lines, color)
        if not changes.sections:
            print(changes.nothing, file=sys.stderr)
    return DIFFERENT if changes.sections else SAME


def _read_on(at: float | None) -> str:
    from .seen import when

    return f"  (read {when(at)})" if at else ""
