"""What the reader's tests share: the fixture briefing, a size, where the reader is, waiting."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path

from textual.message_pump import MessagePump
from textual.pilot import Pilot

from briefing.tui.app import BriefingApp
from briefing.tui.reader.screen import ReaderScreen
from briefing.tui.views.outline import Branch, Slot

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
WIDE = (120, 36)


def reader(app: BriefingApp) -> ReaderScreen:
    """The reader, which must be the screen on top."""
    screen = app.screen
    assert isinstance(screen, ReaderScreen), screen
    return screen


def reader_under_dialogs(app: BriefingApp) -> ReaderScreen:
    """The reader, with or without dialogs over it."""
    for screen in app.screen_stack:
        if isinstance(screen, ReaderScreen):
            return screen
    raise AssertionError("no reader screen")


def _node_id(screen: ReaderScreen) -> str:
    node = screen.section_tree.current
    if isinstance(node, Slot):
        return node.section.id
    assert isinstance(node, Branch)
    return f"{node.kind}:{node.id}"


def here(app: BriefingApp) -> str:
    """The id of the node highlighted in the reader on top: a section id, or kind:id for a branch."""
    return _node_id(reader(app))


def here_under_dialogs(app: BriefingApp) -> str:
    """The same, with or without dialogs over the reader."""
    return _node_id(reader_under_dialogs(app))


async def until(pilot: Pilot, test: Callable[[], object], what: str, timeout: float = 5.0) -> None:
    """Let the app run until ``test()`` holds; fail, naming ``what``, after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not test():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


async def drained(app: BriefingApp, rounds: int = 3, *, widgets: bool = True) -> None:
    """Wait until the app and every screen on its stack, not only the one on top, have handled
    what was queued to them, ``rounds`` times over (a handler may queue more, such as a
    dialog's result, which goes to the screen under it). A part that stops running meanwhile
    (the app quitting) is not waited for. Without ``widgets``, only the app and the screens.

    ``pilot.pause`` waits for the screen on top, then for the process to look idle by its
    CPU time: on a loaded machine a starved process looks idle with work still queued.
    """
    for _ in range(rounds):
        screens = app.screen_stack
        parts = (w for s in screens for w in s.walk_children(with_self=True)) if widgets else screens
        pumps = [app, *parts]
        waiting: list[tuple[MessagePump, asyncio.Event]] = []
        for pump in pumps:
            event = asyncio.Event()
            if pump.call_later(event.set):
                waiting.append((pump, event))
        deadline = time.monotonic() + 30
        while any(not event.is_set() and pump.is_running for pump, event in waiting):
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting for the app to handle what was queued")
            await asyncio.sleep(0.005)


async def state_written(pilot: Pilot, app: BriefingApp) -> None:
    """Wait until every change handed to the state writer so far (a dialog's result included)
    is made and the app has taken their outcomes (what the reader says once a change is
    saved, or is not)."""
    await drained(app)
    app.writer.flush()
    app.writer.deliver()
    await drained(app)
    await pilot.pause()


def rewrite(path: Path, text: str) -> None:
    """Write in place, as most editors do, and make sure the change is visible to stat()."""
    before = path.stat()
    path.write_text(text, encoding="utf-8")
    after = path.stat()
    if (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns):
        os.utime(path, ns=(after.st_atime_ns, after.st_mtime_ns + 1_000_000))


def send_keys_at_once(app: BriefingApp, *keys: str) -> None:
    """Queue key presses as a fast typist or key auto-repeat does: all at once, none waiting
    for the app to handle the one before (``pilot.press`` waits after each)."""
    from textual import events

    driver = app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        driver.send_message(event)
