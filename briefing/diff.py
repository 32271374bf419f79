"""What changed between two versions of a briefing, by record id rather than by line.

:func:`compare` matches sections, articles, groups, actors and sources by id and
reports, per record, which fields changed. Lists inside a record (quotes, sources,
events, actors, related, tags) are compared as keyed sets, so reordering them is not
a change; neither is moving a section up or down in the file. A section whose id
changed but whose content did not is reported as renamed, not as removed and added.

Text fields come with a word-level diff (:func:`word_diff`), rendered by
:mod:`briefing.diff_render`. Never imports Textual.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from .model import Briefing, Citation, Event, Quote, Section
from .text import clean

# Statuses of a record.
ADDED, REMOVED, CHANGED, RENAMED = "added", "removed", "changed", "renamed"
# Kinds of record, in the order they are reported after the sections.
KINDS = ("briefing", "section", "article", "group", "actor", "source")

Collection = Mapping[str, str]
"""A list inside a record as key -> how the item reads (its key decides identity)."""
Value = str | Collection | None


class Piece(NamedTuple):
    """One run of a word diff: ``op`` is ``=`` (kept), ``-`` (removed) or ``+`` (added)."""

    op: str
    text: str


class ItemChange(NamedTuple):
    """An item of a list that is in both versions but reads differently (a re-roled source)."""

    key: str
    old: str
    new: str


class FieldChange(NamedTuple):
    """One field of a record that differs. Scalars fill ``old``/``new`` (and ``words``
    for text); lists fill ``added``/``removed``/``changed``."""

    field: str
    old: str | None = None
    new: str | None = None
    words: tuple[Piece, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[ItemChange, ...] = ()

    @property
    def is_list(self) -> bool:
        return bool(self.added or self.removed or self.changed)


class RecordChange(NamedTuple):
    kind: str
    id: str
    status: str
    title: str
    fields: tuple[FieldChange, ...] = ()
    old_id: str | None = None
    """For a rename: the id it had."""
    moved: bool = False
    """A section whose article or group changed."""


class Comparison(NamedTuple):
    old: Briefing
    new: Briefing
    changes: tuple[RecordChange, ...]

    @property
    def same(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, int]:
        counts = {ADDED: 0, REMOVED: 0, CHANGED: 0, RENAMED: 0, "moved": 0}
        for change in self.changes:
            counts[change.status] += 1
            counts["moved"] += change.moved
        return counts


# -- word diff -------------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """``old`` to ``new`` as runs of kept, removed and added words (whitespace kept as is).

    Whitespace belongs to the run it sits in, so a changed word reads ``a [-b-]{+c+} d``.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[Piece] = []

    # No two runs in a row share an op: difflib's opcodes alternate kept and changed
    # parts, and a changed one is its removal then its addition.
    def put(op: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if text:
            pieces.append(Piece(op, text))

    # Edits are mostly local: match only what lies between the common start and end,
    # which keeps difflib's quadratic search off long texts of repeated words.
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    put("=", a[:start])
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    matcher = difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            put("=", middle_a[i1:i2])
        else:
            put("-", middle_a[i1:i2])
            put("+", middle_b[j1:j2])
    put("=", a[len(a) - end :])
    return _tidy(pieces)


def _tidy(pieces: list[Piece]) -> tuple[Piece, ...]:
    """Fold a run of kept whitespace between two changes into them, so
    ``[-a-]{+x+} [-b-]{+y+}`` reads ``[-a b-]{+x y+}``; removals stay before additions."""
    # Each run is kept text (a str) or a change (removed, added).
    runs: list[str | tuple[str, str]] = []
    for piece in pieces:
        if piece.op == "=":
            runs.append(piece.text)
            continue
        last = runs[-1] if runs else ""
        removed, added = ("", "")
        if isinstance(last, tuple):
            removed, added = last
            runs.pop()
        runs.append((removed + piece.text, added) if piece.op == "-" else (removed, added + piece.text))
    merged: list[str | tuple[str, str]] = []
    for run in runs:
        if isinstance(run, tuple) and len(merged) >= 2:
            space, before = merged[-1], merged[-2]
            if isinstance(space, str) and not space.strip() and isinstance(before, tuple):
                (r1, a1), (r2, a2) = before, run
                if (r1 or r2) and (a1 or a2):
                    merged[-2:] = [(r1 + space + r2, a1 + space + a2)]
                    continue
        merged.append(run)
    out: list[Piece] = []
    for run in merged:
        if isinstance(run, str):
            out.append(Piece("=", run))
        else:
            out += [Piece(op, text) for op, text in zip("-+", run, strict=True) if text]
    return tuple(out)


# -- flattening records into comparable fields ----------------------------------------

TEXT_FIELDS = frozenset(
    {"title", "summary", "claim.summary", "analysis.body", "name", "role", "note", "publication", "author"}
)
"""Fields whose changes are shown word by word; the others are shown as old and new."""


def _extra(value: Mapping[str, Any]) -> str | None:
    return json.dumps(dict(value), ensure_ascii=False, sort_keys=True, default=str) if value else None


def _opt(label: str, value: str | None) -> str:
    return f", {label} {value}" if value else ""


def quote_text(quote: Quote) -> str:
    extra = _extra(quote.extra)
    return (
        f"“{quote.text}” ({quote.speaker}{_opt('on', quote.date)}{_opt('in', quote.venue)}"
        f"{_opt('extra', extra)})"
    )


def citation_text(citation: Citation) -> str:
    role = f" as {citation.role}" if citation.role else ""
    note = f": {citation.note}" if citation.note else ""
    extra = _extra(citation.extra)
    return f"{citation.ref}{role}{note}" + (f" (extra {extra})" if extra else "")


def event_text(event: Event) -> str:
    who = f" [{', '.join(event.actors)}]" if event.actors else ""
    extra = _extra(event.extra)
    return f"{event.date} {event.label}{who}" + (f" (extra {extra})" if extra else "")


def _keyed(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Items by key; a key used twice keeps both, the second as ``key #2``.

    Items sharing a key are numbered in the order of their text, not of the file, so
    reordering them (two citations of one source) is not a change.
    """
    by_key: dict[str, list[str]] = {}
    for key, text in items:
        by_key.setdefault(key, []).append(text)
    out: dict[str, str] = {}
    for key, texts in by_key.items():
        for text in sorted(texts):
            name, number = key, 1
            while name in out:
                number += 1
                name = f"{key} #{number}"
            out[name] = text
    return out


def section_fields(section: Section) -> dict[str, Value]:
    """A section as field -> value, in the order fields are reported."""
    return {
        "title": section.title,
        "article": section.article,
        "group": section.group,
        "actors": _keyed((a, a) for a in section.actors),
        "claim.speaker": section.claim.speaker,
        "claim.summary": section.claim.summary,
        "claim.quotes": _keyed((q.text, quote_text(q)) for q in section.claim.quotes),
        "claim.extra": _extra(section.claim.extra),
        "analysis.relation": section.analysis.relation,
        "analysis.voice": section.analysis.voice,
        "analysis.body": section.analysis.body,
        "analysis.extra": _extra(section.analysis.extra),
        "sources": _keyed((c.ref, citation_text(c)) for c in section.sources),
        "events": _keyed((f"{e.date} {e.label}", event_text(e)) for e in section.events),
        "related": _keyed((r, r) for r in section.related),
        "tags": _keyed((t, t) for t in section.tags),
        "extra": _extra(section.extra),
    }


def record_fields(record: NamedTuple) -> dict[str, Value]:
    """A registry record (article, group, actor, source) as field -> value, id left out."""
    out: dict[str, Value] = {}
    for name, value in zip(record._fields, record, strict=True):
        if name == "id":
            continue
        if name == "extra":
            out[name] = _extra(value)
        elif isinstance(value, bool):
            out[name] = "yes" if value else "no"
        else:
            out[name] = value
    return out


def briefing_fields(briefing: Briefing) -> dict[str, Value]:
    return {
        "id": briefing.id,
        "title": briefing.title,
        "summary": briefing.summary,
        "extra": _extra(briefing.extra),
    }


def field_changes(old: Mapping[str, Value], new: Mapping[str, Value]) -> tuple[FieldChange, ...]:
    """The fields that differ between two flattened records (fields in ``new``'s order)."""
    out: list[FieldChange] = []
    for name in dict.fromkeys([*new, *old]):
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        if isinstance(a, Mapping) or isinstance(b, Mapping):
            before: Collection = a if isinstance(a, Mapping) else {}
            after: Collection = b if isinstance(b, Mapping) else {}
            change = FieldChange(
                name,
                added=tuple(after[k] for k in after if k not in before),
                removed=tuple(before[k] for k in before if k not in after),
                changed=tuple(
                    ItemChange(k, before[k], after[k]) for k in after if k in before and before[k] != after[k]
                ),
            )
            if change.is_list:
                out.append(change)
            continue
        words = word_diff(a or "", b or "") if name in TEXT_FIELDS and a and b else ()
        out.append(FieldChange(name, old=a, new=b, words=words))
    return tuple(out)


def digest(fields: Mapping[str, Value]) -> str:
    """A short, order-independent fingerprint of a flattened record."""
    canonical = {k: (sorted(v.values()) if isinstance(v, Mapping) else v) for k, v in fields.items()}
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def section_digest(section: Section) -> str:
    return digest(section_fields(section))


# -- comparing --------------------------------------------------------------------------


def _content_digest(fields: Mapping[str, Value]) -> str:
    return digest(fields)


def _compare_kind(
    kind: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    flatten: Any,
    title_of: Any,
) -> list[RecordChange]:
    changes: list[RecordChange] = []
    removed = [k for k in old if k not in new]
    added = [k for k in new if k not in old]
    # Renames: a removed and an added record whose content is the same.
    renamed_from: dict[str, str] = {}
    if removed and added:
        by_content: dict[str, list[str]] = {}
        for key in removed:
            by_content.setdefault(_content_digest(flatten(old[key])), []).append(key)
        for key in added:
            candidates = by_content.get(_content_digest(flatten(new[key])))
            if candidates:
                renamed_from[key] = candidates.pop(0)
    gone = set(renamed_from.values())
    for key, record in new.items():
        if key in renamed_from:
            changes.append(
                RecordChange(kind, key, RENAMED, clean(title_of(record)), old_id=renamed_from[key])
            )
            continue
        before = old.get(key)
        if before is None:
            changes.append(
                RecordChange(kind, key, ADDED, clean(title_of(record)), fields=_as_added(flatten(record)))
            )
            continue
        if before == record:
            continue
        fields = field_changes(flatten(before), flatten(record))
        if fields:
            moved = kind == "section" and any(f.field in ("article", "group") for f in fields)
            changes.append(
                RecordChange(kind, key, CHANGED, clean(title_of(record)), fields=fields, moved=moved)
            )
    for key in removed:
        if key not in gone:
            changes.append(RecordChange(kind, key, REMOVED, clean(title_of(old[key]))))
    return changes


def _as_added(fields: Mapping[str, Value]) -> tuple[FieldChange, ...]:
    """An added record's placement, enough to say where it went (sections only)."""
    return tuple(
        FieldChange(name, new=value)
        for name, value in fields.items()
        if name in ("article", "group") and isinstance(value, str)
    )


def _reading_order(briefing: Briefing) -> dict[str, Section]:
    ordered = {s.id: s for s in briefing.tree_order()}
    for section in briefing.sections:  # anything the tree would not show, last
        ordered.setdefault(section.id, section)
    return ordered


def compare(old: Briefing, new: Briefing) -> Comparison:
    """Every record that differs between ``old`` and ``new``.

    Order: the briefing's own metadata, sections in the new version's reading order
    (removed ones after, in the old order), then articles, groups, actors, sources.
    """
    changes: list[RecordChange] = []
    meta = field_changes(briefing_fields(old), briefing_fields(new))
    if meta:
        changes.append(RecordChange("briefing", new.id, CHANGED, clean(new.title), fields=meta))
    changes += _compare_kind(
        "section", _reading_order(old), _reading_order(new), section_fields, lambda s: s.title
    )
    registries = (
        ("article", "article_by_id", lambda r: r.title),
        ("group", "group_by_id", lambda r: r.title),
        ("actor", "actor_by_id", lambda r: r.name),
        ("source", "source_by_id", lambda r: r.title),
    )
    for kind, lookup, title_of in registries:
        changes += _compare_kind(kind, getattr(old, lookup), getattr(new, lookup), record_fields, title_of)
    return Comparison(old, new, tuple(changes))


def empty_like(briefing: Briefing) -> Briefing:
    """A briefing with nothing in it, standing for a file that does not exist (git's /dev/null)."""
    return Briefing(
        id=briefing.id,
        title=briefing.title,
        summary=briefing.summary,
        articles=(),
        groups=(),
        actors=(),
        sections=(),
        sources=(),
        extra=dict(briefing.extra),
    )
