"""Which branches of a tree are open, as keys, and where a place stands in a rebuilt tree.

The keys (:func:`~briefing.tui.reader.saved_state.branch_key`: the view, then
the ids from the top) outlive the session, and they outlive a reload: the same
keys reopen the same branches of a tree built from the new file.

Only branches are walked (articles, groups, actors: a few per group), never the
sections, so saving and restoring cost nothing that grows with the briefing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..views.outline import Branch, Outline, Slot
from ..widgets.tree import Node, SectionTree
from .saved_state import branch_key, view_mark


def branches(tops: Iterable[Branch]) -> Iterator[Branch]:
    """Every branch, parents before their children."""
    for branch in tops:
        yield branch
        yield from branches(branch.children)


def open_keys(tree: SectionTree) -> list[str]:
    """The keys of a tree's open branches, after the mark saying the view was saved."""
    view = tree.outline.view
    keys = [view_mark(view)]
    for branch in branches(tree.outline.tops):
        node = tree.node_of(branch)
        if node is not None and node.is_expanded:
            keys.append(branch_key(view, branch))
    return keys


def built_keys(tree: SectionTree) -> set[str]:
    """The keys of the branches a tree has built (open, or closed once built)."""
    view = tree.outline.view
    return {branch_key(view, b) for b in branches(tree.outline.tops) if tree.node_of(b) is not None}


def restore_open(tree: SectionTree, keys: set[str], *, known: set[str] | None = None) -> None:
    """Open the branches named in ``keys`` and close the other built ones.

    With ``known`` (the branches the tree had before a reload), only those are
    closed: a branch new to the file stays as built.
    """
    view = tree.outline.view
    for branch in branches(tree.outline.tops):
        node = tree.node_of(branch)
        if node is None:  # under a closed branch, never built
            continue
        key = branch_key(view, branch)
        if key in keys:
            tree.open(node)
        elif node.is_expanded and (known is None or key in known):
            node.collapse()


def find_again(outline: Outline, here: Node | None) -> Node | None:
    """The node of a rebuilt outline (same view) that stands where ``here`` stood in the old one."""
    if here is None:
        return outline.slots[0] if outline.slots else None
    view = outline.view
    wanted = branch_key(view, here.parent if isinstance(here, Slot) else here)
    branch = next((b for b in branches(outline.tops) if branch_key(view, b) == wanted), None)
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
