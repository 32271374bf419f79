"""Rendering ahead: the panes of the places a reader is likely to move to next.

Reading is mostly in order: ``n`` and ``p``, ``↓`` and ``↑`` in the tree. Once a
place is on screen, the reader builds its neighbours' views and has the panes
render them, one neighbour per turn of the event loop, so a key pressed meanwhile
is handled first. The next move then only swaps rendered lines in.

The views are kept here per place (and per note, which is part of the Sources
view), so the panes can recognise a view they rendered ahead by its identity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.cache import LRUCache

from ..views.outline import Outline
from ..views.render import PaneViews
from ..widgets.tree import Node, SectionTree

KEPT_VIEWS = 16
"""How many places' views are kept (the panes keep fewer rendered bodies)."""


class ViewMemo:
    """The last few places' views, so one place always shows the same view objects."""

    def __init__(self, build: Callable[[Node], PaneViews], note: Callable[[Node], str | None]) -> None:
        self._build = build
        self._note = note
        self._kept: LRUCache[tuple[int, str | None], tuple[Node, PaneViews]] = LRUCache(KEPT_VIEWS)
        """Views by what they are built from: the place (by identity: the cache holds it,
        so its id stays unique) and its note (shown in the Sources view)."""

    def views(self, item: Node) -> PaneViews:
        """``item``'s views with its note as it is now: the kept ones, or new ones."""
        key = (id(item), self._note(item))
        kept = self._kept.get(key)
        if kept is not None:
            return kept[1]
        views = self._build(item)
        self._kept[key] = (item, views)
        return views

    def clear(self) -> None:
        """Forget every view (the briefing was reloaded)."""
        self._kept.clear()


def neighbours(outline: Outline, tree: SectionTree, item: Node) -> list[Node]:
    """Where one key from ``item`` leads, the likeliest first, without repeats.

    The next and previous sections (``n``, ``p``) and the tree's lines below and
    above the cursor (``↓``, ``↑``), which may be branches.
    """
    line = tree.cursor_line
    candidates: Iterable[Node | None] = (
        outline.next_slot(item.rank),
        _data(tree, line + 1),
        outline.previous_slot(item.rank),
        _data(tree, line - 1),
    )
    seen = {id(item)}
    out: list[Node] = []
    for candidate in candidates:
        if candidate is not None and id(candidate) not in seen:
            seen.add(id(candidate))
            out.append(candidate)
    return out


def _data(tree: SectionTree, line: int) -> Node | None:
    if line < 0:
        return None
    node = tree.get_node_at_line(line)
    return node.data if node is not None else None
