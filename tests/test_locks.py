"""The file lock on both platforms: fcntl where it exists, msvcrt (simulated) where not."""

from __future__ import annotations

import errno
import fcntl
import os

import pytest

from briefing import locks


def _held_elsewhere(path) -> bool:
    """Whether another open file description cannot take the lock now."""
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_fcntl_lock_excludes_others_while_held(tmp_path):
    path = tmp_path / "x.lock"
    with locks.locked(path):
        assert _held_elsewhere(path)
    assert not _held_elsewhere(path)


class FakeMsvcrt:
    """msvcrt.locking as Windows behaves: LK_LOCK gives up with EDEADLOCK while held."""

    LK_UNLCK, LK_LOCK = 0, 1

    def __init__(self, busy_tries: int = 0) -> None:
        self.busy_tries = busy_tries
        self.calls: list[tuple[str, int, int]] = []

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        where = os.lseek(fd, 0, os.SEEK_CUR)
        name = {self.LK_LOCK: "lock", self.LK_UNLCK: "unlock"}[mode]
        if mode == self.LK_LOCK and self.busy_tries:
            self.busy_tries -= 1
            self.calls.append(("busy", where, nbytes))
            raise OSError(errno.EDEADLOCK, "Resource deadlock avoided")
        self.calls.append((name, where, nbytes))


@pytest.fixture
def windows(monkeypatch) -> FakeMsvcrt:
    fake = FakeMsvcrt()
    monkeypatch.setattr(locks, "fcntl", None)
    monkeypatch.setattr(locks, "msvcrt", fake)
    return fake


def test_without_fcntl_msvcrt_locks_the_first_byte(tmp_path, windows):
    path = tmp_path / "x.lock"
    path.write_bytes(b"left by an older version")  # append mode starts at the end
    with locks.locked(path):
        assert windows.calls == [("lock", 0, 1)]
        assert not _held_elsewhere(path)  # fcntl was not used
    assert windows.calls == [("lock", 0, 1), ("unlock", 0, 1)]


def test_msvcrt_lock_keeps_waiting_past_its_ten_tries(tmp_path, windows):
    windows.busy_tries = 3
    with locks.locked(tmp_path / "x.lock"):
        pass
    assert [name for name, _, _ in windows.calls] == ["busy", "busy", "busy", "lock", "unlock"]


def test_msvcrt_other_failures_are_raised(tmp_path, windows, monkeypatch):
    def refuse(fd: int, mode: int, nbytes: int) -> None:
        raise PermissionError(errno.EACCES, "denied")

    monkeypatch.setattr(windows, "locking", refuse)
    ran = False
    with pytest.raises(PermissionError), locks.locked(tmp_path / "x.lock"):
        ran = True
    assert not ran


def test_neither_module_runs_the_block_unlocked(tmp_path, monkeypatch):
    monkeypatch.setattr(locks, "fcntl", None)
    monkeypatch.setattr(locks, "msvcrt", None)
    with locks.locked(tmp_path / "x.lock"):
        assert not _held_elsewhere(tmp_path / "x.lock")


def test_the_platform_modules_are_found_as_they_are():
    assert locks.fcntl is fcntl
    assert locks.msvcrt is None  # this test runs on POSIX
