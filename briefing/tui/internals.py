"""Every use of a private Textual or Rich internal, fenced in one module.

The reader keeps a key press to redrawing what changed partly by taking over a
few private hooks of Textual's Tree and Footer (see README, Performance), and it
reads two private attributes for the help screen and one of Rich's. Each is
named in :data:`INTERNALS` and used only here; ``tests/test_internals.py``
checks every one of them against the installed Textual and Rich, so an upgrade
that removes or changes one fails there, naming it, and checks that no other
module of the package touches a private attribute of either library.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from rich.cells import cell_len
from rich.style import Style
from textual import events
from textual.app import App
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.notifications import Notification
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Label, OptionList, Select, Tree
from textual.widgets._footer import FooterKey

INTERNALS: dict[str, str] = {
    "textual.widgets.Tree._invalidate": "held back while a branch adds many nodes (QuietTree.adding_many)",
    "textual.widgets.Tree._on_resize": "replaced: a resize keeps the tree's lines (QuietTree)",
    "textual.widgets.Tree._line_cache": "grown on a resize, cleared on a restyle (QuietTree)",
    "textual.widgets.Tree.notify_style_update": (
        "passed over for Widget's: a restyle keeps the line index (QuietTree.notify_style_update)"
    ),
    "textual.widgets.Footer._bindings_ready": "set at once: the footer composes its keys for the first frame",
    "textual.dom.DOMNode._bindings": "a node's own bindings, listed by the help screen",
    "textual.app.App._keymap": "the app's keymap, applied to those bindings as Textual does",
    "textual.screen.Screen._get_breakpoint_classes": (
        "the width's layout class, taken before the first layout (width_classes)"
    ),
    "rich.style.Style._meta": "read to skip decoding the meta of the many segments that have none",
    "textual.widgets._footer.FooterKey.action": (
        "a footer key's action and text, by which the footer keeps the most useful keys that fit"
        " (footer_actions, footer_width)"
    ),
    "textual.widgets.OptionList._index_to_line": (
        "read to tell whether a list's lines are laid out before a page key (widgets.guards)"
    ),
    "textual.widgets.Select._type_to_search": "passed on to the guarded drop-down (guards.SafeSelect)",
    "textual.app.App._notifications": "read to find the reload notices a fixed save takes back",
    "textual.app.App._unnotify": "takes back one notice (a fixed save, the reload's 'Not reloaded')",
    "textual.app.App._check_bindings": (
        "runs a key's binding as the app would once the key bubbled up, but at once, in the"
        " order typed (screens.early_typing.in_order)"
    ),
    "textual.widget.Widget._pending_children": (
        "the keys of a footer group before it mounts, given the footer's compact (footer_keys_set)"
    ),
}
"""Each internal used, and what for."""

T = TypeVar("T")


class QuietTree(Tree[T]):
    """Textual's Tree, with the private hooks that rebuild it too often taken over.

    Textual's Tree drops its line index and lays the screen out on every node
    added, on every resize and on every change of style; for a tree of thousands
    of lines each costs tens of milliseconds.
    """

    _held = 0
    """Above 0 inside :meth:`adding_many`: the per-node invalidation is held back."""

    @contextmanager
    def adding_many(self) -> Iterator[None]:
        """Add many nodes in the block; the tree is invalidated once, after the outermost one."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
        self._invalidate()

    def _invalidate(self) -> None:
        if not self._held:
            super()._invalidate()

    def _on_resize(self, event: events.Resize) -> None:
        """Keep the lines on a resize: their cache is keyed by width, so labels are cut anew
        anyway (the first resize comes just after the first frame)."""
        event.prevent_default()
        self._line_cache.grow(event.size.height)

    def notify_style_update(self) -> None:
        """Recolour the lines: a change of style (focus, the app's focus, the theme) changes
        no line and no width, so neither the line index nor the layout is rebuilt."""
        super(Tree, self).notify_style_update()
        self._line_cache.clear()  # not _clear_line_cache(): that drops the line index too
        self.refresh()


def compose_footer_at_once(footer: Footer) -> None:
    """Let a Footer compose its keys when it mounts, not after the screen's first bindings
    signal (a frame or two after everything else)."""
    footer._bindings_ready = True


def own_bindings(app: App[Any], node: DOMNode) -> BindingsMap:
    """``node``'s own bindings with the app's keymap applied, as Textual applies it to a key."""
    bindings = node._bindings.copy()
    if app._keymap:
        bindings.apply_keymap(app._keymap)
    return bindings


def width_classes(screen: Screen[Any], width: int) -> set[str]:
    """The class a screen's HORIZONTAL_BREAKPOINTS give ``width``, chosen as Textual
    chooses it on a resize (Textual applies it only on the first Resize, after a
    layout and styling without it, which then all run again)."""
    return screen._get_breakpoint_classes(width, screen.HORIZONTAL_BREAKPOINTS or [])


def has_meta(style: Style) -> bool:
    """Whether a style carries meta (links, clicks), without decoding it."""
    return bool(style._meta)


def lines_laid_out(options: OptionList) -> bool:
    """Whether an option list has laid out the line of its highlighted option (page keys need it)."""
    return (options.highlighted or 0) in options._index_to_line


def type_to_search(select: Select[Any]) -> bool:
    """A Select's own setting, for the drop-down composed in its place."""
    return bool(select._type_to_search)


def notices(app: App[Any]) -> list[Notification]:
    """The notifications on show."""
    return list(app._notifications)


def withdraw(app: App[Any], notice: Notification) -> None:
    """Take back one notification."""
    app._unnotify(notice)


def footer_actions(item: Widget) -> list[str]:
    """The actions of a footer item: a key's own, or the keys' of a group."""
    keys = [item] if isinstance(item, FooterKey) else list(item.query(FooterKey))
    return [key.action for key in keys]


def footer_keys_set(item: Widget, compact: bool) -> None:
    """Give a footer item's keys (a key's own, or a group's) the footer's ``compact`` before
    they mount. A FooterKey starts compact and takes the footer's value once mounted: two
    changes of class, each a style update of its own, for every key of the first frame.
    The palette's key is not bound to the footer's value: it stays as it is."""
    keys = [item] if isinstance(item, FooterKey) else item._pending_children
    for key in keys:
        if isinstance(key, FooterKey) and not key.has_class("-command-palette"):
            key.set_reactive(FooterKey.compact, compact)


def footer_width(item: Widget) -> int:
    """The cells a footer item takes, worked out from its text before it is laid out, as
    Textual's Footer lays it out (not compact): `` k Description `` for a key; a group's
    keys one cell apart in a one-cell frame, then its label and a one-cell gap."""
    if isinstance(item, FooterKey):
        key = cell_len(item.key_display)
        if item.has_class("-grouped"):
            return key + 1
        return key + cell_len(item.description) + 3
    if isinstance(item, Label):
        return cell_len(str(item.render())) + 2
    return 0


async def run_binding_now(app: App[Any], key: str) -> bool:
    """Run the binding ``key`` has on the current screen (focused widget first, as Textual
    looks for it once a key bubbles up to the app); True if one took it."""
    return await app._check_bindings(key)
