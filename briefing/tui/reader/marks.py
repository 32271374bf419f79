"""The reader's marks on sections: bookmarks (``b``, listed by ``B``) and notes (``a``).

Both are kept through :class:`~briefing.tui.reader.saved_state.Memory` and marked
in the trees (``★``, ``✎``) at once; a note shows on top of the Sources pane, and
goes into exports while "notes in exports" (``N``) is on. What was done is said
once the state writer has saved it, or could not (``!`` then marks the section).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol, TypeVar

from textual.notifications import SeverityLevel
from textual.screen import Screen

from ...model import Briefing, Section
from ..views.notes import with_note
from ..views.render import PaneViews
from ..widgets.tree import SectionTree
from .saved_state import Memory, Saving

T = TypeVar("T")

WATCH = 0.5
"""Seconds between looks at the saved state: another reader's marks show within a second."""


class MarksOwner(Protocol):
    """What :class:`Marks` uses of the screen that owns it."""

    briefing: Briefing

    @property
    def trees(self) -> Mapping[str, SectionTree]:
        """The trees built so far, by view."""
        ...

    @property
    def section(self) -> Section | None: ...

    def section_or_warn(self) -> Section | None: ...

    def open_screen(self, screen: Screen[T], then: Callable[[T | None], None]) -> None: ...

    def visit(self, section_id: str, *, record: bool) -> bool: ...

    def redraw(self, section: Section) -> None: ...

    def notify(
        self,
        message: str,
        *,
        title: str = ...,
        severity: SeverityLevel = ...,
        timeout: float | None = ...,
        markup: bool = ...,
    ) -> None: ...

    def report_warnings(self) -> None: ...


class Marks:
    """Bookmarks and notes on the sections of one briefing."""

    def __init__(self, owner: MarksOwner, memory: Memory) -> None:
        self.owner = owner
        self.memory = memory
        self.notes_in_exports = False
        self._to_say: dict[str, list[Callable[[bool], None]]] = {}
        """What to say of each section's changes once saved (True) or found unsaved (False)."""
        memory.listener = self.saved

    def note(self, section_id: str) -> str | None:
        return self.memory.note(section_id)

    def with_note(self, views: PaneViews, section: Section) -> PaneViews:
        """A section's views with its note on top of the Sources pane."""
        return with_note(views, self.memory.note(section.id))

    def for_export(self, section: Section) -> str | None:
        """The note that goes into a section's Markdown: its note, while notes in exports is on."""
        return self.memory.note(section.id) if self.notes_in_exports else None

    def _refresh(self, section_id: str) -> None:
        for tree in self.owner.trees.values():
            tree.refresh_marks(section_id)

    def toggle_bookmark(self) -> None:
        """``b``: bookmark the section on show, or remove its bookmark."""
        owner = self.owner
        section = owner.section_or_warn()
        if section is None:
            return
        now = not self.memory.is_bookmarked(section.id)
        done = f"Bookmarked “{section.title}”" if now else f"Removed the bookmark on “{section.title}”"

        def say(saved: bool) -> None:
            # ``saved`` is the section's (its note may wait still): the bookmark may be saved anyway.
            if saved or section.id not in self.memory.unsaved_bookmarks:
                owner.notify(done, title="Bookmarks", timeout=3, markup=False)
            else:
                self._not_saved(done, "bookmark")

        self._to_say.setdefault(section.id, []).append(say)  # before: a memory with no file saves at once
        self.memory.toggle_bookmark(section.id)
        self._refresh(section.id)
        owner.report_warnings()

    def show_list(self) -> None:
        """``B``: the bookmarks and notes; the one chosen is visited."""
        from ..screens.bookmarks import BookmarksScreen

        owner = self.owner
        screen = BookmarksScreen(owner.briefing, self.memory)

        def closed(section_id: str | None) -> None:
            for removed in screen.removed:
                self._refresh(removed)
            owner.report_warnings()
            if section_id is not None:
                owner.visit(section_id, record=True)

        owner.open_screen(screen, closed)

    def edit_note(self) -> None:
        """``a``: write, change or (emptied) remove the note on the section on show."""
        owner = self.owner
        section = owner.section_or_warn()
        if section is None:
            return
        base = self.memory.note(section.id)  # what the edit starts from: another reader's change is merged
        original = base or ""

        def closed(text: str | None) -> None:
            if text is None or text == original:
                return
            done = f"{'Removed' if not text.strip() else 'Saved'} the note on “{section.title}”"

            def say(saved: bool) -> None:
                if section.id in self.memory.conflicts:
                    self.memory.conflicts.remove(section.id)
                    owner.notify(
                        f"Another reader changed the note on “{section.title}” meanwhile: both versions are "
                        "in it now, with a line between them. Press a to keep what you need.",
                        title="Notes",
                        severity="warning",
                        timeout=15,
                        markup=False,
                    )
                elif saved:
                    owner.notify(done, title="Notes", timeout=3, markup=False)
                else:
                    self._not_saved(done.replace("Saved", "Kept", 1), "note")

            self._to_say.setdefault(section.id, []).append(say)
            self.memory.set_note(section.id, text, base=base)
            self._refresh(section.id)
            owner.redraw(section)
            owner.report_warnings()

        from ..screens.note_editor import NoteScreen

        owner.open_screen(NoteScreen(section, original), closed)

    def _not_saved(self, done: str, what: str) -> None:
        why = f" ({self.memory.failure})" if self.memory.failure else ""
        self.owner.notify(
            f"{done} in this window only: the {what} could not be saved{why}. It is marked ! and "
            "saving is tried again; on quit you can write unsaved notes to a file.",
            title="Not saved",
            severity="error",
            timeout=10,
            markup=False,
        )

    def watch(self) -> None:
        """Every :data:`WATCH` seconds: show what another reader saved, retry what could not be saved."""
        changed = self.memory.refresh()
        for section_id in changed:
            self._refresh(section_id)
        section = self.owner.section
        if section is not None and section.id in changed:
            self.owner.redraw(section)
        self.owner.report_warnings()

    def saved(self, saving: Saving) -> None:
        """A round of saving is over: marks redrawn, and what was done said, saved or not."""
        for section_id in {*saving.saved, *saving.failed, *saving.changed}:
            self._refresh(section_id)
        section = self.owner.section
        if section is not None and section.id in saving.changed:
            self.owner.redraw(section)  # merged with another reader's note
        for section_id, saved in [*((s, True) for s in saving.saved), *((s, False) for s in saving.failed)]:
            for say in self._to_say.pop(section_id, ()):
                say(saved)
        if saving.recovered:
            self.owner.notify("Saved the notes and bookmarks that were waiting.", title="Saved", timeout=5)
        self.owner.report_warnings()

    def toggle_notes_in_exports(self) -> None:
        """``N``: m and y add the note to the Markdown, or leave it out."""
        self.notes_in_exports = not self.notes_in_exports
        state = "on: m and y add your note" if self.notes_in_exports else "off: m and y leave notes out"
        self.owner.notify(f"Notes in exports {state}.", title="Markdown", timeout=3, markup=False)
