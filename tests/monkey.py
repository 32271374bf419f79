"""A monkey for the reader: seeded random keys, bursts, typing and resizes, driven by Pilot.

``tests/test_tui_monkey.py`` runs a few thousand presses per run; ``make monkey``
runs many more (``MONKEY_PRESSES``, ``MONKEY_SEEDS``). A run is reproducible from its
seed; a failure names the seed, the step and the last keys sent.
"""

from __future__ import annotations

import asyncio
import random
import string
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from textual.widgets import Input, TextArea
from tui_helpers import send_keys_at_once

from briefing.tui.app import BriefingApp

NAVIGATION = ["up", "down", "left", "right", "pageup", "pagedown", "home", "end", "tab", "shift+tab",
              "enter", "escape", "space", "backspace", "delete", "alt+left", "alt+right", "ctrl+p",
              "ctrl+g", "ctrl+home", "ctrl+end", "shift+up", "shift+down"]  # fmt: skip
COMMANDS = [c for c in string.ascii_letters + string.digits if c != "q"]
SYMBOLS = ["slash", "backslash", "greater_than_sign", "less_than_sign", "question_mark",
           "left_square_bracket", "right_square_bracket", "full_stop", "comma", "minus", "plus",
           "asterisk", "colon", "exclamation_mark"]  # fmt: skip
TYPED = string.ascii_letters + string.digits + " *-\"'äöüŞəğ"
SIZES = [(20, 8), (40, 12), (60, 20), (80, 24), (100, 30), (120, 36), (160, 48), (250, 70)]
"""Terminal sizes a resize picks from (and, one time in three, any size between the extremes)."""


@dataclass
class Run:
    seed: int
    presses: int = 0
    """Steps taken: a key, a burst, a typed word or a resize."""
    bursts: int = 0
    typed: int = 0
    resizes: int = 0
    screens: set[str] = field(default_factory=set)
    last: deque[str] = field(default_factory=lambda: deque(maxlen=40))

    def where(self, step: int) -> str:
        return f"seed {self.seed}, step {step}; last keys: {' '.join(self.last)}"


def _key(rng: random.Random) -> str:
    pool = rng.random()
    if pool < 0.45:
        return rng.choice(NAVIGATION)
    if pool < 0.9:
        return rng.choice(COMMANDS)
    return rng.choice(SYMBOLS)


TYPED_KEYS = {" ": "space", "*": "asterisk", "-": "minus", '"': "quotation_mark", "'": "apostrophe"}


def _typed_key(char: str) -> str:
    return TYPED_KEYS.get(char, char)


async def drive(seed: int, presses: int, briefing: Path, cwd: Path) -> Run:
    """Drive one reader with ``presses`` random keys; raises (naming the seed) if it dies."""
    rng = random.Random(seed)
    run = Run(seed)
    app = BriefingApp.open(briefing, cwd=cwd)
    size = rng.choice(SIZES)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for step in range(presses):
            if not app.is_running:
                break
            run.screens.add(type(app.screen).__name__)
            run.presses += 1
            roll = rng.random()
            focused = app.focused
            if roll < 0.02:
                if rng.random() < 1 / 3:
                    size = (rng.randint(20, 250), rng.randint(8, 70))
                else:
                    size = rng.choice(SIZES)
                run.last.append(f"<{size[0]}x{size[1]}>")
                await pilot.resize_terminal(*size)
                run.resizes += 1
            elif isinstance(focused, (Input, TextArea)) and roll < 0.5:
                await pilot.pause()  # keys still queued may move the focus: let them land first
                if not isinstance(app.focused, (Input, TextArea)):
                    continue
                word = "".join(rng.choice(TYPED) for _ in range(rng.randint(1, 8)))
                keys = [_typed_key(c) for c in word]
                run.last.append(repr(word))
                send_keys_at_once(app, *keys)  # typed fast; q among them must stay text
                await pilot.pause()
                run.typed += len(keys)
            elif roll < 0.15:
                keys = [_key(rng) for _ in range(rng.randint(2, 6))]
                run.last.append("[" + " ".join(keys) + "]")
                send_keys_at_once(app, *keys)  # a fast typist: none waits for the one before
                await pilot.pause(rng.choice((0, 0, 0.005, 0.03)))
                run.bursts += 1
            elif roll < 0.2:
                key = _key(rng)
                run.last.append(key)
                await pilot.press(key)  # one key, handled before the next
            else:
                key = _key(rng)
                run.last.append(key)
                send_keys_at_once(app, key)
                await asyncio.sleep(0)  # a steady typist: the app keeps up, or queues
                if step % 25 == 0:
                    await pilot.pause()
        await pilot.pause(0.1)
        stopped = not app.is_running
    # run_test has raised by now if an exception escaped; a reader that quit is a failure too.
    if stopped:
        raise AssertionError(f"the reader stopped (return code {app.return_code}): {run.where(run.presses)}")
    return run
