"""``validate --strict``: what loads but misleads, located, waivable only with a reason."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from briefing import markdown
from briefing.cli import main
from briefing.load import load_strict, loads
from briefing.problems import BriefingError
from briefing.strict import CODES

CLEAN = """\
version: 1
briefing: {id: b, title: B}
articles:
  - {id: art, title: An article}
groups:
  - {id: g, title: G}
actors:
  - {id: ana, name: Ana, kind: person}
  - {id: eu, name: EU, kind: organisation}
sections:
  - id: one
    title: One
    article: art
    group: g
    actors: [ana, eu]
    claim:
      speaker: ana
      summary: A claim.
      quotes:
        - {text: "a quoted line", speaker: ana}
    analysis:
      voice: article
      relation: supports
      body: Body.
    sources:
      - {ref: src, role: claim}
    events:
      - {date: "2022", label: Something happened, actors: [eu]}
sources:
  - {id: src, title: A source, kind: article}
"""

SECOND = """\
  - id: two
    title: Two
    article: art
    group: g
    actors: [eu]
    claim:
      speaker: ana
      summary: Another claim.
      quotes:
        - {text: "A  quoted line", speaker: ana}
    analysis:
      body: Body two.
    events:
      - {date: "2023", label: Another thing}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def codes(path: Path) -> list[tuple[str, str, int]]:
    _, report = load_strict(path)
    return [(p.code, p.path, p.line) for p in report.warnings]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[nth - 1]


def test_a_clean_file_has_no_warning(tmp_path):
    _, report = load_strict(write(tmp_path, CLEAN))
    assert report.warnings == [] and report.waived == 0


def test_each_rule_is_located_at_what_it_is_about(tmp_path):
    text = CLEAN.replace("sources:\n  - {id: src", SECOND + "sources:\n  - {id: src") + (
        "  - {id: unused, title: Nobody cites me, kind: report}\n"
    )
    text = text.replace(
        "  - {id: eu, name: EU, kind: organisation}\n",
        "  - {id: eu, name: EU, kind: organisation}\n  - {id: lonely, name: Lonely, kind: state}\n",
    )
    found = codes(write(tmp_path, text))
    assert sorted(c for c, _, _ in found) == sorted(
        [
            "actor-not-used",
            "speaker-not-in-actors",
            "quote-reused",
            "no-voice",
            "no-sources",
            "event-without-actors",
            "source-not-cited",
        ]
    )
    where = {code: (path, line) for code, path, line in found}
    assert where["actor-not-used"] == ("actors[2]", line_of(text, "id: lonely"))
    assert "no section, claim, quote or event names 'lonely'" in {
        p.message for p in load_strict(write(tmp_path, text))[1].warnings
    }
    assert where["speaker-not-in-actors"] == (
        "sections[1].claim.speaker",
        line_of(text, "      speaker: ana", 2),
    )
    # Quotes match ignoring case and runs of spaces; the later use is the one reported.
    assert where["quote-reused"] == ("sections[1].claim.quotes[0].text", line_of(text, "A  quoted line"))
    assert where["no-voice"] == ("sections[1].analysis", line_of(text, "analysis:", 2))
    assert where["no-sources"] == ("sections[1]", line_of(text, "id: two"))
    assert where["event-without-actors"] == ("sections[1].events[0]", line_of(text, "Another thing"))
    assert where["source-not-cited"] == ("sources[1]", line_of(text, "id: unused"))
    assert set(CODES) == {c for c, _, _ in found}


def test_an_actor_named_only_by_an_event_or_a_quote_is_used(tmp_path):
    text = CLEAN.replace("actors: [ana, eu]", "actors: [ana]")
    assert codes(write(tmp_path, text)) == []


def test_a_waiver_needs_a_known_code_and_a_reason_and_something_to_waive(tmp_path):
    text = CLEAN.replace(
        "    sources:\n      - {ref: src, role: claim}\n",
        "    extra:\n      waive:\n        no-sources: The article is its own source here.\n"
        "        no-such-code: whatever\n        event-without-actors: ''\n"
        "        quote-reused: nothing is reused\n",
    ).replace("sources:\n  - {id: src, title: A source, kind: article}\n", "")
    path = write(tmp_path, text)
    _, report = load_strict(path)
    assert report.waived == 1
    assert sorted(p.code for p in report.warnings) == [
        "waiver-unknown",
        "waiver-unused",
        "waiver-without-reason",
    ]
    unknown = next(p for p in report.warnings if p.code == "waiver-unknown")
    assert unknown.path == "sections[0].extra.waive.no-such-code"
    assert unknown.line == line_of(text, "no-such-code")


def test_a_section_waiver_covers_its_quotes_and_events_but_not_other_sections(tmp_path):
    text = CLEAN.replace("sources:\n  - {id: src", SECOND + "sources:\n  - {id: src")
    waived = text.replace(
        "      body: Body two.\n",
        "      body: Body two.\n      voice: editors\n",
    ).replace(
        '    events:\n      - {date: "2023"',
        "    sources: [{ref: src}]\n    extra:\n      waive:\n        quote-reused: Said in both places.\n"
        "        event-without-actors: The text names nobody.\n"
        "        speaker-not-in-actors: Ana is the author.\n"
        '    events:\n      - {date: "2023"',
    )
    _, report = load_strict(write(tmp_path, waived))
    assert report.warnings == [] and report.waived == 3


def test_validate_strict_exits_1_on_warnings_and_warnings_alone_exits_0(tmp_path, capsys):
    path = write(tmp_path, CLEAN.replace("      voice: article\n", ""))
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning" not in out and "valid" in out
    assert main(["validate", "--warnings", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:{line_of(CLEAN, 'analysis:')}:5: sections[0].analysis: warning:" in out
    assert "[no-voice]" in out and "1 warning" in out
    assert main(["validate", "--strict", str(path)]) == 1
    assert main(["validate", "--strict", str(write(tmp_path, CLEAN))]) == 0
    assert "0 warnings" in capsys.readouterr().out


def test_strict_still_reports_errors_first_and_only(tmp_path, capsys):
    path = write(tmp_path, CLEAN.replace("voice: article", "voice: author"))
    assert main(["validate", "--strict", str(path)]) == 1
    out = capsys.readouterr().out
    assert "sections[0].analysis.voice: 'author' is not one of article, editors" in out
    assert "warning" not in out


def test_voice_is_checked_and_kept():
    briefing = loads(CLEAN)
    assert briefing.sections[0].analysis.voice == "article"
    with pytest.raises(BriefingError) as err:
        loads(CLEAN.replace("voice: article", "voice: editor"))
    assert "did you mean 'editors'" in str(err.value)


@pytest.mark.parametrize(
    ("voice", "heading"),
    [("article", "## Analysis — from the article"), ("editors", "## Analysis — the briefing's editors")],
)
def test_markdown_says_whose_analysis_it_is(voice, heading):
    briefing = loads(CLEAN.replace("voice: article", f"voice: {voice}"))
    text = markdown.section(briefing, briefing.sections[0])
    assert heading in text.splitlines()


def test_markdown_without_a_voice_keeps_the_plain_heading():
    briefing = loads(CLEAN.replace("      voice: article\n", ""))
    lines = markdown.section(briefing, briefing.sections[0]).splitlines()
    assert "## Analysis" in lines


def test_the_bundled_briefing_says_whose_every_analysis_is():
    from briefing.paths import bundled_path

    briefing, report = load_strict(bundled_path())
    assert all(s.analysis.voice for s in briefing.sections), [
        s.id for s in briefing.sections if not s.analysis.voice
    ]
    assert report.warnings == [], "\n".join(map(str, report.warnings))


def test_readme_lists_every_warning_code():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in readme, code
    assert textwrap.dedent("`extra.waive`") in readme


def every_warning() -> str:
    """CLEAN with a second section that breaks every rule, an unused actor and an uncited source."""
    text = CLEAN.replace("sources:\n  - {id: src", SECOND + "sources:\n  - {id: src") + (
        "  - {id: unused, title: Nobody cites me, kind: report}\n"
    )
    return text.replace(
        "  - {id: eu, name: EU, kind: organisation}\n",
        "  - {id: eu, name: EU, kind: organisation}\n  - {id: lonely, name: Lonely, kind: state}\n",
    )


def test_each_warning_reads_as_documented_with_file_line_column_and_code(tmp_path):
    # README "Strict checks": each warning is located like an error (file:line:col, field
    # path) and ends with its code; an id-less position falls back to the record's start.
    path = write(tmp_path, every_warning())
    _, report = load_strict(path)
    assert [str(p) for p in report.warnings] == [
        f"{path}:10:6: actors[2]: warning: no section, claim, quote or event names 'lonely' [actor-not-used]",
        f"{path}:30:5: sections[1]: warning: cites no source [no-sources]",
        f"{path}:36:16: sections[1].claim.speaker: warning: 'ana' speaks the claim but is not in the"
        " section's actors [speaker-not-in-actors]",
        f"{path}:39:18: sections[1].claim.quotes[0].text: warning: the same quote is in section 'one':"
        " a quote belongs where it evidences the claim [quote-reused]",
        f"{path}:40:5: sections[1].analysis: warning: say whose analysis this is: voice: article"
        " (the article's) or editors (the briefing's) [no-voice]",
        f"{path}:43:9: sections[1].events[0]: warning: name the actors of the event (for the"
        " timeline's filter, and to say who claims it) [event-without-actors]",
        f"{path}:46:6: sources[1]: warning: no section cites 'unused' [source-not-cited]",
    ]


def test_a_waiver_is_read_on_every_record_and_covers_only_what_it_encloses(tmp_path):
    # README "Strict checks": a warning is waived under extra.waive of the record it is about
    # or of a record around it; a waiver elsewhere, even of the same code, waives nothing
    # and is itself reported as waiver-unused.
    def waive(code: str) -> str:
        return f"extra: {{waive: {{{code}: Meant.}}}}"

    text = every_warning()
    for old, new in [
        ("briefing: {id: b, title: B}", f"briefing: {{id: b, title: B, {waive('no-voice')}}}"),
        ("{id: art, title: An article}", f"{{id: art, title: An article, {waive('quote-reused')}}}"),
        ("{id: g, title: G}", f"{{id: g, title: G, {waive('event-without-actors')}}}"),
        ("kind: state}", f"kind: state, {waive('actor-not-used')}}}"),
        ("kind: report}", f"kind: report, {waive('source-not-cited')}}}"),
        ("{ref: src, role: claim}", f"{{ref: src, role: claim, {waive('no-sources')}}}"),
        ("actors: [eu]}", f"actors: [eu], {waive('event-without-actors')}}}"),
        ("Another thing}", f"Another thing, {waive('event-without-actors')}}}"),
        ('"A  quoted line", speaker: ana}', f'"A  quoted line", speaker: ana, {waive("quote-reused")}}}'),
        ("      body: Body two.\n", f"      body: Body two.\n      {waive('no-voice')}\n"),
        ("Another claim.\n", f"Another claim.\n      {waive('speaker-not-in-actors')}\n"),
        ("    title: Two\n", f"    title: Two\n    {waive('no-sources')}\n"),
    ]:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = write(tmp_path, text)
    _, report = load_strict(path)
    assert report.waived == 7
    assert [(p.path, p.code, p.file) for p in report.warnings] == [
        ("briefing.extra.waive.no-voice", "waiver-unused", str(path)),
        ("articles[0].extra.waive.quote-reused", "waiver-unused", str(path)),
        ("groups[0].extra.waive.event-without-actors", "waiver-unused", str(path)),
        ("sections[0].sources[0].extra.waive.no-sources", "waiver-unused", str(path)),
        ("sections[0].events[0].extra.waive.event-without-actors", "waiver-unused", str(path)),
    ]
    assert {p.message for p in report.warnings} == {"nothing here to waive"}
    assert report.warnings[0].line == line_of(text, "briefing: {id: b")


def test_a_waiver_at_the_top_of_the_file_covers_the_whole_file(tmp_path):
    # README "Strict checks": a record around the warning waives it, and the file itself is
    # around every record; its own unused and unknown waivers are located at its top level.
    head = "extra: {waive: {no-voice: Said in the foreword., source-not-cited: x, nope: y}}\n"
    text = head + CLEAN.replace("      voice: article\n", "")
    path = write(tmp_path, text)
    _, report = load_strict(path)
    assert report.waived == 1
    known = ", ".join(CODES)
    assert [str(p) for p in report.warnings] == [
        f"{path}:1:50: extra.waive.source-not-cited: warning: nothing here to waive [waiver-unused]",
        f"{path}:1:71: extra.waive.nope: warning: no such warning; codes: {known} [waiver-unknown]",
    ]


def test_a_waiver_must_be_a_mapping_with_a_reason_for_each_code(tmp_path):
    # README "Strict checks": a waiver without a reason is waiver-without-reason, and extra.waive
    # that is not a mapping of code: reason is waiver-unknown; both located at the waiver.
    text = CLEAN.replace(
        "briefing: {id: b, title: B}", "briefing: {id: b, title: B, extra: {waive: [no-voice]}}"
    ).replace(
        "    sources:\n      - {ref: src, role: claim}\n",
        "    sources:\n      - {ref: src, role: claim}\n    extra:\n      waive:\n"
        "        no-sources:\n        quote-reused: true\n        no-voice: '  '\n",
    )
    path = write(tmp_path, text)
    _, report = load_strict(path)
    assert report.waived == 0
    line = line_of(text, "no-sources:")
    assert [str(p) for p in report.warnings] == [
        f"{path}:2:44: briefing.extra.waive: warning: expected a mapping of code: reason [waiver-unknown]",
        f"{path}:{line}:9: sections[0].extra.waive.no-sources: warning: say why it is waived"
        " [waiver-without-reason]",
        f"{path}:{line + 1}:9: sections[0].extra.waive.quote-reused: warning: say why it is waived"
        " [waiver-without-reason]",
        f"{path}:{line + 2}:9: sections[0].extra.waive.no-voice: warning: say why it is waived"
        " [waiver-without-reason]",
    ]
