"""The reader's parts (search, marks, place, indexes), each alone, with a plain owner for the screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui_helpers import MINI

from briefing.load import load
from briefing.model import Section
from briefing.search import parse_query
from briefing.tui.reader.indexes import Indexes
from briefing.tui.reader.marks import Marks
from briefing.tui.reader.place import Place
from briefing.tui.reader.saved_state import Memory
from briefing.tui.reader.search import ActiveSearch, Search
from briefing.tui.views.outline import ARTICLE_VIEW, by_article
from briefing.tui.views.render import PaneView, pane_views

BRIEFING = load(MINI)


class FakeTimer:
    def __init__(self, callback: Callable[[], object]) -> None:
        self.callback = callback
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True

    def reset(self) -> None:
        pass


class Owner:
    """Records what a part asked of its owner; answers as a reader on ``section`` would."""

    def __init__(self, section: Section | None = None) -> None:
        self.briefing = BRIEFING
        self.view = ARTICLE_VIEW
        self.trees: dict[str, Any] = {}
        self.section = section
        self.timers: list[FakeTimer] = []
        self.visits: list[tuple[str, bool]] = []
        self.gone_to: list[str] = []
        self.complaints: list[str] = []
        self.notices: list[str] = []
        self.screens: list[tuple[object, Callable[[Any], None]]] = []
        self.redrawn: list[Section] = []
        self.warnings_reported = 0

    def set_timer(self, delay: float, callback: Callable[[], object]) -> FakeTimer:
        self.timers.append(FakeTimer(callback))
        return self.timers[-1]

    def visit(self, section_id: str, *, record: bool) -> bool:
        self.visits.append((section_id, record))
        return True

    def goto_section(self, section_id: str) -> None:
        self.gone_to.append(section_id)

    def complain(self, message: str) -> None:
        self.complaints.append(message)

    def notify(self, message: str, **_: object) -> None:
        self.notices.append(message)

    def open_screen(self, screen: object, then: Callable[[Any], None]) -> None:
        self.screens.append((screen, then))

    def section_or_warn(self) -> Section | None:
        return self.section

    def redraw(self, section: Section) -> None:
        self.redrawn.append(section)

    def report_warnings(self) -> None:
        self.warnings_reported += 1


def memory() -> Memory:
    return Memory(None, None)  # kept for the session only: nothing on disk


def test_place_counts_a_tree_move_once_the_cursor_settles_and_goes_back_through_the_owner() -> None:
    owner = Owner()
    place = Place(owner, memory())
    slots = by_article(BRIEFING).slots
    place.started(slots[0])
    place.showing(slots[1])  # the cursor passes over it
    place.showing(slots[2])  # and rests here
    assert owner.timers[0].stopped and not owner.timers[1].stopped
    owner.timers[1].callback()  # settled
    assert place.history._visits == [slots[0].section.id, slots[2].section.id]
    assert owner.warnings_reported == 1  # the place was saved
    place.back()
    assert owner.visits == [(slots[0].section.id, False)]
    place.back()
    assert owner.complaints == ["No earlier section in the history."]


def test_marks_toggle_a_bookmark_and_give_the_note_to_exports_only_when_asked() -> None:
    section = BRIEFING.sections[0]
    owner = Owner(section)
    kept = memory()
    marks = Marks(owner, kept)
    marks.toggle_bookmark()
    assert kept.is_bookmarked(section.id)
    assert owner.notices == [f"Bookmarked “{section.title}”"]
    kept.set_note(section.id, "mine")
    assert marks.for_export(section) is None
    marks.toggle_notes_in_exports()
    assert marks.for_export(section) == "mine"
    views = pane_views(claim=PaneView("C", ""), analysis=PaneView("A", ""), sources=PaneView("S", ""))
    assert marks.with_note(views, section)["sources"] is not views["sources"]
    assert marks.with_note(views, BRIEFING.sections[1]) is views  # no note: the same views


def test_marks_need_a_section() -> None:
    owner = Owner(None)
    marks = Marks(owner, memory())
    marks.toggle_bookmark()
    marks.edit_note()
    assert owner.notices == [] and owner.screens == []


def test_search_steps_through_its_hits_and_says_where_it_ends() -> None:
    ids = tuple(s.id for s in BRIEFING.sections[:2])
    owner = Owner(BRIEFING.sections[0])

    class Panes:
        def reveal_matches(self) -> None:
            pass

        def set_highlight(self, query: object) -> None:
            owner.notices.append(f"highlight {query is not None}")

    owner.panes = Panes()  # type: ignore[attr-defined]
    search = Search(owner)
    search.step(1)
    assert owner.complaints == ["No search to step through: / searches."]
    search.active = ActiveSearch("x", parse_query("x"), ids, 0, {sid: n for n, sid in enumerate(ids)})
    search.step(1)
    assert owner.visits == [(ids[1], True)]
    owner.section = BRIEFING.sections[1]
    search.step(1)
    assert owner.complaints[-1] == "This is the last hit of 2."
    search.clear()
    assert search.active is None and owner.notices == ["highlight False"]


def test_indexes_open_on_the_section_on_show_and_go_where_they_lead() -> None:
    section = BRIEFING.sections[1]
    owner = Owner(section)
    indexes = Indexes(owner)
    indexes.bibliography()
    screen, then = owner.screens[0]
    assert type(screen).__name__ == "BibliographyScreen"
    then(None)
    then(BRIEFING.sections[0].id)
    indexes.follow("no-such-section")
    indexes.follow(section.id)
    assert owner.gone_to == [BRIEFING.sections[0].id, section.id]
