"""The top line: the briefing's title and the current article, both cut to fit.

Textual's Header centres one string and cuts its end, which loses the article
(the part that changes) first on narrow terminals; this bar shares the width.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

SEPARATOR = " — "


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, with an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    return set_cell_size(text, width - 1).rstrip() + "…"


def title_line(title: str, article: str, width: int) -> Text:
    """Title and article in ``width`` cells; the article keeps at least half."""
    width = max(width, 0)
    if not article:
        return Text(fit(title, width), style="bold")
    room = width - cell_len(SEPARATOR)
    if cell_len(title) + cell_len(article) > room:
        article = fit(article, max(room // 2, room - cell_len(title)))
        title = fit(title, room - cell_len(article))
    return Text.assemble((title, "bold"), (SEPARATOR, "dim"), (article, "italic"))


class TitleBar(Widget):
    """One line: briefing title — current article."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    """

    heading: reactive[str] = reactive("")
    article: reactive[str] = reactive("")
    note: reactive[str] = reactive("")
    """Words at the right end (how many sections changed since read); fixed words, never data."""

    def render(self) -> Text:
        if not self.note:
            return title_line(self.heading, self.article, self.size.width)
        note = fit(self.note, max(self.size.width // 2, 0))
        line = title_line(self.heading, self.article, self.size.width - cell_len(note) - 2)
        pad = self.size.width - line.cell_len - cell_len(note)
        return Text.assemble(line, " " * max(pad, 1), (note, "bold"))
