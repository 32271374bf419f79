"""Every dated thing in a briefing, in chronological order.

Section events, dated quotes and article dates become entries. Partial dates sort
by the first day they can mean ("2022" before "2022-09" before "2022-09-12"), and a
range by its start, then its end; entries on the same dates keep document order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import dates
from .cells import shorten
from .model import Briefing

BARS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class Entry:
    date: str
    label: str
    kind: str  # "event" | "quote" | "article"
    actors: tuple[str, ...]
    section: str | None  # the section it comes from; None for an article date
    article: str

    @property
    def span(self) -> dates.Span:
        return dates.parse(self.date)

    @property
    def year(self) -> int:
        # Every valid date starts with its four-digit (first) year: no need to parse it.
        return int(self.date[:4])


def entries(briefing: Briefing, *, actor: str | None = None, group: str | None = None) -> list[Entry]:
    """The timeline, optionally only entries involving an actor or from a group's sections."""
    found: list[Entry] = []
    for article in briefing.articles:
        if article.date and actor is None and group is None:
            found.append(Entry(article.date, f"Article: {article.title}", "article", (), None, article.id))
    for section in briefing.sections:
        if group is not None and section.group != group:
            continue
        for event in section.events:
            found.append(Entry(event.date, event.label, "event", event.actors, section.id, section.article))
        for quote in section.claim.quotes:
            if quote.date:
                name = briefing.actor_name(quote.speaker)
                label = f"{name}: “{_short(quote.text)}”"
                found.append(Entry(quote.date, label, "quote", (quote.speaker,), section.id, section.article))
    if actor is not None:
        found = [e for e in found if actor in e.actors]
    # sorted() is stable: equal dates keep document order.
    return sorted(found, key=lambda e: dates.sort_key(e.date))


def _short(text: str, cells: int = 90) -> str:
    return shorten(" ".join(text.split()), cells)


def year_axis(found: list[Entry]) -> list[tuple[int, int]]:
    """(year, count) for every year from the first to the last entry."""
    if not found:
        return []
    counts = Counter(e.year for e in found)
    return [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


def axis_line(axis: list[tuple[int, int]]) -> str:
    """A one-line sparkline of the axis: one bar per year."""
    peak = max((count for _, count in axis), default=0)
    if not peak:
        return ""
    return "".join(BARS[0 if not c else max(1, round(c / peak * (len(BARS) - 1)))] for _, c in axis)
