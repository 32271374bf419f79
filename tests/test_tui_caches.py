"""The reader's render caches: every input of a rendering is part of its key.

Changing any one input renders anew; going back to inputs seen before reuses what
was rendered then, whichever input changed in between.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Input
from tui_helpers import MINI, WIDE, reader

from briefing.search import parse_query
from briefing.tui.app import BriefingApp
from briefing.tui.reader.render_ahead import ViewMemo
from briefing.tui.views.outline import by_article
from briefing.tui.views.render import empty_views
from briefing.tui.widgets.row_list import Column, Row, RowList


async def test_a_pane_body_is_keyed_by_view_width_style_search_and_theme(monkeypatch) -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(20):  # let the neighbours be rendered ahead first
            await pilot.pause()
        pane = reader(app).panes.pane("claim")
        view, style = pane.view, pane.rich_style
        assert view is not None
        # No await from here on: nothing else renders meanwhile.
        pane._rendered.clear()
        first = pane._body(view, style)
        assert pane._body(view, style) is first

        pane.highlight = parse_query("threat")
        assert pane._body(view, style) is not first
        pane.highlight = None
        assert pane._body(view, style) is first

        assert pane._body(view, style + Style(bold=True)) is not first
        assert pane._body(view, style) is first

        theme = app.theme
        app.theme = "nord" if theme != "nord" else "gruvbox"
        assert pane._body(view, style) is not first
        app.theme = theme
        assert pane._body(view, style) is first

        monkeypatch.setattr(type(pane), "text_width", property(lambda self: 50))
        narrow = pane._body(view, style)
        assert narrow is not first and len(narrow[0][0]) and narrow[0] != first[0]
        monkeypatch.undo()
        assert pane._body(view, style) is first
        assert len(pane._rendered) <= 8


def test_views_are_kept_per_place_and_note() -> None:
    from briefing.load import load

    briefing = load(MINI)
    slot = by_article(briefing).slots[0]
    notes: dict[str, str | None] = {"note": None}
    built: list[object] = []

    def build(item: object) -> object:
        views = empty_views("a place")
        built.append(views)
        return views

    memo = ViewMemo(build, lambda item: notes["note"])  # type: ignore[arg-type]
    first = memo.views(slot)
    assert memo.views(slot) is first and len(built) == 1
    notes["note"] = "a note"
    with_note = memo.views(slot)
    assert with_note is not first and len(built) == 2
    notes["note"] = None
    assert memo.views(slot) is first and len(built) == 2  # the note removed again: kept views


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Input()
        yield RowList([Column()], id="rows")

    def on_mount(self) -> None:
        rows = [Row((Text(f"row {n}"),), target=str(n)) for n in range(5)]
        self.query_one(RowList).set_rows(rows)


async def test_a_row_list_line_is_keyed_by_rows_cursor_width_style_focus_and_theme() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        rows = app.query_one(RowList)
        blurred = [rows.render_line(y) for y in range(3)]
        assert rows.render_line(0) is blurred[0]
        rows.focus()
        await pilot.pause()
        focused = rows.render_line(0)
        assert focused is not blurred[0]  # the cursor's row: its colours follow the focus
        assert focused.text == blurred[0].text
        app.query_one(Input).focus()
        await pilot.pause()
        assert rows.render_line(0) is blurred[0]  # blurred again: the same line as before
        rows.set_rows([Row((Text("other"),), target="x")])
        assert rows.render_line(0).text.startswith("other")
