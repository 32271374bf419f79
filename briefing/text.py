"""Make text from a briefing safe to show: it is data, never terminal control.

C0 and C1 control characters (ESC, BEL, CSI, OSC ...) are removed, tabs become
spaces, and bidirectional override characters, which can reorder what a terminal
shows, are replaced by a visible ``<U+202E>`` style marker.
"""

from __future__ import annotations

import re

# Everything below 0x20 except tab and newline, DEL, and the C1 range.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Embeddings, overrides, isolates and the two directional marks.
_BIDI = "\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_CONTROL}{_BIDI}\t]")


def _replace(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\t":
        return "    "
    if char in "\r":
        return ""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return ""
    return f"<U+{code:04X}>"


def clean(text: str) -> str:
    """Strip control characters and make bidi overrides visible."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_replace, text)


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``1 section``, ``2 sections``, ``10,000 entries`` (``plural`` for nouns not made with -s)."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
