"""Ranked full-text search over sections, on SQLite FTS5 from the standard library.

A Python whose SQLite was built without FTS5 gets a plain scan instead (see
:data:`NO_FTS5`): the same query language over the same fields, ranked by the
weights of the fields that match rather than by bm25.

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
_SNIPPET_WORDS = 12  # as FTS5's snippet() is asked for
NO_FTS5 = (
    "this Python's SQLite has no FTS5 full-text search: searching by plain word match, "
    "ranked by the fields that match"
)


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
    """Lowercase without accents: what both the index and the highlighter compare.

    A final sigma is folded to sigma, as FTS5 does: ``str.lower`` writes ``Σ`` as ``ς`` at
    the end of a word but as ``σ`` alone, and the highlighter folds one character at a time.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ς", "σ"))
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


ITEM_SEPARATOR = " · "
"""Between the items of one field (quotes, sources, actors) when a snippet shows them on a line."""


def one_line(text: str) -> str:
    """Text on one line: runs of spaces squeezed, and the items of a field (one a line) kept apart."""
    return ITEM_SEPARATOR.join(" ".join(line.split()) for line in text.split("\n") if line.strip())


class SearchIndex:
    """An in-memory FTS5 index of one briefing. Build it off the UI thread.

    Where SQLite lacks FTS5, ``fts5`` is False and a :class:`_Scan` answers instead.
    """

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        import sqlite3  # here: the reader imports this module before its first frame, and needs no SQL then

        # check_same_thread=False: built in a worker thread, queried from the UI.
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._scan: _Scan | None = None
        names = ", ".join(name for name, _ in COLUMNS)
        try:
            self._db.execute(
                f"CREATE VIRTUAL TABLE sections USING fts5({names}, "
                "tokenize = 'unicode61 remove_diacritics 2')"
            )
        except sqlite3.OperationalError as err:
            if "fts5" not in str(err):
                raise
            self._db.close()
            self._scan = _Scan(briefing)
            return
        with self._db:
            self._db.executemany(
                f"INSERT INTO sections(rowid, {names}) VALUES (?{', ?' * len(COLUMNS)})",
                ((i, *section_fields(briefing, s)) for i, s in enumerate(briefing.sections)),
            )
        self._weights = ", ".join(str(w) for _, w in COLUMNS)

    def search(self, text: str, limit: int = 50) -> list[Hit]:
        """Ranked hits for a query; QueryError when the query has no terms."""
        query = parse_query(text)
        if self._scan is not None:
            return self._scan.search(query, limit)
        rows = self._db.execute(
            f"SELECT rowid, bm25(sections, {self._weights}) AS rank, "
            f"snippet(sections, -1, ?, ?, '…', 12) FROM sections WHERE sections MATCH ? "
            "ORDER BY rank, rowid LIMIT ?",
            (MARK_START, MARK_END, query.fts(), limit),
        ).fetchall()
        sections = self.briefing.sections
        return [Hit(sections[rowid], one_line(snippet), -rank) for rowid, rank, snippet in rows]

    @property
    def fts5(self) -> bool:
        """False where SQLite has no FTS5 and searching is a plain scan (say so: NO_FTS5)."""
        return self._scan is None

    def close(self) -> None:
        self._db.close()


class _Scan:
    """Search without FTS5: every section's folded fields scanned for the query's terms."""

    def __init__(self, briefing: Briefing) -> None:
        self.sections = briefing.sections
        self.fields = [section_fields(briefing, s) for s in briefing.sections]
        self.folded = [tuple(fold(text) for text in fields) for fields in self.fields]

    def search(self, query: Query, limit: int) -> list[Hit]:
        patterns = {term: re.compile(_term_pattern(term)) for term in (*query.terms(), *query.none_of)}

        def found(term: Term, folded: tuple[str, ...]) -> bool:
            return any(patterns[term].search(text) for text in folded)

        ranked: list[tuple[float, int]] = []
        for number, folded in enumerate(self.folded):
            if any(found(term, folded) for term in query.none_of):
                continue
            if not any(all(found(term, folded) for term in group) for group in query.any_of):
                continue
            score = sum(
                weight
                for (_, weight), text in zip(COLUMNS, folded, strict=True)
                if any(patterns[term].search(text) for term in query.terms())
            )
            ranked.append((-score, number))
        ranked.sort()
        return [
            Hit(self.sections[number], self._snippet(number, query), -score)
            for score, number in ranked[:limit]
        ]

    def _snippet(self, number: int, query: Query) -> str:
        """About twelve words around the first match in the field with the most matches."""
        best: tuple[str, list[tuple[int, int]]] = ("", [])
        for text in self.fields[number]:
            text = one_line(text)
            spans = highlight_spans(text, query)
            if len(spans) > len(best[1]):
                best = (text, spans)
        return _window(*best) if best[1] else ""


def _window(text: str, spans: list[tuple[int, int]]) -> str:
    """The words of ``text`` around its first span, with every span in view marked."""
    words = [match.span() for match in re.finditer(r"\S+", text)]
    first = next(i for i, (_, end) in enumerate(words) if end > spans[0][0])
    start = max(0, min(first - _SNIPPET_WORDS // 4, len(words) - _SNIPPET_WORDS))
    shown = words[start : start + _SNIPPET_WORDS]
    begin, finish = shown[0][0], shown[-1][1]
    out, at = [], begin
    for low, high in spans:
        low, high = max(low, begin), min(high, finish)
        if low >= high:
            continue
        out += [text[at:low], MARK_START, text[low:high], MARK_END]
        at = high
    out.append(text[at:finish])
    return ("…" if begin else "") + "".join(out) + ("…" if finish < len(text) else "")


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
        for match in re.finditer(_term_pattern(term), folded_text):
            if match.end() > match.start():
                spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    return _merge(spans)


def _term_pattern(term: Term) -> str:
    """A regular expression for a term's words in folded text, as whole words (or a prefix)."""
    pattern = r"\W+".join(re.escape(w) for w in term.words)
    tail = r"\w*" if term.prefix else r"(?!\w)"
    return rf"(?<!\w){pattern}{tail}"


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
