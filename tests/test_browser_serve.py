"""``briefing serve`` end to end: the real server on a free loopback port, a headless Chromium
on its page, keys typed into the page as a keyboard would.

The screen is read from the page's own terminal (xterm.js's buffer, what the browser
shows; see ``devtools.TERMINAL_HOOK``). Every wait is bounded; the server and the
browser are stopped by the test.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip(
    "textual_serve", reason="briefing serve needs the web extra: pip install -e '.[test,web]'"
)

from devtools import SCREEN, TERMINAL_HOOK, Browser, Page, chromium, executable

pytestmark = pytest.mark.browser

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
TIMEOUT = 30.0


@dataclass
class Served:
    url: str
    process: subprocess.Popen[bytes]
    cwd: Path
    state: Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def descendants(pid: int) -> dict[int, str]:
    """Every live process under ``pid``: pid -> command line."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] == "Z":
            continue
        parents[int(entry.name)] = int(fields[1])
        commands[int(entry.name)] = command
    found: dict[int, str] = {}
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found[child] = commands[child]
                frontier.append(child)
    return found


def readers(served: Served) -> dict[int, str]:
    return {pid: cmd for pid, cmd in descendants(served.process.pid).items() if " open " in f"{cmd} "}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    if not Path("/proc/self/stat").exists():
        pytest.skip("these tests read the process tree from /proc")
    work = tmp_path / "server-cwd"
    state = tmp_path / "state"
    work.mkdir()
    port = free_port()
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("BRIEFING_STATE_DIR", None)
    command = [
        sys.executable,
        "-m",
        "briefing",
        "serve",
        str(MINI),
        "--port",
        str(port),
        "--state-dir",
        str(state),
    ]
    process = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + TIMEOUT
        while not listening(port):
            if process.poll() is not None:
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                pytest.fail(f"briefing serve exited with {process.returncode}:\n{output}")
            if time.monotonic() > deadline:
                pytest.fail("briefing serve did not listen in time")
            time.sleep(0.05)
        yield Served(f"http://127.0.0.1:{port}/", process, work, state)
    finally:
        children = set(descendants(process.pid))
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        for pid in children:  # whatever a failed test left running
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    binary = executable()
    if binary is None:
        pytest.skip(
            "chromium is not installed (CI installs it); this test drives briefing serve in a browser"
        )
    async with chromium(binary) as started:
        yield started


async def screen(page: Page) -> str:
    return str(await page.evaluate(SCREEN))


async def wait_screen(page: Page, text: str, what: str) -> str:
    expression = f"{SCREEN}.includes({text!r})"
    try:
        await page.wait_for(expression, what, timeout=TIMEOUT)
    except AssertionError as err:
        raise AssertionError(f"{err}; the screen was:\n{await screen(page)}") from None
    return await screen(page)


async def open_reader(browser: Browser, served: Served) -> Page:
    page = await browser.page()
    await page.send("Page.addScriptToEvaluateOnNewDocument", {"source": TERMINAL_HOOK})
    await page.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": False},
    )
    await page.goto(served.url)
    return page


async def click_text(page: Page, text: str) -> None:
    """Click the middle of the first cell of ``text`` on the page's terminal."""
    rows = (await screen(page)).split("\n")
    row = next(i for i, line in enumerate(rows) if text in line)
    col = rows[row].index(text)
    box = await page.evaluate(
        "(t => { const r = t.element.querySelector('.xterm-screen').getBoundingClientRect();"
        " return {x: r.left, y: r.top, w: r.width / t.cols, h: r.height / t.rows}; })(window.__terminals[0])"
    )
    x, y = box["x"] + (col + 0.5) * box["w"], box["y"] + (row + 0.5) * box["h"]
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        await page.send(
            "Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
        )


async def test_the_reader_in_a_browser(browser: Browser, served: Served, tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    await browser.send(
        "Browser.setDownloadBehavior",
        {"behavior": "allowAndName", "downloadPath": str(downloads), "eventsEnabled": True},
    )
    page = await open_reader(browser, served)

    # The first frame: the tree and the three panes, on the first section.
    first = await wait_screen(page, "─ Sources ─", "the first frame")
    for title in ("─ By article ─", "─ Claim ─", "─ Analysis ─", "─ Sources ─"):
        assert title in first
    assert "The first article" in first and "The neighbour, not the great" in first
    assert readers(served), "no reader process under the server"

    # Keys typed into the page reach the reader: n moves to the next section.
    await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
    await page.press("n")
    moved = await wait_screen(page, "The EU rewarded the aggressor", "the next section's claim")
    assert "The neighbour, not the great" not in moved

    # m delivers the section as a download and writes nothing on the server.
    begun = len(browser.events)
    await page.press("m")
    started = await browser.wait_event(
        lambda e: e.method == "Browser.downloadWillBegin", "the download to begin", TIMEOUT, start=begun
    )
    assert started.params["suggestedFilename"] == "eu-deals.md"
    guid = started.params["guid"]
    await browser.wait_event(
        lambda e: (
            e.method == "Browser.downloadProgress"
            and e.params.get("guid") == guid
            and e.params.get("state") == "completed"
        ),
        "the download to complete",
        TIMEOUT,
        start=begun,
    )
    delivered = (downloads / guid).read_text(encoding="utf-8")
    assert delivered.startswith("# Gas deals with the EU\n")
    assert "$1.96 billion" in delivered
    assert list(served.cwd.iterdir()) == [], "the export was written on the server"
    assert not [p for p in served.state.rglob("*.md")]
    await wait_screen(page, "Sent eu-deals.md to your browser", "the download notice")

    # H goes back where the browser keeps alt+left for itself; the help says so.
    await page.press("H")
    await wait_screen(page, "The neighbour, not the great", "the section visited before")
    await page.press("?")
    shown = await wait_screen(page, "Back to the section visited before", "the help")
    assert "alt+← ⌫ H" in shown
    await page.press("Escape")
    await page.wait_for(f"!{SCREEN}.includes('Back to the section visited before')", "the help to close")

    # The mouse: a click on a section in the tree opens it.
    await click_text(page, "On relations with Russia")
    await wait_screen(page, "Russia is a reliable partner", "the clicked section")

    # Everything the page loaded came from the server itself: no font service, no CDN.
    outside = [
        url for url in page.requests() if not url.startswith(served.url) and not url.startswith("data:")
    ]
    assert outside == []

    # Closing the tab ends the reader process.
    running = readers(served)
    assert running
    await page.close()
    deadline = time.monotonic() + TIMEOUT
    while readers(served) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert not readers(served), f"reader processes left after the tab closed: {readers(served)}"
    assert served.process.poll() is None, "the server itself must keep running"
