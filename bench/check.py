"""`explainer check` at newsroom scale (issue 12): old code and new, alternately, in fresh processes.

    python -m bench.check --articles 500 --entries 100000 --repeat 3
    python -m bench.check --articles 50 --entries 100000 --before /tmp/main/plugins --repeat 3
    python -m bench.check --site bench/out/check-50x100000-s1/plugin --cache --repeat 3

Writes the plugin site of the seeded corpus (`bench.corpus`; no hand-made site, which `check`
does not need) to `out/check-<A>x<E>-s<seed>/`, reused while the size, seed and generator are
unchanged. Each run is `python -m mkdocs_explainer check` in a new process; `--before` is a
`plugins/` folder of older code (`git archive main plugins | tar -x -C /tmp/main`), put first on
the child's PYTHONPATH. The parent reads wall time, CPU (user + sys) and peak RSS (`wait4`), checks
that both sides print the same diagnostics, and prints medians, the ratio of each pair and one JSON line.

`--jobs-pair`: without the cache, `--jobs 1` against `--jobs 2` (`checkshare`), alternately. A
run's CPU is that of both its processes (`wait4` counts the children a process waited for): with
two, compare wall times.

`--cache`: the new code with its result cache (README, "The check's cache"), ten runs per repeat in
a new, empty cache folder: `cold` (nothing cached), `warm` (nothing changed), `edit` (after one
person's summary was edited), `alias` (an alias added to that person), `new` (a person added) and
`deleted` (that person deleted again), `used` (an alias the articles use, "grain deal": the
articles that hold it rendered again, `checklocal`), `article` (a sentence added to one article's
body: that article rendered again), `note` (a context note's title changed: its article rendered
again), `renamed` (that person's file renamed: a new id), `badlink` (a link to an entry there is
not added to that article) and `clone` (every file written again with the same bytes, as a
fresh clone or CI's restored cache sees them); each edit is undone after its run. The first
repeat also checks each edited site with `--no-cache` and asserts the same output; `cold`, `warm`
and `edit` must agree. `--sides cold,warm,used` makes only those runs; with `--before`, each repeat
makes them with the older code first (sides named `before-…`), then with this code.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import corpus

BENCH_DIR = Path(__file__).parent
REPO = BENCH_DIR.parent


@dataclass(frozen=True)
class Run:
    side: str
    wall_s: float
    cpu_s: float
    peak_mib: float
    output: str
    """A digest of what the check printed, and its last line."""
    recorded_s: float | None = None
    """With `--no-wait`: from the start until the detached process had written the cache (its
    lock free), if the run left one (the wait is not counted in the next run's time)."""


def write_site(out: Path, articles: int, entries: int, seed: int) -> Path:
    """The plugin site of `corpus.generate(articles, entries, seed)` in `out/plugin` (reused if current)."""
    site = out / "plugin"
    stamp = out / "params.json"
    params = {"articles": articles, "entries": entries, "seed": seed,
              "generator": hashlib.sha256((BENCH_DIR / "corpus.py").read_bytes()).hexdigest()}  # fmt: skip
    if stamp.is_file() and json.loads(stamp.read_text()) == params and site.is_dir():
        return site
    data = corpus.generate(articles, entries, seed)
    # The plugin half of `corpus.write_sites`, without the hand-made pages (100,000 of them here).
    shutil.rmtree(site, ignore_errors=True)
    (site / "content").mkdir(parents=True)
    nav = corpus._nav(data)
    (site / "mkdocs.yml").write_text(corpus.MKDOCS_YML.format(plugins="  - explainer\n", extra="", nav=nav))
    corpus._write(site / "content" / "index.md", corpus.HOME)
    for art in data.articles:
        corpus._write(site / "content" / art.src_uri, art.markdown())
        if art.notes:
            corpus._write(site / "annotations" / "notes" / art.src_uri.replace(".md", ".yml"), corpus.notes_yaml(art))
    for e in data.entries:
        corpus._write(site / "annotations" / e.folder / f"{e.id}.yml", corpus.entry_yaml(e))
    out.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps(params))
    return site


def check(
    site: Path, side: str, plugins: Path, timeout: float, *args: str, cache_home: Path | None = None,
    no_wait: bool = False,
) -> Run:
    """One `explainer check` of `site` in a fresh process importing the plugin from `plugins`.

    `cache_home`: the XDG cache folder the run may use (else the check runs with `--no-cache`);
    `no_wait`: with it, the run as in a terminal (`--no-wait`, if that code knows it)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join([str(plugins), str(REPO)])}
    if cache_home is not None:
        env["XDG_CACHE_HOME"] = str(cache_home)
        if no_wait and _knows(plugins, "--wait"):
            args = (*args, "--no-wait")
    elif side != "before" or _knows(plugins, "--no-cache"):
        args = (*args, "--no-cache")
    start = time.perf_counter()
    # Standard error apart: a long run's notice there (a first run, `--no-cache`) is not a finding.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs_explainer", "check", str(site), *args], env=env,
            stdout=subprocess.PIPE, stderr=errors, text=True,
        )  # fmt: skip
        timer = threading.Timer(timeout, proc.kill)  # wait4, not communicate: it gives the child's usage
        timer.start()
        assert proc.stdout is not None
        output = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        errors.seek(0)
        said = errors.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode < 0:
        raise SystemExit(f"{side}: `explainer check` took more than {timeout:.0f} s (stopped)")
    if proc.returncode not in (0, 1) or "Traceback" in output + said:
        raise SystemExit(f"{side}: `explainer check` failed:\n{(output + said)[-3000:]}")
    # Only a digest and the summary line are kept: a child's peak RSS counts the parent's memory at
    # the fork, so 180,000 lines of each run held here would inflate every later run's peak.
    kept = hashlib.sha256(output.encode()).hexdigest() + "\n" + output.strip().rsplit("\n", 1)[-1]
    recorded = _recorded(cache_home, start) if "--no-wait" in args and cache_home is not None else None
    return Run(side, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, kept, recorded)


def _knows(plugins: Path, option: str) -> bool:
    """Whether the code in `plugins` has `option` (code older than the cache has no `--no-cache` and
    keeps nothing: else its runs would answer from a cache the other side's runs cannot use)."""
    cli = plugins / "mkdocs_explainer" / "editors" / "cli.py"
    return cli.is_file() and f'"{option}"' in cli.read_text(encoding="utf-8")


def _recorded(cache_home: Path, start: float) -> float:
    """Seconds from `start` until every cache folder under `cache_home` is unlocked (`checklock`):
    the detached process that writes the cache holds its lock to the end."""
    for lock in cache_home.glob("mkdocs-explainer/check/*/lock"):
        with open(lock, "rb") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)  # Waits; closing the file lets it go.
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, help="plugins/ folder of the code to compare with")
    parser.add_argument("--site", type=Path, help="check this site instead of generating one")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds a single check may take")
    parser.add_argument("--cache", action="store_true", help="cold, warm and after-one-edit runs with the cache")
    parser.add_argument("--jobs-pair", action="store_true", help="--jobs 1 against --jobs 2, without the cache")
    parser.add_argument("--no-wait", action="store_true",
                        help="with --cache: runs as in a terminal, answered before the cache is written")  # fmt: skip
    parser.add_argument("--sides", default=",".join(CACHED_SIDES),
                        help="with --cache: the runs to make, in this order (of: %(default)s)")  # fmt: skip
    args = parser.parse_args(argv)
    out = BENCH_DIR / "out" / f"check-{args.articles}x{args.entries}-s{args.seed}"
    t0 = time.perf_counter()
    site = args.site.resolve() if args.site else write_site(out, args.articles, args.entries, args.seed)
    stamp = site.parent / "params.json"  # A generated site says its size; the JSON line reports it.
    if args.site and stamp.is_file():
        args.articles, args.entries = (json.loads(stamp.read_text())[k] for k in ("articles", "entries"))
    print(f"site: {site} ({time.perf_counter() - t0:.1f} s to prepare)")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    if args.cache:
        chosen = [side for side in args.sides.split(",") if side]
        if not chosen or set(chosen) - set(CACHED_SIDES) or chosen[0] != "cold":
            raise SystemExit(f"--sides: start with cold, then any of {', '.join(CACHED_SIDES)}")
        codes = {"": REPO / "plugins"} if args.before is None else {"before-": args.before, "": REPO / "plugins"}
        runs = cached_runs(site, args.repeat, args.timeout, chosen, codes, args.no_wait)
        sides = {prefix + side: REPO for prefix in codes for side in chosen}
        # Edits that add a name change the diagnostics (each is checked against `--no-cache` instead).
        unedited = [prefix + side for prefix in codes for side in SAME_OUTPUT if side in chosen]
        outputs = {side: {r.output for r in runs if r.side == side} for side in unedited}
        same = len(set().union(*outputs.values())) == 1
        report(args, runs, sides, same)
        return
    sides = {"before": args.before, "after": REPO / "plugins"} if args.before else {"after": REPO / "plugins"}
    if args.jobs_pair:
        sides = {"jobs1": REPO / "plugins", "jobs2": REPO / "plugins"}
    runs: list[Run] = []
    for i in range(args.repeat):
        for side, plugins in sides.items():
            run = check(site, side, plugins, args.timeout, *(["--jobs", side[-1]] if args.jobs_pair else []))
            runs.append(run)
            _show(i, run)
    outputs = {side: {r.output for r in runs if r.side == side} for side in sides}
    same = len(set().union(*outputs.values())) == 1
    report(args, runs, sides, same)


def _show(i: int, run: Run) -> None:
    recorded = f", recorded at {run.recorded_s:.2f} s" if run.recorded_s is not None else ""
    print(f"  run {i + 1}: {run.side:6} {run.wall_s:7.2f} s wall {run.cpu_s:7.2f} s CPU {run.peak_mib:7.1f} MiB "
          f"peak (load {os.getloadavg()[0]:.1f}){recorded}", flush=True)  # fmt: skip


CACHED_SIDES = ("cold", "warm", "edit", "article", "newname", "note", "badquote", "added", "gone", "noentry", "broken",
                "fixed", "alias", "new", "deleted", "used", "renamed", "badlink", "clone")  # fmt: skip
"""With `--cache`: `edit` changes a summary (answered by a replay), `alias` adds an alias and `new`
adds a person (both reach other files: the whole check runs, from the per-file records);
`article` adds a sentence to an article's body, written as if saved a while before the check
(`_saved_earlier`), `newname` a sentence naming someone no entry covers (a likely name no check
looked up), `note` changes a context note's title the same way, `badquote` its quote to a passage
the article does not hold (an error of the article's rendering); `added` writes a new
article (two paragraphs of another), `gone` deletes an article that has no notes file, `noentry`
lists a name in the names needing no entry; `broken` gives a person file YAML that cannot be
read, and `fixed` checks again once its bytes are back (after `broken`, else nothing changed);
`clone` writes every file again with the same bytes,
as a fresh clone does (`clone_in_place`). The undoing of each of `article` to `noentry` is checked
once more, uncounted (`ABSORBED`)."""

ABSORBED = ("article", "newname", "note", "badquote", "added", "gone", "noentry", "renamed", "badlink")
"""Sides whose undoing is checked at once, uncounted: a check answers an article or a note edited
by rendering the article again only if no name changed in the same run, so the next side (an alias
added, say) would otherwise be timed as the whole check it then is."""


def _saved_earlier(path: Path, data: bytes) -> None:
    """`data` written to `path` as an editor saves it some seconds before running the check: a file
    written within two seconds of a check is not trusted by its `stat` (`checkcache.RACY_NS`)."""
    path.write_bytes(data)
    earlier = time.time_ns() - 10 * 10**9
    os.utime(path, ns=(earlier, earlier))


def clone_in_place(root: Path, keep_times: bool = True) -> None:
    """The folder `root` as a fresh clone leaves it: every file a new one at the same path, with the
    same bytes (another inode and change time; with `keep_times` off, another modification time too)."""
    copy = root.with_name(root.name + "-clone")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, symlinks=True, copy_function=shutil.copy2 if keep_times else shutil.copyfile)
    shutil.rmtree(root)
    copy.rename(root)


SAME_OUTPUT = ("cold", "warm", "edit", "fixed", "clone")
"""The runs that print what `cold` prints (the others are compared with `--no-cache` instead)."""


def cached_runs(
    site: Path, repeat: int, timeout: float, chosen: list[str], codes: dict[str, Path], no_wait: bool = False
) -> list[Run]:
    """`repeat` times, for each `plugins/` folder in `codes` in turn (its runs' sides named with its
    prefix): the runs in `chosen` (cold, warm, edited) with a new cache folder each time; every edit
    is undone after its run (which the next run then sees as an edit too)."""
    people = sorted((site / "annotations" / "people").glob("*.yml"))
    victim = people[len(people) // 2]
    original = victim.read_bytes()
    newcomer = victim.with_name("zz-bench-newcomer.yml")
    pages = sorted((site / "content").rglob("*.md"))
    page = pages[len(pages) // 2]
    page_was = page.read_bytes()
    notes = sorted((site / "annotations" / "notes").rglob("*.yml"))
    note = notes[len(notes) // 2] if notes else page
    note_was = note.read_bytes()
    notes_folder = site / "annotations" / "notes"
    alone = [p for p in pages if not (notes_folder / p.relative_to(site / "content")).with_suffix(".yml").exists()]
    gone = alone[len(alone) // 2] if alone else page
    gone_was = gone.read_bytes()
    added = site / "content" / "zz-bench-added.md"
    added_text = b"# Added\n\n" + b"\n\n".join(page_was.split(b"\n\n")[1:3]) + b"\n"
    no_entry = site / "annotations" / "no-entry-needed.txt"
    no_entry_was = no_entry.read_bytes() if no_entry.exists() else b""
    renamed = original.replace(b'name: "', b'name: "Zz Newcomer ', 1)  # Its names its own, or it is an error.
    moved = victim.with_name(victim.stem + "-renamed.yml")  # A new id, its file sorting before the old one.
    bad_link = f"\nSee [the envoy](explainer:{victim.stem[:-1]}).\n".encode()
    edits = {
        "edit": lambda: victim.write_bytes(original.replace(b"summary: ", b"summary: Edited. ", 1)),
        "alias": lambda: victim.write_bytes(original.replace(b'aliases: ["', b'aliases: ["Benchmarked Alias", "', 1)),
        "new": lambda: newcomer.write_bytes(re.sub(rb"(?m)^aliases: .*$", b"aliases: []", renamed)),
        "deleted": lambda: None,  # The person `new` added, taken away again after its run.
        # An alias the articles use (a phrase of `corpus`'s sentences): the articles that hold it redone.
        "used": lambda: victim.write_bytes(original.replace(b'aliases: ["', b'aliases: ["grain deal", "', 1)),
        # A sentence that names no entry and looks like no name, added to one article's body.
        "article": lambda: _saved_earlier(page, page_was + b"\nThe talks went on late into the evening.\n"),
        "note": lambda: _saved_earlier(note, note_was.replace(b'title: "', b'title: "Edited ', 1)) if notes else None,
        "newname": lambda: _saved_earlier(page, page_was + b"\nThey heard from Qorvath Zelminsky on Tuesday.\n"),
        "badquote": lambda: _saved_earlier(note, note_was.replace(b'quote: "', b'quote: "Not in the article ', 1))
        if notes else None,
        "added": lambda: _saved_earlier(added, added_text),
        "gone": lambda: gone.unlink(),
        "noentry": lambda: _saved_earlier(no_entry, no_entry_was + b"Benchmarked Name\n"),
        "broken": lambda: _saved_earlier(victim, original.replace(b'name: "', b'name: [unclosed "', 1)),
        "fixed": lambda: None,  # `broken`'s file, its bytes put back after its run.
        "renamed": lambda: victim.rename(moved),
        # A link to an entry there is not, its id one letter short of the person's: an error.
        "badlink": lambda: _saved_earlier(page, page_was + bad_link),
        "clone": lambda: clone_in_place(site),
    }
    runs: list[Run] = []
    for i in range(repeat):
        for prefix, plugins in codes.items():
            runs += _cached_sequence(site, i, timeout, chosen, prefix, plugins, edits, victim, original, newcomer,
                                     [(page, page_was), (note, note_was), (gone, gone_was), (added, None),
                                      (moved, None), (no_entry, no_entry_was if no_entry.exists() else None)],
                                     no_wait)  # fmt: skip
    print(f"edited file: {victim.relative_to(site)}")
    return runs


def _cached_sequence(
    site: Path, i: int, timeout: float, chosen: list[str], prefix: str, plugins: Path,
    edits: dict[str, Callable[[], object]], victim: Path, original: bytes, newcomer: Path,
    kept: list[tuple[Path, bytes | None]], no_wait: bool,
) -> list[Run]:  # fmt: skip
    """One repeat of `cached_runs` for the code in `plugins`, in a new cache folder."""
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="xp-check-cache-") as home:
        for side in chosen:
            if side in edits:
                edits[side]()
            try:
                run = check(site, prefix + side, plugins, timeout, cache_home=Path(home), no_wait=no_wait)
                runs.append(run)
                _show(i, run)
                if side in edits and side not in SAME_OUTPUT and i == 0:
                    fresh = check(site, "no-cache", plugins, timeout)
                    _show(i, fresh)
                    if fresh.output != run.output:
                        raise SystemExit(f"{side}: the cached run and --no-cache print different diagnostics")
            finally:
                victim.write_bytes(original)
                newcomer.unlink(missing_ok=True)
                for path, was in kept:  # Each as it was (None: not there).
                    if was is None:
                        path.unlink(missing_ok=True)
                    elif not path.exists() or path.read_bytes() != was:
                        _saved_earlier(path, was)
            if side in ABSORBED:
                check(site, "undo", plugins, timeout, cache_home=Path(home), no_wait=no_wait)
    return runs


def report(args: argparse.Namespace, runs: list[Run], sides: dict[str, Path], same: bool) -> None:
    result: dict[str, object] = {"articles": args.articles, "entries": args.entries, "same_output": same}
    for side in sides:
        mine = [r for r in runs if r.side == side]
        figures: dict[str, float] = {
            "wall_s": round(statistics.median(r.wall_s for r in mine), 2),
            "cpu_s": round(statistics.median(r.cpu_s for r in mine), 2),
            "peak_mib": round(statistics.median(r.peak_mib for r in mine), 1),
        }
        recorded = [r.recorded_s for r in mine if r.recorded_s is not None]
        if recorded:
            figures["recorded_s"] = round(statistics.median(recorded), 2)
        result[side] = figures
    if args.before and not args.cache:
        result["cpu_ratio_per_pair"] = [round(a.cpu_s / b.cpu_s, 2) for a, b in zip(runs[::2], runs[1::2], strict=True)]
    last = runs[-1].output.strip().splitlines()
    print(f"same diagnostics on every run: {same}; last line: {last[-1] if last else ''}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
