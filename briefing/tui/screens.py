"""The help screen (written from the live bindings) and the error screen."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import ClassVar

from rich.columns import Columns
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..problems import Problem
from ..text import clean
from .footer import ReadyFooter

HelpRows = list[tuple[str, str]]


def binding_rows(app: App[object], node: DOMNode) -> HelpRows:
    """(keys, description) for every binding of ``node``, keys that share a description merged.

    Reads the node's binding map with the app's keymap applied, as Textual does
    when it dispatches a key, so keys changed by a keymap show as they are.
    """
    bindings = node._bindings.copy()
    if app._keymap:
        bindings.apply_keymap(app._keymap)
    rows: dict[str, list[str]] = {}
    for _key, binding in bindings:
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


class HelpScreen(ModalScreen[None], inherit_bindings=False):
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


def problems_table(problems: Sequence[Problem], *, every_file: bool = False) -> RenderableType:
    """One row per problem; the file is named where it is not the first's (or always)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, justify="right")
    table.add_column(style="cyan", overflow="fold")
    table.add_column(overflow="fold", ratio=1)
    first = problems[0].file if problems else ""
    for problem in problems:
        where = f"{problem.line}:{problem.col}"
        if every_file or problem.file != first:
            where = f"{problem.file}:{where}"
        table.add_row(Text(clean(where)), Text(clean(problem.path) or "—"), Text(clean(problem.message)))
    return table


class ErrorScreen(Screen[None], inherit_bindings=False):
    """A briefing that cannot be opened: every problem, with its place. Closing exits 1."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter", "close", "Close", id="error.close"),
        Binding("down,j", "scroll('down')", "Scroll down", show=False, id="error.down"),
        Binding("up,k", "scroll('up')", "Scroll up", show=False, id="error.up"),
    ]

    def __init__(self, problems: Sequence[Problem], file: str | Sequence[str]) -> None:
        super().__init__()
        self.problems = problems
        self.files = [clean(file)] if isinstance(file, str) else [clean(f) for f in file]
        """The files opened together (one, usually)."""
        self.file = ", ".join(self.files)

    def heading(self) -> Text:
        count = len(self.problems)
        heading = Text()
        heading.append("Cannot open ", style="bold")
        heading.append(self.file, style="bold")
        heading.append(f"\n{count} problem{'s' if count != 1 else ''} (line:column, field, message).")
        command = "briefing validate " + " ".join(shlex.quote(f) for f in self.files)
        heading.append(f" Fix them, then check with `{command}`.", style="dim")
        return heading

    def compose(self) -> ComposeResult:
        yield Static(self.heading(), id="error-heading")
        with VerticalScroll(id="problems") as scroll:
            scroll.border_title = "Problems"
            table = problems_table(self.problems, every_file=len(self.files) > 1)
            yield Static(table, id="problems-body")
        yield ReadyFooter()

    def action_close(self) -> None:
        self.app.exit(return_code=1)

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#problems", VerticalScroll)
        if direction == "down":
            scroll.scroll_down(animate=False)
        else:
            scroll.scroll_up(animate=False)
