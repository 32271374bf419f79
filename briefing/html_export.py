"""A briefing, or one section of it, as one self-contained HTML file.

The page needs nothing from outside: its style is inline (light and dark through
``prefers-color-scheme``, and a print style for a clean PDF), it has no script and
no web font, and a Content-Security-Policy forbids it to load anything at all, so
it reads the same offline, from an e-mail attachment or from a file share.

Every string from the briefing is escaped (``<script>`` in a claim is text); an
analysis body is Markdown, rendered by markdown-it-py with raw HTML off (shown as
text), images off (a picture would be a request) and only the link schemes
markdown-it allows; its headings are moved below the section's own. The structure
is semantic so a screen reader can walk it: a ``nav`` of contents by article and
group, an ``article`` per section with headed Claim, Analysis and Sources, quotes as
``blockquote`` with a ``cite`` for the speaker, cross-references as in-page links.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

from .model import VOICE_LABELS, Briefing, Citation, Quote, Section
from .text import count

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_URL = re.compile(r"https?://[^\s<>\"']+\Z")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?\Z")

STYLE = """
:root { color-scheme: light dark; --fg: #1d1f21; --muted: #5c6166; --bg: #fdfdfc; --rule: #d8dadc;
  --accent: #0b57a4; --quote: #f2f4f6; --mark: #8a4b00; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e6e3; --muted: #a5abb1; --bg: #15181b; --rule: #343a40; --accent: #7cb7ff;
    --quote: #1e2328; --mark: #f0b35a; }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { font: 1.0625rem/1.55 Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif;
  max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1, h2, h3, h4, h5, h6 { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { font-size: 1.9rem; } h2 { font-size: 1.45rem; } h3 { font-size: 1.15rem; }
a { color: var(--accent); }
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999rem; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: 0.25rem 0.5rem; }
.meta, .where, .details, figcaption, .cited-by { color: var(--muted); }
.where, .meta { font-size: 0.95rem; }
nav ol { list-style: none; padding-left: 1.1rem; margin: 0.2rem 0; }
nav > ol { padding-left: 0; }
nav .article-title { font-weight: 600; }
article.section { border-top: 1px solid var(--rule); margin-top: 2.5rem; }
main > article.section:first-child { border-top: none; margin-top: 0; }
article.section > header h1, article.section > header h2 { margin-top: 1rem; }
figure.quote { margin: 1rem 0; }
blockquote { margin: 0; padding: 0.6rem 1rem; background: var(--quote); border-left: 4px solid var(--rule); }
blockquote p { margin: 0.2rem 0; }
figcaption { margin: 0.3rem 0 0 1rem; font-size: 0.95rem; }
cite { font-style: normal; font-weight: 600; }
.verdict strong { color: var(--mark); }
.body blockquote { background: none; border-left-color: var(--rule); }
code, pre { font-family: ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, monospace;
  font-size: 0.9em; }
pre { overflow-x: auto; background: var(--quote); padding: 0.6rem; }
ol.sources > li { margin-bottom: 0.5rem; }
.cited-by { font-size: 0.95rem; margin: 0.15rem 0 0; }
@media print {
  :root { --fg: #000; --muted: #333; --bg: #fff; --rule: #999; --accent: #000; --quote: #fff; --mark: #000; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  .skip { display: none; }
  nav { break-after: page; }
  a { text-decoration: none; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 0.85em; word-break: break-all; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; }
  figure, blockquote, li { break-inside: avoid; }
  article.section { border-top: none; }
  article.section + article.section { break-before: page; }
}
""".strip()


_STYLE_BLOCK = f"\n{STYLE}\n"
"""The exact text of the page's style element: the policy allows it by its hash."""


def _style_hash() -> str:
    digest = hashlib.sha256(_STYLE_BLOCK.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _policy() -> str:
    """Nothing may load: no script, no request, no form; only our own style block."""
    return (
        "default-src 'none'; style-src " + _style_hash() + "; img-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Imported here: `briefing print` in Markdown never pays for it.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).disable("image")


def body_html(markdown: str, level: int) -> str:
    """An analysis body as HTML, its headings starting at ``level + 1`` (at most h6)."""
    parser = _markdown()
    tokens = parser.parse(markdown)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + level)}"
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("rel", "noopener noreferrer")
    return str(parser.renderer.render(tokens, parser.options, {}))


def text(value: str) -> str:
    """Plain text from the briefing: escaped, paragraphs kept, line breaks as ``<br>``."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return "\n".join(
        "<p>" + "<br>\n".join(escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs
    )


def _inline(value: str) -> str:
    return escape(" ".join(value.split()))


def _byline(parts: Iterable[str | None]) -> str:
    return ", ".join(p for p in parts if p)


def _date(value: str) -> str:
    shown = escape(value)
    return f'<time datetime="{shown}">{shown}</time>' if _DATE.match(value) else shown


def anchor(section_id: str) -> str:
    return "section-" + section_id


class _Page:
    """What one export knows: the briefing, which sections are on the page, heading levels."""

    def __init__(self, briefing: Briefing, shown: Iterable[Section], level: int) -> None:
        self.briefing = briefing
        self.on_page = {s.id for s in shown}
        self.level = level

    def h(self, offset: int, content: str, ident: str) -> str:
        n = min(6, self.level + offset)
        return f'<h{n} id="{escape(ident)}">{content}</h{n}>'

    def link(self, section_id: str) -> str:
        """A link to a section on this page; its title and id as text when it is not here."""
        target = self.briefing.section_by_id[section_id]
        title = _inline(target.title)
        if section_id in self.on_page:
            return f'<a href="#{escape(anchor(section_id))}">{title}</a>'
        return f"{title} (<code>{escape(section_id)}</code>)"

    def quote(self, quote: Quote) -> str:
        actor = self.briefing.actor_by_id.get(quote.speaker)
        who = _inline(self.briefing.actor_name(quote.speaker))
        rest = [escape(actor.role) if actor and actor.role else None]
        rest += [_inline(quote.venue) if quote.venue else None, _date(quote.date) if quote.date else None]
        caption = f"— <cite>{who}</cite>" + "".join(f", {p}" for p in rest if p)
        return (
            '<figure class="quote">\n'
            f"<blockquote>\n{text(quote.text)}\n</blockquote>\n"
            f"<figcaption>{caption}</figcaption>\n"
            "</figure>"
        )

    def citation(self, sec: Section, number: int, citation: Citation) -> str:
        source = self.briefing.source_by_id[citation.ref]
        details = _byline((source.kind, source.publisher, source.date))
        item = f'<li id="{escape(anchor(sec.id))}.source-{number}"><strong>{_inline(source.title)}</strong>'
        item += f' <span class="details">({_inline(details)})</span>'
        if citation.role:
            item += f" — {escape(citation.role)}"
        if citation.note:
            item += f": {_inline(citation.note)}"
        if source.url:
            if _URL.match(source.url):
                url = escape(source.url)
                item += f' <a href="{url}" rel="noopener noreferrer">{url}</a>'
            else:
                item += f" {_inline(source.url)}"
        others = [s for s in self.briefing.citing(citation.ref) if s.id != sec.id]
        if others:
            item += (
                '\n<p class="cited-by">Also cited by: ' + ", ".join(self.link(s.id) for s in others) + "</p>"
            )
        return item + "</li>"

    def section(self, sec: Section, note: str | None = None) -> str:
        b = self.briefing
        base = anchor(sec.id)
        article = b.article_by_id[sec.article]
        group = b.group_by_id[sec.group]
        where = f"Article: <cite>{_inline(article.title)}</cite>"
        details = _byline((article.publication, article.author, article.date))
        if details:
            where += f" ({_inline(details)})"
        where += f" · Group: {_inline(group.title)} · Id: <code>{escape(sec.id)}</code>"
        out = [
            f'<article class="section" id="{escape(base)}" aria-labelledby="{escape(base)}.title">',
            "<header>",
            self.h(0, _inline(sec.title), base + ".title"),
            f'<p class="where">{where}</p>',
            "</header>",
            f'<section class="claim" aria-labelledby="{escape(base)}.claim">',
            self.h(1, "Claim", base + ".claim"),
        ]
        if sec.claim.speaker:
            out.append(
                f'<p class="speaker">Speaker: <strong>{_inline(b.actor_name(sec.claim.speaker))}</strong></p>'
            )
        out.append(text(sec.claim.summary))
        out += [self.quote(q) for q in sec.claim.quotes]
        out.append("</section>")
        # Whose analysis it is, in its heading as in the Markdown export.
        voice = VOICE_LABELS.get(sec.analysis.voice or "")
        heading = f"Analysis — {escape(voice)}" if voice else "Analysis"
        out += [
            f'<section class="analysis" aria-labelledby="{escape(base)}.analysis">',
            self.h(1, heading, base + ".analysis"),
        ]
        verdict = []
        if sec.analysis.relation:
            verdict.append(
                f'<span class="relation">Relation: <strong>{escape(sec.analysis.relation)}</strong></span>'
            )
        if verdict:
            out.append('<p class="verdict">' + " · ".join(verdict) + "</p>")
        out.append(f'<div class="body">\n{body_html(sec.analysis.body, self.level + 1)}</div>')
        out.append("</section>")
        if sec.sources:
            out += [
                f'<section class="sources" aria-labelledby="{escape(base)}.sources">',
                self.h(1, "Sources", base + ".sources"),
                '<ol class="sources">',
                *(self.citation(sec, n, c) for n, c in enumerate(sec.sources, 1)),
                "</ol>",
                "</section>",
            ]
        if sec.related:
            out += [
                f'<section class="related" aria-labelledby="{escape(base)}.related">',
                self.h(1, "Related sections", base + ".related"),
                "<ul>",
                *(f"<li>{self.link(r)}</li>" for r in sec.related),
                "</ul>",
                "</section>",
            ]
        if note:
            out += [
                f'<section class="note" aria-labelledby="{escape(base)}.note">',
                self.h(1, "Note", base + ".note"),
                text(note),
                "</section>",
            ]
        out.append("</article>")
        return "\n".join(out)


def _page(title: str, content: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_policy()}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="generator" content="briefing">\n'
        f"<title>{title}</title>\n<style>{_STYLE_BLOCK}</style>\n</head>\n<body>\n{content}\n</body>\n</html>\n"
    )


def section(briefing: Briefing, sec: Section, *, note: str | None = None) -> str:
    """One section as a page: its title is the page's ``h1``."""
    page = _Page(briefing, (sec,), level=1)
    title = f"{_inline(sec.title)} — {_inline(briefing.title)}"
    return _page(title, f"<main>\n{page.section(sec, note)}\n</main>")


def _contents(briefing: Briefing) -> str:
    out = ['<nav aria-labelledby="contents">', '<h2 id="contents">Contents</h2>', "<ol>"]
    for article in briefing.articles:
        groups = briefing.groups_of(article.id)
        if not groups:
            continue
        details = _byline((article.publication, article.author, article.date))
        label = f'<span class="article-title">{_inline(article.title)}</span>'
        if details:
            label += f' <span class="details">({_inline(details)})</span>'
        out.append(f"<li>{label}\n<ol>")
        for group in groups:
            out.append(f"<li>{_inline(group.title)}\n<ol>")
            out += [
                f'<li><a href="#{escape(anchor(s.id))}">{_inline(s.title)}</a></li>'
                for s in briefing.sections_in(article.id, group.id)
            ]
            out.append("</ol></li>")
        out.append("</ol></li>")
    out += ["</ol>", "</nav>"]
    return "\n".join(out)


def document(briefing: Briefing, *, notes: dict[str, str] | None = None) -> str:
    """The whole briefing: title, summary, contents, then every section in tree order."""
    notes = notes or {}
    ordered = briefing.tree_order()
    page = _Page(briefing, ordered, level=2)
    header = [
        '<a class="skip" href="#main">Skip to the sections</a>',
        "<header>",
        f"<h1>{_inline(briefing.title)}</h1>",
    ]
    if briefing.summary:
        header.append(text(briefing.summary))
    header.append(
        f'<p class="meta">{count(len(ordered), "section")} from '
        f"{count(len(briefing.articles), 'article')}</p>"
    )
    header.append("</header>")
    body = [
        "\n".join(header),
        _contents(briefing),
        '<main id="main">',
        *(page.section(s, notes.get(s.id)) for s in ordered),
        "</main>",
    ]
    return _page(_inline(briefing.title), "\n".join(body))
