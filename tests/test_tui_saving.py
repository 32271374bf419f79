"""Saving under faults and beside another reader: a change that cannot be saved is
never called saved, is held and retried, and offered on quit; another reader's marks
appear within a second; two readers changing one note keep both versions."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from textual.widgets import TextArea
from tui_helpers import MINI, WIDE, send_keys_at_once, state_written, until
from tui_helpers import here_under_dialogs as here
from tui_helpers import reader_under_dialogs as reader

from briefing.state import CONFLICT, BriefingState, StateError, StateStore, briefing_key, state_dir
from briefing.tui.app import BriefingApp
from briefing.tui.reader.marks import WATCH
from briefing.tui.screens.note_editor import NoteScreen
from briefing.tui.screens.unsaved import UnsavedScreen

KEY = briefing_key(MINI, "mini", bundled=False)


def stored() -> dict:
    return StateStore().read()["briefings"].get(KEY, BriefingState().to_json())


def messages(app: BriefingApp) -> list[str]:
    return [n.message for n in app._notifications]


def label(app: BriefingApp, section_id: str) -> str:
    tree = reader(app).section_tree
    slot = tree.outline.slot_of(section_id)
    assert slot is not None
    node = tree.node_of(slot)
    assert node is not None
    return str(node.label)


@pytest.fixture
def blocked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A state directory that cannot be made (a file stands where a folder must be)."""
    in_the_way = tmp_path / "in-the-way"
    in_the_way.write_text("x")
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(in_the_way / "state"))
    return in_the_way


async def write_note(pilot, app: BriefingApp, text: str) -> None:
    await pilot.press("a")
    await until(pilot, lambda: isinstance(app.screen, NoteScreen), "the note editor")
    section = here(app)
    app.screen.query_one(TextArea).text = text
    await pilot.press("escape")
    # The screen's result reaches the reader after escape is handled: wait for the change itself.
    await until(pilot, lambda: reader(app).marks.memory.note(section) == (text or None), "the note kept")
    await state_written(pilot, app)


async def test_a_bookmark_that_cannot_be_saved_is_held_marked_and_saved_later(blocked: Path) -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("b")
        await state_written(pilot, app)
        assert label(app, "thesis") == "★! The main threat"
        said = messages(app)
        assert any("in this window only: the bookmark could not be saved" in m for m in said)
        assert not any(m.startswith("Bookmarked") and "only" not in m for m in said)
        # The disk comes back: the next look at the state saves it.
        blocked.unlink()
        blocked.mkdir()
        await until(pilot, lambda: label(app, "thesis") == "★ The main threat", "the retried save", 5)
        assert stored()["bookmarks"] == ["thesis"]
        # The notice is a message the app handles after the tree has changed: wait for it too.
        await until(
            pilot,
            lambda: any("Saved the notes and bookmarks that were waiting" in m for m in messages(app)),
            "the notice of the retried save",
        )


async def test_a_note_that_cannot_be_saved_is_offered_on_quit(blocked: Path, tmp_path: Path) -> None:
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await write_note(pilot, app, "My *words*, not lost")
        assert label(app, "thesis") == "✎! The main threat"
        said = messages(app)
        assert any("Kept the note" in m and "could not be saved" in m for m in said)
        assert not any(m.startswith("Saved the note") for m in said)
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the unsaved-notes dialog")
        await pilot.press("escape")  # back to reading
        await until(pilot, lambda: not isinstance(app.screen, UnsavedScreen), "the reader again")
        assert app.is_running
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the dialog again")
        await pilot.press("w")
        await until(pilot, lambda: not app.is_running, "the reader to close")
    (written,) = tmp_path.glob("unsaved-notes-mini*.md")
    text = written.read_text(encoding="utf-8")
    assert "My *words*, not lost" in text and "The main threat" in text
    assert app.farewell == [f"briefing: the unsaved notes are in {written}"]


async def test_quit_without_unsaved_changes_asks_nothing(tmp_path: Path) -> None:
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await write_note(pilot, app, "saved")
        said = lambda: any(m == "Saved the note on “The main threat”" for m in messages(app))  # noqa: E731
        await until(pilot, said, "the notice that the note is saved")
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the reader to close")
    assert not list(tmp_path.glob("*.md"))


async def test_another_readers_bookmark_appears_at_the_next_look() -> None:
    assert WATCH <= 0.5  # a look twice a second: what another reader saved shows within a second
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        StateStore().set_bookmark(KEY, "eu-deals", True)  # another reader, another connection
        StateStore().set_note(KEY, "thesis", "from elsewhere")
        reader(app).marks.watch()  # the look the interval timer makes
        assert label(app, "eu-deals").startswith("★ ") and label(app, "thesis").startswith("✎ ")
        assert "from elsewhere" in " ".join(reader(app).panes.pane("sources").text(200).split())
        StateStore().set_bookmark(KEY, "eu-deals", False)
        await until(pilot, lambda: not label(app, "eu-deals").startswith("★"), "the timer's own look")


async def test_b_on_a_section_another_reader_bookmarked_meanwhile_means_add() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        other = StateStore()
        other.set_bookmark(KEY, "thesis", True)
        await pilot.press("b")  # pressed before the reader looked again: it saw no bookmark
        await state_written(pilot, app)
        assert stored()["bookmarks"] == ["thesis"]
        assert label(app, "thesis") == "★ The main threat"


@pytest.mark.parametrize("first", ["here", "elsewhere"])
async def test_two_readers_changing_one_note_keep_both(first: str) -> None:
    StateStore().set_note(KEY, "thesis", "the start")
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen), "the note editor")
        if first == "elsewhere":  # saved while this reader's editor is open on the old text
            StateStore().set_note(KEY, "thesis", "from elsewhere", base="the start")
            app.screen.query_one(TextArea).text = "from here"
            await pilot.press("escape")
            await state_written(pilot, app)
            expected = f"from here\n\n{CONFLICT}\n\nfrom elsewhere"
            assert any("both versions are in it now" in m for m in messages(app))
        else:
            app.screen.query_one(TextArea).text = "from here"
            await pilot.press("escape")
            await state_written(pilot, app)
            StateStore().set_note(KEY, "thesis", "from elsewhere", base="the start")
            expected = f"from elsewhere\n\n{CONFLICT}\n\nfrom here"
        assert stored()["notes"]["thesis"] == expected
        await until(pilot, lambda: reader(app).memory.note("thesis") == expected, "the merged note here")


# -- the state writer ------------------------------------------------------------------


async def test_a_bookmark_is_committed_off_the_readers_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    committed_in: list[int] = []
    set_bookmark = StateStore.set_bookmark

    def recording(self: StateStore, key: str, section: str, on: bool) -> bool:
        committed_in.append(threading.get_ident())
        return set_bookmark(self, key, section, on)

    monkeypatch.setattr(StateStore, "set_bookmark", recording)
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("b")
        assert label(app, "thesis") == "★ The main threat"  # shown at once, from memory
        await state_written(pilot, app)
        assert committed_in and threading.get_ident() not in committed_in  # the app's thread never waited
        assert "Bookmarked “The main threat”" in messages(app)  # said once it is saved
        assert stored()["bookmarks"] == ["thesis"]


async def test_many_changes_made_fast_are_all_saved_before_the_reader_quits() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        release = threading.Event()
        app.writer.submit(lambda store: release.wait(5))  # a slow disk: every change waits behind this
        memory = reader(app).memory
        for n in range(60):
            memory.set_note(f"gone-{n}", f"note {n}")  # notes on sections no longer in the file are kept
        send_keys_at_once(app, "b", "n", "b", "n", "b")
        await until(pilot, lambda: len(memory.bookmarks) == 3, "a bookmark on each section")
        assert app.writer.pending and memory.has_unsaved
        threading.Timer(0.2, release.set).start()  # the disk answers while the reader quits
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the reader to close")  # no unsaved-notes dialog
    state = stored()
    assert state["notes"] == {f"gone-{n}": f"note {n}" for n in range(60)}
    assert sorted(state["bookmarks"]) == sorted(memory.bookmarks)
    again = BriefingApp.open(MINI)
    async with again.run_test(size=WIDE):
        kept = reader(again).memory
        assert sorted(kept.bookmarks) == sorted(memory.bookmarks) and len(kept.notes) == 60


async def test_a_note_edited_again_while_its_save_is_under_way_is_not_merged_with_itself() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        memory = reader(app).memory
        release = threading.Event()
        app.writer.submit(lambda store: release.wait(5))  # the writer is busy: the first save waits
        memory.set_note("thesis", "first")
        memory.set_note("thesis", "second", base="first")  # edited again from what the reader showed
        release.set()
        await until(pilot, lambda: memory.saved("thesis"), "both saves")
        assert memory.conflicts == [] and memory.note("thesis") == "second"
        assert stored()["notes"] == {"thesis": "second"}


async def test_a_note_written_after_the_state_file_was_replaced_is_never_called_saved() -> None:
    from briefing.state import state_dir

    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await write_note(pilot, app, "before the swap")
        assert stored()["notes"] == {"thesis": "before the swap"}
        # Someone removes the state under the open reader and puts a folder in its place.
        for name in ("state.sqlite3", "state.sqlite3-wal", "state.sqlite3-shm"):
            (state_dir() / name).unlink(missing_ok=True)
        (state_dir() / "state.sqlite3").mkdir()
        await write_note(pilot, app, "after the swap")
        assert label(app, "thesis") == "✎! The main threat"
        assert sum(m.startswith("Saved the note") for m in messages(app)) == 1  # the first one only
        # The folder goes: the retry saves the note in a new state file, and says so.
        (state_dir() / "state.sqlite3").rmdir()
        await until(pilot, lambda: label(app, "thesis") == "✎ The main threat", "the retried save", 5)
    assert stored()["notes"] == {"thesis": "after the swap"}


async def test_ctrl_q_while_writing_a_note_keeps_it_as_esc_does() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen), "the note editor")
        app.screen.query_one(TextArea).text = "typed, then ctrl+q"
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running, "the reader to close")
    assert stored()["notes"] == {"thesis": "typed, then ctrl+q"}
    assert app.farewell == []


async def test_ctrl_q_in_the_unsaved_dialog_quits_and_says_what_was_left(
    blocked: Path, tmp_path: Path
) -> None:
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await write_note(pilot, app, "not saved")
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the unsaved-notes dialog")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running, "the reader to close")
    assert app.farewell == ["briefing: quit without the notes and bookmarks that were not saved"]
    assert not list(tmp_path.glob("*.md"))


async def test_a_note_saved_while_the_unsaved_dialog_is_up_is_not_called_lost(blocked: Path) -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await write_note(pilot, app, "saved at last")
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the unsaved-notes dialog")
        blocked.unlink()
        blocked.mkdir()  # the disk comes back while the dialog is up
        await pilot.press("q")  # quit without them: but they are saved now
        await until(pilot, lambda: not app.is_running, "the reader to close")
    assert stored()["notes"] == {"thesis": "saved at last"}
    assert app.farewell == []


async def test_the_terminal_closing_keeps_the_note_being_written() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen), "the note editor")
        app.screen.query_one(TextArea).text = "written as the terminal closed"
        app.hung_up()  # what SIGHUP does (see run())
        await until(pilot, lambda: not app.is_running, "the reader to close")
    assert stored()["notes"] == {"thesis": "written as the terminal closed"}
    assert not any(t.name == "state-writer" for t in threading.enumerate())


async def test_the_terminal_closing_writes_what_could_not_be_saved_to_a_file(
    blocked: Path, tmp_path: Path
) -> None:
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await write_note(pilot, app, "no one is there to ask")
        app.hung_up()
        await until(pilot, lambda: not app.is_running, "the reader to close")
    (written,) = tmp_path.glob("unsaved-notes-mini*.md")
    assert "no one is there to ask" in written.read_text(encoding="utf-8")
    assert app.farewell == [f"briefing: the unsaved notes are in {written}"]


@pytest.fixture
def nowhere(tmp_path: Path) -> Path:
    """A working directory that takes no file: a file stands where the folder should be."""
    in_the_way = tmp_path / "a-file-not-a-folder"
    in_the_way.write_text("x")
    return in_the_way


async def test_w_where_the_working_directory_takes_no_file_says_why_and_q_still_quits(
    blocked: Path, nowhere: Path
) -> None:
    app = BriefingApp.open(MINI, cwd=nowhere)
    async with app.run_test(size=WIDE) as pilot:
        await write_note(pilot, app, "kept in the window")
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the unsaved-notes dialog")
        await pilot.press("w")
        await until(
            pilot, lambda: "Could not write the file" in str(app.screen.query_one("#unsaved-text").render()),
            "the reason the file was not written",
        )  # fmt: skip
        assert app.is_running and isinstance(app.screen, UnsavedScreen)
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the reader to close")
    assert app.farewell == ["briefing: quit without the notes and bookmarks that were not saved"]


async def test_the_terminal_closing_where_no_file_can_be_written_still_closes(
    blocked: Path, nowhere: Path
) -> None:
    app = BriefingApp.open(MINI, cwd=nowhere)
    async with app.run_test(size=WIDE) as pilot:
        await write_note(pilot, app, "nowhere to go")
        app.hung_up()
        await until(pilot, lambda: not app.is_running, "the reader to close")
    assert app.farewell == []


async def test_a_bookmark_saved_beside_a_note_that_is_not_is_called_saved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(self: StateStore, *args: object, **kwargs: object) -> None:
        raise StateError("the disk is full")

    monkeypatch.setattr(StateStore, "set_note", full)  # notes fail; bookmarks still go in
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await write_note(pilot, app, "waits")
        await pilot.press("b")
        await state_written(pilot, app)
        assert stored()["bookmarks"] == ["thesis"]
        said = messages(app)
        assert "Bookmarked “The main threat”" in said
        assert not any(m.startswith("Bookmarked") and "could not be saved" in m for m in said)
        assert label(app, "thesis") == "★✎! The main threat"  # the note still waits


async def test_a_state_json_that_cannot_be_migrated_shows_and_holds_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Was: a read-only state folder with a state.json of earlier versions showed no bookmarks.
    from test_state import unopenable_database

    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    legacy = {"version": 1, "briefings": {KEY: {"bookmarks": ["thesis"], "notes": {"eu-deals": "kept"}}}}
    (folder / "state.json").write_text(json.dumps(legacy), encoding="utf-8")
    unopenable_database(monkeypatch)
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await state_written(pilot, app)
        assert label(app, "thesis") == "★ The main threat"
        assert reader(app).marks.memory.note("eu-deals") == "kept"
        said = lambda: any("read-only, until it can be opened" in m for m in messages(app))  # noqa: E731
        await until(pilot, said, "the warning that the state is read from state.json")
        await pilot.press("n", "b")
        await state_written(pilot, app)
        # Held here, marked unsaved, never called saved.
        assert label(app, "eu-deals") == "★✎! Gas deals with the EU"
        assert not any(m.startswith("Bookmarked") and "only" not in m for m in messages(app))
    assert json.loads((folder / "state.json").read_text(encoding="utf-8")) == legacy
