"""The ``briefing`` command. Printing commands never import Textual.

Exit codes: 0 ok, 1 invalid briefing (or a write that failed, or a search that found
nothing), 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .model import Briefing, Section
from .output import colour_wanted
from .paths import FILE_ENV, default_path
from .problems import BriefingError
from .text import count

OK, INVALID, USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called; exit 2."""


def _briefing(path: str | None) -> Briefing:
    """The briefing a printing command works on: a file, or a folder of them as one.

    In a folder, a file that fails is left out with its problems on stderr, as the
    reader does; only when no file loads is it an error (exit 1).
    """
    from .cache import load_cached
    from .merge import load_valid

    chosen = Path(path) if path else default_path()
    if not chosen.is_dir():
        return load_cached(chosen)
    briefing, problems = load_valid([chosen])
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        files = len({problem.file for problem in problems})
        print(f"briefing: left out {count(files, 'file')} with problems", file=sys.stderr)
    return briefing


def find_section(briefing: Briefing, query: str) -> Section:
    """A section by exact id, else by unique id prefix; UsageError otherwise."""
    exact = briefing.section_by_id.get(query)
    if exact is not None:
        return exact
    matches = [s for s in briefing.sections if s.id.startswith(query)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(s.id for s in matches[:8])
        raise UsageError(f"{query!r} is ambiguous: it starts {names}")
    import difflib

    close = difflib.get_close_matches(query, list(briefing.section_by_id), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `briefing list` shows every id"
    raise UsageError(f"no section {query!r}{hint}")


def _notes(briefing: Briefing) -> dict[str, str]:
    from .state import StateStore, key_for

    key = key_for(briefing)
    if key is None:
        return {}
    store = StateStore()
    notes = store.briefing(key).notes
    for warning in store.warnings:
        print(f"briefing: {warning}", file=sys.stderr)
    return notes


# -- commands --------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    from .cells import pad, width

    briefing = _briefing(args.file)
    column = max((width(s.id) for s in briefing.sections), default=0)
    out = [f"{briefing.title} [{briefing.id}]: {count(len(briefing.sections), 'section')}"]
    for article in briefing.articles:
        out.append("")
        out.append(f"{article.title} [{article.id}]")
        for group in briefing.groups_of(article.id):
            sections = briefing.sections_in(article.id, group.id)
            out.append(f"  {group.title} ({len(sections)})")
            out += [f"    {pad(s.id, column)}  {s.title}" for s in sections]
    _emit("\n".join(out) + "\n")
    return OK


FORMATS = ("md", "html", "json", "claimreview")


def _render(briefing: Briefing, chosen: Section | None, fmt: str, notes: dict[str, str]) -> str:
    """The text ``print`` writes: one section (``chosen``) or the whole briefing."""
    if fmt == "html":
        from . import html_export

        if chosen is None:
            return html_export.document(briefing, notes=notes)
        return html_export.section(briefing, chosen, note=notes.get(chosen.id))
    if fmt == "json":
        from . import json_export

        if chosen is None:
            return json_export.dumps(json_export.briefing_document(briefing))
        return json_export.dumps(json_export.section_document(briefing, chosen))
    if fmt == "claimreview":
        import json

        from . import claimreview

        found = claimreview.reviews(briefing) if chosen is None else claimreview.review(briefing, chosen)
        return json.dumps(found, ensure_ascii=False, indent=2) + "\n"
    from . import markdown

    if chosen is None:
        return markdown.document(briefing, notes=notes)
    return markdown.section(briefing, chosen, note=notes.get(chosen.id))


def cmd_print(args: argparse.Namespace) -> int:
    briefing = _briefing(args.file)
    if args.all and args.id:
        raise UsageError("give a section id or --all, not both")
    if not args.all and not args.id:
        raise UsageError("give a section id (see `briefing list`) or --all")
    chosen = None if args.all else find_section(briefing, args.id)
    if args.notes and args.format in ("json", "claimreview"):
        raise UsageError(f"--notes adds your notes to md and html, not to {args.format}")
    notes = _notes(briefing) if args.notes else {}
    text = _render(briefing, chosen, args.format, notes)
    if not args.output or args.output == "-":
        _emit(text)
        return OK
    return _write(args.output, text, force=args.force)


def _write(output: str, text: str, *, force: bool) -> int:
    """Write a command's output to a file: atomically, and never over one without ``force``."""
    from .fileio import NotAFileError, write_atomic

    try:
        written = write_atomic(output, text, overwrite=force)
    except NotAFileError as err:
        raise UsageError(f"cannot write to {output}: it is {err.kind}; give a file name") from None
    except FileExistsError:
        raise UsageError(f"{output} exists; add --force to replace it") from None
    except OSError as err:
        print(f"briefing: cannot write {output}: {err.strerror or err}", file=sys.stderr)
        return INVALID
    through = f" (through the link {output})" if Path(output).is_symlink() else ""
    print(f"wrote {written}{through}", file=sys.stderr)
    return OK


def cmd_state(args: argparse.Namespace) -> int:
    from .state import StateStore
    from .state_json import dumps

    store = StateStore()
    data = store.read()
    for warning in store.warnings:
        print(f"briefing: {warning}", file=sys.stderr)
    if args.export:
        if not args.output or args.output == "-":
            _emit(dumps(data))
            return OK
        return _write(args.output, dumps(data), force=args.force)
    if args.output:
        raise UsageError("-o goes with --export")
    kept = os.path.lexists(store.path)
    out = [f"state: {store.path}" + ("" if kept else " (nothing kept yet)")]
    if "theme" in data:
        out.append(f"theme: {data['theme']}")
    for key, state in data["briefings"].items():
        marks = f"{count(len(state['bookmarks']), 'bookmark')}, {count(len(state['notes']), 'note')}"
        place = f"; last read {state['last_section']}" if state.get("last_section") else ""
        out.append(f"{key}: {marks}{place}")
    _emit("\n".join(out) + "\n")
    return OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import schema_text

    text = schema_text()
    if not args.output or args.output == "-":
        _emit(text)
        return OK
    return _write(args.output, text, force=args.force)


def cmd_new(args: argparse.Namespace) -> int:
    from .paths import bundled_path
    from .starter import starter, with_modeline

    path = Path(args.path)
    if args.from_bundled:
        if args.title:
            raise UsageError("--title is for a new briefing; --from-bundled copies the bundled one as it is")
        try:
            text = with_modeline(bundled_path().read_text(encoding="utf-8"))
        except OSError as err:
            print(f"briefing: cannot read the bundled briefing: {err.strerror or err}", file=sys.stderr)
            return INVALID
    else:
        text = starter(path, args.title)
    status = _write(args.path, text, force=args.force)
    if status == OK:
        print(
            f"open it with `briefing {args.path}`; check it with `briefing validate --strict {args.path}`",
            file=sys.stderr,
        )
    return status


def cmd_validate(args: argparse.Namespace) -> int:
    from .load import load_strict
    from .merge import briefing_files

    warn = args.strict or args.warnings
    given = args.files or [str(default_path())]
    empty = [path for path in given if Path(path).is_dir() and not briefing_files([path])]
    if empty:
        raise UsageError(f"no *.yaml or *.yml files in {', '.join(empty)}")
    paths = [str(path) for path in briefing_files(given)]  # a folder stands for its files
    status = OK
    for path in paths:
        try:
            briefing, report = load_strict(path)
        except BriefingError as err:
            status = INVALID
            _emit("".join(f"{p}\n" for p in err.problems))
            print(f"{path}: {count(len(err.problems), 'problem')}", file=sys.stderr)
            continue
        quotes = sum(len(s.claim.quotes) for s in briefing.sections)
        summary = (
            f"{path}: valid: {count(len(briefing.articles), 'article')}, "
            f"{count(len(briefing.groups), 'group')}, {count(len(briefing.sections), 'section')}, "
            f"{count(len(briefing.actors), 'actor')}, {count(len(briefing.sources), 'source')}, "
            f"{count(quotes, 'quote')}"
        )
        if warn:
            _emit("".join(f"{p}\n" for p in report.warnings))
            summary += f"; {count(len(report.warnings), 'warning')}"
            if report.waived:
                summary += f" ({report.waived} waived in the file)"
            if args.strict and report.warnings:
                status = INVALID
        _emit(summary + "\n")
    return status


def cmd_search(args: argparse.Namespace) -> int:
    import json

    from .cells import pad, width
    from .search import MARK_END, MARK_START, NO_FTS5, QueryError, SearchIndex

    briefing = _briefing(args.file)
    index = SearchIndex(briefing)
    if not index.fts5:
        print(f"briefing: {NO_FTS5}", file=sys.stderr)
    try:
        hits = index.search(" ".join(args.query), limit=args.limit)
    except QueryError as err:
        raise UsageError(f"search: {err}") from None
    if args.json:
        _emit(
            json.dumps(
                [
                    {
                        "id": hit.section.id,
                        "title": hit.section.title,
                        "article": hit.section.article,
                        "group": briefing.group_by_id[hit.section.group].title,
                        "score": round(hit.score, 4),
                        "snippet": hit.plain_snippet,
                        "matches": hit.spans(),
                    }
                    for hit in hits
                ],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
        return OK if hits else INVALID
    color = colour_wanted(sys.stdout)
    start, end = ("\x1b[1;7m", "\x1b[0m") if color else ("", "")
    column = max((width(hit.section.id) for hit in hits), default=0)
    lines = []
    for hit in hits:
        group = briefing.group_by_id[hit.section.group].title
        lines.append(f"{pad(hit.section.id, column)}  {hit.section.title} ({group}, {hit.section.article})")
        lines.append(" " * (column + 2) + hit.snippet.replace(MARK_START, start).replace(MARK_END, end))
    if lines:
        _emit("\n".join(lines) + "\n")
    else:
        print(f"briefing: nothing matches {' '.join(args.query)!r}", file=sys.stderr)
    return OK if hits else INVALID


def cmd_timeline(args: argparse.Namespace) -> int:
    import json

    from . import timeline
    from .cells import pad, width

    briefing = _briefing(args.file)
    for option, known in ((args.actor, briefing.actor_by_id), (args.group, briefing.group_by_id)):
        if option is not None and option not in known:
            import difflib

            close = difflib.get_close_matches(option, list(known), n=3)
            raise UsageError(
                f"no such id {option!r}" + (f"; did you mean {', '.join(close)}?" if close else "")
            )
    found = timeline.entries(briefing, actor=args.actor, group=args.group)
    if args.json:
        rows = [
            {
                "date": e.date,
                "label": e.label,
                "kind": e.kind,
                "actors": list(e.actors),
                "section": e.section,
                "article": e.article,
            }
            for e in found
        ]
        _emit(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return OK
    axis = timeline.year_axis(found)
    if not axis:
        print("briefing: no dated entries", file=sys.stderr)
        return OK
    out = [f"{axis[0][0]} {timeline.axis_line(axis)} {axis[-1][0]}   {count(len(found), 'entry', 'entries')}"]
    column = max(width(e.date) for e in found)
    year = None
    for e in found:
        if e.year != year:
            year = e.year
            out += ["", str(year)]
        where = e.section or e.article
        who = f" [{', '.join(briefing.actor_name(a) for a in e.actors)}]" if e.actors else ""
        out.append(f"  {pad(e.date, column)}  {e.label}{who}  ({where})")
    _emit("\n".join(out) + "\n")
    return OK


def cmd_verify(args: argparse.Namespace) -> int:
    from . import verify
    from .cells import pad, shorten, width

    briefing = _briefing(args.file)
    for pair in args.text:
        article, sep, _ = pair.partition("=")
        if sep and article not in briefing.article_by_id:
            raise UsageError(f"no article {article!r}; the articles are {', '.join(briefing.article_by_id)}")
    read = _article_texts(args.text)
    paths = {article: path for article, (_, path) in read.items()}
    texts = {article: text for article, (text, _) in read.items()}
    results = verify.check(briefing, texts)
    column = max((width(r.section) for r in results), default=0)
    for r in results:
        section = briefing.section_by_id[r.section]
        where = f"{paths[section.article]}:{r.line}" if r.line else ""
        shown = shorten(r.text, 60)
        _emit(f"{pad(r.section, column)}  quote {r.index + 1}  {pad(r.status, 10)}  {where}  “{shown}”\n")
        if r.status == verify.MISSING:
            near = verify.closest(texts[section.article], r.text)
            if near is not None:
                _emit(
                    f"{pad('', column)}  closest: {paths[section.article]}:{near.line} "
                    f"({near.similarity:.0%} similar)  “{shorten(near.text, 60)}”\n"
                )
    missing = sum(r.status == verify.MISSING for r in results)
    normalised = sum(r.status == verify.NORMALISED for r in results)
    print(
        f"{count(len(results), 'quote')}: {len(results) - missing - normalised} verbatim, "
        f"{normalised} only after normalising, {missing} not found",
        file=sys.stderr,
    )
    return INVALID if missing else OK


def cmd_diff(args: argparse.Namespace) -> int:
    from . import diff_cli

    if args.since_read:
        if args.files or args.git:
            raise UsageError("--since-read compares the briefing with what you read; give no files")
        return diff_cli.since_read(_briefing(args.file), json_out=args.json, color=_color())
    if args.file:
        raise UsageError("--file goes with --since-read; to compare files give OLD and NEW")
    if args.git:
        # git's external diff: path old-file old-hex old-mode new-file new-hex new-mode [new-path info]
        if len(args.files) not in (7, 9):
            raise UsageError(
                f"--git takes the 7 (or 9) arguments git passes, not {len(args.files)}; see the README"
            )
        path, old, _, _, new, _, _ = args.files[:7]
        shown = args.files[7] if len(args.files) == 9 else path
        pager = bool(os.environ.get("GIT_PAGER_IN_USE"))
        return diff_cli.git(path, shown, old, new, color=_color(pager))
    if len(args.files) != 2:
        raise UsageError("give two briefing files: briefing diff OLD NEW")
    return diff_cli.files(*args.files, json_out=args.json, stat=args.stat, color=_color())


def _color(pager: bool = False) -> bool:
    """Colour on a terminal (or in git's pager), unless NO_COLOR is set or TERM is dumb."""
    from .output import colour_wanted

    if pager:
        return not os.environ.get("NO_COLOR") and os.environ.get("TERM", "") != "dumb"
    return colour_wanted(sys.stdout)


def cmd_open(args: argparse.Namespace) -> int:
    from .merge import briefing_files

    named = [*args.paths, *([args.file] if args.file else [])]
    paths = [Path(p) for p in named] or [default_path()]
    for path in paths:
        if path.is_dir() and not briefing_files([path]):
            raise UsageError(f"no *.yaml or *.yml files in {path}")
    texts = {article: text for article, (text, _) in _article_texts(args.text or []).items()}
    if not _under_web_driver() and (sys.stdout is None or not sys.stdout.isatty()):
        raise UsageError("the reader needs a terminal; use `briefing print` or `briefing list` in scripts")
    from .tui.app import run  # Textual is imported only here

    # Several files, or a folder, open as one briefing with a root per file.
    return run(paths[0] if len(paths) == 1 else paths, texts=texts)


WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def _under_web_driver() -> bool:
    """True when textual-serve runs the reader for a browser tab (its pipes are no terminal)."""
    return os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


def cmd_serve(args: argparse.Namespace) -> int:
    from .merge import briefing_files

    try:
        import textual_serve  # noqa: F401 - only whether the extra is installed
    except ImportError:
        print(f"briefing: {_serve_hint()}", file=sys.stderr)
        return USAGE
    from . import serve

    paths = [Path(p) for p in args.paths] or [default_path()]
    for path in paths:
        if not path.exists():
            raise UsageError(f"no such file or folder: {path}")
        if path.is_dir() and not briefing_files([path]):
            raise UsageError(f"no *.yaml or *.yml files in {path}")
    if not 0 < args.port < 65536:
        raise UsageError(f"--port takes 1 to 65535, not {args.port}")
    state_dir = Path(args.state_dir).resolve() if args.state_dir else None
    if state_dir is not None:
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise UsageError(f"cannot use {state_dir} for state: {err.strerror or err}") from None
    warning = serve.exposure_warning(args.host)
    if warning:
        print(warning, file=sys.stderr)
    title = _serve_title(paths)
    try:
        serve.serve(
            [p.resolve() for p in paths], host=args.host, port=args.port, state_dir=state_dir, title=title
        )
    except OSError as err:
        print(f"briefing: cannot serve on {args.host}:{args.port}: {err.strerror or err}", file=sys.stderr)
        return INVALID
    return OK


def _serve_hint() -> str:
    from .serve import EXTRA_HINT

    return EXTRA_HINT


def _serve_title(paths: list[Path]) -> str:
    """The page's title: the briefing's, when one file opens and it loads."""
    if len(paths) == 1 and paths[0].is_file():
        try:
            return f"{_briefing(str(paths[0])).title} — briefing"
        except BriefingError:
            pass
    return "briefing"


def _article_texts(pairs: list[str]) -> dict[str, tuple[str, str]]:
    """``ARTICLE_ID=PATH`` options read: article id -> (text, path)."""
    found: dict[str, tuple[str, str]] = {}
    for pair in pairs:
        article, sep, path = pair.partition("=")
        if not sep or not path:
            raise UsageError(f"--text takes ARTICLE_ID=PATH, not {pair!r}")
        try:
            found[article] = (Path(path).read_text(encoding="utf-8"), path)
        except (OSError, UnicodeDecodeError) as err:
            raise UsageError(f"cannot read {path}: {getattr(err, 'strerror', None) or err}") from None
    return found


# -- plumbing --------------------------------------------------------------------


def _emit(text: str) -> None:
    from .output import emit

    emit(text)


def _file_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--file",
        "-f",
        metavar="FILE",
        help=f"briefing YAML file, or a folder of them (default: ${FILE_ENV}, else the bundled briefing)",
    )


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is not a positive number")
    return number


def _unknown_command(word: str) -> str | None:
    """The usage error for a first word that is neither a command nor a path, or None.

    ``briefing lst`` means the command, not a file named ``lst``; a word that
    looks like a file name (a dot or a slash in it) is left to the reader.
    """
    if word.startswith("-") or os.path.lexists(word) or "." in word or os.sep in word:
        return None
    import difflib

    close = difflib.get_close_matches(word, list(COMMANDS), n=1, cutoff=0.6)
    hint = f"did you mean `briefing {close[0]}`?" if close else f"the commands are {', '.join(COMMANDS)}"
    return f"no command or file {word!r}; {hint}"


COMMANDS: dict[str, tuple[str, Callable[[argparse.Namespace], int]]] = {
    "open": ("open the reader (the default when no command is given)", cmd_open),
    "list": ("print the section tree with every section id", cmd_list),
    "print": ("print a section, or the whole briefing, as Markdown, HTML, JSON or ClaimReview", cmd_print),
    "validate": ("check briefing files and report every problem", cmd_validate),
    "search": ("ranked full-text search over the sections", cmd_search),
    "timeline": ("every dated event, quote and article in order", cmd_timeline),
    "verify": ("check every quote against the text of its article", cmd_verify),
    "new": ("write a small, commented briefing to start from", cmd_new),
    "schema": ("print the JSON Schema of briefing files, for editors", cmd_schema),
    "diff": ("what changed between two versions of a briefing, by section", cmd_diff),
    "serve": ("serve the reader to web browsers (needs the extra: pip install 'briefing[web]')", cmd_serve),
    "state": ("where your bookmarks and notes are kept; --export prints them as JSON", cmd_state),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="A terminal reader for analytical briefings. "
        "With no command, opens the reader on the bundled briefing or on PATH.",
        epilog="Exit codes: 0 ok; 1 invalid briefing, failed write, or no search hit; 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, _) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == "open":
            command.add_argument(
                "paths", nargs="*", metavar="PATH", help="briefing files, or folders of them, to open as one"
            )
            command.add_argument(
                "--text",
                action="append",
                metavar="ARTICLE_ID=PATH",
                help="an article's text: each of its quotes is marked as found there or not (repeat)",
            )
            _file_option(command)
        elif name == "list":
            _file_option(command)
        elif name == "print":
            command.add_argument("id", nargs="?", help="section id, or a unique prefix of one")
            command.add_argument("--all", action="store_true", help="the whole briefing with contents")
            command.add_argument(
                "-o", "--output", metavar="OUT", help="write to OUT (atomically) instead of stdout"
            )
            command.add_argument("--force", action="store_true", help="replace OUT if it exists")
            command.add_argument("--notes", action="store_true", help="include your notes on the sections")
            command.add_argument(
                "--format",
                choices=FORMATS,
                default="md",
                help="md (CommonMark, the default), html (one self-contained page), "
                "json (the model, ids resolved) or claimreview (schema.org JSON-LD)",
            )
            _file_option(command)
        elif name == "search":
            command.add_argument("query", nargs="+", help='words, "exact phrases", prefix*, OR, -excluded')
            command.add_argument(
                "--json", action="store_true", help="hits as JSON (id, title, snippet, matches)"
            )
            command.add_argument(
                "--limit", type=_positive, default=20, metavar="N", help="at most N hits (default 20)"
            )
            _file_option(command)
        elif name == "timeline":
            command.add_argument("--actor", metavar="ID", help="only entries involving this actor")
            command.add_argument("--group", metavar="ID", help="only entries from this group's sections")
            command.add_argument("--json", action="store_true", help="entries as JSON")
            _file_option(command)
        elif name == "verify":
            command.add_argument(
                "--text",
                action="append",
                required=True,
                metavar="ARTICLE_ID=PATH",
                help="the text of an article (repeat for each article)",
            )
            _file_option(command)
        elif name == "new":
            command.add_argument("path", metavar="PATH", help="the file to write")
            command.add_argument("--title", metavar="TEXT", help="the briefing's title")
            command.add_argument(
                "--from-bundled", action="store_true", help="a copy of the bundled briefing instead"
            )
            command.add_argument("--force", action="store_true", help="replace PATH if it exists")
        elif name == "schema":
            command.add_argument(
                "-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout"
            )
            command.add_argument("--force", action="store_true", help="replace FILE if it exists")
        elif name == "diff":
            command.add_argument("files", nargs="*", metavar="OLD NEW", help="the two versions to compare")
            command.add_argument("--json", action="store_true", help="the changes as JSON (a stable shape)")
            command.add_argument("--stat", action="store_true", help="one line per changed record")
            command.add_argument(
                "--git", action="store_true", help="take the seven arguments git gives an external diff"
            )
            command.add_argument(
                "--since-read",
                action="store_true",
                help="the sections changed or new since you last read them in the reader",
            )
            _file_option(command)
        elif name == "serve":
            command.add_argument(
                "paths", nargs="*", metavar="PATH", help="briefing files, or folders of them, to open as one"
            )
            command.add_argument(
                "--host",
                default="127.0.0.1",
                help="address to listen on (default 127.0.0.1: this machine only; the server has no "
                "authentication)",
            )
            command.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
            command.add_argument(
                "--state-dir",
                metavar="DIR",
                help="where bookmarks, notes and places are kept; every visitor shares them "
                "(default: $BRIEFING_STATE_DIR, else the user state directory)",
            )
        elif name == "state":
            command.add_argument(
                "--export", action="store_true", help="the whole state (every briefing's marks) as JSON"
            )
            command.add_argument("-o", "--output", metavar="OUT", help="with --export: write to OUT")
            command.add_argument("--force", action="store_true", help="replace OUT if it exists")
        elif name == "validate":
            command.add_argument(
                "files",
                nargs="*",
                metavar="FILE",
                help="briefing files, or folders of them (default: the bundled one)",
            )
            command.add_argument(
                "--strict",
                action="store_true",
                help="also check what loads but misleads (reused quotes, uncited sources, no voice...);"
                " exit 1 on any warning not waived in the file",
            )
            command.add_argument(
                "--warnings",
                action="store_true",
                help="list the same warnings, but exit 0 if the file is valid",
            )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from .output import OutputError, prepare_streams, silence

    prepare_streams()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] not in COMMANDS:
        unknown = _unknown_command(args_list[0])
        if unknown is not None:
            print(f"briefing: {unknown}", file=sys.stderr)
            return USAGE
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help", "--version")):
        args_list.insert(0, "open")
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return COMMANDS[args.command][1](args)
    except UsageError as err:
        print(f"briefing: {err}", file=sys.stderr)
        return USAGE
    except BriefingError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return INVALID
    except BrokenPipeError:
        # The reader of our output went away (`briefing print --all | head`): end
        # quietly, with the status of an output that was not all written.
        silence()
        return INVALID
    except OutputError as err:
        silence()
        print(f"briefing: {err}", file=sys.stderr)
        return INVALID
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
