"""Serve-style rebuilds: editing one annotation (plugin site) against editing one entry page (hand-made site).

    python -m bench.rebuild --articles 100 --entries 500 --rebuilds 3

Each site is driven in its own fresh process the way `mkdocs serve` drives a build: `on_startup`
once, a first build, then for every rebuild a fresh config and a full build (serve rebuilds the
whole site unless `--dirty`). Before each rebuild one file changes: a person's summary in the
plugin site, the same person's hand-made page in the baseline. Prints the median rebuild times,
their ratio, and how many annotation files the plugin parsed per rebuild (its loader's `reads`).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

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
    times, reads = [], []
    try:
        for i in range(rebuilds):
            edit.write_text(original.replace(old, f"{old} (edit {i + 1})", 1), encoding="utf-8")
            before = _reads(config)
            start = time.perf_counter()
            config = load_config("mkdocs.yml")
            build(config)
            times.append(time.perf_counter() - start)
            reads.append(_reads(config) - before)
    finally:
        edit.write_text(original, encoding="utf-8")
        config.plugins.on_shutdown()
    return {"first": first, "rebuilds": times, "reads": reads}


def _reads(config: object) -> int:
    plugin = getattr(config, "plugins", {}).get("explainer")
    loader = getattr(plugin, "loader", None)
    return int(getattr(loader, "reads", 0))


@dataclass(frozen=True)
class Result:
    first: float
    rebuilds: list[float]
    reads: list[int]


def run_child(site: Path, edit: Path, old: str, rebuilds: int) -> Result:
    code = ("import json; from pathlib import Path; from bench.rebuild import _drive; "
            f"print(json.dumps(_drive(Path({str(site)!r}), Path({str(edit)!r}), {old!r}, {rebuilds})))")  # fmt: skip
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run([sys.executable, "-c", code], cwd=BENCH_DIR.parent, env=env, capture_output=True,
                         text=True, check=False)  # fmt: skip
    if out.returncode != 0:
        raise SystemExit(out.stderr[-4000:])
    return Result(**json.loads(out.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve-style rebuild after one edit: plugin vs hand-made site.")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--rebuilds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = BENCH_DIR / "out" / f"{args.articles}x{args.entries}-s{args.seed}"
    out.mkdir(parents=True, exist_ok=True)
    data, plugin, baseline = prepare(args.articles, args.entries, args.seed, out)
    person = next(e for e in data.entries if e.type == "person")
    old = f"{person.name} is"  # the first words of its summary, on both sites
    edits = {"plugin": (plugin, plugin / "annotations" / "people" / f"{person.id}.yml"),
             "baseline": (baseline, baseline / "content" / "people" / f"{person.id}.md")}  # fmt: skip
    results = {label: run_child(site, edit, old, args.rebuilds) for label, (site, edit) in edits.items()}
    medians = {label: statistics.median(r.rebuilds) for label, r in results.items()}
    for label, r in results.items():
        times = ", ".join(f"{t:.2f}" for t in r.rebuilds)
        print(f"{label:8}: first build {r.first:.2f} s; rebuilds after one edit {times} s "
              f"(median {medians[label]:.2f} s); annotation files parsed per rebuild: {r.reads}")  # fmt: skip
    ratio = medians["plugin"] / medians["baseline"]
    print(f"rebuild ratio plugin/baseline: {ratio:.3f} (target <= 1.1)")
    print(json.dumps({"articles": args.articles, "entries": args.entries,
                      "plugin_rebuild_s": round(medians["plugin"], 2),
                      "baseline_rebuild_s": round(medians["baseline"], 2),
                      "ratio_rebuild": round(ratio, 3), "reads_per_rebuild": results["plugin"].reads}))  # fmt: skip


if __name__ == "__main__":
    main()
