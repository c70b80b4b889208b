"""What a build holds in memory, and where: tracemalloc snapshots of one in-process build.

    python -m bench.memory bench/out/100x500-s1/plugin [--top 25] [--frames 1]
    python -m bench.memory bench/out/100x500-s1/plugin --rss

Builds the site once in this process with tracemalloc on, takes a snapshot after `on_env` (every
page rendered to HTML, the generated pages filled), after the last page is written and at the end
of `on_post_build`, and prints the traced size at each with the biggest allocating lines, plus the
traced peak. Works on the baseline site too. Traced sizes are Python allocations only (less than
the RSS `bench.run` reads) and tracing slows the build several times: use it to find holders, and
`bench.run` for the figures. With `--rss` nothing is traced: the build runs at full speed and
prints the process's resident memory (now and high-water mark) at the same points and every
quarter of the pages written, to see when the peak that `bench.run` reports happens.
"""

from __future__ import annotations

import argparse
import logging
import os
import tracemalloc
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import event_priority

MiB = 1024 * 1024


class _Probe:
    """A plugin whose hooks, last of all, take the snapshots."""

    def __init__(self, rss: bool) -> None:
        self.rss = rss
        self.snapshots: list[tuple[str, tracemalloc.Snapshot, int, int]] = []
        self.pages = 0
        self.total = 0

    def take(self, label: str) -> None:
        if self.rss:
            status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
            now, high = (int(status[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM"))
            print(f"{label:40} RSS {now:7.1f} MiB, peak so far {high:7.1f} MiB", flush=True)
            return
        current, peak = tracemalloc.get_traced_memory()
        self.snapshots.append((label, tracemalloc.take_snapshot(), current, peak))
        tracemalloc.reset_peak()  # The next figure is the peak of the next phase.

    @event_priority(1000)
    def on_env_first(self, env: Any, *, files: Any, **kwargs: Any) -> Any:
        self.total = len(files.documentation_pages())
        self.take("every page rendered, before on_env")
        return env

    @event_priority(-1000)
    def on_env(self, env: Any, **kwargs: Any) -> Any:
        self.take("after on_env")
        return env

    @event_priority(-1000)
    def on_post_page(self, output: str, **kwargs: Any) -> str:
        self.pages += 1
        if self.rss and self.pages in {self.total * k // 4 for k in (1, 2, 3)}:
            self.take(f"{self.pages} of {self.total} pages written")
        return output

    @event_priority(1000)
    def on_post_build(self, **kwargs: Any) -> None:
        self.take(f"after the last page ({self.pages} pages)")

    @event_priority(-1000)
    def on_post_build_last(self, **kwargs: Any) -> None:
        self.take("end of on_post_build")


def measure(site: Path, frames: int, rss: bool = False) -> tuple[_Probe, int]:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    cwd = os.getcwd()
    probe = _Probe(rss)
    try:
        os.chdir(site)
        config = load_config(str(site / "mkdocs.yml"))
        plugins = config.plugins
        plugins.events["env"].insert(0, probe.on_env_first)
        plugins.events["env"].append(probe.on_env)
        plugins.events["post_page"].append(probe.on_post_page)
        plugins.events["post_build"].insert(0, probe.on_post_build)
        plugins.events["post_build"].append(probe.on_post_build_last)
        plugins.on_startup(command="build", dirty=False)
        if not rss:
            tracemalloc.start(frames)
        build(config)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
    return probe, peak


def _short(filename: str) -> str:
    return "/".join(Path(filename).parts[-2:])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Biggest holders of memory during one build.")
    parser.add_argument("site", type=Path, help="folder holding the site's mkdocs.yml")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--frames", type=int, default=1, help="traceback depth kept per allocation")
    parser.add_argument("--rss", action="store_true", help="no tracing: resident memory at each point")
    args = parser.parse_args(argv)
    probe, peak = measure(args.site.resolve(), args.frames, args.rss)
    if args.rss:
        return
    print(f"traced peak of the whole build: {max(peak, *(s[3] for s in probe.snapshots)) / MiB:.1f} MiB")
    ignore = [
        tracemalloc.Filter(False, tracemalloc.__file__),
        tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
    ]
    key = "traceback" if args.frames > 1 else "lineno"
    previous: tracemalloc.Snapshot | None = None
    for label, snapshot, current, phase_peak in probe.snapshots:
        print(f"\n== {label}: {current / MiB:.1f} MiB traced (peak since the previous one {phase_peak / MiB:.1f} MiB)")
        snapshot = snapshot.filter_traces(ignore)
        for stat in snapshot.statistics(key)[: args.top]:
            where = " <- ".join(f"{_short(f.filename)}:{f.lineno}" for f in stat.traceback)
            print(f"  {stat.size / MiB:7.2f} MiB {stat.count:8} blocks  {where}")
        if previous is not None:
            print("  -- grown most since the previous point:")
            for diff in snapshot.compare_to(previous, key)[: args.top // 2]:
                where = " <- ".join(f"{_short(f.filename)}:{f.lineno}" for f in diff.traceback)
                print(f"  {diff.size_diff / MiB:+7.2f} MiB {diff.count_diff:+8} blocks  {where}")
        previous = snapshot


if __name__ == "__main__":
    main()
