"""Hostile text on every surface: markup shows as typed, no control character gets out.

One briefing (tests/fixtures/hostile-print.yaml) whose every field tries to be Rich
markup, a Textual action, a link, Markdown or HTML structure, or terminal control (CSI,
OSC title/clipboard/hyperlink, BEL, C1, bidi overrides and isolates) goes through each
screen of the reader and each export. On each: the markup is visible as the literal text
it is, and no control character reaches the output.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from test_tui_app import screen_text
from textual.pilot import Pilot
from tui_helpers import FIXTURES, WIDE, until

from briefing.cli import main
from briefing.state import StateStore, briefing_key
from briefing.tui.app import BriefingApp

HOSTILE = FIXTURES / "hostile-print.yaml"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
TITLE = "[blink]Loud[/]"  # the section's title
NOTE = "[@click=app.quit]my note[/] \x1b[31m\x07 \u202eflipped"

Steps = Callable[[BriefingApp, Pilot[int]], Awaitable[None]]


async def _keys(pilot: Pilot[int], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()
    await pilot.pause()


def _press(*keys: str) -> Steps:
    async def steps(app: BriefingApp, pilot: Pilot[int]) -> None:
        await _keys(pilot, *keys)

    return steps


def _until(*keys: str, test: Callable[[BriefingApp], object], what: str) -> Steps:
    async def steps(app: BriefingApp, pilot: Pilot[int]) -> None:
        await _keys(pilot, *keys)
        await until(pilot, lambda: test(app), what)

    return steps


def _hits(app: BriefingApp) -> object:
    return getattr(app.screen, "hits", None)


def _palette_hits(app: BriefingApp) -> object:
    return "loud  Mr. [b]Bold[/b]" in screen_text(app)


# surface -> (keys to reach it, the screen on top then, literal text that must show there)
SCREENS: dict[str, tuple[Steps, str, list[str]]] = {
    "panes, tree and header": (
        _press(),
        "ReaderScreen",
        [
            "[bold red]Hostile[/]",
            TITLE,
            "[reverse]Group[/reverse]",
            "Mr. [b]Bold[/b] <U+202E>evil",
            "[italic]quoted[/italic]",
            "Heading [red]in body[/]",
            "<script>alert(1)</script>",
            "[u]Source[/u]",
            "[@click=app.bell]note[/]",
            "[tag]",
            "[dim]venue",
        ],
    ),
    "tree by group and actor": (_press("v"), "ReaderScreen", ["Mr. [b]Bold[/b] <U+202E>evil", TITLE]),
    "timeline": (_press("t"), "TimelineScreen", ["[bold]event[/bold]", "[italic]quoted", TITLE]),
    "bibliography": (_press("s"), "BibliographyScreen", ["[u]Source[/u]", "<U+2067>isolate<U+2069>", TITLE]),
    "actors": (_press("A"), "ActorsScreen", ["Mr. [b]Bold[/b] <U+202E>evil", TITLE]),
    "search hits": (_until("slash", *"loud", test=_hits, what="the hits"), "SearchScreen", ["loud", TITLE]),
    "search box": (
        _until(
            "slash",
            *"[b]loud",
            test=lambda app: "matches" in getattr(app.screen, "status", ""),
            what="no hit",
        ),
        "SearchScreen",
        ["No section matches [b]loud"],
    ),
    "bookmarks and notes list": (_press("B"), "BookmarksScreen", [TITLE, "[@click=app.quit]my note[/]"]),
    "note editor": (_press("a"), "NoteScreen", ["[@click=app.quit]my note[/]"]),
    "command palette": (
        _until("ctrl+p", *"loud", test=_palette_hits, what="the palette's hits"),
        "CommandPalette",
        [TITLE, "loud  Mr. [b]Bold[/b] <U+202E>evil"],
    ),
    "help": (_press("question_mark"), "HelpScreen", ["[bold red]Hostile[/]"]),
}


def _assert_clean(shown: str, literal: list[str], where: str) -> None:
    bad = CONTROL.search(shown)
    assert bad is None, f"{where}: control character {bad.group()!r} in {shown[max(0, bad.start() - 40) :]!r}"
    for text in literal:
        assert text in shown, f"{where}: {text!r} not shown literally in:\n{shown}"


@pytest.mark.parametrize("surface", list(SCREENS))
async def test_hostile_text_on_every_screen_shows_literally_and_without_control(surface: str) -> None:
    steps, screen, literal = SCREENS[surface]
    app = BriefingApp.open(HOSTILE)
    key = briefing_key(HOSTILE, "hostile", bundled=False)
    StateStore().set_note(key, "loud", NOTE)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await steps(app, pilot)
        assert screen in [cls.__name__ for cls in type(app.screen).__mro__], app.screen
        _assert_clean(screen_text(app), literal, surface)


async def test_hostile_text_on_the_error_screen_shows_literally_and_without_control(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = HOSTILE.read_text(encoding="utf-8")
    bad.write_text(
        text.replace("    article: art\n", '    article: "[bold]art[/] \\e[31m"\n', 1).replace(
            "    tags:", '    "[@click=app.quit]x[/]\\a": 1\n    tags:', 1
        ),
        encoding="utf-8",
    )
    app = BriefingApp.open(bad)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
    _assert_clean(shown, ["[bold]art[/]", "[@click=app.quit]x[/]"], "error screen")


# -- exports and printing commands -----------------------------------------------------------


def _markdown_text(out: str) -> tuple[str, str]:
    rendered = MarkdownIt("commonmark").render(out)
    return rendered, html.unescape(re.sub(r"<[^>]+>", "", rendered))


def _json_text(out: str) -> str:
    return json.dumps(json.loads(out), ensure_ascii=False)


EXPORTS: dict[str, list[str]] = {
    "markdown": ["print", "--all"],
    "markdown section": ["print", "loud"],
    "html": ["print", "--all", "--format", "html"],
    "json": ["print", "--all", "--format", "json"],
    "claimreview": ["print", "--all", "--format", "claimreview"],
    "list": ["list"],
    "search": ["search", "loud"],
    "timeline": ["timeline"],
}


# Markdown and HTML structure in plain-text fields, on top of the fixture's markup.
STRUCTURE = "*emph* [a](http://x) <b>x</b> `code`"


@pytest.mark.parametrize("export", list(EXPORTS))
def test_hostile_text_in_every_export_stays_text(
    export: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hostile.yaml"
    text = HOSTILE.read_text(encoding="utf-8")
    for field in (
        '  title: "[bold red]Hostile[/]',
        '    title: "[blink]Loud[/]',
        'title: "[u]Source[/u]',
    ):
        assert text.count(field) == 1, field
        text = text.replace(field, f"{field} {STRUCTURE}")
    path.write_text(text, encoding="utf-8")
    assert main([*EXPORTS[export], "--file", str(path)]) == 0
    out = capsys.readouterr().out
    assert not CONTROL.search(out), CONTROL.search(out)
    literal = [TITLE, f"[u]Source[/u] {STRUCTURE}", f"[bold red]Hostile[/] {STRUCTURE}"]
    if export.startswith("markdown"):
        rendered, shown = _markdown_text(out)
        assert "<script>" not in rendered and "<b>" not in rendered  # no HTML gets through
        assert "<em>emph</em>" not in rendered and "<a href" not in rendered  # no Markdown from plain text
        assert "<h1>Heading" not in rendered  # a body's heading stays below the section's
        if export == "markdown section":
            literal = literal[:2]
        _assert_clean(shown, [*literal, "<script>alert(1)</script>"], export)
    elif export == "html":
        assert "<script>alert" not in out and "<b>x</b>" not in out
        _assert_clean(html.unescape(out), [*literal, "<script>alert(1)</script>"], export)
    elif export in ("json", "claimreview"):
        _assert_clean(_json_text(out), [TITLE, "Mr. [b]Bold[/b]", STRUCTURE], export)
    else:
        _assert_clean(out, ["[bold]event[/bold]" if export == "timeline" else TITLE], export)


def test_hostile_text_in_the_diff_output_stays_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HOSTILE.read_text(encoding="utf-8")
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace("a stray close tag", "a [red]new[/red] \\e[1m tag"), encoding="utf-8")
    assert main(["diff", str(HOSTILE), str(changed)]) == 1
    out = capsys.readouterr().out
    _assert_clean(out, [TITLE, "[red]new[/red]"], "diff")
