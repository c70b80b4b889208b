"""Matching benchmark: finding mentions in the same ~5 MB of text with 1,000, 10,000 and 50,000 entries.

    python -m bench.matching [--megabytes 5] [--sizes 1000,10000,50000] [--repeat 3]

One list of 50,000 synthetic entries (people and terms, 1–3 aliases each, shared words); the
matcher for N entries gets the first N. Two texts of the same size, each used for every N:

* "same mentions": prose whose mentions are all of the first 1,000 entries, so every matcher finds
  the same mentions and only the size of the dictionary differs;
* "newsroom": mentions drawn from all 50,000 entries with a long-tailed popularity, so a bigger
  dictionary also finds more (as it would on a real site).

Each text is matched paragraph by paragraph, as the plugin calls `Matcher.find` once per text node.
The best of `--repeat` runs is reported, with the time to build the automaton.
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import random
import time
from collections.abc import Sequence

from mkdocs_explainer.core.matcher import Matcher

from bench import corpus


class _Drawn(corpus._Mentions):
    """Mentions for endless prose: each sentence names an entry drawn from fixed weights."""

    def __init__(self, rng: random.Random, entries: Sequence[corpus.BenchEntry], weights: Sequence[float]) -> None:
        super().__init__(rng, [], sentences=0)
        self.entries = entries
        self.cum = list(itertools.accumulate(weights))

    def next(self) -> corpus.Piece | None:
        if self.rng.random() < 0.35:
            return None
        entry = self.rng.choices(self.entries, cum_weights=self.cum)[0]
        surface = self.rng.choice(entry.names)
        return ("t", surface + ("’s" if self.rng.random() < 0.08 else ""), "")


def make_text(rng: random.Random, entries: Sequence[corpus.BenchEntry], weights: Sequence[float],
              size: int) -> list[str]:  # fmt: skip
    """Paragraphs of news-like prose, `size` characters in all."""
    drawn = _Drawn(rng, entries, weights)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        text = corpus._paragraph(rng, drawn, rng.randint(3, 6)).visible
        paragraphs.append(text)
        total += len(text) + 1
    return paragraphs


def time_find(matcher: Matcher, paragraphs: list[str], repeat: int) -> tuple[float, int]:
    best, found = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = sum(len(matcher.find(p)) for p in paragraphs)
        best = min(best, time.perf_counter() - start)
    return best, found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Matcher time against the number of entries.")
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    entries = corpus.make_identities(max(sizes), rng)
    size = int(args.megabytes * 1_000_000)
    first = entries[: min(sizes)]
    texts = {
        "same mentions": make_text(rng, first, [1.0] * len(first), size),
        "newsroom": make_text(rng, entries, [1.0 / (r + 8) ** 0.9 for r in range(len(entries))], size),
    }
    surfaces = sum(len(e.names) for e in entries)
    print(f"{len(entries)} entries ({surfaces} names and aliases), texts of "
          f"{sum(len(p) + 1 for p in texts['newsroom']) / 1e6:.1f} MB in "
          f"{len(texts['newsroom'])} paragraphs; generated in {time.perf_counter() - t0:.1f} s")  # fmt: skip
    print(f"machine: {platform.machine()}, Python {platform.python_version()}; best of {args.repeat}")

    results: dict[str, dict[int, float]] = {name: {} for name in texts}
    for n in sizes:
        chosen = entries[:n]
        start = time.perf_counter()
        matcher = Matcher((name, e.id, e.match_case) for e in chosen for name in e.names)
        built = time.perf_counter() - start
        line = [f"{n:>6} entries: automaton built in {built:5.2f} s"]
        for name, paragraphs in texts.items():
            seconds, found = time_find(matcher, paragraphs, args.repeat)
            results[name][n] = seconds
            line.append(f"{name}: {seconds:5.2f} s, {found} mentions")
        print(" | ".join(line), flush=True)
    lo, hi = min(sizes), max(sizes)
    summary = {name: round(r[hi] / r[lo], 3) for name, r in results.items()}
    for name, ratio in summary.items():
        print(f"{name}: {hi} entries take {ratio:.2f}x the time of {lo} (target <= 1.5)")
    print(json.dumps({"megabytes": args.megabytes, **{f"{name} {n}": round(s, 3) for name, r in results.items()
                      for n, s in r.items()}, **{f"ratio {name}": v for name, v in summary.items()}}))  # fmt: skip


if __name__ == "__main__":
    main()
