"""The printing commands: list, print, validate; exit codes; no Textual on these paths."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from briefing import serve
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


# -- briefing serve: the extra, the address, the state, the page --------------------------
# ``serve.serve`` is replaced by a recorder, so what the command decides is checked without
# a socket; the server itself runs in test_browser_serve.py.

SERVED = Path(MINI)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    pytest.importorskip("textual_serve", reason="the web extra is not installed")
    calls: list[dict[str, Any]] = []

    def record(paths: list[Path], **options: Any) -> None:
        calls.append({"paths": paths, **options})

    monkeypatch.setattr(serve, "serve", record)
    return calls


def test_without_the_extra_one_line_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import fails as if not installed
    assert main(["serve", str(SERVED)]) == 2
    err = capsys.readouterr().err
    assert err == "briefing: serve needs the web extra: pip install 'briefing[web]'\n"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.9.9.9", "::1", "[::1]", "localhost"])
def test_loopback_addresses(host: str) -> None:
    assert serve.is_loopback(host)
    assert serve.exposure_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1"])
def test_other_addresses_are_warned_about(host: str) -> None:
    assert not serve.is_loopback(host)
    warning = serve.exposure_warning(host)
    assert warning is not None and "no authentication" in warning


def test_loopback_by_default_and_quietly(
    started: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", str(SERVED)]) == 0
    assert capsys.readouterr().err == ""
    (call,) = started
    assert (call["host"], call["port"], call["state_dir"]) == ("127.0.0.1", 8000, None)
    assert call["paths"] == [SERVED.resolve()]
    assert call["title"] == "Mini briefing — briefing"


def test_another_address_is_served_with_a_warning(
    started: list[dict[str, Any]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    state = tmp_path / "shared" / "state"
    assert main(["serve", str(SERVED), "--host", "0.0.0.0", "--port", "8123", "--state-dir", str(state)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("briefing: warning: serving on 0.0.0.0") and "no authentication" in err
    (call,) = started
    assert (call["host"], call["port"], call["state_dir"]) == ("0.0.0.0", 8123, state.resolve())
    assert state.is_dir()  # made, so the first visitor's bookmark has somewhere to go


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "0"], "--port takes 1 to 65535"),
        (["--port", "70000"], "--port takes 1 to 65535"),
        (["nowhere.yaml"], "no such file or folder"),
    ],
)
def test_usage_errors(
    started: list[dict[str, Any]], capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    argv = ["serve", *args] if args[0].endswith(".yaml") else ["serve", str(SERVED), *args]
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert started == []


def test_a_port_in_use_is_an_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("textual_serve", reason="the web extra is not installed")

    def busy(paths: list[Path], **options: Any) -> None:
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(serve, "serve", busy)
    assert main(["serve", str(SERVED)]) == 1
    assert capsys.readouterr().err == "briefing: cannot serve on 127.0.0.1:8000: Address already in use\n"


def test_each_tab_runs_this_python_and_this_package() -> None:
    command = serve.reader_command([Path("/b/one file.yaml")])
    assert command == f"{sys.executable} -m briefing open '/b/one file.yaml'"


async def test_the_page_is_ours_escapes_the_title_and_follows_the_address_used() -> None:
    pytest.importorskip("textual_serve", reason="the web extra is not installed")
    from aiohttp.test_utils import TestClient, TestServer

    server = serve.make_server([SERVED], host="127.0.0.1", port=8000, title="<script>alert(1)</script> & co")
    async with TestClient(TestServer(await server._make_app())) as client:
        page = await (await client.get("/", headers={"Host": "reader.example:8443"})).text()
        assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>" in page
        assert "<script>alert(1)" not in page
        assert 'data-session-websocket-url="ws://reader.example:8443/ws"' in page
        assert "fonts.googleapis.com" not in page and "http://reader.example:8443/static/fonts/" in page
        proxied = await client.get("/", headers={"Host": "reader.example", "X-Forwarded-Proto": "https"})
        assert 'data-session-websocket-url="wss://reader.example/ws"' in await proxied.text()
        font = await client.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")
        assert font.status == 200


# -- the commands and options, as `--help` shows them ---------------------------------------

CLI_OPTIONS = FIXTURES / "cli-options.json"


def _described(parser: Any) -> dict[str, Any]:
    """What `--help` shows of a parser: its text, and each argument's names, form and help."""
    import argparse

    out: dict[str, Any] = {"prog": parser.prog, "description": parser.description, "epilog": parser.epilog}
    arguments: list[dict[str, Any]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            out["commands"] = {
                name: {"help": shown.help, **_described(action.choices[name])}
                for name, shown in zip(action.choices, action._choices_actions, strict=True)
            }
        elif not isinstance(action, argparse._HelpAction):
            arguments.append(
                {
                    "flags": action.option_strings or [action.dest],
                    "action": type(action).__name__,
                    "nargs": action.nargs,
                    "metavar": action.metavar,
                    "default": action.default,
                    "choices": list(action.choices) if action.choices else None,
                    "required": action.required if action.option_strings else None,
                    "type": getattr(action.type, "__name__", None),
                    "help": action.help,
                    "version": getattr(action, "version", None),
                }
            )
    out["arguments"] = arguments
    return out


def test_every_command_and_option_is_as_documented():
    # README (commands): the commands, their options and their help change only on purpose.
    import json

    from briefing.cli import build_parser

    expected = json.loads(CLI_OPTIONS.read_text(encoding="utf-8"))
    assert _described(build_parser()) == expected
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in expected["commands"].items():
        if name != "open":
            assert f"| `briefing {name}" in readme, name
        for argument in command["arguments"]:
            flags = argument["flags"]
            if flags[0].startswith("-"):
                assert any(re.search(f"{flag}\\b", readme) for flag in flags), (name, flags)


# -- usage errors: exit 2 and one line that says what to do ---------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["print", "thesis", "--all"], "give a section id or --all, not both"),
        (["print"], "give a section id (see `briefing list`) or --all"),
        (["print", "thesiss"], "no section 'thesiss'; did you mean thesis, thesis-two?"),
        (["print", "zzzz"], "no section 'zzzz'; `briefing list` shows every id"),
        (["print", "th"], "'th' is ambiguous: it starts thesis, thesis-two"),
        (["print", "thesis", "--notes", "--format", "json"],
         "--notes adds your notes to md and html, not to json"),
        (["print", "thesis", "--notes", "--format", "claimreview"],
         "--notes adds your notes to md and html, not to claimreview"),
        (["state", "-o", "x.json"], "-o goes with --export"),
        (["new", "n.yaml", "--from-bundled", "--title", "T"],
         "--title is for a new briefing; --from-bundled copies the bundled one as it is"),
        (["validate", "emptydir"], "no *.yaml or *.yml files in emptydir"),
        (["validate", "emptydir", "other"], "no *.yaml or *.yml files in emptydir, other"),
        (["timeline", "--actor", "leadr"], "no such id 'leadr'; did you mean leader?"),
        (["timeline", "--group", "nowhere"], "no such id 'nowhere'"),
        (["verify", "--text", "gamma=x"], "no article 'gamma'; the articles are alpha, beta"),
        (["verify", "--text", "alpha"], "--text takes ARTICLE_ID=PATH, not 'alpha'"),
        (["verify", "--text", "alpha="], "--text takes ARTICLE_ID=PATH, not 'alpha='"),
        (["verify", "--text", "alpha=missing.txt"], "cannot read missing.txt: No such file or directory"),
        (["verify", "--text", "alpha=latin1.txt"],
         "cannot read latin1.txt: 'utf-8' codec can't decode byte 0xe9 in position 0: "
         "invalid continuation byte"),
        (["diff", "--since-read", "a", "b"],
         "--since-read compares the briefing with what you read; give no files"),
        (["diff", "--git", "a", "b"], "--git takes the 7 (or 9) arguments git passes, not 2; see the README"),
        (["diff", "a"], "give two briefing files: briefing diff OLD NEW"),
        (["open", "emptydir"], "no *.yaml or *.yml files in emptydir"),
        (["serve", "emptydir"], "no *.yaml or *.yml files in emptydir"),
        (["lst"], "no command or file 'lst'; did you mean `briefing list`?"),
        (["zzzzzz"], "no command or file 'zzzzzz'; the commands are "
         "open, list, print, validate, search, timeline, verify, new, schema, diff, serve, state"),
    ],
)  # fmt: skip
def test_a_usage_error_is_one_line_that_says_what_to_do(tmp_path, monkeypatch, capsys, argv, message):
    # README (exit codes): a usage error exits 2 with one line, never a traceback.
    pytest.importorskip("textual_serve", reason="the web extra is not installed")
    text = Path(MINI).read_text(encoding="utf-8").replace("id: russia-ally", "id: thesis-two")
    (tmp_path / "mini.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "emptydir").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "latin1.txt").write_bytes(b"\xe9t\xe9")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFING_FILE", str(tmp_path / "mini.yaml"))
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path / "state"))
    code, out, err = run(capsys, *argv)
    assert (code, out, err) == (2, "", f"briefing: {message}\n")


def test_file_goes_with_since_read_only(capsys):
    code, _, err = run(capsys, "diff", "--file", MINI, "a", "b")
    assert (code, err) == (2, "briefing: --file goes with --since-read; to compare files give OLD and NEW\n")


@pytest.mark.parametrize(
    ("limit", "why"), [("0", "0 is not a positive number"), ("x", "'x' is not a whole number")]
)
def test_search_limit_takes_a_positive_number(capsys, limit, why):
    # README (search): `--limit N` takes a positive number.
    code, _, err = run(capsys, "search", "--limit", limit, "gas", "--file", MINI)
    assert code == 2 and err.endswith(f"briefing search: error: argument --limit: {why}\n")


def test_a_search_that_finds_nothing_says_so_and_exits_1(capsys):
    # README (exit codes): 1 for a search with no hit.
    assert run(capsys, "search", "zzzqqq", "--file", MINI) == (1, "", "briefing: nothing matches 'zzzqqq'\n")


# -- what the printing commands print ---------------------------------------------------------


def test_state_lists_where_it_is_kept_and_what_each_briefing_has(tmp_path, monkeypatch, capsys):
    # README (state): where bookmarks and notes are kept, per briefing, with the last place read.
    from briefing.state import StateStore

    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path))
    assert run(capsys, "state") == (0, f"state: {tmp_path / 'state.sqlite3'} (nothing kept yet)\n", "")
    store = StateStore(tmp_path)
    store.set_theme("light")
    store.toggle_bookmark("bundled:mini", "thesis")
    store.set_note("bundled:mini", "thesis", "mine")
    store.remember("other", section="x")
    code, out, err = run(capsys, "state")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"state: {tmp_path / 'state.sqlite3'}",
        "theme: light",
        "other: 0 bookmarks, 0 notes; last read x",
        "bundled:mini: 1 bookmark, 1 note",
    ]


def test_new_says_what_it_wrote_and_what_to_do_next(tmp_path, monkeypatch, capsys):
    # README (new): the file written, and how to open and check it.
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "new", "fresh.yaml") == (
        0,
        "",
        "wrote fresh.yaml\n"
        "open it with `briefing fresh.yaml`; check it with `briefing validate --strict fresh.yaml`\n",
    )


def test_new_from_a_bundled_briefing_that_cannot_be_read_says_so(tmp_path, monkeypatch, capsys):
    # README (exit codes): a failed read is exit 1 and one line, no traceback; nothing is written.
    import briefing.paths

    monkeypatch.setattr(briefing.paths, "bundled_path", lambda: tmp_path / "gone.yaml")
    code, out, err = run(capsys, "new", str(tmp_path / "copy.yaml"), "--from-bundled")
    assert (code, out) == (1, "")
    assert err == "briefing: cannot read the bundled briefing: No such file or directory\n"
    assert not (tmp_path / "copy.yaml").exists()


def test_verify_prints_each_quote_and_sums_them_up(tmp_path, capsys):
    # README (verify): each quote's status (with the line when verbatim), then a count of each.
    text = tmp_path / "alpha.txt"
    text.write_text("Intro.\nShe called it the greatest threat.\n", encoding="utf-8")
    code, out, err = run(capsys, "verify", "--text", f"alpha={text}", "--file", MINI)
    assert code == 1
    assert out.splitlines()[0] == f"thesis    quote 1  verbatim    {text}:2  “the greatest threat”"
    assert out.splitlines()[1] == "eu-deals  quote 1  not found     “trustworthy”"
    assert err == "2 quotes: 1 verbatim, 0 only after normalising, 1 not found\n"
    text.write_text("the greatest threat, and “trustworthy”", encoding="utf-8")
    assert run(capsys, "verify", "--text", f"alpha={text}", "--file", MINI)[::2] == (
        0,
        "2 quotes: 2 verbatim, 0 only after normalising, 0 not found\n",
    )


def test_timeline_prints_each_entry_under_its_year(capsys):
    # README (timeline): an axis line, then every entry by year: date, label, actors, where from.
    code, out, err = run(capsys, "timeline", "--file", MINI)
    assert (code, err) == (0, "")
    assert out == (
        "2022 █ ▂ 2024   6 entries\n\n2022\n"
        "  2022                   European Union: “trustworthy” [European Union]  (eu-deals)\n"
        "  2022-07                Gas deal signed [European Union]  (eu-deals)\n"
        "  2022-09                Article: The first article  (alpha)\n"
        "  2022-09                Ana Author: “the greatest threat” [Ana Author]  (thesis)\n"
        "  2022-09-12/2022-09-14  Border assault [Leader Göyüşov]  (thesis)\n"
        "\n2024\n"
        "  2024-12/2025-01        Leader Göyüşov: “a reliable partner” [Leader Göyüşov]  (russia-ally)\n"
    )
    none = run(capsys, "timeline", "--actor", "russia", "--file", MINI)
    assert none == (0, "", "briefing: no dated entries\n")


def test_search_prints_each_hit_and_its_snippet(capsys):
    # README (search): id, title, group and a snippet per hit; --json the same with match offsets.
    code, out, err = run(capsys, "search", "gas", "--file", MINI)
    assert (code, err) == (0, "")
    assert out.splitlines()[0::2] == [
        "eu-deals     Gas deals with the EU (Western actors, alpha)",
        "russia-ally  On relations with Russia (Non-Western actors, beta)",
    ]
    assert all(line.startswith(" " * 13) and "gas" in line for line in out.splitlines()[1::2])
    import json

    code, out, _ = run(capsys, "search", "--json", "--limit", "1", "gas", "--file", MINI)
    (hit,) = json.loads(out)
    assert {k: v for k, v in hit.items() if k not in ("score", "snippet")} == {
        "id": "eu-deals",
        "title": "Gas deals with the EU",
        "article": "alpha",
        "group": "Western actors",
        "matches": [[35, 38]],
    }
    assert hit["snippet"][35:38] == "gas" and isinstance(hit["score"], float)


# -- how main ends: exit codes for what the world does -----------------------------------------


@pytest.mark.parametrize(
    ("error", "code", "said"),
    [
        (BrokenPipeError(32, "Broken pipe"), 1, ""),
        (OSError(28, "No space left on device"), 1,
         "briefing: cannot write to standard output: No space left on device\n"),
    ],
)  # fmt: skip
def test_output_that_fails_ends_the_command_with_exit_1(monkeypatch, capsys, error, code, said):
    # README (output): a full disk is one line and exit 1; a reader gone ends quietly, exit 1.
    class Failing:
        def write(self, text: str) -> int:
            raise error

        def flush(self) -> None:
            pass

    saved = os.dup(1)
    try:
        monkeypatch.setattr(sys, "stdout", Failing())
        assert main(["list", "--file", MINI]) == code
        stat_1, null = os.fstat(1), os.stat(os.devnull)
        assert (stat_1.st_dev, stat_1.st_ino) == (null.st_dev, null.st_ino)  # the last flush cannot fail
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    assert capsys.readouterr().err == said


def test_ctrl_c_exits_130_and_a_bad_briefing_1(monkeypatch, capsys, bad_file):
    # README (exit codes): 1 for an invalid briefing, with its problems; Ctrl+C is the shell's 130.
    import briefing.cli

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    code, out, err = run(capsys, "list", "--file", str(bad_file))
    assert (code, out) == (1, "") and len(err.splitlines()) == 2
    assert all(LOCATED.match(line) for line in err.splitlines())
    monkeypatch.setitem(briefing.cli.COMMANDS, "list", ("list", interrupted))
    assert run(capsys, "list") == (130, "", "")


def test_version_and_help_exit_0(capsys):
    from briefing import __version__

    assert run(capsys, "--version") == (0, f"briefing {__version__}\n", "")
    code, out, _ = run(capsys, "--help")
    assert code == 0 and out.startswith("usage: briefing") and "Exit codes: 0 ok" in out
    code, out, _ = run(capsys, "print", "-h")
    assert code == 0 and out.startswith("usage: briefing print")


@pytest.mark.parametrize(
    ("found", "loopback"),
    [
        ([("127.0.0.1",), ("::1",)], True),
        ([("fe80::1%eth0",)], False),
        ([("::1%lo",)], True),
        ([("127.0.0.1",), ("192.168.1.20",)], False),
        ([], False),
        (OSError("no such host"), False),
    ],
)
def test_a_host_name_is_loopback_only_when_every_address_it_has_is(monkeypatch, found, loopback):
    # SECURITY (serve): any address that is not loopback gets the warning, names included.
    import socket

    def getaddrinfo(host: str, port: object) -> list[tuple[Any, ...]]:
        assert host == "reader.example"
        if isinstance(found, OSError):
            raise found
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", address) for address in found]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    assert serve.is_loopback("reader.example") is loopback
    assert (serve.exposure_warning("reader.example") is None) is loopback


def test_the_exposure_warning_says_what_is_at_risk_and_what_to_do():
    # SECURITY (serve): the warning says the server has no authentication and how to protect it.
    assert serve.is_loopback("LOCALHOST") and serve.is_loopback("localhost.")
    assert serve.exposure_warning("0.0.0.0") == (
        "briefing: warning: serving on 0.0.0.0, which other machines can reach. The server has no "
        "authentication: anyone who can reach it reads the briefing and shares its bookmarks and "
        "notes. Put it behind a proxy that authenticates (and serves https), or bind to 127.0.0.1."
    )


def test_serve_shares_one_state_directory_with_every_reader(monkeypatch, tmp_path):
    # README (serve): --state-dir is where every visitor's bookmarks and notes go.
    from briefing.state import STATE_DIR_ENV

    started: list[tuple[Any, ...]] = []

    class Server:
        def serve(self) -> None:
            started.append((os.environ.get(STATE_DIR_ENV),))

    def make_server(paths: Any, **options: Any) -> Server:
        started.append((paths, options))
        return Server()

    monkeypatch.setattr(serve, "make_server", make_server)
    monkeypatch.delenv(STATE_DIR_ENV, raising=False)
    serve.serve([SERVED], host="h", port=1, state_dir=None)
    assert started == [([SERVED], {"host": "h", "port": 1, "title": "briefing"}), (None,)]
    serve.serve([SERVED], host="h", port=1, state_dir=tmp_path, title="T")
    assert started[2:] == [([SERVED], {"host": "h", "port": 1, "title": "T"}), (str(tmp_path),)]


def test_a_state_directory_that_cannot_be_made_is_a_usage_error(started, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    state = tmp_path / "file" / "state"
    code, _, err = run(capsys, "serve", MINI, "--state-dir", str(state))
    assert (code, err) == (2, f"briefing: cannot use {state} for state: Not a directory\n")
    assert started == []


def test_a_folder_or_a_broken_file_is_served_under_the_plain_title(started, tmp_path, capsys):
    # README (serve): the page's title is the briefing's when one file opens and loads.
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\n", encoding="utf-8")
    assert main(["serve", str(broken)]) == 0
    assert main(["serve", str(FIXTURES)]) == 0
    assert main(["serve", MINI, str(broken)]) == 0
    assert [call["title"] for call in started] == ["briefing", "briefing", "briefing"]


async def test_the_page_takes_a_font_size_within_bounds() -> None:
    pytest.importorskip("textual_serve", reason="the web extra is not installed")
    from aiohttp.test_utils import TestClient, TestServer

    server = serve.make_server([SERVED], host="127.0.0.1", port=8000, title="t")
    async with TestClient(TestServer(await server._make_app())) as client:
        for asked, given in [("20", "20"), ("1", "6"), ("100", "64"), ("big", "16"), (None, "16")]:
            query = "" if asked is None else f"?fontsize={asked}"
            page = await (await client.get(f"/{query}")).text()
            assert f'data-font-size="{given}"' in page, asked


@pytest.mark.parametrize(("host", "shown"), [("::1", "[::1]"), ("127.0.0.1", "127.0.0.1")])
async def test_the_server_says_where_it_serves(capsys, host: str, shown: str) -> None:
    # README (serve): the address to open, IPv6 in brackets, and how to stop it.
    pytest.importorskip("textual_serve", reason="the web extra is not installed")
    server = serve.make_server([SERVED], host=host, port=8001, title="t")
    await server.on_startup(None)
    said = capsys.readouterr().out
    assert said == f"briefing: serving the reader on http://{shown}:8001/ (Ctrl+C stops it)\n"


class _Terminal:
    """A standard output that is a terminal, keeping what is written."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        ({"TERM": "xterm"}, True),
        ({"TERM": "dumb"}, False),
        ({"TERM": "xterm", "NO_COLOR": "1"}, False),
        ({}, True),
    ],
)
def test_search_marks_matches_in_reverse_video_on_a_terminal(monkeypatch, capsys, env, coloured):
    # README (search): matches in reverse video on a terminal, unless NO_COLOR is set or TERM=dumb.
    for key in ("TERM", "NO_COLOR"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["search", "memorandum", "--file", MINI]) == 0
    marked = "\x1b[1;7mmemorandum\x1b[0m" in terminal.text
    assert marked is coloured and ("\x1b" in terminal.text) is coloured
    assert "memorandum" in terminal.text


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        ({"GIT_PAGER_IN_USE": "true", "TERM": "xterm"}, True),
        ({"GIT_PAGER_IN_USE": "true"}, True),
        ({"GIT_PAGER_IN_USE": "true", "TERM": "dumb"}, False),
        ({"GIT_PAGER_IN_USE": "true", "TERM": "xterm", "NO_COLOR": "1"}, False),
        ({"GIT_PAGER_IN_USE": "", "TERM": "xterm"}, False),
    ],
)
def test_git_diff_is_coloured_for_gits_pager(tmp_path, monkeypatch, capsys, env, coloured):
    # README (diff --git): colour when git pages the output, unless NO_COLOR or TERM=dumb.
    for key in ("TERM", "NO_COLOR", "GIT_PAGER_IN_USE"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    new = tmp_path / "new.yaml"
    new.write_text(Path(MINI).read_text(encoding="utf-8").replace("Gas deals with the EU", "Gas deals"))
    given = ["mini.yaml", MINI, "a" * 40, "100644", str(new), "b" * 40, "100644"]
    code, out, _ = run(capsys, "diff", "--git", *given)
    assert code in (0, 1) and "Gas deals" in out
    assert ("\x1b[" in out) is coloured


# -- -o OUT: atomic, never over a file without --force, never onto a special file -----------------


def test_print_o_writes_and_says_where_never_over_a_file_without_force(tmp_path, capsys):
    # README (-o OUT): an existing file only with --force (else exit 2); through a link, its target.
    out = tmp_path / "thesis.md"
    assert run(capsys, "print", "thesis", "-f", MINI, "-o", str(out)) == (0, "", f"wrote {out}\n")
    assert out.read_text(encoding="utf-8").startswith("# The main threat")
    out.write_text("mine", encoding="utf-8")
    refused = run(capsys, "print", "thesis", "-f", MINI, "-o", str(out))
    assert refused == (2, "", f"briefing: {out} exists; add --force to replace it\n")
    assert out.read_text(encoding="utf-8") == "mine"
    link = tmp_path / "link.md"
    link.symlink_to(out)
    said = run(capsys, "print", "thesis", "-f", MINI, "-o", str(link), "--force")
    assert said == (0, "", f"wrote {out} (through the link {link})\n")
    assert out.read_text(encoding="utf-8").startswith("# The main threat") and link.is_symlink()
    assert run(capsys, "print", "thesis", "-f", MINI, "-o", "-")[:2] == (0, out.read_text(encoding="utf-8"))


def test_print_o_onto_a_special_file_or_into_nowhere(tmp_path, capsys):
    # README (-o OUT): a directory, FIFO, socket or device is refused (exit 2); a failed write is exit 1.
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    for force in ([], ["--force"]):
        refused = run(capsys, "print", "thesis", "-f", MINI, "-o", str(fifo), *force)
        why = f"briefing: cannot write to {fifo}: it is a FIFO (named pipe); give a file name\n"
        assert refused == (2, "", why)
    nowhere = tmp_path / "missing" / "out.md"
    failed = run(capsys, "print", "thesis", "-f", MINI, "-o", str(nowhere))
    assert failed == (1, "", f"briefing: cannot write {nowhere}: No such file or directory\n")
    schema = tmp_path / "schema.json"
    assert run(capsys, "schema", "-o", str(schema)) == (0, "", f"wrote {schema}\n")
    assert run(capsys, "schema", "-o", str(schema))[0] == 2
    assert run(capsys, "schema", "-o", str(schema), "--force")[0] == 0
    assert run(capsys, "schema")[1] == schema.read_text(encoding="utf-8")


def test_validate_counts_warnings_and_waivers_and_reads_a_folders_files(tmp_path, capsys):
    # README (validate): one summary line per file; --warnings lists them and exits 0, --strict exits 1;
    # a waiver in the file is counted; a folder stands for its *.yaml and *.yml files.
    waiver = "    extra:\n      waive:\n        no-voice: The author's own words.\n"
    mini = Path(MINI).read_text(encoding="utf-8")
    text = mini.replace("    tags: [thesis]\n", "    tags: [thesis]\n" + waiver)
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yml").write_text(Path(MINI).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a briefing", encoding="utf-8")
    summary = "valid: 2 articles, 3 groups, 3 sections, 4 actors, 2 sources, 3 quotes"
    code, out, err = run(capsys, "validate", str(tmp_path))
    assert (code, err) == (0, "")
    assert out == f"{tmp_path / 'a.yaml'}: {summary}\n{tmp_path / 'b.yml'}: {summary}\n"
    code, out, _ = run(capsys, "validate", "--warnings", str(tmp_path / "a.yaml"))
    assert code == 0
    assert out.endswith(f"{tmp_path / 'a.yaml'}: {summary}; 5 warnings (1 waived in the file)\n")
    assert len(out.splitlines()) == 6 and "[no-voice]" in out
    assert run(capsys, "validate", "--strict", str(tmp_path / "a.yaml"))[0] == 1


def test_open_starts_the_reader_on_a_terminal_or_under_the_web_driver(tmp_path, monkeypatch, capsys):
    # README (commands): `briefing [PATH ...]` opens the reader; several files open as one.
    import types

    opened: list[tuple[Any, Any]] = []
    reader = types.ModuleType("briefing.tui.app")
    reader.run = lambda paths, texts: opened.append((paths, texts)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "briefing.tui.app", reader)
    text = tmp_path / "alpha.txt"
    text.write_text("the greatest threat", encoding="utf-8")
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert run(capsys, MINI, "--text", f"alpha={text}") == (0, "", "")
    assert run(capsys, "open", MINI, str(FIXTURES / "second.yaml")) == (0, "", "")
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.linux_driver:LinuxDriver")
    assert run(capsys, MINI)[0] == 2  # no terminal, and not the web driver: refused
    monkeypatch.delenv("TEXTUAL_DRIVER")
    monkeypatch.setattr(sys, "stdout", _Terminal())
    monkeypatch.setenv("BRIEFING_FILE", MINI)
    assert main([]) == 0
    assert opened == [
        (Path(MINI), {"alpha": "the greatest threat"}),
        ([Path(MINI), FIXTURES / "second.yaml"], {}),
        (Path(MINI), {}),
    ]


def test_localhost_is_loopback_whatever_the_resolver_says(monkeypatch):
    # SECURITY (serve): localhost is this machine; a name is not an address because it holds one.
    import socket

    def no_resolver(host: str, port: object) -> list[Any]:
        raise OSError("resolver down")

    monkeypatch.setattr(socket, "getaddrinfo", no_resolver)
    assert all(serve.is_loopback(name) for name in ("localhost", "LocalHost", "localhost."))
    assert serve.is_loopback("[::1]") and not serve.is_loopback("X127.0.0.1X")


async def test_each_tab_is_tracked_while_it_is_open_and_stopping_ends_them_all(monkeypatch) -> None:
    # SECURITY (serve): stopping the server ends every tab's reader first; a closed tab is forgotten.
    pytest.importorskip("textual_serve", reason="the web extra is not installed")
    import asyncio

    from textual_serve.server import Server

    seen: list[tuple[object, bool]] = []

    async def tab(self: Any, request: object) -> str:
        seen.append((request, asyncio.current_task() in self.tabs))
        return "closed"

    monkeypatch.setattr(Server, "handle_websocket", tab)
    server = serve.make_server([SERVED], host="127.0.0.1", port=8000, title="t")
    assert server.command == serve.reader_command([SERVED])
    assert await asyncio.create_task(server.handle_websocket("request")) == "closed"
    assert seen == [("request", True)] and server.tabs == set()

    async def reader() -> None:
        await asyncio.sleep(3600)

    tabs = {asyncio.create_task(reader()) for _ in range(2)}
    server.tabs |= tabs
    await asyncio.sleep(0)
    await server.on_shutdown(None)  # no exception: the cancelled readers are awaited, not raised
    assert all(task.done() and task.cancelled() for task in tabs)


async def test_a_page_served_over_https_uses_a_secure_websocket() -> None:
    # README (serve): behind https, or served over it, the page's WebSocket is wss.
    pytest.importorskip("textual_serve", reason="the web extra is not installed")
    import ssl

    from aiohttp.test_utils import make_mocked_request

    server = serve.make_server([SERVED], host="127.0.0.1", port=8000, title="t")
    app = await server._make_app()
    secure = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    request = make_mocked_request("GET", "/", headers={"Host": "r.example"}, app=app, sslcontext=secure)
    page = (await server.handle_index(request)).text
    assert 'data-session-websocket-url="wss://r.example/ws"' in page and "https://r.example/static/" in page


async def test_the_server_says_where_it_serves_at_once_even_into_a_pipe(monkeypatch) -> None:
    # README (serve): the address is printed when the server starts, not when a buffer fills.
    pytest.importorskip("textual_serve", reason="the web extra is not installed")
    import io

    pipe = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", pipe)
    server = serve.make_server([SERVED], host="127.0.0.1", port=8002, title="t")
    await server.on_startup(None)
    assert pipe.buffer.getvalue().startswith(b"briefing: serving the reader on http://127.0.0.1:8002/")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_print_notes_adds_the_readers_notes_only_when_asked(tmp_path, monkeypatch, capsys, fmt):
    # README (print): --notes adds your notes on the sections to the Markdown or HTML.
    from briefing.load import load
    from briefing.state import StateStore, key_for

    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path))
    key = key_for(load(MINI))
    assert key is not None
    StateStore(tmp_path).set_note(key, "thesis", "My own zebra note")
    for args in (["thesis"], ["--all"]):
        code, with_notes, err = run(capsys, "print", *args, "--format", fmt, "--notes", "--file", MINI)
        assert (code, err) == (0, "") and "My own zebra note" in with_notes, args
        code, without, _ = run(capsys, "print", *args, "--format", fmt, "--file", MINI)
        assert code == 0 and "zebra" not in without, args
    code, other, _ = run(capsys, "print", "eu-deals", "--format", fmt, "--notes", "--file", MINI)
    assert code == 0 and "zebra" not in other


def test_an_ambiguous_prefix_names_at_most_eight_sections(tmp_path, capsys):
    # README (print): an id or any unique prefix of one; an ambiguous one is a usage error naming them.
    text = Path(MINI).read_text(encoding="utf-8")
    start = text.index("  - id: russia-ally")
    end = text.index("sources:\n  - {id: column")
    block = text[start:end]
    copies = "".join(block.replace("id: russia-ally", f"id: russia-{n}") for n in range(9))
    path = tmp_path / "many.yaml"
    path.write_text(text[:start] + copies + text[end:], encoding="utf-8")
    code, _, err = run(capsys, "print", "russia", "--file", str(path))
    names = ", ".join(f"russia-{n}" for n in range(8))
    assert (code, err) == (2, f"briefing: 'russia' is ambiguous: it starts {names}\n")
    assert run(capsys, "print", "russia-8", "--file", str(path))[0] == 0


@pytest.mark.parametrize("word", ["notes.yaml", "briefings/mine", "-x"])
def test_a_word_like_a_file_or_an_option_is_left_to_the_reader(tmp_path, monkeypatch, capsys, word):
    # README (commands): only a first word that is neither a command nor a file name is a usage error.
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, word)
    assert code == 2 and "no command or file" not in err
    assert ("needs a terminal" in err) is (word != "-x")


def test_export_and_schema_write_stdout_for_a_dash_and_replace_only_with_force(tmp_path, monkeypatch, capsys):
    # README (state, schema): `-o -` is standard output; an existing OUT is replaced only with --force.
    import json

    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "state", "--export", "-o", "-")
    assert code == 0 and json.loads(out)["version"] == 1
    code, out, _ = run(capsys, "schema", "-o", "-")
    assert code == 0 and json.loads(out)["$schema"].startswith("https://json-schema.org/")
    assert not (tmp_path / "-").exists()
    (tmp_path / "export.json").write_text("mine", encoding="utf-8")
    assert run(capsys, "state", "--export", "-o", "export.json")[0] == 2
    assert (tmp_path / "export.json").read_text(encoding="utf-8") == "mine"
    assert run(capsys, "state", "--export", "-o", "export.json", "--force")[0] == 0
    assert json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))["version"] == 1


def test_state_says_when_its_file_was_set_aside(tmp_path, monkeypatch, capsys):
    # SECURITY (corrupt state.json): moved aside with a warning, in every command that reads the state.
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path))
    (tmp_path / "state.json").write_text("{not json", encoding="utf-8")
    code, out, err = run(capsys, "state")
    assert code == 0 and out.startswith("state: ")
    assert err.startswith("briefing: state file state.json is not valid JSON") and "moved it to" in err


def test_a_file_that_is_no_briefing_by_its_name_is_still_opened(tmp_path, monkeypatch, capsys):
    # README (commands): a folder needs *.yaml files; a file given by name is opened whatever its name.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("version: 1\n", encoding="utf-8")
    code, _, err = run(capsys, "open", "notes.txt")
    assert code == 2 and "needs a terminal" in err


def test_serve_takes_every_port_from_1_to_65535_and_an_existing_state_dir(started, tmp_path, capsys):
    # README (serve): --port 1 to 65535; --state-dir may exist already (the visitors' shared state).
    state = tmp_path / "state"
    state.mkdir()
    for port in ("1", "65535"):
        assert main(["serve", MINI, "--port", port, "--state-dir", str(state)]) == 0
    assert [(call["port"], call["state_dir"]) for call in started] == [(1, state), (65535, state)]
    for port in ("0", "65536"):
        refused = run(capsys, "serve", MINI, "--port", port)
        assert refused == (2, "", f"briefing: --port takes 1 to 65535, not {port}\n")


def test_validate_with_no_file_checks_the_default_one_and_lists_warnings_a_line_each(monkeypatch, capsys):
    # README (validate): the default briefing when no file is given; every warning on its own located line.
    monkeypatch.setenv("BRIEFING_FILE", MINI)
    code, out, _ = run(capsys, "validate", "--warnings")
    lines = out.splitlines()
    assert code == 0 and lines[-1].startswith(f"{MINI}: valid: ") and lines[-1].endswith("; 6 warnings")
    assert len(lines) == 7 and all(LOCATED.match(line) and line.startswith(f"{MINI}:") for line in lines[:-1])


def test_the_reader_without_a_terminal_says_what_to_use_instead(capsys):
    # README (commands): the printing commands are for scripts; the reader needs a terminal.
    assert run(capsys, "open", MINI) == (
        2,
        "",
        "briefing: the reader needs a terminal; use `briefing print` or `briefing list` in scripts\n",
    )


def test_search_joins_the_words_and_prints_json_as_written(capsys):
    # README (search): `word word` must all match; --json is indented, text as written, exit 1 on no hit.
    import json

    code, out, _ = run(capsys, "search", "gas", "memorandum", "--file", MINI)
    assert code == 0 and out.splitlines()[0].startswith("eu-deals ")
    code, out, _ = run(capsys, "search", "--json", "Göyüşov", "--file", MINI)
    assert code == 0 and out.startswith('[\n  {\n    "id": "russia-ally",\n') and "Leader Göyüşov" in out
    hits = json.loads(out)
    assert all(round(hit["score"], 4) == hit["score"] for hit in hits)
    assert run(capsys, "search", "--json", "zzzqqq", "--file", MINI)[:2] == (1, "[]\n")
    assert run(capsys, "search", "(", "--file", MINI) == (2, "", "briefing: search: nothing to search for\n")


def test_search_text_shows_the_plain_snippet_off_a_terminal(capsys):
    # README (search): off a terminal the snippet is plain text, nothing around the matches.
    import json

    _, text, _ = run(capsys, "search", "gas", "--file", MINI)
    _, out, _ = run(capsys, "search", "--json", "gas", "--file", MINI)
    snippets = [" " * 13 + hit["snippet"] for hit in json.loads(out)]
    assert text.splitlines()[1::2] == snippets


def test_list_shows_each_article_after_a_blank_line(capsys):
    # README (list): the section tree as text, with every section id.
    code, out, _ = run(capsys, "list", "--file", MINI)
    assert code == 0 and out.endswith("russia-ally  On relations with Russia\n")
    assert out.split("\n\n")[1].startswith("The first article [alpha]\n")
    assert out.split("\n\n")[2].startswith("A second article [beta]\n")


def test_new_from_bundled_reads_it_as_utf8_whatever_the_locale(tmp_path, capsys):
    # README (new): --from-bundled copies the bundled briefing as it is, in any locale.
    import briefing.cli

    here = tmp_path / "here.yaml"
    assert main(["new", str(here), "--from-bundled"]) == 0
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    env["PYTHONPATH"] = str(Path(briefing.cli.__file__).resolve().parents[1])
    there = tmp_path / "there.yaml"
    code = f"from briefing.cli import main; raise SystemExit(main(['new', {str(there)!r}, '--from-bundled']))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert there.read_bytes() == here.read_bytes()


def test_print_claimreview_of_one_section_is_one_review_as_written(capsys):
    # README (export formats): one section's ClaimReview, indented, text as written.
    import json

    code, out, _ = run(capsys, "print", "russia-ally", "--format", "claimreview", "--file", MINI)
    assert code == 0 and out.startswith('{\n  "@context": "https://schema.org",\n  "@type": "ClaimReview",\n')
    review = json.loads(out)
    assert review["identifier"] == "russia-ally" and "Göyüşov" in out
    _, everything, _ = run(capsys, "print", "--all", "--format", "claimreview", "--file", MINI)
    assert review in json.loads(everything)


def test_article_texts_are_utf8_and_their_paths_may_hold_equals_signs(tmp_path, capsys):
    # README (verify): --text ARTICLE_ID=PATH; the text is UTF-8 whatever the locale.
    import briefing.cli

    folder = tmp_path / "a=b"
    folder.mkdir()
    text = folder / "beta.txt"
    text.write_text("Russia is “a reliable partner” — he said.", encoding="utf-8")
    code, out, _ = run(capsys, "verify", "--text", f"beta={text}", "--file", MINI)
    assert code == 0 and f"verbatim    {text}:1" in out
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    env["PYTHONPATH"] = str(Path(briefing.cli.__file__).resolve().parents[1])
    argv = ["verify", "--text", f"beta={text}", "-f", MINI]
    code = f"from briefing.cli import main; raise SystemExit(main({argv!r}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"verbatim    {text}:1  ?a reliable partner?" in done.stdout.decode("ascii")


def test_git_diff_takes_nine_arguments_for_a_rename_and_shows_the_new_name(tmp_path, capsys):
    # README (diff --git): the 7 arguments git passes an external diff, or 9 for a rename.
    new = tmp_path / "new.yaml"
    new.write_text(Path(MINI).read_text(encoding="utf-8").replace("Gas deals with the EU", "Gas deals"))
    given = ["old-name.yaml", MINI, "a" * 40, "100644", str(new), "b" * 40, "100644"]
    given += ["new-name.yaml", "similarity index 90%"]
    code, out, err = run(capsys, "diff", "--git", *given)
    assert code in (0, 1) and "new-name.yaml" in out and "Gas deals" in out, err
    assert run(capsys, "diff", "--git", *given[:8])[0] == 2


def test_diff_is_coloured_on_a_terminal(tmp_path, monkeypatch):
    # README (diff): colour on a terminal, unless NO_COLOR or TERM=dumb.
    for key in ("TERM", "NO_COLOR", "GIT_PAGER_IN_USE"):
        monkeypatch.delenv(key, raising=False)
    new = tmp_path / "new.yaml"
    new.write_text(Path(MINI).read_text(encoding="utf-8").replace("Gas deals with the EU", "Gas deals"))
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["diff", MINI, str(new)]) == 1
    assert "\x1b[" in terminal.text


def test_timeline_json_and_filters_on_the_command_line(tmp_path, capsys):
    # README (timeline): --group keeps that group's sections; --json is indented, text as written;
    # an unknown id suggests at most three close ones; an entry names all its actors.
    import json

    code, out, _ = run(capsys, "timeline", "--json", "--group", "home", "--file", MINI)
    assert code == 0 and {row["section"] for row in json.loads(out)} == {"thesis"}
    _, out, _ = run(capsys, "timeline", "--json", "--file", MINI)
    assert out.startswith('[\n {\n  "date": "2022",\n') and "Göyüşov" in out
    code, _, err = run(capsys, "timeline", "--group", "westrn", "--file", MINI)
    assert (code, err) == (2, "briefing: no such id 'westrn'; did you mean western, non-western?\n")
    leaders = "".join(f"  - {{id: leader{n}, name: L{n}, kind: person}}\n" for n in range(4))
    many = tmp_path / "many.yaml"
    many.write_text(Path(MINI).read_text(encoding="utf-8").replace("actors:\n", "actors:\n" + leaders, 1))
    code, _, err = run(capsys, "timeline", "--actor", "leadr", "--file", str(many))
    assert code == 2 and err.count(", ") == 2  # three suggestions
    _, out, _ = run(capsys, "timeline", "--file", str(FIXTURES / "second.yaml"))
    assert "Talks in Brussels [European Union, Russian Federation]  (thesis)" in out


def test_verify_counts_each_status_and_cuts_long_passages(tmp_path, capsys):
    # README (verify): each status counted; the closest passage to a quote not found, cut to fit.
    said = "the neighbour and not the great power is the danger to every one of us here today"
    briefing = tmp_path / "b.yaml"
    mini = Path(MINI).read_text(encoding="utf-8")
    briefing.write_text(mini.replace('"trustworthy"', f'"{said}"'), encoding="utf-8")
    text = tmp_path / "alpha.txt"
    text.write_text("“The  greatest threat”\n" + said.replace("danger", "dangr") + "\n", encoding="utf-8")
    code, out, err = run(capsys, "verify", "--text", f"alpha={text}", "--file", str(briefing))
    assert code == 1
    assert err == "2 quotes: 0 verbatim, 1 only after normalising, 1 not found\n"
    shown = out.splitlines()[-1].split("similar)  “")[1].removesuffix("”")
    assert len(shown) == 60 and shown.endswith("…") and shown.startswith("the neighbour")
    quote = '        - {text: "a reliable partner", speaker: leader, date: "2024-12/2025-01", '
    quote += "venue: interview}\n"
    quiet = tmp_path / "no-quotes.yaml"
    quiet.write_text(mini.replace("      quotes:\n" + quote, ""), encoding="utf-8")
    assert run(capsys, "verify", "--text", f"beta={text}", "--file", str(quiet)) == (
        0,
        "",
        "0 quotes: 0 verbatim, 0 only after normalising, 0 not found\n",
    )


def test_nothing_found_names_the_whole_query_and_a_near_id_is_suggested(capsys):
    # README (search, print): the query as given; an unknown id suggests close ids.
    nothing = run(capsys, "search", "zzz", "qqq", "--file", MINI)
    assert nothing == (1, "", "briefing: nothing matches 'zzz qqq'\n")
    assert run(capsys, "print", "thesxxxx", "--file", MINI) == (
        2,
        "",
        "briefing: no section 'thesxxxx'; did you mean thesis?\n",
    )


def test_main_reads_its_arguments_from_the_command_line_and_h_is_help(monkeypatch, capsys):
    # README (commands): `briefing -h` is the help of the whole command, as --help is.
    from briefing import __version__

    monkeypatch.setattr(sys, "argv", ["briefing", "--version"])
    assert main() == 0 and capsys.readouterr().out == f"briefing {__version__}\n"
    code, out, _ = run(capsys, "-h")
    assert code == 0 and out.startswith("usage: briefing [-h] [--version] COMMAND")


def test_an_unknown_id_suggests_at_most_three(tmp_path, capsys):
    text = Path(MINI).read_text(encoding="utf-8")
    start, end = text.index("  - id: russia-ally"), text.index("sources:\n  - {id: column")
    copies = "".join(text[start:end].replace("id: russia-ally", f"id: russia-{n}") for n in range(5))
    path = tmp_path / "many.yaml"
    path.write_text(text[:start] + copies + text[end:], encoding="utf-8")
    code, _, err = run(capsys, "print", "russia-x", "--file", str(path))
    assert code == 2 and "did you mean" in err and err.count(", ") == 2
