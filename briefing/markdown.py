"""A briefing, or one section of it, as CommonMark.

Plain text from the data (titles, summaries, quotes, notes) is escaped so it can
never become Markdown structure. An analysis body *is* Markdown: it is passed
through, but its headings are moved below the section's own and raw HTML is
shown as text, so one body cannot break the document around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import VOICE_LABELS, Briefing, Quote, Section

_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
_LINE_START = re.compile(r"^([#>+=-])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_HTML = re.compile(r"<(?=[A-Za-z/!?])")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_URL = re.compile(r"https?://[^\s<>`]+\Z")


def escape(text: str) -> str:
    """Escape plain text so CommonMark shows it as written, line breaks kept."""
    lines = []
    for raw in text.strip().split("\n"):
        line = _INLINE.sub(r"\\\1", raw.strip())
        line = _LINE_START.sub(r"\\\1", line)
        line = _ORDERED.sub(r"\1\\\2", line)
        lines.append(line)
    return "\n".join(_squeeze_blank(lines))


def inline(text: str) -> str:
    """Escape plain text for a single line (a heading, a list item)."""
    return escape(" ".join(text.split()))


def _squeeze_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out


def _outside_code(line: str) -> str:
    parts, last = [], 0
    for match in _CODE_SPAN.finditer(line):
        parts.append(_HTML.sub("&lt;", line[last : match.start()]))
        parts.append(match.group())
        last = match.end()
    parts.append(_HTML.sub("&lt;", line[last:]))
    return "".join(parts)


def body(markdown: str, level: int) -> str:
    """An analysis body placed under a heading of ``level``: headings demoted, HTML shown."""
    out: list[str] = []
    fence: str | None = None
    previous = ""
    for line in markdown.strip().split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            out.append(line)
            previous = line
            continue
        if match:
            fence = match.group(1)
            out.append(line)
            previous = line
            continue
        heading = _ATX.match(line)
        if heading:
            hashes = "#" * min(6, len(heading.group(2)) + level)
            line = f"{heading.group(1)}{hashes}{line[heading.end() :]}"
        elif _SETEXT.match(line) and previous.strip():
            line = "\\" + line.strip()
        out.append(_outside_code(line))
        previous = line
    return "\n".join(_squeeze_blank(out))


def _byline(parts: Iterable[str | None]) -> str:
    return ", ".join(p for p in parts if p)


def _quote(briefing: Briefing, quote: Quote) -> str:
    actor = briefing.actor_by_id.get(quote.speaker)
    who = briefing.actor_name(quote.speaker)
    if actor and actor.role:
        who = f"{who} ({actor.role})"
    attribution = _byline((who, quote.venue, quote.date))
    lines = [f"> {line}" if line else ">" for line in escape(quote.text).split("\n")]
    lines += [">", f"> — {inline(attribution)}"]
    return "\n".join(lines)


def section(briefing: Briefing, sec: Section, *, level: int = 1, note: str | None = None) -> str:
    """One section: heading, where it comes from, Claim, Analysis, Sources, Related."""
    h1, h2 = "#" * level, "#" * min(6, level + 1)
    article = briefing.article_by_id[sec.article]
    group = briefing.group_by_id[sec.group]
    blocks = [
        f"{h1} {inline(sec.title)}",
        f"Article: *{inline(article.title)}*"
        + (
            f" ({inline(_byline((article.publication, article.author, article.date)))})"
            if any((article.publication, article.author, article.date))
            else ""
        )
        + f" · Group: {inline(group.title)} · Id: `{sec.id}`",
        f"{h2} Claim",
    ]
    if sec.claim.speaker:
        blocks.append(f"Speaker: **{inline(briefing.actor_name(sec.claim.speaker))}**")
    blocks.append(escape(sec.claim.summary))
    blocks += [_quote(briefing, q) for q in sec.claim.quotes]
    voice = VOICE_LABELS.get(sec.analysis.voice or "")
    blocks.append(f"{h2} Analysis — {voice}" if voice else f"{h2} Analysis")
    if sec.analysis.relation:
        blocks.append(f"Relation: *{sec.analysis.relation}*")
    blocks.append(body(sec.analysis.body, level + 1))
    if sec.sources:
        blocks.append(f"{h2} Sources")
        items = []
        for number, citation in enumerate(sec.sources, 1):
            source = briefing.source_by_id[citation.ref]
            details = _byline((source.kind, source.publisher, source.date))
            item = f"{number}. **{inline(source.title)}** ({inline(details)})"
            if citation.role:
                item += f" — {citation.role}"
            if citation.note:
                item += f": {inline(citation.note)}"
            if source.url:
                item += f" <{source.url}>" if _URL.match(source.url) else f" {inline(source.url)}"
            items.append(item)
        blocks.append("\n".join(items))
    if sec.related:
        blocks.append(f"{h2} Related sections")
        blocks.append("\n".join(f"- {inline(briefing.section_by_id[r].title)} (`{r}`)" for r in sec.related))
    if note:
        blocks.append(f"{h2} Note")
        blocks.append(escape(note))
    return "\n\n".join(blocks) + "\n"


def document(briefing: Briefing, *, notes: dict[str, str] | None = None) -> str:
    """The whole briefing: title, summary, contents, then every section in tree order."""
    notes = notes or {}
    blocks = [f"# {inline(briefing.title)}"]
    if briefing.summary:
        blocks.append(escape(briefing.summary))
    blocks.append("## Contents")
    toc = []
    for article in briefing.articles:
        toc.append(f"- {inline(article.title)}")
        for group in briefing.groups_of(article.id):
            toc.append(f"  - {inline(group.title)}")
            toc += [f"    - {inline(s.title)} (`{s.id}`)" for s in briefing.sections_in(article.id, group.id)]
    blocks.append("\n".join(toc))
    parts = ["\n\n".join(blocks) + "\n"]
    parts += [section(briefing, s, level=2, note=notes.get(s.id)) for s in briefing.tree_order()]
    return "\n".join(parts)
