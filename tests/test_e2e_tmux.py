"""End to end: the installed ``briefing`` command in a real terminal (tmux).

Each test runs its own tmux server (``-L``, a private socket), in a temporary
working directory with HOME and the XDG directories pointed inside it, so it
never touches the user's tmux, files or state.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.tmux

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
BRIEFING = Path(sys.executable).parent / "briefing"
TIMEOUT = 20.0


class Terminal:
    """A tmux session running one command, read with capture-pane."""

    def __init__(self, tmux: str, cwd: Path, env: dict[str, str]) -> None:
        self.tmux = tmux
        self.socket = f"briefing-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.cwd = cwd
        self.env = env

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.tmux, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=check,
            env=self.env,
            cwd=self.cwd,
            timeout=TIMEOUT,
        )

    def start(self, *command: str, width: int = 120, height: int = 36) -> None:
        # `env` so the program sees exactly our environment, whatever tmux keeps.
        line = shlex.join(["env", "-i", *(f"{k}={v}" for k, v in self.env.items()), *command])
        self._run(
            "new-session", "-d", "-s", "e2e", "-x", str(width), "-y", str(height), "-c", str(self.cwd), line
        )

    def screen(self) -> str:
        result = self._run("capture-pane", "-p", "-t", "e2e", check=False)
        return result.stdout

    def pid(self) -> int:
        """The process the session runs (``env`` execs the command, so it is the command's)."""
        return int(self._run("display-message", "-p", "-t", "e2e", "#{pane_pid}").stdout)

    def alive(self) -> bool:
        return self._run("has-session", "-t", "e2e", check=False).returncode == 0

    def press(self, *keys: str) -> None:
        self._run("send-keys", "-t", "e2e", *keys)

    def wait_for(self, test: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if test(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n{screen}")

    def close(self) -> None:
        self._run("kill-server", check=False)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.skip("tmux is not installed (CI installs it); this test drives the real command in tmux")
    if not BRIEFING.exists():
        pytest.skip(f"the briefing console script is not installed next to {Path(sys.executable).name}")
    home = tmp_path / "home"
    work = tmp_path / "work"
    for folder in (home, work):
        folder.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TMUX_TMPDIR": str(tmp_path),
    }
    term = Terminal(tmux, work, env)
    try:
        yield term
    finally:
        term.close()


def panes_up(screen: str) -> bool:
    return all(f"─ {title} ─" in screen for title in ("Claim", "Analysis", "Sources"))


def test_read_move_export_and_quit(terminal: Terminal) -> None:
    terminal.start(str(BRIEFING), str(MINI))
    first = terminal.wait_for(
        lambda s: panes_up(s) and "q Quit" in s, "the Claim, Analysis and Sources panes and the footer"
    )
    assert "Mini briefing — The first article" in first
    assert "The neighbour, not the great" in first  # the claim pane wraps at 40 columns

    # Keys typed at once: j must reach the pane tab focused, not the tree it left.
    terminal.press("Tab", "j")
    time.sleep(0.5)
    assert "The neighbour, not the great" in terminal.screen()
    terminal.press("BTab")  # shift+tab, back to the tree

    terminal.press("n")
    moved = terminal.wait_for(lambda s: "The EU rewarded the aggressor" in s, "the next section")
    assert "$1.96 billion" in moved  # the analysis pane followed
    assert "EU gas memorandum" in moved  # and the sources pane

    terminal.press("m")
    exported = terminal.cwd / "eu-deals.md"
    terminal.wait_for(lambda s: exported.exists() and "Exported to" in s, "the export notice")
    assert exported.read_text(encoding="utf-8").startswith("# Gas deals with the EU\n")

    terminal.press("v")
    terminal.wait_for(lambda s: "By actor" in s and "European Union" in s, "the actor view")

    terminal.press("q")
    deadline = time.monotonic() + TIMEOUT
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.alive(), "briefing did not quit on q"


def test_no_arguments_opens_the_bundled_briefing_at_80x24(terminal: Terminal) -> None:
    terminal.start(str(BRIEFING), width=80, height=24)
    screen = terminal.wait_for(lambda s: "─ Claim ─" in s and "By article" in s, "the first frame")
    assert "Cannot open" not in screen
    terminal.press("q")
    deadline = time.monotonic() + TIMEOUT
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.alive()


def _quit(terminal: Terminal) -> None:
    terminal.press("q")
    deadline = time.monotonic() + TIMEOUT
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.alive(), "briefing did not quit on q"


def test_a_bookmark_and_the_place_survive_a_restart(terminal: Terminal) -> None:
    terminal.start(str(BRIEFING), str(MINI))
    terminal.wait_for(panes_up, "the first frame")
    terminal.press("n")
    terminal.wait_for(lambda s: "The EU rewarded the aggressor" in s, "the next section")
    terminal.press("b")
    terminal.wait_for(lambda s: "★ Gas deals with the EU" in s, "the bookmark mark in the tree")
    _quit(terminal)
    state = terminal.cwd.parent / "home" / ".local" / "state" / "briefing" / "state.sqlite3"
    assert state.exists(), "the state was not written under XDG_STATE_HOME"

    terminal.start(str(BRIEFING), str(MINI))
    screen = terminal.wait_for(
        lambda s: panes_up(s) and "The EU rewarded the aggressor" in s, "the reader back on the same section"
    )
    assert "★ Gas deals with the EU" in screen
    assert "The neighbour, not the great" not in screen  # not on the first section
    _quit(terminal)


def _read_marks(terminal: Terminal) -> set[str]:
    """The sections the reader has kept read marks for, from its state."""
    from briefing.state import StateStore

    store = StateStore(terminal.cwd.parent / "home" / ".local" / "state" / "briefing")
    try:
        data = store.read()
    finally:
        store.close()
    return {sid for entry in data.get("read", {}).values() for sid in entry.get("sections", {})}


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_until(test: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not test():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_sections_changed_and_added_since_read_are_marked_on_reopening(terminal: Terminal) -> None:
    path = terminal.cwd / "b.yaml"
    shutil.copy(MINI, path)
    terminal.start(str(BRIEFING), str(path))
    terminal.wait_for(panes_up, "the first frame")
    _wait_until(lambda: "thesis" in _read_marks(terminal), "the first section to be read")
    terminal.press("n")
    terminal.wait_for(lambda s: "The EU rewarded the aggressor" in s, "the next section")
    _wait_until(lambda: "eu-deals" in _read_marks(terminal), "the second section to be read")
    _quit(terminal)

    text = path.read_text(encoding="utf-8").replace("title: The main threat", "title: The main danger")
    fresh = "  - id: fresh\n    title: A fresh section\n    article: beta\n    group: home\n"
    fresh += "    claim: {summary: Something new.}\n    analysis: {body: New.}\n"
    path.write_text(text.replace("sources:\n  - {id: column", fresh + "sources:\n  - {id: column"))

    terminal.start(str(BRIEFING), str(path))
    screen = terminal.wait_for(
        lambda s: panes_up(s) and "Δ The main danger" in s and "+ A fresh section" in s, "both marks"
    )
    assert "1 changed · 1 new since read" in screen
    assert "Δ Gas deals" not in screen and "+ Gas deals" not in screen  # read and unchanged
    _quit(terminal)


FAKE_EDITOR = """#!{python}
import sys
line, path = sys.argv[1:]
print(f"fake editor: {{line}} {{path}} (enter to save and quit)", flush=True)
sys.stdin.readline()  # the editor owns the terminal: it reads the key the test sends
with open(path, encoding="utf-8") as handle:
    text = handle.read()
with open(path, "w", encoding="utf-8") as handle:
    handle.write(text.replace("title: Gas deals with the EU", "title: Gas deals, edited"))
"""


def test_e_hands_the_terminal_to_the_editor_and_shows_the_save(terminal: Terminal, tmp_path: Path) -> None:
    editor = tmp_path / "fake-editor"
    editor.write_text(FAKE_EDITOR.format(python=sys.executable), encoding="utf-8")
    editor.chmod(0o755)
    briefing = terminal.cwd / "mini.yaml"
    shutil.copy(MINI, briefing)
    line = next(i for i, text in enumerate(MINI.read_text().splitlines(), 1) if "- id: eu-deals" in text)
    terminal.env["VISUAL"] = str(editor)
    terminal.start(str(BRIEFING), str(briefing))
    terminal.wait_for(lambda s: panes_up(s) and "e Edit" in s, "the reader, with e in the footer")
    terminal.press("n")
    terminal.wait_for(lambda s: "The EU rewarded the aggressor" in s, "the section")
    terminal.press("e")
    terminal.wait_for(lambda s: f"fake editor: +{line} {briefing}" in s, "the editor, on the section's line")
    terminal.press("Enter")
    screen = terminal.wait_for(lambda s: "Gas deals, edited" in s and panes_up(s), "the reader with the save")
    assert "The EU rewarded the aggressor" in screen  # on the same section
    assert "Gas deals, edited" in screen.split("─ Claim ─")[1]  # in the claim pane too


def test_typing_at_once_after_slash_and_a_loses_no_key(terminal: Terminal) -> None:
    # tmux sends a whole word in one write, as a fast typist or a paste does.
    terminal.start(str(BRIEFING), str(MINI))
    terminal.wait_for(panes_up, "the panes")
    terminal.press("-l", "/russia")
    terminal.wait_for(lambda s: "russia" in s and "On relations with Russia" in s, "the query and its hit")
    terminal.press("Enter")
    terminal.wait_for(lambda s: "/russia 1/1" in s, "the jump to the hit, the search shown on the tree")
    terminal.press("-l", "aquick")
    terminal.wait_for(lambda s: "Note on On relations" in s and "quick" in s, "every key in the note")
    terminal.press("Escape")
    terminal.wait_for(lambda s: "Saved the note" in s, "the saved note")
    terminal.press("q")


def test_the_terminal_closing_keeps_the_place_and_the_bookmark(terminal: Terminal) -> None:
    terminal.start(str(BRIEFING), str(MINI))
    terminal.wait_for(panes_up, "the first frame")
    terminal.press("n", "b")
    terminal.wait_for(lambda s: "★ Gas deals with the EU" in s, "the bookmark mark in the tree")
    pid = terminal.pid()
    terminal.close()  # the terminal goes: the reader gets SIGHUP, its place not saved yet
    _wait_until(lambda: not _running(pid), "the reader to end")

    terminal.start(str(BRIEFING), str(MINI))
    screen = terminal.wait_for(
        lambda s: panes_up(s) and "The EU rewarded the aggressor" in s, "the reader back on the same section"
    )
    assert "★ Gas deals with the EU" in screen
    _quit(terminal)
