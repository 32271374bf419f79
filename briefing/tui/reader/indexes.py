"""The reader's way into the indexes (timeline, bibliography, actors) and along links; reload.

* ``t``, ``s``, ``A`` open :class:`~briefing.tui.screens.timeline.TimelineScreen`,
  :class:`~briefing.tui.screens.indexes.BibliographyScreen` and
  :class:`~briefing.tui.screens.indexes.ActorsScreen`; the section chosen there, like a
  cross-reference followed in a pane, is reached through the reader's
  ``goto_section``, so it is a jump like any other (and counts in history).
* :meth:`Connections.replace_briefing` swaps in a reloaded briefing in place:
  the tree is rebuilt with the same branches open and the cursor on the same
  section, the panes keep their scroll; screens open on top are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.screen import Screen

from ...model import Briefing, Section
from ...verify import QuoteCheck
from ..views.outline import Branch, Outline, Slot
from ..widgets.header import TitleBar
from ..widgets.links import LinkPane
from ..widgets.tree import Node, SectionTree

if TYPE_CHECKING:
    from .screen import ReaderScreen


def connection_bindings() -> list[BindingType]:
    # Not in the footer, which is full at 80 columns: ? lists them, with every key.
    return [
        Binding(
            "t", "timeline", "Timeline", tooltip="Timeline: every dated event and quote, by year",
            show=False, id="reader.timeline",
        ),
        Binding(
            "s", "bibliography", "Bibliography", show=False, id="reader.bibliography",
            tooltip="Bibliography: every source and the sections citing it",
        ),
        Binding(
            "A", "actors", "Actors", tooltip="Actors: every actor and the sections about or quoting it",
            show=False, id="reader.actors",
        ),
    ]  # fmt: skip


def _path(branch: Branch | None) -> tuple[tuple[str, str], ...]:
    """A branch's place in a view, as (kind, id) from the top: the same in a rebuilt outline."""
    keys: list[tuple[str, str]] = []
    while branch is not None:
        keys.append((branch.kind, branch.id))
        branch = branch.parent
    return tuple(reversed(keys))


def _branches(tops: list[Branch]) -> list[Branch]:
    found: list[Branch] = []
    for branch in tops:
        found.append(branch)
        found += _branches(branch.children)
    return found


def find_again(outline: Outline, here: Node | None) -> Node | None:
    """The node of a rebuilt outline that stands where ``here`` stood in the old one."""
    if here is None:
        return outline.slots[0] if outline.slots else None
    wanted = _path(here.parent if isinstance(here, Slot) else here)
    branch = next((b for b in _branches(outline.tops) if _path(b) == wanted), None)
    if isinstance(here, Slot):
        if branch is not None:
            for slot in branch.slots:
                if slot.section.id == here.section.id:
                    return slot
        moved = outline.slot_of(here.section.id)
        if moved is not None:
            return moved
    if branch is not None:
        return branch
    return outline.slots[0] if outline.slots else (outline.tops[0] if outline.tops else None)


def _open_paths(tree: SectionTree) -> set[tuple[tuple[str, str], ...]]:
    opened = set()
    for branch in _branches(tree.outline.tops):
        node = tree.node_of(branch)
        if node is not None and node.is_expanded:
            opened.add(_path(branch))
    return opened


def _restore_open(tree: SectionTree, opened: set[tuple[tuple[str, str], ...]], known: set) -> None:
    """Open what was open; close what was closed; leave branches new to the file as built."""
    for branch in _branches(tree.outline.tops):
        node = tree.node_of(branch)
        if node is None:
            continue
        path = _path(branch)
        if path in opened:
            tree.open(node)
        elif path in known and node.is_expanded:
            node.collapse()


class Connections:
    """Actions and hooks for :class:`~briefing.tui.reader.screen.ReaderScreen` (a mixin)."""

    # -- indexes ---------------------------------------------------------------------

    def _here_id(self: ReaderScreen) -> str | None:
        section = self.section
        return section.id if section is not None else None

    def _open_index(self: ReaderScreen, screen: Screen[str | None]) -> None:
        self.app.push_screen(screen, self._chosen_in_index)

    def _chosen_in_index(self: ReaderScreen, section_id: str | None) -> None:
        if section_id is not None:
            self.goto_section(section_id)

    # The index screens load on first use: nothing of theirs is needed for the first frame.

    def action_timeline(self: ReaderScreen) -> None:
        from ..screens.timeline import TimelineScreen

        self._open_index(TimelineScreen(self.briefing, here=self._here_id()))

    def action_bibliography(self: ReaderScreen) -> None:
        from ..screens.indexes import BibliographyScreen

        self._open_index(BibliographyScreen(self.briefing, here=self._here_id()))

    def action_actors(self: ReaderScreen) -> None:
        from ..screens.indexes import ActorsScreen

        self._open_index(ActorsScreen(self.briefing, here=self._here_id()))

    # -- provenance ------------------------------------------------------------------

    def _quote_checks(self: ReaderScreen, section: Section) -> Mapping[int, QuoteCheck] | None:
        """How the section's quotes checked against their article's text, when it was given."""
        return self.app.quote_checks.get(section.id) if hasattr(self.app, "quote_checks") else None

    # -- cross-references in the panes -------------------------------------------

    def on_link_pane_follow(self: ReaderScreen, message: LinkPane.Follow) -> None:
        message.stop()
        if message.target in self.briefing.section_by_id:
            self.goto_section(message.target)

    # -- live reload -------------------------------------------------------------

    async def replace_briefing(self: ReaderScreen, briefing: Briefing) -> None:
        """Show a reloaded briefing, keeping the view, the open branches, the cursor and the scroll."""
        old_tree = self.tree
        here = old_tree.current
        opened = _open_paths(old_tree)
        known = {_path(b) for b in _branches(old_tree.outline.tops) if old_tree.node_of(b) is not None}
        tree_focused = self.focused is old_tree
        scrolls = {pane.id: pane.scroll_offset.y for pane in self.panes.panes}
        self.briefing = briefing
        if hasattr(self, "_reloaded_changes"):  # mark what differs from what was read
            self._reloaded_changes(here.section.id if isinstance(here, Slot) else None)
        self.shown = None  # the old places are gone: no rendering ahead of them meanwhile
        self._outlines.clear()
        self._views.clear()
        if hasattr(self, "_trees"):  # the keeping mixin's record of built trees
            self._trees.clear()
        trees = self.query_one("#trees")
        await trees.remove_children()
        tree = self._make_tree(self.view) if hasattr(self, "_make_tree") else None
        if tree is None:
            tree = SectionTree(briefing, self.outline_of(self.view), id=f"tree-{self.view}")
        await trees.mount(tree)
        _restore_open(tree, opened, known)
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
        if hasattr(self, "_build_index"):  # search: index the new text
            self.search_index = None
            self._build_index()
