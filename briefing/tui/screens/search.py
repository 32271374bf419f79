"""The search box: ranked hits over every section, updated as you type.

The index (:class:`~briefing.search.SearchIndex`) is built by the reader in a
worker thread; until it is ready the box says "indexing…" and tries again on
its own. Each hit shows the section's title, its group and article, and a
snippet with the matched words marked; Enter jumps to the highlighted hit and
hands the reader the query and every hit, for ``>`` and ``<`` and for marking
the matches in the panes. Enter pressed while the index is still being built
is kept, and jumps as soon as the hits are in (a fast typist's ``/word⏎``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...model import Briefing
from ...search import Hit, Query, QueryError, SearchIndex, parse_query
from ...text import clean, count
from ..views.highlight import match_style, snippet_text
from ..widgets.guards import SafeOptionList
from .early_typing import EarlyTypingScreen, QueryInput

SHOWN = 100
"""Hits listed in the box."""
KEPT = 5000
"""Hits kept for ``>`` and ``<`` after the box closes."""
DEBOUNCE = 0.12
"""Seconds of quiet typing before a search runs."""
POLL = 0.1
"""Seconds between looks for the index while it is being built."""
INDEXING_ENTER = "indexing… enter jumps to the best hit once it is ready"
SYNTAX = 'words · "a phrase" · prefix* · a OR b · -not'


@dataclass(frozen=True, slots=True)
class SearchChoice:
    """What Enter in the box hands the reader."""

    section_id: str
    text: str
    query: Query
    hits: tuple[str, ...]  # section ids, best first


def _sentence(words: str) -> str:
    """A reason as the status line says it: a capital first, a full stop last."""
    return f"{words[:1].upper()}{words[1:]}."


def hit_prompt(briefing: Briefing, hit: Hit, app: App[Any] | None = None) -> Text:
    """Title and group on the first line, the snippet with its matches marked under it.

    The article is left out: its title is long, and the group with the section's
    own title is enough to tell hits apart.
    """
    section = hit.section
    text = Text()
    text.append(section.title, style="bold")
    group = briefing.group_by_id.get(section.group)
    if group is not None:
        text.append(f"  {group.title}", style="dim")
    text.append("\n")
    text.append_text(snippet_text(hit, match_style(app)))
    return text


class SearchScreen(EarlyTypingScreen[SearchChoice | None], inherit_bindings=False):
    """``/``: a query line, a status line, and the ranked hits."""

    DEFAULT_CSS = """
    SearchScreen {
        align: center top;
    }
    #search-box {
        max-width: 110;
        margin-top: 2;
    }
    #search-input {
        border: none;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    #search-status {
        height: 1;
        color: $text-muted;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close search", id="search.close"),
        Binding("down", "move(1)", "Next hit", show=False, id="search.down"),
        Binding("up", "move(-1)", "Previous hit", show=False, id="search.up"),
        Binding("pagedown", "page(1)", "Hits, a page down", show=False, id="search.page-down"),
        Binding("pageup", "page(-1)", "Hits, a page up", show=False, id="search.page-up"),
    ]

    def __init__(
        self,
        briefing: Briefing,
        index: Callable[[], SearchIndex | None],
        *,
        text: str = "",
        failed: Callable[[], str | None] = lambda: None,
    ) -> None:
        """``index`` gives the index once built; ``failed`` why it could not be, if so."""
        super().__init__()
        self.briefing = briefing
        self._index = index
        self._failed = failed
        self._initial = text
        self._timer: Timer | None = None
        self._waiting: Timer | None = None
        self.hits: list[Hit] = []
        self.status = ""
        self._searched: str | None = None
        """The text the hits listed are for (None while the index is awaited)."""
        self._entered: str | None = None
        """The text Enter was pressed on before the index was ready: jump once it is."""

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="dialog") as box:
            box.border_title = "Search"
            box.border_subtitle = "enter jump · ↑↓ choose · esc close"
            yield QueryInput(
                self._initial,
                placeholder=SYNTAX,
                id="search-input",
                select_on_focus=True,
                on_enter=self._submitted,
            )
            yield Static(id="search-status", markup=False)
            yield SafeOptionList(id="search-results", classes="dialog-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).can_focus = False  # typing always goes to the query
        self.set_focus(self.query_one(Input))
        self.run_search()

    def typing_box(self) -> Input | None:
        boxes = self.query(Input)
        return boxes.first() if boxes else None

    # -- searching ------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.query_one(Input).value

    @property
    def enter_waiting(self) -> bool:
        """Enter was pressed before the index was ready; typing another query cancels it."""
        return self._entered is not None

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        # Enter is answered at once, so the changes typed before it may arrive after it:
        # they are searched already (or the box is closed), and do not cancel it.
        if self.dismissed_once:
            return
        if self.text != self._entered:
            self._entered = None
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.run_search)

    def run_search(self) -> None:
        """Search now for what is typed, and list the hits."""
        self._timer = None
        text = self._searched = self.text
        results = self.query_one(OptionList)
        if not text.strip():
            self._show([], f"Type to search every section: {SYNTAX}")
            return
        index = self._index()
        failed = self._failed() if index is None else None
        if failed is not None:  # the index could not be built: no use waiting for it
            self._show([], clean(_sentence(failed)))
            return
        if index is None:
            self._searched = None
            self._show([], INDEXING_ENTER if self.enter_waiting else "indexing…")
            if self._waiting is None:
                self._waiting = self.set_timer(POLL, self._retry)
            return
        try:
            hits = index.search(text, limit=SHOWN + 1)
        except QueryError as err:
            self._show([], _sentence(str(err)))
            return
        more = len(hits) > SHOWN
        hits = hits[:SHOWN]
        if not hits:
            self._show([], f"No section matches {clean(text.strip())}")
        else:
            shown = f"{SHOWN}+ sections" if more else count(len(hits), "section")
            how = "best first" if index.fts5 else "plain word match: this Python's SQLite has no FTS5"
            self._show(hits, f"{shown}, {how}")
        results.highlighted = 0 if hits else None

    def _retry(self) -> None:
        self._waiting = None
        self.run_search()
        if self._entered is not None and self._waiting is None:  # the index is in: Enter is answered now
            self._entered = None
            self._enter()

    def _show(self, hits: list[Hit], status: str) -> None:
        self.hits = hits
        self.status = status
        self.query_one("#search-status", Static).update(Text(status))
        results = self.query_one(OptionList)
        options: list[Option | None] = []
        for hit in hits:
            if options:
                options.append(None)  # a rule between hits: each is two lines or more
            options.append(Option(hit_prompt(self.briefing, hit, self.app), id=hit.section.id))
        results.set_options(options)
        results.display = bool(hits)

    # -- choosing -------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        if step > 0:
            results.action_cursor_down()
        else:
            results.action_cursor_up()

    def action_page(self, step: int) -> None:
        results = self.query_one(OptionList)
        if step > 0:
            results.action_page_down()
        else:
            results.action_page_up()

    def _submitted(self) -> None:
        """Enter in the box (answered at once, see :class:`QueryInput`)."""
        if self._timer is not None or self._searched != self.text:  # search what is typed first
            if self._timer is not None:
                self._timer.stop()
            self.run_search()
        if self._waiting is not None:  # still indexing: jump once the hits are in
            self._entered = self.text
            self._show([], INDEXING_ENTER)
            return
        self._enter()

    def _enter(self) -> None:
        results = self.query_one(OptionList)
        if results.highlighted is not None and self.hits:
            self.choose(self.hits[results.highlighted].section.id)
        elif self.status:
            self.app.bell()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.choose(event.option.id)

    def choose(self, section_id: str) -> None:
        """Close on a hit; the reader gets every hit of the query (not only those listed)."""
        index = self._index()
        text = self.text
        try:
            query = parse_query(text)
        except QueryError:
            return
        every = index.search(text, limit=KEPT) if index is not None else self.hits
        self.dismiss(SearchChoice(section_id, text, query, tuple(h.section.id for h in every)))

    def action_close(self) -> None:
        self.dismiss(None)
