"""The fields of schema version 1 in one table: the loader checks it, the JSON Schema says it.

Each record of the file has a :class:`Spec`: its fields in the order of the model's
record (the named tuple the loader builds), each with whether it is required, what
kind of value it takes and a description for people. The table is built from the
model's records and refuses to build when the two disagree, so a field added to a
record without a definition here fails at import, not in a user's file.

This module is light on purpose (no YAML, nothing from the reader): the cache uses
it on ``briefing print``'s path.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Any, NamedTuple

from . import model
from .model import ACTOR_KINDS, CITATION_ROLES, RELATIONS, SOURCE_KINDS, VOICES

SLUG_PATTERN = "[a-z0-9][a-z0-9-]*"
"""An id: lowercase letters, digits and ``-``, not starting with ``-``."""

# The kinds of value a field takes.
ID = "id"  # this record's id: a slug
REF = "ref"  # the id of another record (``target`` names its kind)
REFS = "refs"  # a list of such ids
TEXT = "text"  # plain text, shown as typed
MARKDOWN = "markdown"  # text read as Markdown
FLAG = "flag"  # true or false
CHOICE = "choice"  # one of ``choices``
DATE = "date"  # a partial ISO date or a range
TAGS = "tags"  # a list of short texts
RECORD = "record"  # a nested record (``target`` names its spec)
RECORDS = "records"  # a list of nested records
VERSION = "version"  # the schema version number
LIST = "list"  # a list of top-level records (``target`` names their spec)


class Field(NamedTuple):
    name: str
    kind: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    target: str = ""
    """For ``ref``/``refs``: the kind of record referred to; for nested records: the spec's name."""


class Spec(NamedTuple):
    """One record of the file: its fields in model order, and the record it builds."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    record: type | None = None
    """The model's named tuple, or None for the top level and the ``briefing:`` head."""

    @property
    def required(self) -> dict[str, bool]:
        return {f.name: f.required for f in self.fields}


class TableError(Exception):
    """The table and the model's records disagree (a programming error, found at import)."""


def derive(record: Any, title: str, description: str, *fields: Field) -> Spec:
    """A record's spec, in the order of the record's own fields, checked against them.

    Every field of the named tuple but ``extra`` needs a definition, and every
    definition a field: otherwise :class:`TableError` names the difference.
    """
    names: tuple[str, ...] = tuple(n for n in record._fields if n != "extra")
    by_name = {f.name: f for f in fields}
    missing = [n for n in names if n not in by_name]
    unknown = [n for n in by_name if n not in names]
    if missing or unknown or len(by_name) != len(fields):
        raise TableError(
            f"{record.__name__}: fields without a definition {missing}, definitions without a field {unknown}"
        )
    if "extra" not in record._fields:
        raise TableError(f"{record.__name__} has no extra field")
    return Spec(record.__name__, title, description, tuple(by_name[n] for n in names), record)


def _id(what: str) -> Field:
    return Field("id", ID, f"The {what}'s id, unique among {what}s; other records refer to it.", True)


def _date(what: str) -> Field:
    return Field(
        "date",
        DATE,
        f'{what}: "2022", "2022-09", "2022-09-12" or a range "2022-09-12/2022-09-14". '
        "Quote it so YAML keeps it text.",
    )


EXTRA_DESCRIPTION = "Your own data, free in shape: the reader keeps it and checks nothing inside it."

SPECS: dict[str, Spec] = {
    spec.name: spec
    for spec in (
        derive(
            model.Article,
            "Article",
            "An analysed article: a primary source of the briefing.",
            _id("article"),
            Field("title", TEXT, "The title as published, or one you supply (then set `supplied`).", True),
            Field(
                "supplied",
                FLAG,
                "true when the title and metadata were written by the briefing's authors, "
                "because the text gives none.",
            ),
            Field("publication", TEXT, "Where it was published."),
            Field("author", TEXT, "Who wrote it."),
            _date("When it was published"),
            Field("url", TEXT, "Its address, only if known for certain."),
            Field("note", TEXT, "How the metadata was established."),
        ),
        derive(
            model.Group,
            "Group",
            "A group of sections; groups are listed in the order the tree shows them.",
            _id("group"),
            Field("title", TEXT, "The group's name in the tree.", True),
            Field("summary", TEXT, "A paragraph shown on the group's overview."),
        ),
        derive(
            model.Actor,
            "Actor",
            "A person, state or organisation the sections are about or quote.",
            _id("actor"),
            Field("name", TEXT, "The actor's name as shown.", True),
            Field("kind", CHOICE, "What the actor is.", choices=ACTOR_KINDS),
            Field("role", TEXT, "Their office or role, e.g. President of Azerbaijan."),
            Field("summary", TEXT, "A paragraph shown on the actor's overview."),
        ),
        derive(
            model.Quote,
            "Quote",
            "A short verbatim quote, attributed.",
            Field("text", TEXT, "The words exactly as in the source (`briefing verify` checks them).", True),
            Field("speaker", REF, "The id of the actor who said it.", True, target="actor"),
            _date("When it was said"),
            Field("venue", TEXT, "Where it was said, e.g. interview, press conference."),
        ),
        derive(
            model.Claim,
            "Claim",
            "What an actor asserts: a summary in your words and the quotes behind it.",
            Field("summary", TEXT, "The claim in your own words.", True),
            Field(
                "speaker",
                REF,
                "The id of the actor whose position this is (the article author's own thesis is allowed).",
                target="actor",
            ),
            Field("quotes", RECORDS, "Verbatim quotes, short and attributed.", target="Quote"),
        ),
        derive(
            model.Analysis,
            "Analysis",
            "The analysis of the claim.",
            Field("body", MARKDOWN, "The analysis in your own words, as Markdown.", True),
            Field(
                "relation",
                CHOICE,
                "How the analysis stands to the claim: rebuts, contextualizes, supports or undercuts it.",
                choices=RELATIONS,
            ),
            Field(
                "voice",
                CHOICE,
                "Whose analysis this is: article (the section's article's own, summarised) or "
                "editors (the briefing's own).",
                choices=VOICES,
            ),
        ),
        derive(
            model.Citation,
            "Citation",
            "A section's use of an entry of the bibliography (`sources:` at the top level).",
            Field("ref", REF, "The id of the source cited.", True, target="source"),
            Field("role", CHOICE, "What the source is cited for.", choices=CITATION_ROLES),
            Field("note", TEXT, "What it shows."),
        ),
        derive(
            model.Event,
            "Event",
            "A dated fact for the timeline.",
            Field(
                "date",
                DATE,
                'When it happened: "2022", "2022-09", "2022-09-12" or a range "2022-09-12/2022-09-14". '
                "Quote it so YAML keeps it text.",
                True,
            ),
            Field("label", TEXT, "What happened, in a line.", True),
            Field("actors", REFS, "Ids of the actors involved.", target="actor"),
        ),
        derive(
            model.Section,
            "Section",
            "A claim, its analysis and the sources behind both.",
            _id("section"),
            Field("title", TEXT, "The section's title in the tree and the panes.", True),
            Field("article", REF, "The id of the article the section comes from.", True, target="article"),
            Field("group", REF, "The id of the group the section sits in.", True, target="group"),
            Field("claim", RECORD, "What an actor asserts.", True, target="Claim"),
            Field("analysis", RECORD, "The analysis of the claim.", True, target="Analysis"),
            Field("actors", REFS, "Ids of the actors the section is about.", target="actor"),
            Field("sources", RECORDS, "Citations: entries of the bibliography.", target="Citation"),
            Field("events", RECORDS, "Dated facts for the timeline.", target="Event"),
            Field("related", REFS, "Ids of related sections.", target="section"),
            Field("tags", TAGS, "Short keywords."),
        ),
        derive(
            model.Source,
            "Source",
            "An entry of the bibliography.",
            _id("source"),
            Field("title", TEXT, "The source's title.", True),
            Field("kind", CHOICE, "What kind of source it is.", True, choices=SOURCE_KINDS),
            Field("publisher", TEXT, "Who published it."),
            _date("When it was published"),
            Field("url", TEXT, "Its address."),
            Field("note", TEXT, "A note on the source."),
        ),
        Spec(
            "Head",
            "Briefing",
            "The briefing's own id, title and summary.",
            (
                Field("id", ID, "The briefing's id.", True),
                Field("title", TEXT, "The briefing's title.", True),
                Field("summary", TEXT, "A paragraph about the briefing."),
            ),
        ),
        Spec(
            "Root",
            "Briefing file",
            "A briefing: sections pairing a claim with its analysis and sources.",
            (
                Field("version", VERSION, f"The schema version: {model.SCHEMA_VERSION}.", True),
                Field("briefing", RECORD, "The briefing's id, title and summary.", True, target="Head"),
                Field("articles", LIST, "The analysed articles (at least one).", True, target="Article"),
                Field("groups", LIST, "The groups, in tree order (at least one).", True, target="Group"),
                Field("actors", LIST, "People, states and organisations.", target="Actor"),
                Field("sections", LIST, "The sections (at least one).", True, target="Section"),
                Field("sources", LIST, "The bibliography.", target="Source"),
            ),
        ),
    )
}
"""Every record of the file by spec name; ``Root`` is the top level."""


def shape_digest(records: Mapping[str, Any] | None = None) -> str:
    """A digest of the model records' shapes: field names, order and types.

    Stored data that lays records out by position (the cache) is only good for
    the shapes it was written with.
    """
    # Read from the model at each call, so the digest is always of the records in use.
    chosen = records
    if chosen is None:
        chosen = {s.name: getattr(model, s.name) for s in SPECS.values() if s.record}
    text = ";".join(
        f"{name}({', '.join(f'{n}: {cls.__annotations__.get(n)}' for n in cls._fields)})"
        for name, cls in sorted(chosen.items())
    )
    return f"{zlib.crc32(text.encode()):08x}"
