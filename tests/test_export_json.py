"""JSON and ClaimReview exports: plain data that round-trips into the model, and JSON-LD
whose every node has its schema.org type and the properties fact-check tools read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from briefing import claimreview, json_export
from briefing.cli import main
from briefing.load import load
from briefing.paths import bundled_path

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
BRIEFINGS = [MINI, FIXTURES / "hostile-html.yaml", FIXTURES / "hostile.yaml", bundled_path()]


def printed(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(["print", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("path", BRIEFINGS, ids=lambda p: p.name)
def test_json_round_trips_into_the_models_values(path: Path) -> None:
    briefing = load(path)
    text = json_export.dumps(json_export.briefing_document(briefing))
    again = json_export.briefing_from_json(json.loads(text))
    assert (again.id, again.title, again.summary, again.extra) == (
        briefing.id,
        briefing.title,
        briefing.summary,
        briefing.extra,
    )
    for kind in ("articles", "groups", "actors", "sources", "sections"):
        assert getattr(again, kind) == getattr(briefing, kind), kind
    for sec in briefing.sections:
        one = json.loads(json_export.dumps(json_export.section_document(briefing, sec)))
        assert json_export.section_from_json(one["section"]) == sec


def test_ids_are_resolved_to_the_records_they_name(capsys: pytest.CaptureFixture[str]) -> None:
    doc = printed(capsys, "eu-deals", "--format", "json", "--file", str(MINI))
    assert (doc["format"], doc["kind"]) == (json_export.FORMAT, "section")
    assert doc["briefing"] == {
        "id": "mini",
        "title": "Mini briefing",
        "summary": "Two short articles about two neighbours and the powers around them.",
        "extra": {},
    }
    sec = doc["section"]
    assert sec["article"]["title"] == "The first article" and sec["article"]["publication"] == "Test Weekly"
    assert sec["group"] == {"id": "western", "title": "Western actors", "summary": None, "extra": {}}
    assert [a["name"] for a in sec["actors"]] == ["European Union"]
    assert sec["claim"]["speaker"]["name"] == "Ana Author"
    assert sec["claim"]["quotes"][0]["speaker"]["kind"] == "organisation"
    assert [c["ref"]["title"] for c in sec["sources"]] == ["The first article", "EU gas memorandum"]
    assert sec["sources"][1]["role"] == "evidence"
    assert sec["events"][0]["actors"][0]["id"] == "eu"
    assert sec["related"] == [{"id": "thesis", "title": "The main threat"}]
    assert sec["analysis"]["relation"] == "supports"


def test_whole_briefing_lists_records_and_sections_in_document_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    doc = printed(capsys, "--all", "--format", "json", "--file", str(MINI))
    briefing = load(MINI)
    assert doc["kind"] == "briefing"
    assert [s["id"] for s in doc["sections"]] == [s.id for s in briefing.sections]
    assert [a["id"] for a in doc["actors"]] == [a.id for a in briefing.actors]
    with pytest.raises(ValueError):
        json_export.briefing_from_json({**doc, "format": 99})


def test_notes_are_refused_where_the_format_has_no_place_for_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["print", "--all", "--format", "json", "--notes", "--file", str(MINI)]) == 2
    assert "--notes" in capsys.readouterr().err


# -- ClaimReview ---------------------------------------------------------------------

# The properties each type must carry here, and the types a property may hold.
REQUIRED = {
    "ClaimReview": {"@context", "claimReviewed", "itemReviewed", "reviewRating", "author", "name"},
    "Claim": set(),
    "Rating": {"alternateName"},
    "Person": {"name"},
    "Organization": {"name"},
    "CreativeWork": set(),
}
RANGES = {
    "itemReviewed": {"Claim"},
    "reviewRating": {"Rating"},
    "author": {"Person", "Organization"},
    "appearance": {"CreativeWork"},
    "citation": {"CreativeWork"},
    "publisher": {"Organization", "Person"},
}
TEXT = {"claimReviewed", "name", "alternateName", "text", "reviewBody", "datePublished", "jobTitle", "url"}


def check_node(node: dict[str, Any], where: str) -> None:
    assert isinstance(node.get("@type"), str), f"{where}: no @type"
    kind = node["@type"]
    assert kind in REQUIRED, f"{where}: unexpected type {kind}"
    missing = REQUIRED[kind] - set(node)
    assert not missing, f"{where}: {kind} lacks {missing}"
    for key, value in node.items():
        if key.startswith("@"):
            continue
        assert value not in (None, "", []), f"{where}.{key} is empty"
        if key in TEXT:
            assert isinstance(value, str), f"{where}.{key}"
        for item in value if isinstance(value, list) else [value]:
            if key in RANGES:
                assert isinstance(item, dict) and item.get("@type") in RANGES[key], f"{where}.{key}"
            if isinstance(item, dict):
                check_node(item, f"{where}.{key}")


@pytest.mark.parametrize("path", BRIEFINGS, ids=lambda p: p.name)
def test_every_review_is_well_formed_json_ld(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reviews = printed(capsys, "--all", "--format", "claimreview", "--file", str(path))
    briefing = load(path)
    assert isinstance(reviews, list) and len(reviews) == len(briefing.sections)
    for review in reviews:
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        check_node(review, review["identifier"])


def mini_review(section: str) -> dict[str, Any]:
    briefing = load(MINI)
    return claimreview.review(briefing, briefing.section_by_id[section])


def test_review_maps_claim_speaker_quotes_and_relation() -> None:
    review = mini_review("russia-ally")
    assert review["claimReviewed"] == "Russia is a reliable partner."
    claim = review["itemReviewed"]
    assert claim["author"] == {
        "@type": "Person",
        "name": "Leader Göyüşov",
        "jobTitle": "President of Eastland",
    }
    assert claim["appearance"] == [
        {
            "@type": "CreativeWork",
            "name": "interview",
            "text": "a reliable partner",
            "datePublished": "2024-12/2025-01",
            "author": claim["author"],
        }
    ]
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Rebutted"}
    assert review["reviewBody"] == "The declaration of February 2022 tells another story."


def test_an_organisation_or_a_state_speaks_as_an_organization() -> None:
    briefing = load(MINI)
    assert claimreview.agent(briefing.actor_by_id["russia"]) == {"@type": "Organization", "name": "Russia"}
    assert claimreview.agent(briefing.actor_by_id["eu"])["@type"] == "Organization"


def test_without_the_articles_voice_the_briefings_editors_review() -> None:
    review = mini_review("thesis")
    assert review["author"] == {"@type": "Organization", "name": "The editors of Mini briefing"}
    assert "datePublished" not in review  # the briefing has no date of its own


def test_every_relation_has_a_rating_name() -> None:
    from briefing.model import RELATIONS

    assert set(claimreview.RATINGS) == set(RELATIONS)


def test_voice_is_carried_and_decides_who_reviews() -> None:
    from test_export_html import with_voices

    briefing = with_voices()
    doc = json.loads(json_export.dumps(json_export.briefing_document(briefing)))
    voices = {s["id"]: s["analysis"]["voice"] for s in doc["sections"]}
    assert voices == {"thesis": None, "eu-deals": "article", "russia-ally": "editors"}
    assert json_export.briefing_from_json(doc).sections == briefing.sections

    from_article = claimreview.review(briefing, briefing.section_by_id["eu-deals"])
    assert from_article["author"] == [
        {"@type": "Person", "name": "Ana Author"},
        {"@type": "Organization", "name": "Test Weekly"},
    ]
    assert from_article["datePublished"] == "2022-09"
    editors = claimreview.review(briefing, briefing.section_by_id["russia-ally"])
    assert editors["author"] == {"@type": "Organization", "name": "The editors of Mini briefing"}
    assert "datePublished" not in editors


# -- rules the mutation run showed untested ----------------------------------------------


def with_extras() -> Any:
    """The mini briefing with extra data at the top level and nested in a section."""
    from briefing.load import loads

    text = MINI.read_text(encoding="utf-8") + "extra: {edition: 2, by: {name: Ana, ids: [1, 2]}}\n"
    text = text.replace(
        "    tags: [thesis]\n", "    tags: [thesis]\n    extra: {review: {state: done, n: 3}}\n"
    )
    return loads(text)


def test_rule_extra_data_is_carried_whole_and_read_back(tmp_path: Path) -> None:
    # README "Export formats", JSON: every record with all of its fields and `extra`;
    # briefing_from_json reads a whole-briefing document back into the model.
    briefing = with_extras()
    doc = json.loads(json_export.dumps(json_export.briefing_document(briefing)))
    assert doc["briefing"]["extra"] == {"edition": 2, "by": {"name": "Ana", "ids": [1, 2]}}
    (thesis,) = [s for s in doc["sections"] if s["id"] == "thesis"]
    assert thesis["extra"] == {"review": {"state": "done", "n": 3}}
    again = json_export.briefing_from_json(doc)
    assert again.extra == briefing.extra and again.sections == briefing.sections
    assert again.path == "" and json_export.briefing_from_json(doc, "b.json").path == "b.json"


def test_rule_only_a_whole_briefing_document_of_this_format_is_read_back() -> None:
    # README "Export formats", JSON: the shape is stable within a `format` number.
    briefing = load(MINI)
    doc = json_export.briefing_document(briefing)
    section = json_export.section_document(briefing, briefing.sections[0])
    for wrong in ({**doc, "format": 2}, {**doc, "kind": "section"}, section):
        with pytest.raises(ValueError, match=r"^not a briefing JSON document of format 1$"):
            json_export.briefing_from_json(wrong)


def test_rule_an_id_no_record_holds_is_named_as_it_is() -> None:
    # json_export: every actor id is replaced by its record; one that names no record (a
    # briefing built by a script) is kept as {"id", "name"} rather than lost.
    briefing = load(MINI)
    thesis = briefing.section_by_id["thesis"]
    stray = thesis._replace(claim=thesis.claim._replace(speaker="nobody"))
    assert json_export.section_json(briefing, stray)["claim"]["speaker"] == {"id": "nobody", "name": "nobody"}


def test_rule_the_json_is_printed_as_readable_utf8_indented_by_two() -> None:
    # README "Export formats", JSON: printed for people as for scripts: names as typed (not
    # \u escapes), two-space indentation, a final newline.
    assert (
        json_export.dumps({"name": "Göyüşov", "ids": [1]})
        == '{\n  "name": "Göyüşov",\n  "ids": [\n    1\n  ]\n}\n'
    )


def claimreview_case() -> Any:
    """The mini briefing with the article's voice on eu-deals and russia-ally, the first
    article's address, a role for an organisation and an address for a source."""
    from briefing.load import loads

    text = MINI.read_text(encoding="utf-8")
    text = text.replace("      relation: supports\n", "      relation: supports\n      voice: article\n")
    text = text.replace("      relation: rebuts\n", "      relation: rebuts\n      voice: article\n")
    text = text.replace(
        '    date: "2022-09"\n    note:', '    date: "2022-09"\n    url: https://example.org/first\n    note:'
    )
    text = text.replace("kind: organisation}", "kind: organisation, role: A union of states}")
    text = text.replace(
        'date: "2022", note: Amount', 'date: "2022", url: "https://example.org/memo", note: Amount'
    )
    return loads(text)


def test_rule_claimreview_maps_every_property_as_the_readme_table_says() -> None:
    # README "Export formats", ClaimReview: the table of properties, one by one.
    briefing = claimreview_case()
    ana = {"@type": "Person", "name": "Ana Author", "jobTitle": "Columnist"}
    assert claimreview.review(briefing, briefing.section_by_id["eu-deals"]) == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": "eu-deals",
        "name": "Gas deals with the EU",
        "url": "https://example.org/first",
        "claimReviewed": "The EU rewarded the aggressor with an energy deal.",
        "itemReviewed": {
            "@type": "Claim",
            "author": ana,
            "appearance": [
                {
                    "@type": "CreativeWork",
                    "name": "press conference",
                    "text": "trustworthy",
                    "datePublished": "2022",
                    "author": {
                        "@type": "Organization",
                        "name": "European Union",
                        "description": "A union of states",
                    },
                }
            ],
        },
        "reviewRating": {"@type": "Rating", "alternateName": "Supported"},
        "reviewBody": "The deal was worth **$1.96 billion**.",
        "author": [
            {"@type": "Person", "name": "Ana Author"},
            {"@type": "Organization", "name": "Test Weekly"},
        ],
        "datePublished": "2022-09",
        "keywords": ["energy"],
        "citation": [
            {
                "@type": "CreativeWork",
                "name": "The first article",
                "publisher": {"@type": "Organization", "name": "Test Weekly"},
                "datePublished": "2022-09",
            },
            {
                "@type": "CreativeWork",
                "name": "EU gas memorandum",
                "publisher": {"@type": "Organization", "name": "European Commission"},
                "datePublished": "2022",
                "url": "https://example.org/memo",
            },
        ],
    }
    assert [r["identifier"] for r in claimreview.reviews(briefing)] == [s.id for s in briefing.tree_order()]


def test_rule_an_article_with_no_author_or_publication_reviews_under_its_title() -> None:
    # README "Export formats", ClaimReview `author`: voice `article`: the article's author and
    # publication, where known; the supplied article here has neither, so it is named itself.
    briefing = claimreview_case()
    review = claimreview.review(briefing, briefing.section_by_id["russia-ally"])
    assert review["author"] == {"@type": "Organization", "name": "A second article"}
    assert "url" not in review and "datePublished" not in review
    thesis = briefing.section_by_id["thesis"]
    quiet = thesis._replace(claim=thesis.claim._replace(speaker=None, quotes=()), tags=(), sources=())
    assert claimreview.review(briefing, quiet)["itemReviewed"] == {"@type": "Claim"}
    assert "keywords" not in claimreview.review(briefing, quiet)
    assert "citation" not in claimreview.review(briefing, quiet)


def test_rule_only_the_articles_own_analysis_carries_its_address_and_no_value_is_stated_empty() -> None:
    # README "Export formats", ClaimReview: `url` only for voice `article`; properties without a
    # value are left out (an empty text, a quote whose speaker no record names).
    briefing = claimreview_case()
    thesis = briefing.section_by_id["thesis"]
    assert (claimreview.voice(thesis), claimreview.voice(briefing.section_by_id["eu-deals"])) == (
        "editors",
        "article",
    )
    assert "url" not in claimreview.review(briefing, thesis)  # its article has one: not the editors'
    stray = thesis._replace(
        analysis=thesis.analysis._replace(body="  \n"),
        claim=thesis.claim._replace(quotes=(thesis.claim.quotes[0]._replace(speaker="nobody"),)),
    )
    review = claimreview.review(briefing, stray)
    assert "reviewBody" not in review
    assert review["itemReviewed"]["appearance"] == [
        {"@type": "CreativeWork", "name": "column", "text": "the greatest threat", "datePublished": "2022-09"}
    ]
