"""The error screen: a briefing that cannot be opened, every problem with its place."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...problems import Problem
from ...text import clean, count
from ..widgets.footer import ReadyFooter
from .once import OnceScreen


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


class ErrorScreen(OnceScreen[None], inherit_bindings=False):
    """A briefing that cannot be opened: every problem, with its place. Closing exits 1."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter", "close", "Close", id="error.close"),
        Binding(
            "e", "edit", "Edit", tooltip="Open the file in your editor at the first problem", id="error.edit"
        ),
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
        heading = Text()
        heading.append("Cannot open ", style="bold")
        heading.append(self.file, style="bold")
        heading.append(f"\n{count(len(self.problems), 'problem')} (line:column, field, message).")
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

    def action_edit(self) -> None:
        from ..reader.editing import open_in_editor

        if self.problems:
            open_in_editor(self.app, self.problems[0].file, self.problems[0].line)

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#problems", VerticalScroll)
        if direction == "down":
            scroll.scroll_down(animate=False)
        else:
            scroll.scroll_up(animate=False)
