"""What a reader keeps between sessions: position, view, bookmarks, notes, theme.

One versioned JSON file in the user state directory (``$BRIEFING_STATE_DIR``
overrides it). Every change is one read-modify-write under an exclusive file lock,
applied to what is on disk at that moment, so two readers (or a reader and the
command line) open at once lose nothing. Writes are atomic. A file that cannot be
read (corrupt, or from a newer version) is moved aside with a warning, never
silently dropped. Bookmarks and notes refer to section ids and are kept when a
section disappears: they are listed as orphaned.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dirs import user_dir
from .fileio import write_atomic
from .locks import locked
from .paths import bundled_path

if TYPE_CHECKING:
    from .model import Briefing

STATE_VERSION = 1
STATE_DIR_ENV = "BRIEFING_STATE_DIR"
FILE_NAME = "state.json"


def state_dir() -> Path:
    return user_dir("state", STATE_DIR_ENV)


def briefing_key(path: str | os.PathLike[str], briefing_id: str, bundled: bool) -> str:
    """The key a briefing's state is kept under: its id when bundled (the install
    path changes with every venv), else its absolute path."""
    return f"bundled:{briefing_id}" if bundled else str(Path(path).resolve())


def key_for(briefing: Briefing) -> str | None:
    """The state key of a loaded briefing; None for one that has no file (built in memory)."""
    if not briefing.path:
        return None
    path = Path(briefing.path)
    try:
        bundled = path.resolve() == bundled_path().resolve()
    except OSError:
        bundled = False
    return briefing_key(path, briefing.id, bundled=bundled)


@dataclass
class BriefingState:
    """The state of one briefing file, as plain data."""

    last_section: str | None = None
    view: str | None = None
    expanded: list[str] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> BriefingState:
        if not isinstance(data, dict):
            return cls()
        notes = data.get("notes")
        return cls(
            last_section=_str_or_none(data.get("last_section")),
            view=_str_or_none(data.get("view")),
            expanded=_strings(data.get("expanded")),
            bookmarks=_strings(data.get("bookmarks")),
            notes={k: v for k, v in notes.items() if isinstance(k, str) and isinstance(v, str)}
            if isinstance(notes, dict)
            else {},
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "last_section": self.last_section,
            "view": self.view,
            "expanded": self.expanded,
            "bookmarks": self.bookmarks,
            "notes": self.notes,
        }

    def orphans(self, section_ids: set[str] | dict[str, Any]) -> tuple[list[str], dict[str, str]]:
        """Bookmarks and notes whose section is no longer in the briefing."""
        return (
            [b for b in self.bookmarks if b not in section_ids],
            {k: v for k, v in self.notes.items() if k not in section_ids},
        )


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


class StateStore:
    """The state file. Methods that change it re-read, change and write under a lock."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or state_dir()
        self.path = self.directory / FILE_NAME
        self.warnings: list[str] = []

    # -- reading -----------------------------------------------------------------

    def read(self) -> dict[str, Any]:
        """The whole file as data; an unreadable file is moved aside (see ``warnings``)."""
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return _empty()
        except OSError as err:
            self.warnings.append(f"cannot read {self.path}: {err.strerror or err}")
            return _empty()
        try:
            data = json.loads(raw)
        except ValueError as err:
            return self._set_aside(f"is not valid JSON ({err})")
        if not isinstance(data, dict) or not isinstance(data.get("briefings", {}), dict):
            return self._set_aside("does not hold briefing state")
        version = data.get("version")
        if version != STATE_VERSION:
            return self._set_aside(f"is version {version!r}; this reader writes version {STATE_VERSION}")
        data.setdefault("briefings", {})
        return data

    def briefing(self, key: str) -> BriefingState:
        return BriefingState.from_json(self.read()["briefings"].get(key))

    def theme(self) -> str | None:
        return _str_or_none(self.read().get("theme"))

    def _set_aside(self, why: str) -> dict[str, Any]:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{FILE_NAME}.{stamp}.bad")
        number = 1
        while aside.exists():
            number += 1
            aside = self.path.with_name(f"{FILE_NAME}.{stamp}-{number}.bad")
        try:
            os.replace(self.path, aside)
            self.warnings.append(f"state file {why}; moved it to {aside} and started afresh")
        except OSError as err:
            self.warnings.append(f"state file {why}, and it cannot be moved aside: {err.strerror or err}")
        return _empty()

    # -- changing ----------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        with locked(self.directory / f"{FILE_NAME}.lock"):
            yield

    def update(self, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        """Apply ``change`` to the file's current data and write it back, atomically."""
        with self._locked():
            data = self.read()
            change(data)
            data["version"] = STATE_VERSION
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n", overwrite=True)
            return data

    def update_briefing(self, key: str, change: Callable[[BriefingState], None]) -> BriefingState:
        result = BriefingState()

        def apply(data: dict[str, Any]) -> None:
            nonlocal result
            result = BriefingState.from_json(data["briefings"].get(key))
            change(result)
            data["briefings"][key] = result.to_json()

        self.update(apply)
        return result

    def toggle_bookmark(self, key: str, section: str) -> bool:
        """Add or remove a bookmark; True when the section is now bookmarked."""

        def change(state: BriefingState) -> None:
            if section in state.bookmarks:
                state.bookmarks.remove(section)
            else:
                state.bookmarks.append(section)

        return section in self.update_briefing(key, change).bookmarks

    def set_note(self, key: str, section: str, text: str) -> None:
        """Set a section's note; empty text removes it."""

        def change(state: BriefingState) -> None:
            if text.strip():
                state.notes[section] = text
            else:
                state.notes.pop(section, None)

        self.update_briefing(key, change)

    def remember(
        self, key: str, *, section: str | None, view: str | None = None, expanded: list[str] | None = None
    ) -> None:
        """Remember where the reader was."""

        def change(state: BriefingState) -> None:
            state.last_section = section
            if view is not None:
                state.view = view
            if expanded is not None:
                state.expanded = expanded

        self.update_briefing(key, change)

    def set_theme(self, theme: str) -> None:
        self.update(lambda data: data.__setitem__("theme", theme))


def _empty() -> dict[str, Any]:
    return {"version": STATE_VERSION, "briefings": {}}
