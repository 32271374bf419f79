"""The panes' own drawing: their scroll bar, what a move redraws, and rendering ahead."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual import events
from textual.screen import Screen
from tui_helpers import MINI, reader

from briefing.tui.app import BriefingApp
from briefing.tui.widgets.panes import BAR_CELLS, Pane


def bar_column(pane: Pane) -> list[bool]:
    """For each visible row, whether the scroll bar's thumb is drawn there."""
    thumb = pane.styles.scrollbar_color.rich_color
    rows = []
    for y in range(pane.scrollable_content_region.height):
        last = list(pane.render_line(y))[-1]
        assert last.text.endswith(" ")
        rows.append(last.style is not None and last.style.bgcolor == thumb)
    return rows


async def test_a_long_body_has_a_thumb_that_follows_the_scroll() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(80, 14)) as pilot:
        claim = reader(app).panes.pane("claim")
        assert claim.max_scroll_y > 0
        at_top = bar_column(claim)
        assert at_top[0] and not at_top[-1]
        assert 0 < sum(at_top) < len(at_top)
        await pilot.press("tab", "G")
        at_end = bar_column(claim)
        assert at_end[-1] and not at_end[0]
        assert sum(at_end) == sum(at_top)  # the thumb moved; its length did not change


async def test_a_body_that_fits_has_no_bar_and_does_not_scroll() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(160, 50)) as pilot:
        claim = reader(app).panes.pane("claim")
        assert claim.max_scroll_y == 0
        assert not any(bar_column(claim))
        assert not claim.allow_vertical_scroll
        await pilot.press("tab", "pagedown")
        assert claim.scroll_y == 0


async def test_text_is_wrapped_clear_of_the_bar() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(80, 14)):
        claim = reader(app).panes.pane("claim")
        assert claim.text_width == claim.scrollable_content_region.width - BAR_CELLS
        for y in range(claim.scrollable_content_region.height):
            strip = claim.render_line(y)
            assert strip.cell_length == claim.scrollable_content_region.width
            assert strip.text[claim.text_width :] == " " * BAR_CELLS


async def test_the_wheel_and_a_click_on_the_bar_scroll_the_pane() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(80, 14)) as pilot:
        claim = reader(app).panes.pane("claim")
        claim.post_message(events.MouseScrollDown(claim, 3, 3, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert claim.scroll_y > 0
        claim.scroll_to(y=0, animate=False)
        await pilot.pause()
        region = claim.scrollable_content_region
        bar_x = region.right - claim.region.x - 1
        bottom = region.bottom - claim.region.y - 1
        await pilot.click(claim, offset=(bar_x, bottom))
        await pilot.pause()
        assert claim.scroll_y == claim.max_scroll_y
        await pilot.click(claim, offset=(bar_x - 3, 1))  # on the text: no scrolling
        await pilot.pause()
        assert claim.scroll_y == claim.max_scroll_y


async def test_moving_between_sections_lays_nothing_out(count_layouts: Callable[[], list[Screen]]) -> None:
    """A new section's body redraws its pane; the screen is not laid out again."""
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        layouts = count_layouts()
        claim = reader(app).panes.pane("claim")
        heights = set()
        for _ in range(5):
            await pilot.press("n")
            await pilot.pause()
            heights.add(claim.virtual_size.height)
        assert len(heights) > 1  # the bodies differ in length...
        assert layouts == []  # ...and still nothing was laid out


async def test_the_next_sections_are_rendered_before_the_key_that_shows_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(20):  # the neighbours are rendered a pane per turn, after the frame
            await pilot.pause()
        rendered: list[object] = []
        render_lines = app.console.render_lines

        def counting(renderable: object, *args: object, **kwargs: object) -> object:
            rendered.append(renderable)
            return render_lines(renderable, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(app.console, "render_lines", counting)
        screen = reader(app)
        await pilot.press("n")
        bodies = [pane.view.body for pane in screen.panes.panes if pane.view is not None]
        assert len(bodies) == 3
        assert not [r for r in rendered if any(r is body for body in bodies)]  # all rendered ahead
        assert screen.shown.section.id in screen.panes.pane("claim").text(200)  # type: ignore[union-attr]


async def test_a_changed_note_is_shown_not_an_earlier_rendering() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = reader(app)
        first = screen.shown
        await pilot.press("n")
        await pilot.pause()
        screen.memory.set_note(first.section.id, "Check the 2022 figures.")  # type: ignore[union-attr]
        await pilot.press("p")
        await pilot.pause()
        assert "Check the 2022 figures." in screen.panes.pane("sources").text(200)


async def test_a_body_that_shrinks_leaves_no_stale_scroll_target() -> None:
    """At the end of a long body, then wide enough for it to fit: the next scroll starts from 0."""
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(80, 14)) as pilot:
        claim = reader(app).panes.pane("claim")
        await pilot.press("tab", "G")
        assert claim.scroll_y > 0
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert claim.max_scroll_y == 0
        assert claim.scroll_y == claim.scroll_target_y == 0


async def test_dragging_the_thumb_scrolls_and_selects_no_text() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(80, 14)) as pilot:
        claim = reader(app).panes.pane("claim")
        region = claim.scrollable_content_region
        bar_x = region.right - claim.region.x - 1
        top = region.y - claim.region.y
        await pilot.mouse_down(claim, offset=(bar_x, top))
        assert claim.scroll_y == 0
        below = (bar_x - 10, claim.region.height - 1)  # the bottom border: past the bar's end, off it
        await pilot.hover(claim, offset=below)
        await pilot.pause()
        assert claim.scroll_y == claim.max_scroll_y
        await pilot.mouse_up(claim, offset=below)
        await pilot.pause()
        assert not app.screen.selections
        assert app.mouse_captured is None
        await pilot.hover(claim, offset=(bar_x, top))  # the drag is over: moving does nothing
        await pilot.pause()
        assert claim.scroll_y == claim.max_scroll_y
