"""``briefing serve`` on the command line: the extra, the address, the state, the reader's start.

The server itself runs in ``test_browser_serve.py``; here ``serve.serve`` is replaced
by a recorder, so what the command decides is checked without a socket.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from briefing import serve
from briefing.cli import main

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    pytest.importorskip("textual_serve", reason="the web extra is not installed")
    calls: list[dict[str, Any]] = []

    def record(paths: list[Path], **options: Any) -> None:
        calls.append({"paths": paths, **options})

    monkeypatch.setattr(serve, "serve", record)
    return calls


def test_without_the_extra_one_line_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import fails as if not installed
    assert main(["serve", str(MINI)]) == 2
    err = capsys.readouterr().err
    assert err == "briefing: serve needs the web extra: pip install 'briefing[web]'\n"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.9.9.9", "::1", "[::1]", "localhost"])
def test_loopback_addresses(host: str) -> None:
    assert serve.is_loopback(host)
    assert serve.exposure_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1"])
def test_other_addresses_are_warned_about(host: str) -> None:
    assert not serve.is_loopback(host)
    warning = serve.exposure_warning(host)
    assert warning is not None and "no authentication" in warning


def test_loopback_by_default_and_quietly(
    started: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", str(MINI)]) == 0
    assert capsys.readouterr().err == ""
    (call,) = started
    assert (call["host"], call["port"], call["state_dir"]) == ("127.0.0.1", 8000, None)
    assert call["paths"] == [MINI.resolve()]
    assert call["title"] == "Mini briefing — briefing"


def test_another_address_is_served_with_a_warning(
    started: list[dict[str, Any]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    state = tmp_path / "shared" / "state"
    assert main(["serve", str(MINI), "--host", "0.0.0.0", "--port", "8123", "--state-dir", str(state)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("briefing: warning: serving on 0.0.0.0") and "no authentication" in err
    (call,) = started
    assert (call["host"], call["port"], call["state_dir"]) == ("0.0.0.0", 8123, state.resolve())
    assert state.is_dir()  # made, so the first visitor's bookmark has somewhere to go


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "0"], "--port takes 1 to 65535"),
        (["--port", "70000"], "--port takes 1 to 65535"),
        (["nowhere.yaml"], "no such file or folder"),
    ],
)
def test_usage_errors(
    started: list[dict[str, Any]], capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    argv = ["serve", *args] if args[0].endswith(".yaml") else ["serve", str(MINI), *args]
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert started == []


def test_a_port_in_use_is_an_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("textual_serve", reason="the web extra is not installed")

    def busy(paths: list[Path], **options: Any) -> None:
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(serve, "serve", busy)
    assert main(["serve", str(MINI)]) == 1
    assert capsys.readouterr().err == "briefing: cannot serve on 127.0.0.1:8000: Address already in use\n"


def test_the_reader_starts_under_the_web_driver_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.tui.app

    opened: list[object] = []
    monkeypatch.setattr(briefing.tui.app, "run", lambda path, texts: opened.append(path) or 0)
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert main(["open", str(MINI)]) == 0  # stdout is pytest's capture, not a terminal
    assert opened == [MINI]
    monkeypatch.delenv("TEXTUAL_DRIVER")
    assert main(["open", str(MINI)]) == 2  # without it, still refused


def test_each_tab_runs_this_python_and_this_package() -> None:
    command = serve.reader_command([Path("/b/one file.yaml")])
    assert command == f"{sys.executable} -m briefing open '/b/one file.yaml'"


async def test_the_page_is_ours_escapes_the_title_and_follows_the_address_used() -> None:
    pytest.importorskip("textual_serve", reason="the web extra is not installed")
    from aiohttp.test_utils import TestClient, TestServer

    server = serve.make_server([MINI], host="127.0.0.1", port=8000, title="<script>alert(1)</script> & co")
    async with TestClient(TestServer(await server._make_app())) as client:
        page = await (await client.get("/", headers={"Host": "reader.example:8443"})).text()
        assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>" in page
        assert "<script>alert(1)" not in page
        assert 'data-session-websocket-url="ws://reader.example:8443/ws"' in page
        assert "fonts.googleapis.com" not in page and "http://reader.example:8443/static/fonts/" in page
        proxied = await client.get("/", headers={"Host": "reader.example", "X-Forwarded-Proto": "https"})
        assert 'data-session-websocket-url="wss://reader.example/ws"' in await proxied.text()
        font = await client.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")
        assert font.status == 200
