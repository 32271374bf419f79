"""Search, and with it the rest of finding and keeping: history, bookmarks, notes, the place.

:class:`Keeping` is mixed into the reader screen, which calls a few hooks (when
a node is shown, before a jump, when a tree is made) and gets the actions and
bindings below. It keeps its state in new objects, so the reader's own code
stays about moving and showing:

* search: the index is built in a worker thread after the first frame; ``/``
  opens :class:`~briefing.tui.screens.search.SearchScreen`; ``>``/``<`` step
  through the hits it returned, whose words stay marked in the panes until esc;
* history: every jump is a visit at once; a tree move is one when the cursor has
  rested for :attr:`Keeping.SETTLE` seconds, so holding j does not flood it;
* bookmarks and notes: through :class:`~briefing.tui.reader.saved_state.Memory`, marked in
  the tree, listed by ``B``; a note shows on top of the Sources pane;
* the place (section, view, open branches) is saved when the cursor settles and
  when the reader closes, and the next start opens on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.timer import Timer

from ...model import Section
from ...search import Query
from ...text import clean
from ..views.notes import with_note
from ..views.outline import ACTOR_VIEW, ARTICLE_VIEW, Slot
from ..views.render import PaneViews
from ..widgets.tree import Node, SectionTree
from .history import History
from .open_branches import open_keys, restore_open
from .saved_state import Memory

if TYPE_CHECKING:
    from ...search import SearchIndex
    from ..screens.search import SearchChoice
    from .screen import ReaderScreen

# The screens behind /, B and a (and SQLite) are imported when first used, not
# before the first frame.

VIEWS = (ARTICLE_VIEW, ACTOR_VIEW)
QUERY_SHOWN = 24
"""Characters of the query named under the tree while its hits are marked."""


def keeping_bindings() -> list[BindingType]:
    return [
        Binding(
            "slash",
            "search",
            "Search",
            key_display="/",
            show=False,  # the footer is full at 80 columns; help lists it
            tooltip="Search every section",
            id="reader.search",
        ),
        Binding(
            "greater_than_sign",
            "next_hit",
            "Next hit",
            key_display=">",
            show=False,
            tooltip="Next search hit",
            id="reader.next-hit",
        ),
        Binding(
            "less_than_sign",
            "previous_hit",
            "Previous hit",
            key_display="<",
            show=False,
            tooltip="Previous search hit",
            id="reader.previous-hit",
        ),
        Binding(
            "escape",
            "clear_search",
            "Clear search",
            show=False,
            tooltip="Stop marking the search's matches",
            id="reader.clear-search",
        ),
        Binding(
            "alt+left,backspace",
            "back",
            "Back",
            show=False,
            tooltip="Back to the section visited before",
            id="reader.back",
        ),
        Binding(
            "alt+right",
            "forward",
            "Forward",
            show=False,
            tooltip="Forward again in the history",
            id="reader.forward",
        ),
        Binding(
            "b",
            "bookmark",
            "Bookmark",
            show=False,
            tooltip="Bookmark the section, or remove its bookmark",
            id="reader.bookmark",
        ),
        Binding(
            "B",
            "bookmarks",
            "Bookmarks",
            show=False,
            tooltip="Bookmarks and notes: the list",
            id="reader.bookmarks",
        ),
        Binding("a", "note", "Note", show=False, tooltip="Write a note on the section", id="reader.note"),
        Binding(
            "N",
            "toggle_export_notes",
            "Notes in exports",
            show=False,
            tooltip="Notes in exports: m and y add your note to the Markdown, or leave it out",
            id="reader.export-notes",
        ),
    ]


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


class Keeping:
    """The mixin. ``self`` is the :class:`~briefing.tui.reader.screen.ReaderScreen`."""

    SETTLE = 0.4
    """Seconds the tree cursor rests on a section before it counts as visited."""
    INDEX_IDLE = 1.0
    """Seconds without a move before the search index is built (or at the first ``/``):
    building it takes a thread the GIL for ~0.4 s at 10,000 sections, which would slow
    the first key presses if it started with the first frame."""

    memory: Memory
    history: History
    search_index: SearchIndex | None
    index_error: str | None
    active_search: ActiveSearch | None
    notes_in_exports: bool

    def _init_keeping(self: ReaderScreen) -> None:
        """Read what was kept of this briefing; choose the view to open in."""
        self.memory = Memory.of(self.briefing)
        self.history = History()
        self.search_index = None
        self.index_error = None
        self.active_search = None
        self.notes_in_exports = False
        self._pending: str | None = None
        self._settle_timer: Timer | None = None
        self._index_timer: Timer | None = None
        self._index_started = False
        self._trees: dict[str, SectionTree] = {}
        if self.memory.view in VIEWS:
            self.view = self.memory.view

    # -- hooks the reader calls -------------------------------------------------------

    def _make_tree(self: ReaderScreen, view: str) -> SectionTree:
        tree = SectionTree(self.briefing, self.outline_of(view), id=f"tree-{view}", marks=self._tree_marks)
        self._trees[view] = tree
        self._show_search_place()
        return tree

    def _opening_place(self: ReaderScreen, tree: SectionTree) -> Node:
        """Reopen the branches left open; the cursor goes to the last section read, else the first."""
        outline = tree.outline
        keys = self.memory.expanded_in(outline.view)
        if keys is not None:
            restore_open(tree, keys)
        self._open_to_changes(tree)
        last = self.memory.last_section
        slot = outline.slot_of(last) if last else None
        return slot or outline.slots[0]

    def _start_keeping(self: ReaderScreen) -> None:
        """After the first frame: build the search index in a thread; say what went wrong reading state."""
        opened = self.tree.current  # shown once its highlight arrives
        if isinstance(opened, Slot):
            self.history.visit(opened.section.id)
        self._report_warnings()
        self._index_when_idle()

    def _index_when_idle(self: ReaderScreen) -> None:
        """(Re)start the wait for a quiet moment to build the search index."""
        if self._index_started:
            return
        if self._index_timer is None:
            self._index_timer = self.set_timer(self.INDEX_IDLE, self._build_index)
        else:
            self._index_timer.reset()

    def _build_index(self: ReaderScreen) -> None:
        if self._index_timer is not None:
            self._index_timer.stop()
            self._index_timer = None
        self._index_started = True
        briefing = self.briefing

        def build() -> None:
            try:
                from ...search import SearchIndex

                index = SearchIndex(briefing)
            except Exception as err:  # sqlite without FTS5, or out of memory: search says so
                self.index_error = f"search is unavailable: {err}"
                return
            if self.briefing is briefing:
                self.search_index = index

        self.run_worker(build, thread=True, exclusive=True, group="search-index", exit_on_error=False)

    def _showing(self: ReaderScreen, item: Node) -> None:
        """A node is shown: wait for the cursor to settle before it counts as a visit."""
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        self._index_when_idle()
        if isinstance(item, Slot):
            self._pending = item.section.id
            self._settle_timer = self.set_timer(self.SETTLE, self._settled)
        else:
            self._pending = None

    def _with_note(self: ReaderScreen, views: PaneViews, section: Section) -> PaneViews:
        return with_note(views, self.memory.note(section.id))

    def _jumping(self: ReaderScreen, item: Node | None) -> None:
        """Before a jump (n/p, a group key, the palette, search, a bookmark): both ends are visits."""
        self._flush_pending()
        if isinstance(item, Slot):
            self.history.visit(item.section.id)

    def _export_note(self: ReaderScreen, section: Section) -> str | None:
        return self.memory.note(section.id) if self.notes_in_exports else None

    def on_unmount(self: ReaderScreen) -> None:
        self._flush_pending()
        self._save_place()

    # -- history -------------------------------------------------------------------

    def _settled(self: ReaderScreen) -> None:
        self._settle_timer = None
        self._flush_pending()
        section = self.section
        if section is not None:
            self._rested(section)
        self._save_place()

    def _flush_pending(self: ReaderScreen) -> None:
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        if self._pending is not None:
            self.history.visit(self._pending)
            self._pending = None

    def _save_place(self: ReaderScreen) -> None:
        section = self.section
        keys: list[str] = []
        for view in VIEWS:
            tree = self._trees.get(view)
            if tree is not None:
                keys += open_keys(tree)
            else:
                keys += [k for k in self.memory.expanded if k.startswith(f"{view}:")]
        last = section.id if section is not None else self.history.current or self.memory.last_section
        self.memory.remember(last, self.view, keys)
        self._report_warnings()

    def _visit(self: ReaderScreen, section_id: str, *, record: bool) -> bool:
        """Put the cursor on a section of the current view; False when it has none."""
        slot = self.outline.slot_of(section_id)
        if slot is None:
            self.app.bell()
            self.notify("That section is no longer in this briefing.", timeout=3, markup=False)
            return False
        if record:
            self._jumping(slot)
        self.tree.reveal(slot)
        self.show(slot)
        return True

    def action_back(self: ReaderScreen) -> None:
        self._flush_pending()
        target = self.history.back()
        if target is None:
            self.app.bell()
            self.notify("No earlier section in the history.", timeout=2, markup=False)
            return
        self._visit(target, record=False)

    def action_forward(self: ReaderScreen) -> None:
        self._flush_pending()
        target = self.history.forward()
        if target is None:
            self.app.bell()
            self.notify("No later section in the history.", timeout=2, markup=False)
            return
        self._visit(target, record=False)

    # -- search --------------------------------------------------------------------

    def _index_or_none(self: ReaderScreen) -> SearchIndex | None:
        return self.search_index

    def action_search(self: ReaderScreen) -> None:
        if self.index_error:
            self.notify(clean(self.index_error), severity="error", markup=False)
            return
        from ..screens.search import SearchScreen

        if not self._index_started:
            self._build_index()  # the search box waits for it, saying so
        text = self.active_search.text if self.active_search else ""
        self.app.push_screen(SearchScreen(self.briefing, self._index_or_none, text=text), self._searched)

    def _searched(self: ReaderScreen, choice: SearchChoice | None) -> None:
        if choice is None:
            return
        self.active_search = ActiveSearch.of(choice)
        self.panes.set_highlight(choice.query)
        self._visit(choice.section_id, record=True)
        self.panes.reveal_matches()
        self._show_search_place()

    def action_next_hit(self: ReaderScreen) -> None:
        self._step_hit(1)

    def action_previous_hit(self: ReaderScreen) -> None:
        self._step_hit(-1)

    def _step_hit(self: ReaderScreen, step: int) -> None:
        search = self.active_search
        if search is None or not search.hits:
            self.app.bell()
            self.notify("No search to step through: / searches.", timeout=2, markup=False)
            return
        section = self.section
        at = search.where.get(section.id, search.position) if section is not None else search.position
        target = at + step
        if not 0 <= target < len(search.hits):
            self.app.bell()
            which = "last" if step > 0 else "first"
            self.notify(f"This is the {which} hit of {len(search.hits)}.", timeout=2, markup=False)
            return
        search.position = target
        self._visit(search.hits[target], record=True)
        self.panes.reveal_matches()
        self._show_search_place()

    def action_clear_search(self: ReaderScreen) -> None:
        if self.active_search is None:
            return
        self.active_search = None
        self.panes.set_highlight(None)
        self._show_search_place()

    def _show_search_place(self: ReaderScreen) -> None:
        """Name the search and the hit under the tree, while its matches are marked."""
        search = self.active_search
        subtitle: Text | None = None
        if search is not None:
            text = " ".join(clean(search.text).split())
            if len(text) > QUERY_SHOWN:
                text = text[: QUERY_SHOWN - 1] + "…"
            subtitle = Text(f"/{text} {search.position + 1}/{len(search.hits)}")
        for tree in self._trees.values():
            tree.border_subtitle = subtitle

    # -- bookmarks and notes -----------------------------------------------------------

    def _refresh_marks(self: ReaderScreen, section_id: str) -> None:
        for tree in self._trees.values():
            tree.refresh_marks(section_id)

    def action_bookmark(self: ReaderScreen) -> None:
        section = self._section_or_warn()
        if section is None:
            return
        now = self.memory.toggle_bookmark(section.id)
        self._refresh_marks(section.id)
        self.notify(
            f"Bookmarked “{section.title}”" if now else f"Removed the bookmark on “{section.title}”",
            title="Bookmarks",
            timeout=3,
            markup=False,
        )
        self._report_warnings()

    def action_bookmarks(self: ReaderScreen) -> None:
        from ..screens.bookmarks import BookmarksScreen

        screen = BookmarksScreen(self.briefing, self.memory)

        def closed(section_id: str | None) -> None:
            for removed in screen.removed:
                self._refresh_marks(removed)
            self._report_warnings()
            if section_id is not None:
                self._visit(section_id, record=True)

        self.app.push_screen(screen, closed)

    def action_note(self: ReaderScreen) -> None:
        section = self._section_or_warn()
        if section is None:
            return
        original = self.memory.note(section.id) or ""

        def closed(text: str | None) -> None:
            if text is None or text == original:
                return
            self.memory.set_note(section.id, text)
            self._refresh_marks(section.id)
            if self.section is section:
                self.show(self.shown)  # type: ignore[arg-type]
            removed = not text.strip()
            self.notify(
                f"Removed the note on “{section.title}”"
                if removed
                else f"Kept the note on “{section.title}”",
                title="Notes",
                timeout=3,
                markup=False,
            )
            self._report_warnings()

        from ..screens.note_editor import NoteScreen

        self.app.push_screen(NoteScreen(section, original), closed)

    def action_toggle_export_notes(self: ReaderScreen) -> None:
        self.notes_in_exports = not self.notes_in_exports
        state = "on: m and y add your note" if self.notes_in_exports else "off: m and y leave notes out"
        self.notify(f"Notes in exports {state}.", title="Markdown", timeout=3, markup=False)

    # -- warnings ------------------------------------------------------------------------

    def _report_warnings(self: ReaderScreen) -> None:
        for warning in self.memory.take_warnings():
            self.notify(clean(warning), title="Saved state", severity="warning", timeout=10, markup=False)
