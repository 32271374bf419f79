"""Wide text (CJK, emoji): columns and cuts count terminal cells, on the command line and in the reader."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from briefing.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
QUOTE = "阿利耶夫总统在采访中多次表示亚美尼亚是威胁" * 5  # 105 characters, 210 cells


def cells(text: str) -> int:
    """Terminal cells by Unicode's East Asian Width, independently of the code under test."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


@pytest.fixture
def wide(tmp_path) -> str:
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    for old, new in (
        ("title: The main threat", "title: 主要威胁 🚨"),
        ("title: Gas deals with the EU", "title: 与欧盟的天然气协议"),
        ('text: "the greatest threat"', f'text: "{QUOTE}"'),
        ("label: Border assault", "label: 边境袭击 💥"),
    ):
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "wide.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def _start_of(line: str, text: str) -> int:
    """The cell column at which ``text`` starts in ``line``."""
    return cells(line[: line.index(text)])


def test_list_titles_start_in_one_column(capsys, wide):
    code, out = run(capsys, "list", "--file", wide)
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("    ")}
    titles = {"thesis": "主要威胁 🚨", "eu-deals": "与欧盟的天然气协议", "russia-ally": "On relations"}
    starts = {_start_of(rows[id_], title) for id_, title in titles.items()}
    assert starts == {4 + len("russia-ally") + 2}


def test_search_snippets_start_under_the_titles(capsys, wide):
    code, out = run(capsys, "search", "Russia", "--file", wide)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) % 2 == 0 and lines
    for head, snippet in zip(lines[::2], lines[1::2], strict=True):
        title_at = cells(head) - cells(head.split("  ", 1)[1])
        assert cells(snippet) - cells(snippet.lstrip(" ")) == title_at


def test_search_finds_and_aligns_wide_titles(capsys, wide):
    # unicode61 keeps a run of CJK characters as one word
    code, out = run(capsys, "search", "与欧盟的天然气协议", "--file", wide)
    assert code == 0
    head = out.splitlines()[0]
    assert head.startswith("eu-deals  与欧盟的天然气协议 (")


def test_timeline_cuts_a_wide_quote_to_its_cells_and_keeps_the_columns(capsys, wide):
    code, out = run(capsys, "timeline", "--file", wide)
    assert code == 0
    entries = [line for line in out.splitlines() if line.startswith("  ")]
    quote = next(line for line in entries if "阿利耶夫" in line)
    shown = quote[quote.index("“") + 1 : quote.index("”")]
    assert shown.endswith("…") and 88 <= cells(shown) <= 90  # cut at the limit, not far short
    # The label column starts at one cell for every entry, wide ones included.
    widest = max(len(line.split()[0]) for line in entries)
    assert {cells(line[: 2 + widest + 2]) for line in entries} == {2 + widest + 2}
    assert any("边境袭击 💥" in line for line in entries)


def test_verify_cuts_a_wide_quote_to_sixty_cells(capsys, wide, tmp_path):
    article = tmp_path / "alpha.txt"
    article.write_text(f"Some text. {QUOTE} More.\n", encoding="utf-8")
    code, out = run(capsys, "verify", "--file", wide, "--text", f"alpha={article}")
    assert code == 1  # the other quotes are not in this text
    line = next(line for line in out.splitlines() if "阿利耶夫" in line)
    shown = line[line.index("“") + 1 : line.rindex("”")]
    assert shown.endswith("…") and 58 <= cells(shown) <= 60


def test_printing_commands_still_do_not_import_textual(wide):
    code = (
        "import sys; from briefing.cli import main; "
        f"main(['timeline', '--file', {wide!r}]); main(['list', '--file', {wide!r}]); "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_the_bookmarks_list_cuts_a_wide_note_to_its_cells():
    from briefing.tui.screens.bookmarks import first_line

    note = "检查二零二二年的数字和来源。" * 10
    shown = first_line(note)
    assert shown.endswith("…") and 68 <= cells(shown) <= 70
    assert first_line("short note") == "short note"


@pytest.mark.parametrize(
    ("text", "cells", "cut"),
    [
        ("abcd", 4, "abcd"),  # as wide as the room: kept whole
        ("abcdef", 4, "abc…"),  # cut: the ellipsis takes the last cell
        ("ab   cdef", 5, "ab…"),  # no spaces before the ellipsis
        ("  indented text", 8, "  inden…"),  # leading spaces are the text's own
        ("日本語の文", 6, "日本…"),  # a wide character that would straddle the limit is left out whole
    ],
)
def test_shorten_cuts_to_the_cells_with_an_ellipsis(text, cells, cut):
    # README (printing commands): long text is cut by terminal cells, ending in an ellipsis.
    from briefing.cells import shorten, width

    assert shorten(text, cells) == cut
    assert width(shorten(text, cells)) <= cells
