"""An analysis body (Markdown) as Rich renderables, without a Markdown library.

The reader renders a new body on every cursor move, and ``rich.markdown`` (with
markdown-it and Pygments behind it) costs more to import than the rest of the
reader and more per body than the other two panes together. Analysis bodies use
a small part of Markdown, and this module renders that part:

* paragraphs, ``#`` headings, ``-``/``*``/``+`` and numbered lists (nested by
  indentation, with hanging indents), ``>`` quotes, fenced code, ``---`` rules;
* ``**strong**``, ``*emphasis*``, ```code```, ``[links](url)``, ``<url>`` and
  backslash escapes.

Anything else shows as written. Text only ever enters :class:`rich.text.Text` as
plain text, so Rich markup in a body is shown literally. The Markdown export
(:mod:`briefing.markdown`) passes the body on unchanged for full CommonMark.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text

Highlight = Callable[[Text], None]
"""Called on every piece of text before it is shown, e.g. to mark search hits."""

STRONG, EMPHASIS, CODE, LINK, QUIET = "bold", "italic", "cyan", "underline", "dim"
HEADINGS = {1: "bold underline", 2: "bold underline", 3: "bold"}

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^ {0,3}> ?(.*)$")
_INLINE = re.compile(
    r"\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|(?P<ticks>`+)(?P<code>.+?)(?P=ticks)"
    r"|(?P<strong_mark>\*\*|__)(?=\S)(?P<strong>.+?)(?<=\S)(?P=strong_mark)"
    r"|(?<![\w*])(?P<em_mark>\*|_)(?=[^\s*_])(?P<em>.+?)(?<=[^\s*_])(?P=em_mark)(?![\w*])"
    r"|\[(?P<label>[^\]\n]+)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)"
    r"|<(?P<autolink>https?://[^>\s]+)>"
)


def inline(source: str, style: str = "") -> Text:
    """One run of inline Markdown as styled text."""
    text = Text(style=style)
    position = 0
    for match in _INLINE.finditer(source):
        text.append(source[position : match.start()])
        position = match.end()
        kind = match.lastgroup
        if match["escaped"] is not None:
            text.append(match["escaped"])
        elif match["code"] is not None:
            text.append(match["code"].strip(), style=CODE)
        elif match["strong"] is not None:
            text.append_text(inline(match["strong"], STRONG))
        elif match["em"] is not None:
            text.append_text(inline(match["em"], EMPHASIS))
        elif match["label"] is not None:
            text.append_text(inline(match["label"], LINK))
            if match["url"]:
                text.append(f" ({match['url']})", style=QUIET)
        elif kind == "autolink":
            text.append(match["autolink"], style=LINK)
    text.append(source[position:])
    return text


@dataclass
class Hanging:
    """Text after a marker (``•``, ``2.``, ``│``), wrapped under itself, not under the marker."""

    marker: Text
    body: Text
    indent: int = 0
    kind: str = "item"  # consecutive blocks of one kind sit together, without a blank line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lead = self.indent + self.marker.cell_len
        lines = self.body.wrap(console, max(1, options.max_width - lead))
        blank = Text(" " * lead)
        for number, line in enumerate(lines):
            head = Text(" " * self.indent) + self.marker if number == 0 else blank
            yield head + line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lead = self.indent + self.marker.cell_len
        return Measurement(lead + 1, options.max_width)


def _blocks(lines: list[str], highlight: Highlight | None) -> Iterator[RenderableType]:
    def styled(text: Text) -> Text:
        if highlight is not None:
            highlight(text)
        return text

    index = 0
    paragraph: list[str] = []

    def flush() -> Iterator[RenderableType]:
        if paragraph:
            yield styled(inline(" ".join(line.strip() for line in paragraph)))
            paragraph.clear()

    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence:
            yield from flush()
            code: list[str] = []
            index += 1
            while index < len(lines) and not lines[index].strip().startswith(fence.group(1)):
                code.append(lines[index])
                index += 1
            yield styled(Text("\n".join(code), style=CODE, no_wrap=True, overflow="ellipsis"))
        elif not line.strip():
            yield from flush()
        elif heading := _HEADING.match(line):
            yield from flush()
            level = len(heading.group(1))
            yield styled(inline(heading.group(2) or "", HEADINGS.get(level, STRONG)))
        elif _RULE.match(line) and not paragraph:
            yield Text("───", style=QUIET)
        elif item := _ITEM.match(line):
            yield from flush()
            indent, marker, first = item.groups()
            body = [first]
            while index + 1 < len(lines):
                following = lines[index + 1]
                if not following.strip() or _ITEM.match(following) or not following.startswith("  "):
                    break
                body.append(following.strip())
                index += 1
            bullet = "• " if marker in "-*+" else f"{marker} "
            level = len(indent.expandtabs(4)) // 2
            yield Hanging(Text(bullet, style=QUIET), styled(inline(" ".join(body))), indent=2 * level)
        elif quote := _QUOTE.match(line):
            yield from flush()
            quoted = [quote.group(1)]
            while index + 1 < len(lines) and (more := _QUOTE.match(lines[index + 1])):
                quoted.append(more.group(1))
                index += 1
            said = styled(inline(" ".join(q.strip() for q in quoted if q.strip()), EMPHASIS))
            yield Hanging(Text("│ ", style=QUIET), said, kind="quote")
        else:
            paragraph.append(line)
        index += 1
    yield from flush()


def render(body: str, highlight: Highlight | None = None) -> RenderableType:
    """A Markdown body as a group of blocks, a blank line between paragraphs."""
    blocks = list(_blocks(body.expandtabs(4).split("\n"), highlight))
    spaced: list[RenderableType] = []
    for block in blocks:
        # List items and quote lines sit together; everything else is a paragraph.
        previous = spaced[-1] if spaced else None
        together = (
            isinstance(block, Hanging) and isinstance(previous, Hanging) and block.kind == previous.kind
        )
        if spaced and not together:
            spaced.append(Text())
        spaced.append(block)
    return Group(*spaced)
