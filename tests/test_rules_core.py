"""Rules of the core and the printing commands, each test named for the rule it guards.

Every test here was written against a bug that once passed the rest of the suite: the
rule is in README.md or SECURITY.md, and breaking it must fail a test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import markdown
from briefing.cli import main
from briefing.load import BriefingError, loads

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
MINI_TEXT = MINI.read_text(encoding="utf-8")


def _with(old: str, new: str) -> str:
    assert MINI_TEXT.count(old) == 1, old
    return MINI_TEXT.replace(old, new)


# -- Markdown export: text from the data is escaped ------------------------------------------


def test_rule_markdown_export_escapes_source_titles_and_details() -> None:
    text = _with("title: EU gas memorandum,", "title: '*bold* [link](http://x) <b>',").replace(
        "publisher: European Commission", "publisher: '_Pub_ `code`'"
    )
    briefing = loads(text)
    exported = markdown.section(briefing, briefing.section_by_id["eu-deals"])
    assert r"**\*bold\* \[link\](http://x) \<b\>**" in exported
    assert r"\_Pub\_ \`code\`" in exported
    assert "[link](" not in exported and "<b>" not in exported


# -- the loader: every error helps ------------------------------------------------------------


def test_rule_an_unknown_key_suggests_the_field_meant() -> None:
    with pytest.raises(BriefingError) as info:
        loads(_with("    title: The main threat\n", "    titel: The main threat\n"))
    assert "unknown field (did you mean 'title'?)" in str(info.value)


def test_rule_an_unknown_reference_or_choice_suggests_the_one_meant() -> None:
    text = _with("related: [eu-deals]\n    tags: [thesis]", "related: [eu-deal]\n    tags: [thesis]")
    text = text.replace("relation: supports", "relation: suports")
    with pytest.raises(BriefingError) as info:
        loads(text)
    message = str(info.value)
    assert "no section with id 'eu-deal' (did you mean 'eu-deals'?)" in message
    assert "(did you mean 'supports'?)" in message


def test_rule_an_unknown_key_far_from_any_field_gets_no_guess() -> None:
    with pytest.raises(BriefingError) as info:
        loads(_with("    title: The main threat\n", "    title: The main threat\n    zzzz: 1\n"))
    assert "unknown field" in str(info.value) and "did you mean" not in str(info.value)


# -- the loader's limits: at most 100 aliases -------------------------------------------------


def _aliases(count: int) -> str:
    uses = "".join(f"\n  - *a{i % 5}" for i in range(count))
    anchors = "".join(f"\n  - &a{i} x{i}" for i in range(5))
    return f"version: 1\nanchors:{anchors}\nuses:{uses}\n"


def test_rule_at_most_100_aliases() -> None:
    # 100 aliases pass the limit (the file is refused later, for its unknown fields) ...
    with pytest.raises(BriefingError) as allowed:
        loads(_aliases(100))
    assert "aliases" not in str(allowed.value)
    # ... and the 101st is refused, saying why.
    with pytest.raises(BriefingError, match="more than 100 aliases"):
        loads(_aliases(101))


def test_rule_aliases_expand_to_at_most_10000_values() -> None:
    big = "[" + ", ".join(["x"] * 2_500) + "]"
    text = f"version: 1\nbig: &b {big}\nuses: [*b, *b, *b, *b, *b]\n"
    with pytest.raises(BriefingError, match="aliases expand to more than 10000 values"):
        loads(text)
    ok = f"version: 1\nbig: &b {big}\nuses: [*b, *b, *b]\n"
    with pytest.raises(BriefingError) as allowed:
        loads(ok)
    assert "expand" not in str(allowed.value)


# -- printing commands ------------------------------------------------------------------------


def test_rule_search_limit_caps_the_hits(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--json", "the", "--file", str(MINI)]) == 0
    every = json.loads(capsys.readouterr().out)
    assert len(every) >= 2
    assert main(["search", "--json", "--limit", "1", "the", "--file", str(MINI)]) == 0
    assert json.loads(capsys.readouterr().out) == every[:1]
    assert main(["search", "--limit", "1", "the", "--file", str(MINI)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line and not line.startswith(" ")]
    assert len(lines) == 1


PRINTING = [
    ["list"],
    ["print", "thesis"],
    ["print", "--all"],
    ["print", "--format", "html", "--all"],
    ["print", "--format", "json", "--all"],
    ["print", "--format", "claimreview", "--all"],
    ["search", "gas"],
    ["search", "--json", "gas"],
    ["timeline"],
    ["timeline", "--json"],
    ["verify"],
    ["validate"],
    ["validate", "--strict"],
    ["diff"],
    ["schema"],
]


@pytest.mark.parametrize("args", PRINTING, ids=[" ".join(a) for a in PRINTING])
def test_rule_printing_commands_never_import_textual(args: list[str], tmp_path: Path) -> None:
    if args[0] == "verify":
        args = [*args, "--file", str(MINI), "--text", f"alpha={MINI}"]
    elif args[0] == "validate":
        args = [*args, str(MINI)]
    elif args[0] == "diff":
        other = tmp_path / "other.yaml"
        other.write_text(_with("title: The main threat", "title: The main threats"), encoding="utf-8")
        args = [*args, str(MINI), str(other)]
    elif args[0] != "schema":
        args = [*args, "--file", str(MINI)]
    code = (
        "import sys\n"
        "from briefing.cli import main\n"
        f"code = main({args!r})\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] == 'textual' or m.startswith('briefing.tui'))\n"
        "print('EXIT', code, 'IMPORTED', bad, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "IMPORTED []" in done.stderr, done.stderr[-2000:]
    assert "EXIT 2 " not in done.stderr, done.stderr[-2000:]
