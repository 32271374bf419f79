"""`make mutate`: mutation testing of the core with mutmut, incremental, and its report.

    python -m tests.mutation [briefing/load.py briefing/strict.py ...]

mutmut (configured in ``[tool.mutmut]`` of pyproject.toml) copies the core into
``mutants/``, makes every mutant of every function, and runs the fast core tests that
cover a function against each of its mutants. Its verdicts stay in ``mutants/`` between
runs, so a run only tries again what is still open in the modules asked for: mutants
never tried, and those that survived, timed out or had no test, since a new test may
catch them now. A killed mutant is not tried again while its module's source is
unchanged (a changed module is tried again whole). ``rm -rf mutants`` starts afresh.

The report (``mutants/report.txt``) gives, per module that has been run, the killed and
surviving mutants and the score: caught / (tried - equivalent), where the equivalent
mutants, which cannot change behaviour, are listed in tests/EQUIVALENT_MUTANTS.md. Each
survivor is listed with its diff.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
REPORT = MUTANTS / "report.txt"
EQUIVALENT = ROOT / "tests" / "EQUIVALENT_MUTANTS.md"
CAUGHT = {1, 3, 36, 37, -24, 24, 152, 255}  # killed, pytest error, timeout, type check
SURVIVED = {0}
NO_TESTS = {5, 33}
SKIPPED = {"__init__.py", "__main__.py"}


def core_modules() -> list[str]:
    return sorted(f"briefing/{p.name}" for p in (ROOT / "briefing").glob("*.py") if p.name not in SKIPPED)


def _dotted(module: str) -> str:
    return module.removesuffix(".py").replace("/", ".")


def _meta(module: str) -> Path:
    return MUTANTS / f"{module}.meta"


def _stamp(module: str) -> Path:
    return MUTANTS / f"{module}.source-sha"


def _sha(module: str) -> str:
    return hashlib.sha256((ROOT / module).read_bytes()).hexdigest()


def _results(module: str) -> dict[str, int | None]:
    try:
        data = json.loads(_meta(module).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    results: dict[str, int | None] = data.get("exit_code_by_key", {})
    return results


def to_try(module: str, *, survivors_only: bool = False) -> list[str]:
    """The mutant names (or one pattern for the whole module) still open in ``module``."""
    results = _results(module)
    if survivors_only:
        return sorted(name for name, code in results.items() if code is not None and code not in CAUGHT)
    stamp = _stamp(module)
    if not results or not stamp.is_file() or stamp.read_text().strip() != _sha(module):
        return [f"{_dotted(module)}.*"]
    return sorted(name for name, code in results.items() if code not in CAUGHT)


def equivalent() -> dict[str, str]:
    """Mutant name -> why it cannot change behaviour, from tests/EQUIVALENT_MUTANTS.md."""
    found: dict[str, str] = {}
    if EQUIVALENT.is_file():
        for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^- `([\w.ǁ]+)`:?\s*(.*)$", line)
            if match:
                found[match.group(1)] = match.group(2)
    return found


@dataclass
class Score:
    module: str
    tried: int = 0
    caught: int = 0
    equivalent: int = 0
    not_tried: int = 0
    survivors: list[str] = field(default_factory=list)

    @property
    def scored(self) -> int:
        return self.tried - self.equivalent

    @property
    def percent(self) -> float:
        return 100.0 * self.caught / self.scored if self.scored else 100.0


def score(module: str, equivalents: dict[str, str]) -> Score:
    result = Score(module)
    for name, code in sorted(_results(module).items()):
        if code is None:
            result.not_tried += 1
            continue
        result.tried += 1
        if code in CAUGHT:
            result.caught += 1
        elif name in equivalents:
            result.equivalent += 1
        else:
            result.survivors.append(name)
    return result


def _functions(path: Path) -> dict[str, str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()  # sliced by line: ast.get_source_segment splits the file again per call
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and "__mutmut_" in node.name:
            found[node.name] = "\n".join(lines[node.lineno - 1 : node.end_lineno])
    return found


def mutant_diff(module: str, name: str, functions: dict[str, str]) -> str:
    """The lines a mutant changes in its function, as -/+ lines."""
    local = name.removeprefix(_dotted(module) + ".")
    orig = re.sub(r"__mutmut_\d+$", "__mutmut_orig", local)
    mutant = functions.get(local, "").replace(local, orig, 1)
    lines = difflib.unified_diff(functions.get(orig, "").splitlines(), mutant.splitlines(), lineterm="", n=0)
    return "\n".join(line for line in lines if not line.startswith(("---", "+++", "@@")))


def write_report(modules: list[str]) -> str:
    equivalents = equivalent()
    scores = [score(m, equivalents) for m in modules]
    ran = [s for s in scores if s.tried]
    lines = ["Mutation score of the core (caught / tried - equivalent)", ""]
    lines.append(f"{'module':<28}{'tried':>7}{'caught':>8}{'equiv':>7}{'survived':>10}{'score':>9}")
    for s in ran:
        lines.append(
            f"{s.module:<28}{s.tried:>7}{s.caught:>8}{s.equivalent:>7}{len(s.survivors):>10}{s.percent:>8.1f}%"
        )
    caught = sum(s.caught for s in ran)
    scored = sum(s.scored for s in ran)
    total = 100.0 * caught / scored if scored else 100.0
    lines.append(f"{'total':<28}{sum(s.tried for s in ran):>7}{caught:>8}"
                 f"{sum(s.equivalent for s in ran):>7}{scored - caught:>10}{total:>8.1f}%")  # fmt: skip
    not_run = [s.module for s in scores if not s.tried]
    if not_run:
        lines += ["", "Not run yet: " + " ".join(not_run)]
    partly = [f"{s.module} ({s.not_tried} not tried)" for s in ran if s.not_tried]
    if partly:
        lines += ["Partly run: " + ", ".join(partly)]
    for s in ran:
        if not s.survivors:
            continue
        lines += ["", f"== Surviving mutants of {s.module}"]
        functions = _functions(MUTANTS / s.module)
        for name in s.survivors:
            lines += ["", name, mutant_diff(s.module, name, functions)]
    text = "\n".join(lines) + "\n"
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make mutate", description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="core modules to mutate (default: all of briefing/*.py)")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("MUTATE_JOBS", "2")))
    parser.add_argument("--report-only", action="store_true", help="only write the report")
    parser.add_argument(
        "--survivors", action="store_true", help="only try again the mutants that survived (after new tests)"
    )
    args = parser.parse_args(argv)
    known = core_modules()
    modules = [m.strip("./") if m.startswith("./") else m for m in args.modules] or known
    unknown = [m for m in modules if m not in known]
    if unknown:
        parser.error(f"not a core module: {' '.join(unknown)} (choose from briefing/*.py, not briefing/tui)")
    names = [] if args.report_only else [n for m in modules for n in to_try(m, survivors_only=args.survivors)]
    if names:
        # The sources as they are when mutmut copies them: a module edited during the run
        # must be tried again whole next time.
        shas = {m: _sha(m) for m in modules}
        mutmut = Path(sys.executable).with_name("mutmut")
        done = subprocess.run([str(mutmut), "run", "--max-children", str(args.jobs), *names], cwd=ROOT)
        if done.returncode != 0:
            print(f"mutmut stopped with exit code {done.returncode}", file=sys.stderr)
            return 1
        for m in modules:
            if _results(m) and not args.survivors:
                _stamp(m).write_text(shas[m] + "\n", encoding="utf-8")
    print(write_report(known))
    print(f"Report written to {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
