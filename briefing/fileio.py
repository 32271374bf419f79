"""Atomic file writes: a temporary file in the same directory, fsync, then rename.

A reader of the target sees the old file or the new one, never half of one; a
full disk or a crash leaves the old file whole and no temporary behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically.

    Without ``overwrite`` an existing file is left alone and FileExistsError is
    raised; the check and the write are one step (a hard link), so no race can
    clobber a file that appears meanwhile.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        # mkstemp makes the file private; give it the mode a new file would get
        # (or the mode of the file it replaces). Windows has no fchmod before
        # Python 3.13; its chmod only sets or clears the read-only flag.
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _mode_for(target))
        else:
            os.chmod(temp, _mode_for(target))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temp, target)
        else:
            try:
                os.link(temp, target)
            except FileExistsError:
                raise
            except OSError:
                # Filesystems without hard links: check, then rename.
                if target.exists():
                    raise FileExistsError(target) from None
                os.replace(temp, target)
        _fsync_directory(directory)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    return target


def write_new(directory: str | os.PathLike[str], stem: str, suffix: str, text: str) -> Path:
    """Write to ``stem+suffix`` in ``directory``, or ``stem-2``, ``stem-3``... if taken."""
    base = Path(directory)
    for number in range(1, 10_000):
        name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
        try:
            return write_atomic(base / name, text)
        except FileExistsError:
            continue
    raise FileExistsError(base / f"{stem}{suffix}")


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
