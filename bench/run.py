"""Build benchmark: the plugin site against the equivalent hand-made site, alternately, in fresh processes.

    python -m bench.run --articles 500 --entries 2000 --pairs 3

Generates the corpus (seeded; reused when already generated with the same size and seed), checks that
the two sites are equivalent (same backlinks on every entry page), then builds plugin, baseline,
baseline, plugin … (`pair_order`: the order turns each pair, so that neither site is always the
one built just after the other) each as `python -m mkdocs build` in a new process, timing the wall
clock and reading the child's peak RSS from `wait4`. One build of each site comes first and is not
counted: in a new virtual environment the first build also compiles every imported module, and
the plugin site, built first, paid for both. Prints medians and ratios, the bytes the plugin adds
to each article page, and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import corpus

BENCH_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Run:
    site: str
    wall_s: float
    cpu_s: float
    peak_mib: float


def build(site: Path, label: str) -> Run:
    """One `mkdocs build` in a fresh process; fails loudly on an error or a warning."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build"], cwd=site, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    problems = [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))]
    if proc.returncode != 0 or problems:
        raise SystemExit(f"{label} build failed (exit {proc.returncode}):\n{output[-4000:]}")
    return Run(label, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # maxrss: KiB on Linux


def article_pages(art_uris: list[str]) -> list[str]:
    return [uri.removesuffix(".md") + "/index.html" for uri in art_uris]


def added_bytes(plugin: Path, baseline: Path, pages: list[str]) -> list[int]:
    return [(plugin / "site" / p).stat().st_size - (baseline / "site" / p).stat().st_size for p in pages]


_BACKLINK_RE = re.compile(r'<a href="([^"#]*)[^"]*">[^<]*</a>(?:</p>)?\s*<blockquote[^>]*>\s*<p>(.*?)</p>', re.S)
# The plugin's entry page groups mentions by article: the sentence, then "Read in context" with the link.
_GROUPED_RE = re.compile(
    r'<blockquote class="xp-backlink-sentence">\s*<p>(.*?)</p>\s*</blockquote>\s*<a\b[^>]*?\bhref="([^"#]*)', re.S
)


def backlinks(site: Path, entry_pages: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Per entry page: (article URL, sentence) of every "Mentioned in" item."""
    out = {}
    for page in entry_pages:
        text = (site / "site" / page).read_text(encoding="utf-8")
        body = text[text.index("<article") : text.index("</article>")]
        start = body.index("Mentioned in")
        section = body[start : body.index("Sources", start)]
        found = [(u, s) for s, u in _GROUPED_RE.findall(section)] or _BACKLINK_RE.findall(section)
        out[page] = [(html.unescape(u), html.unescape(s.strip())) for u, s in found]
    return out


def check_equivalent(plugin: Path, baseline: Path, data: corpus.Corpus) -> str:
    pages = [f"{e.folder}/{e.id}/index.html" for e in data.entries]
    ours, theirs = backlinks(plugin, pages), backlinks(baseline, pages)
    differ = [p for p in pages if ours[p] != theirs[p]]
    if differ:
        page = differ[0]
        raise SystemExit(f"the sites are not equivalent: {len(differ)} entry pages list other backlinks, e.g. "
                         f"{page}:\n plugin   {ours[page][:3]}\n baseline {theirs[page][:3]}")  # fmt: skip
    total = sum(len(v) for v in ours.values())
    return f"equivalent: {len(pages)} entry pages, {total} backlinks, same on both sites"


def percentile(values: list[int], q: float) -> int:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def prepare(articles: int, entries: int, seed: int, out: Path) -> tuple[corpus.Corpus, Path, Path]:
    data = corpus.generate(articles, entries, seed)
    stamp = out / "params.json"
    params = {"articles": articles, "entries": entries, "seed": seed,
              "generator": hashlib.sha256((BENCH_DIR / "corpus.py").read_bytes()).hexdigest()}  # fmt: skip
    plugin, baseline = out / "plugin", out / "baseline"
    if not stamp.is_file() or json.loads(stamp.read_text()) != params:
        plugin, baseline = corpus.write_sites(out, data)
        stamp.write_text(json.dumps(params))
    return data, plugin, baseline


def pair_order(i: int, sites: Sequence[tuple[str, Path]]) -> Sequence[tuple[str, Path]]:
    """The sites in the order pair `i` (from 0) builds them: as given, then reversed, and so on."""
    return sites if i % 2 == 0 else sites[::-1]


def show(label: str, what: str, run: Run) -> None:
    print(f"  {label}: {run.site:8} {run.wall_s:7.2f} s wall {run.cpu_s:7.2f} s CPU {run.peak_mib:6.1f} MiB peak{what}",
          flush=True)  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Plugin build vs the equivalent hand-made build.")
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--pairs", type=int, default=3, help="plugin+baseline build pairs (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted builds of each site first (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    out = args.out or BENCH_DIR / "out" / f"{args.articles}x{args.entries}-s{args.seed}"
    out.mkdir(parents=True, exist_ok=True)

    t0 = time.perf_counter()
    data, plugin, baseline = prepare(args.articles, args.entries, args.seed, out)
    notes = sum(len(a.notes) for a in data.articles)
    print(f"corpus: {len(data.articles)} articles, {len(data.entries)} entries, {notes} context notes "
          f"({time.perf_counter() - t0:.1f} s) in {out}")  # fmt: skip
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip

    sites = (("plugin", plugin), ("baseline", baseline))
    for i in range(args.warmup):
        for label, site in sites:
            show(f"warm-up {i + 1}", " (not counted)", build(site, label))
    runs: list[Run] = []
    by_pair: list[dict[str, Run]] = []
    for i in range(args.pairs):
        pair = {}
        for label, site in pair_order(i, sites):
            run = pair[label] = build(site, label)
            runs.append(run)
            show(f"pair {i + 1}", "", run)
        by_pair.append(pair)
        if i == 0:
            print("  " + check_equivalent(plugin, baseline, data))

    def med(label: str, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in runs if r.site == label)

    p_wall, b_wall = med("plugin", "wall_s"), med("baseline", "wall_s")
    p_mem, b_mem = med("plugin", "peak_mib"), med("baseline", "peak_mib")
    p_cpu, b_cpu = med("plugin", "cpu_s"), med("baseline", "cpu_s")
    pairs = [pair["plugin"].wall_s / pair["baseline"].wall_s for pair in by_pair]
    pages = article_pages([a.src_uri for a in data.articles])
    added = added_bytes(plugin, baseline, pages)
    result = {
        "articles": args.articles,
        "entries": args.entries,
        "plugin_wall_s": round(p_wall, 2),
        "baseline_wall_s": round(b_wall, 2),
        "ratio_wall": round(p_wall / b_wall, 3),
        "ratio_peak_mem": round(p_mem / b_mem, 3),
        "added_bytes_per_page_median": int(statistics.median(added)),
        "added_bytes_per_page_p95": percentile(added, 95),
    }
    print(f"medians of {args.pairs} pairs: plugin {p_wall:.2f} s / {p_mem:.1f} MiB, "
          f"baseline {b_wall:.2f} s / {b_mem:.1f} MiB -> wall x{p_wall / b_wall:.3f}, "
          f"peak memory x{p_mem / b_mem:.3f}")  # fmt: skip
    print(f"CPU time (user+sys) medians: plugin {p_cpu:.2f} s, baseline {b_cpu:.2f} s -> x{p_cpu / b_cpu:.3f}; "
          f"wall ratio of each pair: {', '.join(f'{r:.3f}' for r in pairs)} "
          f"(median {statistics.median(pairs):.3f})")  # fmt: skip
    print(f"bytes the plugin adds per article page: median {result['added_bytes_per_page_median']}, "
          f"p95 {result['added_bytes_per_page_p95']}, max {max(added)}")  # fmt: skip
    print(json.dumps(result))


if __name__ == "__main__":
    main()
