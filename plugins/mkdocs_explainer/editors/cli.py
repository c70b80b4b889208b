"""The `explainer` command for editors: check annotations, scaffold new ones, write the schemas."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from ..core.diagnostics import Diagnostic
from ..core.schema import TERM_KINDS
from ..mkdocs_adapter.sitecfg import SCHEMAS_DIR, SiteError, find_config, load_site
from . import background, github, impact
from .check import DEFAULT_MAX_AGE_DAYS, CheckOptions, CheckResult, run_check
from .scaffold import ScaffoldError, new_entry, new_note
from .schemafiles import stale_files, write_files

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
Tools for the editors of an explainer site (MkDocs with the `explainer` plugin).

  explainer check [PATH]                       check every annotation against the articles
  explainer new person "Full Name"             start a person's entry
  explainer new term "Term"                    start a glossary entry
  explainer new note ARTICLE "exact passage"   start a context note on a passage
  explainer schemas [PATH]                     write the JSON Schemas editors' tools use
  explainer diff BASE [HEAD]                   what a change does to the built site

Run `explainer COMMAND --help` for the options of each command. `python -m mkdocs_explainer`
is the same command. Exit status: 0 success, 1 problems found (or nothing written), 2 usage error."""

CHECK_DESCRIPTION = """\
Check every annotation file against the articles, without building the site: every error
`mkdocs build` would stop on, and warnings about what a build lets through (entries no article
mentions, names that could mean two entries, stale `reviewed` dates, a source listed twice,
a wrong schema line, likely names with no entry). A TODO left by `explainer new` is an error.

PATH is the folder that holds mkdocs.yml (default: the current folder). Each problem is one
line, `file:line:col: severity: message`, sorted by file and place, then a summary line.
Names that need no entry go in annotations/no-entry-needed.txt, one per line.

What the check found in each person and term file is kept in a cache outside the repository
($XDG_CACHE_HOME or ~/.cache, under mkdocs-explainer/check/), so that the next run reads only
the files that changed; --no-cache turns it off, and deleting that folder clears it. The report
is printed first; in a terminal the prompt comes back at once and the cache is written by a
process of its own (--wait stays for it), and a check started meanwhile waits for it to end.

exit status:
  0  no errors (and, with --strict, no warnings)
  1  errors were found (with --strict: errors or warnings)
  2  usage error: bad arguments, no mkdocs.yml, or the explainer plugin is not enabled"""

NEW_DESCRIPTION = """\
Write a skeleton annotation file, with its schema line, in the right folder. The skeleton holds
TODO wherever you must write; `explainer check` and `mkdocs build` fail until every TODO is
replaced, so that unfinished text never reaches readers. Nothing is overwritten: a person or term whose id or
name exists is refused, and a note is appended to the article's notes file (created if needed)
once its passage is found exactly once in the article."""

SCHEMAS_DESCRIPTION = """\
Write the JSON Schemas of the three kinds of annotation file (person, term, notes) into
PATH/schemas/, from the same definitions the checks use. With --check, only compare."""

DIFF_DESCRIPTION = """\
Build the site at two git revisions (each checked out with `git worktree` into a temporary
folder; your working copy is not touched) and report what changed for readers: article pages
that gain or lose links, cards and notes, entry pages that appear or disappear, and notes whose
passage changed or moved. Committed changes only: commit first to include your edits.

exit status:
  0  the report was printed (whether or not anything changed)
  1  a revision could not be checked out or built (the message says why)
  2  usage error"""

NEW_EPILOG = """\
exit status:
  0  the file was written (or the note appended)
  1  nothing was written: the file or id exists, the name is taken, the passage is not found once
  2  usage error"""


def command() -> NoReturn:
    """The `explainer` command (and `python -m mkdocs_explainer`): `main`, then the process ends at
    once, as mypy's does. A check of 100,000 files leaves millions of objects, which freeing one by
    one at the end takes a second or two, and after a detached recording (which shares their pages
    until either process writes one) each page is copied before it is freed."""
    code = main(ending=True)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # A reader gone (`| head`), a stream closed.
            stream.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None, ending: bool = False) -> int:
    """The command line `argv` (default: the process's); `ending`: the process ends when it returns
    (`command`), so what a check made is never freed."""
    _utf8_output()
    parser = _parser()
    args = parser.parse_args(argv)
    args.ending = ending
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code: int = args.run(args)
    except SiteError as exc:
        print(f"explainer: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return code


# -- check ---------------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    options = CheckOptions(
        today=args.today or dt.date.today(), max_age_days=args.max_age_days, cache=not args.no_cache,
        process_ends=args.ending, jobs=args.jobs, notice=_notice, record_after=True,
    )  # fmt: skip
    result = run_check(Path(args.path), options)
    if args.ending:
        _LEFT.append(result)  # Never freed: the process ends without it (`command`).
    try:
        return _reported(args, result)
    finally:
        # After the report: the editor reads it while the answer is kept for the next check.
        wait = args.wait if args.wait is not None else not _terminal()
        if wait or not background.detached(result.record):
            result.record()
        else:
            result.handed_on()


_LEFT: list[CheckResult] = []


def _terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _reported(args: argparse.Namespace, result: CheckResult) -> int:
    shown = _relative_to_cwd(result)
    if args.format == "github":
        changes = _changes(args.base)
        lines = github.annotation_lines(shown, changes)
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            with open(summary_file, "a", encoding="utf-8") as fh:
                fh.write(github.summary(shown, _summary(result), changes))
    else:
        lines = [d.text() for d in shown]
    lines.append(_summary(result))
    _print("\n".join(lines))
    failed = result.errors or (args.strict and result.warnings)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _base(explicit: str | None) -> str | None:
    """--base, else EXPLAINER_BASE, else the pull request's base branch on GitHub Actions."""
    if explicit:
        return explicit
    if os.environ.get("EXPLAINER_BASE"):
        return os.environ["EXPLAINER_BASE"]
    ref = os.environ.get("GITHUB_BASE_REF")
    return f"origin/{ref}" if ref else None


def _changes(explicit: str | None) -> github.Changes | None:
    base = _base(explicit)
    if base is None:
        return None
    try:
        return github.changed_lines(base, Path.cwd())
    except ValueError as exc:
        # Annotations still work, only not in the pull request's order: say so, do not fail.
        print(f"explainer: cannot tell which lines changed since {base} ({exc}); annotating in file order",
              file=sys.stderr)  # fmt: skip
        return None


def _notice(text: str) -> None:
    """A line about the run itself, not a finding: on standard error, so that the findings on
    standard output (and `--format github`) stay as they are."""
    print(text, file=sys.stderr, flush=True)


def _print(text: str) -> None:
    """Print, and stay quiet if the reader went away (`explainer check | head`)."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _relative_to_cwd(result: CheckResult) -> list[Diagnostic]:
    """Paths as seen from where the command runs, so that editors and GitHub can open them."""
    prefix = os.path.relpath(result.site.root, Path.cwd())
    if prefix == ".":
        return result.diagnostics
    paths: dict[str, str] = {}  # A file has several diagnostics: join each path once (no `replace`).
    out = []
    for d in result.diagnostics:
        path = paths.get(d.path)
        if path is None:
            path = paths[d.path] = _joined(prefix, d.path)
        out.append(Diagnostic(path, d.line, d.col, d.severity, d.message))
    return out


_PLAIN_REL = re.compile(r"(?!/)(?!\./)(?!.*//)(?!.*/\./)(?!.*/\.?$)(?!\.?$).*", re.DOTALL)
"""A relative POSIX path `Path` would leave as it is: no leading `/` or `./`, no `//`, `/./` or
trailing `/` or `/.`."""


def _joined(prefix: str, path: str) -> str:
    """`Path(prefix, path).as_posix()` (`prefix` from `relpath`), by string work where that gives
    the same: building a `Path` for each of 100,000 files was ~7 % of a warm check."""
    if os.sep == "/" and _PLAIN_REL.fullmatch(prefix) and _PLAIN_REL.fullmatch(path):
        return f"{prefix}/{path}"
    return Path(prefix, path).as_posix()


def _summary(result: CheckResult) -> str:
    text = (
        f"{_count(result.errors, 'error')}, {_count(result.warnings, 'warning')} "
        f"in {_count(result.files, 'annotation file')} and {_count(result.articles, 'article')}"
    )
    if not result.prose_checked:
        text += " (warnings about the articles' prose wait until the errors are fixed)"
    return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# -- new -----------------------------------------------------------------------------------


def _new(args: argparse.Namespace) -> int:
    site = load_site(Path(args.site))
    try:
        if args.kind == "note":
            written = new_note(
                site, args.article, args.passage,
                note_id=args.id, title=args.title, prefix=args.prefix, suffix=args.suffix,
            )  # fmt: skip
        else:
            written = new_entry(
                site, args.kind, args.name,
                entry_id=args.id, term_kind=getattr(args, "term_kind", "other"), date=getattr(args, "date", None),
            )  # fmt: skip
    except ScaffoldError as exc:
        print(f"explainer new: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    rel = os.path.relpath(written.path, Path.cwd())
    if written.created:
        print(f"wrote {rel}: replace every TODO, then run `explainer check`")
    else:
        print(f"added note `{written.entry_id}` to {rel}: replace every TODO, then run `explainer check`")
    return EXIT_OK


# -- schemas -------------------------------------------------------------------------------


def _schemas(args: argparse.Namespace) -> int:
    folder = Path(args.path) / SCHEMAS_DIR
    if args.check:
        stale = stale_files(folder)
        for name in stale:
            print(f"{Path(folder, name).as_posix()} is out of date; run `explainer schemas`")
        return EXIT_PROBLEMS if stale else EXIT_OK
    for name in write_files(folder):
        print(f"wrote {Path(folder, name).as_posix()}")
    return EXIT_OK


# -- diff --------------------------------------------------------------------------------


def _diff(args: argparse.Namespace) -> int:
    site = Path(args.site)
    if find_config(site) is None:
        raise SiteError(f"no mkdocs.yml (or properdocs.yml) in {site}; give the folder that holds the site's config")
    try:
        result = impact.diff(site, args.base, args.head)
    except impact.DiffError as exc:
        print(f"explainer diff: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    _print(impact.report(result, args.format == "markdown").rstrip("\n"))
    return EXIT_OK


# -- arguments -----------------------------------------------------------------------------


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date written YYYY-MM-DD: {text!r}") from None


def _whole(floor: int, what: str) -> Callable[[str], int]:
    """An argument type: a whole number from `floor` up, else a usage error naming `what`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = floor - 1
        if value < floor:
            raise argparse.ArgumentTypeError(f"not a number of {what}: {text!r}")
        return value

    return parse


_days = _whole(0, "days")
_jobs = _whole(1, "processes (1 or more)")


def _parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog="explainer", description=DESCRIPTION, formatter_class=raw)
    parser.set_defaults(command=None)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = sub.add_parser(
        "check", help="check annotations against the articles", description=CHECK_DESCRIPTION, formatter_class=raw
    )
    check.add_argument("path", nargs="?", default=".", metavar="PATH", help="folder with mkdocs.yml (default: .)")
    check.add_argument(
        "--format", choices=("text", "github"), default="text",
        help="text (default), or github: GitHub Actions commands that show each problem on the pull request's diff",
    )  # fmt: skip
    check.add_argument(
        "--base", metavar="REF",
        help="with --format github: annotate the lines changed since REF first (default: $EXPLAINER_BASE,"
        " or origin/$GITHUB_BASE_REF in a pull request); every problem also goes to $GITHUB_STEP_SUMMARY",
    )  # fmt: skip
    check.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    check.add_argument(
        "--max-age-days", type=_days, default=DEFAULT_MAX_AGE_DAYS, metavar="N",
        help=f"warn when `reviewed` is more than N days old (default: {DEFAULT_MAX_AGE_DAYS}; 0: never)",
    )  # fmt: skip
    check.add_argument(
        "--today", type=_date, default=None, metavar="YYYY-MM-DD",
        help="measure ages from this day instead of today (for reproducible runs)",
    )  # fmt: skip
    check.add_argument(
        "--no-cache", action="store_true",
        help="read every file afresh, and keep nothing for the next run (see README: the check's cache)",
    )  # fmt: skip
    check.add_argument(
        "--jobs", type=_jobs, default=None, metavar="N",
        help="processes that read a large site's files (default: one per core, at most 8; 1: this process alone)",
    )  # fmt: skip
    check.add_argument(
        "--wait", action=argparse.BooleanOptionalAction, default=None,
        help="stay until the cache is written for the next run (default: only when the output is no terminal)",
    )  # fmt: skip
    check.set_defaults(command="check", run=_check)

    new = sub.add_parser(
        "new", help="start a new person, term or note from a skeleton", description=NEW_DESCRIPTION,
        epilog=NEW_EPILOG, formatter_class=raw,
    )  # fmt: skip
    kinds = new.add_subparsers(title="what", metavar="WHAT", required=True)
    person = kinds.add_parser("person", help="annotations/people/<id>.yml", epilog=NEW_EPILOG, formatter_class=raw)
    person.add_argument("name", metavar="NAME", help='the name as the articles write it, e.g. "Rustem Umerov"')
    term = kinds.add_parser("term", help="annotations/glossary/<id>.yml", epilog=NEW_EPILOG, formatter_class=raw)
    term.add_argument("name", metavar="TERM", help='the term as the articles write it, e.g. "Donbas"')
    term.add_argument(
        "--kind", dest="term_kind", choices=TERM_KINDS, default="other", help="what sort of entry (default: other)"
    )
    term.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="for events: the day (puts it on the timeline)")
    note = kinds.add_parser(
        "note", help="a context note in annotations/notes/<article>.yml", epilog=NEW_EPILOG, formatter_class=raw
    )
    note.add_argument("article", metavar="ARTICLE", help="the article, e.g. content/abu-dhabi-talks.md")
    note.add_argument("passage", metavar="PASSAGE", help="the passage exactly as a reader sees it on the page")
    note.add_argument("--title", help="the note's heading")
    note.add_argument("--prefix", default="", help="text just before the passage, if it occurs more than once")
    note.add_argument("--suffix", default="", help="text just after the passage, if it occurs more than once")
    for p, what in ((person, "person"), (term, "term"), (note, "note")):
        made_from = "the passage" if what == "note" else "the name"
        p.add_argument("--id", help=f"the id to use (default: made from {made_from})")
        p.add_argument("--site", default=".", metavar="PATH", help="folder with mkdocs.yml (default: .)")
        p.set_defaults(command="new", kind=what, run=_new)

    schemas = sub.add_parser(
        "schemas", help="write schemas/*.schema.json for editors' tools", description=SCHEMAS_DESCRIPTION,
        formatter_class=raw,
    )  # fmt: skip
    schemas.add_argument("path", nargs="?", default=".", metavar="PATH", help="the repository folder (default: .)")
    schemas.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is missing or stale")
    schemas.set_defaults(command="schemas", run=_schemas)

    diff = sub.add_parser(
        "diff", help="what a change does to the built site", description=DIFF_DESCRIPTION, formatter_class=raw
    )
    diff.add_argument("base", metavar="BASE", help="the revision before the change, e.g. origin/main")
    diff.add_argument("head", nargs="?", default="HEAD", metavar="HEAD", help="the revision after it (default: HEAD)")
    diff.add_argument("--site", default=".", metavar="PATH", help="folder with mkdocs.yml (default: .)")
    diff.add_argument(
        "--format", choices=("text", "markdown"), default="text",
        help="text (default), or markdown, e.g. for $GITHUB_STEP_SUMMARY",
    )  # fmt: skip
    diff.set_defaults(command="diff", run=_diff)
    return parser


def _utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="backslashreplace")
