"""A list of one-line rows in columns, drawn a line at a time: the body of the index screens.

Rows are plain data (:class:`Row`); the widget renders only the rows in view, at
the width it has, so a list of thousands of entries costs nothing per key press
but the lines that change. Headings (rows without a target) are skipped by the
cursor; ``enter`` or a click on a row with a target posts :class:`RowList.Chosen`.
Cells are Rich Text made from plain strings, never markup.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

GAP = 2
"""Cells between columns."""
KEPT_LINES = 40
"""Drawn lines kept at first; a resize grows it to four screens' worth."""
LineKey = tuple[int, int, bool, int, Style, bool, str]
"""Everything a drawn line depends on: the rows (by version), the row, whether the cursor
is on it, the width, the base style, whether the list has the focus (the cursor's
colours), and the theme."""


@dataclass(frozen=True, slots=True)
class Column:
    width: int | None = None
    """Cells; None shares what the fixed columns leave with the other such columns."""
    weight: int = 1
    """A flexible column's share of the room left."""
    min_width: int = 8
    hide_below: int = 0
    """Leave the column out when the list is narrower than this many cells."""


Cells = tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class Row:
    make: Cells | Callable[[], Cells]
    """One Text per column (a single cell spans the whole width), or what makes them when
    the row is first drawn: a list of thousands of rows then costs little to open."""
    target: str | None = None
    """What choosing the row leads to (a section id); None for a heading or a spacer."""
    year: int | None = None
    """For a timeline row: the year it belongs to."""
    kind: str = ""
    """What the row is, for its screen (a timeline entry's kind: event, quote, article)."""

    @property
    def cells(self) -> Cells:
        return self.make() if callable(self.make) else self.make


def heading(text: str, detail: str = "", style: str = "bold") -> Row:
    line = Text.assemble((text, style))
    if detail:
        line.append(f"  {detail}", style="dim")
    return Row((line,))


SPACER = Row((Text(),))


class RowList(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows in columns with a cursor on the rows that lead somewhere."""

    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    RowList > .rowlist--cursor {
        background: $block-cursor-blurred-background;
    }
    RowList:focus > .rowlist--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"rowlist--cursor"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Next entry", show=False, id="rows.down"),
        Binding("up,k", "move(-1)", "Previous entry", show=False, id="rows.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="rows.page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="rows.page-up"),
        Binding("g,home", "edge(-1)", "First entry", show=False, id="rows.top"),
        Binding("G,end", "edge(1)", "Last entry", show=False, id="rows.bottom"),
        Binding("enter", "choose", "Go to the section", show=False, id="rows.choose"),
    ]

    class _RowMessage(Message):
        def __init__(self, rows: RowList, row: Row) -> None:
            super().__init__()
            self.rows = rows
            self.row = row

        @property
        def control(self) -> RowList:
            return self.rows

    class Highlighted(_RowMessage):
        """The cursor moved to ``row``."""

    class Chosen(_RowMessage):
        """Enter (or a click on the cursor's row) chose ``row``."""

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self.rows: list[Row] = []
        self._stops: list[int] = []  # indices of rows with a target, ascending
        self.cursor: int | None = None
        self._version = 0
        """Counts set_rows calls: the rows' content is part of every drawn line's key."""
        self._drawn: LRUCache[LineKey, Strip] = LRUCache(KEPT_LINES)
        """Drawn lines, a few screens' worth."""

    # -- content ---------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row], cursor: int | None = None) -> None:
        """Replace the rows; the cursor goes to ``cursor`` (a row index) or the first entry."""
        self.rows = list(rows)
        self._stops = [i for i, row in enumerate(self.rows) if row.target is not None]
        self._version += 1
        self._drawn.clear()  # none of them can be drawn again
        self.virtual_size = Size(self.size.width, len(self.rows))
        self.cursor = None
        start = cursor if cursor is not None and cursor in set(self._stops) else None
        if start is None and self._stops:
            start = self._stops[0]
        self._move_to(start, top=True)
        self.refresh()

    @property
    def current(self) -> Row | None:
        return self.rows[self.cursor] if self.cursor is not None else None

    # -- moving ----------------------------------------------------------------------

    def _move_to(self, index: int | None, *, top: bool = False) -> None:
        if index == self.cursor:
            return
        old, self.cursor = self.cursor, index
        for changed in (old, index):
            if changed is not None:
                self._refresh_row(changed)
        if index is not None:
            self._scroll_to_row(index, top=top)
            self.post_message(self.Highlighted(self, self.rows[index]))

    def _refresh_row(self, index: int) -> None:
        y = index - round(self.scroll_offset.y)
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _scroll_to_row(self, index: int, *, top: bool = False) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        # Show the heading above a first entry, so its context stays in view.
        start = index - 1 if index > 0 and self.rows[index - 1].target is None else index
        y = round(self.scroll_offset.y)
        if top and start < y + height // 2:
            self.scroll_to(y=max(start - 1, 0), animate=False, immediate=True)
        elif start < y:
            self.scroll_to(y=start, animate=False, immediate=True)
        elif index >= y + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        if not self._stops:
            return
        if self.cursor is None:
            self._move_to(self._stops[0])
            return
        if step > 0:
            at = bisect_right(self._stops, self.cursor)
            if at < len(self._stops):
                self._move_to(self._stops[at])
            else:
                self.scroll_end(animate=False, immediate=True)  # show the rows below the last entry
        else:
            at = bisect_left(self._stops, self.cursor) - 1
            if at >= 0:
                self._move_to(self._stops[at])
            else:
                self.scroll_home(animate=False, immediate=True)

    def action_page(self, step: int) -> None:
        if not self._stops:
            return
        height = max(self.scrollable_content_region.height - 1, 1)
        here = self.cursor if self.cursor is not None else 0
        goal = here + step * height
        if step > 0:
            at = min(bisect_left(self._stops, goal), len(self._stops) - 1)
        else:
            at = max(bisect_right(self._stops, goal) - 1, 0)
        self.scroll_relative(y=step * height, animate=False, immediate=True)
        self._move_to(self._stops[at])

    def action_edge(self, step: int) -> None:
        if self._stops:
            self._move_to(self._stops[-1] if step > 0 else self._stops[0])
            if step < 0:
                self.scroll_home(animate=False, immediate=True)
            else:
                self.scroll_end(animate=False, immediate=True)

    def action_choose(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Chosen(self, row))

    def select_target(self, target: str) -> bool:
        """Put the cursor on the first row leading to ``target``."""
        return self.select_first(lambda row: row.target == target)

    def select_first(self, wanted: Callable[[Row], bool]) -> bool:
        """Put the cursor on the first entry ``wanted`` accepts; False if none does."""
        for index in self._stops:
            if wanted(self.rows[index]):
                self._move_to(index, top=True)
                return True
        return False

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + round(self.scroll_offset.y)
        if 0 <= index < len(self.rows) and self.rows[index].target is not None:
            if index == self.cursor:
                self.action_choose()
            else:
                self._move_to(index)

    # -- drawing ---------------------------------------------------------------------

    def _layout(self, width: int) -> tuple[int, ...]:
        """Each column's width in cells (0: left out at this width)."""
        shown = [c for c in self.columns if width >= c.hide_below]
        fixed = sum(c.width for c in shown if c.width is not None)
        weights = sum(c.weight for c in shown if c.width is None)
        room = max(width - fixed - GAP * (len(shown) - 1), 0)
        return tuple(
            0
            if width < c.hide_below
            else c.width
            if c.width is not None
            else max(room * c.weight // max(weights, 1), c.min_width)
            for c in self.columns
        )

    def on_resize(self, event: events.Resize) -> None:
        self._drawn.grow(4 * event.size.height)
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))
        if self.cursor is not None:
            self._scroll_to_row(self.cursor)

    def on_focus(self) -> None:
        self.refresh()  # the cursor's colours follow the focus

    def on_blur(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + round(self.scroll_offset.y)
        base = self.rich_style
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, base)
        selected = index == self.cursor
        key: LineKey = (self._version, index, selected, width, base, self.has_focus, self.app.theme)
        cached = self._drawn.get(key)
        if cached is not None:
            return cached
        widths = self._layout(width)
        line = self._line(self.rows[index], widths, width)
        style = base + self.get_component_rich_style("rowlist--cursor", partial=True) if selected else base
        strip = Strip(line.render(self.app.console)).apply_style(style).adjust_cell_length(width, style)
        self._drawn[key] = strip
        return strip

    def _line(self, row: Row, widths: tuple[int, ...], width: int) -> Text:
        # A fresh Text gets each cell's own style as a span: Text.render() ignores the
        # base style of a Text without spans.
        line = Text(no_wrap=True, end="")
        cells = row.cells
        if len(cells) == 1:
            widths = (width,)
        first = True
        for cell, room in zip(cells, widths, strict=False):
            if not room:
                continue  # a column left out at this width
            if not first:
                line.append(" " * GAP)
            first = False
            piece = cell.copy()
            piece.truncate(room, overflow="ellipsis", pad=True)
            line.append_text(piece)
        line.truncate(width, overflow="ellipsis", pad=True)
        return line


def plain_rows(rows: Sequence[Row]) -> list[str]:
    """The rows as plain text, one string per row (for tests)."""
    return ["  ".join(cell.plain for cell in row.cells) for row in rows]
