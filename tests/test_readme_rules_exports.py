"""Rules of the exports stated in README.md ("Export formats"), each with a test that breaks with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing import claimreview
from briefing.load import load

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


@pytest.mark.parametrize(
    ("relation", "name"),
    [
        ("rebuts", "Rebutted"),
        ("undercuts", "Undercut"),
        ("contextualizes", "Needs context"),
        ("supports", "Supported"),
        (None, "Not rated"),
    ],
)
def test_rule_claimreview_names_each_relation_as_the_readme_table_does(
    relation: str | None, name: str
) -> None:
    """README, ClaimReview `reviewRating`: a `Rating` whose `alternateName` names the relation."""
    briefing = load(MINI)
    section = briefing.section_by_id["thesis"]
    section = section._replace(analysis=section.analysis._replace(relation=relation))
    assert claimreview.review(briefing, section)["reviewRating"] == {"@type": "Rating", "alternateName": name}


def test_rule_claimreview_keywords_are_the_tags_and_citation_each_cited_source() -> None:
    """README, ClaimReview: `keywords` from `tags`; `citation` each cited source as a `CreativeWork`
    (`name`, `publisher`, `datePublished`, `url`)."""
    briefing = load(MINI)
    review = claimreview.review(briefing, briefing.section_by_id["eu-deals"])
    assert review["keywords"] == ["energy"]
    assert [(c["@type"], c["name"], c["datePublished"]) for c in review["citation"]] == [
        ("CreativeWork", "The first article", "2022-09"),
        ("CreativeWork", "EU gas memorandum", "2022"),
    ]
    assert review["citation"][1]["publisher"] == {"@type": "Organization", "name": "European Commission"}


def test_rule_html_sources_link_the_other_sections_citing_them() -> None:
    """README, HTML: Sources with "Also cited by" links to the other sections."""
    from briefing import html_export

    page = html_export.document(load(MINI))
    thesis = page[page.index('id="section-thesis"') : page.index('id="section-eu-deals"')]
    assert (
        '<p class="cited-by">Also cited by: <a href="#section-eu-deals">Gas deals with the EU</a></p>'
        in thesis
    )


def test_rule_one_section_is_a_page_titled_by_the_section() -> None:
    """README, HTML: one section is a page of its own, titled by the section; sections it names
    that are not on the page show their title and id."""
    from briefing import html_export

    briefing = load(MINI)
    page = html_export.section(briefing, briefing.section_by_id["thesis"])
    assert "<title>The main threat — Mini briefing</title>" in page
    assert "Gas deals with the EU (<code>eu-deals</code>)" in page
