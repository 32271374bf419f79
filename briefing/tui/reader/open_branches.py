"""Which branches of a tree are open, as keys that outlive the session, and back.

Only branches are walked (articles, groups, actors: a few per group), never the
sections, so saving and restoring cost nothing that grows with the briefing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..views.outline import Branch
from ..widgets.tree import SectionTree
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


def restore_open(tree: SectionTree, keys: set[str]) -> None:
    """Open the branches named in ``keys`` and close the others that are built."""
    view = tree.outline.view
    for branch in branches(tree.outline.tops):
        node = tree.node_of(branch)
        if node is None:  # under a closed branch, never built
            continue
        if branch_key(view, branch) in keys:
            tree.open(node)
        elif node.is_expanded:
            node.collapse()
