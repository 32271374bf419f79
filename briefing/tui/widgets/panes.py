"""A pane (Claim, Analysis or Sources): a rendered view drawn a line at a time.

A pane shows a Rich renderable from :mod:`briefing.tui.views.render`, rendered to
lines once per update and drawn a line at a time (the Line API), so moving the
cursor never makes the screen measure text. Below the narrow breakpoint only
the active pane is displayed, and the tab strip above the panes names all three
(see :mod:`briefing.tui.widgets.pane_area`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..views.highlight import mark_lines, match_ranges, match_style
from ..views.render import PANE_TITLES, PaneView, plain

if TYPE_CHECKING:  # loaded with the first search
    from ...search import Query

BAR_CELLS = 2
"""A blank cell, then the scroll bar, at the right of each pane's text."""
KEPT_BODIES = 8
"""How many rendered bodies each pane keeps."""

Body = tuple[list[list[Segment]], int | None]
"""A rendered body: its lines, and the first line with a search match marked."""
BodyKey = tuple[int, int, Style, "Query | None", str]
"""Everything a rendered body depends on: the view (by identity: the cache holds it, so
its id stays unique), the text's width, the pane's base style, the search marked, and
the theme (which sets the match colour)."""


class Pane(ScrollView, can_focus=True, inherit_bindings=False):
    """One titled, scrolling pane that draws only the lines in view.

    The body is rendered to lines once per update (and per width); layout never
    has to measure it, and scrolling only picks lines from that list.
    """

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
        self.border_title = PANE_TITLES[name]
        self.view: PaneView | None = None
        self._lines: list[list[Segment]] = []
        """The body's rendered lines, each exactly as wide as the text (Strips are made per draw)."""
        self._first_match: int | None = None
        """The first of those lines with a search match marked."""
        self._reveal_pending = False
        """A search jump asked for the first match; the pane was not displayed yet."""
        self._dragging = False
        """The scroll bar's thumb is being dragged."""
        self._width = 0
        self._style: Style | None = None
        self._theme = ""
        self._bar: tuple | None = None
        """The scroll bar's cells, and what they were made for."""
        self._rendered: LRUCache[BodyKey, tuple[PaneView, Body]] = LRUCache(KEPT_BODIES)
        """Recently rendered bodies, each with its view."""
        self.highlight: Query | None = None
        """A search whose matches are marked in the body."""

    def set_highlight(self, query: Query | None) -> None:
        """Mark a search's matches (None: stop marking); redraws only when that changes."""
        if query != self.highlight:
            self.highlight = query
            if self.is_mounted:
                self._render_body()

    def show(self, view: PaneView) -> None:
        """Show a new title and body, from the top."""
        self.view = view
        if self.border_title != view.title:
            self.border_title = view.title  # fixed words from render.py, never data
        if self.scroll_offset.y or self.scroll_offset.x or self.scroll_target_y or self.scroll_target_x:
            self.scroll_to(0, 0, animate=False)
        self._reveal_pending = False
        self._render_body()

    @property
    def body(self) -> RenderableType | None:
        return self.view.body if self.view else None

    def text(self, width: int = 80) -> str:
        """The pane's body as plain text (for tests and for reading)."""
        return plain(self.view.body, width) if self.view else ""

    # -- rendering -------------------------------------------------------------------

    @property
    def text_width(self) -> int:
        """Cells for the body's text: the content width less a gap and the scroll bar."""
        return max(self.scrollable_content_region.width - BAR_CELLS, 0)

    def _render_body(self) -> None:
        width = self.text_width
        self._width = width
        if width <= 0 and self.view is not None:
            return  # not displayed (a narrow layout): rendered when it is, in render_line
        self._style = self.rich_style
        self._theme = self.app.theme
        body = None if self.view is None else self._body(self.view, self._style)
        self._lines, self._first_match = body or ([], None)
        size = Size(width, len(self._lines))
        if size != self.virtual_size:
            # Not an assignment: that would lay out the whole screen, and the pane's
            # width never depends on its body (the scroll bar is drawn here, not by Textual).
            self.set_reactive(Pane.virtual_size, size)
            top = self.validate_scroll_y(self.scroll_y)
            self.scroll_target_y = self.scroll_y = top  # a stale target would make the next scroll jump
        if self._reveal_pending:
            self.call_later(self._reveal)
        self.refresh()

    def _body(self, view: PaneView, style: Style) -> Body:
        """``view``'s body as lines at the pane's width, in ``style``, with the search marks;
        and the first line with a mark.

        The last few bodies are kept, so a body rendered ahead (see :meth:`prepare`) or
        shown again is not rendered twice.
        """
        width, query = self.text_width, self.highlight
        key: BodyKey = (id(view), width, style, query, self.app.theme)
        kept = self._rendered.get(key)
        if kept is not None:
            return kept[1]
        console = self.app.console
        options = self.app.console_options.update(highlight=False, width=width, height=None)
        lines = console.render_lines(view.body, options, style=style, pad=True)
        first_match = None
        if query is not None:
            ranges = match_ranges(lines, query)
            lines = mark_lines(lines, ranges, match_style(self.app))
            first_match = min(ranges, default=None)
        # Kept as plain segment lists: a Strip carries seven caches of its own, and a few
        # thousand kept Strips made every full garbage collection take 15 ms or more.
        body = (lines, first_match)
        self._rendered[key] = (view, body)
        return body

    def prepare(self, view: PaneView) -> None:
        """Render ``view`` now, without showing it, so that showing it later is instant."""
        if self.is_mounted and self.text_width > 0 and self._style is not None:
            self._body(view, self._style)  # the style last drawn with: a changed one renders anew

    def reveal_match(self) -> None:
        """Bring the first marked match into view when it lies below the fold.

        A pane not displayed (narrow layouts show one) does so once it is shown.
        """
        self._reveal_pending = True
        self._reveal()

    def _reveal(self) -> None:
        height = self.scrollable_content_region.height
        if not self._reveal_pending or self._width <= 0 or self._width != self.text_width or height <= 0:
            return
        self._reveal_pending = False
        row = self._first_match
        if row is not None and row >= self.scroll_offset.y + height:
            self.scroll_to(y=max(row - 2, 0), animate=False)  # with two lines before it

    def on_resize(self, event: events.Resize) -> None:
        if self.text_width != self._width:
            self._render_body()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # The base colours (and the theme's match colour) are part of the rendered lines;
        # focus alone changes only the border.
        if self.is_mounted and (self.rich_style != self._style or self.app.theme != self._theme):
            self._render_body()

    def render_line(self, y: int) -> Strip:
        if self._width != self.text_width:
            # The first paint after mount or a resize: render now, in this frame, rather
            # than after the Resize event, a frame later (the first frame showed empty panes).
            # What rendering changes outside the lines (the border's hint) is drawn in the
            # next frame.
            self._render_body()
            if self.view is not None:
                self.call_after_refresh(self.refresh)
        index = y + self.scroll_offset.y
        width = self._width
        inside = 0 <= index < len(self._lines)
        line = self._lines[index] if inside else [Segment(" " * width, self._style)]
        return Strip([*line, *self._bar_cells(y)], width + BAR_CELLS)

    # -- the scroll bar ------------------------------------------------------------------
    # Drawn with the lines rather than by Textual's ScrollBar widget: that widget redraws
    # itself whole on every new body, which cost as much as drawing the body.

    @property
    def allow_vertical_scroll(self) -> bool:
        return not (self.disabled or self.loading) and self.max_scroll_y > 0

    def _thumb(self) -> range:
        """The rows of the visible area that the scroll bar's thumb covers (empty: no bar)."""
        height = self.scrollable_content_region.height
        total = len(self._lines)
        if height <= 0 or total <= height:
            return range(0)
        size = max(1, round(height * height / total))
        top = round(self.scroll_offset.y * (height - size) / max(total - height, 1))
        return range(top, top + size)

    def _bar_cells(self, y: int) -> list[Segment]:
        """The gap and the scroll bar's cell for row ``y`` of the visible area."""
        region = self.scrollable_content_region
        key = (self.scroll_offset.y, len(self._lines), region.height, self._style, self.app.theme)
        if self._bar is None or self._bar[0] != key:
            base = self._style or Style()
            gap = Segment(" ", base)
            thumb = Segment(" ", base + Style(bgcolor=self.styles.scrollbar_color.rich_color))
            track = Segment(" ", base + Style(bgcolor=self.styles.scrollbar_background.rich_color))
            self._bar = (key, self._thumb(), [gap, thumb], [gap, track], [Segment(" " * BAR_CELLS, base)])
        _, thumb, on_thumb, on_track, no_bar = self._bar
        if not thumb:
            return no_bar
        return on_thumb if y in thumb else on_track

    def _bar_row(self, event: events.MouseEvent) -> int | None:
        """The row of the scroll bar under the pointer (clamped while dragging), if on the bar."""
        region = self.scrollable_content_region
        top, height = region.y - self.region.y, region.height
        on_bar = event.x == region.right - self.region.x - 1 and 0 <= event.y - top < height
        if not (on_bar or self._dragging) or not self._thumb():
            return None
        return min(max(event.y - top, 0), height - 1)

    def _scroll_to_bar_row(self, row: int) -> None:
        share = row / max(self.scrollable_content_region.height - 1, 1)
        self.scroll_to(y=round(share * self.max_scroll_y), animate=False)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A press on the scroll bar moves the view there, and the thumb follows a drag."""
        row = self._bar_row(event)
        if row is None or event.button != 1:
            return
        event.stop()
        self.screen.clear_selection()  # a press on the bar starts no text selection
        self._dragging = True
        self.capture_mouse()
        self._scroll_to_bar_row(row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            row = self._bar_row(event)
            if row is not None:
                self._scroll_to_bar_row(row)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()
