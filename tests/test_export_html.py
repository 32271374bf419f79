"""HTML export: one self-contained page, semantic, and every briefing string escaped.

The page is parsed with the standard library's HTML parser into a small tree, so the
checks are on elements and attributes, not on substrings. The same page opened in a
real browser is checked in ``test_browser_html.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing import html_export
from briefing.cli import main
from briefing.load import load
from briefing.model import Briefing

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
HOSTILE = sorted(FIXTURES.glob("hostile*.yaml"))
VOID = {"meta", "br", "link", "img", "hr", "input", "source", "wbr", "area", "base", "col", "embed", "track"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag]

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class TreeBuilder(HTMLParser):
    """A strict little DOM: every opened element must be closed, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(page: str) -> Element:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], "elements left open"
    return builder.root


@pytest.fixture(scope="module")
def mini() -> Briefing:
    return load(MINI)


def test_whole_briefing_has_contents_by_article_and_group_linking_to_every_section(mini: Briefing) -> None:
    dom = parse(html_export.document(mini))
    assert [e.text() for e in dom.find_all("title")] == ["Mini briefing"]
    assert [e.text() for e in dom.find_all("h1")] == ["Mini briefing"]
    (nav,) = dom.find_all("nav")
    assert nav.find_all("h2")[0].text() == "Contents"
    outer = nav.find_all("ol")[0]
    articles = [c for c in outer.children if isinstance(c, Element) and c.tag == "li"]
    assert [a.find_all("span")[0].text() for a in articles] == ["The first article", "A second article"]
    links = [a.attrs["href"] for a in nav.find_all("a")]
    assert links == [f"#section-{s.id}" for s in mini.tree_order()]
    ids = {e.attrs.get("id") for e in dom.iter()}
    assert all(link[1:] in ids for link in links)  # every contents link lands on the page
    articles_ = [e for e in dom.find_all("article")]
    assert [a.attrs["id"] for a in articles_] == [f"section-{s.id}" for s in mini.tree_order()]
    # ids are unique, so every in-page link is unambiguous
    all_ids = [e.attrs["id"] for e in dom.iter() if e.attrs.get("id")]
    assert len(all_ids) == len(set(all_ids))


def test_a_section_has_claim_analysis_and_sources_each_headed(mini: Briefing) -> None:
    dom = parse(html_export.document(mini))
    (article,) = [a for a in dom.find_all("article") if a.attrs["id"] == "section-eu-deals"]
    assert article.find_all("h2")[0].text() == "Gas deals with the EU"
    parts = [s for s in article.find_all("section")]
    assert [p.attrs["class"] for p in parts] == ["claim", "analysis", "sources", "related"]
    assert [p.find_all("h3")[0].text() for p in parts] == ["Claim", "Analysis", "Sources", "Related sections"]
    for part in parts:  # each region is named by its heading
        assert part.attrs["aria-labelledby"] == part.find_all("h3")[0].attrs["id"]
    claim, analysis, sources, related = parts
    (figure,) = claim.find_all("figure")
    assert figure.find_all("blockquote")[0].text().strip() == "trustworthy"
    caption = figure.find_all("figcaption")[0]
    assert caption.find_all("cite")[0].text() == "European Union"
    assert "press conference" in caption.text()
    assert [t.attrs["datetime"] for t in caption.find_all("time")] == ["2022"]
    assert "supports" in analysis.find_all("p")[0].text()
    assert analysis.find_all("strong")[-1].text() == "$1.96 billion"  # the body is Markdown
    items = sources.find_all("li")
    assert len(items) == 2 and "EU gas memorandum" in items[1].text()
    # "cited by" and related sections are links inside the page
    cited_by = [a.attrs["href"] for a in sources.find_all("a")]
    assert cited_by == ["#section-thesis", "#section-russia-ally"]
    assert [a.attrs["href"] for a in related.find_all("a")] == ["#section-thesis"]


def test_one_section_is_its_own_page_and_names_what_is_not_on_it(mini: Briefing) -> None:
    dom = parse(html_export.section(mini, mini.section_by_id["eu-deals"]))
    assert [e.text() for e in dom.find_all("h1")] == ["Gas deals with the EU"]
    assert [e.text() for e in dom.find_all("h2")] == ["Claim", "Analysis", "Sources", "Related sections"]
    assert dom.find_all("nav") == []
    assert [a for a in dom.find_all("a") if a.attrs["href"].startswith("#")] == []  # no dangling links
    assert "The main threat (thesis)" in dom.find_all("ul")[0].text()


def test_body_headings_sit_below_the_section_heading() -> None:
    html = html_export.body_html("# Top\n\n## Second\n\n###### Deep", level=2)
    assert re.findall(r"<(h\d)>", html) == ["h3", "h4", "h6"]


def test_page_is_self_contained_and_forbids_every_load(mini: Briefing) -> None:
    page = html_export.document(mini)
    dom = parse(page)
    assert dom.find_all("script") == [] and dom.find_all("link") == [] and dom.find_all("img") == []
    (policy,) = [m for m in dom.find_all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    content = policy.attrs["content"] or ""
    assert "default-src 'none'" in content and "'unsafe-inline'" not in content
    (style,) = dom.find_all("style")
    assert "prefers-color-scheme: dark" in style.text() and "@media print" in style.text()
    assert "url(" not in style.text() and "@import" not in style.text()


@pytest.mark.parametrize("fixture", HOSTILE, ids=lambda p: p.name)
def test_hostile_text_stays_text(fixture: Path) -> None:
    briefing = load(fixture)
    for page in (
        html_export.document(briefing),
        *(html_export.section(briefing, s) for s in briefing.sections),
    ):
        dom = parse(page)
        tags = {e.tag for e in dom.iter()}
        assert not tags & {"script", "img", "iframe", "svg", "object", "link", "b", "embed"}
        assert len(dom.find_all("style")) == 1
        for element in dom.iter():
            assert not [name for name in element.attrs if name.startswith("on")], element
            for name in ("href", "src"):
                value = element.attrs.get(name)
                assert value is None or value.startswith(("#", "https://")), value


def test_hostile_html_fixture_shows_its_markup_as_written() -> None:
    briefing = load(FIXTURES / "hostile-html.yaml")
    dom = parse(html_export.document(briefing))
    text = dom.text()
    assert "<script>alert('title')</script>" in text
    assert "Claim <script>document.body.dataset.pwned=1</script> with <img src=x onerror=alert(1)>." in text
    assert "<img src=https://example.com/q.png onerror=alert(2)>" in text
    assert "Body <img src=x onerror=alert(3)>" in text
    assert '"><script>alert(6)</script>' in text
    assert "javascript:alert(7)" in text  # a URL that is not http(s) is text, not a link
    outward = [a for a in dom.find_all("a") if not a.attrs["href"].startswith("#")]
    # A Markdown image is a link to the picture (loading it would be a request).
    assert [a.attrs["href"] for a in outward] == ["https://example.com/pixel.png", "https://example.com/page"]
    assert {a.attrs["rel"] for a in outward} == {"noopener noreferrer"}


def test_cli_writes_html_and_never_clobbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "briefing.html"
    assert main(["print", "--all", "--format", "html", "--file", str(MINI), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["print", "--all", "--format", "html", "--file", str(MINI), "-o", str(out)]) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["print", "--format", "pdf", "--all", "--file", str(MINI)]) == 2


def with_voices() -> Briefing:
    """The mini briefing with one analysis in the article's voice and one in the editors'."""
    from briefing.load import loads

    text = MINI.read_text(encoding="utf-8")
    text = text.replace("      relation: supports\n", "      relation: supports\n      voice: article\n")
    text = text.replace("      relation: rebuts\n", "      relation: rebuts\n      voice: editors\n")
    return loads(text)


def test_the_analysis_heading_names_its_voice() -> None:
    briefing = with_voices()
    dom = parse(html_export.document(briefing))
    headings = {
        a.attrs["id"]: [
            s.find_all("h3")[0].text() for s in a.find_all("section") if s.attrs["class"] == "analysis"
        ]
        for a in dom.find_all("article")
    }
    assert headings == {
        "section-thesis": ["Analysis"],
        "section-eu-deals": ["Analysis — from the article"],
        "section-russia-ally": ["Analysis — the briefing's editors"],
    }


# -- the page exactly, and the rules the mutation run showed untested ------------------

GOLDEN = FIXTURES / "mini-document.html"


def golden_case() -> tuple[Briefing, dict[str, str]]:
    """The mini briefing with every part the export shows: voices, a body with a heading and a
    link, a source with an address cited thrice, a quote with no venue or date, an article
    with no sections, paragraphs and line breaks."""
    from briefing.load import loads

    text = MINI.read_text(encoding="utf-8")
    text = text.replace("      relation: supports\n", "      relation: supports\n      voice: article\n")
    text = text.replace("      relation: rebuts\n", "      relation: rebuts\n      voice: editors\n")
    text = text.replace(
        "      body: The deal was worth **$1.96 billion**.\n",
        "      body: |\n        ## The figure\n\n        The deal was worth **$1.96 billion**, says"
        " [the memo](https://example.org/memo).\n",
    )
    text = text.replace(
        "  summary: Two short articles about two neighbours and the powers around them.\n",
        '  summary: "Two short articles.\\nAbout two neighbours.\\n\\nAnd the powers around them."\n',
    )
    text = text.replace(
        "  - id: beta\n", "  - id: unused\n    title: An article with no sections\n  - id: beta\n"
    )
    text = text.replace(
        'date: "2022", note: Amount as reported.}',
        'date: "2022", url: "https://example.org/memo", note: Amount as reported.}',
    )
    text = text.replace(
        "      - {ref: column, role: claim, note: The thesis paragraph.}\n",
        "      - {ref: column, role: claim, note: The thesis paragraph.}\n      - {ref: gas-deal}\n",
    )
    text = text.replace(
        '        - {text: "the greatest threat", speaker: ana, date: "2022-09", venue: column}\n',
        '        - {text: "the greatest threat", speaker: ana, date: "2022-09", venue: column}\n'
        "        - {text: a bare quote, speaker: leader}\n",
    )
    return loads(text), {"eu-deals": "My own note\non two lines", "nowhere": "dropped"}


def test_rule_the_html_export_is_exactly_as_reviewed() -> None:
    """README "Export formats", HTML: the page is the reviewed one, byte for byte (tag, text and
    order). After a deliberate change, write the new page to tests/fixtures/mini-document.html
    with html_export.document(*golden_case()) and review its diff."""
    briefing, notes = golden_case()
    assert html_export.document(briefing, notes=notes) == GOLDEN.read_text(encoding="utf-8")


def test_rule_the_policy_allows_exactly_the_pages_own_style_by_its_hash(mini: Briefing) -> None:
    # README "Export formats": a CSP forbids every load; the style block is allowed by its hash.
    import base64
    import hashlib

    dom = parse(html_export.document(mini))
    (policy,) = [m for m in dom.find_all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in (policy.attrs["content"] or "").split(";"))
    (style,) = dom.find_all("style")
    digest = base64.b64encode(hashlib.sha256(style.text().encode("utf-8")).digest()).decode("ascii")
    assert directives == {
        "default-src": "'none'",
        "style-src": f"'sha256-{digest}'",
        "img-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'none'",
    }
    (referrer,) = [m for m in dom.find_all("meta") if m.attrs.get("name") == "referrer"]
    assert referrer.attrs["content"] == "no-referrer"  # opening a link tells no one where from


def test_rule_notes_are_in_the_html_only_when_given(mini: Briefing) -> None:
    # README "Commands": --notes adds your notes on the sections to the Markdown or HTML.
    def notes_of(page: str) -> dict[str, str]:
        found = {}
        for article in parse(page).find_all("article"):
            for part in article.find_all("section"):
                if part.attrs["class"] == "note":
                    (heading,) = [e for e in part.iter() if e.tag in ("h2", "h3")]
                    assert heading.text() == "Note" and part.attrs["aria-labelledby"] == heading.attrs["id"]
                    found[article.attrs["id"]] = [p.text() for p in part.find_all("p")]
        return found

    notes = {"eu-deals": "first\nsecond\n\nthird <b>x</b>"}
    assert notes_of(html_export.document(mini, notes=notes)) == {
        "section-eu-deals": ["first\nsecond", "third <b>x</b>"]
    }
    assert notes_of(html_export.document(mini)) == {}
    eu = mini.section_by_id["eu-deals"]
    page = html_export.section(mini, eu, note="mine")
    assert notes_of(page) == {"section-eu-deals": ["mine"]}
    assert notes_of(html_export.section(mini, eu)) == {}


def test_rule_a_section_page_is_titled_by_the_section_then_the_briefing(mini: Briefing) -> None:
    # README "Export formats": one section is a page of its own, titled by the section.
    dom = parse(html_export.section(mini, mini.section_by_id["eu-deals"]))
    assert [t.text() for t in dom.find_all("title")] == ["Gas deals with the EU — Mini briefing"]


def test_rule_plain_text_keeps_its_paragraphs_and_line_breaks() -> None:
    # html_export.text: briefing text is escaped, paragraphs kept, a line break is a <br>.
    assert html_export.text("  one\ntwo <i>\n\n \n three  ") == "<p>one<br>\ntwo &lt;i&gt;</p>\n<p>three</p>"
