"""Where the reader is and has been: the history (back, forward) and the remembered place.

* history: every jump (n/p, a group key, the palette, search, bookmarks, an
  index, a link) is a visit at once; a tree move is one when the cursor has
  rested for :attr:`Place.SETTLE` seconds, so holding j does not flood it;
* the place (section, view, open branches) is saved when the cursor settles and
  when the reader closes, and the next start opens on it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from textual.timer import Timer

from ...model import Section
from ..views.outline import ACTOR_VIEW, ARTICLE_VIEW, Slot
from ..widgets.tree import Node, SectionTree
from .history import History
from .open_branches import open_keys, restore_open
from .saved_state import Memory

VIEWS = (ARTICLE_VIEW, ACTOR_VIEW)


class PlaceOwner(Protocol):
    """What :class:`Place` uses of the screen that owns it."""

    view: str

    @property
    def trees(self) -> Mapping[str, SectionTree]:
        """The trees built so far, by view."""
        ...

    @property
    def section(self) -> Section | None: ...

    def set_timer(self, delay: float, callback: Callable[[], object]) -> Timer: ...

    def visit(self, section_id: str, *, record: bool) -> bool: ...

    def complain(self, message: str) -> None: ...

    def report_warnings(self) -> None: ...

    def rested(self, section: Section) -> None: ...


class Place:
    """The history, the visit waiting for the cursor to settle, and saving the place."""

    SETTLE = 0.4
    """Seconds the tree cursor rests on a section before it counts as visited."""

    def __init__(self, owner: PlaceOwner, memory: Memory) -> None:
        self.owner = owner
        self.memory = memory
        self.history = History()
        self._pending: str | None = None
        self._settle_timer: Timer | None = None

    def remembered_view(self, default: str) -> str:
        """The view the reader was in last time, if it is one this reader has."""
        return self.memory.view if self.memory.view in VIEWS else default

    def opening(self, tree: SectionTree) -> Node:
        """Reopen the branches left open; the place is the last section read, else the first."""
        outline = tree.outline
        keys = self.memory.expanded_in(outline.view)
        if keys is not None:
            restore_open(tree, keys)
        last = self.memory.last_section
        slot = outline.slot_of(last) if last else None
        return slot or outline.slots[0]

    def started(self, current: Node | None) -> None:
        """The first place on show is the first visit."""
        if isinstance(current, Slot):
            self.history.visit(current.section.id)

    def showing(self, item: Node) -> None:
        """A node is shown: wait for the cursor to settle before it counts as a visit."""
        self._stop_timer()
        if isinstance(item, Slot):
            self._pending = item.section.id
            self._settle_timer = self.owner.set_timer(self.SETTLE, self._settled)
        else:
            self._pending = None

    def jumping(self, item: Node | None) -> None:
        """Before a jump: where the reader was and where it goes are both visits."""
        self.flush()
        if isinstance(item, Slot):
            self.history.visit(item.section.id)

    def closing(self) -> None:
        self.flush()
        self.save()

    def _settled(self) -> None:
        self._settle_timer = None
        self.flush()
        section = self.owner.section
        if section is not None:
            self.owner.rested(section)  # read as it is now (what changed since is cleared)
        self.save()

    def _stop_timer(self) -> None:
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None

    def flush(self) -> None:
        """Count the visit waiting for the cursor to settle now."""
        self._stop_timer()
        if self._pending is not None:
            self.history.visit(self._pending)
            self._pending = None

    def save(self) -> None:
        """Remember the section, the view and every view's open branches."""
        owner = self.owner
        keys: list[str] = []
        for view in VIEWS:
            tree = owner.trees.get(view)
            if tree is not None:
                keys += open_keys(tree)
            else:
                keys += [k for k in self.memory.expanded if k.startswith(f"{view}:")]
        section = owner.section
        last = section.id if section is not None else self.history.current or self.memory.last_section
        self.memory.remember(last, owner.view, keys)
        owner.report_warnings()

    def back(self) -> None:
        self.flush()
        target = self.history.back()
        if target is None:
            self.owner.complain("No earlier section in the history.")
        else:
            self.owner.visit(target, record=False)

    def forward(self) -> None:
        self.flush()
        target = self.history.forward()
        if target is None:
            self.owner.complain("No later section in the history.")
        else:
            self.owner.visit(target, record=False)
