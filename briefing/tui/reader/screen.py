"""The reader: the section tree on the left, the Claim, Analysis and Sources panes on the right.

The screen owns the reader's bindings and actions. Moving through sections and
groups asks the current :class:`~briefing.tui.views.outline.Outline` for the next place
(a binary search), then reveals it in the tree; the panes follow the tree's
highlight, so every way of moving updates all three panes.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Tree

from ... import markdown
from ...fileio import write_new
from ...model import Briefing, Section
from ...text import clean
from ..views.outline import ACTOR_VIEW, ARTICLE_VIEW, Branch, Outline, Slot, by_actor, by_article
from ..views.render import PaneView, PaneViews, branch_views, hint, section_views
from ..widgets.footer import ReadyFooter
from ..widgets.header import TitleBar
from ..widgets.pane_area import PaneArea, PaneTabs
from ..widgets.panes import PANES, Pane
from ..widgets.tree import Node, SectionTree
from .changes import ChangeCommands, Changes, change_bindings
from .indexes import Connections, connection_bindings
from .palette import SectionCommands
from .render_ahead import ViewMemo, neighbours
from .search import Keeping, keeping_bindings

SECTION_KEYS = Binding.Group("Section")
GROUP_KEYS = Binding.Group("Group")


def _group_bindings() -> list[BindingType]:
    return [
        Binding(str(n), f"jump_group({n})", "Jump to group N", show=False, id=f"reader.group-{n}")
        for n in range(1, 10)
    ]


class ReaderScreen(Keeping, Connections, Changes, Screen[None], inherit_bindings=False):
    """Tree and panes for one briefing."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"),
        (100, "-medium"),
        (170, "-wide"),
    ]
    COMMANDS: ClassVar = {SectionCommands, ChangeCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n",
            "next_section",
            "Next",
            tooltip="Next section, across groups and articles",
            group=SECTION_KEYS,
            id="reader.next-section",
        ),
        Binding(
            "p",
            "previous_section",
            "Previous",
            tooltip="Previous section, across groups and articles",
            group=SECTION_KEYS,
            id="reader.previous-section",
        ),
        Binding("right_square_bracket", "next_group", "Next group", show=False, id="reader.next-group"),
        Binding(
            "left_square_bracket", "previous_group", "Previous group", show=False, id="reader.previous-group"
        ),
        *_group_bindings(),
        Binding(
            "v", "toggle_view", "View", tooltip="Tree by article, or by group and actor", id="reader.view"
        ),
        Binding(
            "backslash",
            "toggle_tree",
            "Tree",
            key_display="\\",
            tooltip="Hide or show the tree",
            id="reader.tree",
        ),
        Binding(
            "m",
            "export",
            "Export",
            tooltip="Export the section to <id>.md in the working directory",
            id="reader.export",
        ),
        Binding(
            "y", "copy", "Copy", tooltip="Copy the section as Markdown to the clipboard", id="reader.copy"
        ),
        *keeping_bindings(),
        *connection_bindings(),
        *change_bindings(),
        Binding("tab", "focus_next", "Focus the next pane", show=False, id="reader.focus-next"),
        Binding(
            "shift+tab", "focus_previous", "Focus the previous pane", show=False, id="reader.focus-previous"
        ),
    ]

    def __init__(self, briefing: Briefing, *, cwd: Path | None = None) -> None:
        super().__init__()
        self.briefing = briefing
        self.cwd = cwd
        self._outlines: dict[str, Outline] = {ARTICLE_VIEW: by_article(briefing)}
        self.view = ARTICLE_VIEW
        self.shown: Node | None = None
        self._views = ViewMemo(self._build_views, self._note_of)
        self._init_keeping()  # may choose the remembered view
        self._init_changes()

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Take the width's layout class now: Textual applies breakpoints on the first
        # Resize, after a layout and styling without them, which then all run again.
        self.add_class(*self._get_breakpoint_classes(self.app.size.width, self.HORIZONTAL_BREAKPOINTS or []))
        yield TitleBar()
        with Horizontal(id="main"):
            with Container(id="trees"):
                yield self._make_tree(self.view)
            yield PaneArea(id="panes")
        yield ReadyFooter()

    def on_mount(self) -> None:
        self.title = self.briefing.title
        self.query_one(TitleBar).heading = self.briefing.title
        tree = self.tree
        self.set_focus(tree)
        outline = self.outline
        if outline.slots:
            place = self._opening_place(tree)  # the last section read, else the first
            tree.reveal(place)
            self.show(place)  # now, so the first frame has the panes filled
            # Scrolling at mount used a tree of no height; settle it once laid out.
            self.call_after_refresh(self._settle_tree)
        else:
            self._show_empty()
        self._start_keeping()
        self._start_changes()

    def _settle_tree(self) -> None:
        tree = self.tree
        tree.scroll_home(animate=False, immediate=True)
        if tree.cursor_node is not None:
            tree.scroll_to_node(tree.cursor_node, animate=False)

    @property
    def tree(self) -> SectionTree:
        return self.query_one(f"#tree-{self.view}", SectionTree)

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

    # -- following the cursor --------------------------------------------------------

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[Node]) -> None:
        if event.control is self.tree and event.node.data is not None and event.node.data is not self.shown:
            self.show(event.node.data)

    @on(SectionTree.Read)
    def _read(self, event: SectionTree.Read) -> None:
        self._focus(self.panes.active)

    def show(self, item: Node) -> None:
        """Fill the three panes for a section or a branch, and name its article."""
        self.shown = item
        self._diffing = None
        article_id = item.section.article if isinstance(item, Slot) else item.article
        article = self.briefing.article_by_id.get(article_id or "")
        self.sub_title = article.title if article else ""
        self.query_one(TitleBar).article = self.sub_title
        self.panes.show(self._views.views(item))
        self._showing(item)
        self.call_after_refresh(self._render_ahead, item, None)

    def _build_views(self, item: Node) -> PaneViews:
        if isinstance(item, Slot):
            views = section_views(self.briefing, item.section, self._quote_checks(item.section))
            return self._with_note(views, item.section)
        return branch_views(self.briefing, item)

    def _note_of(self, item: Node) -> str | None:
        return self.memory.note(item.section.id) if isinstance(item, Slot) else None

    def _render_ahead(self, item: Node, queue: list[tuple[Node, str]] | None) -> None:
        """Render the neighbours of the place on show, a pane per turn (see :mod:`.ahead`).

        A turn takes a millisecond or two, so a key pressed meanwhile waits no longer.
        """
        if self.shown is not item or not self.is_mounted:
            return  # the reader moved on (or closed): that place's neighbours are moot
        if queue is None:
            queue = [(node, name) for node in neighbours(self.outline, self.tree, item) for name in PANES]
        if queue:
            node, name = queue.pop(0)
            self.panes.pane(name).prepare(getattr(self._views.views(node), name))
        if queue:
            self.call_later(self._render_ahead, item, queue)

    def _show_empty(self) -> None:
        self.shown = None
        empty = PaneView("Claim", hint("This briefing has no sections."))
        self.panes.show(PaneViews(empty, PaneView("Analysis", hint("")), PaneView("Sources", hint(""))))

    @on(PaneTabs.Chosen)
    def _tab_chosen(self, event: PaneTabs.Chosen) -> None:
        self._focus(event.pane)

    # -- moving ----------------------------------------------------------------------

    def _go(self, item: Node | None, nothing: str) -> None:
        if item is None:
            self.app.bell()
            self.notify(nothing, timeout=2, markup=False)
            return
        self._jumping(item)
        self.tree.reveal(item)
        self.show(item)

    def _here(self) -> Node | None:
        return self.tree.current

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

    def goto_section(self, section_id: str) -> None:
        """Put the cursor on a section (its first place in the current view)."""
        slot = self.outline.slot_of(section_id)
        if slot is not None:
            self._jumping(slot)
            self.tree.reveal(slot)

    def action_toggle_view(self) -> None:
        here = self._here()
        self.tree.display = False
        self.view = ACTOR_VIEW if self.view == ARTICLE_VIEW else ARTICLE_VIEW
        trees = self.query_one("#trees")
        existing = trees.query(f"#tree-{self.view}")
        if existing:
            existing.first().display = True
        else:
            trees.mount(self._make_tree(self.view))
        self.call_after_refresh(self._after_view_change, here)

    def _after_view_change(self, here: Node | None) -> None:
        tree = self.tree
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

    # -- focus and layout ------------------------------------------------------------

    def _focus_order(self) -> list[Widget]:
        order: list[Widget] = [self.tree] if self.query_one("#trees").display else []
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
            self._focus(target.id or "claim")
        else:
            self.set_focus(target)

    def action_focus_next(self) -> None:
        self._cycle(1)

    def action_focus_previous(self) -> None:
        self._cycle(-1)

    def action_toggle_tree(self) -> None:
        trees = self.query_one("#trees")
        trees.display = not trees.display
        if trees.display:
            self.set_focus(self.tree)
        elif not isinstance(self.focused, Pane):
            self._focus(self.panes.active)

    def on_descendant_focus(self, event: object) -> None:
        focused = self.focused
        if isinstance(focused, Pane) and focused.id in PANES:
            self.panes.active = focused.id

    # -- export ----------------------------------------------------------------------

    def _section_or_warn(self) -> Section | None:
        section = self.section
        if section is None:
            self.notify("Highlight a section first.", severity="warning", timeout=3, markup=False)
        return section

    def action_export(self) -> None:
        section = self._section_or_warn()
        if section is None:
            return
        text = markdown.section(self.briefing, section, note=self._export_note(section))
        try:
            # An id qualified by its briefing (several open at once) holds a slash.
            written = write_new(self.cwd or Path.cwd(), section.id.replace("/", "--"), ".md", text)
        except OSError as err:
            self.notify(clean(f"Could not export: {err.strerror or err}"), severity="error", markup=False)
            return
        # clean(): a folder's name may hold control characters too.
        self.notify(clean(f"Exported to {written}"), title="Markdown", markup=False)

    def action_copy(self) -> None:
        section = self._section_or_warn()
        if section is None:
            return
        text = markdown.section(self.briefing, section, note=self._export_note(section))
        self.app.copy_to_clipboard(text)
        lines = text.count("\n")
        self.notify(f"Copied “{section.title}” as Markdown ({lines} lines)", title="Clipboard", markup=False)
