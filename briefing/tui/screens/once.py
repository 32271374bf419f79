"""Screens dismissed at most once.

Keys queued before a screen closed still reach it: the enter that picked a row and
an esc typed right after it both dismiss the screen. Textual then pops the screen
below as well (the reader: the app is left with nothing to show) or, for a screen
awaited with ``push_screen_wait``, raises ``InvalidStateError`` and closes the
reader. Every screen the reader pushes is one of these, so the second dismiss does
nothing.

Their result is taken as they close (``then``), not by Textual's callback, which
runs later, after the keys typed behind the one that closed the screen: the note
key typed right after the enter that picked a search hit is for the hit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, Screen

ResultT = TypeVar("ResultT")


class OnceScreen(Screen[ResultT]):
    """A screen that a second dismiss (a key queued before it closed) leaves alone."""

    dismissed_once = False
    then: Callable[[ResultT | None], None] | None = None
    """Given the result as the screen closes, once it is off the stack."""

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        if self.dismissed_once or not self.is_active:
            nothing: AwaitComplete = AwaitComplete.nothing()
            return nothing
        self.dismissed_once = True
        closed = super().dismiss(result)  # off the stack now; the screen under it is on top
        if self.then is not None:
            self.then(result)
        return closed


class OnceModalScreen(ModalScreen[ResultT], OnceScreen[ResultT]):
    """A modal screen dismissed at most once (ModalScreen first, so its styles come before Screen's)."""
