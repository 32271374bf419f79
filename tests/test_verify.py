"""`briefing verify` names the passage closest to a quote it cannot find, so a typo shows."""

from __future__ import annotations

from pathlib import Path

from briefing import verify
from briefing.cli import main
from briefing.load import load

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"

ARTICLE = """\
The first paragraph is about something else entirely,
with a second line that says nothing much.

Later the leader called the union a reliable partner in
all things, and then the talks moved on to gas.
"""


def test_a_one_word_typo_is_found_on_its_line():
    near = verify.closest(ARTICLE, "called the union a reliabel partner in all things")
    assert near is not None
    assert near.line == 4
    assert near.text == "called the union a reliable partner in all things,"
    assert 0.85 < near.similarity < 1


def test_no_words_no_passage():
    assert verify.closest("", "a quote") is None
    assert verify.closest(ARTICLE, "  ") is None


def test_a_quote_longer_than_the_article_is_compared_with_all_of_it():
    near = verify.closest("just three words", "just three words and more besides")
    assert near is not None and near.text == "just three words" and near.line == 1


def test_verify_prints_the_closest_passage_with_its_line(tmp_path, capsys):
    briefing = tmp_path / "b.yaml"
    briefing.write_text(
        MINI.read_text(encoding="utf-8").replace(
            '"a reliable partner"', '"a reliabel partner in all things"'
        ),
        encoding="utf-8",
    )
    article = tmp_path / "beta.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["verify", "--file", str(briefing), "--text", f"beta={article}"]) == 1
    out = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(out) if "not found" in line)
    assert "russia-ally" in out[at]
    assert out[at + 1].split() == [
        "closest:",
        f"{article}:4",
        "(83%",  # five of six words the same
        "similar)",
        *"“a reliable partner in all things,”".split(),
    ]


def test_a_quote_is_placed_on_the_line_of_its_first_occurrence():
    # README (verify): a verbatim quote is reported with the line it is on in the article.
    b = load(MINI)
    for text, line in [
        ("the greatest threat, and again the greatest threat", 1),  # at the very start, twice
        ("\nthe greatest threat", 2),  # after a blank first line
        ("one\ntwo\nthree: the greatest threat\nthe greatest threat", 3),
    ]:
        (result,) = verify.check(b, {"alpha": text})[:1]
        assert result == verify.QuoteCheck("thesis", 0, "the greatest threat", verify.VERBATIM, line)


def test_each_check_names_its_section_quote_and_status():
    # README (verify): each quote is verbatim (with its line), found only after normalising, or not found.
    b = load(MINI)
    checks = verify.check(b, {"alpha": "“The  Greatest—threat”", "beta": "Russia is “a  reliable\npartner”."})
    assert checks == [
        verify.QuoteCheck("thesis", 0, "the greatest threat", verify.MISSING),
        verify.QuoteCheck("eu-deals", 0, "trustworthy", verify.MISSING),
        verify.QuoteCheck("russia-ally", 0, "a reliable partner", verify.NORMALISED),
    ]
    assert verify.by_section(checks) == {
        "thesis": {0: checks[0]},
        "eu-deals": {0: checks[1]},
        "russia-ally": {0: checks[2]},
    }
    assert verify.by_section([]) == {}
    given = {"alpha": "", "gamma": "", "beta": "", "delta": ""}
    assert verify.unknown_articles(b, given) == ["gamma", "delta"]


def test_normalising_folds_typography_space_and_case():
    # README (verify): curly quotes, dashes and runs of spaces do not count; nor does case.
    assert verify.normalise("  “Hello”\n\t World—it’s  FINE…  ") == "\"hello\" world-it's fine..."


def test_the_closest_passage_is_the_first_of_equals_and_may_end_the_article():
    # README (verify): for a quote not found, the passage most like it, where it starts.
    near = verify.closest("one two\nthree four\nthree four", "Three “four”!")
    assert near is not None and (near.text, near.line) == ("three four", 2)
    near = verify.closest("alpha xray bravo alpha", "alpha bravo")  # "bravo alpha" is as like, but later
    assert near is not None and (near.text, near.similarity) == ("alpha xray", 0.5)
    near = verify.closest("a b c d e f z", "q r z")
    assert near is not None and (near.text, near.line) == ("e f z", 1)
    near = verify.closest("\n\nx y", "x q")
    assert near is not None and (near.text, near.line, near.similarity) == ("x y", 3, 0.5)


def test_a_long_quote_of_common_words_is_still_found():
    # README (verify): a typo in a long quote shows, however often its words repeat.
    words = "we will not give up our land and we will hold the line".split()
    speech = " ".join(words[i % len(words)] for i in range(240))
    near = verify.closest("Intro.\n" + speech, speech.replace("hold", "holds", 1))
    assert near is not None and near.line == 2 and near.text == speech
    assert near.similarity > 0.99
