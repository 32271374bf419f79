"""Live reload: saving the briefing file while the reader is open shows the new version.

Every :data:`INTERVAL` seconds a Textual timer stats the files (size, mtime in
ns, inode; a folder is listed again, so a file added to it joins in): a few
system calls, no busy loop, nothing read. When that signature changes, the files
are loaded in a worker thread, so a big file never blocks the screen, and then:

* valid: the new briefing goes to ``apply`` (the app's ``replace_briefing``), and
  the reader swaps it in place (same section, same open branches; see
  :meth:`~briefing.tui.reader.screen.ReaderScreen.replace_briefing`);
* invalid: the reader keeps the last good version; a notification names the
  first problems, ``e`` opens the editor at the first, ``E`` opens
  :class:`ReloadProblems` with all of them, and the next save that fixes the
  file recovers by itself (closing that screen).

A file changed again while it was loading (an editor writing in two steps) is
not reported: the next tick loads it again.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Static

from ...merge import Signature, briefing_files, load_valid, signature
from ...model import Briefing
from ...problems import BriefingError, Problem
from ...text import clean, count
from ..internals import notices, withdraw
from ..screens.problems import ErrorScreen, problems_table

if TYPE_CHECKING:
    from textual.app import App

INTERVAL = 0.5
"""Seconds between two looks at the files."""
SHOWN = 3
"""Problems named in the notification."""
NOT_RELOADED = "Not reloaded"
LEFT_OUT = "Left out"


class ReloadProblems(ErrorScreen):
    """The problems of the last reload, over the reader that still shows the last good version."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter,E", "close", "Back to the reader", id="reload.close"),
    ]

    def heading(self) -> Text:
        text = Text()
        text.append("Not reloaded: ", style="bold")
        text.append(self.file, style="bold")
        text.append(f"\n{count(len(self.problems), 'problem')} (line:column, field, message). ")
        text.append(
            "The reader shows the last version that loaded; save the file fixed and it reloads by itself.",
            style="dim",
        )
        return text

    def action_close(self) -> None:
        self.dismiss()


def _show_problems(screen: ErrorScreen, problems: list[Problem]) -> None:
    """An error screen on show lists new problems in place."""
    screen.problems = problems
    screen.query_one("#error-heading", Static).update(screen.heading())
    table = problems_table(problems, every_file=len(screen.files) > 1)
    screen.query_one("#problems-body", Static).update(table)


def summary(problems: Sequence[Problem], files: int) -> str:
    """The first problems, one a line, for a notification."""
    lines = []
    for problem in problems[:SHOWN]:
        where = f"{problem.line}:{problem.col}"
        if files > 1:
            where = f"{Path(problem.file).name}:{where}"
        lines.append(
            clean(
                f"{where} {problem.path}: {problem.message}" if problem.path else f"{where} {problem.message}"
            )
        )
    if len(problems) > SHOWN:
        lines.append(f"… and {len(problems) - SHOWN:,} more")
    return "\n".join(lines)


class Reloader:
    """Watches the files of the open briefing and reloads them into the app."""

    def __init__(
        self,
        app: App[int],
        paths: Sequence[str | os.PathLike[str]],
        apply: Callable[[Briefing], Awaitable[None]],
        seen: Signature | None = None,
    ) -> None:
        self.app = app
        self.apply = apply
        """Takes each new version that loads (the app's ``replace_briefing``)."""
        self.paths = list(paths)
        self.seen = signature(self.paths) if seen is None else seen
        """The files as last loaded (``seen``: as they were when the briefing on show was loaded)."""
        self.loading = False
        self.problems: list[Problem] = []
        """The problems of the last load, while the files stay invalid."""
        self.reloads = 0
        self.given_files = {str(p) for p in self.paths if not Path(p).is_dir()}
        """Paths given as files: one that turns into a folder is an error, not a folder to open."""
        self.timer = app.set_interval(INTERVAL, self.check, name="reload")

    @property
    def files(self) -> list[str]:
        return [str(f) for f in briefing_files(self.paths)]

    def check(self) -> None:
        if self.loading:
            return
        now = signature(self.paths)
        if now == self.seen:
            return
        self.seen = now
        self.loading = True
        self.app.run_worker(partial(self._load, now), thread=True, group="reload", exit_on_error=False)

    def _load(self, seen: Signature) -> None:
        """In a worker thread: load, then hand the result to the app's thread."""
        briefing: Briefing | None = None
        problems: list[Problem] = []
        folders = [p for p in self.given_files if Path(p).is_dir()]
        try:
            if folders:  # never switch to reading a folder where a file was open
                problems = [Problem(p, 1, 1, "", "is a folder now, not the briefing file that was open")
                            for p in folders]  # fmt: skip
            else:
                # In a folder, a file that fails is left out: the rest is shown, its problems said.
                briefing, problems = load_valid(self.paths)
        except BriefingError as err:
            problems = list(err.problems)
        except Exception as err:  # never let a reload take the reader down
            where = ", ".join(self.files or map(str, self.paths))
            problems = [Problem(where, 1, 1, "", f"cannot reload: {err}")]
        with contextlib.suppress(RuntimeError):  # the app is closing
            # mypy cannot solve Textual's ``Callable[..., T | Awaitable[T]]`` for a coroutine function.
            self.app.call_from_thread(self._loaded, seen, briefing, problems)  # type: ignore[arg-type]

    async def _loaded(self, seen: Signature, briefing: Briefing | None, problems: list[Problem]) -> None:
        self.loading = False
        if signature(self.paths) != seen:
            return  # changed again while loading: the next tick loads the newer version
        if briefing is not None:
            await self._apply(briefing, problems)
        else:
            self._fail(problems)

    def _names(self) -> str:
        """The files' names, or the paths given when no file is found there any more."""
        names: list[str] = []
        for given in self.paths:
            if str(given) in self.given_files:
                names.append(Path(given).name)  # a file stays named as such, whatever it became
            else:
                names += [f.name for f in briefing_files([given])] or [str(given)]
        return ", ".join(names)

    def _withdraw_notices(self) -> None:
        """Take back the "Not reloaded" notices: they speak of a version no longer on disk."""
        for notice in notices(self.app):
            if notice.title in (NOT_RELOADED, LEFT_OUT):
                withdraw(self.app, notice)

    async def _apply(self, briefing: Briefing, left_out: list[Problem] | None = None) -> None:
        app = self.app
        recovered = bool(self.problems)
        self.problems = list(left_out or [])
        app.refresh_bindings()
        self.reloads += 1
        if isinstance(app.screen, ReloadProblems) and not left_out:
            app.screen.dismiss()
        self._withdraw_notices()
        await self.apply(briefing)
        message = f"{self._names()} fixed and reloaded." if recovered else f"Reloaded {self._names()}."
        app.notify(clean(message), title="Briefing", timeout=3, markup=False)
        if left_out:
            self.left_out(left_out)

    def left_out(self, problems: list[Problem]) -> None:
        """Files of a folder that fail are left out: say which, and keep their problems for E."""
        self.problems = list(problems)
        self.app.refresh_bindings()
        failed = sorted({p.file for p in problems})
        names = ", ".join(Path(f).name for f in failed)
        self.app.notify(
            clean(f"Left out {count(len(failed), 'file')} with problems: {names}")
            + "\n"
            + summary(problems, len(failed))
            + "\nPress E to see them all.",
            title=LEFT_OUT,
            severity="warning",
            timeout=10,
            markup=False,
        )

    def _fail(self, problems: list[Problem]) -> None:
        app = self.app
        self.problems = problems
        app.refresh_bindings()
        files = self.files
        top = app.screen
        if isinstance(top, ErrorScreen):  # on show: list the new problems there
            _show_problems(top, problems)
            if type(top) is ErrorScreen:  # the briefing never opened: no reader to notify over
                return
        self._withdraw_notices()
        app.notify(
            clean(f"{self._names()}: {count(len(problems), 'problem')}; showing the last good version.")
            + "\n"
            + summary(problems, len(files))
            + "\nPress e to edit the file at the first, E to see them all.",
            title=NOT_RELOADED,
            severity="error",
            timeout=10,
            markup=False,
        )

    def show_problems(self) -> None:
        if self.problems and not isinstance(self.app.screen, ReloadProblems):
            self.app.push_screen(ReloadProblems(self.problems, self.files))

    def stop(self) -> None:
        self.timer.stop()
