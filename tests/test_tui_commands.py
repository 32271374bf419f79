"""The palette's section finder, without an app: what it matches and how hits look."""

from __future__ import annotations

from pathlib import Path

from briefing.load import load
from briefing.tui.reader.palette import DETAIL_WIDTH, candidate, display, score

FIXTURES = Path(__file__).parent / "fixtures"


def test_candidates_hold_title_id_and_actor_names() -> None:
    briefing = load(FIXTURES / "mini.yaml")
    text, title_end = candidate(briefing, briefing.section_by_id["eu-deals"])
    assert text == "Gas deals with the EU\neu-deals  European Union"
    assert text[:title_end] == "Gas deals with the EU"


def test_a_match_in_the_title_outranks_one_in_the_actors() -> None:
    in_title = score("russia", "On relations with Russia\nrussia-ally  Russia", 24)[0]
    in_actors = score("russia", "Gas deals\neu-deals  Russia", 9)[0]
    assert in_title > in_actors > 0
    assert score("zzz", "Gas deals\neu-deals", 9)[0] == 0


def test_hits_show_the_title_and_a_cut_detail_line_with_marks() -> None:
    text = "Title\nid  " + "Actor, " * 30
    shown = display(text, 5, offsets=[0, 1, 300])
    lines = shown.plain.split("\n")
    assert lines[0] == "Title"
    assert len(lines[1]) == DETAIL_WIDTH + 1 and lines[1].endswith("…")
    marked = [span for span in shown.spans if span.style and getattr(span.style, "reverse", False)]
    assert [(s.start, s.end) for s in marked] == [(0, 1), (1, 2)]


def test_markup_in_a_title_stays_text() -> None:
    briefing = load(FIXTURES / "hostile.yaml")
    text, title_end = candidate(briefing, briefing.section_by_id["loud"])
    shown = display(text, title_end)
    assert shown.plain.startswith("[bold red]x[/] and [@click=app.quit]quit[/]\nloud")
    assert all(not (s.style and getattr(s.style, "meta", None)) for s in shown.spans)
