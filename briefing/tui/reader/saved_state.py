"""What the reader keeps of one briefing between sessions, over :mod:`briefing.state`.

:class:`Memory` holds a copy of the briefing's state (bookmarks, notes, last
place, view, open branches) for the screen to read without touching the disk,
and writes every change through the :class:`~briefing.state.StateStore`, whose
locked read-modify-write keeps what another reader wrote meanwhile. A briefing
that has no file (one built in memory) is remembered for the session only.

Nothing here imports Textual. A write that fails is reported in ``warnings``
(the reader shows them) and never stops the reader.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...model import Briefing
from ...state import BriefingState, StateStore, key_for
from ..views.outline import Branch

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
        return ("★" if section_id in self.bookmarks else "") + ("✎" if section_id in self.notes else "")

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

    def toggle_bookmark(self, section_id: str) -> bool:
        """Add or remove a bookmark; True when the section is now bookmarked."""
        now = section_id not in self.bookmarks
        if self.store is not None and self.key is not None:
            try:
                now = self.store.toggle_bookmark(self.key, section_id)
            except OSError as err:
                self.warnings.append(f"could not save the bookmark: {err.strerror or err}")
            self._take_warnings()
        if now and section_id not in self.bookmarks:
            self.bookmarks.append(section_id)
        elif not now and section_id in self.bookmarks:
            self.bookmarks.remove(section_id)
        return now

    def set_note(self, section_id: str, text: str) -> None:
        """Keep a section's note; blank text removes it."""
        if self.store is not None and self.key is not None:
            try:
                self.store.set_note(self.key, section_id, text)
            except OSError as err:
                self.warnings.append(f"could not save the note: {err.strerror or err}")
            self._take_warnings()
        if text.strip():
            self.notes[section_id] = text
        else:
            self.notes.pop(section_id, None)

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
