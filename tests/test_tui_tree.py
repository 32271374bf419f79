"""The section tree's drawing: how it scrolls, and what a resize or a change of focus redraws."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen
from tui_helpers import MINI, reader

from briefing.tui.app import BriefingApp
from briefing.tui.widgets.tree import SectionTree


def tree_of(app: BriefingApp) -> SectionTree:
    return reader(app).section_tree


def long_briefing(first_title: str = "Section 0") -> object:
    from briefing.model import Analysis, Article, Briefing, Claim, Group, Section

    sections = tuple(
        Section(
            id=f"s{i}",
            title=first_title if i == 0 else f"Section {i}",
            article="a",
            group="g",
            claim=Claim(f"Claim {i}"),
            analysis=Analysis(f"Body {i}", "supports"),
        )
        for i in range(200)
    )
    return Briefing(id="long", title="Long", summary=None, articles=(Article("a", "A"),),
                    groups=(Group("g", "G"),), actors=(), sections=sections, sources=())  # fmt: skip


async def test_the_cursor_is_centred_when_it_leaves_the_view_and_the_tree_holds_still_until_then() -> None:
    app = BriefingApp(long_briefing())  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        tree = tree_of(app)
        height = tree.scrollable_content_region.height
        assert tree.scroll_offset.y == 0
        while tree.cursor_line < height - 1:  # to the last line in view: no scrolling
            await pilot.press("down")
        assert tree.scroll_offset.y == 0
        await pilot.press("down")  # one past it: that line comes to the middle
        await pilot.pause()
        middle = tree.cursor_line - round(tree.scroll_offset.y)
        assert abs(middle - height // 2) <= 1
        top = tree.scroll_offset.y
        for _ in range(height // 2 - 2):  # the next moves stay in view: the tree holds still
            await pilot.press("down")
        assert tree.scroll_offset.y == top
        await pilot.press("G")
        await pilot.pause()
        assert tree.scroll_offset.y == tree.max_scroll_y  # the end is not centred past the last line


async def test_a_change_of_focus_redraws_the_tree_without_a_layout(
    count_layouts: Callable[[], list[Screen]],
) -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        layouts = count_layouts()
        tree = tree_of(app)
        cursor = tree.get_component_rich_style("tree--cursor")
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not tree
        assert tree.get_component_rich_style("tree--cursor") != cursor  # it was restyled...
        assert layouts == []  # ...and nothing was laid out


async def test_a_resize_cuts_the_labels_to_the_new_width() -> None:
    app = BriefingApp(long_briefing(first_title="A very long section title " * 4))  # type: ignore[arg-type]
    async with app.run_test(size=(160, 40)) as pilot:  # 160 and 110: the same layout, a narrower tree

        def first_label() -> str:
            lines = (tree.render_line(y).text for y in range(6))
            return next(text for text in lines if "A very long" in text).rstrip()

        tree = tree_of(app)
        wide = first_label()
        await pilot.resize_terminal(110, 40)
        await pilot.pause()
        narrow = first_label()
        assert narrow.endswith("…") and wide.endswith("…")
        assert len(narrow) < len(wide)
        assert len(narrow) <= tree.scrollable_content_region.width
