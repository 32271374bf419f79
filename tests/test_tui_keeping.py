"""Finding and keeping, driven by Pilot: search, history, bookmarks, notes, remembered place and theme."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from rich.style import Style
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea
from tui_helpers import FIXTURES, MINI, WIDE, state_written, until
from tui_helpers import here_under_dialogs as here
from tui_helpers import reader_under_dialogs as reader

from briefing import markdown
from briefing import search as search_module
from briefing.load import load
from briefing.state import BriefingState, StateStore, briefing_key
from briefing.tui.app import BriefingApp
from briefing.tui.reader.place import Place
from briefing.tui.reader.screen import ReaderScreen
from briefing.tui.screens.bookmarks import BookmarksScreen
from briefing.tui.screens.help import HelpScreen
from briefing.tui.screens.note_editor import NoteScreen
from briefing.tui.screens.search import SearchScreen
from briefing.tui.views.highlight import match_style
from briefing.tui.views.outline import ACTOR_VIEW
from briefing.tui.widgets.tree import SectionTree

KEY = briefing_key(MINI, "mini", bundled=False)


def open_app() -> BriefingApp:
    return BriefingApp.open(MINI)


def pane(app: BriefingApp, name: str) -> str:
    return " ".join(reader(app).panes.pane(name).text(200).split())


def stored() -> dict:
    """This briefing's saved state, in the export's shape (a briefing with no rows has none)."""
    return StateStore().read()["briefings"].get(KEY, BriefingState().to_json())


def marked_words(app: BriefingApp, name: str) -> list[str]:
    """The runs of text a pane draws in the search-match style."""
    style = match_style(app)
    words: list[str] = []
    for strip in reader(app).panes.pane(name)._lines:
        run = ""
        for segment in strip:
            if segment.style is not None and segment.style.bgcolor == style.bgcolor:
                run += segment.text
            elif run:
                words.append(run)
                run = ""
        if run:
            words.append(run)
    return words


def label(app: BriefingApp, section_id: str) -> str:
    tree = reader(app).section_tree
    slot = tree.outline.slot_of(section_id)
    assert slot is not None
    node = tree.node_of(slot)
    assert node is not None
    return str(node.label)


def messages(app: BriefingApp) -> list[str]:
    return [n.message for n in app._notifications]


async def index_ready(pilot: Pilot, app: BriefingApp) -> None:
    await until(pilot, lambda: reader(app).search.index is not None, "the search index")


async def search(pilot: Pilot, app: BriefingApp, text: str) -> SearchScreen:
    await index_ready(pilot, app)
    await pilot.press("slash")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*text)
    await until(pilot, lambda: screen.status and screen.text == text and screen._timer is None, "the hits")
    return screen


@pytest.fixture
def quick_settle(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(Place, "SETTLE", 0.05)
    return 0.05


# -- search ----------------------------------------------------------------------------


async def test_slash_searches_as_you_type_ranked_with_group_and_marked_snippet() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search(pilot, app, "eu")
        assert [h.section.id for h in screen.hits] == ["eu-deals", "russia-ally"]  # title beats sources
        assert screen.status == "2 sections, best first"
        results = screen.query_one(OptionList)
        first = results.get_option_at_index(0).prompt
        assert first.plain.startswith("Gas deals with the EU  Western actors\n")
        marked = [first.plain[s.start : s.end] for s in first.spans if s.style == match_style(app)]
        assert marked and all(word == "EU" for word in marked)
        # Typing on narrows the hits (after the debounce), and a new word replaces them.
        await pilot.press("space", *"memorandum")
        await until(pilot, lambda: screen._timer is None and screen.text == "eu memorandum", "the new hits")
        assert [h.section.id for h in screen.hits] == ["eu-deals", "russia-ally"]
        await pilot.press(*["backspace"] * len("eu memorandum"), *"threat")
        await until(pilot, lambda: screen._timer is None and screen.text == "threat", "the new hits")
        assert [h.section.id for h in screen.hits] == ["thesis"]


async def test_without_fts5_search_says_so_and_still_finds(no_fts5: None) -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search(pilot, app, "eu")
        assert not reader(app).search.index.fts5
        assert [h.section.id for h in screen.hits] == ["eu-deals", "russia-ally"]
        assert screen.status == "2 sections, plain word match: this Python's SQLite has no FTS5"
        await pilot.press("enter")
        assert here(app) == "eu-deals"


async def test_search_is_accent_and_case_insensitive_and_says_when_nothing_matches() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search(pilot, app, "GOYUSOV")
        assert {h.section.id for h in screen.hits} == {"thesis", "russia-ally"}
        await pilot.press(*["backspace"] * 7, *"zzzq")
        await until(pilot, lambda: screen._timer is None and screen.text == "zzzq", "no hits")
        assert screen.hits == [] and screen.status == "No section matches zzzq"
        await pilot.press(*["backspace"] * 4, *"-eu")
        await until(pilot, lambda: screen._timer is None and screen.text == "-eu", "the query error")
        assert screen.status.startswith("Nothing to search for")
        assert screen.status.lower().count("nothing to search for") == 1  # said once
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        assert here(app) == "thesis"


async def test_enter_jumps_to_the_hit_and_marks_the_matches_in_the_panes() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search(pilot, app, "memorandum")
        assert [h.section.id for h in screen.hits] == ["russia-ally", "eu-deals"]  # the shorter field first
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        assert here(app) == "russia-ally"
        assert pane(app, "claim").startswith("On relations with Russia")
        assert marked_words(app, "sources") == ["memorandum"]
        assert marked_words(app, "claim") == []
        assert reader(app).section_tree.border_subtitle is not None
        await pilot.press("escape")  # stops marking
        assert marked_words(app, "sources") == []
        assert reader(app).section_tree.border_subtitle is None
        await pilot.press("greater_than_sign")  # the search is kept: > goes on with it, marked again
        assert here(app) == "eu-deals"
        assert marked_words(app, "sources") == ["memorandum"]
        assert not any("No search to step through" in m for m in messages(app))


async def test_down_chooses_another_hit_and_a_phrase_is_marked_across_words() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await search(pilot, app, '"gas memorandum"')
        second = screen.hits[1].section.id
        await pilot.press("down", "enter")
        assert here(app) == second
        assert marked_words(app, "sources") == ["gas memorandum"]


async def test_greater_and_less_than_step_through_the_hits() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("greater_than_sign")
        assert any("No search" in m for m in messages(app))
        await search(pilot, app, "energy")
        await pilot.press("enter")
        assert here(app) == "eu-deals"
        await pilot.press("greater_than_sign")
        assert here(app) == "russia-ally"
        assert str(reader(app).section_tree.border_subtitle).endswith("2/2")
        await pilot.press("greater_than_sign")
        assert here(app) == "russia-ally"
        assert any("last hit of 2" in m for m in messages(app))
        await pilot.press("less_than_sign")
        assert here(app) == "eu-deals"
        # n and p stay section keys while a search is on.
        await pilot.press("p")
        assert here(app) == "thesis"
        await pilot.press("greater_than_sign")  # from the last hit visited
        assert here(app) == "russia-ally"


@pytest.mark.parametrize("size", [WIDE, (80, 24)], ids=["wide", "narrow"])
async def test_a_jump_to_a_hit_scrolls_a_pane_to_a_match_below_the_fold(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    paragraphs = "\n\n".join(f"        Paragraph {n} of the analysis." for n in range(30))
    long_body = f"|\n{paragraphs}\n\n        The zeppelin clause closes it.\n"
    short_body = "body: The deal was worth **$1.96 billion**."
    text = MINI.read_text(encoding="utf-8").replace(short_body, "body: " + long_body)
    path = tmp_path / "long.yaml"
    path.write_text(text, encoding="utf-8")
    app = BriefingApp.open(path)
    async with app.run_test(size=size) as pilot:
        await search(pilot, app, "zeppelin")
        await pilot.press("enter")
        await pilot.pause()
        assert here(app) == "eu-deals"
        analysis = reader(app).panes.pane("analysis")
        if size != WIDE:  # one pane at a time: the Analysis pane scrolls once it is shown
            await pilot.press("tab", "tab")
            await pilot.pause()
            assert reader(app).panes.active == "analysis"
        top = round(analysis.scroll_offset.y)
        assert top > 0
        shown = range(top, top + analysis.scrollable_content_region.height)
        assert any("zeppelin" in "".join(s.text for s in analysis._lines[row]) for row in shown)
        assert reader(app).panes.pane("claim").scroll_offset.y == 0  # no match there: it stays at the top


async def test_slash_again_starts_from_the_last_query() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, app, "threat")
        await pilot.press("enter", "slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_one(Input).value == "threat"
        await until(pilot, lambda: bool(screen.hits), "the hits")
        assert [h.section.id for h in screen.hits] == ["thesis"]


def gated_index(monkeypatch: pytest.MonkeyPatch, *, fails: bool = False) -> threading.Event:
    """Hold the search index back until the returned event is set (then fail, if told)."""
    gate = threading.Event()
    real = search_module.SearchIndex

    def slow_index(briefing):  # type: ignore[no-untyped-def]
        gate.wait(10)
        if fails:
            raise MemoryError("no room\x1b[31m")
        return real(briefing)

    monkeypatch.setattr(search_module, "SearchIndex", slow_index)
    return gate


async def test_search_before_the_index_is_ready_says_indexing_then_shows_hits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = gated_index(monkeypatch)
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        assert here(app) == "thesis"  # the first frame did not wait for the index
        await pilot.press("slash", *"threat")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await until(pilot, lambda: screen.status == "indexing…", "the indexing notice")
        assert screen.hits == []
        gate.set()
        await until(pilot, lambda: bool(screen.hits), "the hits once indexed")
        assert [h.section.id for h in screen.hits] == ["thesis"]


async def enter_while_indexing(pilot: Pilot, app: BriefingApp) -> SearchScreen:
    """``/russia⏎`` typed before the index is ready: the search box, Enter waiting."""
    await pilot.press("slash", *"russia", "enter")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await until(pilot, lambda: screen.enter_waiting, "Enter kept while indexing")
    assert "enter jumps" in screen.status
    return screen


async def test_enter_before_the_index_is_ready_jumps_once_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    # Was: a fast ``/word⏎`` rang the bell and left the box open while the index was built.
    gate = gated_index(monkeypatch)
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await enter_while_indexing(pilot, app)
        gate.set()
        await until(pilot, lambda: not isinstance(app.screen, SearchScreen), "the jump once indexed")
        assert here(app) == "russia-ally"
        assert reader(app).search.active is not None and reader(app).search.active.text == "russia"


async def test_typing_after_a_waiting_enter_cancels_the_jump(monkeypatch: pytest.MonkeyPatch) -> None:
    gate = gated_index(monkeypatch)
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await enter_while_indexing(pilot, app)
        await pilot.press("backspace")  # the query changed: Enter was for the old one
        assert not screen.enter_waiting
        gate.set()
        searched = lambda: not screen.status.startswith("indexing")  # noqa: E731
        await until(pilot, searched, "the search once indexed")
        await pilot.pause()
        assert app.screen is screen and here(app) == "thesis"
        assert screen.text == "russi"



async def test_a_waiting_enter_ends_when_the_index_cannot_be_built(monkeypatch: pytest.MonkeyPatch) -> None:
    # Review: the box said "indexing…" for ever, and enter promised a jump that never came.
    gate = gated_index(monkeypatch, fails=True)
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await enter_while_indexing(pilot, app)
        gate.set()
        await until(pilot, lambda: not screen.enter_waiting, "the waiting enter given up")
        assert screen.status == "Search is unavailable: no room[31m."  # control stripped
        assert app.screen is screen and screen.hits == []


# -- history ---------------------------------------------------------------------------


async def test_back_and_forward_through_jumps(quick_settle: float) -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("n", "n")
        assert here(app) == "russia-ally"
        await pilot.press("backspace")
        assert here(app) == "eu-deals"
        await pilot.press("alt+left")
        assert here(app) == "thesis"
        await pilot.press("alt+left")
        assert here(app) == "thesis"
        assert any("No earlier section" in m for m in messages(app))
        await pilot.press("alt+right")
        assert here(app) == "eu-deals"
        assert pane(app, "claim").startswith("Gas deals with the EU")
        await pilot.press("alt+right", "alt+right")
        assert here(app) == "russia-ally"
        assert any("No later section" in m for m in messages(app))


async def test_palette_and_search_jumps_count_in_history(quick_settle: float) -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p", *"relations")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert here(app) == "russia-ally"
        await search(pilot, app, "deals")
        await pilot.press("enter")
        assert here(app) == "eu-deals"
        await pilot.press("backspace")
        assert here(app) == "russia-ally"
        await pilot.press("backspace")
        assert here(app) == "thesis"


async def test_holding_j_through_the_tree_records_only_where_it_rests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Place, "SETTLE", 0.5)
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press(*"jjjjj")  # past eu-deals without resting there
        assert here(app) == "russia-ally"
        await pilot.pause(0.7)
        assert reader(app).place.history._visits == ["thesis", "russia-ally"]
        await pilot.press("k", "k", "k")  # rests on eu-deals
        await pilot.pause(0.7)
        await pilot.press("backspace")
        assert here(app) == "russia-ally"
        await pilot.press("backspace")
        assert here(app) == "thesis"


async def test_a_jump_before_the_cursor_settles_keeps_where_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Place, "SETTLE", 5.0)
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("j", "j", "n")  # eu-deals by the tree, then at once to the next section
        assert here(app) == "russia-ally"
        await pilot.press("backspace")
        assert here(app) == "eu-deals"


# -- bookmarks -------------------------------------------------------------------------


async def test_b_bookmarks_the_section_marks_it_in_the_tree_and_saves_it() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("n", "b")
        await state_written(pilot, app)
        assert stored()["bookmarks"] == ["eu-deals"]
        assert label(app, "eu-deals") == "★ Gas deals with the EU"
        assert label(app, "thesis") == "The main threat"
        assert any("Bookmarked “Gas deals with the EU”" in m for m in messages(app))
        await pilot.press("v")
        await pilot.pause()
        assert label(app, "eu-deals").startswith("★ ")  # in the other view too
        await pilot.press("b")
        await state_written(pilot, app)
        assert stored()["bookmarks"] == []
        assert label(app, "eu-deals") == "Gas deals with the EU"
        await pilot.press("v")
        await pilot.pause()
        assert label(app, "eu-deals") == "Gas deals with the EU"


async def test_b_on_a_group_says_to_highlight_a_section() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("up", "b")
        # No bookmark written (the place may be, once the cursor settles: not what b does).
        assert not stored().get("bookmarks")
        assert any("Highlight a section" in m for m in messages(app))


async def test_capital_b_lists_bookmarks_and_notes_and_enter_jumps() -> None:
    store = StateStore()
    store.toggle_bookmark(KEY, "russia-ally")
    store.set_note(KEY, "eu-deals", "Check the amount\nagainst the memorandum.")
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("B")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        lines = [o.prompt.plain for o in screen.list.options]
        assert lines == [
            "Bookmarks  1, in reading order",
            "★ On relations with Russia  Non-Western actors",
            "",
            "Notes  on sections not bookmarked",
            "✎ Gas deals with the EU  Western actors\n  Check the amount against the memorandum.",
        ]
        await pilot.press("down")  # the heading is skipped: first entry, then the next
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        assert here(app) == "eu-deals"


async def test_orphaned_bookmarks_and_notes_are_listed_and_kept() -> None:
    store = StateStore()
    store.toggle_bookmark(KEY, "thesis")
    store.toggle_bookmark(KEY, "gone-section")
    store.set_note(KEY, "old-note", "A note on a section renamed since.")
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("B")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        lines = [o.prompt.plain for o in screen.list.options]
        assert "Orphaned  no longer in this briefing; kept in case they come back" in lines
        assert "★ gone-section" in lines
        assert "✎ old-note\n  A note on a section renamed since." in lines
        # Enter on an orphan goes nowhere and says why.
        screen.list.highlighted = lines.index("★ gone-section")
        await pilot.press("enter")
        assert app.screen is screen
        assert any("no longer in this briefing" in m for m in messages(app))
        await pilot.press("escape")
        assert label(app, "thesis") == "★ The main threat"
    state = stored()
    assert state["bookmarks"] == ["thesis", "gone-section"]
    assert state["notes"] == {"old-note": "A note on a section renamed since."}


async def test_x_in_the_list_removes_a_bookmark_and_the_tree_follows() -> None:
    StateStore().toggle_bookmark(KEY, "thesis")
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        assert label(app, "thesis") == "★ The main threat"
        await pilot.press("B", "down", "x")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert screen.list.options[0].prompt.plain.startswith("No bookmarks or notes yet")
        await pilot.press("escape")
        assert label(app, "thesis") == "The main threat"
    assert stored()["bookmarks"] == []


# -- notes -----------------------------------------------------------------------------


async def test_a_writes_a_note_that_shows_in_sources_and_the_tree() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"Ask about [bold]this[/]", "enter", *"second line")
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        await state_written(pilot, app)
        assert stored()["notes"] == {"thesis": "Ask about [bold]this[/]\nsecond line"}
        sources = pane(app, "sources")
        assert sources.startswith("╭─ Your note")
        assert "Ask about [bold]this[/]" in sources  # markup in a note is text
        assert "1. The first article" in sources
        assert label(app, "thesis") == "✎ The main threat"
        # Edit it: the editor opens on the note; empty removes it.
        await pilot.press("a")
        area = app.screen.query_one(TextArea)
        assert area.text == "Ask about [bold]this[/]\nsecond line"
        area.text = ""
        await pilot.press("escape")
        await state_written(pilot, app)
        assert "notes" not in stored() or stored()["notes"] == {}
        assert "Your note" not in pane(app, "sources")
        assert label(app, "thesis") == "The main threat"


async def test_ctrl_g_leaves_the_note_as_it_was() -> None:
    StateStore().set_note(KEY, "thesis", "kept")
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("a", *"more", "ctrl+g")
        assert isinstance(app.screen, ReaderScreen)
        assert stored()["notes"] == {"thesis": "kept"}
        assert "kept" in pane(app, "sources")


async def test_capital_n_puts_notes_in_exports(tmp_path: Path) -> None:
    StateStore().set_note(KEY, "thesis", "My *own* words")
    briefing = load(MINI)
    section = briefing.section_by_id["thesis"]
    app = BriefingApp.open(MINI, cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("y")
        assert app.clipboard == markdown.section(briefing, section)
        assert "My" not in app.clipboard
        await pilot.press("N", "y")
        assert app.clipboard == markdown.section(briefing, section, note="My *own* words")
        assert "## Note\n\nMy \\*own\\* words" in app.clipboard
        await pilot.press("m")
        assert "## Note" in (tmp_path / "thesis.md").read_text(encoding="utf-8")
        await pilot.press("N", "y")
        assert "## Note" not in app.clipboard
        assert any("Notes in exports on" in m for m in messages(app))


# -- remembered between sessions ---------------------------------------------------------


async def test_the_section_view_and_open_branches_are_remembered() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("n", "v")
        await pilot.pause()
        assert here(app) == "eu-deals"
        await pilot.press("3", "n")
        assert here(app) == "russia-ally"
        await pilot.press("1", "space")  # close the first group of the actor view, rest on it
        assert here(app) == "group:home"
        await pilot.press("q")
    state = stored()
    assert state["last_section"] == "russia-ally"  # the last section: a group is not one
    assert state["view"] == ACTOR_VIEW
    assert "actor:home" not in state["expanded"]
    assert "actor:non-western" in state["expanded"]

    again = open_app()
    async with again.run_test(size=WIDE):
        screen = reader(again)
        assert screen.view == ACTOR_VIEW
        assert screen.section_tree.border_title == "By actor"
        assert here(again) == "russia-ally"
        assert pane(again, "claim").startswith("On relations with Russia")
        home = screen.section_tree.node_of(screen.outline.tops[0])
        assert home is not None and home.data.id == "home" and not home.is_expanded


async def test_a_remembered_section_that_vanished_opens_on_the_first() -> None:
    StateStore().remember(KEY, section="no-longer-here", view="article")
    app = open_app()
    async with app.run_test(size=WIDE):
        assert here(app) == "thesis"


async def test_the_article_view_opens_with_what_was_collapsed_kept_collapsed(monkeypatch) -> None:
    monkeypatch.setattr(Place, "SETTLE", 60.0)  # passing through never counts, however slow the keys
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("G", "up", "up", "space")  # collapse "A second article"
        assert here(app) == "article:beta"
        await pilot.press("q")
    assert "article:beta" not in stored()["expanded"]
    again = open_app()
    async with again.run_test(size=WIDE):
        tree = reader(again).section_tree
        beta = tree.node_of(reader(again).outline.tops[1])
        assert beta is not None and not beta.is_expanded
        assert here(again) == "thesis"  # russia-ally was only passed through, never rested on


async def test_the_theme_is_remembered() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        assert app.theme != "nord"
        app.theme = "nord"
        await pilot.pause()
    assert StateStore().theme() == "nord"
    again = open_app()
    async with again.run_test(size=WIDE):
        assert again.theme == "nord"


async def test_the_theme_is_chosen_in_the_palette_and_saved() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p", *"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"gruvbox")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "gruvbox"
    assert StateStore().theme() == "gruvbox"


@pytest.mark.parametrize(
    ("name", "content"),
    [("state.json", b"{ not json"), ("state.json", b'{"version": 1, "\xff": 1}'),
     ("state.sqlite3", b"not a database at all" * 100)],
    ids=["bad-json", "not-utf8", "bad-database"],
)  # fmt: skip
async def test_a_corrupt_state_file_is_set_aside_with_a_warning(name: str, content: bytes) -> None:
    store = StateStore()
    store.directory.mkdir(parents=True, exist_ok=True)
    (store.directory / name).write_bytes(content)
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert any("moved it to" in m for m in messages(app))
        assert here(app) == "thesis"
        await pilot.press("b")
    assert [p.read_bytes() for p in store.directory.glob(f"{name}.*.bad")] == [content]
    assert stored()["bookmarks"] == ["thesis"]


async def test_a_failed_state_write_is_a_warning_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(blocked / "state"))
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("b")
        await state_written(pilot, app)
        assert app.is_running
        assert label(app, "thesis") == "★! The main threat"  # held here, marked unsaved
        assert any("the bookmark could not be saved" in m for m in messages(app))


async def test_two_readers_at_once_keep_both_bookmarks() -> None:
    first, second = open_app(), open_app()
    async with first.run_test(size=WIDE) as one, second.run_test(size=WIDE) as two:
        await one.press("b")
        await two.press("n", "b")
        await one.press("q")
        await two.press("q")
    assert sorted(stored()["bookmarks"]) == ["eu-deals", "thesis"]


# -- keys ------------------------------------------------------------------------------


async def test_help_lists_the_new_keys() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {description: keys for _, section in app.screen.sections for keys, description in section}
        assert rows["Search every section"] == "/"
        assert rows["Next search hit"] == ">"
        assert rows["Previous search hit"] == "<"
        assert rows["Back to the section visited before"] == "alt+← ⌫ H"
        assert rows["Forward again in the history"] == "alt+→ L"
        assert rows["Bookmark the section, or remove its bookmark"] == "b"
        assert rows["Bookmarks and notes: the list"] == "B"
        assert rows["Write a note on the section"] == "a"
        assert rows["Notes in exports: m and y add your note to the Markdown, or leave it out"] == "N"


@pytest.mark.parametrize("cls", [SearchScreen, BookmarksScreen, NoteScreen])
def test_every_binding_of_the_new_screens_has_an_id_and_a_description(cls: type) -> None:
    for binding in Binding.make_bindings(cls.BINDINGS):
        assert binding.id and binding.description, binding
        assert binding.key not in {"ctrl+a", "ctrl+b", "ctrl+s", "ctrl+j"}, binding


def test_no_binding_of_the_reader_clashes_with_terminals() -> None:
    keys = {b.key for b in Binding.make_bindings(ReaderScreen.BINDINGS)}
    assert not keys & {"ctrl+a", "ctrl+b", "ctrl+s", "ctrl+j"}
    assert {"slash", "greater_than_sign", "less_than_sign", "b", "B", "a", "N"} <= keys


def test_tree_labels_of_marked_sections_are_text_not_markup() -> None:
    briefing = load(FIXTURES / "hostile.yaml")
    from briefing.tui.views.outline import by_article

    outline = by_article(briefing)
    tree = SectionTree(briefing, outline, marks=lambda _: "★")
    text = tree.label(outline.slots[0])
    assert text.plain == f"★ {outline.slots[0].section.title}"
    assert not any(isinstance(span.style, Style) and span.style.link for span in text.spans)
