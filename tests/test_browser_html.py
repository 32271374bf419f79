"""The HTML export opened in a real browser (headless Chromium over the DevTools protocol).

What a reader gets from the file: the titles, each section's Claim, Analysis and
Sources, working contents links; hostile text as text with no element made of it;
and not one request leaving the page.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

pytest.importorskip("aiohttp", reason="aiohttp comes with the web extra: pip install -e '.[test,web]'")

from devtools import Browser, Page, chromium, executable

from briefing.cli import main

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    binary = executable()
    if binary is None:
        pytest.skip("chromium is not installed (CI installs it); this test opens the page in a real browser")
    async with chromium(binary) as started:
        yield started


def export(tmp_path: Path, fixture: str, *ids: str) -> Path:
    out = tmp_path / f"{fixture}.html"
    target = list(ids) or ["--all"]
    assert (
        main(["print", *target, "--format", "html", "--file", str(FIXTURES / fixture), "-o", str(out)]) == 0
    )
    return out


async def opened(browser: Browser, path: Path) -> Page:
    page = await browser.page()
    await page.goto(path.as_uri())
    return page


async def test_titles_sections_and_contents_links_are_in_the_dom(browser: Browser, tmp_path: Path) -> None:
    page = await opened(browser, export(tmp_path, "mini.yaml"))
    assert await page.evaluate("document.title") == "Mini briefing"
    assert await page.evaluate("document.querySelector('h1').textContent") == "Mini briefing"
    titles = await page.evaluate(
        "[...document.querySelectorAll('article.section h2')].map(h => h.textContent)"
    )
    assert titles == ["The main threat", "Gas deals with the EU", "On relations with Russia"]
    parts = await page.evaluate(
        "[...document.querySelectorAll('#section-eu-deals > section > h3')].map(h => h.textContent)"
    )
    assert parts[:3] == ["Claim", "Analysis", "Sources"]
    claim = await page.evaluate("document.querySelector('#section-eu-deals .claim blockquote').innerText")
    assert claim.strip() == "trustworthy"
    # Every contents link names a section on the page, and following one goes there.
    links = await page.evaluate("[...document.querySelectorAll('nav a')].map(a => a.getAttribute('href'))")
    assert links == ["#section-thesis", "#section-eu-deals", "#section-russia-ally"]
    assert await page.evaluate(
        "[...document.querySelectorAll('nav a')].every(a => document.getElementById(a.hash.slice(1)))"
    )
    await page.evaluate("document.querySelector('nav a[href=\"#section-russia-ally\"]').click()")
    assert await page.wait_for("location.hash === '#section-russia-ally'", "the contents link to be followed")
    # The style applies (the page's policy allows its own style block, nothing else) and
    # has a dark variant for a reader who asks for it.
    assert await page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
    await page.send(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}
    )
    dark = await page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    await page.send(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]}
    )
    light = await page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert dark != light


async def test_hostile_text_is_text_and_makes_no_element(browser: Browser, tmp_path: Path) -> None:
    path = export(tmp_path, "hostile-html.yaml")
    page = await opened(browser, path)
    # The title is the text as written: the <script> in it never ran (it would set 'pwned').
    assert await page.evaluate("document.title") == "<script>document.title='pwned'</script>Hostile page"
    text = await page.evaluate("document.body.innerText")
    assert "Claim <script>document.body.dataset.pwned=1</script> with <img src=x onerror=alert(1)>." in text
    assert "Body <img src=x onerror=alert(3)>" in text
    assert await page.evaluate("document.body.dataset.pwned") is None
    made = await page.evaluate(
        "[...document.querySelectorAll('script, img, iframe, svg, object, embed, link, b')].length"
    )
    assert made == 0
    handlers = await page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => a.name))"
    )
    assert handlers == []
    assert await page.evaluate("document.querySelectorAll('style').length") == 1
    hrefs = await page.evaluate("[...document.querySelectorAll('a')].map(a => a.protocol)")
    assert set(hrefs) <= {"file:", "https:"}  # in-page links, and https ones: no javascript:
    # Not one request left the page: only the file itself was loaded.
    assert page.requests() == [path.as_uri()]


async def test_one_section_page_loads_nothing_else(browser: Browser, tmp_path: Path) -> None:
    path = export(tmp_path, "hostile.yaml", "loud")
    page = await opened(browser, path)
    headings = await page.evaluate("[...document.querySelectorAll('h2')].map(h => h.textContent)")
    assert headings[:3] == ["Claim", "Analysis", "Sources"]
    assert (
        await page.evaluate("document.querySelector('h1').textContent")
        == "[bold red]x[/] and [@click=app.quit]quit[/]"
    )
    assert page.requests() == [path.as_uri()]


async def test_a_screen_reader_finds_landmarks_headings_and_quotes(browser: Browser, tmp_path: Path) -> None:
    page = await opened(browser, export(tmp_path, "mini.yaml"))
    await page.send("Accessibility.enable")
    nodes = (await page.send("Accessibility.getFullAXTree"))["nodes"]

    def role(node: dict) -> str:
        return str(node.get("role", {}).get("value", ""))

    def name(node: dict) -> str:
        return str(node.get("name", {}).get("value", ""))

    roles = [role(n) for n in nodes if not n.get("ignored")]
    assert roles.count("navigation") == 1 and roles.count("main") == 1
    assert roles.count("article") == 3
    assert roles.count("blockquote") == 3
    articles = [name(n) for n in nodes if role(n) == "article"]
    assert articles == ["The main threat", "Gas deals with the EU", "On relations with Russia"]
    headings = [
        (next(int(p["value"]["value"]) for p in n.get("properties", []) if p["name"] == "level"), name(n))
        for n in nodes
        if role(n) == "heading"
    ]
    assert headings[:3] == [(1, "Mini briefing"), (2, "Contents"), (2, "The main threat")]
    assert (3, "Claim") in headings and (3, "Analysis") in headings and (3, "Sources") in headings
    regions = [name(n) for n in nodes if role(n) == "region"]
    assert regions[:3] == ["Claim", "Analysis", "Sources"]  # each part named by its heading


async def test_the_print_style_gives_a_clean_pdf(browser: Browser, tmp_path: Path) -> None:
    page = await opened(browser, export(tmp_path, "mini.yaml"))
    await page.send("Emulation.setEmulatedMedia", {"media": "print"})
    assert await page.evaluate("getComputedStyle(document.querySelector('.skip')).display") == "none"
    assert await page.evaluate("getComputedStyle(document.querySelector('nav')).breakAfter") == "page"
    second = "document.querySelectorAll('article.section')[1]"
    assert await page.evaluate(f"getComputedStyle({second}).breakBefore") == "page"
    # Printing is black on white even for a reader whose system asks for the dark style.
    await page.send(
        "Emulation.setEmulatedMedia",
        {"media": "print", "features": [{"name": "prefers-color-scheme", "value": "dark"}]},
    )
    assert (
        await page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        == "rgb(255, 255, 255)"
    )
    assert await page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    pdf = await page.send("Page.printToPDF", {"printBackground": False})
    assert base64.b64decode(pdf["data"]).startswith(b"%PDF")
