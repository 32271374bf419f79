"""Where a record is defined: the file and line of a section, article, group or actor.

Asked for once, when the reader's ``e`` opens an editor, so it reads the file as
it is now (it may have changed since it was loaded) rather than keeping a line
per record in the model and the cache. Briefings opened together: the file is
the one that defines the record (a qualified ``part/id`` names its part).
"""

from __future__ import annotations

from typing import NamedTuple

from .located import Mapping, Sequence, compose, decode
from .merge import SEPARATOR
from .model import Briefing
from .problems import BriefingError

KINDS = ("articles", "groups", "actors", "sections", "sources")


class Place(NamedTuple):
    file: str
    line: int
    found: bool
    """False when the record is not (or no longer) in the file: the line is then 1."""


def record_line(text: str, kind: str, record_id: str, file: str = "<string>") -> int | None:
    """The line of ``id:`` in the record of ``kind`` (``sections``...) with this id, or None."""
    try:
        root = compose(text, file)
    except BriefingError:
        return None  # not YAML any more: the reload reports it
    records = root.get(kind) if isinstance(root, Mapping) else None
    if not isinstance(records, Sequence):
        return None
    for item in records:
        if isinstance(item, Mapping) and item.get("id") == record_id:
            return item.key_at["id"][0]
    return None


def read_text(file: str) -> str | None:
    try:
        with open(file, "rb") as handle:
            return decode(handle.read(), file)
    except (OSError, BriefingError):
        return None


def _files(briefing: Briefing, kind: str, record_id: str, article: str | None) -> tuple[list[str], str]:
    """The files that may define the record, in order, and its id as those files spell it."""
    if not briefing.parts:
        return [briefing.path], record_id
    part_id, sep, local = record_id.rpartition(SEPARATOR)
    if sep and part_id in briefing.part_by_id:
        return [briefing.part_by_id[part_id].path], local
    owner = article if kind == "sections" else record_id if kind == "articles" else None
    if owner is not None:
        for part in briefing.parts:
            if owner in part.articles:
                return [part.path], record_id
    return [part.path for part in briefing.parts], record_id  # shared: the first file that has it


def where(briefing: Briefing, kind: str, record_id: str, *, article: str | None = None) -> Place:
    """The file and line that define a record (``article``: a section's, to find its file)."""
    files, local = _files(briefing, kind, record_id, article)
    for file in files:
        text = read_text(file)
        line = record_line(text, kind, local, file) if text is not None else None
        if line is not None:
            return Place(file, line, True)
    return Place(files[0], 1, False)
