"""What changed since you last read, in the reader: marks, the header, D, the c list, clearing."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import MINI, WIDE, here, reader, until

from briefing import seen
from briefing.load import load
from briefing.state import StateStore, key_for
from briefing.tui.app import BriefingApp
from briefing.tui.screens.changes import ChangesScreen
from briefing.tui.widgets.header import TitleBar

pytestmark = pytest.mark.usefixtures("snapshots_in_tests")  # the snapshot's baseline in tests/snapshots/

READ_AT = 1_767_225_600.0  # 2026-01-01 00:00 UTC
FRESH = """  - id: fresh
    title: A fresh section
    article: beta
    group: home
    claim: {summary: Something new.}
    analysis: {body: New.}
"""


@pytest.fixture
def utc(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def changed(tmp_path: Path, utc: None) -> Path:
    """thesis and eu-deals read; then eu-deals changed and a section added."""
    path = tmp_path / "b.yaml"
    shutil.copy(MINI, path)
    b = load(path)
    store, key = StateStore(), key_for(b)
    assert key is not None
    seen.remember_known(store, key, set(b.section_by_id))
    for sid in ("thesis", "eu-deals"):
        seen.remember_read(store, key, b.section_by_id[sid], now=READ_AT)
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Gas deals with the EU", "title: Gas deals with the Union")
    text = text.replace("The deal was worth **$1.96 billion**.", "The deal was worth **$2 billion**.")
    text = text.replace("      - {ref: column, role: claim}\n", "")
    text = text.replace("sources:\n  - {id: column", FRESH + "sources:\n  - {id: column")
    path.write_text(text, encoding="utf-8")
    return path


def label(app: BriefingApp, section_id: str) -> str:
    screen = reader(app)
    node = screen.section_tree.node_of(screen.outline.slot_of(section_id))
    assert node is not None
    return str(node.label)


def header(app: BriefingApp) -> str:
    return reader(app).query_one(TitleBar).note


def claim(app: BriefingApp) -> str:
    return " ".join(reader(app).panes.pane("claim").text(200).split())


async def go(pilot: Pilot, app: BriefingApp, section_id: str) -> None:
    screen = reader(app)
    screen.goto_section(section_id)
    await until(pilot, lambda: screen.section is not None and screen.section.id == section_id, section_id)


async def test_changed_and_new_sections_are_marked_and_counted(changed: Path) -> None:
    app = BriefingApp.open(changed)
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: header(app), "the header's count")
        assert label(app, "eu-deals") == "Δ Gas deals with the Union"
        assert label(app, "fresh") == "+ A fresh section"
        assert label(app, "thesis") == "The main threat"  # read, unchanged
        assert label(app, "russia-ally") == "On relations with Russia"  # never read: not marked
        assert header(app) == "1 changed · 1 new since read"


async def test_resting_on_a_section_clears_its_mark(changed: Path) -> None:
    app = BriefingApp.open(changed)
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: header(app), "the header's count")
        await go(pilot, app, "eu-deals")
        await until(pilot, lambda: "eu-deals" not in reader(app).since_read.marked, "the mark to clear")
        assert label(app, "eu-deals") == "Gas deals with the Union"
        assert header(app) == "1 new since read"
        await go(pilot, app, "fresh")
        await until(pilot, lambda: not header(app), "the count to clear")
        assert label(app, "fresh") == "A fresh section"
    # What was read is kept: a new reader marks nothing.
    assert seen.changes_since_read(load(changed)).sections == ()


async def test_d_shows_what_changed_and_d_again_returns(changed: Path) -> None:
    app = BriefingApp.open(changed)
    async with app.run_test(size=WIDE) as pilot:
        await go(pilot, app, "eu-deals")
        plain = claim(app)
        await pilot.press("D")
        shown = claim(app)
        assert "What changed since you last read it (2026-01-01 00:00)" in shown
        assert "Title Gas deals with the EUUnion" in shown  # struck EU, underlined Union
        sources = " ".join(reader(app).panes.pane("sources").text(200).split())
        assert "- column as claim" in sources
        analysis = " ".join(reader(app).panes.pane("analysis").text(200).split())
        assert "**$1.96**$2 billion**." in analysis
        await pilot.press("D")
        assert claim(app) == plain
        # D still works once the rest has cleared the mark, and any move leaves it.
        await until(pilot, lambda: "eu-deals" not in reader(app).since_read.marked, "the mark to clear")
        await pilot.press("D")
        assert "What changed since you last read it" in claim(app)
        await pilot.press("n")
        assert "What changed" not in claim(app)


async def test_d_on_an_unmarked_or_new_section_says_why_not(changed: Path) -> None:
    app = BriefingApp.open(changed)
    async with app.run_test(size=WIDE) as pilot:
        await go(pilot, app, "thesis")
        await pilot.press("D")
        assert "What changed" not in claim(app)
        await go(pilot, app, "fresh")
        await pilot.press("D")
        messages = [n.message for n in app._notifications]
        assert "Not changed since you last read it." in messages
        assert "New since you last read this briefing: nothing to compare with." in messages


async def test_the_changes_list_in_reading_order_goes_there(changed: Path) -> None:
    app = BriefingApp.open(changed)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        ids = [screen.list.get_option_at_index(i).id for i in range(screen.list.option_count)]
        assert ids == ["eu-deals", "fresh"]
        await pilot.press("down", "enter")
        await until(pilot, lambda: not isinstance(app.screen, ChangesScreen), "the list to close")
        assert here(app) == "fresh"


async def test_the_palette_opens_the_changes_list(changed: Path) -> None:
    app = BriefingApp.open(changed)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Changes since")
        await pilot.pause(0.3)  # the palette searches in a worker
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ChangesScreen), "the list")


async def test_help_lists_the_keys(changed: Path) -> None:
    app = BriefingApp.open(changed)
    async with app.run_test(size=WIDE):
        rows = [row for _, rows in app.help_sections() for row in rows]
        text = str(rows)
        assert "What changed" in text and "Changes" in text


async def test_a_live_reload_marks_what_changed(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    shutil.copy(MINI, path)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        await go(pilot, app, "eu-deals")
        marks = reader(app).since_read.read_marks.marks
        await until(pilot, lambda: "eu-deals" in marks, "eu-deals to be read")
        await go(pilot, app, "thesis")
        text = path.read_text(encoding="utf-8").replace("Gas deals with the EU", "Gas deals, revised")
        from tui_helpers import rewrite

        rewrite(path, text.replace("sources:\n  - {id: column", FRESH + "sources:\n  - {id: column"))
        await until(pilot, lambda: header(app) == "1 changed · 1 new since read", "the reload", timeout=6)
        # The header is set as the new version goes in; the tree's labels a moment later.
        await until(pilot, lambda: label(app, "eu-deals") == "Δ Gas deals, revised", "the tree's labels")
        assert label(app, "fresh") == "+ A fresh section"


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_snapshot_of_what_changed(snap_compare, changed: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, BriefingApp)
        await until(pilot, lambda: app.screen.query("#tree-article") and header(app), "the reader")
        await go(pilot, app, "eu-deals")
        await until(pilot, lambda: "eu-deals" not in reader(app).since_read.marked, "the mark to clear")
        await pilot.press("D")

    assert snap_compare(BriefingApp.open(changed), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_snapshot_of_the_changes_list(snap_compare, changed: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, BriefingApp)
        await until(pilot, lambda: app.screen.query("#tree-article") and header(app), "the reader")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ChangesScreen), "the list")

    assert snap_compare(BriefingApp.open(changed), terminal_size=size, run_before=run_before)
