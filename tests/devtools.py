"""A headless Chromium driven over the DevTools protocol, for the browser tests and benchmarks.

One browser per use, with a profile in a new temporary directory, started with the
flags that let it run as root in a container and keep it from calling home. The
client speaks the protocol over aiohttp's WebSocket (aiohttp comes with
``textual-serve``), attaches to pages with flat sessions, records every event a page
sends, and bounds every wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp

TIMEOUT = 20.0
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--remote-debugging-port=0",
)


def executable() -> str | None:
    """Debian's ``chromium``, or another Chromium or Chrome on PATH."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


# textual-serve's page draws its terminal with xterm.js on a canvas, so the text is not in
# the DOM. This hook, installed before the page's script runs, records each xterm
# Terminal the page makes (the bundle assigns the class to an ``exports.Terminal``
# property, which a setter on Object.prototype sees first); SCREEN then reads the
# terminal's buffer: what the browser shows, row by row.
TERMINAL_HOOK = r"""
(() => {
  // Record every xterm.js Terminal the page makes: the bundle assigns its class to
  // an `exports.Terminal` property, which this setter on Object.prototype sees first.
  const made = (window.__terminals = []);
  Object.defineProperty(Object.prototype, "Terminal", {
    configurable: true,
    set(value) {
      let current;
      Object.defineProperty(this, "Terminal", {
        configurable: true,
        enumerable: true,
        get() { return current; },
        set(cls) {
          const isPublic = typeof cls === "function" && cls.prototype && "loadAddon" in cls.prototype;
          current = isPublic
            ? class extends cls { constructor(...a) { super(...a); made.push(this); } }
            : cls;
        },
      });
      this.Terminal = value;
    },
  });
})();
"""
SCREEN = """(() => {
  const t = (window.__terminals || [])[0];
  if (!t) return "";
  const rows = [];
  for (let y = 0; y < t.rows; y++) {
    const line = t.buffer.active.getLine(y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
})()"""


KEY_CODES = {"Escape": 27, "Enter": 13, "Tab": 9, "Backspace": 8, "ArrowLeft": 37, "ArrowUp": 38,
             "ArrowRight": 39, "ArrowDown": 40}  # fmt: skip


class Event:
    __slots__ = ("method", "params", "session")

    def __init__(self, method: str, params: dict[str, Any], session: str | None) -> None:
        self.method = method
        self.params = params
        self.session = session

    def __repr__(self) -> str:
        return f"<{self.method} {json.dumps(self.params)[:200]}>"


class Browser:
    """One Chromium process and the DevTools connection to it."""

    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None
        self.profile = Path(tempfile.mkdtemp(prefix="briefing-chromium-"))
        self.http: aiohttp.ClientSession | None = None
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.events: list[Event] = []
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._changed = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None

    async def start(self, binary: str) -> Browser:
        self.process = await asyncio.create_subprocess_exec(
            binary,
            *FLAGS,
            f"--user-data-dir={self.profile}",
            "about:blank",
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        url = await asyncio.wait_for(self._endpoint(), TIMEOUT)
        self.http = aiohttp.ClientSession()
        self.socket = await self.http.ws_connect(url, max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        return self

    async def _endpoint(self) -> str:
        assert self.process is not None and self.process.stderr is not None
        seen = []
        while True:
            line = await self.process.stderr.readline()
            if not line:
                raise RuntimeError(
                    "chromium exited before it listened: " + b"".join(seen).decode(errors="replace")
                )
            seen.append(line)
            text = line.decode(errors="replace").strip()
            if text.startswith("DevTools listening on "):
                # Keep draining its stderr so the browser never blocks on a full pipe.
                asyncio.get_running_loop().create_task(self._drain())
                return text.split(" ", 3)[3]

    async def _drain(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        with contextlib.suppress(Exception):
            while await self.process.stderr.read(65536):
                pass

    async def _read(self) -> None:
        assert self.socket is not None
        async for message in self.socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data:
                future = self._waiting.pop(data["id"], None)
                if future is not None and not future.done():
                    if "error" in data:
                        future.set_exception(RuntimeError(f"{data['error']}"))
                    else:
                        future.set_result(data.get("result", {}))
            else:
                self.events.append(Event(data["method"], data.get("params", {}), data.get("sessionId")))
                self._changed.set()
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(ConnectionError("the DevTools connection closed"))

    async def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> Any:
        assert self.socket is not None
        ident = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[ident] = future
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        await self.socket.send_str(json.dumps(message))
        return await asyncio.wait_for(future, TIMEOUT)

    async def wait_event(
        self, test: Callable[[Event], bool], what: str, timeout: float = TIMEOUT, start: int = 0
    ) -> Event:
        """The first event from index ``start`` on that passes ``test``, waiting for it if need be."""
        deadline = time.monotonic() + timeout
        index = start
        while True:
            for event in self.events[index:]:
                if test(event):
                    return event
            index = len(self.events)
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {what}")
            self._changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)

    async def page(self) -> Page:
        """A new tab, attached, with its page, runtime and network events on."""
        target = (await self.send("Target.createTarget", {"url": "about:blank"}))["targetId"]
        session = (await self.send("Target.attachToTarget", {"targetId": target, "flatten": True}))[
            "sessionId"
        ]
        page = Page(self, target, session)
        for domain in ("Page", "Runtime", "Network"):
            await page.send(f"{domain}.enable")
        return page

    async def close(self) -> None:
        if self.socket is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send("Browser.close"), 5)
            await self.socket.close()
        if self.http is not None:
            await self.http.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(BaseException):
                await self._reader
        if self.process is not None and self.process.returncode is None:
            try:
                await asyncio.wait_for(self.process.wait(), 5)
            except asyncio.TimeoutError:
                self.process.kill()
                await self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """One tab: commands go to its session, and its events are kept in order."""

    def __init__(self, browser: Browser, target: str, session: str) -> None:
        self.browser = browser
        self.target = target
        self.session = session

    @property
    def events(self) -> list[Event]:
        return [e for e in self.browser.events if e.session == self.session]

    async def send(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return await self.browser.send(method, params, self.session)

    async def wait_event(self, method: str, what: str, timeout: float = TIMEOUT) -> Event:
        return await self.browser.wait_event(
            lambda e: e.session == self.session and e.method == method, what, timeout
        )

    async def goto(self, url: str) -> None:
        start = len(self.browser.events)
        await self.send("Page.navigate", {"url": url})
        await self.browser.wait_event(
            lambda e: e.session == self.session and e.method == "Page.loadEventFired",
            f"{url} to load",
            start=start,
        )

    async def evaluate(self, expression: str) -> Any:
        result = await self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r} raised {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, what: str, timeout: float = TIMEOUT, poll: float = 0.02) -> Any:
        """Evaluate ``expression`` until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = await self.evaluate(expression)
            if value:
                return value
            await asyncio.sleep(poll)
        raise AssertionError(f"timed out waiting for {what}; last value {value!r}")

    async def press(
        self, key: str, text: str | None = None, code: str | None = None, modifiers: int = 0
    ) -> None:
        """A key press as the browser gets it from a keyboard (trusted input events).

        ``key`` is a DOM key name: a character, or one of :data:`KEY_CODES` (xterm.js
        reads the key code of those).
        """
        typed = text if text is not None else (key if len(key) == 1 else "")
        base: dict[str, Any] = {"key": key, "code": code or "", "modifiers": modifiers}
        if key in KEY_CODES:
            base["windowsVirtualKeyCode"] = base["nativeVirtualKeyCode"] = KEY_CODES[key]
        if typed:
            await self.send("Input.dispatchKeyEvent", {**base, "type": "keyDown", "text": typed})
        else:
            await self.send("Input.dispatchKeyEvent", {**base, "type": "rawKeyDown"})
        await self.send("Input.dispatchKeyEvent", {**base, "type": "keyUp"})

    def requests(self) -> list[str]:
        return [e.params["request"]["url"] for e in self.events if e.method == "Network.requestWillBeSent"]

    async def close(self) -> None:
        await self.browser.send("Target.closeTarget", {"targetId": self.target})


@contextlib.asynccontextmanager
async def chromium(binary: str) -> AsyncIterator[Browser]:
    browser = Browser()
    try:
        yield await browser.start(binary)
    finally:
        await browser.close()
