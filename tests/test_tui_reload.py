"""Live reload: the file is rewritten while the reader is open (valid, invalid, valid again)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from tui_helpers import FIXTURES, MINI, WIDE, rewrite, until
from tui_helpers import here_under_dialogs as here
from tui_helpers import reader_under_dialogs as reader

from briefing.tui.app import BriefingApp
from briefing.tui.reader.reload import ReloadProblems, signature
from briefing.tui.reader.screen import ReaderScreen
from briefing.tui.screens.problems import ErrorScreen


async def wait_for(pilot: Pilot[int], condition: Callable[[], object]) -> None:
    await until(pilot, condition, "the reload", timeout=6.0)


def claim(app: BriefingApp) -> str:
    return " ".join(reader(app).panes.pane("claim").text(200).split())


def messages(app: BriefingApp) -> list[tuple[str, str]]:
    return [(n.severity, n.message) for n in app._notifications]


async def test_saving_reloads_and_a_broken_save_keeps_the_last_good_version(tmp_path: Path) -> None:
    path = tmp_path / "briefing.yaml"
    shutil.copy(MINI, path)
    original = MINI.read_text(encoding="utf-8")
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("n")
        screen = reader(app)
        assert here(app) == "eu-deals"
        # A closed branch stays closed, an open one open.
        tree = screen.section_tree
        beta = next(top for top in screen.outline.tops if top.id == "beta")
        tree.node_of(beta).collapse()
        await pilot.pause()

        # 1. A valid save: the new text shows, on the same section.
        rewrite(path, original.replace("title: Gas deals with the EU", "title: Gas deals, revised"))
        reloaded = ("information", "Reloaded briefing.yaml.")  # the notice lands a message after the panes
        await wait_for(pilot, lambda: "Gas deals, revised" in claim(app) and reloaded in messages(app))
        assert here(app) == "eu-deals"
        assert app.briefing is screen.briefing
        assert screen.briefing.section_by_id["eu-deals"].title == "Gas deals, revised"
        tree = screen.section_tree
        opened = {top.id: tree.node_of(top).is_expanded for top in screen.outline.tops}
        assert opened == {"alpha": True, "beta": False}
        # Marked Δ when the cursor rested on it before the save (read, then changed).
        assert str(tree.cursor_node.label).removeprefix("Δ ") == "Gas deals, revised"
        assert reloaded in messages(app)
        good = screen.briefing

        # 2. An invalid save: the last good version stays; the errors are named, with their place.
        rewrite(path, original.replace("relation: supports", "relation: refutes"))
        await wait_for(pilot, lambda: app.reloader.problems and messages(app)[-1][0] == "error")
        assert screen.briefing is good
        assert "Gas deals, revised" in claim(app)
        assert here(app) == "eu-deals"
        severity, message = messages(app)[-1]
        assert severity == "error"
        assert "briefing.yaml: 1 problem; showing the last good version." in message
        assert "sections[1].analysis.relation: 'refutes' is not one of" in message
        assert "Press e to edit the file at the first, E to see them all." in message
        line = next(i for i, text in enumerate(original.splitlines(), 1) if "relation: supports" in text)
        assert message.splitlines()[1].startswith(f"{line}:")
        # ...and on the error screen, over the reader, which E opens and esc closes.
        await pilot.press("E")
        assert isinstance(app.screen, ReloadProblems)
        assert app.screen.problems[0].line == line
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("E")
        assert isinstance(app.screen, ReloadProblems)

        # 3. Fixed: it recovers by itself, the problems screen closes, the cursor stays.
        rewrite(path, original.replace("title: Gas deals with the EU", "title: Gas deals, fixed"))
        fixed = ("information", "briefing.yaml fixed and reloaded.")

        def recovered() -> bool:
            return not app.reloader.problems and "Gas deals, fixed" in claim(app) and fixed in messages(app)

        await wait_for(pilot, recovered)
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert here(app) == "eu-deals"
        assert fixed in messages(app)
        await pilot.press("E")  # nothing to show now: the key is not bound
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("n")
        assert here(app) == "russia-ally"  # the reader works on the new version


async def test_a_file_that_never_opened_opens_once_fixed(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    original = MINI.read_text(encoding="utf-8")
    path.write_text(original.replace("relation: supports", "relation: refutes"), encoding="utf-8")
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert type(app.screen) is ErrorScreen
        # Broken differently: the error screen shows the new problems.
        rewrite(path, original.replace("relation: supports", "relation: refuted"))
        await wait_for(pilot, lambda: "refuted" in app.screen.problems[0].message)
        assert type(app.screen) is ErrorScreen
        rewrite(path, original)
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        assert here(app) == "thesis"


async def test_a_folder_gains_a_briefing_when_a_file_is_added(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "mini.yaml")
    app = BriefingApp.open(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert reader(app).briefing.parts == ()
        shutil.copy(FIXTURES / "second.yaml", tmp_path / "second.yaml")
        await wait_for(pilot, lambda: len(reader(app).briefing.parts) == 2)
        await pilot.pause()
        assert here(app) == "mini/thesis"  # renamed by the clash: found as the same place of the view
        assert [top.kind for top in reader(app).outline.tops] == ["briefing", "briefing"]


def test_signature_changes_with_size_time_or_inode_and_notices_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("one", encoding="utf-8")
    first = signature([path])
    assert signature([path]) == first
    replacement = tmp_path / "new.yaml"
    replacement.write_text("one", encoding="utf-8")
    os.replace(replacement, path)  # an editor's atomic save: a new inode
    assert signature([path]) != first
    path.unlink()
    assert signature([path]) == ((str(path), -1, -1, -1),)


async def test_a_reload_checks_the_quotes_again(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    original = MINI.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    app = BriefingApp.open(path, texts={"alpha": "the greatest threat"})
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert "✓ verbatim" in claim(app)
        rewrite(path, original.replace('"the greatest threat"', '"the gravest threat"'))
        await wait_for(pilot, lambda: "gravest" in claim(app))
        assert "✗ not found in the article's text" in claim(app)


async def test_a_reload_that_drops_a_group_while_sections_are_rendered_ahead(tmp_path: Path) -> None:
    """The reader renders the neighbours of the section on show; a reload must not render
    the old ones against the new briefing (their group may be gone)."""
    from briefing.load import load

    path = tmp_path / "briefing.yaml"
    text = MINI.read_text(encoding="utf-8")
    start, end = text.index("  - id: eu-deals"), text.index("  - id: russia-ally")
    text = text[:start] + text[end:]  # the only Western section, its group and the links to it go
    text = text.replace("    related: [eu-deals]\n", "")
    text = text.replace("  - {id: western, title: Western actors}\n", "")
    path.write_text(text, encoding="utf-8")
    app = BriefingApp(load(MINI))  # no file watching: the test reloads by itself
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = reader(app)
        await pilot.press("n")  # on eu-deals, whose neighbours include the Western group's node
        screen.call_later(screen._render_ahead, screen.shown, None)  # a turn still to come
        await screen.replace_briefing(load(path))
        await pilot.pause()
        assert app.is_running
        assert "western" not in screen.briefing.group_by_id


async def test_a_reload_lets_the_frozen_first_briefing_go(tmp_path: Path) -> None:
    """The reader freezes its first briefing out of the collector's way; after a reload the
    old one (its outline and tree hold cycles) must still be freed, not kept frozen."""
    import gc
    import weakref

    from briefing.load import load

    path = tmp_path / "briefing.yaml"
    path.write_text(MINI.read_text(encoding="utf-8").replace("Gas deals with the EU", "Gas, again"))
    app = BriefingApp(load(MINI))
    app.freeze_when_ready = True  # as `briefing` runs it
    try:
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            screen = reader(app)
            assert gc.get_freeze_count() > 0
            old_tree = weakref.ref(screen.section_tree)
            old_outline = weakref.ref(screen.outline)
            await app.replace_briefing(load(path))
            await wait_for(pilot, lambda: old_tree() is None and old_outline() is None)
            assert gc.get_freeze_count() > 0  # what is still in use is frozen again
            assert screen.briefing.section_by_id["eu-deals"].title == "Gas, again"
    finally:
        gc.unfreeze()


async def test_a_fixed_save_takes_back_the_not_reloaded_notice(tmp_path: Path) -> None:
    path = tmp_path / "briefing.yaml"
    shutil.copy(MINI, path)
    original = MINI.read_text(encoding="utf-8")
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        rewrite(path, original.replace("relation: supports", "relation: refutes"))
        await wait_for(pilot, lambda: any(n.title == "Not reloaded" for n in app._notifications))
        rewrite(path, original)
        await wait_for(pilot, lambda: ("information", "briefing.yaml fixed and reloaded.") in messages(app))
        assert not any(n.title == "Not reloaded" for n in app._notifications)


async def test_a_file_that_becomes_a_folder_is_named_and_never_read_as_one(tmp_path: Path) -> None:
    path = tmp_path / "briefing.yaml"
    shutil.copy(MINI, path)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        good = reader(app).briefing
        path.unlink()
        path.mkdir()
        shutil.copy(FIXTURES / "second.yaml", path / "second.yaml")  # a valid briefing inside
        await wait_for(pilot, lambda: any("is a folder now" in m for _, m in messages(app)))
        severity, message = next(m for m in messages(app) if "is a folder now" in m[1])
        assert severity == "error" and message.startswith("briefing.yaml: 1 problem")
        assert "is a folder now, not the briefing file that was open" in message
        await pilot.pause(0.6)
        assert reader(app).briefing is good  # still the file's last good version, not the folder


async def test_a_folder_with_an_invalid_file_opens_the_rest_and_lists_the_problems(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "mini.yaml")
    shutil.copy(FIXTURES / "invalid.yaml", tmp_path / "invalid.yaml")
    app = BriefingApp.open(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert here(app) == "thesis"
        severity, message = next(m for m in messages(app) if "Left out" in m[1])
        assert severity == "warning" and "Left out 1 file with problems: invalid.yaml" in message
        await pilot.press("E")
        assert isinstance(app.screen, ReloadProblems)
        assert {p.file for p in app.screen.problems} == {str(tmp_path / "invalid.yaml")}
        await pilot.press("escape")
        (tmp_path / "invalid.yaml").unlink()  # the bad file goes: nothing is left out now
        await wait_for(pilot, lambda: not app.reloader.problems)
