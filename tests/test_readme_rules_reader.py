"""Rules of the reader stated in README.md ("The reader", "Finding and keeping", "Editing from
the reader"), each with a Pilot test that breaks with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import TextArea
from textual.widgets._footer import FooterKey
from tui_helpers import MINI, WIDE, here, reader, rewrite, until

from briefing import seen
from briefing.load import load
from briefing.paths import bundled_path
from briefing.state import StateStore, key_for
from briefing.tui.app import BriefingApp
from briefing.tui.reader.screen import ReaderScreen
from briefing.tui.screens.note_editor import NoteScreen
from briefing.tui.screens.unsaved import UnsavedScreen


def footer_keys(app: BriefingApp) -> list[str]:
    return [key.key for key in app.screen.query(FooterKey)]


@pytest.mark.parametrize(("width", "tree"), [(59, False), (60, True)])
async def test_rule_below_60_columns_the_tree_starts_hidden(width: int, tree: bool) -> None:
    """README, `\\`: below 60 columns the tree starts hidden so the pane has room to read."""
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        assert reader(app).query_one("#trees").display is tree


@pytest.mark.parametrize(("width", "shown"), [(99, ["claim"]), (100, ["claim", "analysis", "sources"])])
async def test_rule_below_100_columns_one_pane_shows_at_a_time(width: int, shown: list[str]) -> None:
    """README, `\\`: below 100 columns one pane shows at a time, with tabs."""
    app = BriefingApp.open(MINI)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        assert [pane.id for pane in reader(app).panes.panes if pane.display] == shown


@pytest.mark.parametrize(("path", "edit"), [(bundled_path(), False), (MINI, True)])
async def test_rule_the_footer_leaves_e_out_on_the_bundled_briefing(path: Path, edit: bool) -> None:
    """README: the bundled briefing is not edited in place: `e` says how to start a copy, and
    the footer leaves `e` out."""
    app = BriefingApp.open(path)
    async with app.run_test(size=(200, 36)) as pilot:
        await pilot.pause()
        assert ("e" in footer_keys(app)) is edit


async def test_rule_q_in_the_unsaved_dialog_quits_without_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: quitting with something unsaved asks first: `w` writes the unsaved notes, `q`
    quits without them, `esc` goes back."""
    in_the_way = tmp_path / "in-the-way"
    in_the_way.write_text("x")
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(in_the_way / "state"))  # cannot be made: nothing saves
    work = tmp_path / "work"
    work.mkdir()
    app = BriefingApp.open(MINI, cwd=work)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen), "the note editor")
        app.screen.query_one(TextArea).text = "words that cannot be saved"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, UnsavedScreen), "the unsaved-notes dialog")
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the reader to close")
    assert list(work.iterdir()) == []
    assert app.farewell == ["briefing: quit without the notes and bookmarks that were not saved"]


async def test_rule_the_section_the_reader_opens_on_counts_as_read_only_once_the_cursor_has_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: resting on a marked section clears its mark; the section the reader opens on
    counts as read only once the cursor has moved, so its mark can be seen."""
    path = tmp_path / "b.yaml"
    shutil.copy(MINI, path)
    b = load(path)
    store, key = StateStore(), key_for(b)
    assert key is not None
    seen.remember_known(store, key, set(b.section_by_id))
    for sid in ("thesis", "eu-deals"):
        seen.remember_read(store, key, b.section_by_id[sid], now=1_767_225_600.0)
    store.remember(key, section="eu-deals")  # the reader opens where it was left: on eu-deals
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: Gas deals with the EU", "title: Gas deals with the Union"
        ),
        encoding="utf-8",
    )
    rests: list[str] = []
    rested = ReaderScreen.rested

    def recording(screen: ReaderScreen, section: object) -> None:
        rests.append(section.id)  # type: ignore[attr-defined]
        rested(screen, section)  # type: ignore[arg-type]

    monkeypatch.setattr(ReaderScreen, "rested", recording)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        screen = reader(app)
        await until(pilot, lambda: "eu-deals" in rests, "the cursor to rest where the reader opened")
        assert screen.section is not None and screen.section.id == "eu-deals"
        assert "eu-deals" in screen.since_read.marked  # still marked: not read until moved to
        screen.goto_section("thesis")
        await until(pilot, lambda: rests[-1:] == ["thesis"], "a rest on thesis")
        assert "eu-deals" in screen.since_read.marked
        screen.goto_section("eu-deals")
        await until(
            pilot, lambda: "eu-deals" not in screen.since_read.marked, "the mark to clear once moved to"
        )


def test_rule_group_and_actor_overviews_show_their_summary(tmp_path: Path) -> None:
    """README: `groups[].summary` and `actors[].summary` are shown on the group and actor
    overviews (group and actor nodes show an overview: title, summary, their sections)."""
    from briefing.tui.views import render
    from briefing.tui.views.outline import by_actor

    path = tmp_path / "b.yaml"
    text = MINI.read_text(encoding="utf-8")
    old = "{id: eu, name: European Union, kind: organisation}"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "{id: eu, name: European Union, kind: organisation, summary: A bloc.}"))
    b = load(path)
    western = by_actor(b).tops[1]
    group = render.plain(render.branch_views(b, western)["claim"].body)
    assert "Western actors" in group and "1 section" in group
    actor = " ".join(render.plain(render.branch_views(b, western.children[0])["claim"].body).split())
    assert actor.startswith("European Union") and "A bloc." in actor and "1 section" in actor
    home = render.plain(render.branch_views(b, by_actor(b).tops[0])["claim"].body)
    assert "Sections about the neighbours themselves." in home


@pytest.mark.parametrize(
    ("args", "opened"),
    [
        (["--file", str(MINI)], MINI),
        ([str(MINI)], MINI),
        ([str(MINI), str(MINI.with_name("hostile.yaml"))], [MINI, MINI.with_name("hostile.yaml")]),
    ],
)
def test_rule_the_reader_opens_path_or_file_and_several_as_one(
    monkeypatch: pytest.MonkeyPatch, args: list[str], opened: object
) -> None:
    """README: `briefing [PATH ...]` opens the reader on PATH (`--file PATH` works too); several
    files open as one."""
    import briefing.tui.app as app_module
    from briefing import cli

    calls: list[object] = []
    monkeypatch.setattr(app_module, "run", lambda path, texts: calls.append(path) or 0)
    monkeypatch.setattr(cli, "_under_web_driver", lambda: True)  # no terminal needed
    assert cli.main(args) == 0
    assert calls == [opened]


async def test_rule_capital_e_shows_problems_only_after_a_save_that_failed(tmp_path: Path) -> None:
    """README, `E`: after a save that failed to load: every problem (only then)."""
    from briefing.tui.reader.reload import ReloadProblems

    path = tmp_path / "b.yaml"
    shutil.copy(MINI, path)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("E")
        await pilot.pause()
        assert reader(app) is app.screen  # nothing failed: nothing to list
        rewrite(path, MINI.read_text(encoding="utf-8").replace("relation: supports", "relation: refutes"))
        await until(pilot, lambda: app.reloader is not None and app.reloader.problems, "the failed reload")
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, ReloadProblems), "the list of problems")


async def test_rule_n_and_p_go_to_the_very_next_and_previous_section_within_a_group() -> None:
    """README, `n` / `p`: next / previous section (here two sections of one group: none is skipped)."""

    app = BriefingApp.open(bundled_path())
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        slots = reader(app).outline.slots
        first, second = slots[0], slots[1]
        assert first.section.group == second.section.group and first.section.article == second.section.article
        reader(app).goto_section(first.section.id)
        await until(pilot, lambda: here(app) == first.section.id, "the first section")
        await pilot.press("n")
        assert here(app) == second.section.id
        await pilot.press("p")
        assert here(app) == first.section.id


def test_rule_the_footer_puts_the_most_useful_keys_first_in_the_readme_order() -> None:
    """README: the footer shows as many whole keys as fit, the most useful first (`n`/`p`, `/`,
    `?`, `q`, `v`, `b`, `a`, `t`, `e`, `m`, `y`, `s`, `A`, `B`, ...); which fit is
    tests/test_tui_footer.py::test_fitting_keeps_the_most_useful_items_that_fit."""
    from briefing.tui.reader.bindings import READER_BINDINGS
    from briefing.tui.widgets.footer import USEFUL

    key_of: dict[str, str] = {}
    for binding in [*READER_BINDINGS, *BriefingApp.BINDINGS]:
        if not isinstance(binding, tuple):
            key_of.setdefault(binding.action, binding.key)
    readme = ["n", "p", "slash", "question_mark", "q", "v", "b", "a", "t", "e", "m", "y", "s", "A", "B"]
    assert [key_of.get(action) for action in USEFUL[: len(readme)]] == readme


async def test_rule_bookmarks_and_notes_are_listed_in_reading_order() -> None:
    """README, `B`: bookmarks and notes, in reading order (not the order they were made in);
    here the bookmarks (the fixture has room for only one note off the bookmarks)."""
    from briefing.state import briefing_key
    from briefing.tui.screens.bookmarks import BookmarksScreen

    key = briefing_key(MINI, "mini", bundled=False)
    store = StateStore()
    for section in ("russia-ally", "thesis"):
        store.toggle_bookmark(key, section)
    for section in ("eu-deals", "thesis"):
        store.set_note(key, section, f"On {section}.")
    store.close()
    app = BriefingApp.open(MINI)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "the bookmarks list")
        lines = [option.prompt.plain.split("\n")[0] for option in app.screen.list.options]
        assert lines[:3] == [
            "Bookmarks  2, in reading order",
            "★ The main threat  The two neighbours",
            "★ On relations with Russia  Non-Western actors",
        ]
