"""The reader's two tree views as plain data, built once when a briefing opens.

An :class:`Outline` is two levels of branches over the sections:

* by article: Article -> Group -> Section (document order);
* by actor:   Group -> Actor -> Section, from every article (a section about two
  actors appears under both).

Every branch and every leaf (a :class:`Slot`) has a ``rank``, its position in a
pre-order walk of the whole outline. Moving to the next section or group is a
binary search over ranks, so no key press scans the sections. Nothing here
knows about Textual.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from ...model import Briefing, Section

ARTICLE_VIEW = "article"
ACTOR_VIEW = "actor"
NO_ACTOR = ""
"""The actor id of the branch holding sections that list no actor."""


@dataclass(eq=False, slots=True)
class Branch:
    """An article, group or actor node of one view."""

    kind: str  # "article" | "group" | "actor"
    id: str  # article, group or actor id (NO_ACTOR for sections without actors)
    rank: int
    parent: Branch | None = None
    sections: tuple[Section, ...] = ()
    """Every section below this branch once, in view order."""
    group_number: int = 0
    """For a group branch: its 1-based position among the view's groups."""
    children: list[Branch] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<Branch {self.kind} {self.id!r} rank={self.rank}>"

    @property
    def article(self) -> str | None:
        """The article this branch belongs to, when it belongs to one."""
        node: Branch | None = self
        while node is not None:
            if node.kind == "article":
                return node.id
            node = node.parent
        return None


@dataclass(eq=False, slots=True)
class Slot:
    """One place of a section in a view."""

    section: Section
    parent: Branch
    index: int  # position among every slot of the view
    rank: int

    def __repr__(self) -> str:
        return f"<Slot {self.section.id!r} #{self.index} rank={self.rank}>"


class Outline:
    """One view of a briefing: its branches in order and every section's places."""

    def __init__(self, view: str, tops: list[Branch], slots: list[Slot], groups: list[Branch]) -> None:
        self.view = view
        self.tops = tops
        self.slots = slots
        self.groups = groups
        self._slot_ranks = [s.rank for s in slots]
        self._group_ranks = [g.rank for g in groups]
        self._first_slot: dict[str, Slot] = {}
        for slot in slots:
            self._first_slot.setdefault(slot.section.id, slot)
        self._first_group: dict[str, Branch] = {}
        for group in groups:
            self._first_group.setdefault(group.id, group)

    def __repr__(self) -> str:
        return f"<Outline {self.view}: {len(self.tops)} tops, {len(self.slots)} slots>"

    # -- finding places ------------------------------------------------------------

    def slot_of(self, section_id: str) -> Slot | None:
        """The first place of a section in this view (None if the view has none)."""
        return self._first_slot.get(section_id)

    def group_by_id(self, group_id: str) -> Branch | None:
        """The first branch of a group in this view."""
        return self._first_group.get(group_id)

    def next_slot(self, rank: int) -> Slot | None:
        """The first section after the node of ``rank``."""
        at = bisect_right(self._slot_ranks, rank)
        return self.slots[at] if at < len(self.slots) else None

    def previous_slot(self, rank: int) -> Slot | None:
        """The last section before the node of ``rank``."""
        at = bisect_left(self._slot_ranks, rank) - 1
        return self.slots[at] if at >= 0 else None

    def next_group(self, node: Branch | Slot) -> Branch | None:
        """The first group after a node."""
        at = bisect_right(self._group_ranks, node.rank)
        return self.groups[at] if at < len(self.groups) else None

    def previous_group(self, node: Branch | Slot) -> Branch | None:
        """The group before the one holding a node (before the node, outside groups)."""
        group = self.group_of(node)
        at = bisect_left(self._group_ranks, (group or node).rank) - 1
        return self.groups[at] if at >= 0 else None

    def group(self, number: int) -> Branch | None:
        """The view's group ``number`` (1-based), in tree order."""
        return self.groups[number - 1] if 1 <= number <= len(self.groups) else None

    def group_of(self, node: Branch | Slot) -> Branch | None:
        """The group branch holding a node (itself for a group)."""
        branch: Branch | None = node.parent if isinstance(node, Slot) else node
        while branch is not None and branch.kind != "group":
            branch = branch.parent
        return branch


class _Ranker:
    def __init__(self) -> None:
        self.next = 0

    def __call__(self) -> int:
        self.next += 1
        return self.next - 1


def by_article(briefing: Briefing) -> Outline:
    """Article -> Group -> Section, in document order.

    A briefing combined from several files (see :mod:`briefing.merge`) gets one
    more level above: Briefing -> Article -> Group -> Section.
    """
    rank = _Ranker()
    tops: list[Branch] = []
    slots: list[Slot] = []
    groups: list[Branch] = []
    if len(briefing.parts) > 1:
        for part in briefing.parts:
            root = Branch("briefing", part.id, rank())
            tops.append(root)
            for article_id in part.articles:
                root.children.append(_article(briefing, article_id, rank, slots, groups, parent=root))
            root.sections = tuple(s for a in root.children for s in a.sections)
    else:
        tops = [_article(briefing, a.id, rank, slots, groups) for a in briefing.articles]
    return Outline(ARTICLE_VIEW, tops, slots, groups)


def _article(
    briefing: Briefing,
    article_id: str,
    rank: _Ranker,
    slots: list[Slot],
    groups: list[Branch],
    parent: Branch | None = None,
) -> Branch:
    """An article's branch with its groups and sections, appended to ``slots`` and ``groups``."""
    top = Branch("article", article_id, rank(), parent)
    article_sections: list[Section] = []
    article = briefing.article_by_id[article_id]
    for group in briefing.groups_of(article.id):
        sections = briefing.sections_in(article.id, group.id)
        mid = Branch("group", group.id, rank(), top, sections, group_number=len(groups) + 1)
        groups.append(mid)
        top.children.append(mid)
        for section in sections:
            slot = Slot(section, mid, len(slots), rank())
            slots.append(slot)
            mid.slots.append(slot)
        article_sections.extend(sections)
    top.sections = tuple(article_sections)
    return top


def by_actor(briefing: Briefing) -> Outline:
    """Group -> Actor -> Section from every article; sections with no actor last."""
    order = {actor.id: i for i, actor in enumerate(briefing.actors)}
    by_group: dict[str, dict[str, list[Section]]] = defaultdict(lambda: defaultdict(list))
    for article in briefing.articles:
        for group in briefing.groups_of(article.id):
            for section in briefing.sections_in(article.id, group.id):
                named = dict.fromkeys(section.actors) or {NO_ACTOR: None}
                for actor in named:
                    by_group[group.id][actor].append(section)
    rank = _Ranker()
    tops: list[Branch] = []
    slots: list[Slot] = []
    for group in briefing.groups:
        actors = by_group.get(group.id)
        if not actors:
            continue
        unique: dict[str, Section] = {}
        top = Branch("group", group.id, rank(), group_number=len(tops) + 1)
        tops.append(top)
        for actor in sorted(actors, key=lambda a: (a == NO_ACTOR, order.get(a, len(order)))):
            sections = tuple(actors[actor])
            mid = Branch("actor", actor, rank(), top, sections)
            top.children.append(mid)
            for section in sections:
                unique.setdefault(section.id, section)
                slot = Slot(section, mid, len(slots), rank())
                slots.append(slot)
                mid.slots.append(slot)
        top.sections = tuple(sorted(unique.values(), key=lambda s: briefing.position[s.id]))
    return Outline(ACTOR_VIEW, tops, slots, list(tops))
