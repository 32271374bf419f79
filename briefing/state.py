"""What a reader keeps between sessions: position, view, bookmarks, notes, theme.

One SQLite database, ``state.sqlite3``, in the user state directory
(``$BRIEFING_STATE_DIR`` overrides it), in WAL mode, one row per record: a
bookmark, a note, the place in a briefing, the theme. A change touches its own row
in one short transaction, so what a key costs does not grow with the state, and
two readers (or a reader and the command line) open at once each change only
what they meant to: every change is applied to what is on disk at that moment.

* A note saved from a stale copy (``base`` differs from what is on disk) keeps
  both versions, with :data:`CONFLICT` between them, for the user to merge.
* Read marks (what a section looked like when last read, see :mod:`briefing.seen`)
  are rows too, one per section, with the ids a briefing had when first opened.
* A ``state.json`` of earlier versions is migrated on first use, without loss, and
  kept as ``state.json.migrated``. :meth:`StateStore.read` gives the whole state
  in that same JSON shape, as ``briefing state --export`` prints it.
* A state file that cannot be used (not a database, a JSON file that is not
  UTF-8 or not JSON, a newer version) is moved aside with a warning, never
  dropped; a path that is not a regular file is never written (see
  :mod:`briefing.fileio`).
* Failures surface as :class:`StateError` (an ``OSError``) with a readable reason.

Bookmarks and notes refer to section ids and are kept when a section disappears:
they are listed as orphaned.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dirs import user_dir
from .fileio import target_of
from .paths import is_bundled
from .state_json import (
    JSON_NAME,
    READ_KEY,
    STATE_VERSION,
    empty,
    next_free,
    pack_ids,
    read_legacy,
    unpack_ids,
)

if TYPE_CHECKING:
    from .model import Briefing

__all__ = ["CONFLICT", "STATE_VERSION", "BriefingState", "StateError", "StateStore", "briefing_key"]

STATE_DIR_ENV = "BRIEFING_STATE_DIR"
DB_NAME = "state.sqlite3"
SCHEMA_VERSION = 1
FILE_NAME = DB_NAME
CONFLICT = "──── saved meanwhile by another reader; keep what you need, then delete this line ────"
"""The line between two versions of a note that two readers changed at once."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS place (
    briefing TEXT PRIMARY KEY, last_section TEXT, view TEXT, expanded TEXT
);
CREATE TABLE IF NOT EXISTS read_mark (
    id INTEGER PRIMARY KEY, briefing TEXT NOT NULL, section TEXT NOT NULL, mark TEXT NOT NULL,
    UNIQUE (briefing, section)
);
CREATE INDEX IF NOT EXISTS read_mark_order ON read_mark (briefing, id);
CREATE TABLE IF NOT EXISTS known (
    briefing TEXT NOT NULL, section TEXT NOT NULL, PRIMARY KEY (briefing, section)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bookmark (
    id INTEGER PRIMARY KEY, briefing TEXT NOT NULL, section TEXT NOT NULL, UNIQUE (briefing, section)
);
CREATE TABLE IF NOT EXISTS note (
    id INTEGER PRIMARY KEY, briefing TEXT NOT NULL, section TEXT NOT NULL, text TEXT NOT NULL,
    UNIQUE (briefing, section)
);
"""

_UNSET: Any = object()
_IS_BOOKMARKED = "SELECT 1 FROM bookmark WHERE briefing = ? AND section = ?"
_ADD_BOOKMARK = "INSERT OR IGNORE INTO bookmark (briefing, section) VALUES (?, ?)"
_REMOVE_BOOKMARK = "DELETE FROM bookmark WHERE briefing = ? AND section = ?"
_NOTE_TEXT = "SELECT text FROM note WHERE briefing = ? AND section = ?"
_KNOWN_MARK = ""
"""The row in ``known`` that says a briefing's ids were recorded (none may be)."""


def state_dir() -> Path:
    return user_dir("state", STATE_DIR_ENV)


def briefing_key(path: str | os.PathLike[str], briefing_id: str, bundled: bool) -> str:
    """The key a briefing's state is kept under: its id when bundled (the install
    path changes with every venv), else its absolute path (its links resolved, where
    they can be: a link loop keeps the path as given, made absolute)."""
    if bundled:
        return f"bundled:{briefing_id}"
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop, before Python 3.13
        pass
    try:
        return str(absolute.parent.resolve() / absolute.name)  # the folders' links resolved still
    except (OSError, RuntimeError):
        return str(absolute)


def key_for(briefing: Briefing) -> str | None:
    """The state key of a loaded briefing; None for one that has no file (built in memory)."""
    if not briefing.path:
        return None
    return briefing_key(briefing.path, briefing.id, bundled=is_bundled(briefing.path))


def conflicted(mine: str, theirs: str) -> str:
    """Both versions of a note, mine first, with :data:`CONFLICT` between them."""
    return f"{mine.rstrip()}\n\n{CONFLICT}\n\n{theirs.rstrip()}"


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


class StateError(OSError):
    """The state cannot be read or written; ``strerror`` says why in words."""

    def __init__(self, why: str) -> None:
        super().__init__(None, why)


class StateStore:
    """The state database. Each change is one short transaction on the rows it touches.

    ``rows_read`` and ``rows_written`` count the records this store has read and
    changed, and ``steps`` the SQLite VM steps it has run, in units of
    ``step`` (100 unless told): what a change costs, in numbers that do not depend
    on the machine's speed.
    """

    def __init__(self, directory: Path | None = None, *, step: int = 100) -> None:
        self.step = step
        self.directory = directory or state_dir()
        self.path = self.directory / DB_NAME
        self.legacy_path = self.directory / JSON_NAME
        self.warnings: list[str] = []
        self.rows_read = 0
        self.rows_written = 0
        self.steps = 0
        self._db: sqlite3.Connection | None = None
        self._opened: tuple[int, int] | None = None
        """The device and inode of the file the connection has open."""
        self._lock = threading.RLock()
        self._legacy: tuple[tuple[int, int, int, int], sqlite3.Connection] | None = None
        """A ``state.json`` read into memory while the database cannot be opened (its stat)."""
        self._legacy_copies = 0
        """How many times a ``state.json`` has been read into memory (a new copy is a new version)."""

    # -- the connection --------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
            self._drop_copy()

    def _drop_copy(self) -> None:
        """Close the in-memory copy of a ``state.json``, if there is one."""
        if self._legacy is not None:
            self._legacy[1].close()
            self._legacy = None

    def _open(self, *, create: bool) -> sqlite3.Connection | None:
        """The connection; None when nothing is kept yet and ``create`` is false.

        A connection whose file is no longer at the path (removed, or replaced by
        something else) is closed and the path opened anew: a change is never made
        in a file no one will open again, and so never called saved when it is lost."""
        if self._db is not None:
            if self._identity() == self._opened:
                return self._db
            self.close()
        if not create and not os.path.lexists(self.path) and not os.path.lexists(self.legacy_path):
            return None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            why = err.strerror or str(err)
            raise StateError(f"cannot make the state directory {self.directory}: {why}") from None
        target_of(self.path)  # a directory, FIFO or device is never opened as the state
        db = self._connect()
        self._db = db
        self._opened = self._identity()
        try:
            self._migrate(db)
        except BaseException:  # not migrated (locked, disk full): the next use tries again
            db.close()
            self._db = self._opened = None
            raise
        return db

    def _identity(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        return found.st_dev, found.st_ino

    def _connect(self) -> sqlite3.Connection:
        for attempt in range(2):
            try:
                db = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
            except sqlite3.Error as err:
                raise StateError(_why(err)) from None
            db.set_progress_handler(self._step, self.step)
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    db.close()
                    self._set_aside(f"is version {version}; this reader writes version {SCHEMA_VERSION}")
                    continue
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")
                if version < SCHEMA_VERSION:
                    with _transaction(db):
                        _create_tables(db)
                        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                return db
            except sqlite3.DatabaseError as err:
                db.close()
                if attempt or not _not_a_database(err):
                    raise StateError(_why(err)) from None
                self._set_aside(f"is not a state database ({err})")
            except BaseException:
                db.close()
                raise
        raise StateError(f"cannot open {self.path}")

    def _set_aside(self, why: str) -> None:
        from .state_json import set_aside

        for suffix in ("-wal", "-shm"):
            companion = self.path.with_name(self.path.name + suffix)
            if os.path.lexists(companion):
                with contextlib.suppress(OSError):
                    os.replace(companion, next_free(companion, ".bad", ""))
        set_aside(self.path, why, self.warnings)

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Bring in a ``state.json`` of earlier versions, merged record by record, and
        keep the old file as ``state.json.migrated``."""
        if not os.path.lexists(self.legacy_path):
            return
        data = read_legacy(self.legacy_path, self.warnings)
        if data is None:
            return
        with self._writing() as write:
            _bring_in(write, data)
        if os.path.lexists(self.legacy_path):
            try:
                os.replace(self.legacy_path, next_free(self.legacy_path, ".migrated", ""))
            except OSError as err:
                why = err.strerror or str(err)
                self.warnings.append(f"migrated {self.legacy_path}, but cannot rename it: {why}")

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (taken at once, so no other writer slips in between)."""
        with self._lock:
            try:
                db = self._open(create=True)
            except sqlite3.Error as err:
                raise StateError(_why(err)) from None
            assert db is not None
            before = db.total_changes
            try:
                with _transaction(db):
                    yield db
            except sqlite3.Error as err:
                raise StateError(_why(err)) from None
            finally:
                self.rows_written += db.total_changes - before

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        with self._lock:
            try:
                db = self._open(create=False)
                if db is not None:  # migrated now, if a copy stood in: it is done with
                    self._drop_copy()
            except (OSError, sqlite3.Error) as err:
                why = _why(err) if isinstance(err, sqlite3.Error) else err.strerror or str(err)
                # Only while there is no database yet: one that exists is never hidden behind
                # an older state.json.
                db = None if os.path.lexists(self.path) else self._legacy_copy(why)
                if db is None:
                    self.warnings.append(f"cannot read the saved state: {why}")
            try:
                yield db
            except sqlite3.Error as err:
                self.warnings.append(f"cannot read the saved state: {_why(err)}")

    def _legacy_copy(self, why: str) -> sqlite3.Connection | None:
        """The state of a ``state.json`` of earlier versions, read into memory, while the
        database cannot be made to migrate it into (a read-only state folder, say): what was
        kept still shows. Nothing is written to the copy; a change fails as it would
        without it, and the file is migrated once the database can be made. The copy is
        read again when the file changes; :meth:`data_version` says so."""
        try:
            found = os.stat(self.legacy_path)
        except OSError:
            return None
        stamp = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)
        if self._legacy is not None and self._legacy[0] == stamp:
            return self._legacy[1]
        data = read_legacy(self.legacy_path, self.warnings)
        if data is None:
            return None
        copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        copy.set_progress_handler(self._step, self.step)
        with _transaction(copy):
            _create_tables(copy)
            _bring_in(copy, data)
        self._drop_copy()
        self._legacy = (stamp, copy)
        self._legacy_copies += 1
        if self._legacy_copies == 1:
            self.warnings.append(
                f"cannot open the saved state ({why}); showing what {self.legacy_path} holds, "
                "read-only, until it can be opened"
            )
        return copy

    def _step(self) -> int:
        self.steps += 1
        return 0

    def _rows(self, db: sqlite3.Connection, sql: str, *params: object) -> list[Any]:
        rows = db.execute(sql, params).fetchall()
        self.rows_read += len(rows)
        return rows

    # -- reading -----------------------------------------------------------------

    def briefing(self, key: str) -> BriefingState:
        """One briefing's state: its rows only."""
        state = BriefingState()
        with self._reading() as db:
            if db is None:
                return state
            for last, view, expanded in self._rows(db, "SELECT last_section, view, expanded FROM place "
                                                   "WHERE briefing = ?", key):  # fmt: skip
                state.last_section, state.view = last, view
                state.expanded = _strings(json.loads(expanded)) if expanded else []
            marks = self._rows(db, "SELECT section FROM bookmark WHERE briefing = ? ORDER BY id", key)
            state.bookmarks = [section for (section,) in marks]
            notes = self._rows(db, "SELECT section, text FROM note WHERE briefing = ? ORDER BY id", key)
            state.notes = dict(notes)
        return state

    def bookmarked(self, key: str, section: str) -> bool:
        with self._reading() as db:
            if db is None:
                return False
            return bool(self._rows(db, _IS_BOOKMARKED, key, section))
        return False

    def note(self, key: str, section: str) -> str | None:
        with self._reading() as db:
            if db is None:
                return None
            rows = self._rows(db, _NOTE_TEXT, key, section)
            return rows[0][0] if rows else None
        return None

    def theme(self) -> str | None:
        with self._reading() as db:
            if db is None:
                return None
            rows = self._rows(db, "SELECT value FROM meta WHERE name = 'theme'")
            return rows[0][0] if rows else None
        return None

    def read(self) -> dict[str, Any]:
        """The whole state in the JSON shape of version 1 (what ``briefing state --export`` prints)."""
        data = empty()
        with self._reading() as db:
            if db is None:
                return data
            briefings: dict[str, BriefingState] = {}
            for key, last, view, expanded in self._rows(db, "SELECT * FROM place ORDER BY briefing"):
                briefings[key] = BriefingState(last, view, _strings(json.loads(expanded)) if expanded else [])
            for key, section in self._rows(db, "SELECT briefing, section FROM bookmark ORDER BY id"):
                briefings.setdefault(key, BriefingState()).bookmarks.append(section)
            for key, section, text in self._rows(db, "SELECT briefing, section, text FROM note ORDER BY id"):
                briefings.setdefault(key, BriefingState()).notes[section] = text
            data["briefings"] = {key: state.to_json() for key, state in briefings.items()}
            theme = self._rows(db, "SELECT value FROM meta WHERE name = 'theme'")
            if theme:
                data["theme"] = theme[0][0]
            read: dict[str, dict[str, Any]] = {}
            marks = self._rows(db, "SELECT briefing, section, mark FROM read_mark ORDER BY id")
            for key, section, mark in marks:
                try:
                    read.setdefault(key, {"sections": {}})["sections"][section] = json.loads(mark)
                except (TypeError, ValueError):
                    continue  # a damaged row is left out, as reading does
            known: dict[str, set[str]] = {}
            for key, section in self._rows(db, "SELECT briefing, section FROM known"):
                known.setdefault(key, set()).add(section)
            for key, ids in known.items():
                read.setdefault(key, {"sections": {}})["known"] = pack_ids(ids - {_KNOWN_MARK})
            if read:
                data[READ_KEY] = read
        return data

    def read_marks(self, key: str, *, copies: bool = True) -> tuple[dict[str, Any], frozenset[str] | None]:
        """A briefing's read marks (oldest first, as stored) and the ids it is known to
        have had (None when it was never open). Without ``copies``, the marks come without
        their copy of the text (SQLite leaves it out; far less to decode at start)."""
        with self._reading() as db:
            if db is None:
                return {}, None
            rows = None
            if not copies:
                with contextlib.suppress(sqlite3.Error):  # no JSON functions, or a damaged row
                    rows = self._rows(db, "SELECT section, json_remove(mark, '$.copy') FROM read_mark "
                                      "WHERE briefing = ? ORDER BY id", key)  # fmt: skip
            if rows is None:
                query = "SELECT section, mark FROM read_mark WHERE briefing = ? ORDER BY id"
                rows = self._rows(db, query, key)
            marks = {}
            for section, mark in rows:
                try:
                    marks[section] = json.loads(mark)
                except (TypeError, ValueError):
                    continue  # a damaged row is as if absent (see SECURITY.md)
            known = self._rows(db, "SELECT section FROM known WHERE briefing = ?", key)
            ids = {section for (section,) in known}
            return marks, (frozenset(ids - {_KNOWN_MARK}) if ids else None)
        return {}, None

    def read_mark(self, key: str, section: str) -> dict[str, Any] | None:
        """One section's read mark, copy and all; None when there is none (or it is damaged)."""
        with self._reading() as db:
            if db is None:
                return None
            query = "SELECT mark FROM read_mark WHERE briefing = ? AND section = ?"
            rows = self._rows(db, query, key, section)
            try:
                mark = json.loads(rows[0][0]) if rows else None
            except (TypeError, ValueError):
                return None
            return mark if isinstance(mark, dict) else None
        return None

    def data_version(self) -> int | None:
        """A number that changes when another connection (another reader) commits a change;
        cheap enough to poll. None while nothing is kept."""
        with self._reading() as db:
            if db is None:
                return None
            if self._legacy is not None and db is self._legacy[1]:
                return -self._legacy_copies  # each copy its own version, never a database's
            return int(db.execute("PRAGMA data_version").fetchone()[0])
        return None

    # -- changing ----------------------------------------------------------------

    def set_bookmark(self, key: str, section: str, on: bool) -> bool:
        """Bookmark a section, or remove its bookmark, whatever another reader did; returns ``on``."""
        with self._writing() as db:
            if on:
                db.execute(_ADD_BOOKMARK, (key, section))
            else:
                db.execute(_REMOVE_BOOKMARK, (key, section))
        return on

    def toggle_bookmark(self, key: str, section: str) -> bool:
        """Add or remove a bookmark as it is on disk now; True when the section is now bookmarked."""
        with self._writing() as db:
            now = not self._rows(db, _IS_BOOKMARKED, key, section)
            if now:
                db.execute(_ADD_BOOKMARK, (key, section))
            else:
                db.execute(_REMOVE_BOOKMARK, (key, section))
        return now

    def set_note(self, key: str, section: str, text: str, *, base: str | None = _UNSET) -> str | None:
        """Keep a section's note (blank text removes it); return what is kept now.

        ``base`` is the note as the caller last saw it. When another reader changed
        the note since, neither change is dropped: both versions are kept, with
        :data:`CONFLICT` between them (a removal gives way to the other's edit).
        """
        with self._writing() as db:
            rows = self._rows(db, _NOTE_TEXT, key, section)
            current: str | None = rows[0][0] if rows else None
            kept: str | None = text if text.strip() else None
            if base is not _UNSET and current not in (base, kept) and current is not None:
                kept = current if kept is None else conflicted(kept, current)
            if kept == current:
                return kept
            if kept is None:
                db.execute("DELETE FROM note WHERE briefing = ? AND section = ?", (key, section))
            else:
                _put_note(db, key, section, kept)
        return kept

    def remember(
        self, key: str, *, section: str | None, view: str | None = None, expanded: list[str] | None = None
    ) -> None:
        """Remember where the reader was (``view`` and ``expanded`` stay as they were when None)."""
        with self._writing() as db:
            db.execute(
                "INSERT INTO place VALUES (?, ?, ?, ?) ON CONFLICT (briefing) DO UPDATE SET "
                "last_section = excluded.last_section, view = coalesce(excluded.view, view), "
                "expanded = coalesce(excluded.expanded, expanded)",
                (key, section, view, None if expanded is None else json.dumps(expanded)),
            )

    def put_read_mark(self, key: str, section: str, mark: dict[str, Any], *, most: int, copies: int) -> None:
        """Keep ``mark`` as the newest read mark of ``section``: at most ``most`` marks per
        briefing (the oldest go), and only the newest ``copies`` keep their ``copy``."""
        with self._writing() as db:
            db.execute("DELETE FROM read_mark WHERE briefing = ? AND section = ?", (key, section))
            db.execute("INSERT INTO read_mark (briefing, section, mark) VALUES (?, ?, ?)",
                       (key, section, json.dumps(mark, ensure_ascii=False)))  # fmt: skip
            past = "SELECT id FROM read_mark WHERE briefing = ? ORDER BY id DESC LIMIT 1 OFFSET ?"
            db.execute(f"DELETE FROM read_mark WHERE briefing = ? AND id <= ({past})", (key, key, most))
            fallen = self._rows(db, f"SELECT id, mark FROM read_mark WHERE id = ({past})", key, copies)
            for row_id, old in fallen:
                kept = json.loads(old)
                if isinstance(kept, dict) and "copy" in kept:
                    kept.pop("copy")
                    db.execute("UPDATE read_mark SET mark = ? WHERE id = ?", (json.dumps(kept), row_id))
            if self._rows(db, "SELECT 1 FROM known WHERE briefing = ? AND section = ?", key, _KNOWN_MARK):
                db.execute("INSERT OR IGNORE INTO known VALUES (?, ?)", (key, section))

    def set_known(self, key: str, ids: set[str] | frozenset[str]) -> None:
        """The ids of a briefing seen open for the first time (kept only the first time)."""
        with self._writing() as db:
            if not self._rows(db, "SELECT 1 FROM known WHERE briefing = ? AND section = ?", key, _KNOWN_MARK):
                db.executemany("INSERT OR IGNORE INTO known VALUES (?, ?)",
                               [(key, section) for section in (_KNOWN_MARK, *ids)])  # fmt: skip

    def set_theme(self, theme: str) -> None:
        with self._writing() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('theme', ?)", (theme,))


def _create_tables(db: sqlite3.Connection) -> None:
    for statement in _SCHEMA.split(";"):
        db.execute(statement)


def _bring_in(write: sqlite3.Connection, data: dict[str, Any]) -> None:
    """Merge a version-1 JSON state into the database, record by record: what the database
    holds already wins, and a note that differs keeps both versions."""
    theme = data.get("theme")
    if isinstance(theme, str) and _one(write, "SELECT value FROM meta WHERE name = 'theme'") is None:
        write.execute("INSERT INTO meta VALUES ('theme', ?)", (theme,))
    for key, raw in data["briefings"].items():
        if not isinstance(key, str):
            continue
        state = BriefingState.from_json(raw)
        write.execute(
            "INSERT OR IGNORE INTO place VALUES (?, ?, ?, ?)",
            (key, state.last_section, state.view, json.dumps(state.expanded)),
        )
        for section in state.bookmarks:
            write.execute(_ADD_BOOKMARK, (key, section))
        for section, text in state.notes.items():
            kept = _one(write, _NOTE_TEXT, key, section)
            if kept is None:
                _put_note(write, key, section, text)
            elif kept != text and text not in kept:
                _put_note(write, key, section, conflicted(kept, text))
    _bring_in_read_marks(write, data.get(READ_KEY))


def _bring_in_read_marks(db: sqlite3.Connection, read: Any) -> None:
    if not isinstance(read, dict):
        return
    for key, entry in read.items():
        if not isinstance(key, str) or not isinstance(entry, dict):
            continue
        sections = entry.get("sections")
        for section, mark in (sections.items() if isinstance(sections, dict) else ()):
            if isinstance(section, str) and isinstance(mark, dict):
                db.execute("INSERT OR IGNORE INTO read_mark (briefing, section, mark) VALUES (?, ?, ?)",
                           (key, section, json.dumps(mark, ensure_ascii=False)))  # fmt: skip
        known = unpack_ids(entry.get("known"))
        if known is not None:
            db.executemany("INSERT OR IGNORE INTO known VALUES (?, ?)",
                           [(key, section) for section in (_KNOWN_MARK, *known)])  # fmt: skip


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    if db.in_transaction:  # nested: the outer one commits
        yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise


def _put_note(db: sqlite3.Connection, key: str, section: str, text: str) -> None:
    db.execute(
        "INSERT INTO note (briefing, section, text) VALUES (?, ?, ?) "
        "ON CONFLICT (briefing, section) DO UPDATE SET text = excluded.text",
        (key, section, text),
    )


def _one(db: sqlite3.Connection, sql: str, *params: object) -> Any:
    row = db.execute(sql, params).fetchone()
    return None if row is None else row[0]


def _not_a_database(err: sqlite3.DatabaseError) -> bool:
    return "not a database" in str(err) or "malformed" in str(err)


def _why(err: sqlite3.Error) -> str:
    """SQLite's message in a reader's words."""
    text = str(err)
    known = {
        "database or disk is full": "the disk is full",
        "attempt to write a readonly database": "the state file is read-only",
        "unable to open database file": "the state file cannot be opened",
        "database is locked": "another program holds the state locked",
        "disk I/O error": "a disk error",
    }
    return next((words for message, words in known.items() if message in text), text)
