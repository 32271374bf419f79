"""The reader's way into the indexes and along cross-references.

``t``, ``s`` and ``A`` open :class:`~briefing.tui.screens.timeline.TimelineScreen`,
:class:`~briefing.tui.screens.indexes.BibliographyScreen` and
:class:`~briefing.tui.screens.indexes.ActorsScreen`; the section chosen there,
like a cross-reference followed in a pane, is reached through the owner's
``goto_section``, so it is a jump like any other (and counts in history).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from textual.screen import Screen

from ...model import Briefing, Section

T = TypeVar("T")


class IndexesOwner(Protocol):
    """What :class:`Indexes` uses of the screen that owns it."""

    briefing: Briefing

    @property
    def section(self) -> Section | None: ...

    def open_screen(self, screen: Screen[T], then: Callable[[T | None], None]) -> None: ...

    def goto_section(self, section_id: str) -> None: ...


class Indexes:
    """Opens the index screens on the section on show, and goes where they (or links) lead."""

    def __init__(self, owner: IndexesOwner) -> None:
        self.owner = owner

    def _here(self) -> str | None:
        section = self.owner.section
        return section.id if section is not None else None

    def _open(self, screen: Screen[str | None]) -> None:
        self.owner.open_screen(screen, self._chosen)

    def _chosen(self, section_id: str | None) -> None:
        if section_id is not None:
            self.owner.goto_section(section_id)

    # The index screens load on first use: nothing of theirs is needed for the first frame.

    def timeline(self) -> None:
        from ..screens.timeline import TimelineScreen

        self._open(TimelineScreen(self.owner.briefing, here=self._here()))

    def bibliography(self) -> None:
        from ..screens.indexes import BibliographyScreen

        self._open(BibliographyScreen(self.owner.briefing, here=self._here()))

    def actors(self) -> None:
        from ..screens.indexes import ActorsScreen

        self._open(ActorsScreen(self.owner.briefing, here=self._here()))

    def follow(self, target: str) -> None:
        """A cross-reference followed in a pane: to its section, if the briefing still has it."""
        if target in self.owner.briefing.section_by_id:
            self.owner.goto_section(target)
