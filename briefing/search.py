"""Ranked full-text search over sections, on SQLite FTS5 from the standard library.

Query language (case- and accent-insensitive: ``goyusov`` finds ``Göyüşov``):

* ``word word``      every word must match (in any field of the section)
* ``"exact phrase"`` the words in this order
* ``pref*``          words starting with ``pref``
* ``a OR b``         either side
* ``-word``          sections without ``word``

User input never reaches FTS5's own syntax: every term is quoted, so text such as
``U.S.`` or ``(`` cannot cause a syntax error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import Briefing, Section

# Highlight markers: control characters, which the loader removes from all data.
MARK_START, MARK_END = "\x02", "\x03"

# Field name, and its weight in bm25 ranking.
COLUMNS = (
    ("title", 8.0),
    ("claim", 3.0),
    ("quotes", 3.0),
    ("analysis", 1.5),
    ("sources", 1.0),
    ("actors", 4.0),
    ("tags", 4.0),
)
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Hit:
    section: Section
    snippet: str  # with MARK_START / MARK_END around matched words
    score: float

    @property
    def plain_snippet(self) -> str:
        return self.snippet.replace(MARK_START, "").replace(MARK_END, "")

    def spans(self) -> list[tuple[int, int]]:
        """Matched ranges within ``plain_snippet``."""
        spans, offset, start = [], 0, 0
        for index, char in enumerate(self.snippet):
            if char == MARK_START:
                start = index - offset
                offset += 1
            elif char == MARK_END:
                spans.append((start, index - offset))
                offset += 1
        return spans


class QueryError(ValueError):
    """A query with nothing to search for."""


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]  # folded words, matched in order
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: alternatives (OR) of all-of term lists, minus excluded terms."""

    any_of: tuple[tuple[Term, ...], ...]
    none_of: tuple[Term, ...] = ()

    def fts(self) -> str:
        def term(t: Term) -> str:
            return '"' + " ".join(t.words).replace('"', '""') + '"' + ("*" if t.prefix else "")

        alternatives = ["(" + " AND ".join(term(t) for t in group) + ")" for group in self.any_of]
        expression = " OR ".join(alternatives)
        for t in self.none_of:
            expression = f"({expression}) NOT {term(t)}"
        return expression

    def terms(self) -> tuple[Term, ...]:
        return tuple(t for group in self.any_of for t in group)


def fold(text: str) -> str:
    """Lowercase without accents: what both the index and the highlighter compare."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse_query(text: str) -> Query:
    groups: list[list[Term]] = [[]]
    excluded: list[Term] = []
    for match in _TOKEN.finditer(text):
        phrase, bare = match.group(1), match.group(2)
        if bare == "OR":
            if groups[-1]:
                groups.append([])
            continue
        negative = bare is not None and bare.startswith("-") and len(bare) > 1
        raw = phrase if phrase is not None else bare.lstrip("-") if negative else bare
        prefix = phrase is None and raw.endswith("*")
        words = tuple(_WORD.findall(fold(raw)))
        if not words:
            continue
        term = Term(words, prefix)
        (excluded if negative else groups[-1]).append(term)
    alternatives = tuple(tuple(g) for g in groups if g)
    if not alternatives:
        raise QueryError("nothing to search for" + (" (only exclusions)" if excluded else ""))
    return Query(alternatives, tuple(excluded))


def section_fields(briefing: Briefing, section: Section) -> tuple[str, ...]:
    """The searchable text of a section, one string per column of COLUMNS."""
    sources = []
    for citation in section.sources:
        source = briefing.source_by_id.get(citation.ref)
        if source is not None:
            sources.append(
                " ".join(filter(None, (source.title, source.publisher, citation.note, source.note)))
            )
    actor_ids = dict.fromkeys([*section.actors, *(q.speaker for q in section.claim.quotes)])
    if section.claim.speaker:
        actor_ids[section.claim.speaker] = None
    actors = [briefing.actor_name(a) for a in actor_ids]
    return (
        section.title,
        section.claim.summary,
        "\n".join(q.text for q in section.claim.quotes),
        section.analysis.body,
        "\n".join(sources),
        "\n".join(actors),
        " ".join(section.tags),
    )


class SearchIndex:
    """An in-memory FTS5 index of one briefing. Build it off the UI thread."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        import sqlite3  # here: the reader imports this module before its first frame, and needs no SQL then

        # check_same_thread=False: built in a worker thread, queried from the UI.
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        names = ", ".join(name for name, _ in COLUMNS)
        self._db.execute(
            f"CREATE VIRTUAL TABLE sections USING fts5({names}, tokenize = 'unicode61 remove_diacritics 2')"
        )
        with self._db:
            self._db.executemany(
                f"INSERT INTO sections(rowid, {names}) VALUES (?{', ?' * len(COLUMNS)})",
                ((i, *section_fields(briefing, s)) for i, s in enumerate(briefing.sections)),
            )
        self._weights = ", ".join(str(w) for _, w in COLUMNS)

    def search(self, text: str, limit: int = 50) -> list[Hit]:
        """Ranked hits for a query; QueryError when the query has no terms."""
        query = parse_query(text)
        rows = self._db.execute(
            f"SELECT rowid, bm25(sections, {self._weights}) AS rank, "
            f"snippet(sections, -1, ?, ?, '…', 12) FROM sections WHERE sections MATCH ? "
            "ORDER BY rank, rowid LIMIT ?",
            (MARK_START, MARK_END, query.fts(), limit),
        ).fetchall()
        sections = self.briefing.sections
        return [Hit(sections[rowid], " ".join(snippet.split()), -rank) for rowid, rank, snippet in rows]

    def close(self) -> None:
        self._db.close()


def highlight_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Where a query's words occur in ``text``, accent- and case-insensitively.

    Used to mark matches in the panes; positions are in ``text`` itself.
    """
    folded_chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        folded_chars.append(folded)
        origin.extend([index] * len(folded))
    folded_text = "".join(folded_chars)
    spans: list[tuple[int, int]] = []
    for term in query.terms():
        pattern = r"\W+".join(re.escape(w) for w in term.words)
        tail = r"\w*" if term.prefix else r"(?!\w)"
        for match in re.finditer(rf"(?<!\w){pattern}{tail}", folded_text):
            if match.end() > match.start():
                spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
