"""The section tree: one :class:`~briefing.tui.views.outline.Outline` shown as a Textual Tree.

Nodes are built lazily: a branch gets its children the first time it opens, so a
briefing of thousands of sections costs only what is on screen. Labels are Rich
Text (never markup) and are cut with an ellipsis to the tree's width.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...model import Briefing
from ..internals import QuietTree
from ..views.outline import ACTOR_VIEW, NO_ACTOR, Branch, Outline, Slot

Node = Branch | Slot
EXPAND_ALL_UP_TO = 400
"""Open every branch on start when the view has at most this many sections."""
VIEW_TITLES = {"article": "By article", ACTOR_VIEW: "By actor"}
MARK_STYLE = "bold #e9a23b"
"""The bookmark and note marks before a section's title."""


class SectionTree(QuietTree[Node], inherit_bindings=False):
    """Articles, groups, actors and sections; highlighting a node shows it in the panes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next line", show=False, id="tree.down"),
        Binding("up,k", "cursor_up", "Previous line", show=False, id="tree.up"),
        Binding("g,home", "scroll_home", "First line", show=False, id="tree.top"),
        Binding("G,end", "scroll_end", "Last line", show=False, id="tree.bottom"),
        Binding("pagedown", "page_down", "Page down", show=False, id="tree.page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="tree.page-up"),
        Binding("enter", "open", "Expand or collapse; on a section, read it", show=False, id="tree.open"),
        Binding("space", "toggle_node", "Expand or collapse", show=False, id="tree.toggle"),
        Binding("right", "expand_or_child", "Expand, or go to the first child", show=False, id="tree.expand"),
        Binding(
            "left", "collapse_or_parent", "Collapse, or go to the parent", show=False, id="tree.collapse"
        ),
    ]

    def __init__(
        self,
        briefing: Briefing,
        outline: Outline,
        *,
        id: str | None = None,
        marks: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(Text(briefing.title), id=id)
        self.briefing = briefing
        self.outline = outline
        self.marks = marks
        """A section id's marks (a bookmark, a note) shown before its title."""
        self._by_section: dict[str, list[TreeNode[Node]]] = {}
        self.show_root = False
        self.guide_depth = 3
        self.auto_expand = False
        self.border_title = VIEW_TITLES.get(outline.view, outline.view)
        self._by_rank: dict[int, TreeNode[Node]] = {}
        # A small view opens its branches (the actor view only its groups, so
        # its actors read as an index); a big one only the way to its first
        # section. Nodes are made open, not expanded: no messages can go yet.
        small = len(outline.slots) <= EXPAND_ALL_UP_TO
        # The branches above the first section (two, or three for several briefings).
        first: set[Branch] = set()
        branch = outline.slots[0].parent if outline.slots else None
        while branch is not None:
            first.add(branch)
            branch = branch.parent
        open_all = small and outline.view != ACTOR_VIEW
        for top in outline.tops:
            node = self._add(self.root, top, expand=small or top in first)
            if node.is_expanded:
                self._populate(node, expand=True if open_all else first)

    # -- building --------------------------------------------------------------------

    def label(self, item: Node) -> Text:
        briefing = self.briefing
        if isinstance(item, Slot):
            mark = self.marks(item.section.id) if self.marks else ""
            if mark:
                return Text.assemble((f"{mark} ", MARK_STYLE), item.section.title)
            return Text(item.section.title)
        if item.kind == "article":
            return Text(briefing.article_by_id[item.id].title, style="bold")
        if item.kind == "briefing":  # one of several files opened together
            return Text(briefing.part_by_id[item.id].title, style="bold underline")
        if item.kind == "group":
            text = Text()
            if item.group_number <= 9:
                text.append(f"{item.group_number} ", style="dim")
            text.append(briefing.group_by_id[item.id].title)
        else:
            name = briefing.actor_name(item.id) if item.id != NO_ACTOR else "No actor named"
            text = Text()
            text.append(name, style="italic" if item.id == NO_ACTOR else "")
        text.append(f" {len(item.sections)}", style="dim")
        return text

    def _add(self, parent: TreeNode[Node], item: Node, *, expand: bool = False) -> TreeNode[Node]:
        if isinstance(item, Slot):
            node = parent.add_leaf(self.label(item), item)
            self._by_section.setdefault(item.section.id, []).append(node)
        else:
            allow = bool(item.children or item.slots)
            node = parent.add(self.label(item), item, allow_expand=allow, expand=expand and allow)
        self._by_rank[item.rank] = node
        return node

    def _populate(self, node: TreeNode[Node], *, expand: bool | set[Branch] = False) -> None:
        """Give a branch node its children (once); ``expand`` opens all of them, or those in it."""
        item = node.data
        if not isinstance(item, Branch) or node.children:
            return
        # Each add() would drop the tree's line index and ask for a layout; a
        # group of thousands of sections wants that once, after the last one.
        with self.adding_many():
            for child in item.children:
                opened = expand is True or (isinstance(expand, set) and child in expand)
                child_node = self._add(node, child, expand=opened)
                if opened:
                    self._populate(child_node, expand=expand)
            for slot in item.slots:
                self._add(node, slot)

    def process_label(self, label: str | Text) -> Text:
        # Our labels are one-line Text already; the default copies each by splitting it.
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def open(self, node: TreeNode[Node]) -> None:
        self._populate(node)
        if node.allow_expand and not node.is_expanded:
            node.expand()

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Node]) -> None:
        # A mouse click on the arrow expands without our actions.
        self._populate(event.node)

    def refresh_marks(self, section_id: str) -> None:
        """Redraw the labels of a section's built nodes (after a bookmark or note changed)."""
        for node in self._by_section.get(section_id, ()):
            if isinstance(node.data, Slot):
                node.set_label(self.label(node.data))

    def node_of(self, item: Node) -> TreeNode[Node] | None:
        """The tree node of an outline place, if it has been built."""
        return self._by_rank.get(item.rank)

    # -- moving ----------------------------------------------------------------------

    @property
    def current(self) -> Node | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def reveal(self, item: Node, *, move: bool = True) -> None:
        """Open the branches above ``item`` and put the cursor on it."""
        chain: list[Branch] = []
        branch = item.parent
        while branch is not None:
            chain.append(branch)
            branch = branch.parent
        for above in reversed(chain):
            self.open(self._by_rank[above.rank])
        if not move:
            return
        node = self._by_rank[item.rank]
        _ = self.last_line  # rebuild the line index now, so the node knows its line
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)

    def scroll_to_line(self, line: int, animate: bool = True) -> None:
        """Bring ``line`` into view: nothing while it is in view, else centre it.

        Textual's tree scrolls a line per key once the cursor reaches an edge, which
        redraws the whole tree on every key. Centring (as Emacs does when the point
        leaves the window) shows what lies ahead of the cursor, and the next half a
        screen of moves redraws two lines each.
        """
        height = self.scrollable_content_region.height
        moving = self.app.animator.is_being_animated(self, "scroll_y")
        top = round(self.scroll_target_y if moving else self.scroll_offset.y)  # where a scroll will end
        if not height or top <= line < top + height:
            return  # no height yet: the reader scrolls the tree once it is laid out
        where = Region(0, line, 1, 1)
        self.scroll_to_region(where, animate=animate, force=True, center=True, x_axis=False)

    class Read(Message):
        """Enter on a section: the reader moves on to its panes."""

        def __init__(self, slot: Slot) -> None:
            super().__init__()
            self.slot = slot

    def action_open(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if isinstance(node.data, Slot):
            self.post_message(self.Read(node.data))
        else:
            self._toggle(node)

    def action_select_cursor(self) -> None:
        # A click on a label: open or close a branch, keep the focus here.
        node = self.cursor_node
        if node is not None and node.allow_expand:
            self._toggle(node)
        super().action_select_cursor()

    def action_toggle_node(self) -> None:
        node = self.cursor_node
        if node is not None:
            self._toggle(node)

    def _toggle(self, node: TreeNode[Node]) -> None:
        if node.is_expanded:
            node.collapse()
        else:
            self.open(node)

    def action_expand_or_child(self) -> None:
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if node.is_expanded and node.children:
            self.move_cursor(node.children[0])
        else:
            self.open(node)

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and not node.parent.is_root:
            self.move_cursor(node.parent)

    # -- drawing ---------------------------------------------------------------------

    def get_label_width(self, node: TreeNode[Node]) -> int:
        # Called for every line on each rebuild of the line index. Labels are cut
        # to the tree's width anyway, so their length will do; the default renders
        # and styles a copy of each.
        label = node.label
        width = label.cell_len if isinstance(label, Text) else len(label)
        return width + (len(self.ICON_NODE) if node.allow_expand else 0)

    def render_label(self, node: TreeNode[Node], base_style: Style, style: Style) -> Text:
        label = super().render_label(node, base_style, style)
        room = self.scrollable_content_region.width
        if room > 0:
            depth = 0
            parent = node.parent
            while parent is not None and not parent.is_root:
                depth += 1
                parent = parent.parent
            room -= depth * self.guide_depth
            if label.cell_len > room > 1:
                label.truncate(room, overflow="ellipsis")
        return label
