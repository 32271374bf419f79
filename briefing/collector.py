"""Python's cyclic garbage collector, kept out of the way of large, long-lived data.

Building a briefing makes hundreds of thousands of small objects and no cycles:
the collector would run again and again for nothing, so it is paused while they
are built. Once the reader holds a briefing for good, freezing moves everything
alive out of the collector's walks (a full collection would otherwise visit every
record, tens of milliseconds at 10,000 sections). What is frozen is never
collected, so after a reload the old briefing is thawed, collected and the rest
frozen again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; afterwards it is as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze() -> None:
    """Move every object alive now out of the collector's walks."""
    gc.freeze()


def refreeze() -> None:
    """Thaw what earlier freezes kept, collect what has become garbage since (a
    replaced briefing, its screen and widgets), and freeze what is still alive."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
