"""The collector helper: paused while building, frozen data thawed again to be freed."""

from __future__ import annotations

import gc
import weakref

import pytest

from briefing import collector


def test_paused_turns_the_collector_off_and_restores_it():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    with pytest.raises(ValueError), collector.paused():
        raise ValueError
    assert gc.isenabled()


def test_paused_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector can free it


def test_refreeze_frees_what_a_freeze_kept_and_freezes_the_rest():
    kept = Node()
    try:
        dropped = Node()
        gone = weakref.ref(dropped)
        collector.freeze()
        del dropped
        gc.collect()
        assert gone() is not None  # frozen: no collection frees it
        collector.refreeze()
        assert gone() is None
        assert gc.get_freeze_count() > 0  # what is alive is frozen again
        assert kept.me is kept
    finally:
        gc.unfreeze()
