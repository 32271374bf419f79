"""What changed since you last read: marks in the tree, ``D`` and the ``c`` list.

:class:`Changes` is a part of the reader screen. Once the first frame is out (or
at the first key that needs them, if sooner), and after a live reload, it
compares the briefing with the read marks kept in the state
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

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Protocol, TypeVar

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from ...model import Briefing, Section
from ..views.render import PaneViews
from ..widgets.tree import Node, SectionTree
from .saved_state import Memory

if TYPE_CHECKING:  # loaded with the read marks, after the first frame
    from ...seen import Mark, ReadState, SectionChange

T = TypeVar("T")

OPEN_LIMIT = 50
"""At most this many marked sections have their branches opened at start."""
OPEN_MOST = 400
"""Nor a branch holding more sections than this (the tree's own limit for opening all)."""


class ChangesOwner(Protocol):
    """What :class:`Changes` uses of the screen that owns it."""

    briefing: Briefing
    shown: Node | None

    @property
    def trees(self) -> Mapping[str, SectionTree]: ...

    def section_or_warn(self) -> Section | None: ...

    def show(self, item: Node) -> None: ...

    def show_views(self, views: PaneViews) -> None: ...

    def diff_colours(self) -> tuple[str | None, str | None]: ...

    def set_header_note(self, note: str) -> None: ...

    def open_screen(self, screen: Screen[T], then: Callable[[T | None], None]) -> None: ...

    def visit(self, section_id: str, *, record: bool) -> bool: ...

    def notify(
        self, message: str, *, title: str = ..., timeout: float | None = ..., markup: bool = ...
    ) -> None: ...


def header_note(marked: Mapping[str, SectionChange]) -> str:
    from ...seen import CHANGED

    changed = sum(c.status == CHANGED for c in marked.values())
    new = len(marked) - changed
    parts = ([f"{changed} changed"] if changed else []) + ([f"{new} new"] if new else [])
    return f"{' · '.join(parts)} since read" if parts else ""


class Changes:
    """Sections changed or new since last read, for one briefing (and its reloads)."""

    def __init__(self, owner: ChangesOwner, memory: Memory) -> None:
        self.owner = owner
        self.memory = memory
        self._read_marks: ReadState | None = None
        self.marked: dict[str, SectionChange] = {}
        """Sections marked now, by id."""
        self.found: tuple[SectionChange, ...] = ()
        """Every section found changed or new at start or at the last reload, in reading order."""
        self.diffing: str | None = None
        """The section whose changes the panes show (D), if any."""
        self._signs: Mapping[str, str] = {}
        self._before: dict[str, Mark] = {}
        self._hold: str | None = memory.last_section
        self._started = False

    @property
    def read_marks(self) -> ReadState:
        """The read marks kept of this briefing: read from the state the first time they are needed."""
        if self._read_marks is None:
            self._read_marks = self._read()
            self._recount()
        return self._read_marks

    def _read(self) -> ReadState:
        from ... import seen
        from ..screens.changes import SIGNS

        self._signs = SIGNS
        memory = self.memory
        if memory.store is not None and memory.key is not None:
            try:
                return seen.read_state(memory.store, memory.key, copies=False)  # copies when D needs one
            except OSError as err:
                memory.warnings.append(f"could not read what you read before: {err.strerror or err}")
        return seen.ReadState({}, None)

    def _recount(self) -> None:
        from ... import seen

        read_marks = self.read_marks
        self.found = seen.compare_marks(self.owner.briefing, read_marks)
        self.marked = {c.id: c for c in self.found}
        for change in self.found:
            mark = read_marks.marks.get(change.id)
            if mark is not None:
                self._before[change.id] = mark

    def tree_marks(self, section_id: str) -> str:
        """The tree's marks: bookmark and note, then Δ changed or + new."""
        change = self.marked.get(section_id)
        return self.memory.mark(section_id) + (self._signs[change.status] if change else "")

    def open_to_changes(self, tree: SectionTree) -> bool:
        """Open the branches above marked sections, so the marks show: the first
        :data:`OPEN_LIMIT`, and only branches of at most :data:`OPEN_MOST` sections (a
        branch of thousands would cost a frame its building; ``c`` lists them all).
        True when a branch was opened."""
        opened = False
        for change in self.found[:OPEN_LIMIT]:
            slot = tree.outline.slot_of(change.id)
            if slot is not None and slot.parent is not None and len(slot.parent.slots) <= OPEN_MOST:
                node = tree.node_of(slot.parent)
                opened = opened or node is None or not node.is_expanded
                tree.reveal(slot, move=False)
        return opened

    def started(self, tree: SectionTree) -> bool:
        """After the first frame: the read marks compared, their sections marked (their
        branches in ``tree`` opened) and counted in the header; the first time a briefing
        is open, every id kept as known. True when a branch was opened."""
        if self._started:
            return False
        self._started = True
        read_marks = self.read_marks
        opened = self.open_to_changes(tree)
        for change in self.found:
            for each in self.owner.trees.values():
                each.refresh_marks(change.id)
        self.owner.set_header_note(header_note(self.marked))
        memory, key = self.memory, self.memory.key
        if read_marks.known is None and memory.store is not None and key is not None:
            from ... import seen

            ids = frozenset(self.owner.briefing.section_by_id)
            failed = "could not keep what you have read"
            memory.keep(lambda store: seen.remember_known(store, key, ids), failed)
            self._read_marks = seen.ReadState(read_marks.marks, ids)
        return opened

    def reloaded(self, here: str | None) -> None:
        """A new version is on show: mark what differs from what was read."""
        self.diffing = None
        self._hold = here
        if self._read_marks is not None:  # else read (and counted) now, for the new version
            self._recount()
        else:
            _ = self.read_marks
        self.owner.set_header_note(header_note(self.marked))

    def rested(self, section: Section) -> None:
        """The cursor rested on ``section``: it is read as it is now."""
        if self._hold == section.id:
            return  # where the reader opened, or stayed through a reload: not read until moved to
        from ... import seen
        from ...diff import section_digest

        self._hold = None
        read_marks = self.read_marks
        current = read_marks.marks.get(section.id)
        digest = section_digest(section)
        if current is not None and current.digest == digest and section.id not in self.marked:
            return
        memory = self.memory
        if section.id in self.marked:
            self._keep_copy(section.id)  # before the new reading replaces it: D still shows the change
        mark = seen.Mark(digest, 0.0, None)
        key = memory.key
        if memory.store is not None and key is not None:
            mark = kept = seen.read_now(section)
            failed = "could not keep what you read"
            memory.keep(lambda store: seen.keep_read(store, key, section.id, kept), failed)
        read_marks.marks[section.id] = mark
        if self.marked.pop(section.id, None) is not None:
            for tree in self.owner.trees.values():
                tree.refresh_marks(section.id)
            self.owner.set_header_note(header_note(self.marked))

    def _keep_copy(self, section_id: str) -> Mark | None:
        """The mark a section had when this session began, with its copy of the text."""
        from ... import seen

        before = self._before.get(section_id)
        memory = self.memory
        if before is not None and before.copy is None and memory.store is not None and memory.key is not None:
            stored = seen.read_mark(memory.store, memory.key, section_id)
            if stored is not None and stored.digest == before.digest:
                before = self._before[section_id] = stored
        return before

    # -- D and the list ------------------------------------------------------------

    def toggle_diff(self) -> None:
        """``D``: what changed in the section on show since it was last read; again, the plain panes."""
        owner = self.owner
        if self.diffing is not None:
            self.diffing = None
            if owner.shown is not None:
                owner.show(owner.shown)
            return
        section = owner.section_or_warn()
        if section is None:
            return
        from ... import seen

        _ = self.read_marks  # read now if the first frame is not out yet
        found = next((c for c in self.found if c.id == section.id), None)
        if found is not None and found.status != seen.CHANGED:
            owner.notify("New since you last read this briefing: nothing to compare with.", timeout=3,
                         markup=False)  # fmt: skip
            return
        before = self._keep_copy(section.id) if found is not None else None
        if found is None or before is None:
            owner.notify("Not changed since you last read it.", timeout=3, markup=False)
            return
        if before.copy is None:
            owner.notify("Changed since you last read it; too long ago to show how.", timeout=4, markup=False)
            return
        from ..views.changes import DiffStyles, diff_views

        styles = DiffStyles.of(*owner.diff_colours())
        fields = seen.changes_from_copy(before.copy, section)
        owner.show_views(diff_views(owner.briefing, section, fields, before.at, styles))
        self.diffing = section.id

    def show_list(self) -> None:
        """``c``: every section changed or new since last read; enter goes there."""
        from ..screens.changes import ChangesScreen

        _ = self.read_marks  # read now if the first frame is not out yet

        def chosen(section_id: str | None) -> None:
            if section_id is not None:
                self.owner.visit(section_id, record=True)

        self.owner.open_screen(ChangesScreen(self.owner.briefing, self.found, self.marked), chosen)


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
