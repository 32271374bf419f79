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
