"""Analysis bodies: the Markdown subset the reader renders itself."""

from __future__ import annotations

from rich.text import Text

from briefing.tui.views.prose import inline, render
from briefing.tui.views.render import plain


def spans(text: Text) -> dict[str, str]:
    return {text.plain[s.start : s.end]: str(s.style) for s in text.spans}


def test_inline_styles_and_literal_markup():
    text = inline(
        "a **strong *inner* x** b *em* `[code]` [label](http://x) <https://y> \\*not em\\* [b]x[/b]"
    )
    assert text.plain == "a strong inner x b em [code] label (http://x) https://y *not em* [b]x[/b]"
    styles = spans(text)
    assert styles["strong inner x"] == "bold" and styles["inner"] == "italic"
    assert styles["em"] == "italic" and styles["[code]"] == "cyan" and styles["label"] == "underline"


def test_intraword_underscores_and_lone_stars_stay():
    assert inline("snake_case_name and 2*3*4 and * alone").plain == "snake_case_name and 2*3*4 and * alone"


def test_blocks():
    body = (
        "# Heading\n\nFirst paragraph\nwrapped in the source.\n\n- one\n  continued\n- two\n"
        "    - nested\n\n> quoted\n> on two lines\n\n```\ncode *kept*\n```\n\n---\n\n1. first\n2) second"
    )
    out = plain(render(body), 40).splitlines()
    assert out == [
        "Heading",
        "",
        "First paragraph wrapped in the source.",
        "",
        "• one continued",
        "• two",
        "    • nested",
        "",
        "│ quoted on two lines",
        "",
        "code *kept*",
        "",
        "───",
        "",
        "1. first",
        "2) second",
    ]


def test_list_items_hang_under_their_text():
    out = plain(render("- " + "word " * 20), 30).splitlines()
    assert out[0].startswith("• word") and all(line.startswith("  word") for line in out[1:])


def test_highlight_reaches_every_piece_of_text():
    seen: list[str] = []
    render("Para\n\n- item\n\n> quote", highlight=lambda t: seen.append(t.plain))
    assert seen == ["Para", "item", "quote"]
