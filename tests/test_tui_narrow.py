"""Narrow terminals: below a width the panes get the room; the tree waits behind backslash."""

from __future__ import annotations

from tui_helpers import MINI, reader

from briefing.tui.app import BriefingApp
from briefing.tui.reader.screen import TREE_BELOW
from briefing.tui.widgets.panes import Pane


async def test_below_the_width_the_tree_starts_hidden_and_backslash_shows_it() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(TREE_BELOW - 20, 20)) as pilot:
        await pilot.pause()
        screen = reader(app)
        trees = screen.query_one("#trees")
        assert not trees.display
        assert isinstance(app.focused, Pane)
        assert screen.panes.pane("claim").size.width >= TREE_BELOW - 23  # the width, less borders
        await pilot.press("n")  # reading on works without the tree
        await pilot.press("backslash")
        assert trees.display and app.focused is screen.section_tree
        await pilot.resize_terminal(TREE_BELOW - 10, 20)  # the reader's choice holds across resizes
        await pilot.pause()
        assert trees.display


async def test_the_tree_follows_the_width_until_the_reader_chooses() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(TREE_BELOW + 20, 24)) as pilot:
        await pilot.pause()
        trees = reader(app).query_one("#trees")
        assert trees.display
        await pilot.resize_terminal(TREE_BELOW - 10, 24)
        await pilot.pause()
        assert not trees.display
        await pilot.resize_terminal(TREE_BELOW + 40, 30)
        await pilot.pause()
        assert trees.display
        await pilot.press("backslash")  # hidden by choice: stays hidden however wide
        await pilot.resize_terminal(TREE_BELOW + 60, 30)
        await pilot.pause()
        assert not trees.display
