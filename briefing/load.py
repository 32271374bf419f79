"""YAML file to a validated :class:`~briefing.model.Briefing` (schema version 1).

Every problem is collected with its file, line, column and field path; nothing is
reported only as "the first error". Structural failures (not UTF-8, YAML syntax,
limits) stop early, since nothing after them can be trusted.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import collector, dates
from .fields import (
    CHOICE,
    DATE,
    FLAG,
    ID,
    LIST,
    MARKDOWN,
    RECORD,
    RECORDS,
    REF,
    REFS,
    SLUG_PATTERN,
    SPECS,
    TAGS,
    TEXT,
    Field,
    Spec,
)
from .located import Limits, Mapping, Number, Sequence, compose, decode, plain
from .model import SCHEMA_VERSION, Briefing
from .paths import FILE_ENV, bundled_path, default_path
from .problems import BriefingError, Problem
from .text import clean

if TYPE_CHECKING:
    from .strict import Report

_TOP_FIELDS = "version, briefing, articles, groups and sections"
SLUG = re.compile(SLUG_PATTERN + r"\Z")
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
    with collector.paused():
        root = compose(text, file, limits)
        return root, _Builder(file).briefing(root)


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
            self.problem(value.value_at["extra"], f"{path}.extra" if path else "extra", "expected a mapping")
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
    # One builder for every record, driven by the field table (briefing.fields), so
    # the checks, the JSON Schema and the model's records cannot drift apart.

    def value(self, field: Field, m: Mapping, path: str) -> Any:
        """One field's checked value, or None (the problem is recorded)."""
        name, kind = field.name, field.kind
        if kind in (TEXT, MARKDOWN):
            return self.text(m, name, path)
        if kind == REF:
            return self.ref(
                field.target, self.slug(m, name, path), m.value_at.get(name, m.at), f"{path}.{name}"
            )
        if kind == ID:
            return self.slug(m, name, path)
        if kind == CHOICE:
            return self.choice(m, name, path, field.choices)
        if kind == DATE:
            return self.date(m, name, path)
        if kind == FLAG:
            return self.flag(m, name, path)
        if kind == REFS:
            return self.refs_list(field.target, m, name, path)
        if kind == TAGS:
            return self.tags(m, name, path)
        if kind == RECORD:
            return self.build(SPECS[field.target], m.get(name), m.value_at.get(name, m.at), f"{path}.{name}")
        if kind == RECORDS:
            spec = SPECS[field.target]
            built = (self.build(spec, item, at, p) for item, at, p in self.items(m, name, f"{path}.{name}"))
            return tuple(r for r in built if r is not None)
        raise AssertionError(f"no check for {kind!r}")  # pragma: no cover - the table is fixed

    def build(self, spec: Spec, item: object, at: At, path: str) -> Any:
        """A record from a mapping, checked field by field; None if it cannot be built."""
        m = self.record(item, at, path, spec.required)
        if m is None:
            return None
        return self.fill(spec, m, path)

    def fill(self, spec: Spec, m: Mapping, path: str) -> Any:
        values = []
        complete = True
        cls: Any = spec.record
        defaults = cls._field_defaults
        for field in spec.fields:
            if field.name not in m:
                # Absent: required ones were reported by record(); nested ones may still
                # need checking, so only plain absent fields take the shortcut.
                if field.required:
                    complete = False
                values.append(defaults.get(field.name))
                continue
            value = self.value(field, m, path)
            if value is None:
                if field.required:
                    complete = False
                value = defaults.get(field.name)
            values.append(value)
        if not complete:
            return None
        return cls(*values, extra=self.extra(m))

    def tags(self, m: Mapping, key: str, path: str) -> tuple[str, ...]:
        tags = []
        for item, at, item_path in self.items(m, key, f"{path}.{key}"):
            if isinstance(item, str) and item.strip():
                tags.append(clean(item).strip())
            else:
                self.problem(at, item_path, f"expected a tag, found {_describe(item)}")
        return tuple(tags)

    def many(self, root: Mapping, key: str, spec: Spec) -> list[tuple[Any, At, str]]:
        built = []
        declared = self.declared.setdefault(key, set())
        for item, at, path in self.items(root, key, key):
            m = self.record(item, at, path, spec.required)
            if m is None:
                continue
            id_ = m.get("id")
            if isinstance(id_, str) and SLUG.match(id_):
                declared.add(id_)
            if key == "sections":
                self.not_related_to_itself(m, path)
            record = self.fill(spec, m, path)
            if record is not None:
                built.append((record, m.key_at.get("id", at), path))
        return built

    def not_related_to_itself(self, m: Mapping, path: str) -> None:
        own, related = m.get("id"), m.get("related")
        if isinstance(own, str) and SLUG.match(own) and isinstance(related, Sequence) and own in related:
            self.problem(m.value_at["related"], f"{path}.related", "a section cannot be related to itself")

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
        # A missing version was said above, with the version this reader knows: not twice.
        top = self.record(root, root.at, "", {**SPECS["Root"].required, "version": False})
        assert top is not None
        head = (
            self.record(
                root.get("briefing"),
                root.value_at.get("briefing", root.at),
                "briefing",
                SPECS["Head"].required,
            )
            if "briefing" in root
            else None
        )
        bid = btitle = summary = None
        if head is not None:
            bid, btitle = self.slug(head, "id", "briefing"), self.text(head, "title", "briefing")
            summary = self.text(head, "summary", "briefing")
        lists = [f for f in SPECS["Root"].fields if f.kind == LIST]
        for field in lists:
            value = root.get(field.name)
            if field.required and isinstance(value, Sequence) and not value:
                self.problem(root.value_at[field.name], field.name, "needs at least one entry")
        built = {f.name: self.many(root, f.name, SPECS[f.target]) for f in lists}
        for key, records in built.items():
            self.unique(key[:-1], records)
        known = {
            kind: self.declared.get(f"{kind}s", set())
            for kind in ("article", "group", "actor", "source", "section")
        }
        for kind, value, at, path in self.refs:
            if value not in known[kind]:
                self.problem(at, path, f"no {kind} with id {value!r}{_suggest(value, known[kind])}")
        extra = self.extra(root)
        given = head.get("extra") if head is not None else None
        if head is not None and isinstance(given, Mapping):
            # The head's extra is the briefing's too (the JSON export keeps it under "briefing").
            for key, item in self.extra(head).items():
                if key in extra:
                    self.problem(
                        given.value_at.get(key, head.value_at["extra"]),
                        f"briefing.extra.{key}",
                        "also in the top-level extra: give it in one place",
                    )
                extra[key] = item
        if self.problems:
            self.problems.sort(key=lambda p: (p.line, p.col))
            raise BriefingError(self.problems)
        assert bid is not None and btitle is not None  # else a problem was reported above
        return Briefing(
            id=bid,
            title=btitle,
            summary=summary,
            articles=tuple(r for r, _, _ in built["articles"]),
            groups=tuple(r for r, _, _ in built["groups"]),
            actors=tuple(r for r, _, _ in built["actors"]),
            sections=tuple(r for r, _, _ in built["sections"]),
            sources=tuple(r for r, _, _ in built["sources"]),
            path=self.file,
            extra=extra,
        )
