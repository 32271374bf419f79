"""Sections as schema.org ``ClaimReview`` JSON-LD, the form fact-check databases exchange.

One ClaimReview per section. The README maps each property to the briefing's fields:
``claimReviewed`` is the claim's summary; ``itemReviewed`` a ``Claim`` whose author
is the speaker (a ``Person`` for an actor of kind person, else an ``Organization``)
and whose appearances are the quotes (venue, date, text); ``reviewRating`` names the
analysis' relation in ``alternateName``; the review's ``author`` is the article (its
author and publication) when the analysis speaks for it, else the briefing's editors;
``datePublished`` is the article's date where the analysis is the article's own.
"""

from __future__ import annotations

from typing import Any

from .model import Actor, Article, Briefing, Section

CONTEXT = "https://schema.org"

RATINGS = {
    "rebuts": "Rebutted",
    "undercuts": "Undercut",
    "contextualizes": "Needs context",
    "supports": "Supported",
}
"""``reviewRating.alternateName`` for each analysis relation."""
NO_RATING = "Not rated"

Node = dict[str, Any]


def _compact(node: Node) -> Node:
    """Leave out properties with no value, so nothing unknown is stated as empty."""
    return {k: v for k, v in node.items() if v not in (None, "", [])}


def agent(actor: Actor) -> Node:
    kind = "Person" if actor.kind == "person" else "Organization"
    return _compact(
        {"@type": kind, "name": actor.name, "jobTitle" if kind == "Person" else "description": actor.role}
    )


def _appearances(briefing: Briefing, sec: Section) -> list[Node]:
    out = []
    for quote in sec.claim.quotes:
        speaker = briefing.actor_by_id.get(quote.speaker)
        out.append(
            _compact(
                {
                    "@type": "CreativeWork",
                    "name": quote.venue,
                    "text": quote.text,
                    "datePublished": quote.date,
                    "author": agent(speaker) if speaker else None,
                }
            )
        )
    return out


def _article_author(article: Article) -> list[Node]:
    authors: list[Node] = []
    if article.author:
        authors.append({"@type": "Person", "name": article.author})
    if article.publication:
        authors.append({"@type": "Organization", "name": article.publication})
    return authors or [{"@type": "Organization", "name": article.title}]


def voice(sec: Section) -> str:
    """Whose analysis it is: ``article`` or ``editors`` (the default)."""
    return "article" if sec.analysis.voice == "article" else "editors"


def review(briefing: Briefing, sec: Section) -> Node:
    """One section as a ClaimReview node with its own ``@context``."""
    article = briefing.article_by_id[sec.article]
    speaker = briefing.actor_by_id.get(sec.claim.speaker) if sec.claim.speaker else None
    from_article = voice(sec) == "article"
    if from_article:
        authors = _article_author(article)
        author: Node | list[Node] = authors[0] if len(authors) == 1 else authors
    else:
        author = {"@type": "Organization", "name": f"The editors of {briefing.title}"}
    claim = _compact(
        {
            "@type": "Claim",
            "author": agent(speaker) if speaker else None,
            "appearance": _appearances(briefing, sec),
        }
    )
    rating = RATINGS.get(sec.analysis.relation or "", NO_RATING)
    sources = [briefing.source_by_id[c.ref] for c in sec.sources]
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "ClaimReview",
            "identifier": sec.id,
            "name": sec.title,
            "url": article.url if from_article else None,
            "claimReviewed": sec.claim.summary,
            "itemReviewed": claim,
            "reviewRating": {"@type": "Rating", "alternateName": rating},
            "reviewBody": sec.analysis.body.strip(),
            "author": author,
            "datePublished": article.date if from_article else None,
            "keywords": list(sec.tags),
            "citation": [
                _compact(
                    {
                        "@type": "CreativeWork",
                        "name": s.title,
                        "publisher": {"@type": "Organization", "name": s.publisher} if s.publisher else None,
                        "datePublished": s.date,
                        "url": s.url,
                    }
                )
                for s in sources
            ],
        }
    )


def reviews(briefing: Briefing) -> list[Node]:
    """Every section, in tree order: a JSON-LD array of ClaimReview nodes."""
    return [review(briefing, s) for s in briefing.tree_order()]
