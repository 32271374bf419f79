"""Briefing records as Rich renderables for the three panes. Pure functions, no app.

Text from the data only ever enters a :class:`rich.text.Text` as plain text (never
through markup), so ``[bold]`` or ``[@click=...]`` in a briefing shows as typed. An
analysis body is Markdown and is rendered by :mod:`briefing.tui.views.prose`, which has no
console markup either. Lists that grow with the briefing are cut at :data:`LIST_LIMIT`
so the work done per key press stays bounded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from io import StringIO
from itertools import islice
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.style import Style
from rich.text import Text

from ...model import VOICE_LABELS, Article, Briefing, Quote, Section
from ...text import clean, count
from . import prose
from .outline import NO_ACTOR, Branch

if TYPE_CHECKING:
    from ...verify import QuoteCheck

LIST_LIMIT = 50
"""At most this many entries in a list that grows with the briefing."""
CITED_LIMIT = 5
"""At most this many other sections named under a source."""

TITLE = "bold"
DIM = "dim"
LABEL = "bold dim"
RELATION_STYLES = {
    "rebuts": "bold white on #9b2226",
    "undercuts": "bold black on #e9a23b",
    "contextualizes": "bold white on #33658a",
    "supports": "bold white on #2d6a4f",
}
SUPPLIED = "title supplied by the briefing's authors"
PROVENANCE = {
    "verbatim": ("✓", "verbatim in the article's text", "green"),
    "normalised": ("≈", "in the text once quotes, dashes and spaces are normalised", "yellow"),
    "not found": ("✗", "not found in the article's text", "bold red"),
}
"""How a quote checked against its article (:mod:`briefing.verify`) is marked: sign, words, style."""
XREF = "xref"
"""Style meta key of a cross-reference: its value is the section id it leads to."""


@dataclass(frozen=True, slots=True)
class PaneView:
    """What one pane shows: its title and its body."""

    title: str
    body: RenderableType


PANE_TITLES: dict[str, str] = {"claim": "Claim", "analysis": "Analysis", "sources": "Sources"}
"""The panes, left to right, by id, with the title each has until a view names it: the one list
of them. A new pane is an entry here and its view in :func:`section_views` and
:func:`branch_views`; the pane area, the tabs, rendering ahead and focus follow this list."""
PANES = tuple(PANE_TITLES)


@dataclass(frozen=True, slots=True, eq=False)
class PaneViews:
    """What each pane shows, by pane id, in the order of :data:`PANES`."""

    by_pane: dict[str, PaneView]

    def __getitem__(self, pane: str) -> PaneView:
        return self.by_pane[pane]

    def __iter__(self) -> Iterator[tuple[str, PaneView]]:
        return iter(self.by_pane.items())

    def replace(self, pane: str, view: PaneView) -> PaneViews:
        return PaneViews({**self.by_pane, pane: view})


def pane_views(**views: PaneView) -> PaneViews:
    """One view for every pane of :data:`PANES`, by id."""
    if views.keys() != PANE_TITLES.keys():
        raise ValueError(f"views for {sorted(views)}, not for the panes {list(PANES)}")
    return PaneViews({pane: views[pane] for pane in PANES})


def empty_views(message: str) -> PaneViews:
    """Every pane empty under its own title, the first saying ``message``."""
    return PaneViews(
        {pane: PaneView(PANE_TITLES[pane], hint(message if n == 0 else "")) for n, pane in enumerate(PANES)}
    )


def plain(renderable: RenderableType, width: int = 80) -> str:
    """A renderable as the plain text a terminal of ``width`` would show."""
    console = Console(file=StringIO(), width=width, color_system=None, legacy_windows=False)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


# -- small pieces -------------------------------------------------------------------


def joined(parts: Iterable[str | None], sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


def relation_badge(relation: str | None) -> Text:
    text = Text()
    if relation:
        text.append(f" {relation} ", style=RELATION_STYLES.get(relation, "reverse"))
    return text


def actor_label(briefing: Briefing, actor_id: str | None) -> Text:
    """``Name, role`` with the role dimmed."""
    text = Text()
    text.append(briefing.actor_name(actor_id), style=TITLE)
    actor = briefing.actor_by_id.get(actor_id or "")
    if actor and actor.role:
        text.append(f", {actor.role}", style=DIM)
    return text


def heading(title: str, *lines: Text | str) -> Text:
    text = Text()
    text.append(title, style=TITLE)
    for line in lines:
        if line:
            text.append("\n")
            text.append(line if isinstance(line, Text) else Text(line, style=DIM))
    return text


def where(briefing: Briefing, section: Section) -> Text:
    """The section's group and id (the header names its article)."""
    group = briefing.group_by_id[section.group]
    return Text(f"{group.title} · {section.id}", style=DIM)


def xref(target: str, number: int) -> Style:
    """The style of the ``number``-th cross-reference of a renderable, leading to a section.

    Panes find these in their rendered lines, to move between them and follow them
    (:mod:`briefing.tui.widgets.links`); the number tells apart two links to one section.
    """
    return Style(meta={XREF: target, f"{XREF}-n": number})


def hint(message: str) -> Text:
    return Text(message, style="dim italic")


def more(count: int, noun: str = "more") -> Text:
    return Text(f"… and {count:,} {noun}", style="dim italic")


# -- a section ----------------------------------------------------------------------


def quote_card(briefing: Briefing, quote: Quote, check: QuoteCheck | None = None) -> Panel:
    text = Text()
    text.append(f"“{quote.text}”", style="italic")
    text.append("\n")
    text.append("— ")
    text.append_text(actor_label(briefing, quote.speaker))
    details = joined((quote.venue, quote.date))
    if details:
        text.append(f"\n  {details}", style=DIM)
    if check is not None:
        text.append("\n")
        text.append_text(provenance(check))
    return Panel(text, box=box.ROUNDED, border_style="grey50", padding=(0, 1), expand=True)


def provenance(check: QuoteCheck) -> Text:
    """Whether a quote was found in its article's text (``briefing --text``)."""
    mark, words, style = PROVENANCE.get(check.status, ("?", check.status, DIM))
    text = Text.assemble((f"{mark} ", style), (words, style))
    if check.line:
        text.append(f", line {check.line}", style=DIM)
    return text


def claim(
    briefing: Briefing, section: Section, checks: Mapping[int, QuoteCheck] | None = None
) -> RenderableType:
    """Title, where it comes from, speaker, summary, then a card per quote (marked when checked)."""
    parts: list[RenderableType] = [heading(section.title, where(briefing, section)), Text()]
    summary = Text()
    if section.claim.speaker:
        summary.append_text(actor_label(briefing, section.claim.speaker))
        summary.append("\n\n")
    summary.append(section.claim.summary)
    parts.append(summary)
    if section.claim.quotes:
        parts.append(Text())
        count = len(section.claim.quotes)
        parts.append(Text(f"Quotes ({count})" if count > 1 else "Quote", style=LABEL))
        checks = checks or {}
        parts += [quote_card(briefing, q, checks.get(i)) for i, q in enumerate(section.claim.quotes)]
    return Group(*parts)


def voice_line(briefing: Briefing, section: Section) -> Text | None:
    """Whose analysis this is: the article's (named) or the briefing's editors'."""
    voice = section.analysis.voice
    if voice is None:
        return None
    line = Text()
    line.append(f"Analysis — {VOICE_LABELS[voice]}", style=TITLE)
    if voice == "article":
        article = briefing.article_by_id.get(section.article)
        if article is not None:
            line.append(f" · {article.title}", style=DIM)
    return line


def analysis(briefing: Briefing, section: Section) -> RenderableType:
    """Whose analysis it is, the relation to the claim as a badge, then the Markdown body."""
    parts: list[RenderableType] = []
    voice = voice_line(briefing, section)
    if voice is not None:
        parts.append(voice)
    relation = section.analysis.relation
    if relation:
        line = relation_badge(relation)
        speaker = section.claim.speaker
        line.append(f" the claim of {briefing.actor_name(speaker)}" if speaker else " the claim", style=DIM)
        parts.append(line)
    if parts:
        parts.append(Text())
    parts.append(prose.render(section.analysis.body))
    return Group(*parts)


def sources(briefing: Briefing, section: Section) -> RenderableType:
    """Each citation with its entry, the other sections citing it; then related sections."""
    parts: list[RenderableType] = []
    links = 0
    if not section.sources:
        parts.append(hint("This section cites no sources."))
    for number, citation in enumerate(section.sources, 1):
        source = briefing.source_by_id[citation.ref]
        text = Text()
        text.append(f"{number}. {source.title}", style=TITLE)
        text.append("\n")
        text.append(joined((source.kind, source.publisher, source.date)), style=DIM)
        if citation.role or citation.note:
            text.append("\n")
            if citation.role:
                text.append(f"as {citation.role}", style="italic")
                text.append(": " if citation.note else "")
            if citation.note:
                text.append(citation.note)
        if source.note:
            text.append(f"\n{source.note}", style=DIM)
        if source.url:
            text.append(f"\n{source.url}", style="dim underline")
        citing = briefing.citing(source.id)
        others = list(islice((s for s in citing if s.id != section.id), CITED_LIMIT))
        rest = len(citing) - 1 - len(others)  # citing() holds this section once
        if others or rest > 0:
            text.append("\nAlso cited by: ", style=LABEL)
            for at, other in enumerate(others):
                text.append("; " if at else "")
                links += 1
                text.append(other.title, style=xref(other.id, links))
            if rest > 0:
                text.append(f"{' …' if others else ''} and {rest:,} more", style="dim italic")
        parts.append(Padding(text, (0, 0, 1, 0)))
    if section.related:
        parts.append(Text("Related sections", style=LABEL))
        for ref in section.related:
            related = briefing.section_by_id[ref]
            line = Text("→ ")
            links += 1
            line.append(related.title, style=xref(related.id, links))
            line.append(f"  {related.id}", style=DIM)
            parts.append(line)
    if section.tags:
        parts += [Text(), Text.assemble(("Tags: ", LABEL), (", ".join(section.tags), DIM))]
    return Group(*parts)


def section_views(
    briefing: Briefing, section: Section, checks: Mapping[int, QuoteCheck] | None = None
) -> PaneViews:
    return pane_views(
        claim=PaneView("Claim", claim(briefing, section, checks)),
        analysis=PaneView("Analysis", analysis(briefing, section)),
        sources=PaneView("Sources", sources(briefing, section)),
    )


# -- overviews of articles, groups and actors ---------------------------------------


def section_digest(sections: Sequence[Section], limit: int = LIST_LIMIT) -> RenderableType:
    """A section per entry: title, relation badge, claim summary."""
    parts: list[RenderableType] = []
    for section in islice(sections, limit):
        line = Text()
        line.append(section.title, style=TITLE)
        if section.analysis.relation:
            line.append(" ")
            line.append_text(relation_badge(section.analysis.relation))
        line.append("\n")
        line.append(section.claim.summary, style=DIM)
        parts.append(Padding(line, (0, 0, 1, 0)))
    if len(sections) > limit:
        parts.append(more(len(sections) - limit, "more sections"))
    if not parts:
        parts.append(hint("No sections."))
    return Group(*parts)


def article_overview(article: Article, groups: int, sections: int) -> Text:
    byline = joined((article.publication, article.author, article.date))
    text = heading(article.title, byline)
    if article.supplied:
        text.append(f"\n{SUPPLIED}", style="italic")
    if article.url:
        text.append(f"\n{article.url}", style="dim underline")
    if article.note:
        text.append("\n\n")
        text.append("Note: ", style=LABEL)
        text.append(article.note)
    text.append(f"\n\n{count(sections, 'section')} in {count(groups, 'group')}", style=DIM)
    return text


def sources_digest(
    briefing: Briefing, sections: Sequence[Section], limit: int = LIST_LIMIT
) -> RenderableType:
    """The sources cited by (the first ``limit`` of) some sections, most cited first."""
    cited: dict[str, int] = {}
    for section in islice(sections, limit):
        for ref in dict.fromkeys(c.ref for c in section.sources):
            cited[ref] = cited.get(ref, 0) + 1
    if not cited:
        return hint("These sections cite no sources.")
    parts: list[RenderableType] = []
    if len(sections) > limit:
        parts.append(hint(f"Cited by the first {limit:,} of {len(sections):,} sections:"))
    for ref, times in sorted(cited.items(), key=lambda item: -item[1]):
        source = briefing.source_by_id[ref]
        line = Text()
        line.append(source.title, style=TITLE)
        line.append(f"  {count(times, 'section')}", style=DIM)
        line.append("\n")
        line.append(joined((source.kind, source.publisher, source.date)), style=DIM)
        parts.append(line)
    return Group(*parts)


def branch_views(briefing: Briefing, branch: Branch) -> PaneViews:
    """The overview of an article, group or actor node, and a digest of its sections."""
    sections = branch.sections
    if branch.kind == "briefing":
        overview: Text = part_overview(briefing, branch)
        title = "Briefing"
    elif branch.kind == "article":
        article = briefing.article_by_id[branch.id]
        overview = article_overview(article, len(branch.children), len(sections))
        title = "Article"
    elif branch.kind == "group":
        group = briefing.group_by_id[branch.id]
        article_id = branch.article
        context = f"in {briefing.article_by_id[article_id].title}" if article_id else "all articles, by actor"
        overview = heading(group.title, context)
        if group.summary:
            overview.append(f"\n\n{group.summary}")
        overview.append(f"\n\n{count(len(sections), 'section')}", style=DIM)
        if branch.children and branch.children[0].kind == "actor":
            overview.append("\n\n")
            overview.append("Actors: ", style=LABEL)
            names = [
                f"{_actor_name(briefing, a.id)} ({len(a.sections)})" for a in branch.children[:LIST_LIMIT]
            ]
            overview.append(", ".join(names))
        title = "Group"
    else:
        overview = actor_overview(briefing, branch)
        title = "Actor"
    return pane_views(
        claim=PaneView(title, overview),
        analysis=PaneView("Sections", section_digest(sections)),
        sources=PaneView("Sources", sources_digest(briefing, sections)),
    )


def part_overview(briefing: Briefing, branch: Branch) -> Text:
    """One of several briefings opened together: its title, summary, file and size."""
    part = briefing.part_by_id[branch.id]
    text = heading(part.title, Text(clean(part.path), style=DIM))  # a file name may hold controls
    if part.summary:
        text.append(f"\n\n{part.summary}")
    articles = count(len(branch.children), "article")
    text.append(f"\n\n{count(len(branch.sections), 'section')} in {articles}", style=DIM)
    return text


def _actor_name(briefing: Briefing, actor_id: str) -> str:
    return briefing.actor_name(actor_id) if actor_id != NO_ACTOR else "No actor named"


def actor_overview(briefing: Briefing, branch: Branch) -> Text:
    group = briefing.group_by_id[branch.parent.id] if branch.parent else None
    context = f"in {group.title}" if group else ""
    if branch.id == NO_ACTOR:
        text = heading("No actor named", context)
        text.append("\n\nSections that list no actor in `actors`.", style=DIM)
    else:
        actor = briefing.actor_by_id[branch.id]
        text = heading(actor.name, joined((actor.kind, actor.role)), context)
        if actor.summary:
            text.append(f"\n\n{actor.summary}")
    text.append(f"\n\n{count(len(branch.sections), 'section')}", style=DIM)
    everywhere = len(briefing.about(branch.id)) if branch.id != NO_ACTOR else 0
    if everywhere > len(branch.sections):
        text.append(f" here, {everywhere:,} in the whole briefing", style=DIM)
    return text
