"""Pane contents as Rich renderables: what each pane says, and that data stays data."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from rich.segment import Segment

from briefing.load import load
from briefing.model import Briefing
from briefing.tui.views import render
from briefing.tui.views.outline import by_actor, by_article
from briefing.tui.views.render import plain

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def mini() -> Briefing:
    return load(FIXTURES / "mini.yaml")


@pytest.fixture(scope="module")
def hostile() -> Briefing:
    return load(FIXTURES / "hostile.yaml")


def one_line(renderable: object, width: int = 200) -> str:
    """Plain text with lines joined, so wrapping does not matter."""
    return " ".join(plain(renderable, width).split())


def test_claim_has_title_origin_speaker_summary_and_quote_cards(mini: Briefing) -> None:
    text = one_line(render.claim(mini, mini.section_by_id["russia-ally"]))
    assert text.startswith("On relations with Russia Non-Western actors · russia-ally")
    assert "Leader Göyüşov, President of Eastland Russia is a reliable partner." in text
    assert "“a reliable partner”" in text
    assert "— Leader Göyüşov, President of Eastland" in text
    assert "interview · 2024-12/2025-01" in text
    card = plain(render.quote_card(mini, mini.section_by_id["eu-deals"].claim.quotes[0]), 40)
    assert card.splitlines()[0].startswith("╭") and card.splitlines()[-1].startswith("╰")


def test_analysis_has_relation_and_rendered_markdown(mini: Briefing) -> None:
    text = one_line(render.analysis(mini, mini.section_by_id["eu-deals"]))
    assert text.startswith("supports the claim of Ana Author")
    assert "The deal was worth $1.96 billion." in text  # ** markup rendered, not shown
    listing = plain(render.analysis(mini, mini.section_by_id["thesis"]))
    assert "• first point" in listing


@pytest.mark.parametrize(
    ("voice", "first_line"),
    [
        ("article", "Analysis — from the article · The first article"),
        ("editors", "Analysis — the briefing's editors"),
    ],
)
def test_analysis_says_first_whose_analysis_it_is(mini: Briefing, voice: str, first_line: str) -> None:
    section = mini.section_by_id["thesis"]
    section = section._replace(analysis=section.analysis._replace(voice=voice))
    lines = plain(render.analysis(mini, section), 200).splitlines()
    assert lines[0].rstrip() == first_line
    assert " ".join(lines[1].split()) == "contextualizes the claim of Ana Author"


def test_analysis_without_a_voice_starts_with_its_relation(mini: Briefing) -> None:
    section = mini.section_by_id["thesis"]
    assert section.analysis.voice is None
    first = plain(render.analysis(mini, section), 200).splitlines()[0]
    assert first.strip().startswith("contextualizes")


def test_sources_list_citations_other_citing_sections_related_and_tags(mini: Briefing) -> None:
    text = one_line(render.sources(mini, mini.section_by_id["eu-deals"]))
    assert "1. The first article article · Test Weekly · 2022-09 as claim" in text
    assert "Also cited by: The main threat" in text
    assert "2. EU gas memorandum document · European Commission · 2022 as evidence: The amount." in text
    assert "Amount as reported." in text
    assert "Also cited by: On relations with Russia" in text
    assert "Related sections → The main threat thesis" in text
    assert "Tags: energy" in text


def test_sources_cut_long_lists_of_citing_sections(mini: Briefing, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "CITED_LIMIT", 1)
    text = one_line(render.sources(mini, mini.section_by_id["thesis"]))
    assert "Also cited by: Gas deals with the EU" in text
    monkeypatch.setattr(render, "CITED_LIMIT", 0)
    text = one_line(render.sources(mini, mini.section_by_id["eu-deals"]))
    assert "Also cited by: and 1 more" in text


def test_article_overview_names_publication_and_supplied_title(mini: Briefing) -> None:
    outline = by_article(mini)
    alpha, beta = outline.tops
    views = render.branch_views(mini, alpha)
    text = one_line(views["claim"].body)
    assert views["claim"].title == "Article"
    assert "The first article Test Weekly · Ana Author · 2022-09" in text
    assert "Note: Date inferred from the text." in text
    assert "2 sections in 2 groups" in text
    assert "supplied" not in text
    beta_text = one_line(render.branch_views(mini, beta)["claim"].body)
    assert "title supplied by the briefing's authors" in beta_text
    digest = one_line(views["analysis"].body)
    assert views["analysis"].title == "Sections"
    assert "The main threat contextualizes The neighbour, not the great power, is the danger." in digest


def test_group_and_actor_overviews(mini: Briefing) -> None:
    home = by_article(mini).groups[0]
    text = one_line(render.branch_views(mini, home)["claim"].body)
    assert "The two neighbours in The first article" in text
    assert "Sections about the neighbours themselves." in text
    assert "1 section" in text
    group = by_actor(mini).tops[1]
    text = one_line(render.branch_views(mini, group)["claim"].body)
    assert "Western actors all articles, by actor" in text
    assert "Actors: European Union (1)" in text
    actor = group.children[0]
    views = render.branch_views(mini, actor)
    assert views["claim"].title == "Actor"
    assert one_line(views["claim"].body).startswith("European Union organisation in Western actors")
    assert "Gas deals with the EU" in one_line(views["analysis"].body)


def test_section_digest_is_cut(mini: Briefing) -> None:
    text = one_line(render.section_digest(mini.sections, limit=1))
    assert "The main threat" in text
    assert "Gas deals" not in text
    assert "… and 2 more sections" in text


def rendered_segments(renderable: object) -> list[Segment]:
    console = Console(width=100, color_system="truecolor", force_terminal=True)
    return list(console.render(renderable))  # type: ignore[arg-type]


def test_markup_in_data_is_shown_as_typed_and_never_becomes_actions(hostile: Briefing) -> None:
    section = hostile.section_by_id["loud"]
    views = render.section_views(hostile, section)
    claim = one_line(views["claim"].body)
    assert "[bold red]x[/] and [@click=app.quit]quit[/]" in claim
    assert "[reverse]Group[/] · loud" in claim
    assert "“[@click=app.bell]ring[/]”" in claim
    assert "[blink]Speaker[/], Role <U+202E>evil<U+202C>" in claim
    assert "[u]venue[/u]" in claim
    sources = one_line(views["sources"].body)
    assert "1. [bold]Source[/] report · [dim]Pub[/] · 2024 as evidence: [i]note[/i]" in sources
    assert "$accent [$text]" in sources
    assert "Tags: [tag]" in sources
    analysis = one_line(views["analysis"].body)
    assert "Body with [bold]markup[/bold] and [code]." in analysis
    for _, view in views:
        for segment in rendered_segments(view.body):
            style = segment.style
            assert not (style and style.meta and "@click" in style.meta)
            assert not (style and style.link)
            assert "\x1b" not in segment.text and "\x07" not in segment.text


def test_overviews_list_the_sources_their_sections_cite(mini: Briefing) -> None:
    alpha = by_article(mini).tops[0]
    text = one_line(render.branch_views(mini, alpha)["sources"].body)
    assert text.startswith("The first article 2 sections article · Test Weekly · 2022-09")
    assert "EU gas memorandum 1 section document · European Commission · 2022" in text
    cut = one_line(render.sources_digest(mini, mini.sections, limit=1))
    assert cut.startswith("Cited by the first 1 of 3 sections: The first article 1 section")
    assert "no sources" in one_line(render.sources_digest(mini, ()))


def test_a_match_after_wide_characters_is_marked_on_its_own_cells() -> None:
    from rich.segment import Segment
    from rich.style import Style

    from briefing.search import parse_query
    from briefing.tui.views.highlight import mark_lines, match_ranges

    line = [Segment("東京 ", Style(bold=True)), Segment("gas deals")]
    ranges = match_ranges([line], parse_query("gas"))
    assert ranges == {0: [(5, 8)]}  # 東京 takes four cells, then a space
    marked = mark_lines([line], ranges, Style(reverse=True))[0]
    assert [(s.text, bool(s.style and s.style.reverse)) for s in marked if s.text] == [
        ("東京 ", False),
        ("gas", True),
        (" deals", False),
    ]
    assert marked[0].style == Style(bold=True)  # the text's own style is kept under the mark
