"""Time programs in a real terminal: a private tmux server, read with capture-pane.

Both the reader and the baseline app are timed the same way, so what tmux itself
costs (starting a pane, the polling interval) falls on both sides of a ratio.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable

POLL = 0.002  # seconds between screen reads
TIMEOUT = 60.0


class Terminal:
    def __init__(self, width: int = 120, height: int = 36, env: dict[str, str] | None = None) -> None:
        tmux = shutil.which("tmux")
        if tmux is None:
            raise RuntimeError("tmux is not installed")
        self.tmux = tmux
        self.socket = f"briefing-bench-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.env = env or dict(os.environ)
        self._run("new-session", "-d", "-s", "bench", "-x", str(width), "-y", str(height), "sleep 100000")

    def _run(self, *args: str) -> str:
        result = subprocess.run(
            [self.tmux, "-L", self.socket, *args], capture_output=True, text=True, env=self.env, timeout=30
        )
        return result.stdout

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-t", "bench")

    def start(self, command: list[str]) -> float:
        """Replace whatever runs in the pane with ``command``; return the start time."""
        env = " ".join(shlex.quote(f"{k}={v}") for k, v in self.env.items())
        line = f"env -i {env} {shlex.join(command)}; sleep 100000"
        started = time.perf_counter()
        self._run("respawn-pane", "-k", "-t", "bench", line)
        return started

    def press(self, key: str) -> float:
        started = time.perf_counter()
        self._run("send-keys", "-t", "bench", key)
        return started

    def wait(self, ready: Callable[[str], bool], what: str) -> float:
        """Poll until ``ready(screen)``; return the time it was first seen."""
        deadline = time.perf_counter() + TIMEOUT
        while True:
            screen = self.screen()
            now = time.perf_counter()
            if ready(screen):
                return now
            if now > deadline:
                raise TimeoutError(f"timed out waiting for {what}; the screen was:\n{screen}")
            time.sleep(POLL)

    def close(self) -> None:
        self._run("kill-server")
