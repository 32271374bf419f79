"""The JSON shape of a reader's state: the file earlier versions kept, and the export.

``state.json`` (version 1) held everything: ``{"version": 1, "theme": ...,
"briefings": {KEY: {"last_section", "view", "expanded", "bookmarks", "notes"}}}``.
The state now lives in SQLite (see :mod:`briefing.state`); this module reads such
a file once to migrate it, and writes the same shape as a readable export.

A file that cannot be used (not UTF-8, not JSON, not this shape, another version)
is moved aside to ``state.json.<time>.bad`` with a warning, never dropped.
"""

from __future__ import annotations

import base64
import json
import os
import re
import time
import zlib
from pathlib import Path
from typing import Any

STATE_VERSION = 1
JSON_NAME = "state.json"
READ_KEY = "read"
"""The top-level key of read marks (see :mod:`briefing.seen`): ``{KEY: {"sections", "known"}}``."""


def empty() -> dict[str, Any]:
    return {"version": STATE_VERSION, "briefings": {}}


def read_legacy(path: Path, warnings: list[str]) -> dict[str, Any] | None:
    """The data of a version-1 JSON state file; None when there is none.

    A file that cannot be used is set aside (with a warning in ``warnings``) and
    the empty state is returned; one that cannot be read at all is left where it
    is, with a warning, and None returned so that it is tried again next time.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        warnings.append(f"cannot read {path}: {err.strerror or err}")
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        return set_aside(path, f"is not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})", warnings)
    except ValueError as err:
        return set_aside(path, f"is not valid JSON ({err})", warnings)
    if not isinstance(data, dict) or not isinstance(data.get("briefings", {}), dict):
        return set_aside(path, "does not hold briefing state", warnings)
    version = data.get("version")
    if version != STATE_VERSION:
        return set_aside(path, f"is version {version!r}; this reader reads version {STATE_VERSION}", warnings)
    data.setdefault("briefings", {})
    clean: dict[str, Any] = without_lone_surrogates(data)
    return clean


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(value: Any) -> Any:
    """``value`` with each lone surrogate in its strings (JSON's ``"\\ud800"``, valid JSON
    but no character) replaced by U+FFFD, as SQLite and UTF-8 cannot hold one."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_lone_surrogates(k): without_lone_surrogates(v) for k, v in value.items()}
    return value


def set_aside(path: Path, why: str, warnings: list[str]) -> dict[str, Any]:
    """Move an unusable state file to ``NAME.<time>.bad`` (numbered if taken); the empty state."""
    aside = next_free(path, f".{time.strftime('%Y%m%d-%H%M%S')}", ".bad")
    try:
        os.replace(path, aside)
        warnings.append(f"state file {path.name} {why}; moved it to {aside} and started afresh")
    except OSError as err:
        warnings.append(f"state file {path.name} {why}, and it cannot be moved aside: {err.strerror or err}")
    return empty()


def next_free(path: Path, middle: str, suffix: str) -> Path:
    """``NAME<middle><suffix>``, or ``NAME<middle>-2<suffix>``... whichever does not exist yet."""
    candidate = path.with_name(f"{path.name}{middle}{suffix}")
    number = 1
    while os.path.lexists(candidate):
        number += 1
        candidate = path.with_name(f"{path.name}{middle}-{number}{suffix}")
    return candidate


def dumps(data: dict[str, Any]) -> str:
    """The export's text: the version-1 shape, readable and stable."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def pack_ids(ids: set[str] | frozenset[str]) -> str:
    """A set of ids as the export keeps it: sorted, joined, compressed, base85."""
    return base64.b85encode(zlib.compress("\n".join(sorted(ids)).encode("utf-8"), 6)).decode("ascii")


def unpack_ids(text: Any) -> frozenset[str] | None:
    if not isinstance(text, str):
        return None
    try:
        raw = zlib.decompress(base64.b85decode(text.encode("ascii"))).decode("utf-8")
    except (ValueError, zlib.error, UnicodeError):
        return None
    return frozenset(raw.split("\n")) if raw else frozenset()
