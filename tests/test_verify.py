"""`briefing verify` names the passage closest to a quote it cannot find, so a typo shows."""

from __future__ import annotations

from pathlib import Path

from briefing import verify
from briefing.cli import main

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
