"""The reader driven by Textual's Pilot: every key, and panes that follow the cursor."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.command import CommandPalette
from tui_helpers import FIXTURES, MINI, WIDE, here, reader

from briefing import markdown
from briefing.load import load
from briefing.tui.app import BriefingApp
from briefing.tui.reader.screen import ReaderScreen
from briefing.tui.screens.help import HelpScreen, help_table
from briefing.tui.screens.problems import ErrorScreen
from briefing.tui.views.render import plain
from briefing.tui.widgets.links import LinkPane
from briefing.tui.widgets.panes import Pane
from briefing.tui.widgets.tree import SectionTree

NARROW = (80, 24)


def pane(app: BriefingApp, name: str) -> str:
    return " ".join(reader(app).panes.pane(name).text(200).split())


def screen_text(app: BriefingApp) -> str:
    """What the terminal shows, as plain text."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, color_system=None, legacy_windows=False
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def open_app(path: Path = MINI, cwd: Path | None = None) -> BriefingApp:
    return BriefingApp.open(path, cwd=cwd)


# -- opening ---------------------------------------------------------------------------


async def test_opens_on_the_first_section_with_all_three_panes() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = reader(app)
        assert here(app) == "thesis"
        assert isinstance(app.focused, SectionTree)
        assert screen.title == "Mini briefing"
        assert screen.sub_title == "The first article"
        assert pane(app, "claim").startswith("The main threat The two neighbours · thesis")
        assert "The neighbour, not the great power, is the danger." in pane(app, "claim")
        assert pane(app, "analysis").startswith("contextualizes the claim of Ana Author")
        assert "Also cited by: Gas deals with the EU" in pane(app, "sources")
        titles = [p.border_title for p in screen.panes.panes]
        assert titles == ["Claim", "Analysis", "Sources"]
        text = screen_text(app)
        assert "Mini briefing — The first article" in text
        for word in ("n p Section", "v View", "m Export", "y Copy", "? Help", "q Quit"):
            assert word in text


async def test_group_nodes_show_their_number_and_section_count() -> None:
    app = open_app()
    async with app.run_test(size=WIDE):
        text = screen_text(app)
        assert "1 The two neighbours 1" in text
        assert "3 Non-Western actors 1" in text


# -- moving in the tree: the panes follow ------------------------------------------------


async def test_arrows_and_vim_keys_move_and_every_pane_follows() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("down")
        assert here(app) == "group:western"
        assert reader(app).panes.pane("claim").border_title == "Group"
        assert "Western actors in The first article" in pane(app, "claim")
        assert "Gas deals with the EU supports" in pane(app, "analysis")
        await pilot.press("j")
        assert here(app) == "eu-deals"
        assert pane(app, "claim").startswith("Gas deals with the EU")
        assert "The deal was worth $1.96 billion." in pane(app, "analysis")
        assert "2. EU gas memorandum" in pane(app, "sources")
        await pilot.press("k", "up")
        assert here(app) == "thesis"
        assert pane(app, "claim").startswith("The main threat")
        assert "2. EU gas memorandum" not in pane(app, "sources")


async def test_g_and_G_go_to_the_top_and_bottom_of_the_tree() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("G")
        assert here(app) == "russia-ally"
        assert reader(app).sub_title == "A second article"
        await pilot.press("g")
        assert here(app) == "article:alpha"
        assert reader(app).panes.pane("claim").border_title == "Article"
        assert "Test Weekly · Ana Author · 2022-09" in pane(app, "claim")
        await pilot.press("end", "home")
        assert here(app) == "article:alpha"


async def test_article_node_says_when_its_title_was_supplied() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("G", "up", "up")
        assert here(app) == "article:beta"
        assert "title supplied by the briefing's authors" in pane(app, "claim")
        assert "Note: Title supplied; author and outlet not stated." in pane(app, "claim")


async def test_space_and_enter_collapse_and_expand_and_enter_on_a_section_reads_it() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        tree = reader(app).section_tree
        lines = tree.last_line
        await pilot.press("up")  # the group "The two neighbours"
        assert here(app) == "group:home"
        await pilot.press("space")
        assert tree.last_line == lines - 1
        await pilot.press("space")
        assert tree.last_line == lines
        await pilot.press("enter")
        assert tree.last_line == lines - 1
        await pilot.press("enter")
        assert tree.last_line == lines
        await pilot.press("down", "enter")
        assert here(app) == "thesis"
        assert app.focused is reader(app).panes.pane("claim")


async def test_left_and_right_collapse_expand_and_climb() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        tree = reader(app).section_tree
        lines = tree.last_line
        await pilot.press("left")
        assert here(app) == "group:home"
        await pilot.press("left")
        assert tree.last_line == lines - 1
        await pilot.press("right")
        assert tree.last_line == lines
        await pilot.press("right")
        assert here(app) == "thesis"


async def test_n_and_p_go_to_the_next_section_across_groups_and_articles() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("n")
        assert here(app) == "eu-deals"
        await pilot.press("n")
        assert here(app) == "russia-ally"
        assert reader(app).sub_title == "A second article"
        assert pane(app, "claim").startswith("On relations with Russia")
        await pilot.press("n")  # the last one: stays, and says so
        assert here(app) == "russia-ally"
        assert any("last section" in n.message for n in app._notifications)
        await pilot.press("p", "p")
        assert here(app) == "thesis"


async def test_n_opens_a_collapsed_group_on_the_way() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("down", "space", "up")  # collapse "Western actors"
        assert here(app) == "thesis"
        await pilot.press("n")
        assert here(app) == "eu-deals"


async def test_brackets_go_to_the_next_and_previous_group() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("right_square_bracket")
        assert here(app) == "group:western"
        await pilot.press("right_square_bracket")
        assert here(app) == "group:non-western"
        assert "Non-Western actors in A second article" in pane(app, "claim")
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert here(app) == "group:home"
        await pilot.press("left_square_bracket")
        assert here(app) == "group:home"


async def test_digits_jump_to_group_n() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("3")
        assert here(app) == "group:non-western"
        await pilot.press("2")
        assert here(app) == "group:western"
        await pilot.press("9")
        assert here(app) == "group:western"
        assert any("no group 9" in n.message for n in app._notifications)


# -- view, tree, focus, scrolling --------------------------------------------------------


async def test_v_switches_to_the_actor_view_and_back_keeping_the_section() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("n")
        await pilot.press("v")
        await pilot.pause()
        tree = reader(app).section_tree
        assert tree.border_title == "By actor"
        assert here(app) == "eu-deals"
        assert tree.cursor_node is not None and tree.cursor_node.parent is not None
        assert tree.cursor_node.parent.data.id == "eu"  # under its actor
        assert isinstance(app.focused, SectionTree)
        text = screen_text(app)
        assert "European Union 1" in text and "Leader Göyüşov 1" in text
        await pilot.press("up")
        assert here(app) == "actor:eu"
        assert reader(app).panes.pane("claim").border_title == "Actor"
        await pilot.press("up")
        assert here(app) == "group:western"
        assert "Actors: European Union (1)" in pane(app, "claim")
        await pilot.press("v")
        await pilot.pause()
        assert reader(app).section_tree.border_title == "By article"
        assert here(app) == "group:western"


async def test_backslash_hides_and_shows_the_tree() -> None:
    app = open_app()
    async with app.run_test(size=NARROW) as pilot:
        trees = reader(app).query_one("#trees")
        await pilot.press("backslash")
        assert not trees.display
        assert app.focused is reader(app).panes.pane("claim")
        await pilot.press("n")  # still moves, with the tree hidden
        assert pane(app, "claim").startswith("Gas deals with the EU")
        await pilot.press("backslash")
        assert trees.display
        assert isinstance(app.focused, SectionTree)


async def test_tab_cycles_focus_through_tree_and_panes() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        panes = reader(app).panes
        order = []
        for _ in range(4):
            await pilot.press("tab")
            order.append(app.focused)
        tree = reader(app).section_tree
        assert order == [panes.pane("claim"), panes.pane("analysis"), panes.pane("sources"), tree]
        await pilot.press("shift+tab")
        assert app.focused is panes.pane("sources")


async def test_narrow_screens_show_one_pane_at_a_time_and_tab_switches_it() -> None:
    app = open_app()
    async with app.run_test(size=NARROW) as pilot:
        panes = reader(app).panes
        assert reader(app).narrow
        shown = [p.id for p in panes.panes if p.display]
        assert shown == ["claim"]
        await pilot.press("tab", "tab")
        assert [p.id for p in panes.panes if p.display] == ["analysis"]
        assert app.focused is panes.pane("analysis")
        text = screen_text(app)
        assert "Claim   Analysis   Sources" in text
        await pilot.press("n")  # the analysis stays in view while moving
        assert "$1.96 billion" in screen_text(app)


async def test_page_keys_and_vim_keys_scroll_the_focused_pane() -> None:
    app = open_app()
    async with app.run_test(size=(80, 14)) as pilot:
        claim = reader(app).panes.pane("claim")
        await pilot.press("tab")
        assert app.focused is claim
        assert claim.max_scroll_y > 0
        await pilot.press("pagedown")
        assert claim.scroll_y > 0
        await pilot.press("pageup")
        assert claim.scroll_y == 0
        await pilot.press("j")
        assert claim.scroll_y == 1
        await pilot.press("k")
        assert claim.scroll_y == 0
        await pilot.press("G")
        assert claim.scroll_y == claim.max_scroll_y
        await pilot.press("g")
        assert claim.scroll_y == 0
        assert here(app) == "thesis"  # the tree did not move


async def test_moving_to_another_section_scrolls_panes_back_to_the_top() -> None:
    app = open_app()
    async with app.run_test(size=(80, 14)) as pilot:
        claim = reader(app).panes.pane("claim")
        await pilot.press("tab", "G", "n")
        await pilot.pause()
        assert claim.scroll_y == 0


# -- palette, export, copy, help, quit --------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [("relations", "russia-ally"), ("European Union", "eu-deals"), ("eu-deals", "eu-deals")],
)
async def test_ctrl_p_finds_a_section_by_title_actor_or_id(query: str, expected: str) -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p")
        assert CommandPalette.is_open(app)
        await pilot.press(*query)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert not CommandPalette.is_open(app)
        assert here(app) == expected
        assert pane(app, "claim").startswith(load(MINI).section_by_id[expected].title)


async def test_m_exports_the_section_without_overwriting(tmp_path: Path) -> None:
    app = open_app(cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("m")
        first = tmp_path / "thesis.md"
        briefing = load(MINI)
        assert first.read_text(encoding="utf-8") == markdown.section(
            briefing, briefing.section_by_id["thesis"]
        )
        await pilot.press("m")
        assert (tmp_path / "thesis-2.md").exists()
        messages = [n.message for n in app._notifications]
        assert f"Exported to {first}" in messages
        assert f"Exported to {tmp_path / 'thesis-2.md'}" in messages
        assert all(not n.markup for n in app._notifications)


async def test_m_on_a_group_exports_nothing_and_says_why(tmp_path: Path) -> None:
    app = open_app(cwd=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("up", "m")
        assert list(tmp_path.iterdir()) == []
        assert any("Highlight a section" in n.message for n in app._notifications)


async def test_m_reports_a_failed_write(tmp_path: Path) -> None:
    app = open_app(cwd=tmp_path / "missing")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("m")
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and errors[0].message.startswith("Could not export")


async def test_y_copies_the_section_as_markdown() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("n", "y")
        briefing = load(MINI)
        assert app.clipboard == markdown.section(briefing, briefing.section_by_id["eu-deals"])
        assert any("Copied “Gas deals with the EU” as Markdown" in n.message for n in app._notifications)


async def test_question_mark_shows_help_written_from_the_bindings() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {description: keys for _, section in app.screen.sections for keys, description in section}
        for cls in (ReaderScreen, SectionTree, LinkPane, BriefingApp):
            for _key, binding in cls._merged_bindings:  # a LinkPane's with those of Pane
                if not binding.system:
                    assert (binding.tooltip or binding.description) in rows, binding
        assert rows["Jump to group N"] == "1–9"
        assert rows["Next line"] == "↓ j"
        text = " ".join(plain(help_table(app.screen.sections), 60).split())
        assert "1–9 Jump to group N" in text
        assert "m Export the section to <id>.md in the working directory" in text
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


def test_help_uses_the_whole_width_for_one_column_and_flows_into_columns_when_wide() -> None:
    sections = [
        ("Sections", [("m", "Export the section to <id>.md in the working directory")]),
        ("In the tree", [("↓ j", "Next line")]),
    ]
    narrow = plain(help_table(sections), 76).splitlines()
    whole = "m          Export the section to <id>.md in the working directory"
    assert any(line.strip() == whole for line in narrow)
    assert not any("Sections" in line and "In the tree" in line for line in narrow)  # one column
    wide = plain(help_table(sections), 160).splitlines()
    assert any("Sections" in line and "In the tree" in line for line in wide)  # blocks side by side
    assert any(line.strip() == "working directory" for line in wide)  # 40-cell descriptions wrap


async def test_help_follows_a_changed_keymap() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        app.set_keymap({"reader.export": "x"})
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {description: keys for keys, description in app.screen.sections[0][1]}
        assert rows["Export the section to <id>.md in the working directory"] == "x"


async def test_q_quits_with_exit_code_0() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("q")
    assert app.return_code == 0


# -- errors and hostile text -------------------------------------------------------------


async def test_an_invalid_briefing_lists_every_problem_and_exits_1() -> None:
    app = open_app(FIXTURES / "invalid.yaml")
    async with app.run_test(size=NARROW) as pilot:
        assert isinstance(app.screen, ErrorScreen)
        text = screen_text(app)
        assert "Cannot open" in text and "4 problems" in text
        for where, path in [
            ("14:14", "sections[0].article"),
            ("19:17", "sections[0].analysis.relation"),
            ("25:5", "sections[1].[red]colour"),
            ("26:12", "sections[1].claim.summary"),
        ]:
            assert where in text and path in text
        assert "Traceback" not in text
        await pilot.press("q")
    assert app.return_code == 1


async def test_a_missing_file_opens_the_error_screen(tmp_path: Path) -> None:
    app = open_app(tmp_path / "nope.yaml")
    async with app.run_test(size=NARROW) as pilot:
        assert isinstance(app.screen, ErrorScreen)
        assert "cannot read" in screen_text(app)
        await pilot.press("escape")
    assert app.return_code == 1


async def test_markup_and_control_characters_in_data_are_shown_literally() -> None:
    app = open_app(FIXTURES / "hostile.yaml")
    async with app.run_test(size=(160, 40)) as pilot:
        text = screen_text(app)
        assert "[bold red]Hostile[/] briefing — [link=https://example.com]An article[/link]" in text
        assert "[reverse]Group[/]" in text  # in the tree
        assert "\x1b" not in text and "\x07" not in text
        assert "[bold red]x[/] and [@click=app.quit]quit[/]" in pane(app, "claim")
        assert "[blink]Speaker[/], Role <U+202E>evil<U+202C>" in pane(app, "claim")
        label = reader(app).section_tree.cursor_node.label  # type: ignore[union-attr]
        assert label.plain == "[bold red]x[/] and [@click=app.quit]quit[/]"
        await pilot.press("y")
        assert any("[bold red]x[/]" in n.message and not n.markup for n in app._notifications)
        await pilot.press("ctrl+p", *"click=app", "enter")
        await pilot.pause()
        assert app.is_running  # "[@click=app.quit]" in a title is text, not an action
        assert here(app) == "loud"


# -- rules for every binding; a big briefing -----------------------------------------------

LATER_KEYS: set[str] = set()  # every key the design names is bound now
CLASHING_KEYS = {"ctrl+b", "ctrl+a", "ctrl+s", "ctrl+j"}


@pytest.mark.parametrize("cls", [BriefingApp, ReaderScreen, SectionTree, Pane, HelpScreen, ErrorScreen])
def test_every_binding_has_an_id_and_a_description(cls: type) -> None:
    for binding in Binding.make_bindings(cls.BINDINGS):
        assert binding.id, binding
        assert binding.description or binding.system, binding
        assert binding.key not in LATER_KEYS | CLASHING_KEYS, binding


def big_briefing(sections: int = 10_000, groups: int = 20) -> object:
    from briefing.model import Analysis, Article, Briefing, Claim, Group, Section

    articles = (Article("one", "One"), Article("two", "Two"))
    group_records = tuple(Group(f"g{i}", f"Group {i}") for i in range(groups))
    records = tuple(
        Section(
            id=f"s{i}",
            title=f"Section {i}",
            article=articles[i * 2 // sections].id,
            group=group_records[i * groups // sections].id,
            claim=Claim(f"Claim {i}"),
            analysis=Analysis(f"Body {i}", "supports"),
        )
        for i in range(sections)
    )
    return Briefing(
        id="big",
        title="Big",
        summary=None,
        articles=articles,
        groups=group_records,
        actors=(),
        sections=records,
        sources=(),
    )


async def test_a_big_briefing_builds_only_the_nodes_it_shows() -> None:
    app = BriefingApp(big_briefing())  # type: ignore[arg-type]
    async with app.run_test(size=WIDE) as pilot:
        tree = reader(app).section_tree
        assert here(app) == "s0"
        assert len(tree._by_rank) < 600  # one group of 500, not 10,000 sections
        await pilot.press("9")
        assert here(app) == "group:g8"
        await pilot.press("n")
        assert here(app) == "s4000"
        assert pane(app, "claim").startswith("Section 4000")
        assert len(tree._by_rank) < 1200
        await pilot.press("up")
        assert "… and 450 more sections" in pane(app, "analysis")


async def test_a_click_on_a_section_shows_it_and_keeps_the_focus_in_the_tree() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        tree = reader(app).section_tree
        line = 4  # "Gas deals with the EU", under its group
        assert tree.get_node_at_line(line).data.section.id == "eu-deals"  # type: ignore[union-attr]
        await pilot.click(SectionTree, offset=(12, line + 1))  # + 1: the border
        await pilot.pause()
        assert here(app) == "eu-deals"
        assert pane(app, "claim").startswith("Gas deals with the EU")
        assert isinstance(app.focused, SectionTree)


async def test_switching_views_on_a_group_shows_that_views_overview() -> None:
    app = open_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2")
        assert "Western actors in The first article" in pane(app, "claim")
        await pilot.press("v")
        await pilot.pause()
        assert here(app) == "group:western"
        assert "Western actors all articles, by actor" in pane(app, "claim")
        await pilot.press("v")
        await pilot.pause()
        assert "Western actors in The first article" in pane(app, "claim")


async def test_a_briefing_without_sections_opens_and_every_key_is_harmless(tmp_path: Path) -> None:
    briefing = load(MINI)
    from briefing.model import Briefing

    empty = Briefing(
        id="empty",
        title="Empty",
        summary=None,
        articles=briefing.articles,
        groups=briefing.groups,
        actors=(),
        sections=(),
        sources=(),
    )
    app = BriefingApp(empty, cwd=tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        assert "This briefing has no sections." in pane(app, "claim")
        await pilot.press(*"npvm", "right_square_bracket", "1", "v", "y", "tab", "backslash", "backslash")
        assert list(tmp_path.iterdir()) == []
        assert app.is_running
