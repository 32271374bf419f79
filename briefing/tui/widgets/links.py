"""Cross-references inside a pane: find them in the rendered lines, move between them, follow them.

:func:`briefing.tui.views.render.xref` marks a span of text as a link to a section (in
its style's meta, never in markup). A :class:`LinkPane` finds those spans in its
rendered lines, once per render, and lets the keyboard move between them the way
a text browser does: ``down``/``up`` go to the next/previous link *on screen*, and
scroll a line when there is none, so no text is ever skipped; ``enter`` (or a
click) follows the highlighted link. A pane without links scrolls as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from ..internals import has_meta
from ..views.highlight import restyle
from ..views.render import XREF, PaneView
from .panes import Pane

Piece = tuple[int, int, int]
"""Where part of a link is drawn: line, first cell, cell after the last."""


class Link(NamedTuple):
    target: str
    """The section id it leads to."""
    pieces: tuple[Piece, ...]

    @property
    def line(self) -> int:
        return self.pieces[0][0]


def find_links(lines: Iterable[Iterable[Segment]]) -> list[Link]:
    """Every cross-reference in rendered lines, in reading order; a wrapped one has several pieces."""
    found: dict[tuple[str, int], list[Piece]] = {}
    for y, line in enumerate(lines):
        x = 0
        for segment in line:
            width = segment.cell_length
            style = segment.style
            if style is not None and has_meta(style):  # most segments have none: skip the decoding
                meta = style.meta
                target = meta.get(XREF)
                if target is not None:
                    pieces = found.setdefault((target, meta.get(f"{XREF}-n", 0)), [])
                    if pieces and pieces[-1][0] == y and pieces[-1][2] == x:
                        pieces[-1] = (y, pieces[-1][1], x + width)
                    else:
                        pieces.append((y, x, x + width))
            x += width
    return [Link(target, tuple(pieces)) for (target, _), pieces in found.items()]


class LinkPane(Pane):
    """A pane whose cross-references can be reached from the keyboard and followed."""

    DEFAULT_CSS = """
    LinkPane > .linkpane--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"linkpane--cursor"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "next_link", "Scroll down, or go to the next link", show=False, id="pane.down"),
        Binding("up,k", "previous_link", "Scroll up, or go to the previous link", show=False, id="pane.up"),
        Binding("enter", "follow", "Follow the highlighted link", show=False, id="pane.follow"),
    ]

    class Follow(Message):
        """A cross-reference was followed: the reader goes to ``target``."""

        def __init__(self, target: str) -> None:
            super().__init__()
            self.target = target

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.links: list[Link] = []
        self.link: int | None = None
        """The highlighted link (an index into ``links``), if any."""

    # -- finding ---------------------------------------------------------------------

    def _render_body(self) -> None:
        super()._render_body()
        self.links = find_links(self._lines)
        if self.link is not None and self.link >= len(self.links):
            self.link = None
        self._show_hint()

    def show(self, view: PaneView) -> None:
        self.link = None  # a new body: nothing highlighted until a key asks
        super().show(view)

    @property
    def target(self) -> str | None:
        """The section the highlighted link leads to."""
        return self.links[self.link].target if self.link is not None else None

    # -- moving ----------------------------------------------------------------------

    def _visible(self) -> range:
        top = round(self.scroll_offset.y)
        return range(top, top + max(self.scrollable_content_region.height, 1))

    def action_next_link(self) -> None:
        visible = self._visible()
        after = -1 if self.link is None else self.link
        for index in range(after + 1, len(self.links)):
            line = self.links[index].line
            if line in visible:
                self._highlight(index)
                return
            if line >= visible.stop:
                break
        super().action_scroll_down()

    def action_previous_link(self) -> None:
        visible = self._visible()
        if self.link is not None:
            for index in range(self.link - 1, -1, -1):
                line = self.links[index].line
                if line in visible:
                    self._highlight(index)
                    return
                if line < visible.start:
                    break
        super().action_scroll_up()

    def _highlight(self, index: int | None) -> None:
        if index != self.link:
            self.link = index
            self.refresh()
            self._show_hint()

    def _show_hint(self) -> None:
        if not self.links:
            hint = ""
        elif self.link is None:
            hint = "↓ links"
        else:
            hint = f"link {self.link + 1}/{len(self.links)} · enter follows"
        if self.border_subtitle != hint:
            self.border_subtitle = hint

    def action_follow(self) -> None:
        target = self.target
        if target is None:
            self.app.bell()
            return
        self.post_message(self.Follow(target))

    def on_click(self, event: events.Click) -> None:
        target = event.style.meta.get(XREF)
        if target is not None:
            event.stop()
            self.post_message(self.Follow(target))

    # -- drawing ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if self.link is None or not self.has_focus:
            return strip
        index = y + round(self.scroll_offset.y)
        cuts = [(x0, x1) for line, x0, x1 in self.links[self.link].pieces if line == index]
        if not cuts:
            return strip
        cursor = self.get_component_rich_style("linkpane--cursor", partial=True)
        return Strip(restyle(strip, cuts, cursor), strip.cell_length)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
