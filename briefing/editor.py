"""The user's editor, and the command line that opens a file in it at a line.

``$VISUAL``, then ``$EDITOR`` (each split as a shell would, so ``code --wait``
works), then nano or vi found on ``PATH``. Editors take the line in different
forms: ``+LINE FILE`` for vi, vim, nvim, nano, emacs, micro, kak and any editor
not known to want another; ``--goto FILE:LINE`` for VS Code and VSCodium;
``FILE:LINE`` for Sublime Text and Helix.
"""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import NamedTuple

FALLBACKS = ("nano", "vi")
GOTO_FLAG = frozenset({"code", "code-insiders", "codium", "code-oss", "vscodium"})
COLON_SUFFIX = frozenset({"subl", "sublime_text", "hx", "helix"})


class EditorError(Exception):
    """No editor can be run: the message says why and what to set."""


class Editor(NamedTuple):
    command: tuple[str, ...]
    """The program and the arguments given with it (``code --wait``)."""
    source: str
    """Where it came from: ``$VISUAL``, ``$EDITOR`` or ``PATH``."""

    @property
    def name(self) -> str:
        """The program's own name, lowercase, without a Windows suffix."""
        name = PurePath(self.command[0]).name.lower()
        for suffix in (".exe", ".cmd", ".bat"):
            name = name.removesuffix(suffix)
        return name

    def at(self, path: str, line: int) -> list[str]:
        """The command line that opens ``path`` at ``line`` (1-based)."""
        line = max(1, line)
        if self.name in GOTO_FLAG:
            return [*self.command, "--goto", f"{path}:{line}"]
        if self.name in COLON_SUFFIX:
            return [*self.command, f"{path}:{line}"]
        return [*self.command, f"+{line}", path]


def find_editor(
    environ: Mapping[str, str] | None = None, which: Callable[[str], str | None] = shutil.which
) -> Editor:
    """The editor to use; :class:`EditorError` when none is set or found."""
    env = os.environ if environ is None else environ
    for variable in ("VISUAL", "EDITOR"):
        value = env.get(variable, "").strip()
        if not value:
            continue
        try:
            words = shlex.split(value)
        except ValueError as err:
            raise EditorError(
                f"${variable} cannot be split like a shell command ({err}): {value!r}"
            ) from None
        if words:
            return Editor(tuple(words), f"${variable}")
    for name in FALLBACKS:
        found = which(name)
        if found:
            return Editor((found,), "PATH")
    raise EditorError("no editor: set $VISUAL or $EDITOR (nano and vi are not on PATH either)")
