"""Several briefing files read as one briefing, for the reader's ``briefing a.yaml b.yaml``.

Each file stays a :class:`~briefing.model.Part` of the combined briefing, with its
articles; search, the timeline and the indexes then span every part for free,
since they only ever see one :class:`~briefing.model.Briefing`.

Ids keep their own spelling unless two files use the same one for different
things; then, and only then, each of those records is renamed ``part-id/id``
(a slash never occurs in a slug, so a qualified id cannot clash with a plain
one), and every reference inside the file that owns it follows the rename.

* Actors, sources and groups are shared when they are *identical* in every file
  that has them (``eu`` named the same way twice is one actor, whose index
  entry and tree branch list the sections of both files); when they differ,
  each file keeps its own, qualified.
* Articles and sections belong to one file, so an id used by two files is
  always qualified.
* Two files with the same briefing id get part ids ``id`` and ``id-2``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Briefing, Part, Section

if TYPE_CHECKING:
    from .problems import Problem

SEPARATOR = "/"
SUFFIXES = (".yaml", ".yml")
SHARED_KINDS = ("groups", "actors", "sources")
OWN_KINDS = ("articles", "sections")


Signature = tuple[tuple[str, int, int, int], ...]
"""Each file's path, size, modification time (ns) and inode: see :func:`signature`."""


def signature(paths: Sequence[str | os.PathLike[str]]) -> Signature:
    """What identifies the files' current contents without reading them (what the reader's
    live reload compares)."""
    found = []
    for file in briefing_files(paths):
        try:
            st = file.stat()
        except OSError:
            found.append((str(file), -1, -1, -1))
        else:
            found.append((str(file), st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(found)


def briefing_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files to open: each path as given, a folder standing for its ``*.yaml``/``*.yml``.

    A folder's files come sorted by name; a file named twice (or reached through a
    folder too) is kept once. A path that does not exist is kept, so the loader
    reports it with the other problems.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(
                (p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()),
                key=lambda p: p.name,
            )
        else:
            inside = [path]
        for file in inside:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found


def load_all(paths: Sequence[str | os.PathLike[str]]) -> Briefing:
    """Load every file (through the cache) and combine them; one file is returned as it is.

    Raises :class:`~briefing.problems.BriefingError` with the problems of *every*
    file that fails, not only the first.
    """
    from .problems import BriefingError

    loaded, problems = _load_each(paths)
    if problems:
        raise BriefingError(problems)
    return loaded[0] if len(loaded) == 1 else merge(loaded)


def load_valid(paths: Sequence[str | os.PathLike[str]]) -> tuple[Briefing, list[Problem]]:
    """Like :func:`load_all`, but a file that fails is left out rather than stopping the rest.

    Returns the briefing of the files that load and the problems of those that do
    not; raises :class:`~briefing.problems.BriefingError` only when none loads.
    """
    from .problems import BriefingError

    loaded, problems = _load_each(paths)
    if not loaded:
        raise BriefingError(problems)
    return (loaded[0] if len(loaded) == 1 else merge(loaded)), problems


def _load_each(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[Briefing], list[Problem]]:
    from .cache import load_cached
    from .problems import BriefingError, Problem

    files = briefing_files(paths)
    if not files:
        named = ", ".join(str(p) for p in paths)
        return [], [Problem(named, 1, 1, "", "no *.yaml or *.yml files here")]
    loaded: list[Briefing] = []
    problems: list[Problem] = []
    for file in files:
        try:
            loaded.append(load_cached(file))
        except BriefingError as err:
            problems.extend(err.problems)
    return loaded, problems


def qualify(part: str, local: str) -> str:
    return f"{part}{SEPARATOR}{local}"


def _part_ids(briefings: Sequence[Briefing]) -> list[str]:
    ids: list[str] = []
    for briefing in briefings:
        chosen, number = briefing.id, 1
        while chosen in ids:
            number += 1
            chosen = f"{briefing.id}-{number}"
        ids.append(chosen)
    return ids


def _renames(briefings: Sequence[Briefing], parts: list[str]) -> list[dict[str, dict[str, str]]]:
    """Per briefing, per kind: the ids that must be qualified, old -> new."""
    renames: list[dict[str, dict[str, str]]] = [defaultdict(dict) for _ in briefings]
    for kind in (*SHARED_KINDS, *OWN_KINDS):
        owners: dict[str, list[tuple[int, Any]]] = defaultdict(list)
        for index, briefing in enumerate(briefings):
            for record in getattr(briefing, kind):
                owners[record.id].append((index, record))
        for record_id, held in owners.items():
            if len(held) < 2:
                continue
            first = held[0][1]
            if kind in SHARED_KINDS and all(record == first for _, record in held[1:]):
                continue  # the same record everywhere: one, shared
            for index, _ in held:
                renames[index][kind][record_id] = qualify(parts[index], record_id)
    return renames


def merge(briefings: Sequence[Briefing]) -> Briefing:
    """One briefing holding every part, ids qualified where they clash (see the module)."""
    if len(briefings) == 1:
        return briefings[0]
    part_ids = _part_ids(briefings)
    renames = _renames(briefings, part_ids)
    articles: list[Any] = []
    sections: list[Section] = []
    shared: dict[str, dict[str, Any]] = {kind: {} for kind in SHARED_KINDS}
    parts: list[Part] = []
    for briefing, part_id, rename in zip(briefings, part_ids, renames, strict=True):
        for kind in SHARED_KINDS:
            table = rename.get(kind, {})
            for record in getattr(briefing, kind):
                new = table.get(record.id, record.id)
                shared[kind].setdefault(new, record._replace(id=new) if new != record.id else record)
        table = rename.get("articles", {})
        own = [a._replace(id=table[a.id]) if a.id in table else a for a in briefing.articles]
        articles += own
        sections += _sections(briefing.sections, rename) if rename else briefing.sections
        parts.append(Part(part_id, briefing.title, briefing.summary, briefing.path, tuple(a.id for a in own)))
    return Briefing(
        id="+".join(part_ids),
        title=" · ".join(b.title for b in briefings),
        summary=None,
        articles=tuple(articles),
        groups=tuple(shared["groups"].values()),
        actors=tuple(shared["actors"].values()),
        sections=tuple(sections),
        sources=tuple(shared["sources"].values()),
        # One identity per set of files (the reader keeps its state under it).
        path=os.pathsep.join(str(Path(b.path).resolve()) for b in briefings),
        parts=tuple(parts),
    )


def _sections(sections: Iterable[Section], rename: dict[str, dict[str, str]]) -> list[Section]:
    """Sections with every reference following the renames of their file."""
    article, group = rename.get("articles", {}), rename.get("groups", {})
    actor, source, section = rename.get("actors", {}), rename.get("sources", {}), rename.get("sections", {})

    def actors(ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(actor.get(i, i) for i in ids)

    out = []
    for s in sections:
        claim = s.claim
        if actor:
            speaker = actor.get(claim.speaker, claim.speaker) if claim.speaker else None
            quotes = tuple(q._replace(speaker=actor.get(q.speaker, q.speaker)) for q in claim.quotes)
            claim = claim._replace(speaker=speaker, quotes=quotes)
        out.append(
            s._replace(
                id=section.get(s.id, s.id),
                article=article.get(s.article, s.article),
                group=group.get(s.group, s.group),
                claim=claim,
                actors=actors(s.actors),
                sources=tuple(c._replace(ref=source.get(c.ref, c.ref)) for c in s.sources)
                if source
                else s.sources,
                events=tuple(e._replace(actors=actors(e.actors)) for e in s.events) if actor else s.events,
                related=tuple(section.get(r, r) for r in s.related),
            )
        )
    return out
