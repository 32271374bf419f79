"""The reader's tree views as data: order, places of sections, next/previous moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.load import load
from briefing.model import Briefing
from briefing.tui.views.outline import NO_ACTOR, Branch, Slot, by_actor, by_article

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


@pytest.fixture(scope="module")
def mini() -> Briefing:
    return load(MINI)


def ids(items: list[Branch] | list[Slot]) -> list[str]:
    return [i.section.id if isinstance(i, Slot) else i.id for i in items]


def test_by_article_follows_document_order(mini: Briefing) -> None:
    outline = by_article(mini)
    assert ids(outline.tops) == ["alpha", "beta"]
    assert [ids(t.children) for t in outline.tops] == [["home", "western"], ["non-western"]]
    assert ids(outline.slots) == [s.id for s in mini.tree_order()]
    assert [g.group_number for g in outline.groups] == [1, 2, 3]
    assert outline.tops[0].sections == tuple(mini.section_by_id[i] for i in ("thesis", "eu-deals"))
    assert outline.groups[1].article == "alpha"


def test_by_actor_groups_then_actors_from_every_article(mini: Briefing) -> None:
    outline = by_actor(mini)
    assert ids(outline.tops) == ["home", "western", "non-western"]
    assert [ids(t.children) for t in outline.tops] == [["leader"], ["eu"], ["russia"]]
    assert ids(outline.slots) == ["thesis", "eu-deals", "russia-ally"]
    assert outline.tops[0].article is None
    assert outline.groups == outline.tops


def test_by_actor_repeats_a_section_under_each_actor_and_keeps_actorless_ones() -> None:
    briefing = load(MINI)
    # Same sections, but the thesis is about two actors and eu-deals about none.
    sections = list(briefing.sections)
    sections[0] = sections[0]._replace(actors=("leader", "russia"))
    sections[1] = sections[1]._replace(actors=())
    changed = Briefing(
        id=briefing.id,
        title=briefing.title,
        summary=briefing.summary,
        articles=briefing.articles,
        groups=briefing.groups,
        actors=briefing.actors,
        sections=tuple(sections),
        sources=briefing.sources,
    )
    outline = by_actor(changed)
    home, western, _ = outline.tops
    assert ids(home.children) == ["leader", "russia"]
    assert [ids(a.slots) for a in home.children] == [["thesis"], ["thesis"]]
    assert home.sections == (sections[0],)  # once, though it sits under two actors
    assert ids(western.children) == [NO_ACTOR]
    assert outline.slot_of("thesis") is home.children[0].slots[0]


def test_next_and_previous_section_cross_groups_and_articles(mini: Briefing) -> None:
    outline = by_article(mini)
    thesis, eu_deals, russia = outline.slots
    assert outline.next_slot(thesis.rank) is eu_deals
    assert outline.next_slot(eu_deals.rank) is russia
    assert outline.next_slot(russia.rank) is None
    assert outline.previous_slot(russia.rank) is eu_deals
    assert outline.previous_slot(thesis.rank) is None
    # From a branch: the first section below it, or the last one before it.
    beta = outline.tops[1]
    assert outline.next_slot(beta.rank) is russia
    assert outline.previous_slot(beta.rank) is eu_deals


def test_next_and_previous_group(mini: Briefing) -> None:
    outline = by_article(mini)
    home, western, non_western = outline.groups
    thesis, eu_deals, _ = outline.slots
    assert outline.next_group(thesis) is western
    assert outline.next_group(western) is non_western
    assert outline.next_group(non_western) is None
    assert outline.previous_group(eu_deals) is home  # the group before the one holding it
    assert outline.previous_group(western) is home
    assert outline.previous_group(home) is None
    assert outline.previous_group(outline.tops[1]) is western  # an article: the group before it
    assert outline.group(3) is non_western
    assert outline.group(4) is None
    assert outline.group(0) is None
    assert outline.group_of(eu_deals) is western
    assert outline.group_by_id("western") is western
    assert outline.group_by_id("nope") is None


def test_empty_briefing_has_an_empty_outline(mini: Briefing) -> None:
    empty = Briefing(
        id="e",
        title="Empty",
        summary=None,
        articles=mini.articles,
        groups=mini.groups,
        actors=(),
        sections=(),
        sources=(),
    )
    for outline in (by_article(empty), by_actor(empty)):
        assert outline.slots == []
        assert outline.next_slot(0) is None
        assert outline.next_group(Branch("article", "alpha", 0)) is None
