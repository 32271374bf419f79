"""YAML file to a validated :class:`~briefing.model.Briefing` (schema version 1).

Every problem is collected with its file, line, column and field path; nothing is
reported only as "the first error". Structural failures (not UTF-8, YAML syntax,
limits) stop early, since nothing after them can be trusted.
"""

from __future__ import annotations

import difflib
import gc
import os
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from . import dates
from .located import Limits, Mapping, Number, Sequence, compose, decode, plain
from .model import (
    ACTOR_KINDS,
    CITATION_ROLES,
    RELATIONS,
    SCHEMA_VERSION,
    SOURCE_KINDS,
    VOICES,
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
from .paths import FILE_ENV, bundled_path, default_path
from .problems import BriefingError, Problem
from .text import clean

if TYPE_CHECKING:
    from .strict import Report

_TOP_FIELDS = "version, briefing, articles, groups and sections"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
MAX_BYTES_ENV = "BRIEFING_MAX_BYTES"

__all__ = [
    "FILE_ENV",
    "SCHEMA_VERSION",
    "BriefingError",
    "Limits",
    "Problem",
    "bundled_path",
    "default_path",
    "load",
    "loads",
]

At = tuple[int, int]


def default_limits() -> Limits:
    raw = os.environ.get(MAX_BYTES_ENV)
    if raw and raw.isdigit():
        return Limits(max_bytes=int(raw))
    return Limits()


def read_text(path: str | os.PathLike[str], limits: Limits) -> str:
    """A briefing file's text, within the size limit; BriefingError if it cannot be read."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_bytes:
                raise BriefingError(
                    [
                        Problem(
                            name,
                            1,
                            1,
                            "",
                            f"file is {size:,} bytes; the limit is {limits.max_bytes:,}"
                            f" (set {MAX_BYTES_ENV} to raise it)",
                        )
                    ]
                )
            data = handle.read(limits.max_bytes + 1)
    except OSError as err:
        raise BriefingError([Problem(name, 1, 1, "", f"cannot read: {err.strerror or err}")]) from None
    if len(data) > limits.max_bytes:
        raise BriefingError(
            [Problem(name, 1, 1, "", f"file is larger than the limit of {limits.max_bytes:,} bytes")]
        )
    return decode(data, name)


def load(path: str | os.PathLike[str], limits: Limits | None = None) -> Briefing:
    """Read and validate a briefing file; raise BriefingError with every problem."""
    limits = limits or default_limits()
    return loads(read_text(path, limits), str(path), limits)


def loads(text: str, file: str = "<string>", limits: Limits | None = None) -> Briefing:
    """Validate briefing YAML text; ``file`` names it in problems."""
    return _located(text, file, limits)[1]


def load_strict(path: str | os.PathLike[str], limits: Limits | None = None) -> tuple[Briefing, Report]:
    """Load a briefing and also check it for ``validate --strict``'s warnings."""
    from .strict import check

    limits = limits or default_limits()
    root, briefing = _located(read_text(path, limits), str(path), limits)
    assert isinstance(root, Mapping)  # a briefing was built from it
    return briefing, check(briefing, root, str(path))


def _located(text: str, file: str, limits: Limits | None) -> tuple[object, Briefing]:
    """The located YAML values of ``text`` and the briefing validated from them."""
    limits = limits or Limits()
    if len(text) > limits.max_bytes:
        raise BriefingError(
            [Problem(file, 1, 1, "", f"text is larger than the limit of {limits.max_bytes:,} bytes")]
        )
    # Building many small objects makes the cyclic collector run for nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        root = compose(text, file, limits)
        return root, _Builder(file).briefing(root)
    finally:
        if was_enabled:
            gc.enable()


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, Number):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text"


def _suggest(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


class _Builder:
    """Checks located values against schema v1 and builds the model."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        # (kind, id, where, path) checked once every id is known
        self.refs: list[tuple[str, str, At, str]] = []
        # ids as written, even on records too broken to build, so one mistake
        # is not reported again at every reference to it
        self.declared: dict[str, set[str]] = {}

    # -- reporting ---------------------------------------------------------------

    def problem(self, at: At, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, at[0], at[1], path, message))

    # -- shapes ------------------------------------------------------------------

    def record(self, value: object, at: At, path: str, fields: dict[str, bool]) -> Mapping | None:
        """A mapping with known fields (``True`` = required) plus optional ``extra``."""
        if not isinstance(value, Mapping):
            self.problem(at, path, f"expected a mapping, found {_describe(value)}")
            return None
        for key in value:
            if key not in fields and key != "extra":
                where = f"{path}.{key}" if path else key
                self.problem(value.key_at[key], where, f"unknown field{_suggest(key, fields)}")
        for name, required in fields.items():
            if required and value.get(name) is None:
                where = f"{path}.{name}" if path else name
                at_key = value.key_at.get(name, value.at)
                self.problem(at_key, where, "required field is missing")
        if "extra" in value and not isinstance(value["extra"], Mapping):
            self.problem(value.value_at["extra"], f"{path}.extra", "expected a mapping")
        return value

    def items(self, m: Mapping, key: str, path: str) -> Iterator[tuple[object, At, str]]:
        """The items of a list field, each with its position and path."""
        value = m.get(key)
        if value is None:
            return
        if not isinstance(value, Sequence):
            self.problem(m.value_at[key], path, f"expected a list, found {_describe(value)}")
            return
        for index, (item, at) in enumerate(zip(value, value.item_at, strict=True)):
            yield item, at, f"{path}[{index}]"

    def text(self, m: Mapping, key: str, path: str) -> str | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str):
            hint = " (quote it)" if isinstance(value, bool) else ""
            self.problem(m.value_at[key], f"{path}.{key}", f"expected text, found {_describe(value)}{hint}")
            return None
        value = clean(value).strip()
        if not value:
            self.problem(m.value_at[key], f"{path}.{key}", "must not be empty")
            return None
        return value

    def slug(self, m: Mapping, key: str, path: str) -> str | None:
        value = self.text(m, key, path)
        if value is not None and not SLUG.match(value):
            self.problem(
                m.value_at[key],
                f"{path}.{key}",
                f"{value!r} is not an id: use lowercase letters, digits and '-', not starting with '-'",
            )
            return None
        return value

    def choice(self, m: Mapping, key: str, path: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(m, key, path)
        if value is not None and value not in choices:
            self.problem(
                m.value_at[key],
                f"{path}.{key}",
                f"{value!r} is not one of {', '.join(choices)}{_suggest(value, choices)}",
            )
            return None
        return value

    def flag(self, m: Mapping, key: str, path: str) -> bool:
        value = m.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(
                m.value_at[key], f"{path}.{key}", f"expected true or false, found {_describe(value)}"
            )
            return False
        return value

    def date(self, m: Mapping, key: str, path: str) -> str | None:
        value = self.text(m, key, path)
        if value is None:
            return None
        try:
            dates.parse(value)
        except ValueError as err:
            self.problem(m.value_at[key], f"{path}.{key}", f"bad date: {err}")
            return None
        return value

    def ref(self, kind: str, value: str | None, at: At, path: str) -> str | None:
        if value is not None:
            self.refs.append((kind, value, at, path))
        return value

    def refs_list(self, kind: str, m: Mapping, key: str, path: str) -> tuple[str, ...]:
        out: list[str] = []
        for item, at, item_path in self.items(m, key, f"{path}.{key}"):
            if not isinstance(item, str) or isinstance(item, Number) or not SLUG.match(item):
                self.problem(
                    at,
                    item_path,
                    f"expected an id, found {_describe(item) if not isinstance(item, str) else repr(item)}",
                )
                continue
            self.refs.append((kind, item, at, item_path))
            out.append(item)
        return tuple(out)

    def extra(self, m: Mapping) -> dict[str, Any]:
        value = m.get("extra")
        return {key: plain(item) for key, item in value.items()} if isinstance(value, Mapping) else {}

    def unique(self, kind: str, built: list[tuple[Any, At, str]]) -> None:
        seen: dict[str, At] = {}
        for record, at, path in built:
            if record.id in seen:
                first = seen[record.id]
                self.problem(
                    at, f"{path}.id", f"duplicate {kind} id {record.id!r} (first at line {first[0]})"
                )
            else:
                seen[record.id] = at

    # -- records -----------------------------------------------------------------

    def many(
        self, root: Mapping, key: str, build: Callable[[Mapping, str], Any]
    ) -> list[tuple[Any, At, str]]:
        built = []
        declared = self.declared.setdefault(key, set())
        for item, at, path in self.items(root, key, key):
            m = self._record_for(key, item, at, path)
            if m is None:
                continue
            id_ = m.get("id")
            if isinstance(id_, str) and SLUG.match(id_):
                declared.add(id_)
            record = build(m, path)
            if record is not None:
                built.append((record, m.key_at.get("id", at), path))
        return built

    _FIELDS: ClassVar[dict[str, dict[str, bool]]] = {
        "articles": {
            "id": True,
            "title": True,
            "supplied": False,
            "publication": False,
            "author": False,
            "date": False,
            "url": False,
            "note": False,
        },
        "groups": {"id": True, "title": True, "summary": False},
        "actors": {"id": True, "name": True, "kind": False, "role": False, "summary": False},
        "sections": {
            "id": True,
            "title": True,
            "article": True,
            "group": True,
            "actors": False,
            "claim": True,
            "analysis": True,
            "sources": False,
            "events": False,
            "related": False,
            "tags": False,
        },
        "sources": {
            "id": True,
            "title": True,
            "kind": True,
            "publisher": False,
            "date": False,
            "url": False,
            "note": False,
        },
    }

    def _record_for(self, key: str, item: object, at: At, path: str) -> Mapping | None:
        return self.record(item, at, path, self._FIELDS[key])

    def article(self, m: Mapping, path: str) -> Article | None:
        id_ = self.slug(m, "id", path)
        title = self.text(m, "title", path)
        supplied = self.flag(m, "supplied", path)
        publication, author = self.text(m, "publication", path), self.text(m, "author", path)
        date, url = self.date(m, "date", path), self.text(m, "url", path)
        note = self.text(m, "note", path)
        if id_ is None or title is None:
            return None
        return Article(
            id_,
            title,
            supplied=supplied,
            publication=publication,
            author=author,
            date=date,
            url=url,
            note=note,
            extra=self.extra(m),
        )

    def group(self, m: Mapping, path: str) -> Group | None:
        id_, title = self.slug(m, "id", path), self.text(m, "title", path)
        summary = self.text(m, "summary", path)
        if id_ is None or title is None:
            return None
        return Group(id_, title, summary, extra=self.extra(m))

    def actor(self, m: Mapping, path: str) -> Actor | None:
        id_, name = self.slug(m, "id", path), self.text(m, "name", path)
        kind = self.choice(m, "kind", path, ACTOR_KINDS)
        role, summary = self.text(m, "role", path), self.text(m, "summary", path)
        if id_ is None or name is None:
            return None
        return Actor(id_, name, kind, role, summary, extra=self.extra(m))

    def source(self, m: Mapping, path: str) -> Source | None:
        id_, title = self.slug(m, "id", path), self.text(m, "title", path)
        kind = self.choice(m, "kind", path, SOURCE_KINDS)
        fields = dict(
            publisher=self.text(m, "publisher", path),
            date=self.date(m, "date", path),
            url=self.text(m, "url", path),
            note=self.text(m, "note", path),
        )
        if id_ is None or title is None or kind is None:
            return None
        return Source(id_, title, kind, extra=self.extra(m), **fields)

    def quote(self, item: object, at: At, path: str) -> Quote | None:
        m = self.record(item, at, path, {"text": True, "speaker": True, "date": False, "venue": False})
        if m is None:
            return None
        text = self.text(m, "text", path)
        speaker = self.ref(
            "actor", self.slug(m, "speaker", path), m.value_at.get("speaker", at), f"{path}.speaker"
        )
        date, venue = self.date(m, "date", path), self.text(m, "venue", path)
        if text is None or speaker is None:
            return None
        return Quote(text, speaker, date, venue, extra=self.extra(m))

    def claim(self, m: Mapping, path: str) -> Claim | None:
        c = self.record(
            m.get("claim"),
            m.value_at.get("claim", m.at),
            f"{path}.claim",
            {"speaker": False, "summary": True, "quotes": False},
        )
        if c is None:
            return None
        cpath = f"{path}.claim"
        speaker = self.ref(
            "actor", self.slug(c, "speaker", cpath), c.value_at.get("speaker", c.at), f"{cpath}.speaker"
        )
        summary = self.text(c, "summary", cpath)
        quotes = tuple(
            q
            for q in (
                self.quote(item, at, qpath) for item, at, qpath in self.items(c, "quotes", f"{cpath}.quotes")
            )
            if q is not None
        )
        if summary is None:
            return None
        return Claim(summary, speaker, quotes, extra=self.extra(c))

    def analysis(self, m: Mapping, path: str) -> Analysis | None:
        a = self.record(
            m.get("analysis"),
            m.value_at.get("analysis", m.at),
            f"{path}.analysis",
            {"relation": False, "voice": False, "body": True},
        )
        if a is None:
            return None
        apath = f"{path}.analysis"
        relation = self.choice(a, "relation", apath, RELATIONS)
        voice = self.choice(a, "voice", apath, VOICES)
        body = self.text(a, "body", apath)
        if body is None:
            return None
        return Analysis(body, relation, voice, extra=self.extra(a))

    def citation(self, item: object, at: At, path: str) -> Citation | None:
        m = self.record(item, at, path, {"ref": True, "role": False, "note": False})
        if m is None:
            return None
        ref = self.ref("source", self.slug(m, "ref", path), m.value_at.get("ref", at), f"{path}.ref")
        role, note = self.choice(m, "role", path, CITATION_ROLES), self.text(m, "note", path)
        if ref is None:
            return None
        return Citation(ref, role, note, extra=self.extra(m))

    def event(self, item: object, at: At, path: str) -> Event | None:
        m = self.record(item, at, path, {"date": True, "label": True, "actors": False})
        if m is None:
            return None
        date, label = self.date(m, "date", path), self.text(m, "label", path)
        actors = self.refs_list("actor", m, "actors", path)
        if date is None or label is None:
            return None
        return Event(date, label, actors, extra=self.extra(m))

    def section(self, m: Mapping, path: str) -> Section | None:
        id_, title = self.slug(m, "id", path), self.text(m, "title", path)
        article = self.ref(
            "article", self.slug(m, "article", path), m.value_at.get("article", m.at), f"{path}.article"
        )
        group = self.ref("group", self.slug(m, "group", path), m.value_at.get("group", m.at), f"{path}.group")
        claim = self.claim(m, path) if "claim" in m else None
        analysis = self.analysis(m, path) if "analysis" in m else None
        actors = self.refs_list("actor", m, "actors", path)
        sources = tuple(
            c
            for c in (self.citation(i, at, p) for i, at, p in self.items(m, "sources", f"{path}.sources"))
            if c is not None
        )
        events = tuple(
            e
            for e in (self.event(i, at, p) for i, at, p in self.items(m, "events", f"{path}.events"))
            if e is not None
        )
        related = self.refs_list("section", m, "related", path)
        if id_ is not None and id_ in related:
            self.problem(m.value_at["related"], f"{path}.related", "a section cannot be related to itself")
        tags = []
        for item, at, item_path in self.items(m, "tags", f"{path}.tags"):
            if isinstance(item, str) and item.strip():
                tags.append(clean(item).strip())
            else:
                self.problem(at, item_path, f"expected a tag, found {_describe(item)}")
        if id_ is None or title is None or article is None or group is None:
            return None
        if claim is None or analysis is None:
            return None
        return Section(
            id_,
            title,
            article,
            group,
            claim,
            analysis,
            actors=actors,
            sources=sources,
            events=events,
            related=related,
            tags=tuple(tags),
            extra=self.extra(m),
        )

    # -- the whole file ----------------------------------------------------------

    def fatal(self, at: At, path: str, message: str) -> BriefingError:
        return BriefingError([Problem(self.file, at[0], at[1], path, message)])

    def briefing(self, root: object) -> Briefing:
        if root is None:
            raise self.fatal((1, 1), "", f"the file is empty: a briefing needs {_TOP_FIELDS}")
        if not isinstance(root, Mapping):
            found = _describe(root)
            raise self.fatal(
                getattr(root, "at", (1, 1)), "", f"the top level must be a mapping, found {found}"
            )
        version = root.get("version")
        if version is None:
            where = root.key_at.get("version", root.at)
            self.problem(where, "version", f"required field is missing (this reader knows {SCHEMA_VERSION})")
        elif isinstance(version, bool) or not (
            isinstance(version, Number) and version.value == SCHEMA_VERSION
        ):
            raise self.fatal(
                root.value_at["version"],
                "version",
                f"unsupported schema version {str(version)!r}: this reader knows version {SCHEMA_VERSION}",
            )
        top = self.record(
            root,
            root.at,
            "",
            {
                "version": True,
                "briefing": True,
                "articles": True,
                "groups": True,
                "actors": False,
                "sections": True,
                "sources": False,
            },
        )
        assert top is not None
        head = (
            self.record(
                root.get("briefing"),
                root.value_at.get("briefing", root.at),
                "briefing",
                {"id": True, "title": True, "summary": False},
            )
            if "briefing" in root
            else None
        )
        bid = btitle = summary = None
        if head is not None:
            bid, btitle = self.slug(head, "id", "briefing"), self.text(head, "title", "briefing")
            summary = self.text(head, "summary", "briefing")
        for key in ("articles", "groups", "sections"):
            value = root.get(key)
            if isinstance(value, Sequence) and not value:
                self.problem(root.value_at[key], key, "needs at least one entry")

        articles = self.many(root, "articles", self.article)
        groups = self.many(root, "groups", self.group)
        actors = self.many(root, "actors", self.actor)
        sources = self.many(root, "sources", self.source)
        sections = self.many(root, "sections", self.section)
        for kind, built in (
            ("article", articles),
            ("group", groups),
            ("actor", actors),
            ("source", sources),
            ("section", sections),
        ):
            self.unique(kind, built)
        known = {
            kind: self.declared.get(f"{kind}s", set())
            for kind in ("article", "group", "actor", "source", "section")
        }
        for kind, value, at, path in self.refs:
            if value not in known[kind]:
                self.problem(at, path, f"no {kind} with id {value!r}{_suggest(value, known[kind])}")
        if self.problems:
            self.problems.sort(key=lambda p: (p.line, p.col))
            raise BriefingError(self.problems)
        assert bid is not None and btitle is not None  # else a problem was reported above
        return Briefing(
            id=bid,
            title=btitle,
            summary=summary,
            articles=tuple(r for r, _, _ in articles),
            groups=tuple(r for r, _, _ in groups),
            actors=tuple(r for r, _, _ in actors),
            sections=tuple(r for r, _, _ in sections),
            sources=tuple(r for r, _, _ in sources),
            path=self.file,
            extra=self.extra(root),
        )
