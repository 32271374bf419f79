"""The footer, drawn with the first frame, and rebuilt only when its keys change.

Textual's Footer composes its keys only after the screen's first bindings
signal, so they appear a frame or two after everything else. The screen's
bindings are known when it mounts; this footer composes them at once.

Textual's Footer also rebuilds itself on every bindings signal: each focus
change, each mount, each explicit refresh. Rebuilding mounts a widget per key and
lays the screen out again (about 25 ms). This one compares what it would show
with what it shows, and rebuilds only when they differ.

A footer too narrow for every key cuts the last ones off mid-word; this one shows
whole keys only, the most useful ones that fit (:data:`USEFUL`), in the order of
the bindings, and checks again when its width changes. ``?`` lists them all.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from ..internals import compose_footer_at_once, footer_actions, footer_keys_set, footer_width

# Actions by how much a reader needs to see their key, most first; others come after.
USEFUL = (
    "next_section",
    "previous_section",
    "search",
    "help",
    "quit",
    "toggle_view",
    "bookmark",
    "note",
    "timeline",
    "edit",
    "export",
    "copy",
    "bibliography",
    "actors",
    "bookmarks",
    "changes",
    "toggle_tree",
)
_RANK = {action: rank for rank, action in enumerate(USEFUL)}


def _ranks(items: list[Widget]) -> list[int]:
    """How useful each footer item is: a key's rank, a group's best key's; a group's
    label (an item with no key) goes with the item before it."""
    ranks: list[int] = []
    for item in items:
        actions = footer_actions(item)
        if not actions and ranks:
            ranks.append(ranks[-1])
            continue
        last = len(USEFUL)
        ranks.append(min((_RANK.get(a.rpartition(".")[2], last) for a in actions), default=last))
    return ranks


def fitting(widths: list[int], ranks: list[int], room: int) -> list[bool]:
    """Which items to show: the most useful first while they fit in ``room`` cells."""
    shown = [False] * len(widths)
    used = 0
    for index in sorted(range(len(widths)), key=lambda i: (ranks[i], i)):
        if used + widths[index] <= room:
            shown[index] = True
            used += widths[index]
    return shown


class ReadyFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        compose_footer_at_once(self)
        self._shown: Hashable = None
        self._items: list[Widget] = []

    def _keys(self) -> Hashable:
        """What the footer would show now: each shown binding, and whether it is enabled."""
        return (
            self.show_command_palette,
            tuple(
                (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
                for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
                if binding.show or binding.action == "command_palette"
            ),
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        self._items = []
        for item in super().compose():  # passed through one by one: a group gathers its keys
            self._items.append(item)
            footer_keys_set(item, self.compact)  # no style update per key as it mounts
            yield item
        self.fit(self.app.size.width)  # before the first frame: no key is ever drawn cut

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and self._keys() == self._shown:
            return
        super().bindings_changed(screen)

    def on_resize(self) -> None:
        self.fit(self.size.width)

    def fit(self, width: int) -> None:
        """Show the most useful whole keys that fit in ``width`` cells; hide the rest."""
        docked = [i for i in self._items if i.has_class("-command-palette")]
        items = [i for i in self._items if i not in docked]
        room = width - sum(footer_width(i) for i in docked)
        shown = fitting([footer_width(i) for i in items], _ranks(items), room)
        for item, show in zip(items, shown, strict=True):
            if item.display != show:
                item.display = show
