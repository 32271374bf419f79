"""Where briefings are: the bundled one, and the default the commands open; the schema."""

from __future__ import annotations

import os
from pathlib import Path

FILE_ENV = "BRIEFING_FILE"


def _data(name: str) -> Path:
    here = Path(__file__).resolve().parent
    installed = here / "data" / name
    if installed.is_file():
        return installed
    return here.parent / "data" / name  # a source checkout


def bundled_path() -> Path:
    """The briefing that ships with the package."""
    return _data("sections.yaml")


def schema_path() -> Path:
    """The JSON Schema of briefing files that ships with the package."""
    return _data("schema-v1.json")


def is_bundled(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is the bundled briefing (which is not for editing in place)."""
    try:
        return Path(path).resolve() == bundled_path().resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop, before Python 3.13
        return False


def default_path() -> Path:
    """``$BRIEFING_FILE`` when set, else the bundled briefing."""
    chosen = os.environ.get(FILE_ENV)
    return Path(chosen) if chosen else bundled_path()
