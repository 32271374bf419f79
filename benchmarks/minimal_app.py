"""The baseline: the least a Textual reader could do with the same widgets.

A Header, a Tree with the same number of nodes as the briefing's tree, three
Static panes and a Footer. It reads its sections from a JSON file written by the
benchmark (so it does no YAML work of its own). It either exits after its first
frame, or stays and, on ``j``, moves the tree cursor and puts the next
section's text into the three panes, as the reader does.

    python -m benchmarks.minimal_app SECTIONS.json [--exit-after-first-frame]
"""

from __future__ import annotations

import json
import sys
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Static, Tree


class MinimalApp(App[None]):
    CSS = """
    Tree { width: 38; }
    Static { height: 1fr; border: round $primary; }
    """
    BINDINGS: ClassVar = [("j", "next", "Next"), ("q", "quit", "Quit")]

    def __init__(self, sections: list[dict], exit_after_first_frame: bool) -> None:
        super().__init__()
        self.sections = sections
        self.exit_after_first_frame = exit_after_first_frame
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            tree: Tree[int] = Tree("Briefing")
            tree.root.expand()
            for i, section in enumerate(self.sections):
                tree.root.add_leaf(section["title"], data=i)
            yield tree
            with Vertical():
                for name in ("Claim", "Analysis", "Sources"):
                    pane = Static(id=name.lower())
                    pane.border_title = name
                    yield pane
        yield Footer()

    def on_mount(self) -> None:
        self.show(0)
        if self.exit_after_first_frame:
            self.call_after_refresh(self.exit)

    def show(self, index: int) -> None:
        section = self.sections[index]
        self.query_one("#claim", Static).update(Text(section["title"] + "\n\n" + section["claim"]))
        self.query_one("#analysis", Static).update(Text(section["analysis"]))
        self.query_one("#sources", Static).update(Text(section["sources"]))

    def action_next(self) -> None:
        self.index = min(self.index + 1, len(self.sections) - 1)
        tree = self.query_one(Tree)
        tree.move_cursor(tree.root.children[self.index])
        self.show(self.index)


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        sections = json.load(handle)
    MinimalApp(sections, "--exit-after-first-frame" in sys.argv).run()


if __name__ == "__main__":
    main()
