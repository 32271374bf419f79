"""Index screens over the whole briefing: the bibliography (``s``) and the actors (``A``).

Each is a :class:`~briefing.tui.widgets.row_list.RowList` of headings (a source, an actor)
and, under each, the sections it leads to; ``enter`` on a section closes the
screen and the reader goes there (the screen's result is the section id). The
rows are built once, when the screen opens; drawing them is per visible line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from ...model import Briefing, Section
from ...text import count
from ..views.render import joined
from ..widgets.footer import ReadyFooter
from ..widgets.header import TitleBar
from ..widgets.row_list import SPACER, Cells, Column, Row, RowList, heading
from .once import OnceScreen

ARROW = "→ "


def where(briefing: Briefing, section: Section) -> Text:
    """``article · group`` of a section, dimmed."""
    article = briefing.article_by_id[section.article].title
    return Text(joined((article, briefing.group_by_id[section.group].title)), style="dim")


def section_cell(section: Section) -> Text:
    return Text.assemble((ARROW, "dim"), section.title)


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One heading of an index (a source, an actor) and the sections under it."""

    top: Sequence[Row]
    """The heading's rows."""
    sections: Sequence[Section]
    none: str
    """What is said under the heading when no section is."""
    how: Callable[[Section], str]
    """How a section stands under the heading (its middle column)."""


def index_rows(briefing: Briefing, entries: Iterable[IndexEntry]) -> list[Row]:
    """The rows of an index: each entry's heading, then a row per section, a blank row between entries."""
    rows: list[Row] = []
    for entry in entries:
        if rows:
            rows.append(SPACER)
        rows += entry.top
        if not entry.sections:
            rows.append(heading(f"  {entry.none}", style="dim italic"))
        # Cells are made when drawn: an index of thousands of sections opens at once.
        rows += [Row(partial(_section_cells, briefing, entry.how, s), s.id) for s in entry.sections]
    return rows


def _section_cells(briefing: Briefing, how: Callable[[Section], str], section: Section) -> Cells:
    return (section_cell(section), Text(how(section), style="italic"), where(briefing, section))


class IndexScreen(OnceScreen["str | None"], inherit_bindings=False):
    """A titled list of rows over the briefing; the result is the chosen section id, or None."""

    DEFAULT_CSS = """
    IndexScreen #index-summary {
        height: auto;
        padding: 0 2;
        color: $text-muted;
    }
    IndexScreen RowList {
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
    }
    IndexScreen RowList:focus {
        border: round $accent;
        border-title-color: $accent;
        border-title-style: bold;
    }
    """

    NAME = "Index"
    COLUMNS: ClassVar[Sequence[Column]] = (Column(),)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="index.close"),
        Binding("tab", "focus_next", "Focus the next control", show=False, id="index.focus-next"),
        Binding(
            "shift+tab", "focus_previous", "Focus the previous control", show=False, id="index.focus-prev"
        ),
    ]

    def __init__(self, briefing: Briefing, *, here: str | None = None) -> None:
        super().__init__()
        self.briefing = briefing
        self.here = here
        """The section on show in the reader: the cursor starts on its first row."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield from self.compose_top()
        yield RowList(self.columns(), id="index-rows")
        yield ReadyFooter()

    def columns(self) -> Sequence[Column]:
        return self.COLUMNS

    def compose_top(self) -> ComposeResult:
        yield Static(self.summary(), id="index-summary")

    def on_mount(self) -> None:
        bar = self.query_one(TitleBar)
        bar.heading = self.NAME
        bar.article = self.briefing.title
        rows = self.rows_list
        rows.border_title = self.NAME
        self.fill()
        self.set_focus(rows)

    @property
    def rows_list(self) -> RowList:
        return self.query_one("#index-rows", RowList)

    def fill(self) -> None:
        rows = self.rows_list
        rows.set_rows(self.rows())
        if self.here:
            rows.select_target(self.here)

    def summary(self) -> Text:
        return Text()

    def rows(self) -> list[Row]:
        return []

    @on(RowList.Chosen)
    def _chosen(self, event: RowList.Chosen) -> None:
        if event.row.target is not None:
            self.dismiss(event.row.target)

    def action_close(self) -> None:
        self.dismiss(None)


class BibliographyScreen(IndexScreen):
    """Every source with kind, publisher and date, and the sections citing it."""

    NAME = "Bibliography"
    COLUMNS = (Column(weight=1), Column(width=10), Column(weight=1))
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "close", "Close", show=False, id="bibliography.close"),
    ]

    def summary(self) -> Text:
        briefing = self.briefing
        citations = sum(len(s.sources) for s in briefing.sections)
        uncited = sum(1 for source in briefing.sources if not briefing.citing(source.id))
        text = Text(f"{count(len(briefing.sources), 'source')}, {count(citations, 'citation')}")
        if uncited:
            text.append(f"; {uncited:,} not cited by any section")
        text.append(". Enter on a section goes there.")
        return text

    def rows(self) -> list[Row]:
        briefing = self.briefing
        entries = []
        for source in briefing.sources:
            citing = briefing.citing(source.id)
            cited = f"cited by {count(len(citing), 'section')}"
            top = [
                heading(source.title),
                heading(joined((source.kind, source.publisher, source.date, cited)), style="dim"),
            ]
            entries.append(IndexEntry(top, citing, "not cited by any section", partial(roles, source.id)))
        return index_rows(briefing, entries)


def roles(source: str, section: Section) -> str:
    """The roles in which a section cites a source."""
    return joined((c.role for c in section.sources if c.ref == source), ", ")


class ActorsScreen(IndexScreen):
    """Every actor with kind and role, and the sections about, speaking for or quoting it."""

    NAME = "Actors"
    # The middle column says how each section involves the actor: never cut, so as wide as
    # its longest value.
    COLUMNS = (Column(weight=1), Column(width=len("about, speaker, quoted")), Column(weight=1))
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("A", "close", "Close", show=False, id="actors.close"),
    ]

    def summary(self) -> Text:
        briefing = self.briefing
        silent = sum(1 for actor in briefing.actors if not briefing.mentions(actor.id))
        text = Text(f"{count(len(briefing.actors), 'actor')}")
        if silent:
            text.append(f", {silent:,} in no section")
        text.append(". Under each, the sections about it, speaking for it or quoting it. Enter goes there.")
        return text

    def rows(self) -> list[Row]:
        briefing = self.briefing
        entries = []
        for actor in briefing.actors:
            mentions = briefing.mentions(actor.id)
            top = [heading(actor.name, joined((actor.kind, actor.role, count(len(mentions), "section"))))]
            entries.append(IndexEntry(top, mentions, "in no section", partial(how, actor=actor.id)))
        return index_rows(briefing, entries)


def how(section: Section, actor: str) -> str:
    """How a section involves an actor: about it, its speaker, quoting it."""
    ways = []
    if actor in section.actors:
        ways.append("about")
    if section.claim.speaker == actor:
        ways.append("speaker")
    if any(q.speaker == actor for q in section.claim.quotes):
        ways.append("quoted")
    return ", ".join(ways)
