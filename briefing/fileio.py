"""Atomic file writes: a temporary file in the same directory, fsync, then rename.

A reader of the target sees the old file or the new one, never half of one; a
full disk or a crash leaves the old file whole and no temporary behind.

Every file the program writes goes through here, so one rule holds for all of
them: only a regular file or a missing path is ever written. A directory, FIFO,
socket or device is refused (:class:`NotAFileError`), never replaced; a
symbolic link is followed, and its target is replaced atomically where it lies
while the link itself stays as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class NotAFileError(OSError):
    """The path names something other than a regular file: it is never replaced."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}; only a regular file is ever replaced")
        self.path = path
        self.kind = kind


def target_of(path: str | os.PathLike[str]) -> Path:
    """Where a write to ``path`` lands: ``path`` itself, or the end of its symbolic links.

    Raises :class:`NotAFileError` when that is anything but a regular file or a
    missing path (a dangling link's target is a missing path: it is created).
    """
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    if stat.S_ISREG(mode):
        return target
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise NotAFileError(given, kind)


def write_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; return where it went.

    Without ``overwrite`` an existing file is left alone and FileExistsError is
    raised; the check and the write are one step (a hard link), so no race can
    clobber a file that appears meanwhile. Through a symbolic link, the link's
    target is written (and returned). See :func:`target_of` for what is refused.
    """
    target = target_of(path)
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
            # A regular file may have been swapped for something else since the check.
            target_of(target)
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
    """Write to ``stem+suffix`` in ``directory``, or ``stem-2``, ``stem-3``... if taken.

    A name held by anything (a file, a directory, a FIFO, a link) counts as taken.
    """
    base = Path(directory)
    for number in range(1, 10_000):
        name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
        if os.path.lexists(base / name):
            continue
        try:
            return write_atomic(base / name, text)
        except (FileExistsError, NotAFileError):
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
