"""Synthetic schema-v1 briefings of N sections with realistic text sizes.

    python -m benchmarks.generate N OUT.yaml

Each section has a claim of about 600 characters, an analysis of about 1,200, one
quote, three citations and two events, like the bundled briefing's sections.
Claim, analysis and notes start "Claim N", "Analysis N", "Note N", so a benchmark
can tell from the screen which section the panes show.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

WORDS = (
    "armenia azerbaijan russia turkey iran georgia france union council mission border peace treaty "
    "corridor sovereignty territorial integrity interview president minister security assistance "
    "energy gas pipeline sanctions declaration partnership military aid democracy rhetoric narrative "
    "the a of and to in on for with by from as that which while despite its their against toward"
).split()
ACTORS = ["aliyev", "france", "eu", "usa", "russia", "turkey", "iran", "georgia", "armenia", "canada"]
GROUPS = ["western", "non-western", "conclusions"]


def prose(rng: random.Random, chars: int) -> str:
    out: list[str] = []
    size = 0
    while size < chars:
        word = rng.choice(WORDS)
        out.append(word)
        size += len(word) + 1
    return " ".join(out).capitalize() + "."


def build(n: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    sources = [
        {
            "id": f"src-{i}",
            "title": prose(rng, 40),
            "kind": "report",
            "publisher": "Publisher",
            "date": "2024",
        }
        for i in range(max(3, n // 5))
    ]
    sections = []
    for i in range(n):
        day = 1 + i % 28
        sections.append(
            {
                "id": f"section-{i}",
                "title": f"Section {i} " + prose(rng, 30),
                "article": f"article-{i % 2}",
                "group": GROUPS[i % 3],
                "actors": rng.sample(ACTORS, 2),
                "claim": {
                    "speaker": "aliyev",
                    "summary": f"Claim {i} " + prose(rng, 520),
                    "quotes": [
                        {"text": prose(rng, 80), "speaker": "aliyev", "date": "2025-01", "venue": "interview"}
                    ],
                },
                "analysis": {"relation": "rebuts", "body": f"Analysis {i} " + prose(rng, 1200)},
                "sources": [
                    {"ref": rng.choice(sources)["id"], "role": role, "note": f"Note {i} " + prose(rng, 60)}
                    for role in ("claim", "evidence", "context")
                ],
                "events": [
                    {
                        "date": f"2024-{1 + i % 12:02d}-{day:02d}",
                        "label": prose(rng, 50),
                        "actors": [ACTORS[i % 10]],
                    },
                    {"date": "2025-01", "label": prose(rng, 50), "actors": [ACTORS[(i + 1) % 10]]},
                ],
                "related": [f"section-{(i + 1) % n}"] if n > 1 else [],
                "tags": ["synthetic"],
            }
        )
    return {
        "version": 1,
        "briefing": {"id": f"synthetic-{n}", "title": f"Synthetic briefing of {n} sections"},
        "articles": [{"id": f"article-{k}", "title": f"Article {k}"} for k in range(2)],
        "groups": [{"id": g, "title": g.replace("-", " ").capitalize()} for g in GROUPS],
        "actors": [{"id": a, "name": a.capitalize(), "kind": "state"} for a in ACTORS],
        "sections": sections,
        "sources": sources,
    }


def write(n: int, path: Path) -> Path:
    text = yaml.dump(
        build(n), Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, width=100
    )
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]))
