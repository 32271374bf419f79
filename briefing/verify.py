"""Provenance: check every quote against the text of the article it comes from.

A quote is found *verbatim* (with the line it is on), found only after
*normalising* typography (curly quotes, dashes, spaces), or *not found*; for one
not found, :func:`closest` names the passage of the article most like it, so a
typo shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .model import Briefing

VERBATIM, NORMALISED, MISSING = "verbatim", "normalised", "not found"

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\u2026": "...",
    }
)  # fmt: skip
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\s\u2010-\u2015\u2212-]+")  # dashes part words: "rights—projects"
_EDGES = "\"'.,;:!?()[]-"


def _bare(word: str) -> str:
    return normalise(word).strip(_EDGES) or word


@dataclass(frozen=True, slots=True)
class QuoteCheck:
    section: str
    index: int  # the quote's position in the section's claim
    text: str
    status: str
    line: int | None = None  # in the article text, when found


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHY)).strip().lower()


def check(briefing: Briefing, texts: dict[str, str]) -> list[QuoteCheck]:
    """Check the quotes of every section whose article text is given."""
    normalised = {article: normalise(text) for article, text in texts.items()}
    results = []
    for section in briefing.sections:
        text = texts.get(section.article)
        if text is None:
            continue
        for index, quote in enumerate(section.claim.quotes):
            at = text.find(quote.text)
            if at >= 0:
                line = text.count("\n", 0, at) + 1
                results.append(QuoteCheck(section.id, index, quote.text, VERBATIM, line))
            elif normalise(quote.text) in normalised[section.article]:
                results.append(QuoteCheck(section.id, index, quote.text, NORMALISED))
            else:
                results.append(QuoteCheck(section.id, index, quote.text, MISSING))
    return results


def by_section(results: list[QuoteCheck]) -> dict[str, dict[int, QuoteCheck]]:
    """Checks keyed by section id, then by the quote's position in the section's claim."""
    found: dict[str, dict[int, QuoteCheck]] = {}
    for result in results:
        found.setdefault(result.section, {})[result.index] = result
    return found


def unknown_articles(briefing: Briefing, texts: dict[str, str]) -> list[str]:
    """Article ids that texts were given for but the briefing does not have."""
    return [article for article in texts if article not in briefing.article_by_id]


@dataclass(frozen=True, slots=True)
class Passage:
    """The run of an article's words most like a quote that is not in it."""

    text: str
    line: int  # where it starts, 1-based
    similarity: float  # difflib's ratio over the words, normalised: 0 to 1


def closest(article: str, quote: str) -> Passage | None:
    """The passage of ``article`` with as many words as ``quote`` that is most like it.

    Words are compared normalised (case, quotes, dashes, punctuation at their
    ends), so the figure says how much of the wording differs; None when either
    text has no words.
    """
    words = list(_WORD.finditer(article))
    wanted = [_bare(w) for w in _WORD.findall(quote)]
    if not words or not wanted:
        return None
    plain = [_bare(m.group()) for m in words]
    size = min(len(wanted), len(plain))
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)  # the quote is compared with every window: difflib caches seq2
    best, best_at = -1.0, 0
    for start in range(len(plain) - size + 1):
        matcher.set_seq1(plain[start : start + size])
        if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
            continue
        ratio = matcher.ratio()
        if ratio > best:
            best, best_at = ratio, start
    first, last = words[best_at], words[best_at + size - 1]
    line = article.count("\n", 0, first.start()) + 1
    return Passage(_SPACE.sub(" ", article[first.start() : last.end()]), line, best)
