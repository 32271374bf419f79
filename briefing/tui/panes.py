"""The Claim, Analysis and Sources panes, and the strip of tabs used at narrow widths.

A pane is a scrolling container around one Static that shows a Rich renderable
from :mod:`briefing.tui.render`; updating a pane swaps that renderable, nothing
else. Below the narrow breakpoint only the active pane is displayed, and the tab
strip above the panes names all three.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from .render import PaneView, PaneViews, plain

PANES = ("claim", "analysis", "sources")
TAB_TITLES = {"claim": "Claim", "analysis": "Analysis", "sources": "Sources"}


class Pane(VerticalScroll, inherit_bindings=False):
    """One titled, scrolling pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="pane.down"),
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="pane.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="pane.page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="pane.page-up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="pane.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="pane.bottom"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__(id=name, classes="pane")
        self.border_title = TAB_TITLES[name]
        self.view: PaneView | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="pane-body")

    def show(self, view: PaneView) -> None:
        """Show a new title and body, from the top."""
        self.view = view
        self.border_title = view.title  # fixed words from render.py, never data
        self.query_one(".pane-body", Static).update(view.body)
        self.scroll_home(animate=False, immediate=True)

    @property
    def body(self) -> RenderableType | None:
        return self.view.body if self.view else None

    def text(self, width: int = 80) -> str:
        """The pane's body as plain text (for tests and for reading)."""
        return plain(self.view.body, width) if self.view else ""


class PaneTabs(Static):
    """``Claim · Analysis · Sources`` with the active one marked; shown when narrow."""

    active: reactive[str] = reactive("claim")

    class Chosen(Message):
        def __init__(self, pane: str) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles = dict(TAB_TITLES)
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
        self.titles = {
            "claim": views.claim.title,
            "analysis": views.analysis.title,
            "sources": views.sources.title,
        }
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        for start, end, name in self._spans:
            if start <= event.x < end:
                self.post_message(self.Chosen(name))


class PaneArea(Container):
    """The three panes, and the tab strip that shows one at a time when narrow."""

    active: reactive[str] = reactive("claim", init=False)

    def compose(self) -> ComposeResult:
        yield PaneTabs(id="pane-tabs")
        for name in PANES:
            yield Pane(name)

    def on_mount(self) -> None:
        self.watch_active(self.active)

    def pane(self, name: str) -> Pane:
        return self.query_one(f"#{name}", Pane)

    @property
    def panes(self) -> list[Pane]:
        return [self.pane(name) for name in PANES]

    def show(self, views: PaneViews) -> None:
        self.pane("claim").show(views.claim)
        self.pane("analysis").show(views.analysis)
        self.pane("sources").show(views.sources)
        self.query_one(PaneTabs).set_titles(views)

    def watch_active(self, active: str) -> None:
        for name in PANES:
            self.pane(name).set_class(name == active, "-active")
        self.query_one(PaneTabs).active = active
