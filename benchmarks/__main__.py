"""``make bench``: every performance measure, each against a baseline measured in the same run.

    python -m benchmarks [--json] [--runs N] [--only NAME ...]

Machines are noisy, so the verdict is a ratio to a baseline timed alternately
with the measure, never an absolute time (search, whose budget is absolute in
milliseconds, is the one exception). Benchmarks never run in ``make test``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks import generate
from benchmarks.terminal import Terminal

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
PYTHON = sys.executable
BRIEFING = str(Path(sys.executable).parent / "briefing")


@dataclass
class Result:
    measure: str
    figure: float
    baseline: float
    ratio: float
    budget: float
    unit: str
    passed: bool
    detail: str = ""


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ratio_result(name: str, ours: list[float], base: list[float], budget: float, unit: str = "ms",
                 stat: Callable[[list[float]], float] = median, detail: str = "") -> Result:  # fmt: skip
    figure, baseline = stat(ours), stat(base)
    ratio = figure / baseline if baseline else float("inf")
    scale = 1000 if unit == "ms" else 1
    return Result(name, round(figure * scale, 1), round(baseline * scale, 1), round(ratio, 3), budget, unit,
                  ratio <= budget, detail)  # fmt: skip


# -- data --------------------------------------------------------------------------


def briefing_file(n: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"sections-{n}.yaml"
    if not path.exists():
        generate.write(n, path)
    return path


def baseline_sections(path: Path) -> Path:
    """The minimal app's input: the sections in the reader's tree order, as JSON."""
    from briefing.load import load

    OUT.mkdir(parents=True, exist_ok=True)
    # Named after the whole path: the bundled sections.yaml and a generated one must not share it.
    target = OUT / f"{path.stem}-{zlib.crc32(str(path).encode()):08x}.minimal.json"
    if not target.exists() or target.stat().st_mtime < path.stat().st_mtime:
        b = load(path)
        rows = []
        for s in b.tree_order():
            notes = "\n".join(f"{c.ref} {c.role}: {c.note}" for c in s.sources)
            rows.append(
                {"title": s.title, "claim": s.claim.summary, "analysis": s.analysis.body, "sources": notes}
            )
        target.write_text(json.dumps(rows), encoding="utf-8")
    return target


def bundled_and_first_title() -> tuple[Path, str]:
    from briefing.load import bundled_path, load

    path = bundled_path()
    return path, load(path).tree_order()[0].title


# -- whole processes ---------------------------------------------------------------


def timed(
    command: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)
) -> tuple[float, int]:
    """Wall seconds and peak resident KiB of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in ok:
        raise RuntimeError(f"{command} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return wall, usage.ru_maxrss


def alternate(a: list[str], b: list[str], runs: int, env: dict[str, str],
              ok: tuple[int, ...] = (0,)) -> tuple[list, list]:  # fmt: skip
    timed(a, env, ok), timed(b, env)  # warm-up: file cache, bytecode, our model cache
    ours, base = [], []
    for _ in range(runs):
        ours.append(timed(a, env, ok))
        base.append(timed(b, env))
    return ours, base


def measure_print(runs: int, env: dict[str, str]) -> list[Result]:
    ours, base = alternate([BRIEFING, "print", "russia"], [PYTHON, "-c", "import yaml"], max(runs, 10), env)
    return [ratio_result("briefing print ID vs python -c 'import yaml'", [w for w, _ in ours],
                         [w for w, _ in base], 2.0)]  # fmt: skip


def measure_load_and_memory(runs: int, env: dict[str, str]) -> list[Result]:
    path = str(briefing_file(10_000))
    raw = [
        PYTHON,
        "-c",
        f"import yaml; yaml.load(open({path!r}, encoding='utf-8').read(), Loader=yaml.CSafeLoader)",
    ]
    ours = [PYTHON, "-c", f"from briefing.load import load; load({path!r})"]
    warm = [PYTHON, "-c", f"from briefing.cache import load_cached; load_cached({path!r})"]
    mine, base = alternate(ours, raw, max(2, runs // 2), env)
    cached, base2 = alternate(warm, raw, max(2, runs // 2), env)
    walls = [w for w, _ in base + base2]
    return [
        ratio_result("load + validate 10,000 sections vs raw CSafeLoader parse", [w for w, _ in mine],
                     [w for w, _ in base], 0.6, unit="s", detail="no cache: the full parse and every check"),
        ratio_result("same, second start (validated-model cache)", [w for w, _ in cached], walls, 0.6,
                     unit="s"),
        ratio_result("peak memory, 10,000 sections vs raw CSafeLoader", [m / 1024 for _, m in mine],
                     [m / 1024 for _, m in base], 1.2, unit="MiB"),
    ]  # fmt: skip


def measure_search(runs: int, env: dict[str, str]) -> list[Result]:
    from briefing.load import load
    from briefing.search import SearchIndex, parse_query

    b = load(briefing_file(10_000))
    start = time.perf_counter()
    index = SearchIndex(b)
    build = time.perf_counter() - start
    queries = ["armenia", "treaty sovereignty", '"peace treaty"', "pipel*", "france OR georgia",
               "claim 5000", "border -gas", "section", "integrity interview", "nothinglikethis"]  # fmt: skip
    # The baseline: the same FTS5 expression as a bare query of the same index, ranked
    # by FTS5's own bm25, no snippet, no hits built; alternated with ours, query by query.
    bare = "SELECT rowid FROM sections WHERE sections MATCH ? ORDER BY rank LIMIT 50"
    db = index._db
    times, base = [], []
    for _ in range(max(runs, 5)):
        for query in queries:
            start = time.perf_counter()
            index.search(query)
            times.append(time.perf_counter() - start)
            expression = parse_query(query).fts()
            start = time.perf_counter()
            db.execute(bare, (expression,)).fetchall()
            base.append(time.perf_counter() - start)
    detail = f"index built in {build * 1000:.0f} ms (in a worker thread in the reader)"
    name = "search p95 a query, 10,000 sections vs a bare FTS5 query"
    return [ratio_result(name, times, base, 1.5, stat=p95, detail=detail)]


def measure_state_writes(runs: int, env: dict[str, str]) -> list[Result]:
    """What a bookmark key costs the reader's thread: the change handed to the state writer
    (and its outcome taken later), against making the commit there, fsync and all."""
    from briefing.state import StateStore
    from briefing.state_writer import StateWriter
    from briefing.tui.reader.saved_state import Memory

    with tempfile.TemporaryDirectory(prefix="briefing-bench-state-") as scratch:
        at_once = Memory(StateStore(Path(scratch) / "at-once"), "bench")  # no writer: commits here
        writer = StateWriter(Path(scratch) / "writer")
        handed = Memory(StateStore(Path(scratch) / "writer"), "bench", writer)
        ours, base = [], []
        for n in range(max(runs, 5) * 40):
            section = f"s{n % 50}"
            start = time.perf_counter()
            at_once.toggle_bookmark(section)
            base.append(time.perf_counter() - start)
            start = time.perf_counter()
            handed.toggle_bookmark(section)
            spent = time.perf_counter() - start
            writer.flush()  # the reader's thread does not wait for this: keys come far apart
            start = time.perf_counter()
            writer.deliver()
            ours.append(spent + time.perf_counter() - start)
        writer.close()
    def ms(times: list[float]) -> str:
        return f"p50 {median(times) * 1000:.2f} ms, max {max(times) * 1000:.2f} ms"

    detail = f"handed to the writer {ms(ours)}; committed on the reader's thread {ms(base)}"
    return [ratio_result("bookmark key, reader's thread, state writer vs commit there", ours, base, 0.5,
                         detail=detail)]  # fmt: skip


# -- the reader in a terminal --------------------------------------------------------


def frame_ready(title: str) -> Callable[[str], bool]:
    def ready(screen: str) -> bool:
        return (
            all(word in screen for word in ("Claim", "Analysis", "Sources", "Quit")) and title[:14] in screen
        )

    return ready


def first_frames(term: Terminal, ours: list[str], base: list[str], title: str, runs: int,
                 before: Callable[[], None] | None = None) -> tuple[list[float], list[float]]:  # fmt: skip
    ready = frame_ready(title)
    mine, theirs = [], []
    for run in range(runs + 1):
        if before:
            before()
        started = term.start(ours)
        seen = term.wait(ready, "the reader's first frame")
        started_b = term.start(base)
        seen_b = term.wait(ready, "the baseline's first frame")
        if run:  # the first pair warms the disk cache
            mine.append(seen - started)
            theirs.append(seen_b - started_b)
    return mine, theirs


def measure_first_frame(runs: int, env: dict[str, str], term: Terminal) -> list[Result]:
    path, title = bundled_and_first_title()
    base = [PYTHON, "-m", "benchmarks.minimal_app", str(baseline_sections(path))]
    mine, theirs = first_frames(term, [BRIEFING, str(path)], base, title, runs)
    return [ratio_result("first full frame, bundled briefing vs minimal app", mine, theirs, 1.15)]


def measure_first_frame_large(runs: int, env: dict[str, str], term: Terminal) -> list[Result]:
    from briefing.cache import cache_dir
    from briefing.load import load

    path = briefing_file(10_000)
    title = load(path).tree_order()[0].title
    base = [PYTHON, "-m", "benchmarks.minimal_app", str(baseline_sections(path))]
    warm, base_warm = first_frames(term, [BRIEFING, str(path)], base, title, max(2, runs // 2))
    cache = cache_dir()
    cold, base_cold = first_frames(term, [BRIEFING, str(path)], base, title, max(2, runs // 2),
                                   before=lambda: shutil.rmtree(cache, ignore_errors=True))  # fmt: skip
    raw = [PYTHON, "-c", f"import yaml; yaml.load(open({str(path)!r}).read(), Loader=yaml.CSafeLoader)"]
    parse = [timed(raw, env)[0] for _ in range(max(2, runs // 2))]
    combined = [median(parse) + b for b in base_cold]
    return [
        ratio_result("first full frame, 10,000 sections, warm vs minimal app", warm, base_warm, 1.3),
        ratio_result("first full frame, 10,000 sections, cold vs parse + minimal app", cold, combined, 0.6),
    ]


def measure_browser_frame(runs: int, env: dict[str, str], term: Terminal) -> list[Result]:
    from benchmarks import browser

    missing = browser.available()
    if missing:
        raise RuntimeError(f"the browser measure needs chromium and the web extra: {missing}")
    path, title = bundled_and_first_title()
    web, tmux, size = browser.first_frames(BRIEFING, path, title, frame_ready(title), runs, env, term)
    detail = f"page opened to the reader's full frame ({size} cells), against launch to that frame in tmux"
    return [ratio_result("first full frame in a browser (serve) vs in tmux", web, tmux, 2.0, detail=detail)]


SETTLE = 0.5
"""Seconds between the first frame and the first timed key press."""


def key_latency(term: Terminal, command: list[str], key: str, order: list[int], first_title: str,
                presses: int) -> list[float]:  # fmt: skip
    """Start ``command``; time each press of ``key`` until all three panes show the next section.

    The presses begin once the first frame has been up for :data:`SETTLE` seconds: what
    an app does as it starts is counted by the first-frame measures, not here.
    """
    term.start(command)
    term.wait(frame_ready(first_title), "the first frame")
    time.sleep(SETTLE)
    times = []
    for number in order[1 : presses + 1]:
        markers = [re.compile(rf"\b{kind} {number}\b") for kind in ("Claim", "Analysis", "Note")]
        started = term.press(key)
        seen = term.wait(lambda s, m=markers: all(x.search(s) for x in m), f"section {number} in all panes")
        times.append(seen - started)
    return times


def measure_keys(runs: int, env: dict[str, str], term: Terminal) -> list[Result]:
    """Rounds of presses, the reader's and the baseline's alternately, so noise falls on both."""
    from briefing.load import load

    results = []
    for n in (20, 10_000):
        path = briefing_file(n)
        b = load(path)
        order = [int(s.id.rsplit("-", 1)[1]) for s in b.tree_order()]
        presses = min(len(order) - 1, 15)
        base = [PYTHON, "-m", "benchmarks.minimal_app", str(baseline_sections(path))]
        first = b.tree_order()[0].title
        mine: list[float] = []
        theirs: list[float] = []
        for _ in range(max(runs, 2)):
            with tempfile.TemporaryDirectory(prefix="briefing-bench-state-") as state:
                # A fresh state directory: the reader must open on the first section again.
                ours = ["env", f"BRIEFING_STATE_DIR={state}", BRIEFING, str(path)]
                mine += key_latency(term, ours, "n", order, first, presses)
            theirs += key_latency(term, base, "j", order, first, presses)
        detail = f"{len(mine)} presses each, in {max(runs, 2)} alternating rounds"
        results.append(ratio_result(f"key to all three panes, {n:,} sections, median", mine, theirs, 1.1,
                                    detail=detail))  # fmt: skip
        results.append(
            ratio_result(f"key to all three panes, {n:,} sections, p95", mine, theirs, 1.5, stat=p95)
        )
    return results


# -- what changed ---------------------------------------------------------------------

CHANGES = 100
"""Records changed between the two versions the diff measures compare."""


def changed_file(n: int) -> Path:
    """The synthetic briefing of ``n`` sections with :data:`CHANGES` changes: titles,
    analysis bodies and citation roles edited, sections removed and added (never the first)."""
    path = OUT / f"sections-{n}-changed.yaml"
    if path.exists():
        return path
    import yaml

    data = generate.build(n)
    sections = data["sections"]
    picked = [50 + 97 * k for k in range(CHANGES)]
    for number, i in enumerate(picked[:40]):
        sections[i]["title"] += f" (revised {number})"
    for i in picked[40:70]:
        sections[i]["analysis"]["body"] = sections[i]["analysis"]["body"].replace(" the ", " a ", 3)
    for i in picked[70:80]:
        sections[i]["sources"][0]["role"] = "context"
    removed = {sections[i]["id"] for i in picked[80:90]}
    added = [dict(sections[i], id=f"added-{k}", title=f"Added {k}") for k, i in enumerate(picked[90:])]
    data["sections"] = [s for s in sections if s["id"] not in removed] + added
    for section in data["sections"]:
        section["related"] = [r for r in section["related"] if r not in removed]
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")
    return path


def measure_diff(runs: int, env: dict[str, str]) -> list[Result]:
    old, new = str(briefing_file(10_000)), str(changed_file(10_000))
    ours = [BRIEFING, "diff", "--stat", old, new]
    both = [
        PYTHON,
        "-c",
        f"from briefing.cache import load_cached; load_cached({old!r}); load_cached({new!r})",
    ]
    stat = subprocess.run(ours, capture_output=True, text=True, env=env)
    lines = len(stat.stdout.splitlines())
    # About 100 changes (a body without " the " stays as it was), and the sections whose
    # related list named a removed one.
    if stat.returncode != 1 or not CHANGES - 10 <= lines <= CHANGES + 10:
        raise RuntimeError(f"briefing diff found {lines} changed records, not about {CHANGES}: {stat.stderr}")
    mine, base = alternate(ours, both, max(runs, 5), env, ok=(0, 1))
    detail = f"both files through the validated-model cache, warm; --stat, {lines} records"
    return [ratio_result("briefing diff, 10,000 sections, 100 changes vs loading both", [w for w, _ in mine],
                         [w for w, _ in base], 1.2, detail=detail)]  # fmt: skip


def read_marks_state(path: Path, directory: Path, read: int) -> None:
    """A state in ``directory`` as after reading the first ``read`` sections of ``path`` in its
    original form (the generated one), and each one the changed version edits; with ``read``
    0, a state that knows the briefing but has read nothing (the baseline)."""
    from briefing import seen
    from briefing.diff import section_digest
    from briefing.load import load
    from briefing.state import StateStore, key_for

    original = load(briefing_file(10_000))
    changed = load(path)
    key = key_for(changed)
    assert key is not None
    order = list(original.tree_order())
    edited = {s.id for s in original.sections if changed.section_by_id.get(s.id, s) != s}
    chosen = order[:read] + [s for s in order[read:] if s.id in edited] if read else []
    store = StateStore(directory)
    store.set_known(key, frozenset(original.section_by_id))
    for section in chosen:
        mark = seen.Mark(section_digest(section), 0.0, seen.compact_copy(section))
        store.put_read_mark(key, section.id, mark._asdict(), most=seen.MAX_MARKS, copies=seen.MAX_COPIES)
    store.close()


def measure_first_frame_changes(runs: int, env: dict[str, str], term: Terminal) -> list[Result]:
    from briefing.load import load

    path = changed_file(10_000)
    title = load(path).tree_order()[0].title
    with tempfile.TemporaryDirectory(prefix="briefing-bench-marks-") as scratch:
        marked, plain = Path(scratch) / "marked", Path(scratch) / "plain"
        saved, saved_plain = Path(scratch) / "saved", Path(scratch) / "saved-plain"
        read_marks_state(path, saved, 1000)
        read_marks_state(path, saved_plain, 0)

        def reset() -> None:
            for folder, source in ((marked, saved), (plain, saved_plain)):
                shutil.rmtree(folder, ignore_errors=True)
                shutil.copytree(source, folder)

        ours = ["env", f"BRIEFING_STATE_DIR={marked}", BRIEFING, str(path)]
        base = ["env", f"BRIEFING_STATE_DIR={plain}", BRIEFING, str(path)]
        plain_frame = frame_ready(title)

        def marked_frame(screen: str) -> bool:  # the count in the header: the marks are drawn
            return plain_frame(screen) and "since read" in screen

        mine, theirs = [], []
        for run in range(max(3, runs) + 1):
            reset()
            started = term.start(ours)
            seen = term.wait(marked_frame, "the first frame with its marks")
            started_b = term.start(base)
            seen_b = term.wait(plain_frame, "the first frame without marks")
            if run:  # the first pair warms the disk cache
                mine.append(seen - started)
                theirs.append(seen_b - started_b)
    return [ratio_result("first full frame with change marks, 10,000 sections vs without", mine, theirs, 1.2,
                         detail="1,079 sections read before, 99 of them changed or new since; "
                                "the baseline's state knows the briefing, has read nothing")]  # fmt: skip


MEASURES: dict[str, Callable[..., list[Result]]] = {
    "print": measure_print,
    "load": measure_load_and_memory,
    "search": measure_search,
    "frame": measure_first_frame,
    "frame-large": measure_first_frame_large,
    "keys": measure_keys,
    "diff": measure_diff,
    "state": measure_state_writes,
    "frame-changes": measure_first_frame_changes,
    "browser": measure_browser_frame,
}
TERMINAL = {"frame", "frame-large", "keys", "frame-changes", "browser"}


def table(results: list[Result]) -> str:
    head = ("measure", "figure", "baseline", "ratio", "budget", "verdict")
    rows = [head] + [
        (r.measure, f"{r.figure:g} {r.unit}", f"{r.baseline:g} {r.unit}", f"{r.ratio:.2f}x",
         f"<= {r.budget:g}x", "pass" if r.passed else "FAIL")
        for r in results
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  {r.measure}: {r.detail}" for r in results if r.detail]
    return "\n".join([*lines, *(["", *notes] if notes else [])])


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="results as JSON")
    parser.add_argument("--runs", type=int, default=5, help="runs of each measure (default 5)")
    parser.add_argument("--only", nargs="*", choices=sorted(MEASURES), help="run only these measures")
    args = parser.parse_args()
    chosen = args.only or list(MEASURES)
    # Every process is timed as an installed one runs: from compiled bytecode. An
    # environment that forbids writing it (PYTHONDONTWRITEBYTECODE) would otherwise
    # have the reader compile each of its modules on every start (the baseline app
    # is one small file), and the warm-up could not help.
    for folder in ("briefing", "benchmarks"):
        compileall.compile_dir(ROOT / folder, quiet=1)
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as scratch:
        env = {**os.environ, "BRIEFING_CACHE_DIR": str(Path(scratch) / "cache"),
               "BRIEFING_STATE_DIR": str(Path(scratch) / "state"), "PYTHONPATH": str(ROOT)}  # fmt: skip
        os.environ.update({k: env[k] for k in ("BRIEFING_CACHE_DIR", "BRIEFING_STATE_DIR")})
        term = Terminal(env=env) if TERMINAL & set(chosen) else None
        results: list[Result] = []
        try:
            for name in chosen:
                print(f"measuring {name} ...", file=sys.stderr, flush=True)
                measure = MEASURES[name]
                results += measure(args.runs, env, term) if name in TERMINAL else measure(args.runs, env)
        finally:
            if term is not None:
                term.close()
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=1))
    else:
        print(table(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
