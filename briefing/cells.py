"""Text measured, cut and padded in terminal cells, not characters.

A CJK character or most emoji take two cells, a combining accent none, so the
printing commands line up their columns and cut long text by these widths. Rich's
cell tables do the measuring (``rich.cells`` alone is cheap to import; Textual is
never imported here).
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"


def width(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    return cell_len(text)


def pad(text: str, cells: int) -> str:
    """``text`` followed by spaces up to ``cells`` cells (unchanged when wider)."""
    return text + " " * (cells - cell_len(text))


def shorten(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` cells, ending in an ellipsis when cut.

    A wide character that would straddle the limit is left out whole.
    """
    if cell_len(text) <= cells:
        return text
    return set_cell_size(text, cells - 1).rstrip() + ELLIPSIS
