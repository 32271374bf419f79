"""What the reader keeps of one briefing between sessions, over :mod:`briefing.state`.

:class:`Memory` holds a copy of the briefing's state (bookmarks, notes, last
place, view, open branches) for the screen to read without touching the disk.
It reads through a :class:`~briefing.state.StateStore` in the reader's thread,
and hands every change to a :class:`~briefing.state_writer.StateWriter`, which
saves it in its own thread, in order, one record at a time (so what another
reader saved meanwhile is kept): a key never waits for the disk. :meth:`Memory.refresh`
catches up with what another reader saved; :meth:`Memory.settle` waits for
every change handed over (on quit). A briefing that has no file (one built in
memory) is remembered for the session only.

Nothing here imports Textual. A change stays listed as unsaved until the writer
says it is saved; one that could not be saved is marked, retried, and offered on
quit; it is never reported as saved (see ``unsaved_notes``). What a round of
saving did is told to ``listener`` (the reader's marks), in the reader's thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...model import Briefing
from ...state import BriefingState, StateStore, key_for
from ..views.outline import Branch

if TYPE_CHECKING:
    from ...state_writer import Change, Outcome, StateWriter, Then

UNSAVED = "!"
"""After a section's marks while its bookmark or note could not be saved (and waits to be)."""
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


@dataclass
class Saving:
    """What one round of saving came to."""

    saved: list[str] = field(default_factory=list)
    """Sections whose bookmark or note is saved now, as the reader left it."""
    failed: list[str] = field(default_factory=list)
    """Sections whose change waits still, as the round could not save everything."""
    changed: set[str] = field(default_factory=set)
    """Sections whose note the save changed here (merged with another reader's)."""
    recovered: bool = False
    """Everything that had failed is saved now, and nothing waits."""


Round = tuple[list[tuple[str, str, int, Any]], "OSError | None"]
"""What a round did in the writer: (kind, section, count, value) per record saved, and what stopped it."""


class Memory:
    """One briefing's kept state, read once; every change handed to the writer."""

    def __init__(self, store: StateStore | None, key: str | None, writer: StateWriter | None = None) -> None:
        self.store = store if key is not None else None
        """Reads, in the reader's thread."""
        self.key = key
        self.writer = writer if self.store is not None else None
        """Makes the changes, in a thread of its own; without one, they are made at once."""
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
        self.failed: set[str] = set()
        """Sections whose change could not be saved (marked, and tried again)."""
        self.failure: str | None = None
        """Why the last save failed, while something waits to be saved."""
        self.conflicts: list[str] = []
        """Sections whose note another reader changed meanwhile: both versions are in it."""
        self.listener: Callable[[Saving], None] | None = None
        """Told what each round of saving came to, in the reader's thread."""
        self._counts: dict[tuple[str, str], int] = {}
        self._count = 0
        self._saving = False
        self._again = False
        self._version = self.store.data_version() if self.store is not None else None

    @classmethod
    def of(
        cls, briefing: Briefing, store: StateStore | None = None, writer: StateWriter | None = None
    ) -> Memory:
        key = key_for(briefing)
        return cls(store or (StateStore() if key else None), key, writer)

    @property
    def persistent(self) -> bool:
        return self.store is not None

    # -- reading --------------------------------------------------------------------

    def is_bookmarked(self, section_id: str) -> bool:
        return section_id in self.bookmarks

    def note(self, section_id: str) -> str | None:
        return self.notes.get(section_id)

    def mark(self, section_id: str) -> str:
        """``★`` for a bookmark and ``✎`` for a note, as the tree shows them; ``!`` after
        them while a change to them could not be saved."""
        marks = ("★" if section_id in self.bookmarks else "") + ("✎" if section_id in self.notes else "")
        return marks + UNSAVED if section_id in self.failed else marks

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
    # A change is applied here at once (the screen shows it) and listed as unsaved
    # until a round of saving says it reached the disk. One round is with the writer
    # at a time, saving everything listed when it started; changes made meanwhile go
    # in the next round, right after. A change that cannot be saved stays listed (and
    # in ``failed``), and is tried again with the next change and on every
    # :meth:`refresh`; it is never announced as saved. Bookmarks are saved as what the
    # reader meant (on or off, as the reader saw it), notes with the text the editor
    # started from, so a change another reader made meanwhile is merged rather than undone.

    def toggle_bookmark(self, section_id: str) -> bool:
        """Add or remove a bookmark as the reader sees it; True when the section is now bookmarked.

        ``listener`` hears when it is saved, or could not be.
        """
        now = section_id not in self.bookmarks
        if now:
            self.bookmarks.append(section_id)
        else:
            self.bookmarks.remove(section_id)
        self.unsaved_bookmarks[section_id] = now
        self._counted("bookmark", section_id)
        self._save()
        return now

    def set_note(self, section_id: str, text: str, *, base: str | None = None) -> str | None:
        """Keep a section's note (blank text removes it), edited from ``base``; the text kept now.

        When another reader changed the note since ``base``, both versions are kept
        (see :data:`~briefing.state.CONFLICT`) once saved, and ``conflicts`` names the section.
        """
        if section_id in self.unsaved_notes:  # edited again before it was saved: same starting point
            base = self.unsaved_notes[section_id][1]
        self.unsaved_notes[section_id] = (text, base)
        self._counted("note", section_id)
        self._apply_note(section_id, text if text.strip() else None)
        self._save()
        return self.notes.get(section_id)

    def saved(self, section_id: str) -> bool:
        """False while a change to the section's bookmark or note waits to be saved."""
        return section_id not in self.unsaved_bookmarks and section_id not in self.unsaved_notes

    @property
    def has_unsaved(self) -> bool:
        return bool(self.unsaved_bookmarks or self.unsaved_notes)

    def _counted(self, kind: str, section_id: str) -> None:
        self._count += 1
        self._counts[(kind, section_id)] = self._count

    def _apply_note(self, section_id: str, text: str | None) -> None:
        if text is None:
            self.notes.pop(section_id, None)
        else:
            self.notes[section_id] = text

    def _save(self) -> None:
        """Hand what waits to the writer (or, while a round is with it, right after)."""
        if self.store is None or self.key is None:  # nothing to save to: kept for the session, as said
            kept = Saving(saved=[*self.unsaved_bookmarks, *self.unsaved_notes])
            self.unsaved_bookmarks.clear()
            self.unsaved_notes.clear()
            if self.listener is not None:
                self.listener(kept)
            return
        if self._saving:
            self._again = True
            return
        if not self.has_unsaved:
            return
        key, counts = self.key, self._counts
        bookmarks = [(s, on, counts[("bookmark", s)]) for s, on in self.unsaved_bookmarks.items()]
        notes = [(s, text, base, counts[("note", s)]) for s, (text, base) in self.unsaved_notes.items()]

        def save(store: StateStore) -> Round:
            done: list[tuple[str, str, int, Any]] = []
            try:
                for section_id, on, count in bookmarks:
                    store.set_bookmark(key, section_id, on)
                    done.append(("bookmark", section_id, count, on))
                for section_id, text, base, count in notes:
                    done.append(("note", section_id, count, store.set_note(key, section_id, text, base=base)))
            except OSError as err:
                return done, err
            return done, None

        self._saving, self._again = True, False
        self._submit(save, self._saved)

    def _saved(self, outcome: Outcome) -> None:
        """A round is over (in the reader's thread): what it saved is no longer listed."""
        self._saving = False
        self.warnings += outcome.warnings
        done, error = outcome.value if outcome.error is None else ([], outcome.error)
        saving = Saving()
        had_failed = bool(self.failed)
        for kind, section_id, count, value in done:
            current = self._counts.get((kind, section_id)) == count
            if kind == "bookmark":
                if current:
                    del self.unsaved_bookmarks[section_id]
            elif current:
                text, _ = self.unsaved_notes.pop(section_id)
                if value is not None and value != (text if text.strip() else None):
                    self.conflicts.append(section_id)
                    saving.changed.add(section_id)
                self._apply_note(section_id, value)
            elif section_id in self.unsaved_notes:  # edited again meanwhile: from what is saved now
                self.unsaved_notes[section_id] = (self.unsaved_notes[section_id][0], value)
            if self.saved(section_id):
                self.failed.discard(section_id)
                saving.saved.append(section_id)
        if error is None:
            self.failure = None
        else:
            self.failure = error.strerror or str(error)
            saving.failed = sorted({*self.unsaved_bookmarks, *self.unsaved_notes})
            self.failed.update(saving.failed)
        saving.recovered = had_failed and not self.failed and not self.has_unsaved
        if self._again:
            self._save()  # what changed meanwhile
        if self.listener is not None:
            self.listener(saving)

    def _submit(self, change: Change, then: Then) -> None:
        """Hand a change to the writer; without one, make it now (``then`` at once)."""
        if self.writer is not None:
            self.writer.submit(change, then)
            return
        from ...state_writer import make

        assert self.store is not None
        then(make(self.store, change))

    def settle(self) -> None:
        """Try once more what waits, and wait until the writer has made every change handed
        to it, its outcomes applied here (on quit: nothing is lost that could be saved)."""
        self._save()
        while self.writer is not None:
            self.writer.flush()
            self.writer.deliver()
            if not self._saving:  # else a round was handed over as the last one ended
                return

    def refresh(self) -> set[str]:
        """Catch up with what another reader saved, and retry what waits to be saved.

        Cheap when nothing changed (one number read). Returns the sections whose
        bookmark or note changed here.
        """
        if self.has_unsaved:
            self._save()
        if self.store is None or self.key is None:
            return set()
        version = self.store.data_version()
        if version == self._version:
            return set()
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
        changed = before_marks ^ set(self.bookmarks)
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
        key = self.key
        if self.store is not None and key is not None:
            kept = list(expanded)
            self.keep(lambda store: store.remember(key, section=section, view=view, expanded=kept),
                      "could not save the reading position")  # fmt: skip
        return True

    def keep(self, change: Change, failed: str, then: Callable[[Any], None] | None = None) -> None:
        """Hand a change of this briefing's state to the writer: what fails is a warning
        (``failed``, then why); ``then`` gets the value of one that succeeds."""

        def kept(outcome: Outcome) -> None:
            self.warnings += outcome.warnings
            if outcome.error is not None:
                self.warnings.append(f"{failed}: {outcome.error.strerror or outcome.error}")
            elif then is not None:
                then(outcome.value)

        if self.store is not None:
            self._submit(change, kept)

    def take_warnings(self) -> list[str]:
        """The warnings so far (each once)."""
        warnings, self.warnings = self.warnings, []
        return warnings

    def _take_warnings(self) -> None:
        if self.store is not None and self.store.warnings:
            self.warnings += self.store.warnings
            self.store.warnings.clear()
