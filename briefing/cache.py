"""A cache of validated briefings, so a large file opens fast the second time.

The cache holds the model as JSON (which loads many times faster than YAML) in the
user cache directory (``$BRIEFING_CACHE_DIR`` overrides it). An entry is used only
when its key matches the file exactly: resolved path, size, modification time,
inode, schema version and package version. A missing, stale, corrupt or truncated
entry is ignored and rebuilt; the cache can never make an invalid file open, since
only a file that validated is ever written to it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
from dataclasses import fields
from pathlib import Path
from typing import Any

from . import __version__
from .fileio import write_atomic
from .load import SCHEMA_VERSION, Limits, load
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

CACHE_DIR_ENV = "BRIEFING_CACHE_DIR"
FORMAT = 1


def cache_dir() -> Path:
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefing", appauthor=False))


def _key(path: Path) -> dict[str, Any]:
    st = path.stat()
    return {
        "path": str(path),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "inode": st.st_ino,
        "schema": SCHEMA_VERSION,
        "package": __version__,
        "format": FORMAT,
    }


def _entry(path: Path, directory: Path) -> Path:
    return directory / (hashlib.sha256(str(path).encode()).hexdigest()[:32] + ".json")


def load_cached(path: str | os.PathLike[str], limits: Limits | None = None) -> Briefing:
    """Like :func:`briefing.load.load`, through the cache. Errors are never cached."""
    resolved = Path(path).resolve()
    try:
        key = _key(resolved)
    except OSError:
        return load(path, limits)  # let the loader report it, located
    directory = cache_dir()
    entry = _entry(resolved, directory)
    cached = _read(entry, key, str(path))
    if cached is not None:
        return cached
    briefing = load(path, limits)
    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        write_atomic(
            entry, json.dumps({"key": key, "briefing": to_json(briefing)}, ensure_ascii=False), overwrite=True
        )
    return briefing


def _read(entry: Path, key: dict[str, Any], name: str) -> Briefing | None:
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        data = json.loads(raw)
        if data.get("key") != key:
            return None
        return from_json(data["briefing"], name)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # corrupt or truncated: rebuilt by the caller
    finally:
        if was_enabled:
            gc.enable()


# -- model <-> JSON ------------------------------------------------------------------


def _record(obj: Any) -> dict[str, Any]:
    out = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, tuple):
            value = [_record(v) if hasattr(v, "__dataclass_fields__") else v for v in value]
        elif hasattr(value, "__dataclass_fields__"):
            value = _record(value)
        out[f.name] = value
    return out


def to_json(b: Briefing) -> dict[str, Any]:
    return {
        "id": b.id,
        "title": b.title,
        "summary": b.summary,
        "extra": b.extra,
        "articles": [_record(r) for r in b.articles],
        "groups": [_record(r) for r in b.groups],
        "actors": [_record(r) for r in b.actors],
        "sections": [_record(r) for r in b.sections],
        "sources": [_record(r) for r in b.sources],
    }


def _section(d: dict[str, Any]) -> Section:
    claim = d["claim"]
    return Section(
        id=d["id"],
        title=d["title"],
        article=d["article"],
        group=d["group"],
        claim=Claim(
            summary=claim["summary"],
            speaker=claim["speaker"],
            quotes=tuple(Quote(**q) for q in claim["quotes"]),
            extra=claim["extra"],
        ),
        analysis=Analysis(**d["analysis"]),
        actors=tuple(d["actors"]),
        sources=tuple(Citation(**c) for c in d["sources"]),
        events=tuple(Event(e["date"], e["label"], tuple(e["actors"]), e["extra"]) for e in d["events"]),
        related=tuple(d["related"]),
        tags=tuple(d["tags"]),
        extra=d["extra"],
    )


def from_json(d: dict[str, Any], path: str) -> Briefing:
    return Briefing(
        id=d["id"],
        title=d["title"],
        summary=d["summary"],
        extra=d["extra"],
        articles=tuple(Article(**r) for r in d["articles"]),
        groups=tuple(Group(**r) for r in d["groups"]),
        actors=tuple(Actor(**r) for r in d["actors"]),
        sections=tuple(_section(r) for r in d["sections"]),
        sources=tuple(Source(**r) for r in d["sources"]),
        path=path,
    )
