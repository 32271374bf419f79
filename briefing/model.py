"""The typed briefing: immutable records built by :mod:`briefing.load`.

Records refer to each other by id, as the YAML does; :class:`Briefing` holds the
lookups (by id, by article and group, by actor, by source) so views never scan.

Records are typed named tuples rather than dataclasses: as immutable and as typed,
but about ten times cheaper to define, which matters for commands such as
``briefing print`` whose whole run is a few tens of milliseconds, and smaller in
memory for briefings of thousands of sections. (No ``from __future__ import
annotations`` here: string annotations would make NamedTuple compile each one.)
"""

from collections import defaultdict
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

SCHEMA_VERSION = 1
RELATIONS = ("rebuts", "contextualizes", "supports", "undercuts")
# Whose analysis a section's Analysis gives: its article's, summarised, or the briefing's own.
VOICES = ("article", "editors")
VOICE_LABELS = {"article": "from the article", "editors": "the briefing's editors"}
CITATION_ROLES = ("claim", "evidence", "context")
SOURCE_KINDS = (
    "statement",
    "document",
    "law",
    "report",
    "survey",
    "interview",
    "article",
    "speech",
    "dataset",
    "organisation",
    "person",
)
ACTOR_KINDS = ("person", "state", "organisation")


# The ``extra`` of a record that has none: shared, so it must never change.
NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


class Article(NamedTuple):
    id: str
    title: str
    supplied: bool = False
    publication: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    note: str | None = None
    extra: Mapping[str, Any] = NO_EXTRA


class Group(NamedTuple):
    id: str
    title: str
    summary: str | None = None
    extra: Mapping[str, Any] = NO_EXTRA


class Actor(NamedTuple):
    id: str
    name: str
    kind: str | None = None
    role: str | None = None
    summary: str | None = None
    extra: Mapping[str, Any] = NO_EXTRA


class Quote(NamedTuple):
    text: str
    speaker: str
    date: str | None = None
    venue: str | None = None
    extra: Mapping[str, Any] = NO_EXTRA


class Claim(NamedTuple):
    summary: str
    speaker: str | None = None
    quotes: tuple[Quote, ...] = ()
    extra: Mapping[str, Any] = NO_EXTRA


class Analysis(NamedTuple):
    body: str
    relation: str | None = None
    voice: str | None = None
    """``article`` or ``editors`` (:data:`VOICES`); None where the file does not say."""
    extra: Mapping[str, Any] = NO_EXTRA


class Citation(NamedTuple):
    """A section's use of a bibliography entry."""

    ref: str
    role: str | None = None
    note: str | None = None
    extra: Mapping[str, Any] = NO_EXTRA


class Event(NamedTuple):
    date: str
    label: str
    actors: tuple[str, ...] = ()
    extra: Mapping[str, Any] = NO_EXTRA


class Section(NamedTuple):
    id: str
    title: str
    article: str
    group: str
    claim: Claim
    analysis: Analysis
    actors: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    events: tuple[Event, ...] = ()
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    extra: Mapping[str, Any] = NO_EXTRA


class Source(NamedTuple):
    id: str
    title: str
    kind: str
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    note: str | None = None
    extra: Mapping[str, Any] = NO_EXTRA


class Part(NamedTuple):
    """One briefing file of several opened together (see :mod:`briefing.merge`)."""

    id: str
    title: str
    summary: str | None = None
    path: str = ""
    articles: tuple[str, ...] = ()
    """Ids of its articles in the combined briefing."""


class Briefing:
    """A validated briefing with its lookups. Treat it as read-only.

    ``parts`` is empty for one file; a briefing combined from several files
    names each of them, and the reader shows each as a root of the tree.
    """

    def __init__(
        self,
        *,
        id: str,
        title: str,
        summary: str | None,
        articles: tuple[Article, ...],
        groups: tuple[Group, ...],
        actors: tuple[Actor, ...],
        sections: tuple[Section, ...],
        sources: tuple[Source, ...],
        path: str = "",
        extra: dict[str, Any] | None = None,
        parts: tuple[Part, ...] = (),
    ) -> None:
        self.id = id
        self.title = title
        self.summary = summary
        self.articles = articles
        self.groups = groups
        self.actors = actors
        self.sections = sections
        self.sources = sources
        self.path = path
        self.extra = extra or {}
        self.parts = parts
        self.part_by_id = {p.id: p for p in parts}
        self.article_by_id = {a.id: a for a in articles}
        self.group_by_id = {g.id: g for g in groups}
        self.actor_by_id = {a.id: a for a in actors}
        self.section_by_id = {s.id: s for s in sections}
        self.source_by_id = {s.id: s for s in sources}
        self.position = {s.id: i for i, s in enumerate(sections)}
        by_article_group: dict[tuple[str, str], list[Section]] = defaultdict(list)
        citing: dict[str, list[Section]] = defaultdict(list)
        about: dict[str, list[Section]] = defaultdict(list)
        mentions: dict[str, list[Section]] = defaultdict(list)
        for section in sections:
            by_article_group[(section.article, section.group)].append(section)
            for ref in dict.fromkeys(c.ref for c in section.sources):
                citing[ref].append(section)
            for actor in dict.fromkeys(section.actors):
                about[actor].append(section)
            for actor in section_actor_ids(section):
                mentions[actor].append(section)
        self._by_article_group = {k: tuple(v) for k, v in by_article_group.items()}
        self._citing = {k: tuple(v) for k, v in citing.items()}
        self._about = {k: tuple(v) for k, v in about.items()}
        self._mentions = {k: tuple(v) for k, v in mentions.items()}

    def __repr__(self) -> str:
        return f"<Briefing {self.id!r}: {len(self.sections)} sections>"

    def sections_in(self, article: str, group: str) -> tuple[Section, ...]:
        """Sections of one article in one group, in document order."""
        return self._by_article_group.get((article, group), ())

    def groups_of(self, article: str) -> tuple[Group, ...]:
        """The groups (in tree order) that hold sections of this article."""
        return tuple(g for g in self.groups if (article, g.id) in self._by_article_group)

    def sections_of_group(self, group: str) -> tuple[Section, ...]:
        return tuple(s for a in self.articles for s in self.sections_in(a.id, group))

    def citing(self, source: str) -> tuple[Section, ...]:
        """Sections that cite a bibliography entry, in document order."""
        return self._citing.get(source, ())

    def about(self, actor: str) -> tuple[Section, ...]:
        """Sections that list an actor in ``actors``, in document order."""
        return self._about.get(actor, ())

    def mentions(self, actor: str) -> tuple[Section, ...]:
        """Sections about, speaking for or quoting an actor, in document order."""
        return self._mentions.get(actor, ())

    def tree_order(self) -> tuple[Section, ...]:
        """Sections in the order the default tree shows them: article, group, document."""
        return tuple(s for a in self.articles for g in self.groups for s in self.sections_in(a.id, g.id))

    def actor_name(self, actor: str | None) -> str:
        if actor is None:
            return ""
        found = self.actor_by_id.get(actor)
        return found.name if found else actor


def section_actor_ids(section: Section) -> tuple[str, ...]:
    """Every actor a section is about, speaks through or dates an event with."""
    ids: dict[str, None] = dict.fromkeys(section.actors)
    if section.claim.speaker:
        ids.setdefault(section.claim.speaker)
    for quote in section.claim.quotes:
        ids.setdefault(quote.speaker)
    return tuple(ids)
