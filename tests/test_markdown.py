"""Markdown export: checked by parsing it as CommonMark, not by substrings alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from briefing import markdown
from briefing.load import loads

MINI = (Path(__file__).parent / "fixtures" / "mini.yaml").read_text(encoding="utf-8")
PARSER = MarkdownIt("commonmark")


def tokens(text: str):
    return PARSER.parse(text)


def flat(text: str):
    """Every token, inline children included."""
    for token in tokens(text):
        yield token
        yield from token.children or ()


def headings(text: str) -> list[tuple[int, str]]:
    toks = tokens(text)
    return [
        (int(tok.tag[1]), toks[i + 1].content) for i, tok in enumerate(toks) if tok.type == "heading_open"
    ]


def rendered_text(text: str) -> str:
    """What a reader sees: the text of every inline node."""
    return "".join(
        "\n" if t.type == "softbreak" else t.content
        for t in flat(text)
        if t.type in ("text", "code_inline", "softbreak")
    )


def test_section_structure():
    b = loads(MINI)
    out = markdown.section(b, b.section_by_id["eu-deals"])
    assert headings(out) == [
        (1, "Gas deals with the EU"),
        (2, "Claim"),
        (2, "Analysis"),
        (2, "Sources"),
        (2, "Related sections"),
    ]
    toks = list(tokens(out))
    assert sum(t.type == "blockquote_open" for t in toks) == 1
    assert sum(t.type == "ordered_list_open" for t in toks) == 1
    items = [t for t in toks if t.type == "list_item_open"]
    assert len(items) == 2 + 1  # two citations, one related section
    html = PARSER.render(out)
    assert "<blockquote>\n<p>trustworthy</p>\n<p>— European Union, press conference, 2022</p>" in html
    assert "<strong>$1.96 billion</strong>" in html  # the body is Markdown
    assert "Article: <em>The first article</em> (Test Weekly, Ana Author, 2022-09)" in html
    assert "Group: Western actors" in html


def test_quote_attribution_names_role_venue_and_date():
    b = loads(MINI)
    out = markdown.section(b, b.section_by_id["russia-ally"])
    assert "— Leader Göyüşov (President of Eastland), interview, 2024-12/2025-01" in rendered_text(out)


HOSTILE = "# [click](javascript:alert(1)) <script>x</script> *bold* `code` 1. | a | ~~s~~ &amp;"


@pytest.mark.parametrize(
    "field",
    ["title: Gas deals with the EU", "summary: The EU rewarded the aggressor with an energy deal."],
)
def test_plain_text_cannot_become_structure(field):
    key = field.split(":")[0]
    b = loads(MINI)
    normal = markdown.section(b, b.section_by_id["eu-deals"])
    text = MINI.replace(field, f"{key}: {HOSTILE!r}".replace("'", '"'))
    b = loads(text)
    out = markdown.section(b, b.section_by_id["eu-deals"])
    assert [t.type for t in flat(out)] == [t.type for t in flat(normal)]
    assert HOSTILE in rendered_text(out)


def test_line_starts_that_would_be_structure_are_escaped():
    text = "- not a list\n+ nor this\n> nor a quote\n1) nor a list\n=== nor a heading\n    nor code"
    out = markdown.escape(text)
    toks = list(tokens(out))
    assert [t.type for t in toks] == ["paragraph_open", "inline", "paragraph_close"]
    assert rendered_text(out).replace("\n", " ") == " ".join(line.strip() for line in text.split("\n"))


def test_body_headings_are_demoted_and_html_shown_as_text():
    body = (
        "# Inside\n\nText <img src=x onerror=alert(1)> and `<code>`.\n\n"
        "Underlined\n===\n\n```\n# not a heading\n```"
    )
    text = MINI.replace(
        "body: The deal was worth **$1.96 billion**.", "body: |\n        " + body.replace("\n", "\n        ")
    )
    b = loads(text)
    out = markdown.section(b, b.section_by_id["eu-deals"])
    assert (3, "Inside") in headings(out)
    assert all(level > 1 for level, _ in headings(out)[1:])
    kinds = {t.type for t in flat(out)}
    assert "html_inline" not in kinds and "html_block" not in kinds
    assert "<img src=x onerror=alert(1)>" in rendered_text(out)
    assert "# not a heading" in out  # code fences are left alone


def test_whole_document():
    b = loads(MINI)
    out = markdown.document(b)
    hs = headings(out)
    assert hs[0] == (1, "Mini briefing")
    assert hs[1] == (2, "Contents")
    section_titles = [title for level, title in hs if level == 2][1:]
    assert section_titles == [s.title for s in b.tree_order()]
    assert all(level == 3 for level, title in hs if title in ("Claim", "Analysis"))
    assert "Leader Göyüşov" in out


def test_notes_are_included_when_given():
    b = loads(MINI)
    out = markdown.section(b, b.section_by_id["thesis"], note="Check the *date*.")
    assert headings(out)[-1] == (2, "Note")
    assert "Check the *date*." in rendered_text(out)
