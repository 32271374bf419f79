"""The footer, drawn with the first frame.

Textual's Footer composes its keys only after the screen's first bindings
signal, so they appear a frame or two after everything else. The screen's
bindings are known when it mounts; this footer composes them at once, and
follows later changes as Textual's does.
"""

from __future__ import annotations

from textual.widgets import Footer


class ReadyFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        # Textual 8's Footer waits for this flag, set by its first bindings signal.
        self._bindings_ready = True
