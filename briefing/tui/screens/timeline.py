"""The timeline screen (``t``): every dated entry of the briefing, by year, with a year axis.

Entries come from :func:`briefing.timeline.entries` (section events, dated quotes,
article dates, in order). A one-line bar per year on top shows where they cluster
and marks the year under the cursor; two choices filter by actor and by group;
``enter`` closes the screen and the reader goes to the entry's section.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from math import ceil
from typing import ClassVar
from weakref import WeakKeyDictionary

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label, Select

from ... import timeline
from ...model import Briefing
from ...text import count
from ...timeline import BARS, Entry
from ..views.render import joined
from ..widgets.guards import SafeSelect
from ..widgets.row_list import Cells, Column, Row, RowList
from .indexes import IndexScreen

AXIS_MARK = "bold #e9a23b"
"""The year under the cursor, on the axis."""
CELL_MAX = 8
"""Widest column an axis gives one year."""


def axis_text(axis: list[tuple[int, int]], width: int, current: int | None = None) -> Text:
    """Two lines: a bar per year (years bucketed when they do not fit) and the years under them."""
    if not axis:
        return Text("No dated entries.", style="dim italic")
    width = max(width, 4)
    step = ceil(len(axis) / width)
    buckets = [
        (axis[i][0], axis[min(i + step, len(axis)) - 1][0], sum(c for _, c in axis[i : i + step]))
        for i in range(0, len(axis), step)
    ]
    cell = max(1, min(CELL_MAX, width // len(buckets)))
    peak = max(c for _, _, c in buckets) or 1
    bars, labels = Text(no_wrap=True), Text(no_wrap=True)
    for first, last, n in buckets:
        level = 0 if not n else max(1, round(n / peak * (len(BARS) - 1)))
        here = current is not None and first <= current <= last
        bar = BARS[level] * max(cell - 1, 1) + (" " if cell > 1 else "")
        bars.append(bar, style=AXIS_MARK if here else "")
        if cell >= 5:
            labels.append(f"{first:<{cell}}", style=AXIS_MARK if here else "dim")
    if cell < 5:  # no room under each bar: the years that fit, the first, last and current first
        labels = _sparse_labels(buckets, cell, current)
    return Text("\n").join([bars, labels])


def _sparse_labels(buckets: list[tuple[int, int, int]], cell: int, current: int | None) -> Text:
    """Years under a narrow axis, each at its bar, none overlapping another.

    The current year, the first and the last come first; then decades, then half-decades.
    """
    span = len(buckets) * cell
    wanted: list[tuple[int, int, bool]] = []  # where, year, marked
    for i, (first, last, _) in enumerate(buckets):
        if current is not None and first <= current <= last:
            wanted.append((i * cell, current, True))
    wanted += [(0, buckets[0][0], False), (span - 4, buckets[-1][1], False)]
    for step in (10, 5):
        wanted += [(i * cell, first, False) for i, (first, _, _) in enumerate(buckets) if first % step == 0]
    placed: dict[int, tuple[int, bool]] = {}  # start -> year, marked
    for where, year, marked in wanted:
        start = max(min(where, span - 4), 0)
        if all(start + 5 <= other or start >= other + 5 for other in placed):
            placed[start] = (year, marked)
    labels = Text(no_wrap=True)
    for start in sorted(placed):
        year, marked = placed[start]
        labels.append(" " * (start - labels.cell_len))
        labels.append(str(year), style=AXIS_MARK if marked else "dim")
    return labels


class YearAxis(Widget):
    """The axis over the entries; redrawn when the cursor moves to another year."""

    DEFAULT_CSS = """
    YearAxis {
        height: 2;
        padding: 0 2;
        margin: 1 0 0 0;
    }
    """

    year: reactive[int | None] = reactive(None)

    def __init__(self) -> None:
        super().__init__()
        self.axis: list[tuple[int, int]] = []

    def set_axis(self, axis: list[tuple[int, int]]) -> None:
        self.axis = axis
        self.refresh()

    def render(self) -> Text:
        return axis_text(self.axis, self.size.width, self.year)


def entry_rows(briefing: Briefing, found: list[Entry]) -> list[Row]:
    """A heading per year, then a row per entry: date, label, actors, section (or article)."""
    first_section: dict[str, str] = {}
    for article in briefing.articles:
        for group in briefing.groups_of(article.id):
            first_section.setdefault(article.id, briefing.sections_in(article.id, group.id)[0].id)
    per_year: dict[int, int] = {}
    for entry in found:
        per_year[entry.year] = per_year.get(entry.year, 0) + 1
    rows: list[Row] = []
    year = None
    for entry in found:
        if entry.year != year:
            year = entry.year
            line = Text.assemble((str(year), "bold"))
            line.append(f"  {count(per_year[year], 'entry', 'entries')}", style="dim")
            rows.append(Row((line,), year=year))
        target = entry.section if entry.section is not None else first_section.get(entry.article)
        # Cells are made when drawn: a timeline of tens of thousands of entries opens at once.
        rows.append(Row(partial(_entry_cells, briefing, entry), target, entry.year, entry.kind))
    return rows


def _entry_cells(briefing: Briefing, entry: Entry) -> Cells:
    who = Text(", ".join(briefing.actor_name(a) for a in entry.actors), style="italic")
    if entry.section is not None:
        source = Text(briefing.section_by_id[entry.section].title, style="dim")
    else:
        source = Text(briefing.article_by_id[entry.article].title, style="dim italic")
    label = Text(entry.label, style="bold" if entry.kind == "article" else "")
    return (Text(entry.date), label, who, source)


_ENTRIES: WeakKeyDictionary[Briefing, list[Entry]] = WeakKeyDictionary()


def _all_entries(briefing: Briefing) -> list[Entry]:
    """Every entry of a briefing, sorted once per briefing (a reload makes a new one)."""
    found = _ENTRIES.get(briefing)
    if found is None:
        found = _ENTRIES[briefing] = timeline.entries(briefing)
    return found


class TimelineScreen(IndexScreen):
    """The timeline; the result is the section id chosen, or None."""

    NAME = "Timeline"
    DEFAULT_CSS = """
    TimelineScreen #timeline-filters {
        height: 1;
        padding: 0 2;
    }
    TimelineScreen #timeline-filters Label {
        padding: 0 1 0 0;
        color: $text-muted;
    }
    TimelineScreen #timeline-filters Select {
        width: 1fr;
        max-width: 28;
        min-width: 10;
        margin: 0 2 0 0;
    }
    TimelineScreen #timeline-count {
        width: auto;
        color: $text-muted;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a", "filter('actor')", "Actor", tooltip="Only entries involving an actor", id="timeline.actor"
        ),
        Binding(
            "c",
            "filter('group')",
            "Group",
            tooltip="Only entries from a group's sections",
            id="timeline.group",
        ),
        Binding("x", "clear", "All", tooltip="Clear the filters: every entry", id="timeline.clear"),
        Binding("t", "close", "Close", show=False, id="timeline.close"),
    ]

    def __init__(self, briefing: Briefing, *, here: str | None = None) -> None:
        super().__init__(briefing, here=here)
        self.everything = _all_entries(briefing)
        self.found = self.everything
        self.actor: str | None = None
        self.group: str | None = None

    def columns(self) -> Sequence[Column]:
        date = max((len(e.date) for e in self.everything), default=4)
        # Below 96 cells the actors go (the a key filters by them), so the label has room.
        return (Column(width=date), Column(weight=5), Column(weight=2, hide_below=96), Column(weight=3))

    def compose_top(self) -> ComposeResult:
        briefing = self.briefing
        involved = {a for e in self.everything for a in e.actors}
        actors = [(Text(a.name), a.id) for a in briefing.actors if a.id in involved]
        with_entries = {briefing.section_by_id[e.section].group for e in self.everything if e.section}
        groups = [(Text(g.title), g.id) for g in briefing.groups if g.id in with_entries]
        with Horizontal(id="timeline-filters"):
            yield Label("Actor")
            yield SafeSelect(actors, prompt="any", compact=True, id="timeline-actor")
            yield Label("Group")
            yield SafeSelect(groups, prompt="any", compact=True, id="timeline-group")
            yield Label("", id="timeline-count")
        yield YearAxis()

    def fill(self) -> None:
        found = self.found
        rows = self.rows_list
        rows.set_rows(entry_rows(self.briefing, found))
        if self.here:  # the section's own entries, not its article's date
            rows.select_first(lambda row: row.target == self.here and row.kind != "article")
        axis = timeline.year_axis(found)
        self.query_one(YearAxis).set_axis(axis)
        span = f" · {axis[0][0]}–{axis[-1][0]}" if len(axis) > 1 else ""
        shown = count(len(found), "entry", "entries")
        if len(found) != len(self.everything):
            shown += f" of {len(self.everything):,}"
        self.query_one("#timeline-count", Label).update(Text(shown + span))
        if rows.current is not None:
            self.query_one(YearAxis).year = rows.current.year

    @on(RowList.Highlighted)
    def _highlighted(self, event: RowList.Highlighted) -> None:
        self.query_one(YearAxis).year = event.row.year

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else None
        if event.select.id == "timeline-actor":
            self.actor = value
        else:
            self.group = value
        self.refilter()
        self.set_focus(self.rows_list)

    def refilter(self) -> None:
        if self.actor is None and self.group is None:
            self.found = self.everything
        else:
            self.found = timeline.entries(self.briefing, actor=self.actor, group=self.group)
        self.fill()
        title = joined(
            (
                "Timeline",
                self.briefing.actor_name(self.actor) if self.actor else None,
                self.briefing.group_by_id[self.group].title if self.group else None,
            )
        )
        self.rows_list.border_title = title

    def action_filter(self, which: str) -> None:
        select = self.query_one(f"#timeline-{which}", Select)
        self.set_focus(select)
        select.action_show_overlay()

    def action_clear(self) -> None:
        for which in ("actor", "group"):
            self.query_one(f"#timeline-{which}", Select).clear()
        # clear() posts Changed only for a select that had a value; refilter here for the rest.
        self.actor = self.group = None
        self.refilter()
        self.set_focus(self.rows_list)
