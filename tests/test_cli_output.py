"""The printing commands when the world fails them: full disk, closed or broken
output, an encoding that cannot show the text, special files as OUT. Each runs the
real command in a subprocess, as a shell would."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINI = str(FIXTURES / "mini.yaml")
COMMANDS = [["list"], ["print", "--all"], ["timeline"], ["search", "gas"], ["validate"]]


def briefing(*args: str, stdout: int | None = subprocess.PIPE, env: dict[str, str] | None = None,
             **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        stdout=stdout, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}, timeout=60,
        **kwargs,
    )  # fmt: skip


def with_file(command: list[str]) -> list[str]:
    return [*command, MINI] if command == ["validate"] else [*command, "--file", MINI]


def one_line_error(result: subprocess.CompletedProcess[bytes], *words: str) -> None:
    err = result.stderr.decode()
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert err.count("\n") == 1 and err.startswith("briefing: "), err
    for word in words:
        assert word in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_full_disk_is_one_line_and_exit_1(command):
    with open("/dev/full", "wb") as full:
        result = briefing(*with_file(command), stdout=full.fileno())
    assert result.returncode == 1
    one_line_error(result, "No space left on device")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_closed_stdout_is_one_line_and_exit_1(command):
    # `briefing list >&-`: descriptor 1 is not open in the child at all.
    result = subprocess.run(
        f"{sys.executable} -m briefing {' '.join(with_file(command))} >&-",
        shell=True, stderr=subprocess.PIPE, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    one_line_error(result, "standard output is closed")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_broken_pipe_ends_quietly(command):
    # The reader of the pipe is gone before the first write: every write fails with EPIPE.
    read, write = os.pipe()
    os.close(read)
    try:
        result = briefing(*with_file(command), stdout=write)
    finally:
        os.close(write)
    assert result.returncode == 1
    assert result.stderr == b""


def test_head_takes_the_first_line_and_nothing_is_said():
    result = subprocess.run(
        f"{sys.executable} -m briefing print --all | head -n 1", shell=True, capture_output=True, timeout=60
    )
    assert result.stdout == b"# Azerbaijan, Armenia and the outside powers: two readings, 2022 and 2025\n"
    assert result.stderr == b""


@pytest.mark.parametrize("command", [["print", "--all"], ["list"], ["timeline"], ["search", "EU"]],
                         ids=lambda c: c[0])  # fmt: skip
def test_an_encoding_that_cannot_show_a_character_gets_it_replaced(command):
    result = briefing(*command, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    result.stdout.decode("ascii")  # every byte is ASCII
    full = briefing(*command)
    assert result.stdout.count(b"\n") == full.stdout.count(b"\n")
    assert b"?" in result.stdout and result.stdout != full.stdout


def test_colour_only_on_a_terminal_that_wants_it():
    from briefing.output import colour_wanted

    class Tty:
        def isatty(self) -> bool:
            return True

    cases = [
        ({"TERM": "xterm"}, True),
        ({"TERM": "dumb"}, False),
        ({"TERM": "xterm", "NO_COLOR": "1"}, False),
        ({"TERM": "xterm", "NO_COLOR": ""}, True),
    ]
    for extra, wanted in cases:
        with pytest.MonkeyPatch.context() as patch:
            for key in ("NO_COLOR", "TERM"):
                patch.delenv(key, raising=False)
            for key, value in extra.items():
                patch.setenv(key, value)
            assert colour_wanted(Tty()) is wanted, extra
    with open(os.devnull) as null:
        assert colour_wanted(null) is False


def test_search_in_a_dumb_terminal_sends_no_escapes():
    # A real pseudo-terminal, so only TERM and NO_COLOR decide.
    import pty

    for env in ({"TERM": "dumb"}, {"TERM": "xterm", "NO_COLOR": "1"}, {"TERM": "xterm"}):
        leader, follower = pty.openpty()
        try:
            result = briefing("search", "EU", stdout=follower, env=env)
            os.close(follower)
            out = b""
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
        finally:
            os.close(leader)
        assert result.returncode == 0
        assert (b"\x1b[" in out) is (env == {"TERM": "xterm"}), env


# -- OUT that is not a regular file ----------------------------------------------


def test_output_to_a_fifo_is_refused_with_exit_2(tmp_path):
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    for extra in ([], ["--force"]):
        result = briefing("print", "--all", "-f", MINI, "-o", str(fifo), *extra)
        assert result.returncode == 2
        one_line_error(result, "FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_to_a_directory_is_refused_with_exit_2(tmp_path):
    result = briefing("print", "--all", "-f", MINI, "-o", str(tmp_path), "--force")
    assert result.returncode == 2
    one_line_error(result, "directory")


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_output_to_a_device_is_refused_and_the_device_stays(tmp_path):
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    result = briefing("print", "--all", "-f", MINI, "-o", str(device), "--force")
    assert result.returncode == 2
    one_line_error(result, "character device")
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_output_through_a_symlink_updates_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "exports" / "all.md"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "all.md"
    link.symlink_to(real)
    refused = briefing("print", "--all", "-f", MINI, "-o", str(link))
    assert refused.returncode == 2 and real.read_text() == "old\n"
    result = briefing("print", "--all", "-f", MINI, "-o", str(link), "--force")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and real.read_text().startswith("# Mini briefing")
    assert f"wrote {real} (through the link {link})" in result.stderr.decode()


def test_output_through_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "all.md"
    link.symlink_to(tmp_path / "made.md")
    result = briefing("print", "--all", "-f", MINI, "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and (tmp_path / "made.md").read_text().startswith("# Mini briefing")


# -- the same rules in this process (where mutation testing can see them) ----------------


def _same_file(fd: int, path: str) -> bool:
    a, b = os.fstat(fd), os.stat(path)
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


@pytest.mark.parametrize("fd", [0, 1, 2])
def test_a_closed_standard_descriptor_is_opened_on_the_null_device(fd):
    # SECURITY (closed stdout): descriptors 0-2 are never left free for a file this process opens.
    import fcntl

    from briefing.output import prepare_streams

    saved = os.dup(fd)
    try:
        os.close(fd)
        prepare_streams()
        assert _same_file(fd, os.devnull)
        mode = os.O_WRONLY if fd else os.O_RDONLY
        assert fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == mode
        other = os.open(os.devnull, os.O_RDONLY)
        os.close(other)
        assert other > 2  # a file opened now does not take the standard number
    finally:
        os.dup2(saved, fd)
        os.close(saved)


def test_streams_that_cannot_show_a_character_replace_it(monkeypatch):
    # README (output): an encoding that cannot show a character gets it replaced, not refused.
    import io

    from briefing.output import prepare_streams

    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    err = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="ignore")  # chosen by the user: kept

    class Plain:  # not a text stream of io's: left alone
        def write(self, text: str) -> int:
            return len(text)

    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    prepare_streams()
    assert (out.errors, err.errors) == ("replace", "ignore")
    out.write("Göyüşov")
    out.flush()
    assert out.buffer.getvalue() == b"G?y??ov"
    monkeypatch.setattr(sys, "stdout", Plain())
    monkeypatch.setattr(sys, "stderr", None)
    prepare_streams()
    assert sys.stderr is not None and sys.stderr.write("lost on the null device") == 23
    sys.stderr.close()


def test_emit_says_why_output_failed(monkeypatch):
    # README (output): a closed or full stdout is one line and exit 1; a reader gone ends quietly.
    from briefing.output import OutputError, emit

    class Failing:
        def __init__(self, error: OSError) -> None:
            self.error = error

        def write(self, text: str) -> int:
            raise self.error

        def flush(self) -> None:
            pass

    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(OutputError) as closed:
        emit("x")
    assert str(closed.value) == "standard output is closed"
    monkeypatch.setattr(sys, "stdout", Failing(OSError(28, "No space left on device")))
    with pytest.raises(OutputError) as full:
        emit("x")
    assert str(full.value) == "cannot write to standard output: No space left on device"
    monkeypatch.setattr(sys, "stdout", Failing(OSError("odd failure")))
    with pytest.raises(OutputError) as odd:
        emit("x")
    assert str(odd.value) == "cannot write to standard output: odd failure"
    monkeypatch.setattr(sys, "stdout", Failing(BrokenPipeError(32, "Broken pipe")))
    with pytest.raises(BrokenPipeError):
        emit("x")


def test_silence_points_stdout_at_the_null_device():
    # README (output): after a failed write, the last flush goes to the null device: no traceback.
    from briefing.output import silence

    saved = os.dup(1)
    try:
        silence()
        assert _same_file(1, os.devnull)
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def test_colour_is_never_wanted_on_something_that_is_no_stream():
    from briefing.output import colour_wanted

    assert colour_wanted(object()) is False


def test_silence_gives_up_quietly_without_a_null_device(monkeypatch):
    # README (output): no traceback, even when the null device cannot be opened.
    from briefing.output import silence

    def refused(*_args: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refused)
    silence()  # nothing raised


def test_a_stream_that_is_closed_or_cannot_flush_is_left_as_it_is(monkeypatch):
    # README (output): whatever state the streams come in, no traceback on the way in.
    import io

    from briefing.output import prepare_streams

    class Full(io.RawIOBase):
        full = True

        def writable(self) -> bool:
            return True

        def write(self, data: bytes) -> int:  # type: ignore[override]
            if self.full:
                raise OSError(28, "No space left on device")
            return len(data)

    stuck = io.TextIOWrapper(io.BufferedWriter(Full()), encoding="ascii")
    stuck.write("waiting in the buffer")
    closed = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    closed.close()
    monkeypatch.setattr(sys, "stdout", stuck)
    monkeypatch.setattr(sys, "stderr", closed)
    prepare_streams()  # reconfiguring flushes (OSError) or meets a closed file (ValueError): left alone
    assert stuck.errors == "strict"
    Full.full = False  # room again: the buffer can go when the stream does
    stuck.close()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_c_locale_gets_every_line_with_unshowable_characters_replaced(command):
    # README (output): a character a C locale cannot show is written as `?`; no traceback.
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""}
    result = briefing(*with_file(command), env=env)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    result.stdout.decode("ascii")
    assert result.stdout.count(b"\n") == briefing(*with_file(command)).stdout.count(b"\n")


def test_a_surrogateescape_stream_replaces_what_it_cannot_show(monkeypatch):
    # The C locale's standard streams (ASCII, surrogateescape) refuse "é" as strict ones do.
    import io

    from briefing.output import prepare_streams

    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="surrogateescape")
    monkeypatch.setattr(sys, "stdout", out)
    prepare_streams()
    out.write("Göyüşov")
    out.flush()
    assert out.errors == "replace" and out.buffer.getvalue() == b"G?y??ov"
