"""The reader: the section tree on the left, the Claim, Analysis and Sources panes on the right.

The screen owns the reader's keys (:mod:`.bindings`) and its parts, plain objects
it calls: :class:`~.search.Search`, :class:`~.marks.Marks` (bookmarks and
notes), :class:`~.place.Place` (history and the remembered place) and
:class:`~.indexes.Indexes`. Each action hands the key to its part; the parts
reach back only through the few methods their ``...Owner`` protocol names.

Moving through sections and groups asks the current
:class:`~briefing.tui.views.outline.Outline` for the next place (a binary
search), then reveals it in the tree; the panes follow the tree's highlight, so
every way of moving updates all three panes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Tree

from ...fileio import write_new
from ...model import Briefing, Section
from ...text import clean
from ..internals import width_classes
from ..screens.once import OnceScreen
from ..views.outline import ACTOR_VIEW, ARTICLE_VIEW, Branch, Outline, Slot, by_actor, by_article
from ..views.render import PANES, PaneViews, branch_views, empty_views, section_views
from ..widgets.footer import ReadyFooter
from ..widgets.header import TitleBar
from ..widgets.links import LinkPane
from ..widgets.pane_area import PaneArea, PaneTabs
from ..widgets.panes import Pane
from ..widgets.tree import Node, SectionTree
from .bindings import READER_BINDINGS
from .changes import ChangeCommands, Changes
from .editing import Editing
from .indexes import Indexes
from .marks import WATCH, Marks
from .open_branches import built_keys, find_again, open_keys, restore_open
from .palette import SectionCommands
from .place import Place
from .render_ahead import ViewMemo, neighbours
from .saved_state import Memory
from .search import Search

if TYPE_CHECKING:
    from ...state import StateStore
    from ...state_writer import StateWriter
    from ...verify import QuoteCheck

T = TypeVar("T")

QuoteChecks = Mapping[str, Mapping[int, "QuoteCheck"]]
"""How each section's quotes checked against the article texts given, by section id."""


TREE_BELOW = 60
"""Below this many columns the tree starts hidden, so a pane keeps room to read (backslash shows it)."""


class ReaderScreen(Screen[None], inherit_bindings=False):
    """Tree and panes for one briefing."""

    # Textual declares this ``ClassVar[...] | None``, which mypy reads as an instance variable.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [  # type: ignore[misc]
        (0, "-narrow"),
        (100, "-medium"),
        (170, "-wide"),
    ]
    COMMANDS: ClassVar = {SectionCommands, ChangeCommands}
    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    def __init__(
        self,
        briefing: Briefing,
        *,
        cwd: Path | None = None,
        quote_checks: QuoteChecks | None = None,
        store: StateStore | None = None,
        writer: StateWriter | None = None,
    ) -> None:
        super().__init__()
        self.briefing = briefing
        self.cwd = cwd
        self.quote_checks: QuoteChecks = quote_checks or {}
        self._outlines: dict[str, Outline] = {ARTICLE_VIEW: by_article(briefing)}
        self.shown: Node | None = None
        self.tree_chosen: bool | None = None
        """Shown (True) or hidden (False) with backslash; None: as the width decides."""
        self.trees: dict[str, SectionTree] = {}
        """The trees built so far, by view."""
        self.memory = Memory.of(briefing, store, writer)
        self.place = Place(self, self.memory)
        self.search = Search(self)
        self.marks = Marks(self, self.memory)
        self.indexes = Indexes(self)
        self.since_read = Changes(self, self.memory)
        self.editing = Editing(self)
        self.view = self.place.remembered_view(ARTICLE_VIEW)
        self._views = ViewMemo(self._build_views, self._note_of)

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Take the width's layout class now: Textual applies breakpoints on the first
        # Resize, after a layout and styling without them, which then all run again.
        self.add_class(*width_classes(self, self.app.size.width))
        yield TitleBar()
        with Horizontal(id="main"):
            with Container(id="trees"):
                yield self._make_tree(self.view)
            yield PaneArea(id="panes")
        yield ReadyFooter()

    def _make_tree(self, view: str) -> SectionTree:
        marks = self.since_read.tree_marks  # bookmark, note, and changed or new since read
        tree = SectionTree(self.briefing, self.outline_of(view), id=f"tree-{view}", marks=marks)
        self.trees[view] = tree
        self.search.show_place()
        return tree

    def on_mount(self) -> None:
        self.title = self.briefing.title
        self.query_one(TitleBar).heading = self.briefing.title
        tree = self.section_tree
        self.set_focus(tree)
        outline = self.outline
        if outline.slots:
            place = self.place.opening(tree)  # the last section read, else the first
            tree.reveal(place)
            self.show(place)  # now, so the first frame has the panes filled
            # Scrolling at mount used a tree of no height; settle it once laid out.
            self.call_after_refresh(self._settle_tree)
        else:
            self._show_empty()
        self._fit_tree(self.app.size.width)
        self.place.started(self.section_tree.current)  # the first visit
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        """What waits for the first frame: what changed since read (marked, counted, its
        branches opened), what went wrong reading state, the index when idle, and the
        look at the state for another reader's changes."""
        if self.since_read.started(self.section_tree):
            self.call_after_refresh(self._settle_tree)  # branches opened above: the cursor's line moved
        self.report_warnings()
        self.search.index_when_idle()
        if self.memory.persistent:
            self.set_interval(WATCH, self.marks.watch)

    def on_unmount(self) -> None:
        self.place.closing()

    def _settle_tree(self) -> None:
        tree = self.section_tree
        tree.scroll_home(animate=False, immediate=True)
        if tree.cursor_node is not None:
            tree.scroll_to_node(tree.cursor_node, animate=False)

    @property
    def section_tree(self) -> SectionTree:
        # Not query_one: the screen's query cache would keep a tree a reload replaced alive.
        return self.trees[self.view]

    @property
    def outline(self) -> Outline:
        return self.outline_of(self.view)

    def outline_of(self, view: str) -> Outline:
        """A view's outline, built the first time it is needed."""
        if view not in self._outlines:
            self._outlines[view] = (
                by_actor(self.briefing) if view == ACTOR_VIEW else by_article(self.briefing)
            )
        return self._outlines[view]

    @property
    def panes(self) -> PaneArea:
        return self.query_one(PaneArea)

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    @property
    def section(self) -> Section | None:
        """The section on show, if a section (not a branch) is highlighted."""
        return self.shown.section if isinstance(self.shown, Slot) else None

    # -- what the parts ask of the screen ---------------------------------------------

    def open_screen(self, screen: Screen[T], then: Callable[[T | None], None]) -> None:
        """Push a screen over the reader; ``then`` gets what it was dismissed with, as it
        closes, before any key typed behind the one that closed it (see :mod:`..screens.once`)."""
        if isinstance(screen, OnceScreen):
            screen.then = then
            self.app.push_screen(screen)
        else:
            self.app.push_screen(screen, then)

    def complain(self, message: str) -> None:
        """A key that cannot do anything here: a bell and a short notice."""
        self.app.bell()
        self.notify(message, timeout=2, markup=False)

    def report_warnings(self) -> None:
        """Say what went wrong reading or writing the saved state (reading goes on)."""
        for warning in self.memory.take_warnings():
            self.notify(clean(warning), title="Saved state", severity="warning", timeout=10, markup=False)

    def section_or_warn(self) -> Section | None:
        section = self.section
        if section is None:
            self.notify("Highlight a section first.", severity="warning", timeout=3, markup=False)
        return section

    def rested(self, section: Section) -> None:
        """The cursor rested on a section long enough to count as read."""
        self.since_read.rested(section)

    def show_views(self, views: PaneViews) -> None:
        """Fill the panes with views other than the place's own (what changed, D)."""
        self.panes.show(views)

    def diff_colours(self) -> tuple[str | None, str | None]:
        """The theme's colours for removed and added words."""
        theme = self.app.current_theme
        return theme.error, theme.success

    def set_header_note(self, note: str) -> None:
        self.query_one(TitleBar).note = note

    def redraw(self, section: Section) -> None:
        """Show a section's views again (its note changed), if it is on show."""
        if self.section is section and self.shown is not None:
            self.show(self.shown)

    def visit(self, section_id: str, *, record: bool) -> bool:
        """Put the cursor on a section of the current view; False when it has none."""
        slot = self.outline.slot_of(section_id)
        if slot is None:
            self.app.bell()
            self.notify("That section is no longer in this briefing.", timeout=3, markup=False)
            return False
        if record:
            self.place.jumping(slot)
        self.section_tree.reveal(slot)
        self.show(slot)
        return True

    def goto_section(self, section_id: str) -> None:
        """Put the cursor on a section (its first place in the current view)."""
        slot = self.outline.slot_of(section_id)
        if slot is not None:
            self.place.jumping(slot)
            self.section_tree.reveal(slot)

    # -- following the cursor --------------------------------------------------------

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Node]) -> None:
        data = event.node.data
        if event.control is self.section_tree and data is not None and data is not self.shown:
            self.show(data)

    @on(SectionTree.Read)
    def _read(self, event: SectionTree.Read) -> None:
        self._focus(self.panes.active)

    @on(LinkPane.Follow)
    def _follow(self, message: LinkPane.Follow) -> None:
        message.stop()
        self.indexes.follow(message.target)

    def show(self, item: Node) -> None:
        """Fill the three panes for a section or a branch, and name its article."""
        self.shown = item
        self.since_read.diffing = None
        article_id = item.section.article if isinstance(item, Slot) else item.article
        article = self.briefing.article_by_id.get(article_id or "")
        self.sub_title = article.title if article else ""
        self.query_one(TitleBar).article = self.sub_title
        self.panes.show(self._views.views(item))
        self.place.showing(item)
        self.search.index_when_idle()
        self.call_after_refresh(self._render_ahead, item, None)

    def _build_views(self, item: Node) -> PaneViews:
        if isinstance(item, Slot):
            views = section_views(self.briefing, item.section, self.quote_checks.get(item.section.id))
            return self.marks.with_note(views, item.section)
        return branch_views(self.briefing, item)

    def _note_of(self, item: Node) -> str | None:
        return self.marks.note(item.section.id) if isinstance(item, Slot) else None

    def _render_ahead(self, item: Node, queue: list[tuple[Node, str]] | None) -> None:
        """Render the neighbours of the place on show, a pane per turn (see :mod:`.render_ahead`).

        A turn takes a millisecond or two, so a key pressed meanwhile waits no longer.
        """
        if self.shown is not item or not self.is_mounted:
            return  # the reader moved on (or closed): that place's neighbours are moot
        if queue is None:
            places = neighbours(self.outline, self.section_tree, item)
            queue = [(node, name) for node in places for name in PANES]
        if queue:
            node, name = queue.pop(0)
            self.panes.pane(name).prepare(self._views.views(node)[name])
        if queue:
            self.call_later(self._render_ahead, item, queue)

    def _show_empty(self) -> None:
        self.shown = None
        self.panes.show(empty_views("This briefing has no sections."))

    @on(PaneTabs.Chosen)
    def _tab_chosen(self, event: PaneTabs.Chosen) -> None:
        self._focus(event.pane)

    # -- a new version of the briefing --------------------------------------------------

    async def replace_briefing(self, briefing: Briefing, quote_checks: QuoteChecks | None = None) -> None:
        """Show a reloaded briefing, keeping the view, the open branches, the cursor and the scroll.

        The tree is rebuilt with the same branches open (those new to the file as
        built) and the cursor on the same section; screens open on top are left alone.
        """
        old_tree = self.section_tree
        here = old_tree.current
        opened = set(open_keys(old_tree))
        known = built_keys(old_tree)
        tree_focused = self.focused is old_tree
        scrolls = {pane.id: pane.scroll_offset.y for pane in self.panes.panes}
        self.briefing = briefing
        self.quote_checks = quote_checks or {}
        self.since_read.reloaded(here.section.id if isinstance(here, Slot) else None)
        self.shown = None  # the old places are gone: no rendering ahead of them meanwhile
        self._outlines.clear()
        self._views.clear()
        trees = self.query_one("#trees")
        await trees.remove_children()
        self.trees.clear()
        tree = self._make_tree(self.view)
        await trees.mount(tree)
        restore_open(tree, opened, known=known)
        self.title = briefing.title
        self.query_one(TitleBar).heading = briefing.title
        target = find_again(tree.outline, here)
        if target is None:
            self._show_empty()
        else:
            tree.reveal(target)
            self.show(target)
            if isinstance(here, Slot) and isinstance(target, Slot) and here.section.id == target.section.id:
                for pane in self.panes.panes:
                    pane.scroll_to(y=scrolls.get(pane.id, 0), animate=False, immediate=True)
        if tree_focused or self.focused is None:
            self.set_focus(tree)
        self.search.build_index()  # index the new text

    # -- moving ----------------------------------------------------------------------

    def _go(self, item: Node | None, nothing: str) -> None:
        if item is None:
            self.complain(nothing)
            return
        self.place.jumping(item)
        self.section_tree.reveal(item)
        self.show(item)

    def _here(self) -> Node | None:
        return self.section_tree.current

    def action_next_section(self) -> None:
        here = self._here()
        target = self.outline.next_slot(here.rank) if here else None
        self._go(target, "This is the last section.")

    def action_previous_section(self) -> None:
        here = self._here()
        target = self.outline.previous_slot(here.rank) if here else None
        self._go(target, "This is the first section.")

    def action_next_group(self) -> None:
        here = self._here()
        self._go(self.outline.next_group(here) if here else None, "This is the last group.")

    def action_previous_group(self) -> None:
        here = self._here()
        self._go(self.outline.previous_group(here) if here else None, "This is the first group.")

    def action_jump_group(self, number: int) -> None:
        count = len(self.outline.groups)
        self._go(self.outline.group(number), f"There is no group {number}; this view has {count}.")

    def action_toggle_view(self) -> None:
        here = self._here()
        self.section_tree.display = False
        self.view = ACTOR_VIEW if self.view == ARTICLE_VIEW else ARTICLE_VIEW
        trees = self.query_one("#trees")
        existing = trees.query(f"#tree-{self.view}")
        if existing:
            existing.first().display = True
        else:
            trees.mount(self._make_tree(self.view))
        self.call_after_refresh(self._after_view_change, here)

    def _after_view_change(self, here: Node | None) -> None:
        tree = self.section_tree
        target = self._counterpart(here)
        if target is not None:
            tree.reveal(target)
            self.call_after_refresh(self._settle_tree)
        if tree.current is not None:
            # The cursor may not have moved (no highlight event): show this view's node.
            self.show(tree.current)
        if self.query_one("#trees").display:
            self.set_focus(tree)

    def _counterpart(self, here: Node | None) -> Node | None:
        """The place in the current view that best matches ``here`` from the other one."""
        outline = self.outline
        if isinstance(here, Slot):
            return outline.slot_of(here.section.id)
        if isinstance(here, Branch):
            group = outline.group_by_id(here.id) if here.kind == "group" else None
            if group is not None:
                return group
            if here.sections:
                return outline.slot_of(here.sections[0].id)
        return outline.slots[0] if outline.slots else None

    # -- the parts' keys ---------------------------------------------------------------

    def action_search(self) -> None:
        self.search.open()

    def action_next_hit(self) -> None:
        self.search.step(1)

    def action_previous_hit(self) -> None:
        self.search.step(-1)

    def action_clear_search(self) -> None:
        self.search.clear()

    def action_back(self) -> None:
        self.place.back()

    def action_forward(self) -> None:
        self.place.forward()

    def action_bookmark(self) -> None:
        self.marks.toggle_bookmark()

    def action_bookmarks(self) -> None:
        self.marks.show_list()

    def action_note(self) -> None:
        self.marks.edit_note()

    def action_toggle_export_notes(self) -> None:
        self.marks.toggle_notes_in_exports()

    def action_what_changed(self) -> None:
        self.since_read.toggle_diff()

    def action_changes(self) -> None:
        self.since_read.show_list()

    def action_timeline(self) -> None:
        self.indexes.timeline()

    def action_bibliography(self) -> None:
        self.indexes.bibliography()

    def action_actors(self) -> None:
        self.indexes.actors()

    def action_edit(self) -> None:
        self.editing.edit()

    def action_edit_bundled(self) -> None:
        self.editing.edit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "edit_bundled"):  # one of the two `e` bindings, by the file
            return self.editing.bundled == (action == "edit_bundled")
        return True

    # -- focus and layout ------------------------------------------------------------

    def _focus_order(self) -> list[Widget]:
        order: list[Widget] = [self.section_tree] if self.query_one("#trees").display else []
        return order + list(self.panes.panes)

    def _focus(self, name: str) -> None:
        self.panes.active = name
        # set_focus, not focus(): the latter waits a turn, and a key typed right
        # after tab would still go to the widget being left.
        self.set_focus(self.panes.pane(name))

    def _cycle(self, step: int) -> None:
        order = self._focus_order()
        focused = self.focused
        at = order.index(focused) if focused in order else -1
        target = order[(at + step) % len(order)]
        if isinstance(target, Pane):
            self._focus(target.id or PANES[0])
        else:
            self.set_focus(target)

    def action_focus_next(self) -> None:
        self._cycle(1)

    def action_focus_previous(self) -> None:
        self._cycle(-1)

    def action_toggle_tree(self) -> None:
        trees = self.query_one("#trees")
        self.tree_chosen = not trees.display  # the reader's choice, kept across resizes
        self._show_tree(self.tree_chosen)

    def _show_tree(self, show: bool) -> None:
        trees = self.query_one("#trees")
        if trees.display == show:
            return
        trees.display = show
        if show:
            self.set_focus(self.section_tree)
        elif not isinstance(self.focused, Pane):
            self._focus(self.panes.active)

    def _fit_tree(self, width: int) -> None:
        """Below :data:`TREE_BELOW` columns the panes get the room: the tree hides until backslash."""
        if self.tree_chosen is None:
            self._show_tree(width >= TREE_BELOW)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_tree(event.size.width)

    def on_descendant_focus(self, event: object) -> None:
        focused = self.focused
        if isinstance(focused, Pane) and focused.id in PANES:
            self.panes.active = focused.id

    # -- export ----------------------------------------------------------------------

    def action_export(self) -> None:
        section = self.section_or_warn()
        if section is None:
            return
        from ... import markdown

        text = markdown.section(self.briefing, section, note=self.marks.for_export(section))
        # An id qualified by its briefing (several open at once) holds a slash.
        stem = section.id.replace("/", "--")
        if self.app.is_web:
            # In a browser the file is the visitor's: a download, nothing written on the server.
            self.app.deliver_text(io.StringIO(text), save_filename=f"{stem}.md", mime_type="text/markdown")
            self.notify(f"Sent {stem}.md to your browser as a download", title="Markdown", markup=False)
            return
        try:
            written = write_new(self.cwd or Path.cwd(), stem, ".md", text)
        except OSError as err:
            self.notify(clean(f"Could not export: {err.strerror or err}"), severity="error", markup=False)
            return
        # clean(): a folder's name may hold control characters too.
        self.notify(clean(f"Exported to {written}"), title="Markdown", markup=False)

    def action_copy(self) -> None:
        section = self.section_or_warn()
        if section is None:
            return
        from ... import markdown

        text = markdown.section(self.briefing, section, note=self.marks.for_export(section))
        self.app.copy_to_clipboard(text)
        lines = text.count("\n")
        self.notify(f"Copied “{section.title}” as Markdown ({lines} lines)", title="Clipboard", markup=False)
