"""The state writer: changes made in order in a thread of its own, outcomes delivered
where asked, failures kept as outcomes, nothing dropped on close."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.state import StateError, StateStore
from briefing.state_writer import Outcome, StateWriter

KEY = "k"


def test_changes_are_made_in_order_off_the_calling_thread_and_delivered_in_order(tmp_path: Path) -> None:
    writer = StateWriter(tmp_path)
    threads: list[int] = []
    got: list[Outcome] = []

    def change(n: int) -> Callable[[StateStore], int]:
        def make(store: StateStore) -> int:
            threads.append(threading.get_ident())
            store.set_note(KEY, f"s{n}", f"note {n}")
            return n

        return make

    for n in range(50):
        writer.submit(change(n), got.append)
    writer.flush()
    assert not writer.pending
    assert got == []  # outcomes wait for the thread that delivers them
    assert writer.deliver() == 50
    assert [o.value for o in got] == list(range(50)) and all(o.error is None for o in got)
    assert set(threads) == {threads[0]} and threads[0] != threading.get_ident()
    writer.close()
    assert StateStore(tmp_path).briefing(KEY).notes == {f"s{n}": f"note {n}" for n in range(50)}


def test_a_failed_change_is_an_outcome_and_the_changes_after_it_are_still_made(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    failing = StateWriter(blocked / "state")
    got: list[Outcome] = []
    failing.submit(lambda store: store.set_bookmark(KEY, "a", True), got.append)
    failing.close()
    failing.deliver()
    assert isinstance(got[0].error, StateError) and "state directory" in str(got[0].error.strerror)

    writer = StateWriter(tmp_path)

    def broken(store: StateStore) -> None:
        raise ValueError("a bug in a change")

    writer.submit(broken, got.append)
    writer.submit(lambda store: store.set_bookmark(KEY, "b", True), got.append)
    writer.close()
    writer.deliver()
    assert isinstance(got[1].error, StateError) and "a bug in a change" in str(got[1].error.strerror)
    assert got[2].error is None
    assert StateStore(tmp_path).briefing(KEY).bookmarks == ["b"]


def test_close_makes_every_change_handed_over_then_later_ones_at_once(tmp_path: Path) -> None:
    writer = StateWriter(tmp_path)
    release = threading.Event()
    writer.submit(lambda store: release.wait(5))  # the thread is busy: the rest queue behind it
    for n in range(20):
        writer.submit(lambda store, n=n: store.set_bookmark(KEY, f"s{n}", True))
    assert writer.pending
    threading.Timer(0.05, release.set).start()
    writer.close()  # returns only once all of them are made
    assert not writer.pending
    assert len(StateStore(tmp_path).briefing(KEY).bookmarks) == 20
    got: list[Outcome] = []
    writer.submit(lambda store: store.set_bookmark(KEY, "late", True), got.append)  # made at once, here
    writer.deliver()
    assert got[0].error is None and "late" in StateStore(tmp_path).briefing(KEY).bookmarks


def test_wake_is_called_from_the_writer_thread_and_a_failing_wake_stops_nothing(tmp_path: Path) -> None:
    woken: list[int] = []

    def wake() -> None:
        woken.append(threading.get_ident())
        raise RuntimeError("the app is closing")

    writer = StateWriter(tmp_path, wake=wake)
    writer.submit(lambda store: store.set_theme("nord"))
    writer.submit(lambda store: store.set_theme("gruvbox"))
    writer.close()
    assert len(woken) == 2 and threading.get_ident() not in woken
    assert StateStore(tmp_path).theme() == "gruvbox"


def test_the_store_warnings_of_a_change_come_with_its_outcome(tmp_path: Path) -> None:
    (tmp_path / "state.sqlite3").write_bytes(b"not a database at all" * 100)
    writer = StateWriter(tmp_path)
    got: list[Outcome] = []
    writer.submit(lambda store: store.set_theme("nord"), got.append)
    writer.close()
    writer.deliver()
    assert got[0].error is None
    assert any("moved it to" in w for w in got[0].warnings)


@pytest.mark.parametrize("count", [1, 200])
def test_flush_without_changes_or_after_many_returns(tmp_path: Path, count: int) -> None:
    writer = StateWriter(tmp_path)
    writer.flush()  # no thread yet: nothing to wait for
    for n in range(count):
        writer.submit(lambda store, n=n: store.remember(KEY, section=f"s{n}"))
    writer.flush()
    assert StateStore(tmp_path).briefing(KEY).last_section == f"s{count - 1}"
    writer.close()


def _returns(call: Callable[[], object]) -> bool:
    """Whether ``call`` returns (in a thread of its own, so a hang fails the test, not the run)."""
    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(5)
    return not thread.is_alive()


def test_close_twice_leaves_nothing_pending_and_flush_then_returns(tmp_path: Path) -> None:
    writer = StateWriter(tmp_path)
    writer.submit(lambda store: store.set_theme("nord"))
    writer.close()
    writer.close()
    assert not writer.pending
    assert _returns(writer.flush)
    assert StateStore(tmp_path).theme() == "nord"


def test_a_change_that_raises_past_exception_stops_neither_the_writer_nor_flush(tmp_path: Path) -> None:
    writer = StateWriter(tmp_path)
    got: list[Outcome] = []

    def leaves(store: StateStore) -> None:
        raise SystemExit("a change that exits")

    writer.submit(leaves, got.append)
    writer.submit(lambda store: store.set_theme("nord"), got.append)
    assert _returns(writer.flush)
    writer.deliver()
    assert isinstance(got[0].error, StateError) and got[1].error is None
    assert StateStore(tmp_path).theme() == "nord"
    assert _returns(writer.close)


def test_the_writer_is_one_named_daemon_thread(tmp_path: Path) -> None:
    # README, state: the reader's writes run in a thread of their own, named so it can be found
    # (the saving tests check none is left after quitting), and never keeping a process alive.
    writer = StateWriter(tmp_path)
    seen: list[threading.Thread] = []
    writer.submit(lambda store: seen.append(threading.current_thread()))
    writer.flush()
    (thread,) = seen
    assert thread.name == "state-writer" and thread.daemon
    writer.close()


@pytest.mark.parametrize("failure", [StateError("disk says no"), OSError(28, "No space left on device")])
def test_a_failed_change_still_carries_the_stores_warnings(tmp_path: Path, failure: Exception) -> None:
    # A warning the store gave while a change failed (a damaged file set aside, say) reaches the
    # reader with the failure, not only with a later change that succeeds.
    writer = StateWriter(tmp_path)
    got: list[Outcome] = []

    def change(store: StateStore) -> None:
        store.warnings.append("moved a damaged state file aside")
        raise failure

    writer.submit(change, got.append)
    writer.flush()
    writer.deliver()
    (outcome,) = got
    assert outcome.error is not None and outcome.warnings == ("moved a damaged state file aside",)
    writer.close()
