"""SECURITY.md names a test beside every rule: each one it names must be a test pytest collects.

A row whose test was renamed or removed would otherwise go on claiming a guard that is gone.
"""

from __future__ import annotations

import ast
import fnmatch
import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
TESTS = Path(__file__).parent
SECURITY = ROOT / "SECURITY.md"
TOKEN = re.compile(r"`([^`]+)`")
NAME = r"(test\w*\*?\w*)(\[[^\]]+\])?"
NAMED = re.compile(rf"^(?:tests/)?(test_\w+\.py)(?:::{NAME})?$|^{NAME}$")


@functools.cache
def collected() -> dict[str, set[str]]:
    """Every test pytest collects, by file: module-level test functions and methods of Test classes."""
    found: dict[str, set[str]] = {}
    for path in TESTS.glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                names.add(node.name)
            elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                functions = (ast.FunctionDef, ast.AsyncFunctionDef)
                methods = [item for item in node.body if isinstance(item, functions)]
                names |= {item.name for item in methods if item.name.startswith("test")}
        found[path.name] = names
    return found


def named_tests() -> list[tuple[int, str | None, str | None, str | None]]:
    """(line, file, test name or pattern, parameter id) for each test a table row of SECURITY.md names.

    A bare name after ``file.py::name`` in the same cell is in that file, as the rows are written;
    one after a whole file (``test_hardening.py``), or first in its cell, may be in any file.
    """
    found = []
    for number, line in enumerate(SECURITY.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cell = line.rstrip(" |").rsplit("|", 1)[-1]
        current: str | None = None
        for token in TOKEN.findall(cell):
            match = NAMED.match(token.strip())
            if match is None:
                continue
            file, name, param, bare, bare_param = match.groups()
            if file is not None:
                current = file if name is not None else None  # a whole file names no test after it
                found.append((number, file, name, param))
            else:
                found.append((number, current, bare, bare_param))
    return found


def test_security_md_names_tests() -> None:
    assert len(named_tests()) > 100


@pytest.mark.parametrize("line, file, name, param", named_tests(), ids=lambda v: str(v))
def test_every_test_security_md_names_is_a_collected_test(
    line: int, file: str | None, name: str | None, param: str | None
) -> None:
    tests = collected()
    where = f"SECURITY.md line {line}"
    if file is not None:
        assert file in tests, f"{where}: no file tests/{file}"
    if name is None:
        return
    places = [file] if file is not None else list(tests)
    matching = [
        (place, test) for place in places for test in tests[place] if fnmatch.fnmatchcase(test, name)
    ]
    assert matching, f"{where}: no test {name!r} in " + (f"tests/{file}" if file else "any test file")
    if param is not None:
        label = param[1:-1]
        sources = [(TESTS / place).read_text(encoding="utf-8") for place, _ in matching]
        assert any(label in source for source in sources), f"{where}: no case {label!r} of {name}"
