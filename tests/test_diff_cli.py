"""`briefing diff`: exit codes, --stat, --json, colour, and git's diff driver in a real repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.load import load

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
BRIEFING = str(Path(sys.executable).parent / "briefing")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def edited(tmp_path: Path, name: str = "new.yaml") -> Path:
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("title: Gas deals with the EU", "title: Gas deals with the Union")
    text = text.replace("group: non-western", "group: western")
    text = text.replace("      - {ref: column, role: claim}\n", "")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_same_files_exit_0_and_print_nothing(capsys) -> None:
    assert run(capsys, "diff", str(MINI), str(MINI)) == (0, "", "")


def test_different_files_exit_1_by_section(tmp_path, capsys) -> None:
    code, out, _ = run(capsys, "diff", str(MINI), str(edited(tmp_path)))
    assert code == 1
    assert "changed section eu-deals “Gas deals with the Union”" in out
    assert "  title: Gas deals with the [-EU-]{+Union+}" in out
    assert "    - column as claim" in out
    assert "moved section russia-ally" in out and "  group: non-western → western" in out
    assert "\x1b" not in out  # not a terminal: no colour


def test_stat_is_one_line_per_changed_record(tmp_path, capsys) -> None:
    code, out, _ = run(capsys, "diff", "--stat", str(MINI), str(edited(tmp_path)))
    assert code == 1
    assert out.splitlines() == [
        "changed  section  eu-deals     title, sources",
        "moved    section  russia-ally  group",
    ]


def test_json(tmp_path, capsys) -> None:
    code, out, _ = run(capsys, "diff", "--json", str(MINI), str(edited(tmp_path)))
    data = json.loads(out)
    assert code == 1 and data["format"] == 1 and data["counts"]["moved"] == 1
    assert [(c["id"], c["status"], c["moved"]) for c in data["changes"]] == [
        ("eu-deals", "changed", False),
        ("russia-ally", "changed", True),
    ]
    code, out, _ = run(capsys, "diff", "--json", str(MINI), str(MINI))
    assert code == 0 and json.loads(out)["same"] is True


def test_an_invalid_file_exits_2_with_its_located_problems(capsys) -> None:
    code, out, err = run(capsys, "diff", str(MINI), str(FIXTURES / "invalid.yaml"))
    assert code == 2 and out == ""
    assert "invalid.yaml:14:14: sections[0].article: no article with id 'missing-article'" in err
    assert "invalid.yaml:26:12: sections[1].claim.summary: required field is missing" in err


def test_a_missing_file_and_usage_errors_exit_2(tmp_path, capsys) -> None:
    code, _, err = run(capsys, "diff", str(MINI), str(tmp_path / "nope.yaml"))
    assert code == 2 and "nope.yaml" in err
    assert run(capsys, "diff", str(MINI))[0] == 2
    assert run(capsys, "diff", "--json", "--stat", str(MINI), str(MINI))[0] == 2
    assert run(capsys, "diff", "--git", "a", "b")[0] == 2


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path) -> None:
    new = str(edited(tmp_path))
    script = (
        "import sys; sys.stdout.isatty = lambda: True; from briefing.cli import main; "
        f"sys.exit(main(['diff', {str(MINI)!r}, {new!r}]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    coloured = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert coloured.returncode == 1
    assert "\x1b[" in coloured.stdout and "[-EU-]" not in coloured.stdout
    assert "\x1b[9" in coloured.stdout or ";9m" in coloured.stdout  # removed words struck through
    for extra in ({"NO_COLOR": "1"}, {"TERM": "dumb"}):
        plain = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env={**env, **extra}
        )
        assert "\x1b" not in plain.stdout and "[-EU-]{+Union+}" in plain.stdout


def test_the_printing_path_never_imports_textual(tmp_path) -> None:
    new = str(edited(tmp_path))
    script = (
        "import sys; from briefing.cli import main; main(['diff', '--stat', "
        f"{str(MINI)!r}, {new!r}]); print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.splitlines()[-1] == "False"


# -- git -------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_PAGER": "cat", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)}
    env.pop("GIT_EXTERNAL_DIFF", None)
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=True)
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not Path(BRIEFING).exists():
        pytest.skip("the briefing command is not installed beside this Python")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.email", "test@example.org")
    git(root, "config", "user.name", "Test")
    git(root, "config", "diff.briefing.command", f"{BRIEFING} diff --git")
    (root / ".gitattributes").write_text("*.yaml diff=briefing\n", encoding="utf-8")
    shutil.copy(MINI, root / "b.yaml")
    (root / "notes.txt").write_text("plain\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    return root


def test_git_diff_reads_by_section(repo: Path) -> None:
    edited(repo, "b.yaml")
    (repo / "notes.txt").write_text("plain, changed\n", encoding="utf-8")
    out = git(repo, "diff")
    assert "briefing diff a/b.yaml b/b.yaml" in out
    assert "changed section eu-deals" in out and "title: Gas deals with the [-EU-]{+Union+}" in out
    assert "moved section russia-ally" in out
    assert "+plain, changed" in out  # other files keep git's own diff
    assert "-    title: Gas deals" not in out  # no YAML line diff for the briefing


def test_git_log_p_reads_by_section_with_added_and_deleted_files(repo: Path) -> None:
    edited(repo, "b.yaml")
    git(repo, "commit", "-qam", "second")
    shutil.copy(MINI, repo / "c.yaml")
    git(repo, "add", "c.yaml")
    git(repo, "commit", "-qm", "third")
    git(repo, "rm", "-q", "b.yaml")
    git(repo, "commit", "-qm", "fourth")
    log = git(repo, "log", "-p", "--ext-diff", "--format=commit %s")
    fourth, third, second, _first = log.split("commit ")[1:]
    assert "deleted file" in fourth and "removed section thesis" in fourth
    assert "new file" in third and "added section thesis" in third
    assert "changed section eu-deals" in second and "moved section russia-ally" in second
    assert "title: Gas deals with the [-EU-]{+Union+}" in second


def test_git_shows_an_invalid_version_line_by_line(repo: Path) -> None:
    (repo / "b.yaml").write_text((FIXTURES / "invalid.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    out = git(repo, "diff")
    assert "not a valid briefing, shown line by line" in out
    assert "sections[0].article: no article with id 'missing-article'" in out
    assert "\n+" in out and "\n-" in out


def test_git_external_diff_environment_variable(repo: Path) -> None:
    edited(repo, "b.yaml")
    env = {**os.environ, "GIT_PAGER": "cat", "GIT_EXTERNAL_DIFF": f"{BRIEFING} diff --git", "HOME": str(repo)}
    git(repo, "config", "--unset", "diff.briefing.command")
    out = subprocess.run(
        ["git", "diff"], cwd=repo, capture_output=True, text=True, env=env, check=True
    ).stdout
    assert "changed section eu-deals" in out


def test_rule_git_dev_null_reads_as_every_record_added_or_removed(tmp_path, capsys) -> None:
    # README "In git": /dev/null stands for the missing side of an added or deleted file, which
    # then reads as every record added or removed (and the briefing's own fields as unchanged).
    path = tmp_path / "b.yaml"
    text = MINI.read_text(encoding="utf-8")
    path.write_text(text + "extra: {edition: 2}\n", encoding="utf-8")  # the briefing's own extra
    records = [
        "section thesis “The main threat”",
        "section eu-deals “Gas deals with the EU”",
        "section russia-ally “On relations with Russia”",
        "article alpha “The first article”",
        "article beta “A second article”",
        "group home “The two neighbours”",
        "group western “Western actors”",
        "group non-western “Non-Western actors”",
        "actor ana “Ana Author”",
        "actor leader “Leader Göyüşov”",
        "actor eu “European Union”",
        "actor russia “Russia”",
        "source column “The first article”",
        "source gas-deal “EU gas memorandum”",
    ]
    placed = {
        "thesis": "alpha, group home",
        "eu-deals": "alpha, group western",
        "russia-ally": "beta, group non-western",
    }

    def placement(record: str) -> str:
        kind, sid = record.split()[:2]
        return f" (article {placed[sid]})" if kind == "section" else ""

    assert load(path).extra == {"edition": 2}
    code, out, _ = run(
        capsys, "diff", "--git", "b.yaml", "/dev/null", "0" * 7, ".", str(path), "1" * 7, "100644"
    )
    assert code == 0
    assert out.splitlines() == [
        "briefing diff a/b.yaml b/b.yaml",
        "new file",
        "14 records differ: 14 added",
        *(f"added {r}{placement(r)}" for r in records),
    ]
    code, out, _ = run(
        capsys, "diff", "--git", "b.yaml", str(path), "1" * 7, "100644", "/dev/null", "0" * 7, "."
    )
    assert code == 0
    assert out.splitlines() == [
        "briefing diff a/b.yaml b/b.yaml",
        "deleted file",
        "14 records differ: 14 removed",
        *(f"removed {r}" for r in records),
    ]


def git_args(old: Path | str, new: Path | str, path: str = "b.yaml") -> list[str]:
    """The seven arguments git gives an external diff."""
    return ["diff", "--git", path, str(old), "1" * 7, "100644", str(new), "2" * 7, "100644"]


def test_rule_git_shows_an_invalid_version_line_by_line_in_process(tmp_path, capsys) -> None:
    # README "In git": a version that does not validate is named with its problems and shown
    # line by line, nothing hidden: not UTF-8 bytes, a lost final newline; always exit 0.
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    text = (FIXTURES / "invalid.yaml").read_text(encoding="utf-8")
    old.write_text(text.rstrip("\n"), encoding="utf-8")
    new.write_bytes(text.replace("version: 1", "version: 1 # caf\xe9", 1).encode("latin-1"))
    code, out, _ = run(capsys, *git_args(old, new))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "briefing diff b.yaml"
    assert lines[1].startswith(f"not a valid briefing, shown line by line: {old}:")
    assert any(f"{new}:" in line and "UTF-8" in line for line in lines)
    assert "--- a/b.yaml" in lines and "+++ b/b.yaml" in lines
    assert "+version: 1 # caf\ufffd" in lines and "-version: 1" in lines
    last = text.rstrip("\n").splitlines()[-1]
    assert lines.count(f"-{last}") == 1 and lines.count(f"+{last}") == 1  # only its newline changed


def test_rule_git_exits_0_and_says_nothing_when_the_versions_match(capsys) -> None:
    # README "In git": the command exits 0 whatever differs, as git expects.
    assert run(capsys, *git_args(MINI, MINI)) == (0, "", "")


def test_rule_since_read_in_json_and_in_colour(tmp_path, capsys) -> None:
    # README "Commands", `briefing diff --since-read [--json]`: the sections changed since
    # read, with when; JSON `{"format": 1, "sections": [{"id", "status", "title", "read_at"}]}`
    # as typed; in colour the status and id in bold and the time dim; state warnings on stderr.
    from briefing import diff_cli, seen
    from briefing.state import StateStore, key_for

    path = tmp_path / "b.yaml"
    shutil.copy(MINI, path)
    store, key = StateStore(), key_for(load(path))
    assert key is not None
    seen.remember_known(store, key, set(load(path).section_by_id))
    seen.remember_read(store, key, load(path).section_by_id["thesis"], now=1000.0)
    store.close()
    path.write_text(path.read_text(encoding="utf-8").replace("The main threat", "Göyüşov's threat"), "utf-8")
    code, out, _ = run(capsys, "diff", "--since-read", "--json", "--file", str(path))
    assert code == 1
    assert out == (
        '{\n "format": 1,\n "sections": [\n  {\n   "id": "thesis",\n   "status": "changed",\n'
        '   "title": "Göyüşov\'s threat",\n   "read_at": 1000.0\n  }\n ]\n}\n'
    )
    (store.directory / "state.json").write_text("not json", encoding="utf-8")
    assert diff_cli.since_read(load(path), json_out=False, color=True) == 1
    out, err = capsys.readouterr()
    assert err.startswith("briefing: state file state.json is not valid JSON")
    assert "\x1b[1mchanged thesis\x1b[0m  Göyüşov's threat\x1b[2m  (read " in out
    assert seen.when(1000.0) in out


def test_rule_git_colours_the_heading_and_dims_the_problems(tmp_path, capsys) -> None:
    # README "In git": in git's pager it colours as on a terminal; the file's heading is bold,
    # the problems of a version that does not validate dim.
    from briefing import diff_cli

    assert diff_cli.git("b.yaml", "b.yaml", str(MINI), str(FIXTURES / "invalid.yaml"), color=True) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "\x1b[1mbriefing diff b.yaml\x1b[0m\n\x1b[2mnot a valid briefing, shown line by line: "
    )


def test_rule_diff_files_in_colour_json_and_trouble_in_process(tmp_path, capsys) -> None:
    # README "briefing diff": colour on a terminal (text as typed: no emoji codes, numbers not
    # highlighted, long lines unwrapped); --json as documented with both paths as given;
    # usage and invalid files exit 2 with every problem of both files.
    from briefing import diff_cli

    old = tmp_path / "Göyüşov.yaml"
    shutil.copy(MINI, old)
    new = tmp_path / "new.yaml"
    long_title = "Gas deals :thumbs_up: in 2022 " + "and more " * 12
    new.write_text(
        MINI.read_text(encoding="utf-8").replace("Gas deals with the EU", f'"{long_title.strip()}"'), "utf-8"
    )
    assert diff_cli.files(str(old), str(new), json_out=False, stat=False, color=True) == 1
    out = capsys.readouterr().out
    assert "\x1b[1mchanged section eu-deals\x1b[0m “Gas deals :thumbs_up: in 2022 and more" in out
    assert long_title.strip() + "”\n" in out  # one line, however long
    assert diff_cli.files(str(old), str(new), json_out=True, stat=False, color=False) == 1
    out = capsys.readouterr().out
    assert f'"path": "{old}"' in out  # as typed, not \u escapes
    assert (json.loads(out)["old"]["path"], json.loads(out)["new"]["path"]) == (str(old), str(new))
    assert diff_cli.files(str(old), str(new), json_out=True, stat=True, color=False) == 2
    assert capsys.readouterr().err == "briefing: --json and --stat do not go together\n"
    bad = tmp_path / "bad.yaml"
    shutil.copy(FIXTURES / "invalid.yaml", bad)
    assert (
        diff_cli.files(str(FIXTURES / "invalid.yaml"), str(bad), json_out=False, stat=False, color=False) == 2
    )
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "briefing diff: cannot compare: a file is not a valid briefing"
    assert {line.split(":")[0] for line in err[:-1]} == {str(FIXTURES / "invalid.yaml"), str(bad)}


def test_rule_git_headings_are_bold_and_a_line_diff_keeps_its_lines(tmp_path, capsys) -> None:
    # README "In git": the file's heading and "new file" bold in colour; a line-by-line diff
    # reads as git's own, one line each.
    from briefing import diff_cli

    assert diff_cli.git("b.yaml", "b.yaml", "/dev/null", str(MINI), color=True) == 0
    out = capsys.readouterr().out
    assert out.startswith("\x1b[1mbriefing diff a/b.yaml b/b.yaml\x1b[0m\n\x1b[1mnew file\x1b[0m\n")
    code, out, _ = run(capsys, *git_args(MINI, FIXTURES / "invalid.yaml"))
    assert code == 0 and "\n--- a/b.yaml\n+++ b/b.yaml\n@@ " in out
