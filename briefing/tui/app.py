"""The Textual application: opens a briefing in the reader, or shows why it cannot.

``run(path)`` is what ``briefing open`` calls; it returns the process exit code:
0 after reading, 1 when the briefing failed validation (after its error screen).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import Screen
from textual.theme import ThemeProvider

from .. import collector
from ..fileio import write_new
from ..merge import briefing_files, load_valid, signature
from ..model import Briefing
from ..problems import BriefingError, Problem
from ..state import StateStore
from ..state_writer import StateWriter
from ..text import clean
from .reader.screen import QuoteChecks, ReaderScreen
from .themes import ThemeKeeper
from .widgets.guards import SafePalette
from .widgets.panes import Pane
from .widgets.tree import SectionTree

if TYPE_CHECKING:  # loaded when first needed, not before the first frame: the live reload
    # (after it), the quote checks (with --text), the error, help and unsaved-notes screens
    from ..merge import Signature
    from .reader.reload import Reloader
    from .screens.help import HelpRows


class StateWritten(Message):
    """The state writer has made changes: their outcomes wait to be delivered (posted from its thread)."""


class BriefingApp(App[int], inherit_bindings=False):
    """A terminal reader for one briefing."""

    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "question_mark",
            "help",
            "Help",
            tooltip="Show the keys (this list is read from the bindings)",
            key_display="?",
            id="app.help",
        ),
        Binding("q", "quit", "Quit", tooltip="Quit the reader", id="app.quit"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Palette",
            tooltip="Command palette: find a section by title, actor or id",
            show=False,
            priority=True,
            id="app.palette",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            tooltip="Quit, even from a dialog",
            show=False,
            priority=True,
            id="app.quit-anywhere",
        ),
        Binding("ctrl+c", "help_quit", show=False, system=True, id="app.ctrl-c"),
        Binding(
            "E",
            "problems",
            "Problems",
            tooltip="The problems that stopped the last reload (shown only then)",
            id="app.reload-problems",
        ),
    ]

    def __init__(
        self,
        briefing: Briefing | None = None,
        *,
        problems: Sequence[Problem] = (),
        file: str = "",
        cwd: Path | None = None,
        paths: Sequence[str | Path] = (),
        texts: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.briefing = briefing
        self.problems = problems
        self.file = file
        self.cwd = cwd
        self.paths = list(paths)
        """The files (or folders) given: watched, and reloaded when they change."""
        self.reloader: Reloader | None = None
        self.texts = dict(texts or {})
        """Article texts (``--text ARTICLE_ID=PATH``): each quote is marked as found there or not."""
        self.quote_checks = self._check_quotes(briefing)
        self.store = StateStore()
        """Reads the state, in the app's thread (the theme, then the reader's briefing)."""
        self.writer = StateWriter(self.store.directory, wake=lambda: self.post_message(StateWritten()))
        """Makes every change to the state, in order, in a thread of its own (see :mod:`.state_writer`)."""
        self.themes = ThemeKeeper(self.store, self.writer)
        self.themes.restore(self)  # before the first frame, so it never flashes the default
        self.left_out: list[Problem] = []
        """The problems of files left out of a folder when it opened (the rest is shown)."""
        self.farewell: list[str] = []
        """Lines for the terminal once the reader has closed (where unsaved notes went)."""
        self.quit_on_hangup = False
        """Quit as q does when the terminal closes (SIGHUP) or the process is told to end
        (SIGTERM), rather than dying with changes still on their way to the disk (see :func:`run`)."""
        self.freeze_when_ready = False
        """Move everything built for the first frame out of the garbage collector's way (see :func:`run`)."""

    def watch_theme(self, name: str) -> None:
        self.themes.changed(name)
        self._report_theme_warnings()

    def on_state_written(self, message: StateWritten) -> None:
        """Apply what the state writer has done (each change's ``then``), here in the app's thread."""
        self.writer.deliver()
        self._report_theme_warnings()

    def on_unmount(self) -> None:
        # Every change handed to the writer is made before the app is gone (the
        # reader's last place, saved as it closed, among them).
        self.writer.close()

    def on_mount(self) -> None:
        self._report_theme_warnings()
        if self.quit_on_hangup:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGHUP, signal.SIGTERM) if hasattr(signal, "SIGHUP") else ():
                loop.add_signal_handler(signum, self.hung_up)
        if self.paths:
            # The files as loaded, now; the watch on them starts once the first frame is out.
            self.call_after_refresh(self._watch_files, signature(self.paths))
        if self.briefing is not None and self.texts:
            from .. import verify

            for article in verify.unknown_articles(self.briefing, self.texts):
                self.notify(clean(f"--text: no article {article!r} here"), severity="warning", markup=False)

    def _watch_files(self, seen: Signature) -> None:
        """Start the live reload of the files given (see :mod:`.reader.reload`), from ``seen``."""
        from .reader.reload import Reloader

        self.reloader = Reloader(self, self.paths, self.replace_briefing, seen)
        if self.left_out:
            self.reloader.left_out(self.left_out)

    def _check_quotes(self, briefing: Briefing | None) -> QuoteChecks:
        """How each section's quotes checked against the article texts given (none given: nothing)."""
        if not briefing or not self.texts:
            return {}
        from .. import verify

        return verify.by_section(verify.check(briefing, self.texts))

    async def replace_briefing(self, briefing: Briefing) -> None:
        """A new version of the briefing (reloaded): the reader shows it, or opens on it now.

        The reader keeps its place (see :meth:`ReaderScreen.replace_briefing`); a
        briefing that never opened (its error screen on show) opens over its errors.
        """
        self.briefing = briefing
        self.quote_checks = self._check_quotes(briefing)  # the quotes may have changed
        from .screens.problems import ErrorScreen

        reader = self.reader_screen
        if reader is not None:
            await reader.replace_briefing(briefing, self.quote_checks)
        elif isinstance(self.screen, ErrorScreen):
            await self.push_screen(self._reader(briefing))
        if self.freeze_when_ready:
            # What was frozen (the old briefing, its outline and tree) is never collected
            # while it stays frozen: once the new one is drawn, let the old one go.
            self.call_after_refresh(collector.refreeze)

    def _reader(self, briefing: Briefing) -> ReaderScreen:
        return ReaderScreen(
            briefing, cwd=self.cwd, quote_checks=self.quote_checks, store=self.store, writer=self.writer
        )

    def on_ready(self) -> None:
        if self.freeze_when_ready:
            collector.freeze()

    def _report_theme_warnings(self) -> None:
        for warning in self.themes.take_warnings():
            self.notify(clean(warning), title="Saved state", severity="warning", timeout=10, markup=False)

    @classmethod
    def open(
        cls,
        path: str | Path | Sequence[str | Path],
        *,
        cwd: Path | None = None,
        texts: Mapping[str, str] | None = None,
    ) -> BriefingApp:
        """Load ``path`` (through the cache), or several files or a folder as one briefing.

        One that fails validation opens on its error screen, with every file's problems.
        """
        paths = [path] if isinstance(path, (str, Path)) else list(path)
        file = ", ".join(str(p) for p in paths)
        try:
            # In a folder (or several files), one that fails is left out: the rest opens.
            briefing, left_out = load_valid(paths)
        except BriefingError as err:
            return cls(problems=err.problems, file=file, cwd=cwd, paths=paths, texts=texts)
        app = cls(briefing, file=file, cwd=cwd, paths=paths, texts=texts)
        app.left_out = left_out
        return app

    def get_default_screen(self) -> Screen:
        if self.briefing is None:
            from .screens.problems import ErrorScreen

            files = [str(f) for f in briefing_files(self.paths)]
            return ErrorScreen(self.problems, files if len(files) > 1 else self.file)
        return self._reader(self.briefing)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "problems":  # only while a reload has failed
            return bool(self.reloader and self.reloader.problems)
        return True

    async def action_quit(self) -> None:
        """Quit; but first, if a note or bookmark could not be saved, say so and offer to write it out."""
        from .screens.note_editor import NoteScreen
        from .screens.unsaved import UnsavedScreen

        reader = self.reader_screen
        if reader is None:
            self.exit()
            return
        if isinstance(self.screen, UnsavedScreen):  # ctrl+q on the dialog: quit without them, as q does
            self.screen.action_quit_anyway()
            return
        if isinstance(self.screen, NoteScreen):
            # ctrl+q while writing a note: keep it, as esc does (the reader takes it as the
            # editor closes), then quit once the editor is gone.
            self.screen.action_save()
            self.call_next(self.action_quit)
            return
        memory = reader.memory
        memory.settle()  # one more try, and every change handed to the writer made
        if not memory.has_unsaved:
            self.exit()
            return
        screen = UnsavedScreen(
            len(memory.unsaved_notes),
            len(memory.unsaved_bookmarks),
            memory.failure,
            *self._unsaved_place(reader),
            lambda: self._unsaved_markdown(reader),
        )

        def closed(leave: bool | None) -> None:
            if leave:
                memory.settle()  # the disk may be back: what can be saved now is
                if screen.written is not None:
                    self.farewell.append(f"briefing: the unsaved notes are in {screen.written}")
                elif memory.has_unsaved:
                    self.farewell.append("briefing: quit without the notes and bookmarks that were not saved")
                self.exit()

        self.push_screen(screen, closed)

    @property
    def reader_screen(self) -> ReaderScreen | None:
        """The reader, with or without dialogs over it; None before a briefing has opened."""
        return next((s for s in self.screen_stack if isinstance(s, ReaderScreen)), None)

    @staticmethod
    def _unsaved_place(reader: ReaderScreen) -> tuple[Path, str]:
        """Where what could not be saved is written: the folder, and the file's name without ``.md``."""
        return reader.cwd or Path.cwd(), f"unsaved-notes-{reader.briefing.id}"

    @staticmethod
    def _unsaved_markdown(reader: ReaderScreen) -> str:
        briefing = reader.briefing

        def title(section_id: str) -> str:
            section = briefing.section_by_id.get(section_id)
            return clean(section.title) if section is not None else section_id

        return reader.memory.unsaved_markdown(clean(briefing.title), title)

    def hung_up(self) -> None:
        """The terminal closed, or the process was told to end: every change handed to the
        writer is made, and then the reader closes as on q. No one is there to answer the
        unsaved-notes dialog: what could not be saved is written to its Markdown file (as
        ``w`` there does), if the working directory takes it."""
        from .screens.note_editor import NoteScreen

        if isinstance(self.screen, NoteScreen):  # the note being written is kept, as on esc
            self.screen.action_save()
            self.call_next(self.hung_up)
            return
        reader = self.reader_screen
        if reader is not None:
            memory = reader.memory
            memory.settle()
            if memory.has_unsaved:
                with contextlib.suppress(OSError):  # nowhere to say so: the terminal is gone
                    written = write_new(*self._unsaved_place(reader), ".md", self._unsaved_markdown(reader))
                    self.farewell.append(f"briefing: the unsaved notes are in {written}")
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette's own entries: only what belongs to this reader (no Quit, no second help)."""
        yield SystemCommand("Theme", "Change the colours (kept for every briefing)", self.action_change_theme)
        yield SystemCommand("Keys", "The keys of this screen (also ?)", self.action_help)
        yield SystemCommand(
            "Screenshot",
            "Save the screen as an SVG picture in the working directory",
            lambda: self.set_timer(0.1, self.screenshot_here),
        )

    def screenshot_here(self) -> None:
        """Write the screen as SVG to a new file in the working directory; say where, or why not."""
        reader = self.reader_screen
        directory = (reader.cwd if reader is not None else None) or self.cwd or Path.cwd()
        try:
            written = write_new(directory, "briefing-screenshot", ".svg", self.export_screenshot())
        except OSError as err:
            self.notify(
                clean(f"Could not save the screenshot in {directory}: {err.strerror or err}."),
                title="Screenshot",
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        self.notify(clean(f"Saved the screenshot as {written}."), title="Screenshot", timeout=5, markup=False)

    def action_command_palette(self) -> None:
        """The palette, guarded against keys that reach it while it closes (see widgets.guards)."""
        if self.use_command_palette and not any(isinstance(s, CommandPalette) for s in self.screen_stack):
            self.push_screen(SafePalette(id="--command-palette"))

    def search_themes(self) -> None:
        """The theme list (the palette's "Theme"), guarded like the palette: Textual's own
        pops the reader too when an enter queued behind the one that picked a theme reaches it."""
        self.push_screen(SafePalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def action_problems(self) -> None:
        if self.reloader is not None:
            self.reloader.show_problems()

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, HelpRows]]:
        """The keys of every part of the current screen, read from the bindings."""
        screen = self.screen
        from .screens.help import binding_rows
        from .widgets.row_list import RowList  # loaded with the index screens, not before the first frame

        sections: list[tuple[str, HelpRows]] = [("Sections and views", binding_rows(self, screen))]
        for title, kind in (("In the tree", SectionTree), ("In a pane", Pane), ("In the list", RowList)):
            found = screen.query(kind)
            if found:
                sections.append((title, binding_rows(self, found.first())))
        sections.append(("Everywhere", binding_rows(self, self)))
        return sections


def run(path: Path | Sequence[Path], texts: Mapping[str, str] | None = None) -> int:
    """Open the reader on ``path`` (or on several files as one); return the exit code."""
    app = BriefingApp.open(path, texts=texts)
    # The loaded briefing lives as long as the app: move it out of the collector's
    # way, or every full collection walks all of its records (tens of ms at
    # 10,000 sections, landing on random key presses). The same again once the
    # first frame is out, for the outline, the tree and the widgets.
    collector.freeze()
    app.freeze_when_ready = True
    app.quit_on_hangup = True
    # Textual writes each frame from a thread of its own. Under Python's default
    # 5 ms switch interval, any work the app starts right after a frame (rendering
    # the neighbouring sections ahead, see reader.render_ahead) holds that thread back for up
    # to 5 ms per write it makes; at 1 ms, a frame reaches the terminal at once.
    sys.setswitchinterval(0.001)
    app.run()
    for line in app.farewell:
        print(line, file=sys.stderr)
    return app.return_code or 0
