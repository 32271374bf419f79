"""A new briefing to start from: ``briefing new PATH``.

Small, valid and commented: one article, the three usual groups, one section that
shows every field, one source and one actor. Its first line points editors that
speak the YAML language server at the schema, for completion and help on hover.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .paths import schema_path

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def modeline(schema: Path | None = None) -> str:
    """The comment that tells the YAML language server which schema a file follows."""
    where = (schema or schema_path()).resolve()
    return f"# yaml-language-server: $schema={where.as_uri()}"


def slug(text: str, fallback: str = "my-briefing") -> str:
    """An id from a name: lowercase letters, digits and single dashes."""
    made = _NOT_SLUG.sub("-", text.lower()).strip("-")
    return made or fallback


def default_title(path: Path) -> str:
    words = re.sub(r"[-_.]+", " ", path.stem).strip()
    return words[:1].upper() + words[1:] if words else "My briefing"


def starter(path: Path, title: str | None = None, schema: Path | None = None) -> str:
    """The text of a new briefing to be written at ``path``."""
    chosen = (title or "").strip() or default_title(path)
    return _TEMPLATE.format(
        modeline=modeline(schema),
        id=slug(path.stem),
        title=json.dumps(chosen, ensure_ascii=False),  # a JSON string is a YAML double-quoted one
    )


def with_modeline(text: str, schema: Path | None = None) -> str:
    """A copy of a briefing that points editors at the schema (unless it already does)."""
    if text.startswith("# yaml-language-server:"):
        return text
    return f"{modeline(schema)}\n{text}"


_TEMPLATE = """\
{modeline}
# A briefing for `briefing`, schema version 1. Open it with `briefing FILE`; check it with
# `briefing validate --strict FILE`. Editors with the YAML language server (VS Code's YAML
# extension, Neovim's yamlls) complete fields and explain each on hover from the line above.
# Required fields are marked *; unknown fields are errors, except under `extra:`.
version: 1                      # * the schema version

briefing:                       # *
  id: {id}                      # * ids: lowercase letters, digits and '-'
  title: {title}   # *
  summary: >-
    One paragraph about the briefing: what it reads, and why.

articles:                       # * the analysed articles, the primary sources
  - id: first-article           # *
    title: "The article's title as published"   # * or one you write, with supplied: true
    supplied: false             # true: title and metadata written by you, not given by the text
    publication: The outlet
    author: The author
    date: "2025-01"             # "2025", "2025-01", "2025-01-30" or a range "2025-01-30/2025-02-02"
    url: https://example.org/the-article        # only if known for certain
    note: How the metadata was established.

groups:                         # * in the order the tree shows them
  - id: western                 # *
    title: Western actors       # *
    summary: What the sections about Western actors have in common.
  - id: non-western
    title: Non-Western actors
  - id: conclusions
    title: Conclusions

actors:                         # people, states, organisations
  - id: the-speaker             # *
    name: The Speaker           # *
    kind: person                # person | state | organisation
    role: What they are, e.g. President of Somewhere
    summary: A paragraph about the actor, shown on their overview.

sections:                       # *
  - id: first-section           # *
    title: What the section is about   # *
    article: first-article      # * an article's id
    group: western              # * a group's id
    actors: [the-speaker]       # ids of the actors the section is about
    claim:                      # *
      speaker: the-speaker      # the actor whose position this is
      summary: The claim, in your own words.   # *
      quotes:                   # verbatim, short, attributed (`briefing verify` checks them)
        - text: "the words exactly as the article gives them"   # *
          speaker: the-speaker  # * an actor's id
          date: "2025-01"
          venue: interview
    analysis:                   # *
      relation: contextualizes  # rebuts | contextualizes | supports | undercuts
      voice: editors            # article: the article's own analysis, summarised | editors: yours
      body: |                   # * Markdown, your own words
        What the claim leaves out, and what the sources show.

        - a point
        - another point
    sources:                    # citations of entries in `sources` below
      - ref: first-source       # * a source's id
        role: evidence          # claim | evidence | context
        note: What the source shows.
    events:                     # dated facts for the timeline
      - date: "2025-01-30"      # *
        label: What happened    # *
        actors: [the-speaker]
    related: []                 # ids of other sections, e.g. [another-section]
    tags: [example]
    extra:                      # any record may carry your own data here, unchecked
      status: draft

sources:                        # the bibliography
  - id: first-source            # *
    title: The source's title   # *
    kind: report                # * statement | document | law | report | survey | interview |
                                #   article | speech | dataset | organisation | person
    publisher: Who published it
    date: "2024"
    url: https://example.org/the-source
    note: Why it is cited.
"""
