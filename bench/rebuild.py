"""Serve-style rebuilds: editing one annotation (plugin site) against editing one entry page (hand-made site).

    python -m bench.rebuild --articles 100 --entries 500 --rounds 3

Each round runs the plugin site, then the baseline, each in a fresh process driven the way
`mkdocs serve` drives a build: `on_startup` once, a first build, then for each rebuild one edited
file, a fresh config and a full build (serve rebuilds the whole site unless `--dirty`). The edit
is a person's summary: in its YAML file on the plugin site, in its hand-made page on the baseline.
Prints the median rebuild times, their ratio, the ratio in each round, and how many annotation
files the plugin parsed per rebuild (its loader's `reads`).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from bench.child import child_json
from bench.run import BENCH_DIR, prepare


def _drive(site: Path, edit: Path, old: str, rebuilds: int) -> dict[str, object]:
    """Runs inside the child process: startup build, then `rebuilds` edit+rebuild rounds."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.chdir(site)
    original = edit.read_text(encoding="utf-8")
    assert old in original, f"{old!r} not in {edit}"
    config = load_config("mkdocs.yml")
    config.plugins.on_startup(command="serve", dirty=False)
    start = time.perf_counter()
    build(config)
    first = time.perf_counter() - start
    times, reads, rss = [], [], [_rss_mib()]
    try:
        for i in range(rebuilds):
            edit.write_text(original.replace(old, f"{old} (edit {i + 1})", 1), encoding="utf-8")
            before = _reads(config)
            start = time.perf_counter()
            config = load_config("mkdocs.yml")
            build(config)
            times.append(time.perf_counter() - start)
            reads.append(_reads(config) - before)
            rss.append(_rss_mib())
    finally:
        edit.write_text(original, encoding="utf-8")
        config.plugins.on_shutdown()
    return {"first": first, "rebuilds": times, "reads": reads, "rss_mib": rss}


def _rss_mib() -> float:
    """Resident memory now (Linux), after a build: what the process holds between rebuilds."""
    with open("/proc/self/statm") as statm:
        return round(int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def _reads(config: object) -> int:
    plugin = getattr(config, "plugins", {}).get("explainer")
    loader = getattr(plugin, "loader", None)
    return int(getattr(loader, "reads", 0))


@dataclass(frozen=True)
class Result:
    first: float
    rebuilds: list[float]
    reads: list[int]
    rss_mib: list[float]


def run_child(site: Path, edit: Path, old: str, rebuilds: int) -> Result:
    code = ("import json; from pathlib import Path; from bench.rebuild import _drive; "
            f"print(json.dumps(_drive(Path({str(site)!r}), Path({str(edit)!r}), {old!r}, {rebuilds})))")  # fmt: skip
    return Result(**child_json(code))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve-style rebuild after one edit: plugin vs hand-made site.")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3, help="plugin+baseline process pairs (default 3)")
    parser.add_argument("--rebuilds", type=int, default=1, help="rebuilds per process (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = BENCH_DIR / "out" / f"{args.articles}x{args.entries}-s{args.seed}"
    out.mkdir(parents=True, exist_ok=True)
    data, plugin, baseline = prepare(args.articles, args.entries, args.seed, out)
    person = next(e for e in data.entries if e.type == "person")
    old = f"{person.name} is"  # the first words of its summary, on both sites
    edits = {"plugin": (plugin, plugin / "annotations" / "people" / f"{person.id}.yml"),
             "baseline": (baseline, baseline / "content" / "people" / f"{person.id}.md")}  # fmt: skip
    results: dict[str, list[Result]] = {"plugin": [], "baseline": []}
    for i in range(args.rounds):
        for label, (site, edit) in edits.items():
            r = run_child(site, edit, old, args.rebuilds)
            results[label].append(r)
            times = ", ".join(f"{t:.2f}" for t in r.rebuilds)
            print(f"  round {i + 1}: {label:8} first build {r.first:6.2f} s, rebuilds after one edit {times} s; "
                  f"annotation files parsed per rebuild: {r.reads}; RSS after each build (MiB) {r.rss_mib}",
                  flush=True)  # fmt: skip
    medians = {label: statistics.median(t for r in rs for t in r.rebuilds) for label, rs in results.items()}
    rounds = [statistics.median(a.rebuilds) / statistics.median(b.rebuilds)
              for a, b in zip(results["plugin"], results["baseline"], strict=True)]  # fmt: skip
    print(f"medians: plugin {medians['plugin']:.2f} s, baseline {medians['baseline']:.2f} s; "
          f"ratio in each round: {', '.join(f'{x:.3f}' for x in rounds)}")  # fmt: skip
    ratio = medians["plugin"] / medians["baseline"]
    print(f"rebuild ratio plugin/baseline: {ratio:.3f} (target <= 1.1)")
    print(json.dumps({"articles": args.articles, "entries": args.entries,
                      "plugin_rebuild_s": round(medians["plugin"], 2),
                      "baseline_rebuild_s": round(medians["baseline"], 2),
                      "ratio_rebuild": round(ratio, 3),
                      "reads_per_rebuild": [n for r in results["plugin"] for n in r.reads]}))  # fmt: skip


if __name__ == "__main__":
    main()
