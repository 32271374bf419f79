"""Warnings of ``validate --strict``: things that load but that a careful author fixes.

A briefing that validates can still mislead: one quote made to evidence two claims,
a source nobody cites, an analysis that does not say whose it is. Each warning has
a code and is located like an error. An author who means it waives one in the file,
with a reason, under ``extra.waive`` of the record the warning is about or of any
record around it (a section's waiver covers its claim, quotes and events)::

    extra:
      waive:
        quote-reused: The same sentence answers both claims.

A waiver with an unknown code, no reason, or nothing to waive is a warning itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from .located import Mapping, Sequence
from .model import Briefing, section_actor_ids
from .problems import Problem

# code: what it means (the README's table is written from this)
CODES: dict[str, str] = {
    "quote-reused": "a quote also used in another section",
    "speaker-not-in-actors": "a claim's speaker is not among the section's actors",
    "source-not-cited": "a source that no section cites",
    "actor-not-used": "an actor that no section, claim, quote or event names",
    "no-sources": "a section that cites no source",
    "event-without-actors": "an event that names no actor",
    "no-voice": "an analysis that does not say whose it is (analysis.voice)",
}
# Warnings about waivers themselves, which cannot be waived.
WAIVER_CODES: dict[str, str] = {
    "waiver-unknown": "a waiver of a code that does not exist",
    "waiver-without-reason": "a waiver that gives no reason",
    "waiver-unused": "a waiver with nothing to waive",
}


class Waiver(NamedTuple):
    record: str
    """Field path of the record that carries it."""
    code: str
    at: tuple[int, int]


class Report(NamedTuple):
    warnings: list[Problem]
    waived: int


def _waivers(record: Mapping, path: str, file: str, out: list[Problem]) -> list[Waiver]:
    extra = record.get("extra")
    if not isinstance(extra, Mapping) or "waive" not in extra:
        return []
    where = f"{path}.extra.waive" if path else "extra.waive"
    waive = extra["waive"]
    if not isinstance(waive, Mapping):
        at = extra.value_at["waive"]
        out.append(_warning(file, at, where, "waiver-unknown", "expected a mapping of code: reason"))
        return []
    found = []
    for code, reason in waive.items():
        at = waive.key_at[code]
        if code not in CODES:
            known = ", ".join(CODES)
            out.append(
                _warning(file, at, f"{where}.{code}", "waiver-unknown", f"no such warning; codes: {known}")
            )
            continue
        if not isinstance(reason, str) or isinstance(reason, bool) or not reason.strip():
            out.append(_warning(file, at, f"{where}.{code}", "waiver-without-reason", "say why it is waived"))
            continue
        found.append(Waiver(path, code, at))
    return found


def _warning(file: str, at: tuple[int, int], path: str, code: str, message: str) -> Problem:
    return Problem(file, at[0], at[1], path, message, "warning", code)


def _records(root: Mapping) -> Iterator[tuple[Mapping, str]]:
    """Every record of the file with its field path, outer before inner."""
    yield root, ""
    head = root.get("briefing")
    if isinstance(head, Mapping):
        yield head, "briefing"
    for key in ("articles", "groups", "actors", "sources", "sections"):
        items = root.get(key)
        if not isinstance(items, Sequence):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, Mapping):
                continue
            path = f"{key}[{index}]"
            yield item, path
            if key != "sections":
                continue
            for part in ("claim", "analysis"):
                inner = item.get(part)
                if isinstance(inner, Mapping):
                    yield inner, f"{path}.{part}"
            claim = item.get("claim")
            quotes = claim.get("quotes") if isinstance(claim, Mapping) else None
            for q_index, quote in enumerate(quotes if isinstance(quotes, Sequence) else ()):
                if isinstance(quote, Mapping):
                    yield quote, f"{path}.claim.quotes[{q_index}]"
            for list_key in ("sources", "events"):
                rows = item.get(list_key)
                for r_index, row in enumerate(rows if isinstance(rows, Sequence) else ()):
                    if isinstance(row, Mapping):
                        yield row, f"{path}.{list_key}[{r_index}]"


def _encloses(record: str, path: str) -> bool:
    return record == "" or path == record or path.startswith(record + ".") or path.startswith(record + "[")


def check(briefing: Briefing, root: Mapping, file: str) -> Report:
    """The strict warnings of a briefing that loaded from ``root`` (the located YAML)."""
    raw: list[Problem] = []
    items = {key: root.get(key) for key in ("actors", "sources", "sections")}

    def at_item(key: str, index: int) -> tuple[int, int]:
        seq = items[key]
        assert isinstance(seq, Sequence)
        item = seq[index]
        return item.key_at.get("id", item.at) if isinstance(item, Mapping) else seq.item_at[index]

    first_use: dict[str, str] = {}
    cited: set[str] = set()
    named: set[str] = set()
    sections = items["sections"]
    for index, section in enumerate(briefing.sections):
        path = f"sections[{index}]"
        m = sections[index] if isinstance(sections, Sequence) else None
        assert isinstance(m, Mapping)
        claim = m["claim"]
        assert isinstance(claim, Mapping)
        cited.update(c.ref for c in section.sources)
        named.update(section_actor_ids(section))
        for event in section.events:
            named.update(event.actors)
        if not section.sources:
            raw.append(_warning(file, m.key_at["id"], path, "no-sources", "cites no source"))
        if section.claim.speaker and section.claim.speaker not in section.actors:
            raw.append(
                _warning(
                    file,
                    claim.value_at["speaker"],
                    f"{path}.claim.speaker",
                    "speaker-not-in-actors",
                    f"{section.claim.speaker!r} speaks the claim but is not in the section's actors",
                )
            )
        if section.analysis.voice is None:
            raw.append(
                _warning(
                    file,
                    m.key_at["analysis"],
                    f"{path}.analysis",
                    "no-voice",
                    "say whose analysis this is: voice: article (the article's) or editors (the briefing's)",
                )
            )
        quote_rows = claim.get("quotes")
        for q_index, quote in enumerate(section.claim.quotes):
            key = " ".join(quote.text.split()).casefold()
            q_path = f"{path}.claim.quotes[{q_index}]"
            if key in first_use:
                assert isinstance(quote_rows, Sequence)
                row = quote_rows[q_index]
                assert isinstance(row, Mapping)
                raw.append(
                    _warning(
                        file,
                        row.value_at["text"],
                        f"{q_path}.text",
                        "quote-reused",
                        f"the same quote is in section {first_use[key]!r}: a quote belongs where it"
                        " evidences the claim",
                    )
                )
            else:
                first_use[key] = section.id
        event_rows = m.get("events")
        for e_index, event in enumerate(section.events):
            if not event.actors:
                assert isinstance(event_rows, Sequence)
                raw.append(
                    _warning(
                        file,
                        event_rows.item_at[e_index],
                        f"{path}.events[{e_index}]",
                        "event-without-actors",
                        "name the actors of the event (for the timeline's filter, and to say who claims it)",
                    )
                )
    unreferenced = (
        ("sources", [s.id for s in briefing.sources], cited, "source-not-cited", "no section cites"),
        (
            "actors",
            [a.id for a in briefing.actors],
            named,
            "actor-not-used",
            "no section, claim, quote or event names",
        ),
    )
    for key, ids, referenced, code, message in unreferenced:
        for index, id_ in enumerate(ids):
            if id_ not in referenced:
                raw.append(_warning(file, at_item(key, index), f"{key}[{index}]", code, f"{message} {id_!r}"))

    out: list[Problem] = []
    waivers: list[Waiver] = []
    for record, path in _records(root):
        waivers += _waivers(record, path, file, out)
    used: set[Waiver] = set()
    waived = 0
    for warning in raw:
        match = next(
            (w for w in waivers if w.code == warning.code and _encloses(w.record, warning.path)), None
        )
        if match is None:
            out.append(warning)
        else:
            used.add(match)
            waived += 1
    for waiver in waivers:
        if waiver not in used:
            where = f"{waiver.record}.extra.waive.{waiver.code}".lstrip(".")
            out.append(_warning(file, waiver.at, where, "waiver-unused", "nothing here to waive"))
    out.sort(key=lambda p: (p.line, p.col))
    return Report(out, waived)
