"""The bundled briefing: valid, complete, and faithful to the two articles it is built from.

Fidelity checks need the article texts (../shared/seeds beside the repository, or
$BRIEFING_SEEDS); they are skipped, saying so, where the texts are absent.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from briefing.load import bundled_path, load

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("BRIEFING_SEEDS", ROOT.parent / "shared" / "seeds"))
RUN = 12  # no field outside `quotes` may share this many consecutive words with the texts


@pytest.fixture(scope="module")
def briefing():
    return load(bundled_path())


@pytest.fixture(scope="module")
def seeds() -> str:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not files:
        pytest.skip(f"article texts not found in {SEEDS} (set BRIEFING_SEEDS)")
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower().replace("\u2019", "'"))


def runs(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    ws = words(text)
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


def fields_outside_quotes(value, path="") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [
            item
            for key, inner in value.items()
            if key != "quotes"
            for item in fields_outside_quotes(inner, f"{path}.{key}" if path else key)
        ]
    if isinstance(value, list):
        return [
            item for i, inner in enumerate(value) for item in fields_outside_quotes(inner, f"{path}[{i}]")
        ]
    return [(path, value)] if isinstance(value, str) else []


def test_the_bundled_file_is_the_repository_data_file():
    assert bundled_path() == ROOT / "data" / "sections.yaml"


def test_it_validates_and_every_section_is_complete(briefing):
    assert len(briefing.articles) == 2
    assert len(briefing.sections) >= 15
    for section in briefing.sections:
        assert section.claim.summary and section.claim.quotes, section.id
        assert 1 <= len(section.claim.quotes) <= 4, section.id
        assert section.analysis.body and section.analysis.relation, section.id
        assert section.sources, f"{section.id} cites no source"
        assert 120 <= len(words(section.analysis.body)) <= 350, section.id


def test_the_2025_article_has_one_section_per_heading(briefing):
    article = next(a for a in briefing.articles if a.supplied)
    counts = {g.id: len(briefing.sections_in(article.id, g.id)) for g in briefing.groups}
    assert counts.get("western") == 5 and counts.get("non-western") == 4 and counts.get("conclusions") == 1


def test_supplied_metadata_is_marked(briefing):
    for article in briefing.articles:
        if article.supplied:
            assert article.author is None and article.publication is None
            assert article.note and "not stated" in article.note


def test_every_quote_is_verbatim(briefing, seeds):
    missing = [(s.id, q.text) for s in briefing.sections for q in s.claim.quotes if q.text not in seeds]
    assert not missing, missing


def test_quotes_are_short(briefing):
    long = [(s.id, q.text) for s in briefing.sections for q in s.claim.quotes if len(words(q.text)) > 45]
    assert not long, long


def test_no_field_outside_quotes_copies_the_articles(seeds):
    seed_runs = runs(seeds)
    data = yaml.safe_load(bundled_path().read_text(encoding="utf-8"))
    copied = [(path, text) for path, text in fields_outside_quotes(data) if runs(text) & seed_runs]
    assert not copied, copied
