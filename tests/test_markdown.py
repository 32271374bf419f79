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


def test_source_links_are_autolinks_only_for_web_addresses():
    # SECURITY (source URL not http(s)): shown as text, never a link; a web address is an autolink.
    web = "{id: column, url: 'https://example.org/a?b=1', title: The first article,"
    text = MINI.replace("{id: column, title: The first article,", web)
    text = text.replace("{id: gas-deal, title:", "{id: gas-deal, url: 'javascript:alert(1)', title:")
    b = loads(text)
    out = markdown.section(b, b.section_by_id["eu-deals"])
    items = out.split("## Sources\n\n")[1].split("\n\n")[0].split("\n")
    assert items[0] == "1. **The first article** (article, Test Weekly, 2022-09) — claim <https://example.org/a?b=1>"
    assert items[1].startswith("2. **EU gas memorandum** (document, European Commission, 2022) — evidence")
    assert items[1].endswith(" javascript:alert(1)")
    links = [t.attrGet("href") for t in flat(out) if t.type == "link_open"]
    assert links == ["https://example.org/a?b=1"]


def test_each_related_section_is_its_own_item():
    # README (export): a section's related sections are listed, one item each.
    text = MINI.replace(
        "related: [thesis]\n    tags: [energy]",
        "related: [thesis, russia-ally]\n    tags: [energy]",
    )
    b = loads(text)
    out = markdown.section(b, b.section_by_id["eu-deals"])
    related = out.split("## Related sections\n\n")[1].rstrip("\n")
    assert related == "- The main threat (`thesis`)\n- On relations with Russia (`russia-ally`)"


def test_headings_never_go_below_level_six():
    # CommonMark has six heading levels: a section placed at level 6 keeps its parts at 6, still headings.
    b = loads(MINI)
    out = markdown.section(b, b.section_by_id["eu-deals"], level=6)
    assert [level for level, _ in headings(out)] == [6, 6, 6, 6, 6]
    assert "#######" not in out


@pytest.mark.parametrize(
    ("body", "first", "last"),
    [
        ("---\nafter a rule", "---", "after a rule"),
        ("```\ncode\n```\n---", "```", "---"),
        ("~~~~\n---\n~~~\nstill code\n~~~~\nText", "~~~~", "Text"),
    ],
)
def test_a_rule_line_is_never_turned_into_a_heading(body, first, last):
    # A body's `---` only underlines a paragraph above it; at the start or after a fence it is no heading.
    out = markdown.body(body, 2).split("\n")
    assert (out[0], out[-1].lstrip("\\")) == (first, last)
    assert [t for t in tokens("\n".join(out)) if t.type == "heading_open"] == []
