"""`e`: the file in the user's editor at the highlighted record's line (a fake editor records its call)."""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import FIXTURES, MINI, WIDE, here, reader, until

from briefing.load import bundled_path
from briefing.tui.app import BriefingApp
from briefing.tui.reader.reload import ReloadProblems
from briefing.tui.reader.screen import ReaderScreen
from briefing.tui.screens.problems import ErrorScreen

SECOND = FIXTURES / "second.yaml"

FAKE = """#!{python}
import json, os, sys
with open(os.environ["FAKE_EDITOR_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
change = os.environ.get("FAKE_EDITOR_CHANGE")  # OLD=>NEW: an edit to make in the file
if change:
    old, new = change.split("=>")
    path = sys.argv[-1].rsplit(":", 1)[0] if sys.argv[-1][-1].isdigit() else sys.argv[-1]
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new))
"""


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Make a fake editor named ``name`` (in a folder whose name has a space); return its log."""
    folder = tmp_path / "my bin"
    folder.mkdir()
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("FAKE_EDITOR_LOG", str(log))
    for variable in ("VISUAL", "EDITOR"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PATH", str(folder))  # no nano or vi unless a test makes one

    def make(name: str) -> Path:
        path = folder / name
        path.write_text(FAKE.format(python=sys.executable), encoding="utf-8")
        path.chmod(0o755)
        return path

    def calls() -> list[list[str]]:
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]

    return make, calls


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def notices(app: BriefingApp) -> list[str]:
    return [n.message for n in app._notifications]


def copy_of(source: Path, tmp_path: Path, name: str | None = None) -> Path:
    path = tmp_path / (name or source.name)
    shutil.copy(source, path)
    return path


async def press_e(pilot: Pilot[int]) -> None:
    await pilot.press("e")
    await pilot.pause()


# -- in the reader ------------------------------------------------------------------------


async def test_e_opens_each_record_at_its_own_line(tmp_path, fake, monkeypatch) -> None:
    make, calls = fake
    monkeypatch.setenv("VISUAL", shlex.quote(str(make("vim"))))
    path = copy_of(MINI, tmp_path)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        reader(app).goto_section("eu-deals")
        await pilot.pause()
        await press_e(pilot)
        assert calls() == [[f"+{line_of(path, '- id: eu-deals')}", str(path)]], notices(app)
        # A group, an article and an actor node open at their own records.
        screen = reader(app)
        alpha = screen.outline.tops[0]
        screen.section_tree.reveal(alpha)
        await pilot.pause()
        await press_e(pilot)
        assert calls()[-1] == [f"+{line_of(path, '- id: alpha')}", str(path)]
        western = next(b for b in alpha.children if b.id == "western")
        screen.section_tree.reveal(western)
        await pilot.pause()
        await press_e(pilot)
        assert calls()[-1] == [f"+{line_of(path, '{id: western')}", str(path)]
        await pilot.press("v")  # by actor
        await pilot.pause()
        actor_view = reader(app)
        eu = next(
            branch
            for group in actor_view.outline.tops
            for branch in group.children
            if branch.kind == "actor" and branch.id == "eu"
        )
        actor_view.section_tree.reveal(eu)
        await pilot.pause()
        await press_e(pilot)
        assert calls()[-1] == [f"+{line_of(path, '{id: eu,')}", str(path)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("code", ["--wait", "--goto", "{file}:{line}"]), ("hx", ["--wait", "{file}:{line}"])],
)
async def test_editor_with_arguments_is_split_like_a_shell(
    tmp_path, fake, monkeypatch, name, expected
) -> None:
    make, calls = fake
    program = make(name)
    monkeypatch.setenv("EDITOR", f'"{program}" --wait')  # its folder's name has a space
    path = copy_of(MINI, tmp_path)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        reader(app).goto_section("thesis")
        await pilot.pause()
        await press_e(pilot)
    line = line_of(path, "- id: thesis")
    assert calls() == [[part.format(file=path, line=line) for part in expected]]


async def test_nano_on_path_when_nothing_is_set(tmp_path, fake, monkeypatch) -> None:
    make, calls = fake
    make("nano")
    path = copy_of(MINI, tmp_path)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        await press_e(pilot)
    assert calls() == [[f"+{line_of(path, '- id: thesis')}", str(path)]]


async def test_no_editor_is_a_clear_notice(tmp_path, fake, monkeypatch) -> None:
    path = copy_of(MINI, tmp_path)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        await press_e(pilot)
        assert any("Cannot edit: no editor: set $VISUAL or $EDITOR" in n for n in notices(app))
        assert here(app) == "thesis"  # the reader goes on


async def test_an_editor_that_cannot_run_is_a_notice(tmp_path, fake, monkeypatch) -> None:
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    path = copy_of(MINI, tmp_path)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        await press_e(pilot)
        assert any(
            n.startswith(f"Cannot run {tmp_path / 'no-such-editor'} (from $VISUAL)") for n in notices(app)
        )


async def test_the_bundled_briefing_says_how_to_start_a_copy(fake, monkeypatch) -> None:
    make, calls = fake
    monkeypatch.setenv("VISUAL", shlex.quote(str(make("vim"))))
    app = BriefingApp.open(bundled_path())
    async with app.run_test(size=WIDE) as pilot:
        await press_e(pilot)
        assert calls() == []
        assert any("briefing new PATH --from-bundled" in n for n in notices(app))


async def test_several_files_open_the_file_that_defines_the_record(tmp_path, fake, monkeypatch) -> None:
    make, calls = fake
    monkeypatch.setenv("VISUAL", shlex.quote(str(make("nvim"))))
    mini, second = copy_of(MINI, tmp_path), copy_of(SECOND, tmp_path)
    app = BriefingApp.open([mini, second])
    async with app.run_test(size=WIDE) as pilot:
        screen = reader(app)
        screen.goto_section("second/thesis")  # qualified: its own file's `thesis`
        await pilot.pause()
        await press_e(pilot)
        assert calls()[-1] == [f"+{line_of(second, '- id: thesis')}", str(second)]
        screen.goto_section("mini/thesis")
        await pilot.pause()
        await press_e(pilot)
        assert calls()[-1] == [f"+{line_of(mini, '- id: thesis')}", str(mini)]
        only_second = next(
            s for s in screen.briefing.sections if s.article == "second/alpha" and "/" not in s.id
        )
        screen.goto_section(only_second.id)
        await pilot.pause()
        await press_e(pilot)
        assert calls()[-1] == [f"+{line_of(second, f'- id: {only_second.id}')}", str(second)]


async def test_the_saved_change_shows_on_the_same_section(tmp_path, fake, monkeypatch) -> None:
    make, _ = fake
    monkeypatch.setenv("VISUAL", shlex.quote(str(make("vim"))))
    monkeypatch.setenv("FAKE_EDITOR_CHANGE", "title: Gas deals with the EU=>title: Gas deals, edited")
    path = copy_of(MINI, tmp_path)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        reader(app).goto_section("eu-deals")
        await pilot.pause()
        tree = reader(app).section_tree
        await press_e(pilot)
        await until(
            pilot, lambda: "Gas deals, edited" in str(reader(app).section_tree.cursor_node.label), "reload"
        )
        assert reader(app).section_tree is not tree  # rebuilt from the saved file
        assert here(app) == "eu-deals"
        assert reader(app).briefing.section_by_id["eu-deals"].title == "Gas deals, edited"


async def test_after_a_failed_save_e_opens_the_first_problem(tmp_path, fake, monkeypatch) -> None:
    make, calls = fake
    monkeypatch.setenv("VISUAL", shlex.quote(str(make("vim"))))
    path = copy_of(MINI, tmp_path)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("relation: supports", "relation: refutes"), encoding="utf-8")
        await until(pilot, lambda: app.reloader is not None and app.reloader.problems, "the failed reload")
        await press_e(pilot)
        assert calls() == [[f"+{line_of(path, 'relation: refutes')}", str(path)]]


async def test_on_the_error_screen_e_opens_the_first_problem_and_the_fix_opens_the_reader(
    tmp_path, fake, monkeypatch
) -> None:
    make, calls = fake
    monkeypatch.setenv("VISUAL", shlex.quote(str(make("vim"))))
    monkeypatch.setenv("FAKE_EDITOR_CHANGE", "relation: refutes=>relation: supports")
    path = tmp_path / "broken.yaml"
    path.write_text(MINI.read_text(encoding="utf-8").replace("relation: supports", "relation: refutes"))
    line = line_of(path, "relation: refutes")
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        assert type(app.screen) is ErrorScreen
        await press_e(pilot)
        assert calls() == [[f"+{line}", str(path)]]
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader, once fixed")


async def test_on_the_reload_problems_e_opens_the_first_problem(tmp_path, fake, monkeypatch) -> None:
    make, calls = fake
    monkeypatch.setenv("VISUAL", shlex.quote(str(make("vim"))))
    path = copy_of(MINI, tmp_path)
    app = BriefingApp.open(path)
    async with app.run_test(size=WIDE) as pilot:
        path.write_text(path.read_text(encoding="utf-8").replace("group: western", "group: westen"))
        await until(pilot, lambda: app.reloader is not None and app.reloader.problems, "the failed reload")
        await pilot.press("E")
        assert isinstance(app.screen, ReloadProblems)
        await press_e(pilot)
        assert calls() == [[f"+{line_of(path, 'group: westen')}", str(path)]]
