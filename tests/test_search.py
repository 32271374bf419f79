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


@pytest.fixture(params=["fts5", "scan"])
def wider(request, tmp_path_factory):
    """MINI with a second quote in `thesis`, searched by FTS5 and by the plain scan.

    Built for each test (not once a module), so that `make mutate` knows every test that
    uses it runs the indexing code."""
    text = MINI.read_text(encoding="utf-8").replace(
        '        - {text: "the greatest threat", speaker: ana, date: "2022-09", venue: column}\n',
        '        - {text: "the greatest threat", speaker: ana, date: "2022-09", venue: column}\n'
        "        - {text: later words, speaker: leader}\n",
    )
    path = tmp_path_factory.mktemp("wider") / "wider.yaml"
    path.write_text(text, encoding="utf-8")
    if request.param == "fts5":
        return SearchIndex(load(path))
    with pytest.MonkeyPatch.context() as patch:
        without_fts5(patch)
        return SearchIndex(load(path))


def test_every_item_of_every_field_is_searched_as_its_own_words(wider):
    # README `/`: search covers titles, claims, quotes, analysis, sources, actors and tags,
    # each item (a quote, a source's title and publisher, an actor's name, a tag) word by word.
    assert ids(wider, "later") == ["thesis"]  # the second quote, right after the first
    assert set(ids(wider, "weekly")) == {"thesis", "eu-deals"}  # a cited source's publisher
    assert ids(wider, "union") == ["eu-deals"]  # an actor's name, not its id
    assert set(ids(wider, "energy")) == {"eu-deals", "russia-ally"}  # the last of two tags
    hit = wider.search("later")[0]
    assert hit.plain_snippet == "the greatest threat · later words"


def test_search_matches_whole_words_unless_asked_for_a_prefix(wider):
    # README: `prefix*` finds words starting with it; a bare word matches whole words only.
    assert ids(wider, "relia") == []
    assert ids(wider, "relia*") == ["russia-ally"]
    assert highlight_spans("gas gasoline", parse_query("gas")) == [(0, 3)]


def test_an_excluded_section_does_not_end_the_search(wider):
    # README: `-word` leaves out the sections with the word, and only those.
    assert ids(wider, "article -threat") == ["eu-deals"]


def test_scores_are_positive_and_higher_for_better_hits(wider):
    # README: hits are ranked (search --json gives each hit's score), best first.
    hits = wider.search("threat")
    assert hits[0].section.id == "thesis"
    assert all(hit.score > 0 for hit in hits)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_the_index_built_in_a_worker_thread_answers_another_thread():
    # SearchIndex: built off the UI thread, queried from it.
    import threading

    made: list[SearchIndex] = []
    worker = threading.Thread(target=lambda: made.append(SearchIndex(load(MINI))))
    worker.start()
    worker.join()
    assert [hit.section.id for hit in made[0].search("reliable")] == ["russia-ally"]


def test_parsing_a_query():
    # README: words all match, `-word` excludes even a one-letter word, and tokens with no
    # word in them are skipped, not the end of the query.
    from briefing.search import Query, Term

    assert parse_query("a -b") == Query(((Term(("a",)),),), (Term(("b",)),))
    assert parse_query("a -Xavier") == Query(((Term(("a",)),),), (Term(("xavier",)),))
    assert parse_query("( gas") == Query(((Term(("gas",)),),))
    assert parse_query("gas*") == Query(((Term(("gas",), prefix=True),),))
    with pytest.raises(QueryError) as err:
        parse_query("OR ( -")
    assert str(err.value) == "nothing to search for"
    with pytest.raises(QueryError) as err:
        parse_query("-gas")
    assert str(err.value) == "nothing to search for (only exclusions)"


def test_highlighted_spans_are_sorted_and_merged():
    # Search highlighting: matched ranges are marked once each, overlapping or touching
    # ranges as one, in order.
    assert highlight_spans("v w x y z", parse_query('v w "x y z" y')) == [(0, 1), (2, 3), (4, 9)]
    assert highlight_spans("mediation", parse_query("mediat* mediation")) == [(0, 9)]
    assert highlight_spans("⒈x", parse_query("1 x")) == [(0, 2)]  # "⒈" folds to "1."


def test_highlighting_folds_as_the_index_does():
    # search.fold: the index and the highlighter compare the same folded text, so the
    # highlighter marks no more than FTS5 finds (it does not turn ß into ss).
    assert highlight_spans("Straße", parse_query("strasse")) == []
    assert highlight_spans("Straße", parse_query("STRASSE")) == []
    assert highlight_spans("Straße", parse_query("straße")) == [(0, 6)]


@pytest.mark.parametrize(
    ("at", "query", "snippet"),
    [
        (20, "goyusov w21", "…w17 w18 w19 Göyüşov w21 w22 w23 w24 w25 w26 w27 w28…"),
        (0, "goyusov", "Göyüşov w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11…"),
        (39, "goyusov", "…w28 w29 w30 w31 w32 w33 w34 w35 w36 w37 w38 Göyüşov"),
    ],
)
def test_scan_snippets_are_twelve_words_and_say_where_text_is_cut(no_fts5, tmp_path, at, query, snippet):
    # README (SQLite without FTS5): snippets as FTS5 gives them: twelve words around the
    # first match, "…" only where the text goes on, the window kept inside the text.
    words = [f"w{i}" for i in range(40)]
    words[at] = "Göyüşov"
    body = "The author argues against an earlier piece.\n\n        - first point\n        - second point"
    text = MINI.read_text(encoding="utf-8")
    assert body in text
    path = tmp_path / "long.yaml"
    path.write_text(text.replace(body, " ".join(words)), encoding="utf-8")
    hit = SearchIndex(load(path)).search(query)[0]
    assert hit.plain_snippet == snippet


def test_a_word_ending_in_a_final_sigma_is_found_and_marked():
    # README `/`: case does not matter and matches are marked; Greek writes a lowercase sigma
    # at the end of a word as ς, and FTS5 finds it either way, so the highlighter must too.
    assert highlight_spans("Ο ΔΡΟΜΟΣ.", parse_query("δρομος")) == [(2, 8)]
    assert highlight_spans("ο δρομος", parse_query("ΔΡΟΜΟΣ")) == [(2, 8)]


def test_the_number_of_hits_is_limited(index, tmp_path):
    # README `search --limit N`; without a limit, SearchIndex.search gives at most 50 hits.
    assert len(index.search("energy OR gas OR threat", limit=1)) == 1
    section = MINI.read_text(encoding="utf-8").split("sections:\n")[1].split("  - id: eu-deals")[0]
    many = "".join(section.replace("id: thesis", f"id: s{i}") for i in range(52))
    text = MINI.read_text(encoding="utf-8").replace(section, section + many)
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    assert len(SearchIndex(load(path)).search("threat")) == 50


def test_the_snippet_comes_from_the_first_of_the_fields_that_match_most(index):
    # README: a snippet per hit, as FTS5's snippet() picks it: the title before a quote that
    # matches as often.
    assert index.search("threat")[0].plain_snippet == "The main threat"
