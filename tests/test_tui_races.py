"""Key races inside Textual's widgets, each pressed with its exact timing: the reader
must survive them (see briefing.tui.widgets.guards). Keys sent "at once" are queued
together, as a fast typist or auto-repeat sends them; the others wait the delay given."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from tui_helpers import MINI, WIDE, here, reader, send_keys_at_once, until

from briefing.tui.app import BriefingApp
from briefing.tui.reader.screen import ReaderScreen
from briefing.tui.screens.early_typing import QueryInput
from briefing.tui.screens.note_editor import NoteScreen
from briefing.tui.screens.search import SearchScreen
from briefing.tui.screens.timeline import TimelineScreen


async def test_enter_pressed_fast_in_the_palette_closes_it_once(tmp_path: Path) -> None:
    # Was: ScreenStackError ("Can't pop screen"): every queued enter dismissed the palette again.
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        # What the enters pick depends on how far the palette has listed its commands when
        # they arrive (nothing yet, or Keys, Theme, a section...): whatever it is, the reader
        # stays, and escape leads back to it.
        send_keys_at_once(app, "ctrl+p", "enter", "enter", "enter", "enter", "enter")
        await pilot.pause(0.3)
        assert app.is_running
        assert isinstance(app.screen_stack[0], ReaderScreen)
        for _ in range(3):
            if not isinstance(app.screen, ReaderScreen):
                await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader on top")
        # The same once a section's hit is listed: it is jumped to, once, and the reader is on top.
        await pilot.press("ctrl+p", *"russia")
        await until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0, "the palette's hits")
        send_keys_at_once(app, "enter", "enter", "enter", "enter")
        await pilot.pause(0.3)
        assert [type(s) for s in app.screen_stack] == [ReaderScreen]
        assert here(app) == "russia-ally"


async def test_enter_pressed_fast_in_the_theme_list_closes_it_once(tmp_path: Path) -> None:
    # Was: ScreenStackError: the palette's "Theme" opens Textual's own palette, unguarded; an enter
    # queued behind the one that picked a theme popped the reader (seen once in CI, under load).
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        app.action_change_theme()
        themes_listed = lambda: any(c.option_count > 0 for c in app.screen.query(CommandList))  # noqa: E731
        await until(pilot, themes_listed, "the themes")
        send_keys_at_once(app, "enter", "enter", "enter", "enter", "enter")
        await pilot.pause(0.3)
        assert app.is_running
        assert [type(s) for s in app.screen_stack] == [ReaderScreen]


async def test_what_is_typed_at_once_with_slash_goes_into_the_search_box(tmp_path: Path) -> None:
    # Was: every key typed in the instant before the box had focus was lost (the tree had them).
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        send_keys_at_once(app, "slash", *"russia", "enter")
        on_hit = lambda: isinstance(app.screen, ReaderScreen) and here(app) == "russia-ally"  # noqa: E731
        await until(pilot, on_hit, "the hit")
        assert reader(app).search.active is not None and reader(app).search.active.text == "russia"


async def test_what_is_typed_at_once_with_a_goes_into_the_note(tmp_path: Path) -> None:
    # The same for a: the note starts with every key typed after it, enter a new line.
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        section = here(app)
        send_keys_at_once(app, "a", *"sa b", "enter", *"/x")
        typed = lambda: isinstance(app.screen, NoteScreen) and app.screen.text == "sa b\n/x"  # noqa: E731
        await until(pilot, typed, "the note")
        await pilot.press("escape")
        await until(pilot, lambda: reader(app).marks.memory.note(section) == "sa b\n/x", "the saved note")


async def test_keys_typed_at_once_after_a_note_and_its_esc_reach_the_reader(tmp_path: Path) -> None:
    # Was: esc, reaching the note screen before its box had focus, was handled after the keys
    # behind it, so they were typed into the note (q included) and the reader never got them.
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        first = here(app)
        send_keys_at_once(app, "a", *"xy", "escape", "n", "b")
        moved = lambda: isinstance(app.screen, ReaderScreen) and here(app) != first  # noqa: E731
        await until(pilot, moved, "n in the reader")
        await until(pilot, lambda: reader(app).marks.memory.note(first) == "xy", "the note as typed")
        await until(pilot, lambda: here(app) in reader(app).marks.memory.bookmarks, "b in the reader")


@pytest.mark.parametrize("key", ["pagedown", "pageup"])
async def test_paging_the_palette_before_its_list_is_laid_out(key: str, tmp_path: Path) -> None:
    # Was: KeyError in OptionList._move_page, the list's lines not laid out yet.
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        send_keys_at_once(app, "ctrl+p", key)
        await pilot.pause(0.2)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(key)  # once laid out, the key pages as usual
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


@pytest.mark.parametrize(("filter_key", "page_key"), [("a", "pagedown"), ("c", "pagedown"), ("a", "pageup"),
                                                      ("c", "pageup")])  # fmt: skip
@pytest.mark.parametrize("delay", [0.0, 0.005, 0.03])
async def test_paging_a_timeline_filter_as_it_opens(
    filter_key: str, page_key: str, delay: float, tmp_path: Path
) -> None:
    # Was: the same KeyError in the Select's drop-down, within ~30 ms of a or c.
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), "the timeline")
        await pilot.pause()
        send_keys_at_once(app, filter_key)
        await asyncio.sleep(delay)
        send_keys_at_once(app, page_key)
        await pilot.pause(0.2)
        assert app.is_running and isinstance(app.screen, TimelineScreen)


@pytest.mark.parametrize("opener", ["B", "slash", "c"])
async def test_paging_a_dialog_list_as_it_opens(opener: str, tmp_path: Path) -> None:
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        send_keys_at_once(app, opener, "pagedown", "pageup", "pagedown")
        await pilot.pause(0.2)
        assert app.is_running


# Each screen the reader pushes, opened with its key and closed twice by keys typed at once:
# the key that picks or keeps and an esc. Was: the timeline (awaited) raised InvalidStateError
# and closed the reader; a modal screen's second dismiss popped the reader itself.
CLOSED_TWICE = {
    "timeline": ("t", ("enter", "escape")),
    "bibliography": ("s", ("enter", "escape")),
    "actors": ("A", ("enter", "escape")),
    "bookmarks": ("B", ("escape", "escape")),
    "help": ("question_mark", ("escape", "escape")),
    "note": ("a", ("escape", "escape")),
    "search": ("slash", ("escape", "escape")),
    "changes": ("c", ("escape", "escape")),
}


@pytest.mark.parametrize("name", list(CLOSED_TWICE))
async def test_a_screen_closed_twice_at_once_closes_once(name: str, tmp_path: Path) -> None:
    key, closing = CLOSED_TWICE[name]
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: here(app), "the reader")
        await pilot.press(key)
        await until(pilot, lambda: not isinstance(app.screen, ReaderScreen), f"the {name} screen")
        send_keys_at_once(app, *closing)
        await pilot.pause(0.3)
        assert app.is_running, f"closing {name} twice closed the reader"
        assert [type(s) for s in app.screen_stack] == [ReaderScreen], app.screen_stack
        await pilot.press("n")  # the reader still answers
        await pilot.pause()
        assert app.is_running


async def test_slash_enter_and_a_note_typed_at_once_over_a_last_query(tmp_path: Path) -> None:
    # Was (tmux, with a search already made): enter reached the box before it had focus and
    # was lost, so the note's key and text went into the search box; and an enter the box
    # did take was answered by a message, after the keys typed behind it.
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        send_keys_at_once(app, "slash", *"threat", "enter")
        searched = lambda: isinstance(app.screen, ReaderScreen) and reader(app).search.active is not None  # noqa: E731
        await until(pilot, searched, "the first search")
        send_keys_at_once(app, "slash", *"russia", "enter", "a", *"xyz", "escape")
        note = lambda: reader(app).marks.memory.note("russia-ally") == "xyz"  # noqa: E731
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and note(), "the note on the hit")
        assert reader(app).search.active is not None and reader(app).search.active.text == "russia"


async def test_keys_the_box_binds_reach_it_before_it_has_focus(tmp_path: Path) -> None:
    # Was (tmux): enter, reaching the search screen before its box had focus, found no
    # binding there and was lost; backspace too. The screen gives the box focus and the key.
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"russiax")
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.text == "russiax"
        screen.set_focus(None)  # as in the instant before the box has focus
        send_keys_at_once(app, "backspace", "enter")
        on_hit = lambda: isinstance(app.screen, ReaderScreen) and here(app) == "russia-ally"  # noqa: E731
        await until(pilot, on_hit, "the hit")
        assert reader(app).search.active is not None and reader(app).search.active.text == "russia"


async def test_a_note_typed_at_once_after_a_search_is_on_the_hit(tmp_path: Path) -> None:
    # Was (tmux, a second reader): the note key typed right after the enter that picked a
    # hit ran before the search's result moved the reader, so the note went on the section
    # left behind. A dialog's result is now taken as it closes.
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"russia")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen) and bool(app.screen.hits), "the hits")
        send_keys_at_once(app, "enter", "a", *"xyz", "escape")
        note = lambda: reader(app).marks.memory.note("russia-ally") == "xyz"  # noqa: E731
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and note(), "the note on the hit")
        assert reader(app).marks.memory.note("thesis") is None


async def test_a_dialogs_result_is_taken_as_it_closes(tmp_path: Path) -> None:
    # What the test above needs, without its timing: once enter has picked a hit, the
    # reader is on it before any other key is handled (Textual's callback would run later).
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"russia")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await until(pilot, lambda: bool(screen.hits), "the hits")
        await screen.query_one(QueryInput).action_submit()  # enter, answered at once
        assert isinstance(app.screen, ReaderScreen)  # no await between: nothing else ran
        assert here(app) == "russia-ally" and reader(app).search.active is not None


async def test_b_typed_at_once_after_a_search_bookmarks_the_hit(tmp_path: Path) -> None:
    # README (/): keys typed right after the enter act on the hit (/word⏎b bookmarks it).
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"russia")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen) and bool(app.screen.hits), "the hits")
        send_keys_at_once(app, "enter", "b")

        def marked() -> bool:
            on_top = isinstance(app.screen, ReaderScreen)
            return on_top and reader(app).marks.memory.bookmarks == ["russia-ally"]

        await until(pilot, marked, "the bookmark on the hit")
