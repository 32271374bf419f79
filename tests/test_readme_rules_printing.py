"""Rules of the printing commands stated in README.md ("Commands"), each with a test that breaks with it.

The commands run through ``briefing.cli.main``; state lives in the test's own directory
(tests/conftest.py points ``BRIEFING_STATE_DIR`` there).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.load import load
from briefing.state import StateStore, key_for

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
NOTE = "Check the figures against the 2023 report."


@pytest.fixture
def noted() -> str:
    """A note on section `thesis` of the mini briefing, as the reader saves it."""
    key = key_for(load(MINI))
    assert key is not None
    StateStore().set_note(key, "thesis", NOTE)
    return NOTE


def printed(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["print", *args, "--file", str(MINI)]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("which", ["thesis", "--all"])
def test_rule_print_notes_adds_your_notes_to_markdown_and_html(
    capsys: pytest.CaptureFixture[str], noted: str, fmt: str, which: str
) -> None:
    """README: `--notes` adds your notes on the sections (written in the reader) to the Markdown or HTML."""
    assert noted not in printed(capsys, which, "--format", fmt)
    assert noted in printed(capsys, which, "--format", fmt, "--notes")


def test_rule_state_export_never_replaces_a_file_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], noted: str
) -> None:
    """README: `-o OUT` never replaces an existing file unless you add `--force`; the same rule
    holds for every file the program writes (here `briefing state --export -o OUT`)."""
    out = tmp_path / "state.json"
    out.write_text("mine", encoding="utf-8")
    assert main(["state", "--export", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine"
    assert main(["state", "--export", "-o", str(out), "--force"]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [b["notes"] for b in exported["briefings"].values()] == [{"thesis": noted}]


def test_rule_state_o_goes_with_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """README: `briefing state [--export [-o OUT]]`: `-o` alone is a usage error, and writes nothing."""
    out = tmp_path / "state.txt"
    assert main(["state", "-o", str(out)]) == 2
    assert "--export" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("json_out", [[], ["--json"]])
def test_rule_a_search_with_no_hit_exits_1(capsys: pytest.CaptureFixture[str], json_out: list[str]) -> None:
    """README, exit codes: 1 for a search with no hit, in print and in JSON; 0 with a hit."""
    assert main(["search", "zzyzx", *json_out, "--file", str(MINI)]) == 1
    capsys.readouterr()
    assert main(["search", "threat", *json_out, "--file", str(MINI)]) == 0
    assert "thesis" in capsys.readouterr().out


def test_rule_timeline_orders_by_first_day_then_by_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README: `timeline` orders partial dates by the first day they can mean (`2022` before
    `2022-09` before `2022-09-12`; ranges by start, then end), whatever the file's order."""
    text = MINI.read_text(encoding="utf-8")
    anchor = "    related: [eu-deals]\n    tags: [russia, energy]\n"
    events = (
        "    events:\n"
        '      - {date: "2022-09-12/2022-09-20", label: Long, actors: [russia]}\n'
        '      - {date: "2022-09-12", label: Day, actors: [russia]}\n'
    )
    path = tmp_path / "dated.yaml"
    path.write_text(text.replace(anchor, events + anchor), encoding="utf-8")
    assert main(["timeline", "--json", "--file", str(path)]) == 0
    dates = [entry["date"] for entry in json.loads(capsys.readouterr().out)]
    wanted = ["2022", "2022-07", "2022-09", "2022-09-12", "2022-09-12/2022-09-14", "2022-09-12/2022-09-20"]
    assert [d for d in dict.fromkeys(dates) if d in wanted] == wanted
    assert main(["timeline", "--file", str(path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("2022 ") and first.split()[-2:] == [str(len(dates)), "entries"]  # the axis


@pytest.mark.parametrize(("option", "value"), [("--group", "western"), ("--actor", "eu")])
def test_rule_timeline_keeps_to_the_actor_or_group_asked_for(
    capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    """README: `briefing timeline [--actor ID] [--group ID]`: only that actor's or that group's entries."""
    assert main(["timeline", "--json", "--file", str(MINI)]) == 0
    every = json.loads(capsys.readouterr().out)
    assert main(["timeline", "--json", option, value, "--file", str(MINI)]) == 0
    some = json.loads(capsys.readouterr().out)
    briefing = load(MINI)
    if option == "--group":
        wanted = [e for e in every if e["section"] and briefing.section_by_id[e["section"]].group == value]
    else:
        wanted = [e for e in every if value in e["actors"]]
    assert some == wanted and 0 < len(some) < len(every)


def test_rule_snippets_keep_the_items_of_a_field_apart_with_a_middle_dot() -> None:
    """README, `>`/`<`: snippets keep the items of a field (quotes, sources, actors) apart with ` · `."""
    from briefing.search import one_line

    assert one_line("First quote.\n  Second   quote.\n") == "First quote. · Second quote."


@pytest.mark.parametrize("command", ["new", "since-read"])
def test_rule_new_and_diff_since_read_never_import_textual(tmp_path: Path, command: str) -> None:
    """README: the printing commands (... `diff`, `new`, `schema`) never import Textual
    (the others are tests/test_rules_core.py::test_rule_printing_commands_never_import_textual)."""
    import subprocess
    import sys

    args = (
        ["new", str(tmp_path / "n.yaml")]
        if command == "new"
        else ["diff", "--since-read", "--file", str(MINI)]
    )
    code = (
        "import sys\n"
        "from briefing.cli import main\n"
        f"code = main({args!r})\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] == 'textual' or m.startswith('briefing.tui'))\n"
        "print('EXIT', code, 'IMPORTED', bad, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "EXIT 0 IMPORTED []" in done.stderr, done.stderr[-2000:]


@pytest.mark.parametrize(
    ("args", "imported", "not_imported"),
    [
        (["print", "thesis"], [], ["markdown_it", "briefing.cells"]),
        (["print", "thesis", "--format", "html"], ["markdown_it"], []),
        (["list"], ["briefing.cells"], ["markdown_it"]),
    ],
)
def test_rule_markdown_it_only_for_html_and_cells_not_for_print(
    args: list[str], imported: list[str], not_imported: list[str]
) -> None:
    """README: markdown-it-py is imported only for `--format html`; `cells.py` adds imports to
    `list`, `search`, `timeline` and `verify`, none to `print`."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from briefing.cli import main\n"
        f"code = main({[*args, '--file', str(MINI)]!r})\n"
        f"watched = {[*imported, *not_imported]!r}\n"
        "print('EXIT', code, 'IMPORTED', sorted(m for m in watched if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert f"EXIT 0 IMPORTED {sorted(imported)!r}" in done.stdout, done.stdout + done.stderr


def test_rule_the_readme_prefix_example_holds(capsys: pytest.CaptureFixture[str]) -> None:
    """README: `print` takes an id or any unique prefix of one (`briefing print fr` prints
    `france-canada`, on the bundled briefing)."""
    assert main(["print", "fr"]) == 0
    assert "Id: `france-canada`" in capsys.readouterr().out.split("\n\n", 2)[1]


def test_rule_validate_strict_decides_when_given_with_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    # README, Strict checks: --warnings exits 0 for a valid file; with --strict too, --strict decides.
    assert main(["validate", "--warnings", str(MINI)]) == 0
    assert main(["validate", "--warnings", "--strict", str(MINI)]) == 1
    assert "[no-voice]" in capsys.readouterr().out


def test_rule_diff_json_and_stat_are_one_or_the_other(capsys: pytest.CaptureFixture[str]) -> None:
    # README, Commands: `diff OLD NEW [--json | --stat]`; both at once is a usage error.
    assert main(["diff", "--json", "--stat", str(MINI), str(MINI)]) == 2
    assert "--json and --stat do not go together" in capsys.readouterr().err
