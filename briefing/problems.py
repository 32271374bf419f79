"""Located problems in a briefing file, and the error that carries them."""

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with a briefing, at a 1-based line and column."""

    file: str
    line: int
    col: int
    path: str
    message: str
    severity: str = "error"
    """``error`` (the file cannot be used) or ``warning`` (``validate --strict``)."""
    code: str = ""
    """A warning's code, by which a file can waive it."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        message = self.message
        if self.severity == "warning":
            message = f"warning: {message} [{self.code}]"
        return f"{where}: {self.path}: {message}" if self.path else f"{where}: {message}"


class BriefingError(Exception):
    """A briefing that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def file(self) -> str:
        return self.problems[0].file if self.problems else ""
