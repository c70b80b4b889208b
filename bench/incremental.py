"""Edit-to-updated-page under `mkdocs serve`: full rebuilds against incremental (`--dirty`) rebuilds.

    python -m bench.incremental --articles 500 --entries 2000 --repeat 3

For each mode (full, then incremental) a fresh process is driven the way `mkdocs serve [--dirty]`
drives builds: `on_startup` once, a first build, then for each kind of edit: the edit, a fresh
config and a build (what the server does when its watcher fires), timed from the edit to the
build's end, and a check that the page the edit concerns shows it; then the edit is undone and
the site rebuilt (not timed), so every edit starts from the same site. Edits: an entry's summary
(an entry mentioned in a median number of articles, and the most-mentioned one), an alias added
and one removed, a new entry, a deleted entry, a context note's body, an article's text.
Prints, per kind, the median wall and CPU time of each mode side by side, and the pages the
incremental rebuild rendered and wrote; ends with one JSON line. The watcher's own delay (MkDocs
waits for writes to settle) is the same in both modes and not included.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import logging
import os
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.child import child_json
from bench.run import BENCH_DIR, prepare

KINDS = ("summary (median entry)", "summary (most-mentioned entry)", "alias added", "alias removed",
         "new entry", "deleted entry", "note edit", "article edit")  # fmt: skip


class Edits:
    """The edits of one run, on the plugin site: each returns (file, original text or None, check)."""

    def __init__(self, site: Path, mentions: dict[str, list[Any]]) -> None:
        self.site = site
        counts = Counter(m.entry_id for found in mentions.values() for m in {x.entry_id: x for x in found}.values())
        ranked = [entry_id for entry_id, _ in counts.most_common()]
        self.median, self.top = ranked[len(ranked) // 2], ranked[0]
        self.articles = {entry_id: n for entry_id, n in counts.items()}
        self.article = sorted(mentions)[len(mentions) // 2]
        noted = sorted((site / "annotations" / "notes").rglob("*.yml"))
        self.note = noted[len(noted) // 2]

    def entry_file(self, entry_id: str) -> Path:
        for sub in ("people", "glossary"):
            path = self.site / "annotations" / sub / f"{entry_id}.yml"
            if path.is_file():
                return path
        raise LookupError(entry_id)

    def page(self, uri: str) -> Path:
        return self.site / "site" / uri

    def apply(self, kind: str) -> tuple[Path, str | None, Callable[[], bool]]:
        if kind.startswith("summary"):
            entry_id = self.median if "median" in kind else self.top
            path = self.entry_file(entry_id)
            text = path.read_text(encoding="utf-8")
            marker = f"Edited summary {time.time_ns()}."
            path.write_text(text.replace("summary: >-\n", f"summary: >-\n  {marker}\n", 1), encoding="utf-8")
            return path, text, lambda: marker in self._entry_html(path)
        if kind == "alias added":
            path = self.entry_file(self.median)
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("aliases: [", 'aliases: ["Xoquella Prime", ', 1), encoding="utf-8")
            return path, text, lambda: "Xoquella Prime" in self._entry_html(path)
        if kind == "alias removed":
            path = self.entry_file(self.median)
            text = path.read_text(encoding="utf-8")
            start = text.index("aliases: [") + len("aliases: [")
            first = text[start : text.index("]", start)].split(", ")[0]
            edited = text.replace(f"aliases: [{first}, ", "aliases: [", 1)
            edited = edited.replace(f"aliases: [{first}]", "aliases: []", 1)
            path.write_text(edited, encoding="utf-8")
            alias = json.loads(first)
            return path, text, lambda: f"<bdi>{alias}</bdi>" not in self._entry_html(path)
        if kind == "new entry":
            path = self.site / "annotations" / "people" / "zz-bench-new-person.yml"
            path.write_text(NEW_PERSON, encoding="utf-8")
            return path, None, lambda: self.page("people/zz-bench-new-person/index.html").is_file()
        if kind == "deleted entry":
            path = self.entry_file(self.median)
            text = path.read_text(encoding="utf-8")
            gone = self.page(f"{path.parent.name}/{path.stem}/index.html")
            path.unlink()
            return path, text, lambda: not gone.exists()
        if kind == "note edit":
            text = self.note.read_text(encoding="utf-8")
            marker = f"Edited note {time.time_ns()}."
            self.note.write_text(text.replace("body: >-\n      ", f"body: >-\n      {marker} ", 1), encoding="utf-8")
            rel = self.note.relative_to(self.site / "annotations" / "notes").with_suffix("")
            return self.note, text, lambda: marker in self.page(f"{rel}/index.html").read_text(encoding="utf-8")
        if kind == "article edit":
            path = self.site / "content" / self.article
            text = path.read_text(encoding="utf-8")
            marker = f"Edited article {time.time_ns()}."
            path.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
            out = self.page(self.article.removesuffix(".md") + "/index.html")
            return path, text, lambda: marker in out.read_text(encoding="utf-8")
        raise ValueError(kind)

    def _entry_html(self, path: Path) -> str:
        return self.page(f"{path.parent.name}/{path.stem}/index.html").read_text(encoding="utf-8")


NEW_PERSON = """\
name: "Quilla Zanderby"
aliases: ["Zanderby"]
role:
  title: "Envoy"
  as_of: 2026-01-01
summary: >-
  Quilla Zanderby is a person added by the benchmark.
sources:
  - title: "Benchmark"
    url: https://example.org/zanderby
reviewed: 2026-11-29
"""


def _drive(site: Path, dirty: bool, kinds: list[str], repeat: int, profile: str | None = None) -> dict[str, Any]:
    """Runs inside the child process. `profile`: a folder for a cProfile of each timed rebuild."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    site = site.resolve()
    os.chdir(site)
    url = "http://127.0.0.1:8000/"

    def rebuild(first: bool = False) -> Any:
        config = load_config("mkdocs.yml")
        if first:
            config.plugins.on_startup(command="serve", dirty=dirty)
        config.site_url = url
        build(config, serve_url=url, dirty=dirty)
        return config.plugins["explainer"]

    collecting = [0.0, 0.0, 0]  # start of the collection under way, seconds collecting, full collections

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting[0] = time.perf_counter()
        else:
            collecting[1] += time.perf_counter() - collecting[0]
            collecting[2] += info["generation"] == 2

    gc.callbacks.append(on_gc)

    def settle(plugin: Any) -> None:
        """What an editor's pause between saves gives the server: its work after a build is done."""
        collector = getattr(plugin, "collector", None)
        if collector is not None:
            collector.idle.wait(30)

    start = time.perf_counter()
    plugin = rebuild(first=True)
    first = time.perf_counter() - start
    os.sync()  # The first build wrote the whole site: let the disk catch up before timing edits.
    settle(plugin)
    edits = Edits(site, plugin.mentions)
    out: dict[str, Any] = {"first": first, "kinds": {}, "median_entry_articles": edits.articles[edits.median],
                           "top_entry_articles": edits.articles[edits.top]}  # fmt: skip
    for k, kind in enumerate(kinds):
        rows = []
        for r in range(repeat):
            path, original, shows = edits.apply(kind)
            profiler = cProfile.Profile() if profile else None
            collecting[1:] = [0.0, 0]
            w, c = time.perf_counter(), time.process_time()
            if profiler is not None:
                profiler.enable()
            plugin = rebuild()
            wall, cpu = time.perf_counter() - w, time.process_time() - c
            if profiler is not None:
                profiler.disable()
                name = "".join(ch if ch.isalnum() else "-" for ch in kind)
                profiler.dump_stats(str(Path(profile) / f"{name}-{r + 1}.prof"))
            stats = plugin.tracker.stats
            rows.append({"wall": wall, "cpu": cpu, "shown": shows(), "rendered": len(stats.rendered),
                         "written": len(stats.written), "patched": len(stats.patched),
                         "kept": stats.kept, "gc": collecting[1], "full_gc": collecting[2]})  # fmt: skip
            if original is None:
                path.unlink()
            else:
                path.write_text(original, encoding="utf-8")
            if (k, r) != (len(kinds) - 1, repeat - 1):  # Nothing follows the last edit.
                settle(rebuild())
        out["kinds"][kind] = rows
    return out


def run_child(site: Path, dirty: bool, kinds: list[str], repeat: int, profile: Path | None = None) -> dict[str, Any]:
    where = str(profile.resolve()) if profile is not None else None
    code = ("import json; from pathlib import Path; from bench.incremental import _drive; "
            f"print(json.dumps(_drive(Path({str(site)!r}), {dirty!r}, {kinds!r}, {repeat}, {where!r})))")  # fmt: skip
    return dict(child_json(code))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Edit-to-updated-page: full vs incremental serve rebuilds.")
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="timed rebuilds per kind, incremental (default 3)")
    parser.add_argument("--full-repeat", type=int, default=1, help="timed rebuilds per kind, full (default 1)")
    parser.add_argument("--full-kinds", default="all", help="comma-separated kinds for full rebuilds, or all / none")
    parser.add_argument("--incremental-kinds", default="all", help="comma-separated kinds, or all / none")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        help="folder for a cProfile of each timed incremental rebuild (CPU times then inflated)",
    )
    parser.add_argument("--out", type=Path, default=None, help="where the corpus goes (one run at a time per folder)")
    args = parser.parse_args(argv)
    out = args.out or BENCH_DIR / "out" / f"{args.articles}x{args.entries}-s{args.seed}"
    out.mkdir(parents=True, exist_ok=True)
    _, plugin_site, _ = prepare(args.articles, args.entries, args.seed, out)
    named: dict[str, list[str]] = {"all": list(KINDS), "none": []}
    full_kinds = named.get(args.full_kinds, args.full_kinds.split(","))
    inc_kinds = named.get(args.incremental_kinds, args.incremental_kinds.split(","))
    print(f"load average before: {os.getloadavg()[0]:.1f}", flush=True)
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    nothing: dict[str, Any] = {"kinds": {}, "first": None}
    inc = run_child(plugin_site, True, inc_kinds, args.repeat, args.profile) if inc_kinds else nothing
    if inc_kinds:
        print(f"incremental process: first build {inc['first']:.1f} s; load {os.getloadavg()[0]:.1f}", flush=True)
    full = run_child(plugin_site, False, full_kinds, args.full_repeat) if full_kinds else {"kinds": {}, "first": None}
    if full_kinds:
        print(f"full process: first build {full['first']:.1f} s; load {os.getloadavg()[0]:.1f}", flush=True)
    counts = inc if inc_kinds else full
    print(f"median entry: in {counts['median_entry_articles']} articles; "
          f"most-mentioned: in {counts['top_entry_articles']}")  # fmt: skip
    print("| edit | full: wall · CPU | **incremental: wall** · CPU | of which collecting garbage (full collections) "
          "| pages rendered / written (cards patched) / files kept | page shows the edit |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- |")
    summary: dict[str, Any] = {}
    for kind in KINDS:
        rows = inc["kinds"].get(kind, [])
        f_rows = full["kinds"].get(kind, [])
        if not rows and not f_rows:
            continue
        w = statistics.median(r["wall"] for r in rows) if rows else float("nan")
        c = statistics.median(r["cpu"] for r in rows) if rows else float("nan")
        fw = statistics.median(r["wall"] for r in f_rows) if f_rows else None
        fc = statistics.median(r["cpu"] for r in f_rows) if f_rows else None
        full_cell = f"{fw:.2f} s · {fc:.2f} s" if fw is not None and fc is not None else "—"
        pages = (f"{rows[0]['rendered']} / {rows[0]['written']} ({rows[0]['patched']}) / {rows[0]['kept']}"
                 if rows else "—")  # fmt: skip
        shown = all(r["shown"] for r in rows + f_rows)
        gc_cell = f"{statistics.median(r['gc'] for r in rows):.2f} s ({rows[0]['full_gc']})" if rows else "—"
        cells = [kind, full_cell, f"**{w:.2f} s** · {c:.2f} s", gc_cell, pages, "yes" if shown else "NO"]
        print("| " + " | ".join(cells) + " |")
        summary[kind] = {"incremental_wall_s": round(w, 2), "incremental_cpu_s": round(c, 2),
                         "runs": [[round(r["wall"], 2), round(r["cpu"], 2)] for r in rows],
                         "full_wall_s": None if fw is None else round(fw, 2), "shown": shown}  # fmt: skip
    print(json.dumps({"articles": args.articles, "entries": args.entries, "kinds": summary}))


if __name__ == "__main__":
    main()
