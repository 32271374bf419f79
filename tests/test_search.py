"""Search: query language, ranking, accents, highlighting, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import without_fts5

from briefing.cli import main
from briefing.load import load
from briefing.search import (
    MARK_END,
    MARK_START,
    NO_FTS5,
    QueryError,
    SearchIndex,
    highlight_spans,
    parse_query,
)

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


@pytest.fixture(scope="module", params=["fts5", "scan"])
def index(request):
    """The FTS5 index, and the plain scan a Python without FTS5 gets: same answers."""
    if request.param == "fts5":
        made = SearchIndex(load(MINI))
        assert made.fts5
        return made
    with pytest.MonkeyPatch.context() as patch:
        without_fts5(patch)
        made = SearchIndex(load(MINI))
    assert not made.fts5
    return made


def ids(index, query):
    return [hit.section.id for hit in index.search(query)]


def test_all_words_must_match(index):
    assert ids(index, "gas deal") == ["eu-deals"]
    assert ids(index, "threat reliable") == []


def test_phrase_prefix_or_and_exclusion(index):
    assert ids(index, '"reliable partner"') == ["russia-ally"]
    assert ids(index, '"partner reliable"') == []
    assert ids(index, "trust*") == ["eu-deals"]
    assert set(ids(index, "trustworthy OR reliable")) == {"eu-deals", "russia-ally"}
    assert ids(index, "energy -russia") == ["eu-deals"]


def test_case_and_accent_insensitive(index):
    assert ids(index, "GOYUSOV") == ids(index, "Göyüşov") != []


def test_title_matches_rank_above_body_matches(index):
    # "threat" is in the title of `thesis` and only in a quote elsewhere.
    assert ids(index, "threat")[0] == "thesis"


def test_user_syntax_never_breaks_the_query(index):
    for query in ["U.S.", 'a"b', "(x", "NEAR(", "col:thing", "^x", "x AND", "OR x OR"]:
        index.search(query)  # no exception
    for query in ['( " -', "OR OR", "-gas"]:
        with pytest.raises(QueryError):
            index.search(query)


def test_snippets_mark_the_matches(index):
    hit = index.search("gas")[0]
    assert MARK_START in hit.snippet and MARK_END in hit.snippet
    start, end = hit.spans()[0]
    assert hit.plain_snippet[start:end].lower() == "gas"


def test_highlight_spans_in_pane_text():
    text = "Altay Göyüşov on mediation, Mediators and immediate things"
    spans = highlight_spans(text, parse_query("goyusov mediat*"))
    assert [text[a:b] for a, b in spans] == ["Göyüşov", "mediation", "Mediators"]


def test_cli_search(capsys):
    assert main(["search", "reliable", "--file", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("russia-ally  On relations with Russia (Non-Western actors, beta)")
    assert main(["search", "nothing-here-at-all", "--file", str(MINI)]) == 1
    assert main(["search", "--json", "gas", "--file", str(MINI)]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["id"] for h in hits] == ["eu-deals", "russia-ally"]
    first = hits[0]
    assert {"id", "title", "group", "snippet", "matches", "score"} <= set(first)
    a, b = first["matches"][0]
    assert first["snippet"][a:b].lower() == "gas"
    assert main(["search", "(", "--file", str(MINI)]) == 2


def test_without_fts5_the_cli_says_so_and_searches_all_the_same(capsys, no_fts5):
    assert main(["search", "reliable", "--file", str(MINI)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("russia-ally  On relations with Russia (Non-Western actors, beta)")
    assert f"briefing: {NO_FTS5}\n" == err
    assert main(["search", "--json", "gas", "--file", str(MINI)]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["id"] for h in hits] == ["eu-deals", "russia-ally"]
    a, b = hits[0]["matches"][0]
    assert hits[0]["snippet"][a:b].lower() == "gas"
    assert main(["search", "nothing-here-at-all", "--file", str(MINI)]) == 1
    assert main(["search", "(", "--file", str(MINI)]) == 2


def test_other_sqlite_errors_are_not_taken_for_a_missing_fts5(monkeypatch):
    import sqlite3

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database")

    monkeypatch.setattr(sqlite3, "connect", broken)
    with pytest.raises(sqlite3.OperationalError):
        SearchIndex(load(MINI))


def test_scan_snippets_show_about_twelve_words_around_the_first_match(no_fts5, tmp_path):
    words = [f"w{i}" for i in range(40)]
    words[20] = "Göyüşov"
    text = MINI.read_text(encoding="utf-8").replace(
        "The author argues against an earlier piece.", " ".join(words)
    )
    path = tmp_path / "long.yaml"
    path.write_text(text, encoding="utf-8")
    hit = SearchIndex(load(path)).search("goyusov w21")[0]
    assert hit.section.id == "thesis"
    plain = hit.plain_snippet
    assert plain.startswith("…w17 ") and plain.endswith(" w28…")
    assert [plain[a:b] for a, b in hit.spans()] == ["Göyüşov", "w21"]


def test_snippets_keep_the_items_of_a_field_apart() -> None:
    from briefing.search import ITEM_SEPARATOR, one_line

    assert one_line("First quote.\n  Second   quote.\n\n") == f"First quote.{ITEM_SEPARATOR}Second quote."
    assert one_line("one  line") == "one line"
