"""Command palette provider: fuzzy-find any section by title, actor or id and jump to it.

Matches are highlighted by building Rich Text from the match offsets; the
palette's own highlighter parses markup, and section titles are data.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from itertools import islice
from typing import Protocol, runtime_checkable

from rich.style import Style
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.fuzzy import FuzzySearch

from ...model import Briefing, Section

DISCOVER_LIMIT = 100
"""Sections listed before anything is typed."""
DETAIL_WIDTH = 70
"""Characters of id and actors shown under a title."""
SEPARATOR = "  "
_FUZZY = FuzzySearch()


@runtime_checkable
class Jumps(Protocol):
    """What the palette needs from the screen it was opened on."""

    briefing: Briefing

    def goto_section(self, section_id: str) -> None: ...


def candidate(briefing: Briefing, section: Section) -> tuple[str, int]:
    """The text matched against a query (title, then id and actors on a line), and where the title ends."""
    actors = ", ".join(briefing.actor_name(a) for a in section.actors)
    text = f"{section.title}\n{section.id}"
    if actors:
        text += f"{SEPARATOR}{actors}"
    return text, len(section.title)


def display(text: str, title_end: int, offsets: Sequence[int] = (), style: Style | None = None) -> Text:
    """The title, then a dim line of id and actors cut to :data:`DETAIL_WIDTH`; matches marked."""
    end = min(len(text), title_end + 1 + DETAIL_WIDTH)
    shown = Text(text[:title_end])
    shown.append(text[title_end:end], style="dim")
    if end < len(text):
        shown.append("…", style="dim")
    for offset in offsets:
        if offset < end and not text[offset].isspace():
            shown.stylize(style or Style(reverse=True), offset, offset + 1)
    return shown


def score(query: str, text: str, title_end: int) -> tuple[float, Sequence[int]]:
    """Textual's fuzzy score, doubled when the whole match lies in the title."""
    found, offsets = _FUZZY.match(query, text)
    if found and offsets and offsets[-1] < title_end:
        found *= 2
    return found, offsets


class SectionCommands(Provider):
    """Every section of the open briefing, by title, id and actors."""

    @property
    def reader(self) -> Jumps:
        """The screen the palette was opened on: the reader, the only one that offers it."""
        screen = self.screen
        assert isinstance(screen, Jumps), screen
        return screen

    async def startup(self) -> None:
        briefing = self.reader.briefing
        self._candidates = [(s, *candidate(briefing, s)) for s in briefing.sections]

    @property
    def _style(self) -> Style | None:
        style = self.match_style  # a Textual style; Rich Text wants a Rich one
        return style.rich_style if style is not None else None

    def _jump(self, section_id: str) -> None:
        self.reader.goto_section(section_id)

    async def discover(self) -> Hits:
        for section, text, title_end in islice(self._candidates, DISCOVER_LIMIT):
            yield DiscoveryHit(display(text, title_end), partial(self._jump, section.id), text=section.title)

    async def search(self, query: str) -> Hits:
        for section, text, title_end in self._candidates:
            found, offsets = score(query, text, title_end)
            if found > 0:
                yield Hit(
                    found,
                    display(text, title_end, offsets, self._style),
                    partial(self._jump, section.id),
                    text=section.title,
                )
