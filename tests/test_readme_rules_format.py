"""Rules of the briefing format stated in README.md ("The format", "Changes to the design"), each
with a test that breaks with it. The rest of the format's rules are in SECURITY.md's "Bad input"."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.load import BriefingError, loads
from briefing.model import ACTOR_KINDS, SOURCE_KINDS

MINI = (Path(__file__).parent / "fixtures" / "mini.yaml").read_text(encoding="utf-8")


def test_rule_the_kinds_are_the_readme_lists() -> None:
    """README: `kind` of a source: statement, document, law, report, survey, interview, article,
    speech, dataset, organisation, person. `kind` of an actor: person, state, organisation."""
    assert SOURCE_KINDS == (
        "statement", "document", "law", "report", "survey", "interview", "article", "speech",
        "dataset", "organisation", "person",
    )  # fmt: skip
    assert ACTOR_KINDS == ("person", "state", "organisation")


@pytest.mark.parametrize("key", ["sections", "articles", "groups"])
def test_rule_sections_articles_and_groups_need_at_least_one_entry(key: str) -> None:
    """README, Changes to the design: `sections`, `articles` and `groups` each need at least one entry."""
    start = MINI.index(f"\n{key}:\n") + 1
    end = next(
        i for i in range(start + len(key) + 2, len(MINI)) if MINI[i - 1] == "\n" and MINI[i] not in " \n"
    )
    with pytest.raises(BriefingError) as raised:
        loads(MINI[:start] + f"{key}: []\n" + MINI[end:], "t.yaml")
    assert any(p.path == key and p.message == "needs at least one entry" for p in raised.value.problems)
