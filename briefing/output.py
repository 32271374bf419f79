"""Standard output for the printing commands, as the world may leave it.

A full disk (``> /dev/full``), a closed stdout (``>&-``) or any other failed write
becomes :class:`OutputError`: one line on stderr and exit 1, never a traceback. A
reader that goes away (``| head -1``) ends the command quietly, as Unix tools do.
A character the output's encoding cannot show is written replaced (``?``), not
refused, so ``PYTHONIOENCODING=ascii`` or a C locale still gets every line.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys


class OutputError(Exception):
    """Standard output cannot be written: one line on stderr, exit 1."""


def prepare_streams() -> None:
    """Make the standard streams safe to use, whatever state they came in.

    A closed descriptor 0, 1 or 2 is opened on the null device, so no file this
    process opens can take its number and receive what was meant for the terminal;
    ``sys.stdout`` stays None then, and :func:`emit` reports the closed output. An
    encoding that cannot show a character replaces it.
    """
    for fd, mode in ((0, os.O_RDONLY), (1, os.O_WRONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            opened = os.open(os.devnull, mode)
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    for stream in (sys.stdout, sys.stderr):
        # A C locale (without UTF-8 mode) gives ASCII with surrogateescape, which refuses
        # any other character as "strict" does.
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="replace")


def emit(text: str) -> None:
    """Write ``text`` to standard output and flush it; OutputError if that fails.

    BrokenPipeError passes through: the caller ends quietly (see :func:`silence`).
    """
    stream = sys.stdout
    if stream is None:
        raise OutputError("standard output is closed")
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as err:
        raise OutputError(f"cannot write to standard output: {err.strerror or err}") from None


def silence() -> None:
    """Point standard output at the null device, so the interpreter's last flush of
    whatever a failed write left buffered cannot fail (and print a traceback) again."""
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)


def colour_wanted(stream: object) -> bool:
    """Colour escapes only for a terminal that shows them: a tty, ``NO_COLOR`` unset
    or empty (see no-color.org), and ``TERM`` not ``dumb``."""
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return False
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM", "") != "dumb"
