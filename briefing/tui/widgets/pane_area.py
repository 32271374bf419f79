r"""The pane area: the three panes side by side, or one at a time behind a strip of tabs.

Its panes are :class:`~briefing.tui.widgets.links.LinkPane`\ s, so cross-references
in them can be followed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Container
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from ..views.render import PANE_TITLES, PANES, PaneViews
from .links import LinkPane
from .panes import Pane

if TYPE_CHECKING:  # loaded with the first search
    from ...search import Query


class PaneTabs(Static):
    """``Claim · Analysis · Sources`` with the active one marked; shown when narrow."""

    active: reactive[str] = reactive(PANES[0])

    class Chosen(Message):
        def __init__(self, pane: str) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles = dict(PANE_TITLES)
        self._spans: list[tuple[int, int, str]] = []

    def render(self) -> Text:
        text = Text()
        self._spans = []
        for name in PANES:
            label = f" {self.titles[name]} "
            start = text.cell_len
            text.append(label, style="bold reverse" if name == self.active else "dim")
            self._spans.append((start, text.cell_len, name))
            text.append(" ")
        text.append(" tab ⇥", style="dim")
        return text

    def set_titles(self, views: PaneViews) -> None:
        self.titles = {name: view.title for name, view in views}
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        for start, end, name in self._spans:
            if start <= event.x < end:
                self.post_message(self.Chosen(name))


class PaneArea(Container):
    """The three panes, and the tab strip that shows one at a time when narrow."""

    active: reactive[str] = reactive(PANES[0], init=False)

    def compose(self) -> ComposeResult:
        yield PaneTabs(id="pane-tabs")
        for name in PANES:
            yield LinkPane(name)

    def on_mount(self) -> None:
        self.watch_active(self.active)

    def pane(self, name: str) -> Pane:
        return self.query_one(f"#{name}", Pane)

    @property
    def panes(self) -> list[Pane]:
        return [self.pane(name) for name in PANES]

    def show(self, views: PaneViews) -> None:
        for name, view in views:
            self.pane(name).show(view)
        self.query_one(PaneTabs).set_titles(views)

    def reveal_matches(self) -> None:
        """Scroll each pane to its first marked match, if that is below the fold."""
        for pane in self.panes:
            pane.reveal_match()

    def set_highlight(self, query: Query | None) -> None:
        """Mark a search's matches in all three panes."""
        for pane in self.panes:
            pane.set_highlight(query)

    def watch_active(self, active: str) -> None:
        for name in PANES:
            self.pane(name).set_class(name == active, "-active")
        self.query_one(PaneTabs).active = active
