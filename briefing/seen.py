"""What each section looked like when you last read it, and what changed since.

Per briefing, the reader keeps a *read mark* for every section it rested on: a
digest of the section (:func:`briefing.diff.section_digest`, blind to reordering),
when, and a compact copy of its text so a change can be shown, not only flagged.
It also keeps the ids it has known, so a section added to the file later is *new*.

The marks live in the reader's state (:mod:`briefing.state`), a row per section
read, beside the per-briefing state (its JSON export has them under a top-level
``read`` key, as the state file of earlier versions did). Size is bounded: at most
:data:`MAX_MARKS` marks per briefing, copies for the :data:`MAX_COPIES` most recent,
each text field cut at :data:`FIELD_CHARS` characters (a longer field keeps only its
digest, and its change is flagged without words). The known ids are stored packed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from .diff import FieldChange, Value, digest, field_changes, section_fields
from .state_json import READ_KEY as READ_KEY
from .text import clean

if TYPE_CHECKING:
    from .model import Briefing, Section
    from .state import StateStore

MAX_MARKS = 5000
MAX_COPIES = 200
FIELD_CHARS = 4000
CHANGED, NEW = "changed", "new"
TOO_LONG = "\x00too-long:"
"""Prefix of a copied field that was too long to keep: the rest is its digest."""


class Mark(NamedTuple):
    digest: str
    at: float
    """When it was read (seconds since the epoch)."""
    copy: dict[str, Value] | None = None


class ReadState(NamedTuple):
    marks: dict[str, Mark]
    known: frozenset[str] | None
    """Every id known when last open (None: this briefing was never open)."""


class SectionChange(NamedTuple):
    id: str
    status: str
    """``changed`` or ``new``."""
    title: str
    read_at: float | None = None


class SinceRead(NamedTuple):
    sections: tuple[SectionChange, ...]
    warnings: tuple[str, ...] = ()
    nothing: str = "nothing changed since you last read it"


# -- copies ------------------------------------------------------------------------------


def compact_copy(section: Section) -> dict[str, Value]:
    """The section's fields, each text cut to :data:`FIELD_CHARS` (or only its digest)."""
    out: dict[str, Value] = {}
    for name, value in section_fields(section).items():
        if isinstance(value, Mapping):
            size = sum(len(v) for v in value.values())
            out[name] = dict(value) if size <= FIELD_CHARS else TOO_LONG + digest({name: value})
        elif isinstance(value, str) and len(value) > FIELD_CHARS:
            out[name] = TOO_LONG + digest({name: value})
        else:
            out[name] = value
    return out


def changes_from_copy(copy: Mapping[str, Value], section: Section) -> tuple[FieldChange, ...]:
    """What changed in ``section`` since ``copy`` was taken. A field that was too long
    to keep comes back as changed (old ``None``, new its text) only if its digest differs."""
    now = section_fields(section)
    before: dict[str, Value] = {}
    for name, value in copy.items():
        if isinstance(value, str) and value.startswith(TOO_LONG):
            current = now.get(name)
            same = current is not None and digest({name: current}) == value[len(TOO_LONG) :]
            before[name] = current if same else None
        else:
            before[name] = value
    return field_changes(before, now)


# -- the store ---------------------------------------------------------------------------


def _mark(data: Any) -> Mark | None:
    if not isinstance(data, dict) or not isinstance(data.get("digest"), str):
        return None
    at = data.get("at")
    copy = data.get("copy")
    return Mark(
        data["digest"],
        float(at) if isinstance(at, (int, float)) else 0.0,
        copy if isinstance(copy, dict) else None,
    )


def read_state(store: StateStore, key: str, *, copies: bool = True) -> ReadState:
    """A briefing's read marks; without ``copies``, marks carry no copy (see :func:`read_mark`)."""
    raw, known = store.read_marks(key, copies=copies)
    marks = {}
    for sid, data in raw.items():
        mark = _mark(data)
        if mark is not None:
            marks[sid] = mark
    return ReadState(marks, known)


def read_mark(store: StateStore, key: str, section_id: str) -> Mark | None:
    """One section's read mark with its copy of the text."""
    return _mark(store.read_mark(key, section_id))


def read_now(section: Section, *, now: float | None = None) -> Mark:
    """The mark of reading ``section`` as it is now: its digest, the time, its compact copy."""
    return Mark(digest(section_fields(section)), time.time() if now is None else now, compact_copy(section))


def keep_read(store: StateStore, key: str, section_id: str, mark: Mark) -> None:
    """Keep ``mark`` as the section's newest read mark; bounded as the module says.

    One row written (and at most one trimmed), however many marks are kept.
    """
    store.put_read_mark(key, section_id, mark._asdict(), most=MAX_MARKS, copies=MAX_COPIES)


def remember_read(store: StateStore, key: str, section: Section, *, now: float | None = None) -> Mark:
    """Keep what ``section`` looks like now as read (:func:`read_now`, then :func:`keep_read`)."""
    mark = read_now(section, now=now)
    keep_read(store, key, section.id, mark)
    return mark


def remember_known(store: StateStore, key: str, ids: set[str] | frozenset[str]) -> None:
    """The ids of a briefing seen open for the first time: none of them is new."""
    store.set_known(key, ids)


# -- what changed ---------------------------------------------------------------------------


def compare_marks(briefing: Briefing, state: ReadState) -> tuple[SectionChange, ...]:
    """Sections changed since read, or new since the briefing was first open, in reading order.

    Only read sections are digested, so this costs little however long the briefing.
    """
    if state.known is None and not state.marks:
        return ()
    known = state.known if state.known is not None else frozenset(state.marks)
    out: list[SectionChange] = []
    for section in briefing.tree_order():
        mark = state.marks.get(section.id)
        if mark is not None:
            if mark.digest != digest(section_fields(section)):
                out.append(SectionChange(section.id, CHANGED, clean(section.title), mark.at))
        elif section.id not in known:
            out.append(SectionChange(section.id, NEW, clean(section.title)))
    return tuple(out)


def changes_since_read(briefing: Briefing, store: StateStore | None = None) -> SinceRead:
    from .state import StateStore, key_for

    key = key_for(briefing)
    if key is None:
        return SinceRead((), nothing="this briefing has no file, so nothing is remembered of it")
    store = store or StateStore()
    state = read_state(store, key)
    warnings = tuple(store.warnings)
    if state.known is None and not state.marks:
        return SinceRead((), warnings, "you have not read this briefing in the reader yet")
    return SinceRead(compare_marks(briefing, state), warnings)


def when(at: float | None) -> str:
    """A read time as the reader and the command line show it."""
    if not at:
        return "never"
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(at))
