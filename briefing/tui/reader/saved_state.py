"""What the reader keeps of one briefing between sessions, over :mod:`briefing.state`.

:class:`Memory` holds a copy of the briefing's state (bookmarks, notes, last
place, view, open branches) for the screen to read without touching the disk,
and writes every change through the :class:`~briefing.state.StateStore`, one
record at a time, so what another reader saved meanwhile is kept; :meth:`Memory.refresh`
catches up with it. A briefing that has no file (one built in memory) is
remembered for the session only.

Nothing here imports Textual. A change that cannot be saved is held here, marked
unsaved, and retried; it is never reported as saved (see ``unsaved_notes``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ...model import Briefing
from ...state import BriefingState, StateStore, key_for
from ..views.outline import Branch

UNSAVED = "!"
"""After a section's marks while its bookmark or note waits to be saved."""
EXPANDED_MARK = ""
"""The key that says a view's open branches were saved (so none open is kept too)."""


def branch_key(view: str, branch: Branch) -> str:
    """A branch's key in ``expanded``: the view, then the ids from the top, e.g. ``article:alpha/home``.

    Group ids repeat under each article, so the path, not the id alone, names a node.
    """
    ids: list[str] = []
    node: Branch | None = branch
    while node is not None:
        ids.append(node.id)
        node = node.parent
    return f"{view}:{'/'.join(reversed(ids))}"


def view_mark(view: str) -> str:
    return f"{view}:{EXPANDED_MARK}"


class Memory:
    """One briefing's kept state, read once, written on every change."""

    def __init__(self, store: StateStore | None, key: str | None) -> None:
        self.store = store if key is not None else None
        self.key = key
        self.warnings: list[str] = []
        state = BriefingState()
        if self.store is not None and key is not None:
            state = self.store.briefing(key)
            self._take_warnings()
        self.last_section = state.last_section
        self.view = state.view
        self.expanded = list(state.expanded)
        self.bookmarks: list[str] = list(state.bookmarks)
        self.notes: dict[str, str] = dict(state.notes)
        self._saved_place = (state.last_section, state.view, tuple(state.expanded))
        self.unsaved_bookmarks: dict[str, bool] = {}
        """Bookmarks set (True) or removed (False) here that are not saved yet."""
        self.unsaved_notes: dict[str, tuple[str, str | None]] = {}
        """Notes (text, and the text the edit started from) that are not saved yet."""
        self.failure: str | None = None
        """Why the last save failed, while something waits to be saved."""
        self.conflicts: list[str] = []
        """Sections whose note another reader changed meanwhile: both versions are in it."""
        self._version = self.store.data_version() if self.store is not None else None

    @classmethod
    def of(cls, briefing: Briefing, store: StateStore | None = None) -> Memory:
        key = key_for(briefing)
        return cls(store or (StateStore() if key else None), key)

    @property
    def persistent(self) -> bool:
        return self.store is not None

    # -- reading --------------------------------------------------------------------

    def is_bookmarked(self, section_id: str) -> bool:
        return section_id in self.bookmarks

    def note(self, section_id: str) -> str | None:
        return self.notes.get(section_id)

    def mark(self, section_id: str) -> str:
        """``★`` for a bookmark and ``✎`` for a note, as the tree shows them."""
        marks = ("★" if section_id in self.bookmarks else "") + ("✎" if section_id in self.notes else "")
        return marks if self.saved(section_id) else marks + UNSAVED

    def expanded_in(self, view: str) -> set[str] | None:
        """The saved open branches of a view, or None when the view's were never saved."""
        keys = set(self.expanded)
        if view_mark(view) not in keys:
            return None
        return {k for k in keys if k.startswith(f"{view}:")}

    def orphans(self, section_ids: Iterable[str]) -> tuple[list[str], dict[str, str]]:
        """Bookmarks and notes whose section is not in the briefing (kept, never dropped)."""
        present = set(section_ids)
        return (
            [b for b in self.bookmarks if b not in present],
            {k: v for k, v in self.notes.items() if k not in present},
        )

    # -- changing -------------------------------------------------------------------
    #
    # A change is applied here at once (the screen shows it) and then saved. One that
    # cannot be saved stays here, listed in ``unsaved_bookmarks`` / ``unsaved_notes``,
    # and is tried again with the next change and on every :meth:`refresh`; it is never
    # announced as saved. Bookmarks are saved as what the reader meant (on or off, as
    # the reader saw it), notes with the text the editor started from, so a change
    # another reader made meanwhile is merged rather than undone.

    def toggle_bookmark(self, section_id: str) -> bool:
        """Add or remove a bookmark as the reader sees it; True when the section is now bookmarked.

        ``saved(section_id)`` says afterwards whether it reached the disk.
        """
        now = section_id not in self.bookmarks
        if now:
            self.bookmarks.append(section_id)
        else:
            self.bookmarks.remove(section_id)
        self.unsaved_bookmarks[section_id] = now
        self._save()
        return now

    def set_note(self, section_id: str, text: str, *, base: str | None = None) -> str | None:
        """Keep a section's note (blank text removes it), edited from ``base``; the text kept now.

        When another reader changed the note since ``base``, both versions are kept
        (see :data:`~briefing.state.CONFLICT`) and ``conflicts`` names the section.
        """
        if section_id in self.unsaved_notes:  # edited again before it could be saved: same starting point
            base = self.unsaved_notes[section_id][1]
        self.unsaved_notes[section_id] = (text, base)
        self._apply_note(section_id, text if text.strip() else None)
        self._save()
        return self.notes.get(section_id)

    def saved(self, section_id: str) -> bool:
        """False while a change to the section's bookmark or note waits to be saved."""
        return section_id not in self.unsaved_bookmarks and section_id not in self.unsaved_notes

    @property
    def has_unsaved(self) -> bool:
        return bool(self.unsaved_bookmarks or self.unsaved_notes)

    def _apply_note(self, section_id: str, text: str | None) -> None:
        if text is None:
            self.notes.pop(section_id, None)
        else:
            self.notes[section_id] = text

    def _save(self) -> list[str]:
        """Save what waits; the sections saved now (their marks may change)."""
        if self.store is None or self.key is None:
            self.unsaved_bookmarks.clear()  # nothing to save to: kept for the session, as said
            self.unsaved_notes.clear()
            return []
        done: list[str] = []
        try:
            for section_id, on in list(self.unsaved_bookmarks.items()):
                self.store.set_bookmark(self.key, section_id, on)
                del self.unsaved_bookmarks[section_id]
                done.append(section_id)
            for section_id, (text, base) in list(self.unsaved_notes.items()):
                kept = self.store.set_note(self.key, section_id, text, base=base)
                del self.unsaved_notes[section_id]
                if kept is not None and kept != (text if text.strip() else None):
                    self.conflicts.append(section_id)
                self._apply_note(section_id, kept)
                done.append(section_id)
            self.failure = None
        except OSError as err:
            self.failure = err.strerror or str(err)
        self._take_warnings()
        return done

    def refresh(self) -> set[str]:
        """Catch up with what another reader saved, and retry what waits to be saved.

        Cheap when nothing changed (one number read). Returns the sections whose
        bookmark or note changed here.
        """
        changed = set(self._save()) if self.has_unsaved else set()
        if self.store is None or self.key is None:
            return changed
        version = self.store.data_version()
        if version == self._version:
            return changed
        self._version = version
        state = self.store.briefing(self.key)
        self._take_warnings()
        before_marks, before_notes = set(self.bookmarks), dict(self.notes)
        self.bookmarks = list(state.bookmarks)
        self.notes = dict(state.notes)
        for section_id, on in self.unsaved_bookmarks.items():  # what waits stays as the reader left it
            if on and section_id not in self.bookmarks:
                self.bookmarks.append(section_id)
            elif not on and section_id in self.bookmarks:
                self.bookmarks.remove(section_id)
        for section_id, (text, _) in self.unsaved_notes.items():
            self._apply_note(section_id, text if text.strip() else None)
        changed |= before_marks ^ set(self.bookmarks)
        notes = before_notes.keys() | self.notes.keys()
        changed |= {k for k in notes if before_notes.get(k) != self.notes.get(k)}
        return changed

    def unsaved_markdown(self, title: str, section_title: Callable[[str], str]) -> str:
        """The notes (and bookmarks) that could not be saved, as a Markdown file to keep them in."""
        from ...markdown import escape

        lines = [f"# Unsaved notes: {escape(title)}", ""]
        for section_id, (text, _) in self.unsaved_notes.items():
            lines += [f"## {escape(section_title(section_id))}", "", f"Section `{section_id}`", ""]
            lines += [text.strip() or "*(the note was removed)*", ""]
        marked = [s for s, on in self.unsaved_bookmarks.items() if on]
        if marked:
            lines += ["## Bookmarks", ""] + [f"- {escape(section_title(s))} (`{s}`)" for s in marked] + [""]
        return "\n".join(lines)

    def remember(self, section: str | None, view: str, expanded: list[str]) -> bool:
        """Save where the reader is; False (and no write) when nothing changed."""
        place = (section, view, tuple(expanded))
        if place == self._saved_place:
            return False
        self.last_section, self.view, self.expanded = section, view, list(expanded)
        self._saved_place = place
        if self.store is not None and self.key is not None:
            try:
                self.store.remember(self.key, section=section, view=view, expanded=list(expanded))
            except OSError as err:
                self.warnings.append(f"could not save the reading position: {err.strerror or err}")
            self._take_warnings()
        return True

    def take_warnings(self) -> list[str]:
        """The warnings so far (each once)."""
        warnings, self.warnings = self.warnings, []
        return warnings

    def _take_warnings(self) -> None:
        if self.store is not None and self.store.warnings:
            self.warnings += self.store.warnings
            self.store.warnings.clear()
