import os

import pytest

from briefing.fileio import write_atomic, write_new


def test_write_atomic_refuses_to_clobber(tmp_path):
    target = tmp_path / "a.md"
    write_atomic(target, "one")
    with pytest.raises(FileExistsError):
        write_atomic(target, "two")
    assert target.read_text() == "one"
    write_atomic(target, "three", overwrite=True)
    assert target.read_text() == "three"
    assert os.listdir(tmp_path) == ["a.md"]


def test_write_new_numbers_taken_names(tmp_path):
    names = [write_new(tmp_path, "sec", ".md", str(i)).name for i in range(3)]
    assert names == ["sec.md", "sec-2.md", "sec-3.md"]
    assert (tmp_path / "sec-2.md").read_text() == "1"


def test_failed_write_leaves_no_temporary(tmp_path):
    with pytest.raises(OSError):
        write_atomic(tmp_path / "missing-dir" / "x.md", "text")
    assert os.listdir(tmp_path) == []


def test_new_files_get_the_usual_mode_and_replacements_keep_theirs(tmp_path):
    umask = os.umask(0o022)
    try:
        made = write_atomic(tmp_path / "a.md", "x")
        assert made.stat().st_mode & 0o777 == 0o644
        made.chmod(0o600)
        write_atomic(made, "y", overwrite=True)
        assert made.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(umask)


def test_writes_work_where_os_has_no_fchmod(tmp_path, monkeypatch):
    # Windows before Python 3.13: os.fchmod does not exist.
    monkeypatch.delattr(os, "fchmod")
    umask = os.umask(0o022)
    try:
        made = write_atomic(tmp_path / "a.md", "x")
        assert made.stat().st_mode & 0o777 == 0o644
        made.chmod(0o600)
        write_atomic(made, "y", overwrite=True)
        assert (made.read_text(), made.stat().st_mode & 0o777) == ("y", 0o600)
        assert write_new(tmp_path, "a", ".md", "z").name == "a-2.md"  # what `m` in the reader does
    finally:
        os.umask(umask)
    assert sorted(os.listdir(tmp_path)) == ["a-2.md", "a.md"]
