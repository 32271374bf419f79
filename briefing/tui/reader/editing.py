"""``e``: the briefing file in the user's editor, at the line of the highlighted record.

The reader hands the terminal to the editor (Textual's ``App.suspend``) and takes
it back when the editor exits; the live reload then shows the saved change on the
same section, or names the problems. While the last save failed to load, ``e``
opens the editor at the first problem instead (``E`` lists them all).

The bundled briefing lives inside the installed package and is not for editing:
there ``e`` says how to start an own copy.
"""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING, Any

from textual.app import SuspendNotSupported

from ...editor import EditorError, find_editor
from ...paths import is_bundled
from ...text import clean
from ..views.outline import NO_ACTOR, Branch, Slot

if TYPE_CHECKING:
    from textual.app import App

    from ...lines import Place
    from .screen import ReaderScreen

BUNDLED = (
    "This is the bundled briefing, part of the installed program, so it is not edited in place. "
    "Start your own copy with `briefing new PATH --from-bundled`, then open it with `briefing PATH`."
)


class Editing:
    """What ``e`` opens, owned by the reader screen."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.bundled = is_bundled(screen.briefing.path)
        """Whether the reader shows the bundled briefing (alone), which ``e`` does not edit."""

    def place(self) -> Place:
        """The file and line defining the highlighted section, article, group or actor."""
        from ...lines import Place, where  # reads YAML: loaded at the first e, not at start

        briefing = self.screen.briefing
        node = self.screen.section_tree.current
        if isinstance(node, Slot):
            return where(briefing, "sections", node.section.id, article=node.section.article)
        if isinstance(node, Branch) and node.id != NO_ACTOR:
            return where(briefing, f"{node.kind}s", node.id)
        first = briefing.parts[0].path if briefing.parts else briefing.path
        return Place(first, 1, True)  # no record of its own: the top of the file

    def edit(self) -> None:
        app = self.screen.app
        reloader = getattr(app, "reloader", None)
        failed = reloader.problems if reloader is not None else []
        if failed:
            open_in_editor(app, failed[0].file, failed[0].line)
            return
        place = self.place()
        if not is_bundled(place.file) and not place.found:
            app.notify(
                clean(f"Not found in {place.file} as saved now; opening it at the top."),
                title="Edit",
                severity="warning",
                timeout=4,
                markup=False,
            )
        open_in_editor(app, place.file, place.line)


def open_in_editor(app: App[Any], file: str, line: int) -> bool:
    """Run the user's editor on ``file`` at ``line``, the terminal handed over meanwhile.

    Every failure is a notice (no editor, one that cannot be started, a terminal
    that cannot be handed over); returns whether the editor ran.
    """
    if is_bundled(file):
        app.notify(BUNDLED, title="Edit", timeout=10, markup=False)
        return False
    try:
        editor = find_editor()
    except EditorError as err:
        app.notify(clean(f"Cannot edit: {err}."), title="Edit", severity="error", timeout=8, markup=False)
        return False
    command = editor.at(file, line)
    try:
        if app.is_headless:  # no terminal of ours to hand over (tests)
            result = subprocess.run(command, stdin=subprocess.DEVNULL, check=False)
        else:
            with app.suspend():
                result = subprocess.run(command, check=False)
    except SuspendNotSupported:
        app.notify("This terminal cannot be handed to an editor from here.", title="Edit", severity="error")
        return False
    except OSError as err:
        app.notify(
            clean(f"Cannot run {editor.command[0]} (from {editor.source}): {err.strerror or err}."),
            title="Edit",
            severity="error",
            timeout=8,
            markup=False,
        )
        return False
    if result.returncode != 0:
        app.notify(
            clean(f"{editor.name} exited with status {result.returncode}."),
            title="Edit",
            severity="warning",
            timeout=4,
            markup=False,
        )
    reloader = getattr(app, "reloader", None)
    if reloader is not None:
        reloader.check()  # show the saved change now, not at the next tick
    return True
