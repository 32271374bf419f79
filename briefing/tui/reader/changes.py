"""What changed since you last read: marks in the tree, ``D`` and the ``c`` list.

:class:`Changes` is mixed into the reader screen. At start (and after a live
reload) it compares the briefing with the read marks kept in the state
(:mod:`briefing.seen`): a section read before whose digest differs is marked
``Δ`` in the tree, one added since the briefing was last open ``+``, and the header
says how many. Resting on a section (the same wait that makes it a visit) keeps
what it looks like now and clears its mark; the section the reader opens on, or
stays on through a reload, counts only once the cursor has moved. The branches above
marked sections open at start, so the marks can be seen. ``D`` shows
what changed in a section marked (or read) this session since its last reading;
``D`` again, or any move, returns to the plain panes.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider

from ... import seen
from ...model import Section
from ...seen import CHANGED, Mark, ReadState, SectionChange
from ..screens.changes import SIGNS
from ..widgets.header import TitleBar

if TYPE_CHECKING:
    from ..widgets.tree import SectionTree
    from .screen import ReaderScreen

OPEN_LIMIT = 50
"""At most this many marked sections have their branches opened at start."""


def change_bindings() -> list[BindingType]:
    return [
        Binding(
            "D",
            "what_changed",
            "What changed",
            show=False,
            tooltip="What changed in the section since you last read it; D again returns",
            id="reader.what-changed",
        ),
        Binding(
            "c",
            "changes",
            "Changes",
            show=False,
            tooltip="Changes: every section changed or new since you last read, in reading order",
            id="reader.changes",
        ),
    ]


def header_note(changes: dict[str, SectionChange]) -> str:
    changed = sum(c.status == CHANGED for c in changes.values())
    new = len(changes) - changed
    parts = ([f"{changed} changed"] if changed else []) + ([f"{new} new"] if new else [])
    return f"{' · '.join(parts)} since read" if parts else ""


class Changes:
    """The mixin. ``self`` is the :class:`~briefing.tui.reader.screen.ReaderScreen`."""

    read_marks: ReadState
    changes: dict[str, SectionChange]
    """Sections marked now, by id."""
    found: tuple[SectionChange, ...]
    """Every section found changed or new at start or at the last reload, in reading order."""

    def _init_changes(self: ReaderScreen) -> None:
        memory = self.memory
        state = ReadState({}, None)
        if memory.store is not None and memory.key is not None:
            try:
                state = seen.read_state(memory.store, memory.key)
            except OSError as err:
                memory.warnings.append(f"could not read what you read before: {err.strerror or err}")
        self.read_marks = state
        self._before: dict[str, Mark] = {}
        self._diffing: str | None = None
        self._hold: str | None = self.memory.last_section
        self._recount()

    def _recount(self: ReaderScreen) -> None:
        self.found = seen.compare_marks(self.briefing, self.read_marks)
        self.changes = {c.id: c for c in self.found}
        for change in self.found:
            mark = self.read_marks.marks.get(change.id)
            if mark is not None:
                self._before[change.id] = mark

    def _open_to_changes(self: ReaderScreen, tree: SectionTree) -> None:
        """Open the branches above marked sections (the first :data:`OPEN_LIMIT`), so the marks show."""
        for change in self.found[:OPEN_LIMIT]:
            slot = tree.outline.slot_of(change.id)
            if slot is not None:
                tree.reveal(slot, move=False)

    def _tree_marks(self: ReaderScreen, section_id: str) -> str:
        """The tree's marks: bookmark and note, then Δ changed or + new."""
        change = self.changes.get(section_id)
        return self.memory.mark(section_id) + (SIGNS[change.status] if change else "")

    def _show_change_count(self: ReaderScreen) -> None:
        self.query_one(TitleBar).note = header_note(self.changes)

    def _start_changes(self: ReaderScreen) -> None:
        """After the first frame: the header's count; the first time, every id as known."""
        self._show_change_count()
        memory = self.memory
        if self.read_marks.known is None and memory.store is not None and memory.key is not None:
            ids = frozenset(self.briefing.section_by_id)
            try:
                seen.remember_known(memory.store, memory.key, ids)
            except OSError as err:
                memory.warnings.append(f"could not keep what you have read: {err.strerror or err}")
            self.read_marks = ReadState(self.read_marks.marks, ids)

    def _reloaded_changes(self: ReaderScreen, here: str | None) -> None:
        """A new version is on show: mark what differs from what was read."""
        self._diffing = None
        self._hold = here
        self._recount()
        self._show_change_count()

    def _rested(self: ReaderScreen, section: Section) -> None:
        """The cursor rested on ``section``: it is read as it is now."""
        if self._hold == section.id:
            return  # where the reader opened, or stayed through a reload: not read until moved to
        self._hold = None
        current = self.read_marks.marks.get(section.id)
        digest = seen.digest(seen.section_fields(section))
        if current is not None and current.digest == digest and section.id not in self.changes:
            return
        memory = self.memory
        mark = Mark(digest, 0.0, None)
        if memory.store is not None and memory.key is not None:
            try:
                mark = seen.remember_read(memory.store, memory.key, section)
            except OSError as err:
                memory.warnings.append(f"could not keep what you read: {err.strerror or err}")
        self.read_marks.marks[section.id] = mark
        if self.changes.pop(section.id, None) is not None:
            self._refresh_marks(section.id)
            self._show_change_count()

    # -- D and the list ------------------------------------------------------------

    def action_what_changed(self: ReaderScreen) -> None:
        if self._diffing is not None:
            self._diffing = None
            if self.shown is not None:
                self.show(self.shown)
            return
        section = self._section_or_warn()
        if section is None:
            return
        found = next((c for c in self.found if c.id == section.id), None)
        if found is not None and found.status != CHANGED:
            self.notify("New since you last read this briefing: nothing to compare with.", timeout=3,
                        markup=False)  # fmt: skip
            return
        before = self._before.get(section.id)
        if found is None or before is None:
            self.notify("Not changed since you last read it.", timeout=3, markup=False)
            return
        if before.copy is None:
            self.notify("Changed since you last read it; too long ago to show how.", timeout=4, markup=False)
            return
        from ..views.changes import DiffStyles, diff_views

        theme = self.app.current_theme
        styles = DiffStyles.of(theme.error, theme.success)
        fields = seen.changes_from_copy(before.copy, section)
        self.panes.show(diff_views(self.briefing, section, fields, before.at, styles))
        self._diffing = section.id

    def action_changes(self: ReaderScreen) -> None:
        from ..screens.changes import ChangesScreen

        def chosen(section_id: str | None) -> None:
            if section_id is not None:
                self._visit(section_id, record=True)

        self.app.push_screen(ChangesScreen(self.briefing, self.found, self.changes), chosen)


class ChangeCommands(Provider):
    """The palette's "Changes" command."""

    NAME = "Changes since you last read"
    HELP = "Every section changed or new since you last read the briefing"

    def _run(self) -> None:
        self.screen.action_changes()  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        yield DiscoveryHit(self.NAME, partial(self._run), help=self.HELP)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = matcher.match(self.NAME)
        if found > 0:
            yield Hit(found, matcher.highlight(self.NAME), partial(self._run), help=self.HELP)
