"""Seeing connections in the reader: timeline, bibliography, actors, cross-references, several briefings."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Select
from tui_helpers import FIXTURES, MINI, WIDE, here, reader, until

from briefing.tui.app import BriefingApp
from briefing.tui.reader.reload import ReloadProblems
from briefing.tui.reader.screen import ReaderScreen
from briefing.tui.screens.indexes import ActorsScreen, BibliographyScreen, IndexScreen
from briefing.tui.screens.timeline import TimelineScreen, YearAxis, axis_text
from briefing.tui.widgets.links import LinkPane, find_links
from briefing.tui.widgets.row_list import Column, Row, RowList, plain_rows

SECOND = FIXTURES / "second.yaml"


def rows_of(app: BriefingApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, IndexScreen)
    return [" ".join(line.split()) for line in plain_rows(screen.rows_list.rows)]


def current_row(app: BriefingApp) -> Row:
    screen = app.screen
    assert isinstance(screen, IndexScreen)
    row = screen.rows_list.current
    assert row is not None
    return row


# -- timeline -------------------------------------------------------------------------


async def test_timeline_lists_every_dated_entry_by_year_with_an_axis() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, TimelineScreen)
        assert rows_of(app) == [
            "2022 5 entries",
            "2022 European Union: “trustworthy” European Union Gas deals with the EU",
            "2022-07 Gas deal signed European Union Gas deals with the EU",
            "2022-09 Article: The first article The first article",
            "2022-09 Ana Author: “the greatest threat” Ana Author The main threat",
            "2022-09-12/2022-09-14 Border assault Leader Göyüşov The main threat",
            "2024 1 entry",
            "2024-12/2025-01 Leader Göyüşov: “a reliable partner” Leader Göyüşov On relations with Russia",
        ]
        # The cursor starts on the section the reader was showing (thesis), its year marked.
        assert current_row(app).target == "thesis"
        assert app.screen.query_one(YearAxis).year == 2022
        assert "6 entries · 2022–2024" in str(app.screen.query_one("#timeline-count").render())
        await pilot.press("G")
        assert current_row(app).target == "russia-ally"
        assert app.screen.query_one(YearAxis).year == 2024
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert here(app) == "russia-ally"


async def test_timeline_filters_by_actor_and_group_then_jumps() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("t")
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        # a: the actor choice opens; type to find, enter to choose; the list gets the focus back.
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"europ", "enter")
        await pilot.pause()
        assert screen.actor == "eu"
        assert isinstance(app.focused, RowList)
        assert rows_of(app) == [
            "2022 2 entries",
            "2022 European Union: “trustworthy” European Union Gas deals with the EU",
            "2022-07 Gas deal signed European Union Gas deals with the EU",
        ]
        assert "2 entries of 6" in str(screen.query_one("#timeline-count").render())
        assert screen.rows_list.border_title == "Timeline · European Union"
        # Group on top of actor: nothing of the EU's in non-Western sections.
        screen.query_one("#timeline-group", Select).value = "non-western"
        await pilot.pause()
        assert screen.group == "non-western"
        assert rows_of(app) == []
        assert "No dated entries" in axis_text([], 40).plain
        await pilot.press("x")
        await pilot.pause()
        assert screen.actor is None and screen.group is None
        assert len(rows_of(app)) == 8
        screen.query_one("#timeline-group", Select).value = "non-western"
        await pilot.pause()
        assert [r.target for r in screen.rows_list.rows if r.target] == ["russia-ally"]
        await pilot.press("enter")
        await pilot.pause()
        assert here(app) == "russia-ally"


async def test_timeline_closes_without_moving_and_article_dates_lead_to_the_article() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("n", "t")
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        assert here(app) == "eu-deals"
        await pilot.press("t")
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        assert current_row(app).cells[1].plain == "European Union: “trustworthy”"  # eu-deals' first
        # The article's own date row leads to the article's first section.
        screen.rows_list.select_first(lambda row: row.kind == "article")
        assert current_row(app).cells[1].plain == "Article: The first article"
        await pilot.press("enter")
        await pilot.pause()
        assert here(app) == "thesis"


def test_axis_marks_the_current_year_and_buckets_long_spans() -> None:
    axis = [(2019, 1), (2020, 0), (2021, 4)]
    text = axis_text(axis, 60, current=2021)
    bars, years = text.plain.split("\n")
    assert years.split() == ["2019", "2020", "2021"]
    assert bars.split() == ["▂▂▂▂▂▂▂", "███████"]
    marked = [years[s.start : s.end] for s in text.spans if "bold" in str(s.style)]
    assert "2021" in "".join(marked)
    long = [(year, 1) for year in range(1900, 2100)]
    bars, years = axis_text(long, 50, current=2000).plain.split("\n")
    assert len(bars) <= 50
    assert years.startswith("1900") and years.rstrip().endswith("2099")
    assert "2000" in years


# -- bibliography and actors ----------------------------------------------------------


async def test_bibliography_lists_sources_with_citing_sections_and_enter_jumps() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, BibliographyScreen)
        assert rows_of(app) == [
            "The first article",
            "article · Test Weekly · 2022-09 · cited by 2 sections",
            "→ The main threat claim The first article · The two neighbours",
            "→ Gas deals with the EU claim The first article · Western actors",
            "",
            "EU gas memorandum",
            "document · European Commission · 2022 · cited by 2 sections",
            "→ Gas deals with the EU evidence The first article · Western actors",
            "→ On relations with Russia context A second article · Non-Western actors",
        ]
        assert current_row(app).target == "thesis"
        await pilot.press("down", "down", "down")  # headings and spacers are skipped
        assert current_row(app).target == "russia-ally"
        await pilot.press("down")  # the last entry stays
        assert current_row(app).target == "russia-ally"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert here(app) == "russia-ally"
        await pilot.press("s", "s")  # s closes it too
        assert isinstance(app.screen, ReaderScreen)


async def test_actors_index_lists_sections_about_or_quoting_each_actor_and_enter_jumps() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("A")
        assert isinstance(app.screen, ActorsScreen)
        rows = rows_of(app)
        assert rows[:3] == [
            "Ana Author person · Columnist · 2 sections",
            "→ The main threat speaker, quoted The first article · The two neighbours",
            "→ Gas deals with the EU speaker The first article · Western actors",
        ]
        assert "European Union organisation · 1 section" in rows
        assert "→ Gas deals with the EU about, quoted The first article · Western actors" in rows
        await pilot.press("G")
        assert current_row(app).target == "russia-ally"
        await pilot.press("up", "enter")
        await pilot.pause()
        assert here(app) == "eu-deals"


async def test_index_rows_follow_a_click() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        rows = app.screen.query_one(RowList)
        line = next(i for i, r in enumerate(rows.rows) if r.target == "russia-ally")
        await pilot.click(rows, offset=(4, line + 1))  # inside the border
        assert current_row(app).target == "russia-ally"
        await pilot.click(rows, offset=(4, line + 1))  # a second click goes there
        await pilot.pause()
        assert here(app) == "russia-ally"


# -- cross-references in the Sources pane ---------------------------------------------


async def test_sources_pane_links_are_reached_with_the_keys_and_followed_with_enter() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("tab", "tab", "tab")
        sources = reader(app).panes.pane("sources")
        assert isinstance(sources, LinkPane)
        assert app.focused is sources
        assert [link.target for link in sources.links] == ["eu-deals", "eu-deals"]  # cited by; related
        assert sources.link is None
        assert sources.border_subtitle == "↓ links"
        await pilot.press("down")
        assert sources.link == 0
        assert sources.border_subtitle == "link 1/2 · enter follows"
        await pilot.press("down")
        assert sources.link == 1
        await pilot.press("enter")
        await pilot.pause()
        assert here(app) == "eu-deals"
        assert app.focused is sources  # keep following from here
        assert [link.target for link in sources.links] == ["thesis", "russia-ally", "thesis"]
        assert sources.link is None
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert here(app) == "russia-ally"
        # A followed link is a jump: back goes to where it was followed from.
        await pilot.press("alt+left")
        await pilot.pause()
        assert here(app) == "eu-deals"


async def test_sources_pane_link_highlight_is_drawn_and_a_click_follows() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("tab", "tab", "tab", "down")
        sources = reader(app).panes.pane("sources")
        line = sources.links[0].pieces[0][0]
        strip = sources.render_line(line)
        cursor = sources.get_component_rich_style("linkpane--cursor", partial=True)
        drawn = [
            seg for seg in strip if seg.text.strip() and seg.style and seg.style.bgcolor == cursor.bgcolor
        ]
        assert "".join(seg.text for seg in drawn) == "Gas deals with the EU"
        await pilot.press("up")  # back above the first link: scrolls (nothing to scroll), keeps it
        # A click on the related link (border 1, padding 1 before the text).
        related = sources.links[1].pieces[0]
        await pilot.click(sources, offset=(related[1] + 3, related[0] + 1))
        await pilot.pause()
        assert here(app) == "eu-deals"


def test_find_links_joins_wrapped_pieces_and_tells_apart_two_links_to_one_section() -> None:
    from rich.console import Console

    from briefing.tui.views.render import xref

    text = Text("see ")
    text.append("a very long title that wraps", style=xref("s1", 1))
    text.append(" and ")
    text.append("again", style=xref("s1", 2))
    console = Console(width=20, color_system=None)
    lines = console.render_lines(text, console.options.update(width=20))
    links = find_links(lines)
    assert [link.target for link in links] == ["s1", "s1"]
    assert len(links[0].pieces) == 2  # wrapped over two lines
    assert links[1].line > links[0].line


async def test_markup_in_titles_stays_text_in_indexes_and_links(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        MINI.read_text(encoding="utf-8")
        .replace("title: Gas deals with the EU", 'title: "[bold red]Gas[/] deals"')
        .replace("title: EU gas memorandum", 'title: "[@click=app.quit]memo[/]"'),
        encoding="utf-8",
    )
    app = BriefingApp.open(hostile)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        assert "[@click=app.quit]memo[/]" in rows_of(app)
        assert "→ [bold red]Gas[/] deals claim The first article · Western actors" in rows_of(app)
        await pilot.press("escape", "tab", "tab", "tab")
        sources = reader(app).panes.pane("sources")
        assert "Also cited by: [bold red]Gas[/] deals" in sources.text(200)


# -- several briefings ----------------------------------------------------------------


async def test_several_briefings_are_roots_of_the_tree_and_the_timeline_spans_them() -> None:
    app = BriefingApp.open([MINI, SECOND])
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = reader(app)
        assert [(b.kind, b.id) for b in screen.outline.tops] == [("briefing", "mini"), ("briefing", "second")]
        tree = screen.section_tree
        labels = [str(node.label) for node in tree.root.children]
        assert labels == ["Mini briefing", "Second briefing"]
        assert here(app) == "mini/thesis"
        await pilot.press("G")  # a shared group (western) keeps the place it has in the first file
        assert here(app) == "second/thesis"
        # The briefing node has its own overview.
        await pilot.press(*["left"] * 5)  # up to the group, close it, the article, close it, the briefing
        assert here(app) == "briefing:second"
        claim = " ".join(screen.panes.pane("claim").text(200).split())
        assert claim.startswith("Second briefing")
        assert "2 sections in 1 article" in claim
        await pilot.press("t")
        targets = [r.target for r in app.screen.rows_list.rows if r.target]
        assert "second/thesis" in targets and "mini/thesis" in targets
        assert "2023-05 Article: A follow-up article A follow-up article" in rows_of(app)
        assert "2023-04 Talks in Brussels European Union, Russian Federation A second thesis" in rows_of(app)
        app.screen.rows_list.select_first(lambda row: row.target == "second/thesis")
        await pilot.press("enter")
        await pilot.pause()
        assert here(app) == "second/thesis"


async def test_several_briefings_with_errors_list_every_files_problems(tmp_path: Path) -> None:
    from briefing.tui.reader.reload import ReloadProblems
    from briefing.tui.screens.problems import ErrorScreen, problems_table
    from briefing.tui.views.render import plain

    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nbriefing: {id: x}\n", encoding="utf-8")
    # One file loads: it opens, and the files left out are listed (E shows every problem).
    app = BriefingApp.open([MINI, FIXTURES / "invalid.yaml", bad])
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("E")
        screen = app.screen
        assert isinstance(screen, ReloadProblems)
        assert {p.file for p in screen.problems} == {str(FIXTURES / "invalid.yaml"), str(bad)}
    # None loads: the error screen lists every file's problems.
    app = BriefingApp.open([FIXTURES / "invalid.yaml", bad])
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ErrorScreen)
        assert screen.files == [str(FIXTURES / "invalid.yaml"), str(bad)]
        body = plain(problems_table(screen.problems, every_file=True), 200)
        assert "bad.yaml:" in body and "invalid.yaml:" in body


# -- bindings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cls", [TimelineScreen, BibliographyScreen, ActorsScreen, RowList, LinkPane, ReloadProblems]
)
def test_every_new_binding_has_an_id_and_a_description(cls: type) -> None:
    for _key, binding in cls._merged_bindings:
        assert isinstance(binding, Binding)
        assert binding.id, binding
        assert binding.description, binding


def test_row_columns_share_the_room_by_weight() -> None:
    rows = RowList([Column(width=10), Column(weight=2), Column(weight=1)])
    assert rows._layout(100) == (10, 57, 28)
    assert rows._layout(20) == (10, 8, 8)  # never below a column's minimum


def test_a_column_is_left_out_below_its_width_and_the_others_share_its_room() -> None:
    rows = RowList([Column(width=4), Column(weight=1), Column(weight=1, hide_below=50), Column(weight=1)])
    assert rows._layout(100) == (4, 30, 30, 30)
    assert rows._layout(40) == (4, 16, 0, 16)
    row = Row((Text("2022"), Text("label"), Text("actors"), Text("section")))
    assert rows._line(row, rows._layout(40), 40).plain.split() == ["2022", "label", "section"]


async def test_the_timeline_at_80_columns_leaves_out_the_actors_for_the_label() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, TimelineScreen)
        await pilot.pause()
        rows = app.screen.rows_list
        lines = [rows.render_line(y).text for y in range(rows.scrollable_content_region.height)]
        trustworthy = next(line for line in lines if "“trustworthy”" in line)
        assert trustworthy.count("European Union") == 1  # the label names the speaker; no actors column
        assert "Gas deals with the" in trustworthy  # the section column stays
        assert any("Ana Author: “the greatest thre" in line for line in lines)  # 31 cells of label, not 24


# -- provenance marks -----------------------------------------------------------------


async def test_quotes_are_marked_as_found_in_the_article_texts_given() -> None:
    texts = {
        "alpha": "Intro.\nShe calls it the greatest threat there is.\n",
        "beta": "He said Russia is a  reliable\npartner.",  # found only once spaces are normalised
        "nope": "an article this briefing does not have",
    }
    app = BriefingApp.open(MINI, texts=texts)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        claim = " ".join(reader(app).panes.pane("claim").text(200).split())
        assert "✓ verbatim in the article's text, line 2" in claim
        await pilot.press("n")  # "trustworthy" is not in alpha's text
        claim = " ".join(reader(app).panes.pane("claim").text(200).split())
        assert "✗ not found in the article's text" in claim
        await pilot.press("n")
        claim = " ".join(reader(app).panes.pane("claim").text(200).split())
        assert "≈ in the text once quotes, dashes and spaces are normalised" in claim
        assert any("no article 'nope'" in n.message for n in app._notifications)


async def test_without_texts_quotes_carry_no_mark() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        claim = reader(app).panes.pane("claim").text(200)
        assert "verbatim" not in claim and "not found" not in claim


def test_the_reader_command_reads_the_article_texts(monkeypatch, tmp_path, capsys) -> None:
    import sys

    import briefing.tui.app as tui_app
    from briefing.cli import main

    given: list[object] = []
    monkeypatch.setattr(tui_app, "run", lambda paths, texts=None: given.append(texts) or 0)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    article = tmp_path / "alpha.txt"
    article.write_text("the greatest threat", encoding="utf-8")
    assert main([str(MINI), "--text", f"alpha={article}"]) == 0
    assert given[-1] == {"alpha": "the greatest threat"}
    assert main([str(MINI), "--text", "alpha"]) == 2
    assert "--text takes ARTICLE_ID=PATH" in capsys.readouterr().err
    assert main([str(MINI), "--text", f"alpha={tmp_path / 'missing.txt'}"]) == 2
    assert "cannot read" in capsys.readouterr().err


async def test_help_on_an_index_screen_lists_its_keys_and_the_lists() -> None:
    from briefing.tui.screens.help import HelpScreen

    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("t", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {description: keys for _, section in app.screen.sections for keys, description in section}
        assert rows["Only entries involving an actor"] == "a"
        assert rows["Go to the section"] == "⏎"
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_page_keys_in_a_long_list_keep_to_entries() -> None:
    app = BriefingApp.open(FIXTURES.parent.parent / "data" / "sections.yaml")
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("s")
        rows = app.screen.rows_list
        first = rows.cursor
        await pilot.press("pagedown")
        assert rows.cursor > first and rows.current.target is not None
        assert rows.scroll_offset.y > 0
        await pilot.press("end")
        assert rows.cursor == max(i for i, r in enumerate(rows.rows) if r.target)
        await pilot.press("pageup", "home")
        assert rows.cursor == first
        assert rows.scroll_offset.y == 0


async def test_the_timeline_header_fits_at_80_columns() -> None:
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen), "the timeline")
        await pilot.pause()
        shown = app.screen.query_one("#timeline-count")
        text = str(shown.render())
        assert text.startswith("6 entries") and shown.size.width >= len(text)


async def test_the_actors_screen_never_cuts_how_a_section_involves_an_actor() -> None:
    import re

    app = BriefingApp.open(MINI)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, ActorsScreen), "the actors")
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
        lines = ["".join(segment.text for segment in strip) for strip in strips]
        assert any(re.search(r"\b(about|speaker|quoted)\b", line) for line in lines)
        assert not any(re.search(r"\b(about|speaker|quoted)[a-z, ]*…", line) for line in lines)
