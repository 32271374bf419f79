"""The schema v1 loader: a valid briefing, and every class of bad input."""

from __future__ import annotations

import gc
import os
import re
import weakref
from pathlib import Path

import pytest

from briefing import collector
from briefing.load import BriefingError, Limits, load, loads
from briefing.located import compose

FIXTURES = Path(__file__).parent / "fixtures"
MINI = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
LOCATED = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?:(?P<path>\S+): )?(?P<msg>.+)$")


def problems(text: str, limits: Limits | None = None) -> list[str]:
    with pytest.raises(BriefingError) as info:
        loads(text, "t.yaml", limits)
    lines = [str(p) for p in info.value.problems]
    for line in lines:
        assert LOCATED.match(line), line
    return lines


def one(text: str, limits: Limits | None = None) -> str:
    found = problems(text, limits)
    assert len(found) == 1, found
    return found[0]


def test_mini_loads_with_lookups():
    b = load(FIXTURES / "mini.yaml")
    assert b.id == "mini"
    assert [s.id for s in b.tree_order()] == ["thesis", "eu-deals", "russia-ally"]
    assert [g.id for g in b.groups_of("alpha")] == ["home", "western"]
    assert [s.id for s in b.citing("gas-deal")] == ["eu-deals", "russia-ally"]
    assert [s.id for s in b.about("eu")] == ["eu-deals"]
    assert [s.id for s in b.mentions("ana")] == ["thesis", "eu-deals"]
    thesis = b.section_by_id["thesis"]
    assert thesis.claim.quotes[0].text == "the greatest threat"
    assert thesis.events[0].date == "2022-09-12/2022-09-14"
    assert thesis.analysis.body.startswith("The author argues")
    assert b.article_by_id["beta"].supplied is True
    assert b.actor_by_id["leader"].name == "Leader Göyüşov"


def test_unquoted_dates_are_kept_as_written():
    b = loads(MINI, "mini.yaml")
    assert b.section_by_id["eu-deals"].events[0].date == "2022-07"


def test_bom_and_crlf_are_fine(tmp_path):
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINI.replace("\n", "\r\n").encode())
    assert load(path).title == "Mini briefing"


def test_every_problem_is_reported_with_location():
    bad = MINI.replace("group: western", "group: westen").replace("relation: rebuts", "relation: refutes")
    bad = bad.replace("kind: document", "kind: memo").replace(
        'date: "2022-09"\n    note', 'date: "2022-13"\n    note'
    )
    found = problems(bad)
    assert len(found) == 4, found
    assert any("sections[1].group: no group with id 'westen' (did you mean 'western'" in p for p in found)
    assert any("analysis.relation: 'refutes' is not one of" in p for p in found)
    assert any("sources[1].kind: 'memo'" in p for p in found)
    assert any("articles[0].date: bad date" in p for p in found)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_locations_point_at_the_value():
    bad = MINI.replace("ref: gas-deal, role: context", "ref: gas-dael, role: context")
    found = one(bad)
    match = LOCATED.match(found)
    assert match and int(match["line"]) == _line_of(bad, "gas-dael")
    assert match["path"] == "sections[2].sources[0].ref"
    assert "did you mean 'gas-deal'" in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("- a\n- b\n", "top level must be a mapping, found a list"),
        ("just text\n", "top level must be a mapping, found text"),
        ("version: 2\nbriefing: {}\n", "unsupported schema version '2'"),
        ("version: one\n", "unsupported schema version 'one'"),
        ("a: [\n", "YAML syntax"),
        ("a:\n\tb: 1\n", "a tab is not allowed here"),
        (
            "a: !!python/object/apply:os.system [echo hi]\n",
            "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("a: 1\na: 2\n", "duplicate key 'a' (first at line 1)"),
        ("a: *nowhere\n", "has no anchor"),
        ("a: &x [*x]\n", "refers to itself"),
        ("[" * 200 + "]" * 200, "nested deeper than 64 levels"),
        ('a: "\x01"\n', "character #x0001 is not allowed"),
    ],
)
def test_structural_errors(text, expected):
    assert expected in one(text)


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        prev = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{','.join(['*' + prev] * 9)}]")
    assert "aliases expand to more than" in one("\n".join(lines) + "\n")


def test_a_few_aliases_are_fine():
    root = compose("v: &v {x: 1}\na: *v\nb: *v\n", "t.yaml")
    assert root["a"] == {"x": "1"} and root["a"] is root["b"]


def test_very_deep_block_nesting_does_not_crash():
    text = "".join(" " * i + f"k{i}:\n" for i in range(5000)) + " " * 5000 + "v\n"
    assert "nested deeper than" in one(text)


def test_not_utf8_reports_the_byte_offset(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"version: 1\ntitle: caf\xe9\n")
    with pytest.raises(BriefingError) as info:
        load(path)
    assert str(info.value.problems[0]) == f"{path}:2:11: not UTF-8: byte 0xe9 at offset 21"


def test_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_text(MINI, encoding="utf-8")
    with pytest.raises(BriefingError, match="the limit is 100"):
        load(path, Limits(max_bytes=100))
    monkeypatch.setenv("BRIEFING_MAX_BYTES", "200")
    with pytest.raises(BriefingError, match="BRIEFING_MAX_BYTES"):
        load(path)


def test_unreadable_paths(tmp_path):
    with pytest.raises(BriefingError, match="cannot read"):
        load(tmp_path / "missing.yaml")
    with pytest.raises(BriefingError, match="cannot read"):
        load(tmp_path)


def test_required_fields_and_types():
    text = """version: 1
briefing: {id: b, title: B}
articles: [{id: a}]
groups: [{id: g, title: G}]
sections:
  - id: s
    title: [not, text]
    article: a
    group: g
    claim: {quotes: [{text: hi}]}
    analysis: {body: ""}
    tags: [ok, {no: tag}]
    supplied: yes
"""
    found = problems(text)
    joined = "\n".join(found)
    assert "articles[0].title: required field is missing" in joined
    assert "sections[0].title: expected text, found a list" in joined
    assert "sections[0].claim.summary: required field is missing" in joined
    assert "sections[0].claim.quotes[0].speaker: required field is missing" in joined
    assert "sections[0].analysis.body: must not be empty" in joined
    assert "sections[0].tags[1]: expected a tag, found a mapping" in joined
    assert "sections[0].supplied: unknown field" in joined


def test_ids_must_be_slugs_and_unique():
    text = MINI.replace("id: russia-ally", "id: ../x").replace("- id: eu-deals", "- id: thesis")
    joined = "\n".join(problems(text))
    assert "sections[2].id: '../x' is not an id" in joined
    assert "sections[1].id: duplicate section id 'thesis'" in joined


def test_extra_is_allowed_anywhere_and_must_be_a_mapping():
    text = MINI.replace("  title: Mini briefing\n", "  title: Mini briefing\n  extra: {anything: [1, 2]}\n")
    text = text.replace("- {ref: column, role: claim}", "- {ref: column, role: claim, extra: {page: 3}}")
    b = loads(text)
    assert b.section_by_id["eu-deals"].sources[0].extra == {"page": 3}
    assert "expected a mapping" in one(
        MINI.replace("title: Mini briefing", "title: Mini briefing\n  extra: 5")
    )


def test_booleans_where_text_belongs_get_a_hint():
    assert "expected text, found true/false (quote it)" in one(
        MINI.replace("title: Mini briefing", "title: yes")
    )


def test_numbers_where_text_belongs_keep_their_text():
    b = loads(MINI.replace("title: Mini briefing", "title: 1.10"))
    assert b.title == "1.10"


def test_control_characters_are_removed_and_bidi_made_visible():
    text = MINI.replace("title: Mini briefing", 'title: "Mini\\e[31m briefing\\u202e\\x07\\u009b"')
    assert loads(text).title == "Mini[31m briefing<U+202E>"


def test_markup_is_kept_as_text():
    b = loads(MINI.replace("title: Mini briefing", 'title: "[bold red]Mini[/]"'))
    assert b.title == "[bold red]Mini[/]"


def test_any_script_is_fine():
    text = MINI.replace("Mini briefing", "Հայաստան Azərbaycan العربية 🙂")
    assert loads(text).title == "Հայաստան Azərbaycan العربية 🙂"


def test_numbers_in_extra_become_the_numbers_yaml_means():
    # README "Changes to the design": extra: keeps any YAML; its numbers, infinities and
    # booleans come out as YAML 1.1 reads them (never a traceback for `.inf`).
    import math

    from briefing.located import Number, plain

    root = compose(
        "a: [no, off, yes, -5, +1, .5, -1.5e3, 017, 0x1F, 0b11, 1_000, .inf, -.Inf, .NaN]\n", "t.yaml"
    )
    assert all(isinstance(v, Number) for v in root["a"][3:])
    values = plain(root)["a"]
    assert values[:13] == [False, False, True, -5, 1, 0.5, -1500.0, 15, 31, 3, 1000, math.inf, -math.inf]
    assert math.isnan(values[13])
    briefing = loads("extra: {x: .inf}\n" + MINI.split("\n", 1)[1], "t.yaml")
    assert briefing.extra == {"x": math.inf}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\nversion: 1\ntitle: caf\xe9\n", "t.yaml:3:11: not UTF-8: byte 0xe9 at offset 22"),
        (b"a: 1\nb: 2\nc: \xff\n", "t.yaml:3:4: not UTF-8: byte 0xff at offset 13"),
        (b"\n\xff\n", "t.yaml:2:1: not UTF-8: byte 0xff at offset 1"),
    ],
)
def test_a_byte_that_is_not_utf8_is_located_at_its_line_and_column(data, expected):
    # README: every error carries file:line:col; a bad byte's line and column count
    # from the start of the file, blank first lines included.
    from briefing.located import decode

    with pytest.raises(BriefingError) as info:
        decode(data, "t.yaml")
    assert [str(p) for p in info.value.problems] == [expected]
    assert info.value.problems[0].path == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b: c\n", "t.yaml:1:5: YAML syntax: mapping values are not allowed in this context"),
        (
            "\tx: 1\n",
            "t.yaml:1:1: YAML syntax: found character that cannot start any token (while scanning for the"
            " next token); a tab is not allowed here: indent with spaces",
        ),
        ("{[a]: 1}\n", "t.yaml:1:2: a mapping key must be text, not a list or mapping"),
        ('a: "\x01"\n', "t.yaml:1:5: character #x0001 is not allowed in YAML"),
        ("a: 1\na: 2\n", "t.yaml:2:1: duplicate key 'a' (first at line 1)"),
    ],
)
def test_yaml_problems_read_as_documented(text, expected):
    # README: every error carries file:line:col and says what is wrong, with no "(None)"
    # where YAML gives no context; a problem of the file itself has no field path (the
    # reader's problems screen shows "—" for it).
    with pytest.raises(BriefingError) as info:
        compose(text, "t.yaml")
    assert [str(p) for p in info.value.problems] == [expected]
    assert info.value.problems[0].path == ""


GOLDEN = """\
version: 1
titel: Misspelt
extra: 5
briefing: {id: b, title: B}
articles:
  - {id: art, title: An article, supplied: maybe, date: [2022]}
  - 5
  - {title: No id, id: [x]}
groups:
  - {id: g, title: ~}
actors:
  - {name: Ana, kind: person, id: ana}
  - {name: Ana again, kind: person, id: ana}
  - {name: Nobody, kind: person}
  - {name: Nobody either, kind: person}
  - {name: Bad, kind: person, id: Bad Id}
  - {name: Bad too, kind: person, id: Bad Id}
sections:
  - id: one
    title: One
    article: [art]
    group: g
    actors: [ana, 5, Bad Id, [x], ana]
    related: [one]
    claim: 5
    analysis: {relation: [x], body: B}
    extra: [not, a, mapping]
"""


NOT_AN_ID = "use lowercase letters, digits and '-', not starting with '-'"


def test_every_problem_of_a_file_reads_as_documented():
    # README: every error carries file:line:col and the field path, and all problems are
    # reported, not only the first; a record that cannot be built (no id, a bad id) is not
    # reported again as a duplicate; a duplicate is located at its id and names the line
    # of the first.
    assert problems(GOLDEN) == [
        "t.yaml:2:1: titel: unknown field",
        "t.yaml:3:8: extra: expected a mapping",
        "t.yaml:6:44: articles[0].supplied: expected true or false, found text",
        "t.yaml:6:57: articles[0].date: expected text, found a list",
        "t.yaml:7:5: articles[1]: expected a mapping, found a number",
        "t.yaml:8:24: articles[2].id: expected text, found a list",
        "t.yaml:10:13: groups[0].title: required field is missing",
        "t.yaml:13:37: actors[1].id: duplicate actor id 'ana' (first at line 12)",
        "t.yaml:14:5: actors[2].id: required field is missing",
        "t.yaml:15:5: actors[3].id: required field is missing",
        f"t.yaml:16:35: actors[4].id: 'Bad Id' is not an id: {NOT_AN_ID}",
        f"t.yaml:17:39: actors[5].id: 'Bad Id' is not an id: {NOT_AN_ID}",
        "t.yaml:21:14: sections[0].article: expected text, found a list",
        "t.yaml:23:19: sections[0].actors[1]: expected an id, found '5'",
        "t.yaml:23:22: sections[0].actors[2]: expected an id, found 'Bad Id'",
        "t.yaml:23:30: sections[0].actors[3]: expected an id, found a list",
        "t.yaml:24:14: sections[0].related: a section cannot be related to itself",
        "t.yaml:25:12: sections[0].claim: expected a mapping, found a number",
        "t.yaml:26:26: sections[0].analysis.relation: expected text, found a list",
        "t.yaml:27:12: sections[0].extra: expected a mapping",
    ]


def test_a_problem_of_the_whole_file_is_located_and_has_no_field_path(tmp_path):
    # README: every error carries file:line:col; a problem of the file itself has no field
    # path (the reader's problems screen shows "—" for it).
    assert (
        one("\n\nversion: 2\n")
        == "t.yaml:3:10: version: unsupported schema version '2': this reader knows version 1"
    )
    for path, limits in [(tmp_path / "missing.yaml", None), (FIXTURES / "mini.yaml", Limits(max_bytes=10))]:
        with pytest.raises(BriefingError) as info:
            load(path, limits)
        assert [p.path for p in info.value.problems] == [""]
    with pytest.raises(BriefingError) as info:
        loads("")
    assert [(p.file, p.line, p.col, p.path) for p in info.value.problems] == [("<string>", 1, 1, "")]


def test_optional_fields_left_out_take_their_defaults():
    # DESIGN: optional fields may be left out; lists then are empty, flags false.
    text = MINI.replace("    tags: [thesis]\n", "").replace("    supplied: true\n", "")
    briefing = loads(text)
    thesis = briefing.section_by_id["thesis"]
    assert thesis.tags == () and briefing.article_by_id["beta"].supplied is False


def test_the_size_limit_stops_reading_an_endless_stream(tmp_path):
    # SECURITY "file size": the limit holds for a stream that does not say its size: the
    # loader reads one byte past the limit and stops, whatever more the writer has.
    import threading

    fifo = tmp_path / "stream.yaml"
    os.mkfifo(fifo)
    written = [0]
    chunk = b"x" * 65536

    def feed() -> None:
        with open(fifo, "wb") as out:
            try:
                for _ in range(128):  # 8 MiB, far more than a pipe holds
                    out.write(chunk)
                    out.flush()
                    written[0] += len(chunk)
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    with pytest.raises(BriefingError, match="larger than the limit of 100 bytes") as info:
        load(fifo, Limits(max_bytes=100))
    assert [p.path for p in info.value.problems] == [""]
    writer.join(30)
    assert not writer.is_alive() and written[0] < 8 * 65536


# -- the cyclic collector: paused while a briefing is built, frozen data thawed to be freed --


def test_paused_turns_the_collector_off_and_restores_it():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    with pytest.raises(ValueError), collector.paused():
        raise ValueError
    assert gc.isenabled()


def test_paused_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector can free it


def test_refreeze_frees_what_a_freeze_kept_and_freezes_the_rest():
    kept = Node()
    try:
        dropped = Node()
        gone = weakref.ref(dropped)
        collector.freeze()
        del dropped
        gc.collect()
        assert gone() is not None  # frozen: no collection frees it
        collector.refreeze()
        assert gone() is None
        assert gc.get_freeze_count() > 0  # what is alive is frozen again
        assert kept.me is kept
    finally:
        gc.unfreeze()


# -- the model's lookups (rules the mutation run of model.py showed untested) -----------------


def test_rule_lookups_list_each_section_once_in_document_order() -> None:
    # model.Briefing: the lookups by source, actor and group list each section once, in
    # document order, however often the section names the record.
    from briefing.model import Citation, section_actor_ids

    b = load(FIXTURES / "mini.yaml")
    thesis = b.section_by_id["thesis"]
    twice = thesis._replace(
        sources=(Citation("column"), Citation("column", "context")),
        actors=("leader", "ana", "leader"),
    )
    again = type(b)(
        id=b.id,
        title=b.title,
        summary=b.summary,
        articles=b.articles,
        groups=b.groups,
        actors=b.actors,
        sections=(twice, *b.sections[1:]),
        sources=b.sources,
    )
    assert [s.id for s in again.citing("column")] == ["thesis", "eu-deals"]
    assert [s.id for s in again.about("leader")] == ["thesis"]
    assert [s.id for s in again.mentions("leader")] == ["thesis", "russia-ally"]
    assert section_actor_ids(twice) == ("leader", "ana")
    assert section_actor_ids(b.section_by_id["eu-deals"]) == ("eu", "ana")
    assert again.citing("nowhere") == again.about("nowhere") == again.mentions("nowhere") == ()
    assert again.extra == {} and again.parts == () and again.part_by_id == {} and again.path == ""
    assert again.position == {"thesis": 0, "eu-deals": 1, "russia-ally": 2}


def test_rule_groups_and_sections_by_article_and_group() -> None:
    # README "The reader": the tree is article, then group, then sections in file order; a
    # group lists its sections from every article.
    b = load(FIXTURES / "mini.yaml")
    assert [g.id for g in b.groups_of("beta")] == ["non-western"]
    assert b.groups_of("nowhere") == () and b.sections_in("alpha", "non-western") == ()
    assert [s.id for s in b.sections_of_group("western")] == ["eu-deals"]
    assert [s.id for s in b.sections_of_group("home")] == ["thesis"]


def test_rule_an_actor_is_named_by_name_or_else_by_id() -> None:
    # model.Briefing.actor_name: the actor's name; an id no actor has as itself; none as "".
    b = load(FIXTURES / "mini.yaml")
    assert (b.actor_name("leader"), b.actor_name("nobody"), b.actor_name(None)) == (
        "Leader Göyüşov",
        "nobody",
        "",
    )
    assert repr(b) == "<Briefing 'mini': 3 sections>"


def test_the_top_level_and_the_version_are_located_where_they_are():
    # README: every error carries file:line:col; a top level that is not a mapping is located
    # where it starts (line 1 when it has no place, as text), and a version left empty at its key.
    assert problems("# c\n\n- a\n") == ["t.yaml:3:1: the top level must be a mapping, found a list"]
    assert problems("\n\njust text\n") == ["t.yaml:1:1: the top level must be a mapping, found text"]
    said = problems("briefing: {id: b, title: B}\nversion:\n")
    assert "t.yaml:2:1: version: required field is missing (this reader knows 1)" in said
    # Said once: was a second, plainer "version: required field is missing" beside it.
    assert [p for p in said if p.split(": ")[1] == "version"] == [
        "t.yaml:2:1: version: required field is missing (this reader knows 1)"
    ]
    assert [p for p in problems("briefing: {id: b, title: B}\n") if "version" in p] == [
        "t.yaml:1:1: version: required field is missing (this reader knows 1)"
    ]
    with pytest.raises(BriefingError) as info:
        loads("- a\n")
    assert [p.path for p in info.value.problems] == [""]


def test_a_flag_written_empty_is_false():
    # DESIGN: `supplied` is true or false; left empty (`supplied:`) it is false, as when left out.
    briefing = loads(MINI.replace("    supplied: true\n", "    supplied:\n"))
    assert briefing.article_by_id["beta"].supplied is False


def test_a_missing_top_level_field_is_named_without_a_leading_dot():
    # README: every error carries the field path; a top-level field's path is its name.
    assert problems("version: 1\n") == [
        f"t.yaml:1:1: {field}: required field is missing"
        for field in ("briefing", "articles", "groups", "sections")
    ]


def test_the_heads_extra_is_the_briefings_extra() -> None:
    # README: `extra:` is accepted on every record; the briefing's head is one, and its extra is
    # kept (the JSON export carries it under "briefing"), not accepted and then dropped.
    text = MINI.replace("  summary: Two short", "  extra: {owner: desk-3}\n  summary: Two short", 1)
    assert loads(text, "mini.yaml").extra == {"owner": "desk-3"}
    both = text.replace("version: 1\n", "version: 1\nextra: {owner: desk-1, since: 2024}\n", 1)
    with pytest.raises(BriefingError) as raised:
        loads(both, "mini.yaml")
    [problem] = raised.value.problems
    assert (problem.line, problem.col, problem.path) == (7, 18, "briefing.extra.owner")
    assert problem.message == "also in the top-level extra: give it in one place"
    kept = text.replace("version: 1\n", "version: 1\nextra: {since: 2024}\n", 1)
    assert loads(kept, "mini.yaml").extra == {"since": 2024, "owner": "desk-3"}
