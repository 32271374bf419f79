"""Search matches made visible: in a hit's snippet, and in lines already rendered for a pane.

Both work on plain text and Rich styles only; nothing from a briefing goes through
markup. Panes are marked after rendering, on their lines of segments, so the same
code marks a claim, a quote card or an analysis body, however each was drawn.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.color import Color

from ...text import clean

if TYPE_CHECKING:
    from ...search import Hit, Query

_WORD = re.compile(r"\w")
FALLBACK = Style(reverse=True, bold=True)


def match_style(app: App[Any] | None = None) -> Style:
    """The marker-pen style of a match: the theme's warning colour behind contrasting text."""
    if app is None:
        return FALLBACK
    try:
        theme = app.current_theme
        background = Color.parse(theme.warning or theme.accent or "yellow")
    except Exception:  # a theme without usable colours
        return FALLBACK
    return Style(bgcolor=background.rich_color, color=background.get_contrast_text(1.0).rich_color, bold=True)


def snippet_text(hit: Hit, style: Style = FALLBACK) -> Text:
    """A hit's snippet as Text, its matched words in ``style`` (markers never reach the screen)."""
    plain = hit.plain_snippet
    text = Text(clean(plain))
    if len(text.plain) != len(plain):  # clean() changed offsets; show it unmarked
        return text
    for start, end in hit.spans():
        text.stylize(style, start, end)
    return text


def mark_lines(
    lines: Sequence[list[Segment]], ranges: dict[int, list[tuple[int, int]]], style: Style
) -> list[list[Segment]]:
    """Rendered lines with the matches found by :func:`match_ranges` restyled."""
    return [restyle(line, ranges[n], style) if n in ranges else line for n, line in enumerate(lines)]


def match_ranges(lines: Sequence[list[Segment]], query: Query) -> dict[int, list[tuple[int, int]]]:
    """Where ``query`` matches in rendered lines: line number to (first cell, cell after the last).

    The lines are searched as one text, so a phrase broken across two lines is
    found; each line then marks only its own part of it, from word to word.
    """
    texts = ["".join(segment.text for segment in line if not segment.control) for line in lines]
    starts: list[int] = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    from ...search import highlight_spans  # loaded with the first search

    spans = highlight_spans("\n".join(texts), query)
    ranges: dict[int, list[tuple[int, int]]] = {}
    for start, end in spans:
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, end - 1) - 1
        for number in range(first, last + 1):
            line_start = starts[number]
            text = texts[number]
            lo = max(start - line_start, 0)
            hi = min(end - line_start, len(text))
            part = _words_only(text, lo, hi)
            if part is not None:  # characters to cells: a wide character takes two
                ranges.setdefault(number, []).append((cell_len(text[: part[0]]), cell_len(text[: part[1]])))
    return ranges


def _words_only(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """``text[lo:hi]`` trimmed to start and end on a word character (drops borders and padding)."""
    while lo < hi and not _WORD.match(text[lo]):
        lo += 1
    while hi > lo and not _WORD.match(text[hi - 1]):
        hi -= 1
    return (lo, hi) if lo < hi else None


def restyle(line: Iterable[Segment], spans: Sequence[tuple[int, int]], style: Style) -> list[Segment]:
    """A rendered line with ``style`` laid over the cells of each span (first cell, cell after the last).

    The style goes over each segment's own (a base style would lose to its
    background). The one restyler of the reader: search matches and the link cursor.
    """
    segments = list(line)
    width = Segment.get_line_length(segments)
    cuts = sorted({x for span in spans for x in span if 0 < x < width} | {width})
    out: list[Segment] = []
    start = 0
    for piece in Segment.divide(segments, cuts):
        if any(x0 <= start < x1 for x0, x1 in spans):
            out += Segment.apply_style(piece, post_style=style)
        else:
            out += piece
        start += Segment.get_line_length(piece)
    return out
