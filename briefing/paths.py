"""Where briefings are: the bundled one, and the default the commands open."""

from __future__ import annotations

import os
from pathlib import Path

FILE_ENV = "BRIEFING_FILE"


def bundled_path() -> Path:
    """The briefing that ships with the package."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / "sections.yaml"
    if installed.is_file():
        return installed
    return here.parent / "data" / "sections.yaml"  # a source checkout


def default_path() -> Path:
    """``$BRIEFING_FILE`` when set, else the bundled briefing."""
    chosen = os.environ.get(FILE_ENV)
    return Path(chosen) if chosen else bundled_path()
