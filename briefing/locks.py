"""An exclusive lock held on a file while a block runs, between processes.

POSIX systems lock with ``fcntl.flock``; Windows, which has no ``fcntl``, locks the
file's first byte with ``msvcrt.locking``. Both wait for a lock another process
holds. Where neither module exists the block runs unlocked (writes stay atomic:
two writers can then lose one change, never corrupt the file).
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
from collections.abc import Iterator
from types import ModuleType


def _optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


# Looked up when a lock is taken, so tests can stand in for either platform.
fcntl = _optional("fcntl")  # POSIX
msvcrt = _optional("msvcrt")  # Windows


@contextlib.contextmanager
def locked(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) while the block runs."""
    with open(path, "a+b") as handle:
        fd = handle.fileno()
        _lock(fd)
        try:
            yield
        finally:
            _unlock(fd)


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)
    elif msvcrt is not None:
        # Every process locks the same region, the first byte (it may lie past the
        # end of the file, which Windows allows). LK_LOCK gives up after ten tries
        # a second apart with EDEADLOCK: keep waiting, as flock does.
        os.lseek(fd, 0, os.SEEK_SET)
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError as err:
                if err.errno != errno.EDEADLOCK:
                    raise


def _unlock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    elif msvcrt is not None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
