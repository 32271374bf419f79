"""Rules of the reader stated in README.md ("The reader", "Finding and keeping", "Editing from
the reader"), each with a Pilot test that breaks with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import TextArea
from textual.widgets._footer import FooterKey
from tui_helpers import MINI, WIDE, reader, until

from briefing import seen
from briefing.load import load
from briefing.paths import bundled_path
from briefing.state import StateStore, key_for
from briefing.tui.app import BriefingApp
from briefing.tui.reader.screen import ReaderScreen
from briefing.tui.screens.note_editor import NoteScreen
from briefing.tui.screens.unsaved import UnsavedScreen


def footer_keys(app: BriefingApp) -> list[str]:
    return [key.key for key in app.screen.query(FooterKey)]


@pytest.mark.parametrize(("width", "tree"), [(59, False), (60, True)])
async def test_rule_below_60_columns_the_tree_starts_hidden(width: int, tree: bool) -> None:
    """README, `\\`: below 60 columns the tree starts hidden so the pane has room to read."""
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        assert reader(app).query_one("#trees").display is tree


@pytest.mark.parametrize(("width", "shown"), [(99, ["claim"]), (100, ["claim", "analysis", "sources"])])
async def test_rule_below_100_columns_one_pane_shows_at_a_time(width: int, shown: list[str]) -> None:
    """README, `\\`: below 100 columns one pane shows at a time, with tabs."""
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        assert [pane.id for pane in reader(app).panes.panes if pane.display] == shown


@pytest.mark.parametrize(("path", "edit"), [(bundled_path(), False), (MINI, True)])
async def test_rule_the_footer_leaves_e_out_on_the_bundled_briefing(path: Path, edit: bool) -> None:
    """README: the bundled briefing is not edited in place: `e` says how to start a copy, and
    the footer leaves `e` out."""
    app = BriefingApp.open(path)
    async with app.run_test(size=(200, 36)) as pilot:
        await pilot.pause()
        assert ("e" in footer_keys(app)) is edit


async def test_rule_q_in_the_unsaved_dialog_quits_without_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: quitting with something unsaved asks first: `w` writes the unsaved notes, `q`
    quits without them, `esc` goes back."""
    in_the_way = tmp_path / "in-the-way"
    in_the_way.write_text("x")
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(in_the_way / "state"))  # cannot be made: nothing saves
    work = tmp_path / "work"
    work.mkdir()
    app = BriefingApp.open(MINI, cwd=work)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen), "the note editor")
        app.screen.query_one(TextArea).text = "words that cannot be saved"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the unsaved-notes dialog")
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the reader to close")
    assert list(work.iterdir()) == []
    assert app.farewell == ["briefing: quit without the notes and bookmarks that were not saved"]


async def test_rule_the_section_the_reader_opens_on_counts_as_read_only_once_the_cursor_has_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: resting on a marked section clears its mark; the section the reader opens on
    counts as read only once the cursor has moved, so its mark can be seen."""
    path = tmp_path / "b.yaml"
    shutil.copy(MINI, path)
    b = load(path)
    store, key = StateStore(), key_for(b)
    assert key is not None
    seen.remember_known(store, key, set(b.section_by_id))
    for sid in ("thesis", "eu-deals"):
        seen.remember_read(store, key, b.section_by_id[sid], now=1_767_225_600.0)
    store.remember(key, section="eu-deals")  # the reader opens where it was left: on eu-deals
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: Gas deals with the EU", "title: Gas deals with the Union"
        ),
        encoding="utf-8",
    )
    rests: list[str] = []
    rested = ReaderScreen.rested

    def recording(screen: ReaderScreen, section: object) -> None:
        rests.append(section.id)  # type: ignore[attr-defined]
        rested(screen, section)  # type: ignore[arg-type]

    monkeypatch.setattr(ReaderScreen, "rested", recording)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        screen = reader(app)
        await until(pilot, lambda: "eu-deals" in rests, "the cursor to rest where the reader opened")
        assert screen.section is not None and screen.section.id == "eu-deals"
        assert "eu-deals" in screen.since_read.marked  # still marked: not read until moved to
        screen.goto_section("thesis")
        await until(pilot, lambda: rests[-1:] == ["thesis"], "a rest on thesis")
        assert "eu-deals" in screen.since_read.marked
        screen.goto_section("eu-deals")
        await until(
            pilot, lambda: "eu-deals" not in screen.since_read.marked, "the mark to clear once moved to"
        )
