"""A cache of validated briefings, so a large file opens fast the second time.

The cache holds the model as JSON (which loads many times faster than YAML) in the
user cache directory (``$BRIEFING_CACHE_DIR`` overrides it). An entry is used only
when its key matches the file exactly: resolved path, size, modification time,
inode, schema version, a digest of the model records' shapes (their fields in
order) and package version. A missing, stale, corrupt or truncated entry is
ignored and rebuilt; the cache can never make an invalid file open, since
only a file that validated is ever written to it.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, collector, model
from .dirs import user_dir
from .fields import LIST, RECORD, RECORDS, REFS, SPECS, TAGS, Spec, shape_digest
from .model import SCHEMA_VERSION, Briefing

if TYPE_CHECKING:
    from .located import Limits

CACHE_DIR_ENV = "BRIEFING_CACHE_DIR"
FORMAT = 2  # 2: analysis.voice


def cache_dir() -> Path:
    return user_dir("cache", CACHE_DIR_ENV)


def _key(path: Path) -> dict[str, Any]:
    st = path.stat()
    return {
        "path": str(path),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "inode": st.st_ino,
        "schema": SCHEMA_VERSION,
        "shapes": shape_digest(),
        "package": __version__,
        "format": FORMAT,
    }


def _entry(path: Path, directory: Path) -> Path:
    # The name only spreads entries out; the key inside decides whether one is used.
    # os.fsencode: a file name that is not UTF-8 is bytes the system gave, not an error.
    return directory / f"{path.stem[:40]}-{zlib.crc32(os.fsencode(path)):08x}.json"


def load_cached(path: str | os.PathLike[str], limits: Limits | None = None) -> Briefing:
    """Like :func:`briefing.load.load`, through the cache. Errors are never cached.

    A hit needs no YAML at all, so the loader (and PyYAML) is imported only on a miss.
    """
    resolved = Path(path).resolve()
    try:
        key: dict[str, Any] | None = _key(resolved)
    except OSError:
        key = None  # the loader reports it, located
    entry = _entry(resolved, cache_dir())
    if key is not None:
        cached = _read(entry, key, str(path))
        if cached is not None:
            return cached
    from . import load as loader

    briefing = loader.load(path, limits)
    if key is not None:
        from .fileio import write_atomic

        payload = f'{{"key": {json.dumps(key)}, "briefing": {_dump(briefing)}}}'
        with contextlib.suppress(OSError):
            entry.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(entry, payload, overwrite=True)
    return briefing


def _read(entry: Path, key: dict[str, Any], name: str) -> Briefing | None:
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    try:
        with collector.paused():
            data = json.loads(raw)
            if data.get("key") != key:
                return None
            return from_json(data["briefing"], name)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # corrupt or truncated: rebuilt by the caller


# -- model <-> JSON ------------------------------------------------------------------
# Records are named tuples, so they are stored as JSON arrays in field order; the
# cache key carries a digest of the records' shapes, so an entry is read only with
# the field order it was written in.


def to_json(b: Briefing) -> dict[str, Any]:
    return {
        "id": b.id,
        "title": b.title,
        "summary": b.summary,
        "extra": dict(b.extra),
        "articles": b.articles,
        "groups": b.groups,
        "actors": b.actors,
        "sections": b.sections,
        "sources": b.sources,
    }


def _dump(b: Briefing) -> str:
    return json.dumps(to_json(b), ensure_ascii=False, default=dict)  # mappingproxy extras


Decoder = Callable[[list[Any]], Any]


def _decoder(spec: Spec, decoders: dict[str, Decoder]) -> Decoder:
    """A function from a stored array to the spec's record, nested records included."""
    cls: Any = getattr(model, spec.name)
    convert: list[tuple[int, Callable[[Any], Any]]] = []
    for index, field in enumerate(spec.fields):
        if field.kind == RECORD:
            convert.append((index, _nested(field.target, decoders)))
        elif field.kind == RECORDS:
            convert.append((index, _each(_nested(field.target, decoders))))
        elif field.kind in (REFS, TAGS):
            convert.append((index, tuple))

    if not convert:
        return lambda row: cls(*row)

    def decode(row: list[Any]) -> Any:
        values = list(row)
        for index, function in convert:
            values[index] = function(values[index])
        return cls(*values)

    return decode


def _each(decode: Decoder) -> Callable[[list[Any]], tuple[Any, ...]]:
    return lambda rows: tuple(decode(row) for row in rows)


def _nested(name: str, decoders: dict[str, Decoder]) -> Decoder:
    if name not in decoders:
        decoders[name] = _decoder(SPECS[name], decoders)
    return decoders[name]


def from_json(d: dict[str, Any], path: str) -> Briefing:
    decoders: dict[str, Decoder] = {}
    records = {
        f.name: tuple(map(_nested(f.target, decoders), d[f.name]))
        for f in SPECS["Root"].fields
        if f.kind == LIST
    }
    return Briefing(
        id=d["id"],
        title=d["title"],
        summary=d["summary"],
        extra=d["extra"],
        articles=records["articles"],
        groups=records["groups"],
        actors=records["actors"],
        sections=records["sections"],
        sources=records["sources"],
        path=path,
    )
