import os
import stat
from pathlib import Path

import pytest

from briefing.fileio import NotAFileError, write_atomic, write_new


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


# -- special files and links: only a regular file or a missing path is written ------


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_fifo_is_refused_and_stays_a_fifo(tmp_path, overwrite):
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    with pytest.raises(NotAFileError, match="FIFO"):
        write_atomic(fifo, "text", overwrite=overwrite)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.listdir(tmp_path) == ["out.md"]


def test_a_directory_is_refused(tmp_path):
    folder = tmp_path / "out.md"
    folder.mkdir()
    with pytest.raises(NotAFileError, match="directory"):
        write_atomic(folder, "text", overwrite=True)
    assert folder.is_dir() and not any(folder.iterdir())


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_refused_and_stays_a_device(tmp_path):
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    with pytest.raises(NotAFileError, match="character device"):
        write_atomic(device, "text", overwrite=True)
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_dev_null_through_a_link_is_refused(tmp_path):
    link = tmp_path / "out.md"
    link.symlink_to(os.devnull)
    with pytest.raises(NotAFileError, match="character device"):
        write_atomic(link, "text", overwrite=True)
    assert link.is_symlink()


def test_a_symlink_is_followed_and_kept(tmp_path):
    real = tmp_path / "real" / "all.md"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "all.md"
    link.symlink_to(real)
    with pytest.raises(FileExistsError):
        write_atomic(link, "new")
    assert write_atomic(link, "new", overwrite=True) == real
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new" and real.stat().st_mode & 0o777 == 0o600
    assert sorted(os.listdir(real.parent)) == ["all.md"]  # the temporary was beside the target


def test_a_chain_of_links_ends_at_the_file(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old")
    (tmp_path / "one.md").symlink_to("real.md")
    (tmp_path / "two.md").symlink_to("one.md")
    assert write_atomic(tmp_path / "two.md", "new", overwrite=True) == real
    assert real.read_text() == "new" and (tmp_path / "two.md").is_symlink()


def test_a_dangling_symlink_creates_its_target_and_stays_a_link(tmp_path):
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "made.md")
    assert write_atomic(link, "text") == tmp_path / "made.md"
    assert link.is_symlink() and link.read_text() == "text"


def test_a_link_loop_is_an_error_not_a_hang(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(OSError):
        write_atomic(tmp_path / "a", "text", overwrite=True)
    assert sorted(os.listdir(tmp_path)) == ["a", "b"]


def test_write_new_passes_over_names_held_by_anything(tmp_path):
    os.mkfifo(tmp_path / "sec.md")
    (tmp_path / "sec-2.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "sec-3.md").mkdir()
    assert write_new(tmp_path, "sec", ".md", "x").name == "sec-4.md"
    assert not (tmp_path / "nowhere.md").exists()


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


def test_a_kind_of_file_without_a_name_is_refused_too(tmp_path, monkeypatch):
    # fileio: only a regular file or a missing path is ever written; any other kind is refused by name.
    odd = tmp_path / "odd.md"
    odd.write_text("old")
    real_stat = os.stat
    whiteout = 0o160000  # a kind Linux has no S_IS* test for

    def fake_stat(path, *args, **kwargs):
        found = real_stat(path, *args, **kwargs)
        if os.fspath(path) != os.fspath(odd):
            return found
        return os.stat_result((whiteout | 0o644, *tuple(found)[1:]))

    monkeypatch.setattr(os, "stat", fake_stat)
    with pytest.raises(NotAFileError) as caught:
        write_atomic(odd, "new", overwrite=True)
    assert str(caught.value) == f"{odd} is not a regular file; only a regular file is ever replaced"
    assert caught.value.kind == "not a regular file"
    monkeypatch.undo()
    assert odd.read_text() == "old"


def test_a_path_through_a_linked_folder_is_written_and_named_as_given(tmp_path, monkeypatch):
    # fileio: only a symbolic link itself is followed; a plain path is written and returned as given.
    (tmp_path / "real").mkdir()
    (tmp_path / "via").symlink_to(tmp_path / "real")
    given = tmp_path / "via" / "a.md"
    assert write_atomic(given, "text") == given
    assert (tmp_path / "real" / "a.md").read_text() == "text"
    monkeypatch.chdir(tmp_path / "via")
    assert write_atomic("b.md", "text") == Path("b.md")
    assert (tmp_path / "real" / "b.md").read_text() == "text"
