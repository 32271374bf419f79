"""Where briefing keeps its own files: the user state and cache directories.

An environment variable overrides each. On Linux the XDG base directories are
read directly (the common case, and platformdirs' Unix module costs more to
import than a ``briefing print`` spends on everything else); other systems ask
platformdirs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "briefing"
_XDG = {"state": ("XDG_STATE_HOME", ".local/state"), "cache": ("XDG_CACHE_HOME", ".cache")}


def user_dir(kind: str, override_env: str) -> Path:
    """The ``kind`` ("state" or "cache") directory, or ``$override_env`` when set."""
    chosen = os.environ.get(override_env)
    if chosen:
        return Path(chosen)
    if sys.platform.startswith("linux"):
        env, default = _XDG[kind]
        base = os.environ.get(env)
        # The XDG spec ignores relative paths.
        root = Path(base) if base and os.path.isabs(base) else Path.home() / default
        return root / APP
    import platformdirs

    finder = platformdirs.user_state_dir if kind == "state" else platformdirs.user_cache_dir
    return Path(finder(APP, appauthor=False))
