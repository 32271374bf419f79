"""Safe YAML to plain values that remember where they came from.

The YAML is parsed into events by libyaml (CSafeLoader's parser) when present and
built into values here, in one loop with no recursion, so that

* every mapping and sequence knows the line and column of itself and its items;
* nesting depth, alias expansion and tags are limited before anything is built
  (libyaml's own composer recurses and can crash on deeply nested input);
* nothing is ever constructed from a tag: ``!!python/object`` is reported, not run.

Scalars become ``str`` (quoted, or plain text and dates), :class:`Number` (a
``str`` that also knows its numeric value), ``bool`` or ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from .problems import BriefingError, Problem

try:  # libyaml's parser is several times faster than the pure-Python one.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

LIBYAML = _Loader.__name__ == "CSafeLoader"

At = tuple[int, int]
"""A 1-based (line, column)."""


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 32 * 1024 * 1024
    max_depth: int = 64
    max_aliases: int = 100
    max_alias_nodes: int = 10_000


class Mapping(dict[str, object]):
    """A YAML mapping; ``at`` is where it starts, ``key_at``/``value_at`` per key."""

    __slots__ = ("at", "key_at", "value_at")
    at: At
    key_at: dict[str, At]
    value_at: dict[str, At]


class Sequence(list[object]):
    """A YAML sequence; ``at`` is where it starts, ``item_at`` per item."""

    __slots__ = ("at", "item_at")
    at: At
    item_at: list[At]


class Number(str):
    """A plain scalar that YAML reads as a number; the text is kept as written."""

    __slots__ = ()

    @property
    def value(self) -> int | float:
        text = self.replace("_", "").lower()
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        if digits in (".inf", ".nan"):  # YAML's spelling; float() wants inf and nan
            return sign * float(digits[1:])
        if len(digits) > 1 and digits[0] == "0" and digits.isdigit():
            return sign * int(digits, 8)  # YAML 1.1 octal (017 is 15), which int(…, 0) refuses
        try:
            return int(text, 0)
        except ValueError:
            return float(text)


_NULL = frozenset(("", "~", "null", "Null", "NULL"))
# PyYAML's YAML 1.1 booleans (it does not count y and n).
_TRUE = frozenset(["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"])
_FALSE = frozenset(["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"])
_NUMBER = re.compile(
    r"""^(?:[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+|[-+]?0o?[0-7_]+|[-+]?0b[01_]+
    |[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    re.X,
)
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


def _plain(value: str) -> object:
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    first = value[0]
    if (first.isdigit() or first in "+-.") and _NUMBER.match(value):
        return Number(value)
    return value


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(data: bytes, file: str) -> str:
    """UTF-8 (a BOM is fine) to text with ``\\n`` line ends."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        start = err.start
        line = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        col = len(data[line_start:start].decode("utf-8", "replace")) + 1
        raise BriefingError(
            [Problem(file, line, col, "", f"not UTF-8: byte 0x{data[start]:02x} at offset {start}")]
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return text


def _syntax_problem(err: yaml.YAMLError, text: str, file: str) -> Problem:
    if isinstance(err, yaml.reader.ReaderError):
        line, col = position(text, err.position)
        return Problem(file, line, col, "", f"character #x{err.character:04x} is not allowed in YAML")
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(err, "problem", None) or str(err)
    context = getattr(err, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        message += "; a tab is not allowed here: indent with spaces"
    return Problem(file, line, col, "", message)


def compose(text: str, file: str, limits: Limits = Limits()) -> object:
    """Parse one YAML document into located values; raise BriefingError when it cannot."""
    loader = _Loader(text)
    try:
        return _build(loader, file, limits)
    except yaml.YAMLError as err:
        raise BriefingError([_syntax_problem(err, text, file)]) from None
    finally:
        loader.dispose()


def _fail(file: str, mark: yaml.Mark, message: str) -> BriefingError:
    return BriefingError([Problem(file, mark.line + 1, mark.column + 1, "", message)])


def _build(loader: _Loader, file: str, limits: Limits) -> object:
    # The loop dispatches on ``type(event) is ...`` (faster than isinstance in this
    # hot path), which a type checker cannot narrow: events are Any here.
    get_event: Callable[[], Any] = loader.get_event
    # A frame: [container, pending key or _NO_KEY, anchor, node count, start mark];
    # a list rather than a class because this loop is the loader's hot path.
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[object, int]] = {}
    open_anchors: set[str] = set()
    aliases = expanded = 0
    root: object = _NO_ROOT
    documents = 0
    ScalarEvent = yaml.ScalarEvent
    MappingStart = yaml.MappingStartEvent
    SequenceStart = yaml.SequenceStartEvent
    CollectionEnd = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    AliasEvent = yaml.AliasEvent

    def add(value: object, mark: yaml.Mark, weight: int) -> None:
        nonlocal root
        at = (mark.line + 1, mark.column + 1)
        if not stack:
            root = value
            return
        frame = stack[-1]
        frame[3] += weight
        container = frame[0]
        if type(container) is Sequence:
            container.append(value)
            container.item_at.append(at)
            return
        key = frame[1]
        if key is _NO_KEY:
            if not isinstance(value, str):
                raise _fail(file, mark, "a mapping key must be text, not a list or mapping")
            key = str(value)
            if key in container:
                first = container.key_at[key]
                raise _fail(file, mark, f"duplicate key {key!r} (first at line {first[0]})")
            frame[1] = key
            container.key_at[key] = at
            return
        container[key] = value
        container.value_at[key] = at
        frame[1] = _NO_KEY

    while True:
        event = get_event()
        kind = type(event)
        if kind is ScalarEvent:
            tag = event.tag
            if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
                raise _fail(file, event.start_mark, f"YAML tag {tag!r} is not allowed")
            value = event.value
            # Keys stay as written (`no:` is the key "no", not false).
            awaiting_key = stack and stack[-1][1] is _NO_KEY and type(stack[-1][0]) is Mapping
            if not event.style and tag is None and not awaiting_key:
                value = _plain(value)
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
            add(value, event.start_mark, 1)
        elif kind is MappingStart or kind is SequenceStart:
            tag = event.tag
            if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
                raise _fail(file, event.start_mark, f"YAML tag {tag!r} is not allowed")
            if len(stack) >= limits.max_depth:
                raise _fail(file, event.start_mark, f"nested deeper than {limits.max_depth} levels")
            mark = event.start_mark
            container: Mapping | Sequence
            if kind is MappingStart:
                container = Mapping()
                container.key_at = {}
                container.value_at = {}
            else:
                container = Sequence()
                container.item_at = []
            container.at = (mark.line + 1, mark.column + 1)
            if event.anchor is not None:
                open_anchors.add(event.anchor)
            stack.append([container, _NO_KEY, event.anchor, 1, mark])
        elif kind in CollectionEnd:
            container, _key, anchor, weight, mark = stack.pop()
            if anchor is not None:
                open_anchors.discard(anchor)
                anchors[anchor] = (container, weight)
            add(container, mark, weight)
        elif kind is AliasEvent:
            name = event.anchor
            if name in open_anchors:
                raise _fail(file, event.start_mark, f"alias *{name} refers to itself")
            if name not in anchors:
                raise _fail(file, event.start_mark, f"alias *{name} has no anchor")
            value, weight = anchors[name]
            aliases += 1
            expanded += weight
            if aliases > limits.max_aliases:
                raise _fail(file, event.start_mark, f"more than {limits.max_aliases} aliases")
            if expanded > limits.max_alias_nodes:
                raise _fail(
                    file,
                    event.start_mark,
                    f"aliases expand to more than {limits.max_alias_nodes} values",
                )
            add(value, event.start_mark, weight)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _fail(file, event.start_mark, "more than one YAML document")
        elif kind is yaml.StreamEndEvent:
            return None if root is _NO_ROOT else root


_NO_KEY = object()
_NO_ROOT = object()


def plain(value: object) -> object:
    """Located values to ordinary Python values (for ``extra:``)."""
    if isinstance(value, Number):
        return value.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
