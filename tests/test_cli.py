"""The printing commands: list, print, validate; exit codes; no Textual on these paths."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.load import bundled_path, load
from briefing.paths import schema_path
from briefing.starter import slug

FIXTURES = Path(__file__).parent / "fixtures"
MINI = str(FIXTURES / "mini.yaml")
LOCATED = re.compile(r"^.+:\d+:\d+: \S+: .+$")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def bad_file(tmp_path) -> Path:
    path = tmp_path / "bad.yaml"
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    path.write_text(
        text.replace("group: western", "group: westen").replace("ref: column, role: claim}", "ref: col}")
    )
    return path


def test_list_shows_the_tree_with_ids(capsys):
    code, out, _ = run(capsys, "list", "--file", MINI)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Mini briefing [mini]: 3 sections"
    assert "The first article [alpha]" in lines
    assert "  Western actors (1)" in lines
    assert any(re.fullmatch(r"    eu-deals +Gas deals with the EU", line) for line in lines)


def test_print_by_id_and_by_unique_prefix(capsys):
    code, out, _ = run(capsys, "print", "eu-deals", "--file", MINI)
    assert code == 0 and out.startswith("# Gas deals with the EU\n")
    code, out2, _ = run(capsys, "print", "eu", "--file", MINI)
    assert code == 0 and out2 == out


def test_unknown_id_exits_2_with_suggestions(capsys):
    code, out, err = run(capsys, "print", "eu-deal-s", "--file", MINI)
    assert code == 2 and out == ""
    assert "no section 'eu-deal-s'; did you mean eu-deals?" in err


def test_ambiguous_prefix_exits_2(tmp_path, capsys):
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8").replace("id: russia-ally", "id: eu-russia")
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "print", "eu", "--file", str(path))
    assert code == 2 and "ambiguous" in err and "eu-deals" in err and "eu-russia" in err


def test_print_all(capsys):
    code, out, _ = run(capsys, "print", "--all", "--file", MINI)
    assert code == 0
    assert out.startswith("# Mini briefing\n") and "## Contents" in out
    assert out.count("\n### Claim\n") == 3


def test_print_needs_an_id_or_all(capsys):
    assert run(capsys, "print", "--file", MINI)[0] == 2
    assert run(capsys, "print", "thesis", "--all", "--file", MINI)[0] == 2


def test_output_file_is_written_and_never_clobbered(tmp_path, capsys):
    out_path = tmp_path / "thesis.md"
    code, out, err = run(capsys, "print", "thesis", "-o", str(out_path), "--file", MINI)
    assert code == 0 and out == "" and "wrote" in err
    assert out_path.read_text(encoding="utf-8").startswith("# The main threat")
    out_path.write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "print", "thesis", "-o", str(out_path), "--file", MINI)
    assert code == 2 and "--force" in err
    assert out_path.read_text(encoding="utf-8") == "mine"
    code, _, _ = run(capsys, "print", "thesis", "-o", str(out_path), "--force", "--file", MINI)
    assert code == 0 and out_path.read_text(encoding="utf-8").startswith("# The main threat")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.md"]  # no temporary left


def test_output_to_a_missing_directory_fails_cleanly(tmp_path, capsys):
    code, _, err = run(capsys, "print", "thesis", "-o", str(tmp_path / "no" / "x.md"), "--file", MINI)
    assert code == 1 and "cannot write" in err


def test_validate_ok(capsys):
    code, out, _ = run(capsys, "validate", MINI)
    assert code == 0
    assert out == f"{MINI}: valid: 2 articles, 3 groups, 3 sections, 4 actors, 2 sources, 3 quotes\n"


def test_validate_reports_every_problem_located(capsys, bad_file):
    code, out, err = run(capsys, "validate", MINI, str(bad_file))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{MINI}: valid")
    problems = lines[1:]
    assert len(problems) == 2
    assert all(LOCATED.match(line) and line.startswith(str(bad_file)) for line in problems)
    assert f"{bad_file}: 2 problems" in err


def test_other_commands_report_an_invalid_briefing_with_exit_1(capsys, bad_file):
    code, out, err = run(capsys, "list", "--file", str(bad_file))
    assert code == 1 and out == ""
    assert all(LOCATED.match(line) for line in err.splitlines())


def test_briefing_file_env_selects_the_file(capsys, monkeypatch):
    monkeypatch.setenv("BRIEFING_FILE", MINI)
    code, out, _ = run(capsys, "list")
    assert code == 0 and out.startswith("Mini briefing")


def test_missing_file_is_a_located_error_not_a_traceback(capsys, tmp_path):
    code, _, err = run(capsys, "list", "--file", str(tmp_path / "nope.yaml"))
    assert code == 1 and "cannot read" in err and "Traceback" not in err


def test_bad_usage_exits_2(capsys):
    assert run(capsys, "print", "--bogus")[0] == 2


def test_reader_refuses_to_start_without_a_terminal(capsys):
    code, _, err = run(capsys, MINI)
    assert code == 2 and "needs a terminal" in err


def _python(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env={**os.environ, **env}, timeout=60
    )


def test_printing_commands_never_import_textual():
    code = (
        "import sys\n"
        "from briefing.cli import main\n"
        f"for args in (['list', '-f', {MINI!r}], ['print', 'thesis', '-f', {MINI!r}],"
        f" ['print', '--all', '-f', {MINI!r}], ['validate', {MINI!r}]):\n"
        "    assert main(args) == 0\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'briefing.tui'))\n"
        "print('IMPORTED', bad)\n"
    )
    result = _python("-c", code)
    assert result.returncode == 0, result.stderr
    assert "IMPORTED []" in result.stdout


def test_python_dash_m_and_broken_pipe():
    result = _python("-m", "briefing", "validate", MINI)
    assert result.returncode == 0 and "valid" in result.stdout
    shell = subprocess.run(
        f"{sys.executable} -m briefing print --all -f {MINI} | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shell.stdout == "# Mini briefing\n" and "Traceback" not in shell.stderr


@pytest.mark.parametrize("limit", ["0", "-1", "many"])
def test_search_limit_must_be_a_positive_number(capsys, limit):
    code, _, err = run(capsys, "search", "gas", "--limit", limit, "--file", MINI)
    assert code == 2 and "--limit" in err


@pytest.mark.parametrize(("word", "hint"), [("lst", "did you mean `briefing list`?"),
                                            ("serch", "did you mean `briefing search`?"),
                                            ("zzz", "the commands are open, list")])  # fmt: skip
def test_an_unknown_command_is_a_usage_error_not_a_file(capsys, word, hint):
    code, _, err = run(capsys, word)
    assert code == 2 and f"no command or file {word!r}" in err and hint in err


def test_an_existing_file_named_like_a_command_still_opens(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lst").write_text((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    code, _, err = run(capsys, "lst")
    assert code == 2 and "needs a terminal" in err  # it got as far as the reader


def test_counts_are_singular_for_one(capsys, tmp_path):
    single = tmp_path / "single.yaml"
    single.write_text(FIXTURES.joinpath("second.yaml").read_text(encoding="utf-8"))
    code, out, _ = run(capsys, "validate", str(single))
    assert code == 0 and "1 article," in out and "1 quote\n" in out and "1 articles" not in out
    code, out, _ = run(capsys, "timeline", "--file", str(single), "--actor", "critic")
    assert code == 0 and out.splitlines()[0].endswith("   1 entry")


def test_a_folder_is_accepted_by_every_printing_command(capsys):
    for command in (["list"], ["print", "--all"], ["timeline"], ["search", "gas"]):
        code, out, err = run(capsys, *command, "--file", str(FIXTURES))
        assert code == 0, (command, err)
        assert "invalid.yaml" in err and "left out 1 file with problems" in err
        assert "Traceback" not in err
    code, out, _ = run(capsys, "list", "--file", str(FIXTURES))
    assert "Mini briefing" in out and "Second briefing" in out


def test_validate_takes_a_folder_and_reports_each_file(capsys):
    code, out, err = run(capsys, "validate", str(FIXTURES))
    assert code == 1
    assert "mini.yaml: valid" in out and "second.yaml: valid" in out
    assert "invalid.yaml: 4 problems" in err


def test_a_folder_with_no_valid_file_is_exit_1(capsys, tmp_path):
    (tmp_path / "bad.yaml").write_text("version: 1\n")
    code, _, err = run(capsys, "list", "--file", str(tmp_path))
    assert code == 1 and "bad.yaml" in err


# -- briefing new: a small, valid, commented briefing to start from, never written over a file --


def test_new_writes_a_valid_briefing_of_the_promised_shape(tmp_path, capsys):
    path = tmp_path / "south-caucasus.yaml"
    assert main(["new", str(path)]) == 0
    assert f"wrote {path}" in capsys.readouterr().err
    briefing = load(path)
    assert briefing.id == "south-caucasus" and briefing.title == "South caucasus"
    assert [g.title for g in briefing.groups] == ["Western actors", "Non-Western actors", "Conclusions"]
    counts = [len(briefing.articles), len(briefing.sections), len(briefing.sources), len(briefing.actors)]
    assert counts == [1, 1, 1, 1]
    (section,) = briefing.sections
    # every field of a section is shown (related is an empty list: a section has none to name)
    assert section.actors and section.claim.speaker and section.claim.quotes
    assert section.analysis.relation and section.analysis.voice
    assert section.sources and section.events and section.tags
    assert section.extra and section.claim.quotes[0].date and section.claim.quotes[0].venue
    assert "related: []" in path.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--strict", str(path)]) == 0
    assert capsys.readouterr().out.endswith("; 0 warnings\n")


def test_its_first_line_points_editors_at_the_shipped_schema(tmp_path):
    path = tmp_path / "b.yaml"
    assert main(["new", str(path)]) == 0
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={schema_path().resolve().as_uri()}"
    assert schema_path().is_file()


def test_a_title_is_kept_exactly_even_with_yaml_characters(tmp_path):
    path = tmp_path / "b.yaml"
    title = 'He said: "no" # not a comment, — ok? [yes]'
    assert main(["new", str(path), "--title", title]) == 0
    assert load(path).title == title


def test_new_never_writes_over_a_file_without_force(tmp_path, capsys):
    path = tmp_path / "mine.yaml"
    path.write_text("my own words\n", encoding="utf-8")
    assert main(["new", str(path)]) == 2
    assert "exists; add --force" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "my own words\n"
    assert main(["new", str(path), "--force"]) == 0
    load(path)


def test_new_refuses_a_directory_and_says_why(tmp_path, capsys):
    assert main(["new", str(tmp_path)]) == 2
    assert "it is a directory" in capsys.readouterr().err


def test_from_bundled_copies_the_bundled_briefing(tmp_path):
    path = tmp_path / "copy.yaml"
    assert main(["new", str(path), "--from-bundled"]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert text.split("\n", 1)[1] == bundled_path().read_text(encoding="utf-8")
    assert [s.id for s in load(path).sections] == [s.id for s in load(bundled_path()).sections]
    assert main(["new", str(path), "--from-bundled"]) == 2
    assert main(["new", str(tmp_path / "other.yaml"), "--from-bundled", "--title", "x"]) == 2


def test_slugs_from_file_names():
    assert slug("My Briefing 2025") == "my-briefing-2025"
    assert slug("--") == "my-briefing"
    assert slug("Çà") == "my-briefing"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("south_caucasus.v2.yaml", "South caucasus v2"),
        ("x.yaml", "X"),
        ("--_.yaml", "My briefing"),
        ("éire-news.yaml", "Éire news"),
    ],
)
def test_new_takes_its_title_from_the_file_name(tmp_path, capsys, name, title):
    # README (new): without --title, the title is the file's name in words, capitalised.
    path = tmp_path / name
    assert main(["new", str(path)]) == 0
    assert load(path).title == title
    (tmp_path / "blank").mkdir()
    assert main(["new", str(tmp_path / "blank" / name), "--title", "   "]) == 0  # a blank title is no title
    assert load(tmp_path / "blank" / name).title == title


def test_new_writes_its_title_readably_and_points_at_the_schema_it_is_given(tmp_path):
    # README (new): a starter to read: the title as written (no \u escapes), the modeline at the schema.
    from briefing.starter import modeline, starter, with_modeline

    schema = tmp_path / "my schema.json"
    text = starter(tmp_path / "b.yaml", "Leader Göyüşov — “ally”", schema)
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={schema.resolve().as_uri()}"
    assert '  title: "Leader Göyüşov — “ally”"   # *' in text.splitlines()
    assert with_modeline("version: 1\n", schema) == f"{modeline(schema)}\nversion: 1\n"
    assert with_modeline(text) == text  # already pointed at a schema: left as it is
    assert with_modeline("version: 1\n").startswith(modeline() + "\n")
    assert slug("Çà") == "my-briefing" and slug("Çà", "other") == "other"
    assert slug("-Mixed Case-") == "mixed-case"
