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
from briefing.model import Briefing

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


# -- text.clean: terminal control never gets out ----------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\tb", "a    b"),  # a tab is four spaces
        ("a\r\nb\rc", "a\nbc"),  # a carriage return goes, a newline stays
        ("a\x7fb", "ab"),  # DEL
        ("a\x80b\x9bc\x9fd", "abcd"),  # the C1 range, both ends and CSI
        ("a\x1b[31mb\x07", "a[31mb"),  # ESC and BEL
        ("a\u00a0b", "a\u00a0b"),  # a no-break space is text
        ("\u202eevil\u2069", "<U+202E>evil<U+2069>"),  # bidi controls made visible
    ],
)
def test_rule_clean_strips_control_and_shows_bidi(raw: str, shown: str) -> None:
    from briefing.text import clean

    assert clean(raw) == shown


def test_rule_dates_is_valid_says_which_dates_are() -> None:
    from briefing import dates

    assert dates.is_valid("2022-09-12") and dates.is_valid("2022-09/2023")
    assert not dates.is_valid("2022-13") and not dates.is_valid("soon")


# -- every error carries file:line:col ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "version: 1\nbriefing: [\n",
            "t.yaml:3:1: YAML syntax: did not find expected node content (while parsing a flow node)",
        ),
        (
            "version: 1\nbriefing:\n\tid: x\n",
            "t.yaml:3:1: YAML syntax: found character that cannot start any token"
            " (while scanning for the next token); a tab is not allowed here: indent with spaces",
        ),
        ("version: 1\nx: *nope\n", "t.yaml:2:4: alias *nope has no anchor"),
        ("version: 1\nx: &a [1, *a]\n", "t.yaml:2:11: alias *a refers to itself"),
        (
            "version: 1\r\nbriefing:\r\n  id: [x\r\n",
            "t.yaml:4:1: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence)",
        ),
        ("version: 1\ntitle: ab\x07c\n", "t.yaml:2:10: character #x0007 is not allowed in YAML"),
        (
            "version: 1\n- x\n",
            "t.yaml:2:1: YAML syntax: did not find expected key (while parsing a block mapping)",
        ),
    ],
)
def test_rule_yaml_errors_carry_file_line_and_column(text: str, message: str) -> None:
    with pytest.raises(BriefingError) as info:
        loads(text, "t.yaml")
    assert str(info.value).splitlines()[0] == message


def test_rule_not_utf8_names_line_column_and_byte() -> None:
    from briefing.located import decode

    with pytest.raises(BriefingError) as info:
        decode("version: 1\ntitle: é\xff\n".encode("latin-1").replace(b"\xe9", "é".encode()), "t.yaml")
    assert str(info.value) == "t.yaml:2:9: not UTF-8: byte 0xff at offset 20"
    with pytest.raises(BriefingError) as first:
        decode(b"\xffversion: 1\n", "t.yaml")
    assert str(first.value) == "t.yaml:1:1: not UTF-8: byte 0xff at offset 0"


def test_rule_decode_gives_newline_line_ends_and_drops_a_bom() -> None:
    from briefing.located import decode

    assert decode(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n", "t.yaml") == "a: 1\nb: 2\n"
    assert decode(b"a\rb", "t.yaml") == "a\rb"  # a lone CR is not a line end here


def test_rule_position_is_one_based_line_and_column() -> None:
    from briefing.located import position

    assert position("ab\ncde\nf", 0) == (1, 1)
    assert position("ab\ncde\nf", 5) == (2, 3)
    assert position("ab\ncde\nf", 7) == (3, 1)
    assert position("\nx", 1) == (2, 1)


def test_rule_an_unreadable_file_is_named_at_1_1(tmp_path: Path) -> None:
    from briefing.load import load

    missing = tmp_path / "nope.yaml"
    with pytest.raises(BriefingError) as info:
        load(missing)
    assert str(info.value) == f"{missing}:1:1: cannot read: No such file or directory"


def test_rule_the_size_limit_allows_exactly_the_limit(tmp_path: Path) -> None:
    from briefing.load import load
    from briefing.located import Limits

    path = tmp_path / "b.yaml"
    path.write_bytes(b"version: 1")  # 10 bytes
    with pytest.raises(BriefingError) as info:
        load(path, Limits(max_bytes=10))
    assert "required field is missing" in str(info.value)  # refused for what it lacks, not its size
    path.write_bytes(b"version: 1\n")
    with pytest.raises(BriefingError) as over:
        load(path, Limits(max_bytes=10))
    assert (
        str(over.value)
        == f"{path}:1:1: file is 11 bytes; the limit is 10 (set BRIEFING_MAX_BYTES to raise it)"
    )


def test_rule_the_size_limit_holds_for_a_stream_that_does_not_say_its_size(tmp_path: Path) -> None:
    import os
    import threading

    from briefing.load import load
    from briefing.located import Limits

    fifo = tmp_path / "stream.yaml"
    os.mkfifo(fifo)

    def feed(data: bytes) -> None:
        with open(fifo, "wb") as out:
            out.write(data)

    writer = threading.Thread(target=feed, args=(b"version: 1\n" * 3,))
    writer.start()
    with pytest.raises(BriefingError) as info:
        load(fifo, Limits(max_bytes=20))
    writer.join(10)
    assert str(info.value) == f"{fifo}:1:1: file is larger than the limit of 20 bytes"
    writer = threading.Thread(target=feed, args=(b"version: 1\n",))
    writer.start()
    with pytest.raises(BriefingError) as fits:
        load(fifo, Limits(max_bytes=11))
    writer.join(10)
    assert "required field is missing" in str(fits.value)


def test_rule_load_and_load_strict_keep_the_limits_given(tmp_path: Path) -> None:
    from briefing.load import load, load_strict
    from briefing.located import Limits

    path = tmp_path / "b.yaml"
    path.write_text(_aliases(2), encoding="utf-8")
    for reader in (load, load_strict):
        with pytest.raises(BriefingError, match="more than 1 aliases"):
            reader(path, Limits(max_aliases=1))


# -- writes: atomic, in the target's folder, UTF-8, with a new file's usual mode ---------------


def test_rule_a_write_goes_through_a_hidden_temporary_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from briefing import fileio

    seen: list[str] = []
    real_link, real_replace = os.link, os.replace

    def link(src: str, dst: object) -> None:
        seen.append(src)
        real_link(src, dst)  # type: ignore[arg-type]

    def replace(src: str, dst: object) -> None:
        seen.append(src)
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", link)
    monkeypatch.setattr(os, "replace", replace)
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    fileio.write_atomic(folder / "a.md", "one")
    fileio.write_atomic(folder / "a.md", "two", overwrite=True)
    assert len(seen) == 2
    for temp in seen:
        assert Path(temp).parent == folder
        assert Path(temp).name.startswith(".a.md.") and temp.endswith(".tmp")
    assert (folder / "a.md").read_text() == "two"
    assert sorted(p.name for p in folder.iterdir()) == ["a.md"]


def test_rule_a_write_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    target = tmp_path / "utf8.md"
    text = "'\\xe9 \\u2014 \\u201cq\\u201d'"  # escaped: the command line itself is ASCII
    code = f"from briefing.fileio import write_atomic; write_atomic({str(target)!r}, {text})"
    # The child runs the same briefing package this test imported, in the C locale.
    import os

    import briefing.fileio

    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    env["PYTHONPATH"] = str(Path(briefing.fileio.__file__).resolve().parents[1])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() == "é — “q”".encode()
    briefing.fileio.write_atomic(tmp_path / "same.md", "é — “q”")  # and in this process too
    assert (tmp_path / "same.md").read_bytes() == target.read_bytes()


def test_rule_a_new_file_gets_the_usual_mode_and_a_replaced_one_keeps_its_own(tmp_path: Path) -> None:
    import os

    from briefing.fileio import write_atomic

    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.md", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o640
    kept = tmp_path / "kept.md"
    kept.write_text("old")
    kept.chmod(0o604)
    write_atomic(kept, "new", overwrite=True)
    assert kept.stat().st_mode & 0o777 == 0o604


def test_rule_without_hard_links_a_write_checks_then_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from briefing import fileio

    def no_links(src: object, dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    written = fileio.write_atomic(tmp_path / "a.md", "one")
    assert written == tmp_path / "a.md" and written.read_text() == "one"
    with pytest.raises(FileExistsError) as info:
        fileio.write_atomic(tmp_path / "a.md", "two")
    assert info.value.args == (tmp_path / "a.md",)
    assert (tmp_path / "a.md").read_text() == "one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_rule_write_new_takes_the_next_free_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing import fileio

    (tmp_path / "a.md").write_text("taken")
    (tmp_path / "a-2.md").mkdir()
    assert fileio.write_new(tmp_path, "a", ".md", "x") == tmp_path / "a-3.md"
    # A name taken between the look and the write is skipped too.
    real = fileio.write_atomic

    def raced(path: Path, text: str) -> Path:
        if path.name == "b.md":
            raise FileExistsError(path)
        return real(path, text)

    monkeypatch.setattr(fileio, "write_atomic", raced)
    assert fileio.write_new(tmp_path, "b", ".md", "x") == tmp_path / "b-2.md"


def test_rule_write_new_gives_up_after_9999_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from briefing import fileio

    tried: list[str] = []

    def taken(path: object) -> bool:
        tried.append(Path(str(path)).name)
        return True

    monkeypatch.setattr(os.path, "lexists", taken)
    with pytest.raises(FileExistsError) as info:
        fileio.write_new(tmp_path, "a", ".md", "x")
    assert info.value.args == (tmp_path / "a.md",)
    assert len(tried) == 9999 and tried[-1] == "a-9999.md"


def test_rule_not_a_file_error_names_the_path_and_kind(tmp_path: Path) -> None:
    from briefing.fileio import NotAFileError, write_atomic

    with pytest.raises(NotAFileError) as info:
        write_atomic(tmp_path, "x", overwrite=True)
    assert info.value.path == tmp_path and info.value.kind == "a directory"
    assert str(info.value) == f"{tmp_path} is a directory; only a regular file is ever replaced"


# -- the loader names what it found --------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("tags: [thesis]", "tags: 5", "t.yaml:50:11: sections[0].tags: expected a list, found a number"),
        (
            "tags: [thesis]",
            "tags: {a: 1}",
            "t.yaml:50:11: sections[0].tags: expected a list, found a mapping",
        ),
        ("tags: [thesis]", "tags: true", "t.yaml:50:11: sections[0].tags: expected a list, found true/false"),
        (
            "tags: [thesis]",
            "tags: [thesis, ~]",
            "t.yaml:50:20: sections[0].tags[1]: expected a tag, found nothing",
        ),
        (
            "title: The main threat",
            "title: [a]",
            "t.yaml:29:12: sections[0].title: expected text, found a list",
        ),
    ],
)
def test_rule_a_wrong_type_names_what_was_found(old: str, new: str, message: str) -> None:
    with pytest.raises(BriefingError) as info:
        loads(_with(old, new), "t.yaml")
    assert str(info.value).splitlines()[0] == message


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_rule_an_empty_file_says_what_a_briefing_needs(text: str) -> None:
    with pytest.raises(BriefingError) as info:
        loads(text, "t.yaml")
    assert str(info.value) == (
        "t.yaml:1:1: the file is empty: a briefing needs version, briefing, articles, groups and sections"
    )


def test_rule_did_you_mean_offers_at_most_three_close_words() -> None:
    from briefing.load import _suggest

    assert _suggest("abcd", ["abce", "abcf", "abcg", "abch"]) == " (did you mean 'abch', 'abcg', 'abcf'?)"
    assert _suggest("abcd", ["wxyz"]) == ""


# -- the Markdown export, exactly -----------------------------------------------------------------

TRICKY_BODY = """\
      body: |
        # A top heading in the body
        ###### A deepest heading

        A line
        ===
        ---

        Raw <b>html</b> and `<i>code</i>` and ``a `<x>` span`` then <u>more</u>.

        ```yaml
        # not a heading: inside a fence
        ~~~
        <b>kept</b>
        ```

        ~~~~
        ```
        # still in the fence
        ~~~~
        ## Back out
"""


def markdown_case() -> tuple[Briefing, dict[str, str]]:
    """The mini briefing with a body, a quote and notes that exercise every Markdown rule."""
    text = _with(
        "      body: |\n        The author argues against an earlier piece.\n\n        - first point\n"
        "        - second point\n",
        TRICKY_BODY,
    )
    text = text.replace(
        '{text: "the greatest threat",', '{text: "the greatest\\n\\n\\nthreat\\n# not a heading",'
    )
    return loads(text), {"thesis": "My *own*\n\n\n\nnote", "nowhere": "dropped"}


def test_rule_the_markdown_export_is_exactly_as_documented() -> None:
    briefing, notes = markdown_case()
    expected = (FIXTURES / "mini-document.md").read_text(encoding="utf-8")
    assert markdown.document(briefing, notes=notes) == expected


# -- the editor `e` runs, and the line it opens (README: Editing from the reader) ------------


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("vi", ["+7", "F"]),
        ("vim", ["+7", "F"]),
        ("nvim", ["+7", "F"]),
        ("nano", ["+7", "F"]),
        ("emacs", ["+7", "F"]),
        ("micro", ["+7", "F"]),
        ("kak", ["+7", "F"]),
        ("some-editor", ["+7", "F"]),
        ("code", ["--goto", "F:7"]),
        ("code-insiders", ["--goto", "F:7"]),
        ("codium", ["--goto", "F:7"]),
        ("code-oss", ["--goto", "F:7"]),
        ("vscodium", ["--goto", "F:7"]),
        ("subl", ["F:7"]),
        ("sublime_text", ["F:7"]),
        ("hx", ["F:7"]),
        ("helix", ["F:7"]),
        ("Code.exe", ["--goto", "F:7"]),
        ("CODE.CMD", ["--goto", "F:7"]),
        ("subl.bat", ["F:7"]),
        ("hx.exe.bak", ["+7", "F"]),
    ],
)
def test_rule_each_editor_gets_the_line_in_its_own_form(name: str, form: list[str]) -> None:
    # README (editing): +LINE FILE for vi and others, --goto FILE:LINE for VS Code, FILE:LINE for subl/hx.
    from briefing.editor import Editor

    editor = Editor((f"/usr/bin/{name}", "--wait"), "$EDITOR")
    assert editor.at("F", 7) == [f"/usr/bin/{name}", "--wait", *form]


def test_rule_an_editor_opens_a_record_at_line_one_at_least() -> None:
    # The line is 1-based: a record the file no longer has opens the file at its first line.
    from briefing.editor import Editor

    assert Editor(("vi",), "PATH").at("F", 0) == ["vi", "+1", "F"]
    assert Editor(("code",), "PATH").at("F", -3) == ["code", "--goto", "F:1"]
    assert Editor(("vi",), "PATH").at("F", 1) == ["vi", "+1", "F"]


def test_rule_visual_comes_before_editor_then_nano_then_vi(monkeypatch: pytest.MonkeyPatch) -> None:
    # README (editing): $VISUAL, then $EDITOR (split like a shell), then nano or vi on PATH.
    from briefing.editor import Editor, EditorError, find_editor

    found = {"nano": "/bin/nano", "vi": "/bin/vi"}
    assert find_editor({"VISUAL": "hx", "EDITOR": "vim"}, found.get) == Editor(("hx",), "$VISUAL")
    assert find_editor({"VISUAL": " ", "EDITOR": " code --wait "}, found.get) == Editor(
        ("code", "--wait"), "$EDITOR"
    )
    assert find_editor({"EDITOR": "'my editor' -w"}, found.get) == Editor(
        ("my editor", "-w"), "$EDITOR"
    )
    assert find_editor({}, found.get) == Editor(("/bin/nano",), "PATH")
    assert find_editor({}, {"vi": "/bin/vi"}.get) == Editor(("/bin/vi",), "PATH")
    with pytest.raises(EditorError) as none:
        find_editor({"EDITOR": ""}, {}.get)
    assert str(none.value) == "no editor: set $VISUAL or $EDITOR (nano and vi are not on PATH either)"
    with pytest.raises(EditorError) as unsplittable:
        find_editor({"EDITOR": "vim 'unclosed"}, found.get)
    assert str(unsplittable.value) == (
        "$EDITOR cannot be split like a shell command (No closing quotation): \"vim 'unclosed\""
    )
    with pytest.raises(EditorError, match=r"^\$VISUAL cannot be split"):
        find_editor({"VISUAL": '"', "EDITOR": "vim"}, found.get)
    monkeypatch.setenv("VISUAL", "from-the-environment -x")
    assert find_editor(which=found.get) == Editor(("from-the-environment", "-x"), "$VISUAL")


def test_rule_the_editor_is_found_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # README (editing): with neither variable set, nano, then vi, as found on PATH.
    import os

    from briefing.editor import find_editor

    for variable in ("VISUAL", "EDITOR"):
        monkeypatch.delenv(variable, raising=False)
    vi = tmp_path / "vi"
    vi.write_text("#!/bin/sh\n")
    vi.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_editor().command == (str(vi),)
    assert os.path.basename(find_editor().command[0]) == "vi"


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_rule_record_lines_in_block_and_flow_style() -> None:
    # README (editing): `e` opens the file at the line of the record's `id:`, in either YAML style.
    from briefing.lines import record_line

    text = MINI_TEXT
    assert record_line(text, "sections", "eu-deals") == _line_of(MINI, "- id: eu-deals")
    assert record_line(text, "groups", "western") == _line_of(MINI, "{id: western")
    assert record_line(text, "sources", "gas-deal") == _line_of(MINI, "{id: gas-deal")
    assert record_line(text, "sections", "nowhere") is None
    assert record_line(text, "nothing", "eu-deals") is None
    assert record_line("not: [yaml", "sections", "eu-deals") is None
    assert record_line("- a list\n- not a mapping\n", "sections", "eu-deals") is None
    assert record_line("sections: 3\n", "sections", "eu-deals") is None
    assert record_line("sections:\n  - just text\n  - id: x\n", "sections", "x") == 3


def test_rule_e_opens_the_file_that_defines_the_record(tmp_path: Path) -> None:
    # README (editing, several files): `e` opens the file that defines the record, at its line.
    from briefing.lines import Place, where
    from briefing.merge import load_all

    mini, second = tmp_path / "mini.yaml", tmp_path / "second.yaml"
    mini.write_text(MINI_TEXT, encoding="utf-8")
    second.write_text((FIXTURES / "second.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    alone = load_all([mini])
    assert where(alone, "sections", "eu-deals") == Place(str(mini), _line_of(mini, "- id: eu-deals"), True)
    assert where(alone, "sections", "gone") == Place(str(mini), 1, False)
    both = load_all([mini, second])
    thesis = where(both, "sections", "second/thesis", article="second/alpha")
    assert thesis == Place(str(second), _line_of(second, "- id: thesis"), True)
    assert where(both, "sections", "mini/thesis") == Place(str(mini), _line_of(mini, "- id: thesis"), True)
    assert where(both, "actors", "critic").file == str(second)  # shared kinds: the first file that has it
    assert where(both, "groups", "western").file == str(mini)
    assert where(both, "actors", "nobody") == Place(str(mini), 1, False)
    # A file edited since it was loaded: the record's own file is still the one opened.
    later = load_all([second, mini])
    text = second.read_text(encoding="utf-8")
    text = text.replace("articles:\n", "articles:\n  - {id: beta}\n")
    text = text.replace("sections:\n", "sections:\n  - {id: eu-deals}\n")
    second.write_text(text, encoding="utf-8")
    deals = where(later, "sections", "eu-deals", article="mini/alpha")
    assert deals == Place(str(mini), _line_of(mini, "- id: eu-deals"), True)
    assert where(later, "articles", "beta") == Place(str(mini), _line_of(mini, "- id: beta"), True)
    assert where(later, "groups", "western").file == str(second)
    # Only articles and sections have an owning file; an actor is looked for in every file.
    text = second.read_text(encoding="utf-8").replace("actors:\n", "actors:\n  - {id: beta, name: B}\n", 1)
    second.write_text(text, encoding="utf-8")
    assert where(later, "actors", "beta") == Place(str(second), _line_of(second, "{id: beta, name: B}"), True)
    # A slash that names no file is part of the id, not a file's name.
    assert where(later, "sections", "nowhere/thesis") == Place(str(second), 1, False)
    # A file that cannot be read (gone, or no longer UTF-8) is not a place.
    second.write_bytes(b"sections:\n  - id: eu-followup \xff\n")
    assert where(both, "sections", "eu-followup", article="second/alpha") == Place(str(second), 1, False)
    second.unlink()
    assert where(both, "sections", "eu-followup", article="second/alpha") == Place(str(second), 1, False)


# -- where the bundled briefing and the schema are; how a problem reads --------------------------


def test_rule_the_bundled_briefing_and_schema_ship_with_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # README (files): with no file given, the commands read $BRIEFING_FILE, else the bundled briefing.
    from briefing import paths

    assert paths.bundled_path().name == "sections.yaml" and paths.bundled_path().is_file()
    assert paths.schema_path().name == "schema-v1.json" and paths.schema_path().is_file()
    assert paths.is_bundled(paths.bundled_path()) and not paths.is_bundled(MINI)
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    assert not paths.is_bundled(tmp_path / "a.yaml")  # a link loop is not the bundled one, nor a traceback
    monkeypatch.delenv("BRIEFING_FILE", raising=False)
    assert paths.default_path() == paths.bundled_path()
    monkeypatch.setenv("BRIEFING_FILE", "")
    assert paths.default_path() == paths.bundled_path()
    monkeypatch.setenv("BRIEFING_FILE", str(MINI))
    assert paths.default_path() == MINI


def test_rule_a_problem_reads_file_line_column_field_and_message() -> None:
    # README (problems): `FILE:LINE:COL: field.path: message`; a warning says so and gives its code.
    from briefing.problems import BriefingError, Problem

    error = Problem("b.yaml", 3, 7, "sections[0].title", "missing")
    assert str(error) == "b.yaml:3:7: sections[0].title: missing"
    assert str(Problem("b.yaml", 1, 1, "", "not YAML")) == "b.yaml:1:1: not YAML"
    warning = Problem("b.yaml", 2, 5, "sources[1]", "never cited", "warning", "source-uncited")
    assert str(warning) == "b.yaml:2:5: sources[1]: warning: never cited [source-uncited]"
    both = BriefingError([error, warning])
    assert str(both) == f"{error}\n{warning}" and both.file == "b.yaml" and both.problems == [error, warning]
    assert BriefingError([]).file == ""


def test_rule_an_installed_package_reads_the_data_it_ships(tmp_path: Path) -> None:
    # README (install): an installed package finds the bundled briefing and schema in its own data/.
    import importlib.util
    import shutil

    import briefing.paths

    package = tmp_path / "site" / "briefing"
    (package / "data").mkdir(parents=True)
    shutil.copy(briefing.paths.__file__, package / "paths.py")
    for name in ("sections.yaml", "schema-v1.json"):
        (package / "data" / name).write_text("shipped", encoding="utf-8")
    spec = importlib.util.spec_from_file_location("briefing.paths", package / "paths.py")
    assert spec is not None and spec.loader is not None
    installed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(installed)
    assert installed.bundled_path() == package / "data" / "sections.yaml"
    assert installed.schema_path() == package / "data" / "schema-v1.json"
