"""The reader's first frame in a browser (``briefing serve``) against the same frame in tmux.

The server is started once; each browser run opens a new tab on it (textual-serve
starts a reader process for the tab) and times from the navigation to the first
frame with the tree, the three panes and the footer in the page's terminal; each
tmux run times the reader from launch to the same frame. Runs alternate, so noise
falls on both sides of the ratio. Needs chromium and the web extra.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.terminal import Terminal

POLL = 0.005
TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"briefing serve exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("briefing serve did not listen in time")


async def _browser_frames(
    url: str, ready: Callable[[str], bool], runs: int, tmux_run: Callable[[], float]
) -> tuple[list[float], list[float], str]:
    from tests.devtools import SCREEN, TERMINAL_HOOK, chromium, executable

    binary = executable()
    if binary is None:
        raise RuntimeError("chromium is not installed")
    ours: list[float] = []
    theirs: list[float] = []
    size = ""
    async with chromium(binary) as browser:
        for run in range(runs + 1):
            page = await browser.page()
            await page.send("Page.addScriptToEvaluateOnNewDocument", {"source": TERMINAL_HOOK})
            # 120x36 cells of textual-serve's 16px font, as the tmux pane.
            await page.send(
                "Emulation.setDeviceMetricsOverride",
                {"width": 1086, "height": 776, "deviceScaleFactor": 1, "mobile": False},
            )
            started = time.perf_counter()
            await page.send("Page.navigate", {"url": url})
            deadline = started + TIMEOUT
            while True:
                screen = str(await page.evaluate(SCREEN) or "")
                if ready(screen):
                    seen = time.perf_counter()
                    break
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"no first frame in the browser; the screen was:\n{screen}")
                await asyncio.sleep(POLL)
            size = str(await page.evaluate("(t => `${t.cols}x${t.rows}`)(window.__terminals[0])"))
            await page.close()
            tmux = tmux_run()
            if run:  # the first pair warms caches
                ours.append(seen - started)
                theirs.append(tmux)
            await asyncio.sleep(0.5)  # the closed tab's reader ends
    return ours, theirs, size


def first_frames(
    briefing: str, path: Path, title: str, ready: Callable[[str], bool], runs: int, env: dict[str, str],
    term: Terminal,
) -> tuple[list[float], list[float], str]:  # fmt: skip
    """Seconds to the first frame: in the browser, and in tmux, alternately."""
    port = _free_port()
    server = subprocess.Popen(
        [briefing, "serve", str(path), "--port", str(port), "--state-dir", env["BRIEFING_STATE_DIR"]],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def tmux_run() -> float:
        started = term.start([briefing, str(path)])
        return term.wait(ready, "the reader's first frame in tmux") - started

    try:
        _wait_listening(port, server)
        return asyncio.run(_browser_frames(f"http://127.0.0.1:{port}/", ready, runs, tmux_run))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def available() -> str | None:
    """Why the measure cannot run here, or None."""
    from tests.devtools import executable

    if executable() is None:
        return "chromium is not installed"
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return "the web extra is not installed"
    if not os.access(sys.executable, os.X_OK):
        return "no Python to run the server"
    return None
