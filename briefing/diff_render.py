"""A :class:`~briefing.diff.Comparison` as text, as one line per record, and as JSON.

Text is built as lines of styled runs (:data:`Line`); :func:`plain` writes removed
words as ``[-removed-]`` and added ones as ``{+added+}`` (like ``git diff --word-diff``),
:func:`rich_lines` gives Rich ``Text`` for a terminal (removed struck through in red,
added underlined in green, so it reads without colour too). Every piece of text from
a briefing goes through :func:`briefing.text.clean` and is never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .diff import ADDED, CHANGED, REMOVED, RENAMED, Comparison, FieldChange, Piece, RecordChange, word_diff
from .text import clean

if TYPE_CHECKING:
    from rich.text import Text

# Styles of a run: "" plain, "-" removed, "+" added (marked in plain text), "R" and "A"
# removed and added where the line already says so (coloured only), "h" a heading, "d" dim.
Run = tuple[str, str]
Line = list[Run]

JSON_FORMAT = 1
NONE = "(none)"


# -- lines -------------------------------------------------------------------------


def _value(value: str | None) -> str:
    return clean(value) if value else NONE


def word_lines(pieces: Sequence[Piece], *, context: int = 0, whole: bool = False) -> list[Line]:
    """A word diff cut into lines; unless ``whole``, only the lines with a change
    (and ``context`` lines around them), a gap shown as ``…``."""
    lines: list[Line] = [[]]
    for op, text in pieces:
        style = "" if op == "=" else op
        parts = clean(text).split("\n")
        for number, part in enumerate(parts):
            if number:
                lines.append([])
            if part:
                lines[-1].append((style, part))
    if whole:
        return lines
    changed = [i for i, line in enumerate(lines) if any(style for style, _ in line)]
    keep = sorted({j for i in changed for j in range(i - context, i + context + 1) if 0 <= j < len(lines)})
    out: list[Line] = []
    last = -1
    for i in keep:
        if last >= 0 and i > last + 1:
            out.append([("d", "…")])
        out.append(lines[i])
        last = i
    return out


def field_lines(change: FieldChange, indent: str = "  ") -> list[Line]:
    name = ("h", f"{change.field}:")
    if change.is_list:
        out: list[Line] = [[("", indent), name]]
        deeper = indent + "  "
        out += [[("", deeper), ("A", "+ " + clean(item))] for item in change.added]
        out += [[("", deeper), ("R", "- " + clean(item))] for item in change.removed]
        for item in change.changed:
            words = word_lines(_item_diff(item.old, item.new), whole=True)
            out.append([("", deeper), ("", "~ "), *(words[0] if words else [])])
        return out
    if change.words:
        multiline = "\n" in (change.old or "") or "\n" in (change.new or "")
        if not multiline:
            return [[("", indent), name, ("", " "), *word_lines(change.words, whole=True)[0]]]
        body = word_lines(change.words)
        return [[("", indent), name]] + [[("", indent + "  "), *line] for line in body]
    return [
        [("", indent), name, ("", " "), ("R", _value(change.old)), ("", " → "), ("A", _value(change.new))]
    ]


def _item_diff(old: str, new: str) -> tuple[Piece, ...]:
    return word_diff(old.replace("\n", " "), new.replace("\n", " "))


def _placement(change: RecordChange) -> str:
    where = {f.field: f.new for f in change.fields}
    if change.kind == "section" and change.status == ADDED and where:
        return f" (article {clean(where.get('article') or '?')}, group {clean(where.get('group') or '?')})"
    return ""


def record_lines(change: RecordChange) -> list[Line]:
    title = f" “{change.title}”" if change.title else ""
    if change.status == RENAMED:
        head: Line = [("h", f"renamed {change.kind} {change.old_id} → {change.id}"), ("", title)]
        return [head]
    status = "moved" if change.moved and change.status == CHANGED else change.status
    head = [("h", f"{status} {change.kind} {change.id}"), ("", title + _placement(change))]
    if change.status != CHANGED:
        return [head]
    out = [head]
    for field in change.fields:
        out += field_lines(field)
    return out


def summary(comparison: Comparison) -> str:
    counts = comparison.counts()
    if comparison.same:
        return "no changes"
    parts = [f"{counts[s]} {s}" for s in (CHANGED, ADDED, REMOVED, RENAMED) if counts[s]]
    if counts["moved"]:
        parts.append(f"{counts['moved']} moved")
    return ", ".join(parts)


def document_lines(comparison: Comparison, old_name: str, new_name: str) -> list[Line]:
    out: list[Line] = [
        [("h", f"--- {clean(old_name)}")],
        [("h", f"+++ {clean(new_name)}")],
        [("d", f"{len(comparison.changes)} records differ: {summary(comparison)}")],
    ]
    for change in comparison.changes:
        out += record_lines(change)
    return out


def stat_lines(comparison: Comparison) -> list[str]:
    """One line per changed record: status, kind, id and which fields."""
    width = max((len(c.id) for c in comparison.changes), default=0)
    out = []
    for change in comparison.changes:
        status = "moved" if change.moved else change.status
        what = ""
        if change.status == CHANGED:
            what = ", ".join(f.field for f in change.fields)
        elif change.status == RENAMED:
            what = f"from {change.old_id}"
        out.append(f"{status:<8} {change.kind:<8} {change.id:<{width}}  {what}".rstrip())
    return out


# -- output --------------------------------------------------------------------------


def plain(lines: Iterable[Line]) -> str:
    marks = {"-": ("[-", "-]"), "+": ("{+", "+}")}
    out = []
    for line in lines:
        text = []
        for style, part in line:
            start, end = marks.get(style, ("", ""))
            text.append(f"{start}{part}{end}")
        out.append("".join(text))
    return "".join(f"{line}\n" for line in out)


STYLES = {"-": "red strike", "+": "green underline", "R": "red", "A": "green", "h": "bold", "d": "dim"}


def rich_lines(lines: Iterable[Line], styles: dict[str, str] | None = None) -> list[Text]:
    """Lines as Rich Text; the text is appended as data, never parsed as markup."""
    from rich.text import Text

    chosen = styles or STYLES
    out = []
    for line in lines:
        text = Text()
        for style, part in line:
            text.append(part, chosen.get(style, ""))
        out.append(text)
    return out


# -- JSON --------------------------------------------------------------------------


def _field_json(change: FieldChange) -> dict[str, Any]:
    if change.is_list:
        return {
            "field": change.field,
            "added": list(change.added),
            "removed": list(change.removed),
            "changed": [{"key": c.key, "old": c.old, "new": c.new} for c in change.changed],
        }
    out: dict[str, Any] = {"field": change.field, "old": change.old, "new": change.new}
    if change.words:
        out["words"] = [[p.op, p.text] for p in change.words]
    return out


def to_json(comparison: Comparison, old_name: str, new_name: str) -> dict[str, Any]:
    """The documented, stable JSON shape of a comparison (see README, ``briefing diff``)."""
    return {
        "format": JSON_FORMAT,
        "old": {"path": old_name, "id": comparison.old.id, "title": comparison.old.title},
        "new": {"path": new_name, "id": comparison.new.id, "title": comparison.new.title},
        "same": comparison.same,
        "counts": comparison.counts(),
        "changes": [
            {
                "kind": c.kind,
                "id": c.id,
                "status": c.status,
                "old_id": c.old_id,
                "moved": c.moved,
                "title": c.title,
                "fields": [_field_json(f) for f in c.fields] if c.status == CHANGED else [],
                **(
                    {"placement": {f.field: f.new for f in c.fields}}
                    if c.status == ADDED and c.fields
                    else {}
                ),
            }
            for c in comparison.changes
        ],
    }
