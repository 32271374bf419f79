"""The comparison core: records matched by id, fields compared as sets, words diffed."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import diff_render
from briefing.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    RENAMED,
    Piece,
    compare,
    section_digest,
    word_diff,
)
from briefing.load import load
from briefing.model import Briefing, Citation, Event, Quote, Section

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


@pytest.fixture(scope="module")
def mini() -> Briefing:
    return load(MINI)


def rebuilt(b: Briefing, **changes: Any) -> Briefing:
    fields = {
        name: getattr(b, name)
        for name in ("id", "title", "summary", "articles", "groups", "actors", "sections", "sources", "extra")
    }
    fields.update(changes)
    return Briefing(**fields)


def with_section(b: Briefing, sid: str, **changes: Any) -> Briefing:
    return rebuilt(b, sections=tuple(s._replace(**changes) if s.id == sid else s for s in b.sections))


def only(comparison, kind: str = "section"):
    found = [c for c in comparison.changes if c.kind == kind]
    assert len(found) == 1, comparison.changes
    return found[0]


def field(change, name: str):
    found = [f for f in change.fields if f.field == name]
    assert len(found) == 1, change.fields
    return found[0]


# -- words -----------------------------------------------------------------------------


def rebuild(pieces: tuple[Piece, ...], side: str) -> str:
    return "".join(p.text for p in pieces if p.op in ("=", side))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a b c d", "a x y d"),
        ("The deal was worth $1.96 billion.", "The deal was worth $2 billion, said Göyüşov."),
        ("", "new text"),
        ("old text", ""),
        ("one\n\ntwo three", "one\n\ntwo four\n\nfive"),
        ("日本語 の 文", "日本語 が 文"),
    ],
)
def test_word_diff_rebuilds_both_sides(old: str, new: str) -> None:
    pieces = word_diff(old, new)
    assert rebuild(pieces, "-") == old and rebuild(pieces, "+") == new


def test_word_diff_works_on_words_not_characters() -> None:
    assert word_diff("a quick fox", "a slow fox") == (
        Piece("=", "a "),
        Piece("-", "quick"),
        Piece("+", "slow"),
        Piece("=", " fox"),
    )
    # Two changed words with one space between read as one change.
    assert word_diff("a b c d", "a x y d")[1:3] == (Piece("-", "b c"), Piece("+", "x y"))


def test_plain_marks_removed_and_added_words() -> None:
    lines = diff_render.word_lines(word_diff("a quick fox", "a slow fox"), whole=True)
    assert diff_render.plain(lines) == "a [-quick-]{+slow+} fox\n"


# -- sections --------------------------------------------------------------------------


def test_the_same_briefing_is_the_same(mini: Briefing) -> None:
    assert compare(mini, mini).same
    assert compare(mini, load(MINI)).same


def test_reordering_is_not_a_change(mini: Briefing) -> None:
    thesis = mini.section_by_id["thesis"]
    eu = mini.section_by_id["eu-deals"]
    shuffled = rebuilt(
        mini,
        sections=tuple(reversed(mini.sections)),
        actors=tuple(reversed(mini.actors)),
        sources=tuple(reversed(mini.sources)),
    )
    shuffled = with_section(shuffled, "eu-deals", sources=tuple(reversed(eu.sources)))
    shuffled = with_section(shuffled, "thesis", claim=thesis.claim, tags=thesis.tags)
    assert compare(mini, shuffled).same
    assert section_digest(eu) == section_digest(eu._replace(sources=tuple(reversed(eu.sources))))


def test_added_and_removed_sections(mini: Briefing) -> None:
    extra = mini.section_by_id["thesis"]._replace(id="fresh", title="Fresh section", tags=("new",))
    after = rebuilt(mini, sections=(*[s for s in mini.sections if s.id != "russia-ally"], extra))
    comparison = compare(mini, after)
    statuses = {c.id: c.status for c in comparison.changes}
    assert statuses == {"fresh": ADDED, "russia-ally": REMOVED}
    added = next(c for c in comparison.changes if c.id == "fresh")
    assert {f.field: f.new for f in added.fields} == {"article": "alpha", "group": "home"}


def test_a_new_id_with_the_same_content_is_a_rename(mini: Briefing) -> None:
    renamed = with_section(mini, "russia-ally", id="russia-partner")
    change = only(compare(mini, renamed))
    assert (change.status, change.id, change.old_id) == (RENAMED, "russia-partner", "russia-ally")


def test_a_new_id_with_other_content_is_removed_and_added(mini: Briefing) -> None:
    other = with_section(mini, "russia-ally", id="russia-partner", title="Another title")
    statuses = sorted((c.id, c.status) for c in compare(mini, other).changes)
    assert statuses == [("russia-ally", REMOVED), ("russia-partner", ADDED)]


def test_a_new_title_is_a_change_not_a_rename(mini: Briefing) -> None:
    change = only(compare(mini, with_section(mini, "thesis", title="The main danger")))
    assert change.status == CHANGED and change.id == "thesis"
    title = field(change, "title")
    assert (title.old, title.new) == ("The main threat", "The main danger")
    assert title.words == (Piece("=", "The main "), Piece("-", "threat"), Piece("+", "danger"))


def test_moving_to_another_group_or_article(mini: Briefing) -> None:
    change = only(compare(mini, with_section(mini, "russia-ally", group="western", article="alpha")))
    assert change.moved and change.status == CHANGED
    assert [f.field for f in change.fields] == ["article", "group"]
    assert diff_render.stat_lines(compare(mini, with_section(mini, "russia-ally", group="western")))[
        0
    ].split()[:3] == ["moved", "section", "russia-ally"]


def test_every_field_of_a_section(mini: Briefing) -> None:
    s = mini.section_by_id["eu-deals"]
    changed = s._replace(
        actors=("eu", "russia"),
        claim=s.claim._replace(
            speaker="leader",
            summary="The EU rewarded the aggressor with a larger deal.",
            quotes=(Quote("a new quote", "leader"),),
        ),
        analysis=s.analysis._replace(relation="undercuts", body="The deal was worth **$2 billion**."),
        sources=(Citation("column", "context"), Citation("new-src", "evidence")),
        events=(Event("2022-07", "Gas deal signed", ("eu", "russia")), Event("2023", "Another")),
        related=("russia-ally",),
        tags=("energy", "gas"),
        extra={"reviewed": True},
    )
    change = only(compare(mini, with_section(mini, "eu-deals", **changed._asdict())))
    names = [f.field for f in change.fields]
    assert names == [
        "actors",
        "claim.speaker",
        "claim.summary",
        "claim.quotes",
        "analysis.relation",
        "analysis.body",
        "sources",
        "events",
        "related",
        "tags",
        "extra",
    ]
    assert field(change, "actors").added == ("russia",)
    speaker = field(change, "claim.speaker")
    assert (speaker.old, speaker.new, speaker.words) == ("ana", "leader", ())
    quotes = field(change, "claim.quotes")
    assert quotes.added[0].startswith("“a new quote”") and quotes.removed[0].startswith("“trustworthy”")
    sources = field(change, "sources")
    assert sources.added == ("new-src as evidence",)
    assert [c.key for c in sources.changed] == ["column"]
    assert sources.changed[0].old == "column as claim" and sources.changed[0].new == "column as context"
    assert sources.removed == ("gas-deal as evidence: The amount.",)
    events = field(change, "events")
    assert events.added == ("2023 Another",) and [c.key for c in events.changed] == [
        "2022-07 Gas deal signed"
    ]
    assert field(change, "related").added == ("russia-ally",) and field(change, "related").removed == (
        "thesis",
    )
    assert field(change, "tags").added == ("gas",) and field(change, "tags").removed == ()
    body = field(change, "analysis.body")
    assert body.words[1:3] == (Piece("-", "**$1.96"), Piece("+", "**$2"))


def test_voice_is_compared_when_the_model_has_it(mini: Briefing) -> None:
    s = mini.section_by_id["thesis"]
    change = only(compare(mini, with_section(mini, "thesis", analysis=s.analysis._replace(voice="editors"))))
    voice = field(change, "analysis.voice")
    assert (voice.old, voice.new) == (None, "editors")


# -- registries and metadata -----------------------------------------------------------


def test_registries_and_metadata(mini: Briefing) -> None:
    actors = tuple(a._replace(role="Head of state") if a.id == "leader" else a for a in mini.actors)
    after = rebuilt(
        mini,
        title="Mini briefing, revised",
        actors=actors,
        articles=tuple(a._replace(supplied=not a.supplied) if a.id == "beta" else a for a in mini.articles),
        groups=mini.groups[:1] + mini.groups[1:],
        sources=(*mini.sources, mini.sources[0]._replace(id="another", title="Another source")),
    )
    comparison = compare(mini, after)
    kinds = [(c.kind, c.id, c.status) for c in comparison.changes]
    assert kinds == [
        ("briefing", "mini", CHANGED),
        ("article", "beta", CHANGED),
        ("actor", "leader", CHANGED),
        ("source", "another", ADDED),
    ]
    role = field(only(comparison, "actor"), "role")
    assert (role.old, role.new) == ("President of Eastland", "Head of state")
    assert field(only(comparison, "article"), "supplied").new == "no"
    assert field(only(comparison, "briefing"), "title").words[-1] == Piece("+", "briefing, revised")


# -- text from a briefing is data ------------------------------------------------------


def test_markup_and_control_characters_are_shown_as_text(mini: Briefing) -> None:
    hostile = "[bold red]loud[/] \x1b[31mred\x1b[0m ‮evil"
    comparison = compare(mini, with_section(mini, "thesis", title=hostile))
    lines = diff_render.document_lines(comparison, "old", "new")
    text = diff_render.plain(lines)
    assert "\x1b" not in text and "\u202e" not in text
    assert "[bold red]loud[/]" in text and "<U+202E>" in text
    rich = diff_render.rich_lines(lines)
    assert any("[bold red]loud[/]" in t.plain for t in rich)
    assert all(not span.style or "bold red" not in str(span.style) for t in rich for span in t.spans)


def test_unicode_words(mini: Briefing) -> None:
    comparison = compare(mini, with_section(mini, "thesis", title="Главная угроза — Göyüşov"))
    title = field(only(comparison), "title")
    assert rebuild(title.words, "+") == "Главная угроза — Göyüşov"


def test_json_shape_is_stable(mini: Briefing) -> None:
    comparison = compare(mini, with_section(mini, "thesis", title="The main danger", tags=("thesis", "x")))
    data = diff_render.to_json(comparison, "a.yaml", "b.yaml")
    assert set(data) == {"format", "old", "new", "same", "counts", "changes"}
    assert data["format"] == 1 and data["same"] is False
    assert data["counts"] == {"added": 0, "removed": 0, "changed": 1, "renamed": 0, "moved": 0}
    (change,) = data["changes"]
    assert set(change) == {"kind", "id", "status", "old_id", "moved", "title", "fields"}
    title, tags = change["fields"]
    assert title == {
        "field": "title",
        "old": "The main threat",
        "new": "The main danger",
        "words": [["=", "The main "], ["-", "threat"], ["+", "danger"]],
    }
    assert tags == {"field": "tags", "added": ["x"], "removed": [], "changed": []}


def test_sections_in_reading_order(mini: Briefing) -> None:
    after = rebuilt(mini, sections=tuple(s._replace(title=s.title + "!") for s in reversed(mini.sections)))
    ids = [c.id for c in compare(mini, after).changes]
    assert ids == [s.id for s in mini.tree_order()]


def test_section_type_is_complete() -> None:
    """Every field of a section is compared: a new model field must be added to the diff."""
    from briefing.diff import section_fields

    covered = {name.split(".")[0] for name in section_fields(load(MINI).sections[0])}
    assert set(Section._fields) - {"id"} <= covered


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "the", "Göyüşov", " ", "\n", "  ", "[b]"]), max_size=30),
    st.lists(st.sampled_from(["a", "b", "the", "Göyüşov", " ", "\n", "  ", "[b]"]), max_size=30),
)
def test_word_diff_always_rebuilds_both_sides(old: list[str], new: list[str]) -> None:
    a, b = "".join(old), "".join(new)
    pieces = word_diff(a, b)
    assert rebuild(pieces, "-") == a and rebuild(pieces, "+") == b
    assert all(p.text for p in pieces)
    assert all(x.op != y.op for x, y in pairwise(pieces))


# -- rules the mutation run showed untested ----------------------------------------------


def test_rule_reordering_items_that_share_a_key_is_not_a_change(mini: Briefing) -> None:
    # README "briefing diff": reordering the items of a list is not a change, even two
    # citations of one source (numbered `key #2` inside the comparison).
    eu = mini.section_by_id["eu-deals"]
    twice = (Citation("gas-deal", "claim"), Citation("gas-deal", "evidence", "The amount."))
    before = with_section(mini, "eu-deals", sources=twice)
    after = with_section(mini, "eu-deals", sources=tuple(reversed(twice)))
    assert compare(before, after).same
    assert section_digest(before.section_by_id["eu-deals"]) == section_digest(after.section_by_id["eu-deals"])
    # A real change among them is still one change of one item.
    rerolled = with_section(mini, "eu-deals", sources=(twice[1], twice[0]._replace(role="context")))
    sources = field(only(compare(before, rerolled)), "sources")
    assert [(c.old, c.new) for c in sources.changed] == [("gas-deal as claim", "gas-deal as context")]
    assert not sources.added and not sources.removed and eu.sources != twice


def test_rule_digests_of_read_sections_stay_the_same_across_versions() -> None:
    # seen: read marks are kept in the state as digests, so the digest of an unchanged
    # record must not change from one version of the program to the next.
    from briefing.diff import digest

    fields = {"title": "Göyüşov", "tags": {"b": "b", "a": "a"}, "extra": None}
    assert digest(fields) == "dcee5d214062bb79806b6b1b"
    assert digest({"tags": {"x": "a", "y": "b"}}) == digest({"tags": {"y": "a", "x": "b"}})


def test_rule_every_record_line_names_the_records_title(mini: Briefing) -> None:
    # README "briefing diff": a record is named by status, kind, id and its title.
    fresh = mini.section_by_id["thesis"]._replace(id="fresh", title="Fresh section", tags=("new",))
    after = rebuilt(
        mini,
        title="Mini briefing, revised",
        sections=(*[s for s in mini.sections if s.id != "russia-ally"], fresh),
        groups=tuple(g._replace(title="The West") if g.id == "western" else g for g in mini.groups),
    )
    after = with_section(after, "thesis", id="main-thesis")
    lines = diff_render.plain(diff_render.document_lines(compare(mini, after), "a", "b")).splitlines()
    assert lines[2] == "5 records differ: 2 changed, 1 added, 1 removed, 1 renamed"
    assert [line for line in lines[3:] if not line.startswith(" ")] == [
        "changed briefing mini “Mini briefing, revised”",
        "renamed section thesis → main-thesis “The main threat”",
        "added section fresh “Fresh section” (article alpha, group home)",
        "removed section russia-ally “On relations with Russia”",
        "changed group western “The West”",
    ]
    assert [(c.kind, c.status) for c in compare(mini, after).changes][-2:] == [
        ("section", REMOVED),
        ("group", CHANGED),
    ]


def test_rule_records_after_an_added_or_renamed_one_are_still_compared(mini: Briefing) -> None:
    # README "briefing diff": every record that differs is reported, wherever it sits.
    first = mini.section_by_id["thesis"]._replace(id="first", title="First of all", tags=("first",))
    added = rebuilt(mini, sections=(first, *mini.sections))
    added = with_section(added, "russia-ally", title="Changed last")
    assert [(c.id, c.status) for c in compare(mini, added).changes] == [
        ("first", ADDED),
        ("russia-ally", CHANGED),
    ]
    renamed = with_section(with_section(mini, "thesis", id="opening"), "russia-ally", title="Changed last")
    assert [(c.id, c.status) for c in compare(mini, renamed).changes] == [
        ("opening", RENAMED),
        ("russia-ally", CHANGED),
    ]


def test_rule_moving_to_another_article_alone_is_a_move(mini: Briefing) -> None:
    # README "briefing diff": a section moved to another group *or article* is moved.
    change = only(compare(mini, with_section(mini, "russia-ally", article="alpha")))
    assert change.moved and [f.field for f in change.fields] == ["article"]


def test_rule_a_registry_record_with_a_new_id_and_the_same_content_is_renamed(mini: Briefing) -> None:
    # README "briefing diff": renamed (a new id, the same content), for the registries too.
    actors = tuple(a._replace(id="eu-2") if a.id == "eu" else a for a in mini.actors)
    change = only(compare(mini, rebuilt(mini, actors=actors)), "actor")
    assert (change.status, change.id, change.old_id, change.title) == (
        RENAMED,
        "eu-2",
        "eu",
        "European Union",
    )


def test_rule_extra_and_flags_of_a_registry_record_read_as_values(mini: Briefing) -> None:
    # README "briefing diff": `extra` is compared; a flag reads yes or no.
    actors = tuple(a._replace(extra={"born": 1950}) if a.id == "leader" else a for a in mini.actors)
    articles = tuple(a._replace(supplied=False) if a.id == "beta" else a for a in mini.articles)
    comparison = compare(mini, rebuilt(mini, actors=actors, articles=articles))
    extra = field(only(comparison, "actor"), "extra")
    assert (extra.old, extra.new, extra.is_list) == (None, '{"born": 1950}', False)
    supplied = field(only(comparison, "article"), "supplied")
    assert (supplied.old, supplied.new) == ("yes", "no")


def test_rule_the_briefings_own_id_summary_and_extra_are_compared(mini: Briefing) -> None:
    # README "briefing diff": the same for the briefing's own title and summary (and extra).
    after = rebuilt(mini, id="mini-2", summary="Shorter.", extra={"edition": 2})
    change = only(compare(mini, after), "briefing")
    assert [(f.field, f.new) for f in change.fields] == [
        ("id", "mini-2"),
        ("summary", "Shorter."),
        ("extra", '{"edition": 2}'),
    ]


def test_rule_a_section_the_tree_would_not_show_is_still_compared(mini: Briefing) -> None:
    # diff.compare: sections in reading order, anything the tree would not show last.
    stray = with_section(mini, "thesis", group="nowhere")
    change = only(compare(stray, with_section(stray, "thesis", title="Still here")))
    assert (change.id, change.status) == ("thesis", CHANGED)


def test_rule_counts_add_up_every_change(mini: Briefing) -> None:
    # README "briefing diff --json": counts of added, removed, changed, renamed, moved.
    after = with_section(mini, "thesis", group="western")
    after = with_section(after, "eu-deals", title="One")
    after = with_section(after, "russia-ally", title="Two")
    assert compare(mini, after).counts() == {"added": 0, "removed": 0, "changed": 3, "renamed": 0, "moved": 1}


@pytest.mark.parametrize(
    ("old", "new", "pieces"),
    [
        # Two changes apart stay apart; the words between them are kept.
        ("a b c d e", "a x c y e", ("=a ", "-b", "+x", "= c ", "-d", "+y", "= e")),
        # Two changes with only a space between read as one.
        ("b c", "x y", ("-b c", "+x y")),
        # ... but only when something is both removed and added: two additions stay two.
        (" ", "x y", ("+x", "= ", "+y")),
        # The common end is kept, whitespace and all, wherever the edit sits.
        ("\tw z", "k\tz", ("-\tw ", "+k\t", "=z")),
        ("k\tz", "\tw z", ("-k\t", "+\tw ", "=z")),
        ("on", "the on on", ("+the on ", "=on")),
    ],
)
def test_rule_word_diff_marks_only_the_changed_words(old: str, new: str, pieces: tuple[str, ...]) -> None:
    # README "briefing diff": text fields show a word diff, [-removed-]{+added+} in place.
    assert word_diff(old, new) == tuple(Piece(p[0], p[1:]) for p in pieces)


def test_rule_a_long_text_changed_at_both_ends_keeps_its_middle() -> None:
    # README "briefing diff": a word diff marks the words that changed, however long the
    # text (difflib's heuristic for long sequences would call the whole text changed).
    body = " ".join(["the deal was worth two billion and the talks went on for a year"] * 12)
    pieces = word_diff(f"Before {body} after.", f"Earlier {body} later.")
    assert pieces == (
        Piece("-", "Before"),
        Piece("+", "Earlier"),
        Piece("=", f" {body} "),
        Piece("-", "after."),
        Piece("+", "later."),
    )


def test_rule_list_items_read_with_every_part_of_them(mini: Briefing) -> None:
    # README "briefing diff": quotes, sources and events added or removed show what they say.
    s = mini.section_by_id["eu-deals"]
    changed = s._replace(
        claim=s.claim._replace(
            quotes=(Quote("bare", "ana"), Quote("full", "eu", "2022", "a speech", {"page": 3}))
        ),
        sources=(Citation("column"), Citation("gas-deal", "context", "Why.", {"n": 1})),
        events=(Event("2023", "Plain"), Event("2024", "Both", ("eu", "russia"), {"k": "v"})),
    )
    change = only(compare(mini, with_section(mini, "eu-deals", **changed._asdict())))
    assert field(change, "claim.quotes").added == (
        "“bare” (ana)",
        '“full” (eu, on 2022, in a speech, extra {"page": 3})',
    )
    assert field(change, "claim.quotes").removed == ("“trustworthy” (eu, on 2022, in press conference)",)
    sources = field(change, "sources")
    assert [(c.key, c.new) for c in sources.changed] == [
        ("column", "column"),
        ("gas-deal", 'gas-deal as context: Why. (extra {"n": 1})'),
    ]
    assert field(change, "events").added == ("2023 Plain", '2024 Both [eu, russia] (extra {"k": "v"})')


def test_rule_a_repeated_key_is_numbered_from_two(mini: Briefing) -> None:
    # README "briefing diff --json": a changed item names its key; the second of two
    # citations of one source is `gas-deal #2`.
    twice = (Citation("gas-deal", "claim"), Citation("gas-deal", "evidence", "The amount."))
    before = with_section(mini, "eu-deals", sources=twice)
    after = with_section(mini, "eu-deals", sources=(twice[0], twice[1]._replace(note="Another.")))
    sources = field(only(compare(before, after)), "sources")
    assert [c.key for c in sources.changed] == ["gas-deal #2"]


def test_rule_extra_is_compared_everywhere_and_read_as_written(mini: Briefing) -> None:
    # README "briefing diff": `extra` is compared on the claim and the analysis too; its keys
    # in any order are the same data, and its text is shown as typed (not \u escapes).
    s = mini.section_by_id["thesis"]
    before = with_section(mini, "thesis", extra={"b": 1, "a": "Göyüşov"})
    after = with_section(
        mini,
        "thesis",
        extra={"a": "Göyüşov", "b": 1},
        claim=s.claim._replace(extra={"checked": True}),
        analysis=s.analysis._replace(extra={"by": "Ana"}),
    )
    change = only(compare(before, after))
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("claim.extra", None, '{"checked": true}'),
        ("analysis.extra", None, '{"by": "Ana"}'),
    ]
    reordered = with_section(mini, "thesis", extra={"a": "Göyüşov", "b": 1})
    assert section_digest(before.section_by_id["thesis"]) == section_digest(reordered.section_by_id["thesis"])
    shown = field(only(compare(mini, before)), "extra")
    assert shown.new == '{"a": "Göyüşov", "b": 1}'


# -- how a comparison reads (diff_render) ---------------------------------------------------


def test_rule_stat_is_one_exact_line_per_record(mini: Briefing) -> None:
    # README "briefing diff --stat": one line per changed record, `STATUS KIND ID FIELDS`.
    assert diff_render.stat_lines(compare(mini, mini)) == []
    fresh = mini.section_by_id["thesis"]._replace(id="fresh", title="Fresh", tags=("new",))
    after = rebuilt(mini, sections=(*[s for s in mini.sections if s.id != "russia-ally"], fresh))
    after = with_section(after, "thesis", id="main-thesis")
    after = with_section(after, "eu-deals", title="Changed")
    assert diff_render.stat_lines(compare(mini, after)) == [
        "renamed  section  main-thesis  from thesis",
        "added    section  fresh",
        "changed  section  eu-deals     title",
        "removed  section  russia-ally",
    ]


def test_rule_a_re_roled_source_reads_word_by_word_on_one_line(mini: Briefing) -> None:
    # README "briefing diff": a changed list item reads `~ gas-deal as [-evidence:-]{+context:+}
    # The amount.`, on one line even when its text has line breaks; --json gives key, old, new.
    eu = mini.section_by_id["eu-deals"]
    sources = (eu.sources[0], eu.sources[1]._replace(role="context", note="The\namount."))
    comparison = compare(mini, with_section(mini, "eu-deals", sources=sources))
    text = diff_render.plain(diff_render.document_lines(comparison, "a", "b"))
    assert "    ~ gas-deal as [-evidence:-]{+context:+} The amount.\n" in text
    (change,) = diff_render.to_json(comparison, "a.yaml", "b.yaml")["changes"]
    assert change["fields"][0]["changed"] == [
        {
            "key": "gas-deal",
            "old": "gas-deal as evidence: The amount.",
            "new": "gas-deal as context: The\namount.",
        }
    ]


def test_rule_the_json_names_both_sides(mini: Briefing) -> None:
    # README "briefing diff --json": "old" and "new" are {"path", "id", "title"}.
    data = diff_render.to_json(compare(mini, rebuilt(mini, id="mini-2", title="Two")), "a.yaml", "b.yaml")
    assert (data["old"], data["new"]) == (
        {"path": "a.yaml", "id": "mini", "title": "Mini briefing"},
        {"path": "b.yaml", "id": "mini-2", "title": "Two"},
    )


def test_rule_colours_render_and_plain_text_has_no_style(mini: Briefing) -> None:
    # README "briefing diff": on a terminal removed words are struck through in red and added
    # ones underlined in green; the rest of the text is left plain.
    import io

    from rich.console import Console

    comparison = compare(mini, with_section(mini, "thesis", title="The main danger"))
    lines = diff_render.rich_lines(diff_render.document_lines(comparison, "a", "b"))
    title = next(t for t in lines if t.plain.startswith("  title:"))
    styled = {title.plain[s.start : s.end]: str(s.style) for s in title.spans}
    assert styled == {"title:": "bold", "threat": "red strike", "danger": "green underline"}
    console = Console(file=io.StringIO(), force_terminal=True, color_system="standard")
    for line in lines:
        console.print(line)


def test_rule_an_added_section_says_where_it_went(mini: Briefing) -> None:
    # README "briefing diff --json": an added section also has "placement": {"article",
    # "group"}; only a changed record lists fields.
    fresh = mini.section_by_id["thesis"]._replace(id="fresh", title="Fresh", tags=("new",))
    comparison = compare(mini, rebuilt(mini, sections=(*mini.sections, fresh)))
    (change,) = diff_render.to_json(comparison, "a", "b")["changes"]
    assert (change["status"], change["fields"], change["placement"]) == (
        ADDED,
        [],
        {"article": "alpha", "group": "home"},
    )


def test_rule_a_value_that_was_not_there_reads_none(mini: Briefing) -> None:
    # README "briefing diff": a scalar field reads `old → new`; a missing side reads (none).
    s = mini.section_by_id["thesis"]
    comparison = compare(mini, with_section(mini, "thesis", analysis=s.analysis._replace(voice="editors")))
    text = diff_render.plain(diff_render.document_lines(comparison, "a", "b"))
    assert "  analysis.voice: (none) → editors\n" in text


def test_rule_a_long_body_shows_its_changed_lines_and_lists_their_items(mini: Briefing) -> None:
    # README "briefing diff": a long multi-line body shows only its changed lines, `…` between
    # them; list items read `+ added`, `- removed`, `~ changed`; on a terminal added items are
    # green, removed red, field names bold, the rest plain.
    s = mini.section_by_id["thesis"]
    body = "One.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n"
    before = with_section(mini, "thesis", analysis=s.analysis._replace(body=body))
    after = with_section(
        mini,
        "thesis",
        analysis=s.analysis._replace(body=body.replace("One.", "One!").replace("Five.", "Five!")),
        tags=("gas",),
        sources=(s.sources[0]._replace(role="context"),),
    )
    lines = diff_render.document_lines(compare(before, after), "a", "b")
    assert diff_render.plain(lines[4:]).splitlines() == [
        "  analysis.body:",
        "    [-One.-]{+One!+}",
        "    …",
        "    [-Five.-]{+Five!+}",
        "  sources:",
        "    ~ column as [-claim:-]{+context:+} The thesis paragraph.",
        "  tags:",
        "    + gas",
        "    - thesis",
    ]
    styled = [
        [(t.plain[p.start : p.end], str(p.style)) for p in t.spans] for t in diff_render.rich_lines(lines[4:])
    ]
    assert styled == [
        [("analysis.body:", "bold")],
        [("One.", "red strike"), ("One!", "green underline")],
        [("…", "dim")],
        [("Five.", "red strike"), ("Five!", "green underline")],
        [("sources:", "bold")],
        [("claim:", "red strike"), ("context:", "green underline")],
        [("tags:", "bold")],
        [("+ gas", "green")],
        [("- thesis", "red")],
    ]
    # A one-line text shows whole, on the field's line.
    one = compare(mini, with_section(mini, "thesis", title="The main danger"))
    assert diff_render.plain(diff_render.document_lines(one, "a", "b")[4:]) == (
        "  title: The main [-threat-]{+danger+}\n"
    )
    # A text that gains a line reads line by line too.
    eu = mini.section_by_id["eu-deals"]
    grown = with_section(mini, "eu-deals", analysis=eu.analysis._replace(body=eu.analysis.body + "\n\nMore."))
    assert diff_render.plain(diff_render.document_lines(compare(mini, grown), "a", "b")[4:]) == (
        "  analysis.body:\n    {+More.+}\n"
    )


@pytest.mark.parametrize(
    ("old", "new", "context", "shown"),
    [
        # Only the changed lines, `…` for each gap, none before the first or between neighbours.
        ("a\nb\nc\nd\ne", "a\nb\nc\nd\nE", 0, ["[-e-]{+E+}"]),
        ("a x\nb y\nc", "A x\nB y\nc", 0, ["[-a-]{+A+} x", "[-b-]{+B+} y"]),
        ("a\nb\nc", "A\nb\nC", 0, ["[-a-]{+A+}", "…", "[-c-]{+C+}"]),
        # With context, the lines around each change, up to the ends of the text.
        ("a\nb\nc\nd\ne", "a\nb\nc\nd\nE", 1, ["d", "[-e-]{+E+}"]),
        ("a\nb\nc\nd\ne", "A\nb\nc\nd\ne", 1, ["[-a-]{+A+}", "b"]),
        ("a\nb\nc\nd\ne\nf\ng", "a\nb\nc\nD\ne\nf\ng", 2, ["b", "c", "[-d-]{+D+}", "e", "f"]),
    ],
)
def test_rule_a_long_text_shows_its_changed_lines(old: str, new: str, context: int, shown: list[str]) -> None:
    # README "briefing diff": a long multi-line body shows only its changed lines, `…` between.
    lines = diff_render.word_lines(word_diff(old, new), context=context)
    assert diff_render.plain(lines).splitlines() == shown


def test_rule_a_change_that_only_hostile_text_can_see_never_breaks_the_output(mini: Briefing) -> None:
    # SECURITY/README: control characters are removed from what is shown, and nothing a
    # briefing holds makes the command fail; a change only in them, or only in a line
    # break inside a list item, still reads as a change.
    hostile = compare(with_section(mini, "thesis", title="\x07"), with_section(mini, "thesis", title="\x08"))
    assert diff_render.plain(diff_render.document_lines(hostile, "a", "b")[4:]) == "  title: \n"
    eu = mini.section_by_id["eu-deals"]
    broken = (eu.sources[0], eu.sources[1]._replace(note="The\namount."))
    comparison = compare(mini, with_section(mini, "eu-deals", sources=broken))
    assert diff_render.plain(diff_render.document_lines(comparison, "a", "b")[4:]) == (
        "  sources:\n    ~ gas-deal as evidence: The amount.\n"
    )
    back = compare(
        with_section(mini, "eu-deals", sources=broken), with_section(mini, "eu-deals", title="New")
    )
    assert diff_render.plain(diff_render.document_lines(back, "a", "b")[5:]) == (
        "  sources:\n    ~ gas-deal as evidence: The amount.\n"
    )
    # A text that loses its line breaks reads line by line too.
    body = "One.\n\nTwo."
    s = mini.section_by_id["thesis"]
    before = with_section(mini, "thesis", analysis=s.analysis._replace(body=body))
    after = with_section(mini, "thesis", analysis=s.analysis._replace(body="One. Two."))
    assert diff_render.plain(diff_render.document_lines(compare(before, after), "a", "b")[4:]).startswith(
        "  analysis.body:\n"
    )


def test_rule_a_scalar_change_reads_old_in_red_and_new_in_green(mini: Briefing) -> None:
    # README "briefing diff": `group: non-western → western`, the old value red, the new green.
    comparison = compare(mini, with_section(mini, "russia-ally", group="western"))
    (line,) = diff_render.rich_lines(diff_render.document_lines(comparison, "a", "b")[4:])
    assert line.plain == "  group: non-western → western"
    assert [(line.plain[s.start : s.end], str(s.style)) for s in line.spans] == [
        ("group:", "bold"),
        ("non-western", "red"),
        ("western", "green"),
    ]
