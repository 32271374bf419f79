"""The help screen (``?``), written from the live bindings of the screen below it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.columns import Columns
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Static

from ..internals import own_bindings
from .once import OnceModalScreen

HelpRows = list[tuple[str, str]]


def binding_rows(app: App[Any], node: DOMNode) -> HelpRows:
    """(keys, description) for every binding of ``node``, keys that share a description merged.

    Reads the node's binding map with the app's keymap applied, as Textual does
    when it dispatches a key, so keys changed by a keymap show as they are.
    """
    rows: dict[str, list[str]] = {}
    for _key, binding in own_bindings(app, node):
        if binding.system or not binding.description:
            continue
        keys = rows.setdefault(binding.tooltip or binding.description, [])
        shown = app.get_key_display(binding)
        if shown not in keys:
            keys.append(shown)
    return [(_join_keys(keys), description) for description, keys in rows.items()]


def _join_keys(keys: list[str]) -> str:
    digits = [k for k in keys if k.isdigit()]
    if len(digits) > 2 and len(digits) == len(keys):
        return f"{digits[0]}–{digits[-1]}"
    return " ".join(keys)


DESCRIPTION_WIDTH = 40
"""The width of a description when the help's blocks sit side by side."""
KEYS_WIDTH = 9


def help_table(sections: Sequence[tuple[str, HelpRows]]) -> RenderableType:
    """One block per section; the blocks flow into columns when there is room."""
    return HelpBlocks([(title, rows) for title, rows in sections if rows])


class HelpBlocks:
    """The help's blocks, laid out for the width they get.

    Where two blocks fit side by side, descriptions wrap at 40 cells and the blocks
    flow into columns; where only one fits, descriptions use the whole width.
    """

    def __init__(self, sections: Sequence[tuple[str, HelpRows]]) -> None:
        self.sections = sections

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        keys = max((len(k) for _, rows in self.sections for k, _ in rows), default=0)
        keys = max(keys, KEYS_WIDTH)
        block = keys + 2 + DESCRIPTION_WIDTH
        columns = options.max_width >= 2 * block + 3
        width = DESCRIPTION_WIDTH if columns else max(options.max_width - keys - 2, 10)
        blocks = [self._block(title, rows, keys, width) for title, rows in self.sections]
        yield Columns(blocks, padding=(0, 3))

    @staticmethod
    def _block(title: str, rows: HelpRows, keys: int, width: int) -> RenderableType:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, min_width=keys)
        table.add_column(max_width=width)
        for key, description in rows:
            table.add_row(Text(key), Text(description))
        return Group(Text(title, style="bold underline"), table, Text())


class HelpScreen(OnceModalScreen[None], inherit_bindings=False):
    """Every key of the reader, grouped by where it works."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
        Binding("down,j", "scroll('down')", "Scroll down", show=False, id="help.down"),
        Binding("up,k", "scroll('up')", "Scroll up", show=False, id="help.up"),
    ]

    def __init__(self, sections: Sequence[tuple[str, HelpRows]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "esc to close"
            yield Static(help_table(self.sections), id="help-body")

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#help", VerticalScroll)
        if direction == "down":
            scroll.scroll_down(animate=False)
        else:
            scroll.scroll_up(animate=False)
