"""The footer, drawn with the first frame, and rebuilt only when its keys change.

Textual's Footer composes its keys only after the screen's first bindings
signal, so they appear a frame or two after everything else. The screen's
bindings are known when it mounts; this footer composes them at once.

Textual's Footer also rebuilds itself on every bindings signal: each focus
change, each mount, each explicit refresh. Rebuilding mounts a widget per key and
lays the screen out again (about 25 ms). This one compares what it would show
with what it shows, and rebuilds only when they differ.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from ..internals import compose_footer_at_once


class ReadyFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        compose_footer_at_once(self)
        self._shown: Hashable = None

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
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and self._keys() == self._shown:
            return
        super().bindings_changed(screen)
