"""``briefing serve``: the reader in a web browser, through textual-serve (the ``web`` extra).

textual-serve starts one reader process per browser tab, under Textual's web
driver, and relays its screen and the tab's keys and mouse over a WebSocket; it
stops the process when the tab closes. Here it gets a page of our own (its own
page fetches a font from a font service; ours serves the copy the package ships,
so nothing is fetched from outside), URLs taken from the address the browser
used, and the state directory every reader process it starts shares.

This module imports neither Textual nor textual-serve until the server starts.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import shlex
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .state import STATE_DIR_ENV

EXTRA_HINT = "serve needs the web extra: pip install 'briefing[web]'"
TEMPLATES = Path(__file__).resolve().parent / "web"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach: 127.0.0.0/8, ::1, localhost."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(found) and all(ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in found)


def exposure_warning(host: str) -> str | None:
    """The warning to print when the server is reachable from other machines."""
    if is_loopback(host):
        return None
    return (
        f"briefing: warning: serving on {host}, which other machines can reach. The server has no "
        "authentication: anyone who can reach it reads the briefing and shares its bookmarks and "
        "notes. Put it behind a proxy that authenticates (and serves https), or bind to 127.0.0.1."
    )


def reader_command(paths: Sequence[Path]) -> str:
    """The shell command textual-serve runs for each tab: this Python, this package."""
    return shlex.join([sys.executable, "-m", "briefing", "open", *(str(p) for p in paths)])


def serve(
    paths: Sequence[Path], *, host: str, port: int, state_dir: Path | None, title: str = "briefing"
) -> None:
    """Run the server until Ctrl+C or SIGTERM. Raises ImportError without the extra."""
    if state_dir is not None:
        # Every reader process the server starts inherits it: visitors share one state.
        os.environ[STATE_DIR_ENV] = str(state_dir)
    make_server(paths, host=host, port=port, title=title).serve()


def make_server(paths: Sequence[Path], *, host: str, port: int, title: str) -> Any:
    """The textual-serve server for ``paths``, not yet started."""
    from aiohttp import web
    from textual_serve.server import Server

    class BriefingServer(Server):
        """textual-serve with our page (no outside font, URLs from the request), and a stop
        that ends every tab's reader at once instead of waiting for its connection to time out."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.tabs: set[asyncio.Task[Any]] = set()

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            task = asyncio.current_task()
            if task is not None:
                self.tabs.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                if task is not None:
                    self.tabs.discard(task)

        async def on_shutdown(self, app: web.Application) -> None:
            # Cancelling a tab's handler closes its socket and quits its reader, whose exit
            # the handler then waits for: no reader outlives the server.
            tabs = list(self.tabs)
            for task in tabs:
                task.cancel()
            await asyncio.gather(*tabs, return_exceptions=True)

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            import aiohttp_jinja2

            forwarded = request.headers.get("X-Forwarded-Proto", "")
            scheme = "https" if forwarded == "https" or request.scheme == "https" else "http"
            base = f"{scheme}://{request.host}"
            context: dict[str, Any] = {
                "font_size": _font_size(request.query.get("fontsize", "16")),
                "app_websocket_url": ("wss" if scheme == "https" else "ws") + f"://{request.host}/ws",
                "config": {"static": {"url": f"{base}/static/"}},
                "application": {"name": title},
            }
            return aiohttp_jinja2.render_template("app_index.html", request, context)

        async def on_startup(self, app: web.Application) -> None:
            shown = f"[{self.host}]" if ":" in self.host else self.host
            print(
                f"briefing: serving the reader on http://{shown}:{self.port}/ (Ctrl+C stops it)", flush=True
            )

    return BriefingServer(reader_command(paths), host=host, port=port, title=title, templates_path=TEMPLATES)


def _font_size(value: str) -> int:
    try:
        return max(6, min(64, int(value)))
    except ValueError:
        return 16
