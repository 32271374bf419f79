"""Search in the reader: ``/`` opens the search box, ``>``/``<`` step through its hits, esc clears.

The index is built in a worker thread once the reader has been idle for
:attr:`Search.INDEX_IDLE` seconds (or at the first ``/``);
:class:`~briefing.tui.screens.search.SearchScreen` waits for it, saying so. The
words of the search chosen there stay marked in the panes, and the search and
the hit are named under the tree, until esc.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from rich.text import Text
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer

from ...model import Briefing, Section
from ...text import clean
from ..widgets.pane_area import PaneArea
from ..widgets.tree import SectionTree

if TYPE_CHECKING:  # the search box and SQLite are imported when first used
    from ...search import Query, SearchIndex
    from ..screens.search import SearchChoice

QUERY_SHOWN = 24
"""Characters of the query named under the tree while its hits are marked."""

T = TypeVar("T")


class SearchOwner(Protocol):
    """What :class:`Search` uses of the screen that owns it."""

    briefing: Briefing

    @property
    def trees(self) -> Mapping[str, SectionTree]:
        """The trees built so far, by view."""
        ...

    @property
    def section(self) -> Section | None: ...

    @property
    def panes(self) -> PaneArea: ...

    def set_timer(self, delay: float, callback: Callable[[], object]) -> Timer: ...

    def run_worker(self, work: Callable[[], None], *, thread: bool, exclusive: bool, group: str,
                   exit_on_error: bool) -> Any: ...  # fmt: skip

    def open_screen(self, screen: Screen[T], then: Callable[[T | None], None]) -> None: ...

    def visit(self, section_id: str, *, record: bool) -> bool: ...

    def complain(self, message: str) -> None: ...

    def notify(self, message: str, *, severity: SeverityLevel = ..., markup: bool = ...) -> None: ...


@dataclass(slots=True)
class ActiveSearch:
    """The last search chosen from the box: its hits, and where ``>``/``<`` are among them."""

    text: str
    query: Query
    hits: tuple[str, ...]
    position: int
    where: dict[str, int]

    @classmethod
    def of(cls, choice: SearchChoice) -> ActiveSearch:
        where = {section_id: n for n, section_id in enumerate(choice.hits)}
        return cls(choice.text, choice.query, choice.hits, where.get(choice.section_id, 0), where)


class Search:
    """The search index of the briefing on show, and the search whose hits are marked."""

    INDEX_IDLE = 1.0
    """Seconds without a move before the search index is built (or at the first ``/``):
    building it takes a thread the GIL for ~0.4 s at 10,000 sections, which would slow
    the first key presses if it started with the first frame."""

    def __init__(self, owner: SearchOwner) -> None:
        self.owner = owner
        self.index: SearchIndex | None = None
        self.index_error: str | None = None
        self.active: ActiveSearch | None = None
        self.kept: ActiveSearch | None = None
        """The search esc stopped marking: ``>`` and ``<`` take it up again."""
        self._index_timer: Timer | None = None
        self._index_started = False

    # -- the index -----------------------------------------------------------------------

    def index_when_idle(self) -> None:
        """(Re)start the wait for a quiet moment to build the search index."""
        if self._index_started:
            return
        if self._index_timer is None:
            self._index_timer = self.owner.set_timer(self.INDEX_IDLE, self.build_index)
        else:
            self._index_timer.reset()

    def build_index(self) -> None:
        """Index the owner's briefing in a worker thread (again, after a reload)."""
        if self._index_timer is not None:
            self._index_timer.stop()
            self._index_timer = None
        self._index_started = True
        self.index = None
        owner = self.owner
        briefing = owner.briefing

        def build() -> None:
            try:
                from ...search import SearchIndex

                index = SearchIndex(briefing)
            except Exception as err:  # sqlite without FTS5, or out of memory: search says so
                self.index_error = f"search is unavailable: {err}"
                return
            if owner.briefing is briefing:
                self.index = index

        owner.run_worker(build, thread=True, exclusive=True, group="search-index", exit_on_error=False)

    def _index_or_none(self) -> SearchIndex | None:
        return self.index

    def _index_failure(self) -> str | None:
        return self.index_error

    # -- searching -----------------------------------------------------------------------

    def open(self) -> None:
        """``/``: the search box, with the last search's text."""
        if self.index_error:
            self.owner.notify(clean(self.index_error), severity="error", markup=False)
            return
        from ..screens.search import SearchScreen

        if not self._index_started:
            self.build_index()  # the search box waits for it, saying so
        last = self.active or self.kept
        text = last.text if last else ""
        self.owner.open_screen(
            SearchScreen(self.owner.briefing, self._index_or_none, text=text, failed=self._index_failure),
            self._chosen,
        )

    def _chosen(self, choice: SearchChoice | None) -> None:
        if choice is None:
            return
        self.active = ActiveSearch.of(choice)
        self.kept = None
        self.owner.panes.set_highlight(choice.query)
        self.owner.visit(choice.section_id, record=True)
        self.owner.panes.reveal_matches()
        self.show_place()

    def step(self, step: int) -> None:
        """``>`` (1) and ``<`` (-1): the next or previous hit of the active search."""
        search = self.active
        if search is None and self.kept is not None:  # esc stopped the marking, not the search
            search = self.active = self.kept
            self.kept = None
            self.owner.panes.set_highlight(search.query)
        if search is None or not search.hits:
            self.owner.complain("No search to step through: / searches.")
            return
        section = self.owner.section
        at = search.where.get(section.id, search.position) if section is not None else search.position
        target = at + step
        if not 0 <= target < len(search.hits):
            which = "last" if step > 0 else "first"
            self.owner.complain(f"This is the {which} hit of {len(search.hits)}.")
            return
        search.position = target
        self.owner.visit(search.hits[target], record=True)
        self.owner.panes.reveal_matches()
        self.show_place()

    def clear(self) -> None:
        """esc: stop marking the search's words."""
        if self.active is None:
            return
        self.kept, self.active = self.active, None
        self.owner.panes.set_highlight(None)
        self.show_place()

    def show_place(self) -> None:
        """Name the search and the hit under the trees, while its matches are marked."""
        search = self.active
        subtitle: Text | None = None
        if search is not None:
            text = " ".join(clean(search.text).split())
            if len(text) > QUERY_SHOWN:
                text = text[: QUERY_SHOWN - 1] + "…"
            subtitle = Text(f"/{text} {search.position + 1}/{len(search.hits)}")
        for tree in self.owner.trees.values():
            tree.border_subtitle = subtitle
