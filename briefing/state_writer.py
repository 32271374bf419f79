"""The reader's changes to the state, made in order by one thread of their own.

A commit of :mod:`briefing.state` waits for the disk (``synchronous=FULL``: an
fsync of the write-ahead log), a fraction of a millisecond on most days and a few
milliseconds on a busy one. The reader hands each change to a :class:`StateWriter`
instead and goes on from what it holds in memory: the writer's thread opens its
own :class:`~briefing.state.StateStore` (its own SQLite connection, used by that
thread alone), makes the changes one at a time in the order they were handed
over, and keeps each outcome (the change's value, or the :class:`OSError` that
stopped it) until the reader's thread takes them with :meth:`StateWriter.deliver`,
which runs each change's ``then`` there. ``wake`` is called from the writer's
thread when outcomes wait; it must be safe to call from any thread and must not
block (the reader posts a message).

:meth:`StateWriter.flush` waits until every change handed over so far is made;
:meth:`StateWriter.close` flushes and stops the thread. Nothing is dropped: a
change handed over before ``close`` is made before it returns.

The printing commands never use this: they change the state with a
:class:`~briefing.state.StateStore` directly. Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .state import StateError, StateStore

Change = Callable[[StateStore], Any]
"""A change: called with the writer's store, in the writer's thread."""


@dataclass(frozen=True)
class Outcome:
    """What a change came to: its value, or why it failed; and the store's warnings meanwhile."""

    value: Any = None
    error: OSError | None = None
    warnings: tuple[str, ...] = field(default=())


Then = Callable[[Outcome], None]
"""Called in the thread that delivers, with the change's outcome."""

_STOP = object()


class StateWriter:
    """One thread that makes the state's changes in the order they are handed over."""

    def __init__(self, directory: Path | None = None, *, wake: Callable[[], object] | None = None) -> None:
        self.directory = directory
        self.wake = wake
        self._changes: queue.Queue[Any] = queue.Queue()
        self._outcomes: queue.SimpleQueue[tuple[Then | None, Outcome]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()
        self._closed = False

    # -- the reader's side ------------------------------------------------------------

    def submit(self, change: Change, then: Then | None = None) -> None:
        """Make ``change`` after every change handed over before it; ``then`` gets its outcome.

        Once the writer is closed, the change is made at once, in the caller's thread."""
        with self._start:
            if not self._closed:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="state-writer", daemon=True)
                    self._thread.start()
                self._changes.put((change, then))
                return
        store = StateStore(self.directory)
        try:
            self._outcomes.put((then, make(store, change)))
        finally:
            store.close()

    def deliver(self) -> int:
        """Run the ``then`` of every change made since the last call, in order, in this thread."""
        count = 0
        while True:
            try:
                then, outcome = self._outcomes.get_nowait()
            except queue.Empty:
                return count
            count += 1
            if then is not None:
                then(outcome)

    @property
    def pending(self) -> bool:
        """True while a change handed over is not made yet."""
        return self._changes.unfinished_tasks > 0

    def flush(self) -> None:
        """Wait until every change handed over so far is made (their outcomes then wait
        for :meth:`deliver`)."""
        if self._thread is not None:
            self._changes.join()

    def close(self) -> None:
        """Make every change handed over, then stop the thread. Later changes are refused."""
        with self._start:
            first, self._closed = not self._closed, True
            thread = self._thread
        if thread is not None:
            if first:  # once: a second stop would wait in the queue, pending for ever
                self._changes.put(_STOP)
            thread.join()

    # -- the writer's thread ----------------------------------------------------------

    def _run(self) -> None:
        store = StateStore(self.directory)
        try:
            while True:
                item = self._changes.get()
                try:
                    if item is _STOP:
                        return
                    change, then = item
                    self._outcomes.put((then, make(store, change)))
                    if self.wake is not None:
                        self._wake()
                finally:
                    self._changes.task_done()
        finally:
            store.close()

    def _wake(self) -> None:
        assert self.wake is not None
        with contextlib.suppress(Exception):  # a reader closing meanwhile: its outcomes wait for deliver()
            self.wake()


def make(store: StateStore, change: Change) -> Outcome:
    """Make one change; whatever stops it comes back as its error, and the thread goes on."""
    try:
        value = change(store)
    except OSError as err:
        outcome = Outcome(error=err, warnings=tuple(store.warnings))
    except BaseException as err:  # a change must never stop the writer (and the changes after it);
        # this thread is never sent a signal, so nothing here is the user's ctrl+c
        outcome = Outcome(error=StateError(f"could not save: {err}"), warnings=tuple(store.warnings))
    else:
        outcome = Outcome(value, warnings=tuple(store.warnings))
    store.warnings.clear()
    return outcome
