"""A briefing, or one section of it, as plain JSON for scripts: a documented, stable shape.

The shape (``format`` 1) is the model's records with their field names, and every
id a record holds replaced by the record it names (an article, a group, an actor,
a bibliography entry); a section's ``related`` entries are ``{"id", "title"}``,
since the sections themselves are listed once. The README documents it field by
field; :func:`briefing_from_json` and :func:`section_from_json` turn it back into
the model, so what a script reads is exactly what the reader shows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, TypeVar, cast

from .model import (
    Actor,
    Analysis,
    Article,
    Briefing,
    Citation,
    Claim,
    Event,
    Group,
    Quote,
    Section,
    Source,
)

FORMAT = 1
"""Bumped only when a field is renamed, removed or changes meaning; new fields may appear."""

Record = TypeVar("Record")
Json = dict[str, Any]


def plain(record: NamedTuple) -> Json:
    """A flat record (article, group, actor, source) as a JSON object, field by field."""
    return {name: _value(value) for name, value in record._asdict().items()}


def _value(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _value(v) for k, v in value.items()}
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return plain(cast(NamedTuple, value))
    if isinstance(value, (list, tuple)):
        return [_value(v) for v in value]
    return value


def _actor(briefing: Briefing, actor: str | None) -> Json | None:
    if actor is None:
        return None
    found = briefing.actor_by_id.get(actor)
    return plain(found) if found is not None else {"id": actor, "name": actor}


def section_json(briefing: Briefing, sec: Section) -> Json:
    """One section with every id resolved to the record it names."""
    claim = sec.claim
    out: Json = {}
    for name, value in sec._asdict().items():
        if name == "article":
            out[name] = plain(briefing.article_by_id[sec.article])
        elif name == "group":
            out[name] = plain(briefing.group_by_id[sec.group])
        elif name == "actors":
            out[name] = [_actor(briefing, a) for a in sec.actors]
        elif name == "claim":
            out[name] = {
                **plain(claim),
                "speaker": _actor(briefing, claim.speaker),
                "quotes": [{**plain(q), "speaker": _actor(briefing, q.speaker)} for q in claim.quotes],
            }
        elif name == "sources":
            out[name] = [{**plain(c), "ref": plain(briefing.source_by_id[c.ref])} for c in sec.sources]
        elif name == "events":
            out[name] = [{**plain(e), "actors": [_actor(briefing, a) for a in e.actors]} for e in sec.events]
        elif name == "related":
            out[name] = [{"id": r, "title": briefing.section_by_id[r].title} for r in sec.related]
        else:
            out[name] = _value(value)
    return out


def _head(briefing: Briefing) -> Json:
    return {
        "id": briefing.id,
        "title": briefing.title,
        "summary": briefing.summary,
        "extra": _value(briefing.extra),
    }


def section_document(briefing: Briefing, sec: Section) -> Json:
    """``{"format", "kind": "section", "briefing", "section"}``."""
    return {
        "format": FORMAT,
        "kind": "section",
        "briefing": _head(briefing),
        "section": section_json(briefing, sec),
    }


def briefing_document(briefing: Briefing) -> Json:
    """The whole briefing: its records, then its sections in document order."""
    return {
        "format": FORMAT,
        "kind": "briefing",
        "briefing": _head(briefing),
        "articles": [plain(a) for a in briefing.articles],
        "groups": [plain(g) for g in briefing.groups],
        "actors": [plain(a) for a in briefing.actors],
        "sources": [plain(s) for s in briefing.sources],
        "sections": [section_json(briefing, s) for s in briefing.sections],
    }


def dumps(document: Json) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# -- back into the model --------------------------------------------------------------


def _record(cls: type[Record], data: Mapping[str, Any], **resolved: Any) -> Record:
    """Build ``cls`` from the fields it has; lists become tuples, resolved fields win."""
    names: tuple[str, ...] = getattr(cls, "_fields")  # noqa: B009 - a named tuple's, unknown to a TypeVar
    fields: dict[str, Any] = {}
    for name in names:
        if name in resolved:
            fields[name] = resolved[name]
        elif name in data:
            value = data[name]
            fields[name] = tuple(value) if isinstance(value, list) else value
    build: Callable[..., Any] = cls
    return cast(Record, build(**fields))


def _id(record: Mapping[str, Any] | None) -> str | None:
    return None if record is None else str(record["id"])


def _ids(records: list[Mapping[str, Any]]) -> tuple[str, ...]:
    return tuple(str(r["id"]) for r in records)


def section_from_json(data: Mapping[str, Any]) -> Section:
    """A section as :func:`section_json` wrote it, ids in place of the records again."""
    claim = data["claim"]
    return _record(
        Section,
        data,
        article=_id(data["article"]),
        group=_id(data["group"]),
        actors=_ids(data["actors"]),
        claim=_record(
            Claim,
            claim,
            speaker=_id(claim["speaker"]),
            quotes=tuple(_record(Quote, q, speaker=_id(q["speaker"])) for q in claim["quotes"]),
        ),
        analysis=_record(Analysis, data["analysis"]),
        sources=tuple(_record(Citation, c, ref=_id(c["ref"])) for c in data["sources"]),
        events=tuple(_record(Event, e, actors=_ids(e["actors"])) for e in data["events"]),
        related=_ids(data["related"]),
    )


def briefing_from_json(data: Mapping[str, Any], path: str = "") -> Briefing:
    """The model of a whole-briefing document from :func:`briefing_document`."""
    if data.get("format") != FORMAT or data.get("kind") != "briefing":
        raise ValueError(f"not a briefing JSON document of format {FORMAT}")
    head = data["briefing"]
    return Briefing(
        id=head["id"],
        title=head["title"],
        summary=head["summary"],
        extra=dict(head["extra"]),
        articles=tuple(_record(Article, a) for a in data["articles"]),
        groups=tuple(_record(Group, g) for g in data["groups"]),
        actors=tuple(_record(Actor, a) for a in data["actors"]),
        sections=tuple(section_from_json(s) for s in data["sections"]),
        sources=tuple(_record(Source, s) for s in data["sources"]),
        path=path,
    )
