"""Back and forward through the sections a reader has visited, as in a web browser.

Plain data, no Textual. The reader decides what counts as a visit: every jump
(n/p, the palette, search, bookmarks) at once, and a tree move once the cursor
has settled, so holding j or k does not fill the history with every section
passed on the way.
"""

from __future__ import annotations

LIMIT = 500
"""At most this many visits are kept; the oldest go first."""


class History:
    """Visited section ids and where the reader is among them."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = max(limit, 1)
        self._visits: list[str] = []
        self._at = -1

    def __repr__(self) -> str:
        return f"<History {self._visits!r} at {self._at}>"

    def __len__(self) -> int:
        return len(self._visits)

    @property
    def current(self) -> str | None:
        return self._visits[self._at] if self._visits else None

    @property
    def can_go_back(self) -> bool:
        return self._at > 0

    @property
    def can_go_forward(self) -> bool:
        return self._at < len(self._visits) - 1

    def visit(self, section_id: str) -> bool:
        """Record a visit; False when it is the section already current.

        A new visit after going back drops the visits ahead, as a browser does.
        """
        if section_id == self.current:
            return False
        del self._visits[self._at + 1 :]
        self._visits.append(section_id)
        if len(self._visits) > self.limit:
            del self._visits[: len(self._visits) - self.limit]
        self._at = len(self._visits) - 1
        return True

    def back(self) -> str | None:
        """The previous visit (which becomes current), or None at the start."""
        if not self.can_go_back:
            return None
        self._at -= 1
        return self._visits[self._at]

    def forward(self) -> str | None:
        """The next visit (which becomes current), or None at the end."""
        if not self.can_go_forward:
            return None
        self._at += 1
        return self._visits[self._at]
