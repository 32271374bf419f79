"""A section's three panes showing what changed since it was last read. Pure functions, no app.

Removed words are struck through and added words underlined (coloured by the
theme too, but legible without colour); a list item added or removed reads
``+ item`` or ``- item``. Text from the briefing only ever enters a Rich
``Text`` as plain text, cleaned of control characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text

from ...diff import FieldChange, Piece, word_diff
from ...model import Briefing, Section
from ...seen import when
from ...text import clean
from .render import DIM, LABEL, TITLE, PaneView, PaneViews, pane_views

CLAIM_FIELDS = ("title", "article", "group", "actors", "claim.speaker", "claim.summary", "claim.quotes",
                "claim.extra")  # fmt: skip
ANALYSIS_FIELDS = ("analysis.relation", "analysis.voice", "analysis.body", "analysis.extra")
LABELS = {
    "title": "Title",
    "article": "Article",
    "group": "Group",
    "actors": "Actors",
    "claim.speaker": "Speaker",
    "claim.summary": "Summary",
    "claim.quotes": "Quotes",
    "claim.extra": "Claim extra",
    "analysis.relation": "Relation",
    "analysis.voice": "Voice",
    "analysis.body": "Analysis",
    "analysis.extra": "Analysis extra",
    "sources": "Sources",
    "events": "Events",
    "related": "Related sections",
    "tags": "Tags",
    "extra": "Extra",
}


class DiffStyles(NamedTuple):
    removed: Style
    added: Style

    @classmethod
    def of(cls, removed_colour: str | None = None, added_colour: str | None = None) -> DiffStyles:
        return cls(
            Style(strike=True, color=removed_colour) if removed_colour else Style(strike=True),
            Style(underline=True, color=added_colour) if added_colour else Style(underline=True),
        )


def words(pieces: Sequence[Piece], styles: DiffStyles) -> Text:
    text = Text()
    for op, part in pieces:
        style = styles.removed if op == "-" else styles.added if op == "+" else None
        text.append(clean(part), style)
    return text


def field_text(change: FieldChange, styles: DiffStyles) -> Text:
    """One changed field: its label, then the words or items, marked."""
    text = Text(LABELS.get(change.field, change.field), style=LABEL)
    text.append("\n")
    if change.is_list:
        lines = [Text.assemble(("+ ", TITLE), (clean(item), styles.added)) for item in change.added]
        lines += [Text.assemble(("- ", TITLE), (clean(item), styles.removed)) for item in change.removed]
        for item in change.changed:
            lines.append(Text.assemble(("~ ", TITLE), words(word_diff(item.old, item.new), styles)))
        text.append(Text("\n").join(lines))
        return text
    if change.words:
        text.append(words(change.words, styles))
    elif change.old is not None and change.new is None:
        text.append(clean(change.old), styles.removed)
    elif change.old is None and change.new is not None:
        text.append(clean(change.new), styles.added)
    else:
        text.append(clean(change.old or ""), styles.removed)
        text.append(" → ", DIM)
        text.append(clean(change.new or ""), styles.added)
    return text


def _pane(
    title: str, first: Text | None, changes: Sequence[FieldChange], styles: DiffStyles, empty: str
) -> PaneView:
    parts: list[RenderableType] = [first] if first is not None else []
    if changes:
        for change in changes:
            parts += [field_text(change, styles), Text("")]
        parts.pop()
    else:
        parts.append(Text(empty, style=f"{DIM} italic"))
    return PaneView(title, Group(*parts))


def last_read_line(read_at: float | None) -> Text:
    return Text(f"What changed since you last read it ({when(read_at)})\n", style="bold italic")


def diff_views(
    briefing: Briefing,
    section: Section,
    changes: Sequence[FieldChange],
    read_at: float | None,
    styles: DiffStyles,
) -> PaneViews:
    """The panes of ``section`` with only what changed, each field marked word by word."""
    claim = [c for c in changes if c.field in CLAIM_FIELDS]
    analysis = [c for c in changes if c.field in ANALYSIS_FIELDS]
    rest = [c for c in changes if c.field not in CLAIM_FIELDS and c.field not in ANALYSIS_FIELDS]
    heading = last_read_line(read_at)
    heading.append(Text(clean(section.title), style=TITLE))
    heading.append("\n")
    return pane_views(
        claim=_pane("Claim", heading, claim, styles, "The claim is as you read it."),
        analysis=_pane("Analysis", None, analysis, styles, "The analysis is as you read it."),
        sources=_pane("Sources", None, rest, styles, "Sources, events and tags are as you read them."),
    )
