"""Timeline entries and the timeline and verify commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing import timeline, verify
from briefing.cli import main
from briefing.load import load

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_entries_are_chronological_with_partial_dates_and_ranges():
    found = timeline.entries(load(MINI))
    assert [e.date for e in found] == [
        "2022",
        "2022-07",
        "2022-09",
        "2022-09",
        "2022-09-12/2022-09-14",
        "2024-12/2025-01",
    ]
    kinds = {(e.date, e.kind) for e in found}
    assert ("2022-09", "article") in kinds and ("2022-09", "quote") in kinds
    assert found[-1].label == "Leader Göyüşov: “a reliable partner”"
    assert found[-1].section == "russia-ally"


def test_filters():
    b = load(MINI)
    assert [e.section for e in timeline.entries(b, actor="eu")] == ["eu-deals", "eu-deals"]
    assert {e.section for e in timeline.entries(b, group="home")} == {"thesis"}


def test_year_axis():
    axis = timeline.year_axis(timeline.entries(load(MINI)))
    assert axis == [(2022, 5), (2023, 0), (2024, 1)]
    assert timeline.axis_line(axis) == "█ ▂"


def test_timeline_command(capsys):
    assert main(["timeline", "--file", str(MINI)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2022 █ ▂ 2024   6 entries"
    assert "2022" in out and "2024" in out
    assert main(["timeline", "--json", "--actor", "leader", "--file", str(MINI)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["section"] for r in rows] == ["thesis", "russia-ally"]
    assert main(["timeline", "--actor", "nobody", "--file", str(MINI)]) == 2


def test_verify_statuses(tmp_path, capsys):
    text = tmp_path / "alpha.txt"
    text.write_text("He said that\nthe greatest threat was near.\n", encoding="utf-8")
    assert main(["verify", "--file", str(MINI), "--text", f"alpha={text}"]) == 1  # "trustworthy" missing
    out = capsys.readouterr().out
    assert f"quote 1  verbatim    {text}:2" in out and "not found" in out
    b = load(MINI)
    checks = verify.check(b, {"beta": "Russia is “a  reliable\npartner”."})
    assert [c.status for c in checks] == [verify.NORMALISED]
    assert main(["verify", "--file", str(MINI), "--text", "gamma=x"]) == 2
    assert main(["verify", "--file", str(MINI), "--text", f"alpha={tmp_path / 'none.txt'}"]) == 2


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"article texts not found in {SEEDS}")
def test_bundled_quotes_verify_against_the_seeds(capsys):
    by_article = {"fp-2022": "000_75e995e7ac0560c0.txt", "aliyev-2025": "003_a47b76ebdf52282c.txt"}
    args = ["verify"] + [arg for a, t in by_article.items() for arg in ("--text", f"{a}={SEEDS / t}")]
    assert main(args) == 0, capsys.readouterr().out


def test_every_entry_says_where_it_comes_from():
    # README (timeline --json): each entry's date, label, kind, actors, section and article.
    rows = [
        (e.date, e.label, e.kind, e.actors, e.section, e.article) for e in timeline.entries(load(MINI))
    ]
    assert rows == [
        ("2022", "European Union: “trustworthy”", "quote", ("eu",), "eu-deals", "alpha"),
        ("2022-07", "Gas deal signed", "event", ("eu",), "eu-deals", "alpha"),
        ("2022-09", "Article: The first article", "article", (), None, "alpha"),
        ("2022-09", "Ana Author: “the greatest threat”", "quote", ("ana",), "thesis", "alpha"),
        ("2022-09-12/2022-09-14", "Border assault", "event", ("leader",), "thesis", "alpha"),
        ("2024-12/2025-01", "Leader Göyüşov: “a reliable partner”", "quote",
         ("leader",), "russia-ally", "beta"),
    ]


def test_timeline_json_rows(capsys):
    # README (timeline --json): the same entries as JSON, an article's with no actors and no section.
    assert main(["timeline", "--json", "--file", str(MINI)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[2] == {
        "date": "2022-09",
        "label": "Article: The first article",
        "kind": "article",
        "actors": [],
        "section": None,
        "article": "alpha",
    }


def test_a_group_filter_looks_at_every_section():
    # README (timeline --group): the entries of that group's sections, wherever they are in the file.
    b = load(MINI)
    assert [e.section for e in timeline.entries(b, group="western")] == ["eu-deals", "eu-deals"]
    assert [e.section for e in timeline.entries(b, group="non-western")] == ["russia-ally"]


def test_the_axis_shows_every_year_with_entries_by_at_least_the_lowest_bar():
    # README (timeline): the year axis has one bar per year; a year with entries is never blank.
    assert timeline.axis_line([(2020, 1), (2021, 20), (2022, 0)]) == "▁█ "
    assert timeline.axis_line([(2020, 0), (2021, 0)]) == ""
    assert timeline.axis_line([]) == ""
