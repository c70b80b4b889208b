"""Where a plugin build spends its time: each `explainer` hook, the linking step and the rest of MkDocs.

    python -m bench.hooks bench/out/500x2000-s1/plugin

Builds the site once in this process with every plugin event handler (explainer, search) and the
linking tree processor wrapped in timers (wall and CPU), and prints a table; works on the baseline
site too, for comparison. CPU time (`time.process_time`) is
reported because it varies less than wall time on a shared machine.
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs_explainer.core import linker

Totals = dict[str, list[float]]


def _timed(name: str, fn: Callable[..., Any], totals: Totals) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        w, c = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            t = totals[name]
            t[0] += time.perf_counter() - w
            t[1] += time.process_time() - c
            t[2] += 1

    return wrapper


def profile_build(site: Path) -> tuple[Totals, float, float]:
    """Build `site` once; returns per-step [wall, cpu, calls] and the whole build's wall and cpu."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    totals: Totals = defaultdict(lambda: [0.0, 0.0, 0])
    cwd = os.getcwd()
    original_run = linker.LinkingTreeprocessor.run
    linker.LinkingTreeprocessor.run = _timed("linking (tree processor)", original_run, totals)  # type: ignore[method-assign]
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        os.chdir(site)
        config = load_config(str(site / "mkdocs.yml"))
        plugins = config.plugins
        owners = {id(plugin): name for name, plugin in plugins.items()}
        for event, methods in plugins.events.items():
            for i, method in enumerate(methods):
                owner = owners.get(id(getattr(method, "__self__", None)), "?")
                methods[i] = _timed(f"{owner}: on_{event}", method, totals)
        plugins.on_startup(command="build", dirty=False)
        w, c = time.perf_counter(), time.process_time()
        build(config)
        wall, cpu = time.perf_counter() - w, time.process_time() - c
        config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
        linker.LinkingTreeprocessor.run = original_run  # type: ignore[method-assign]
    return totals, wall, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time spent in each explainer hook during one build.")
    parser.add_argument("site", type=Path, help="folder holding the plugin site's mkdocs.yml")
    args = parser.parse_args(argv)
    totals, wall, cpu = profile_build(args.site.resolve())
    print(f"{'step':32} {'calls':>6} {'wall s':>8} {'cpu s':>8} {'cpu %':>6}")
    rows = sorted(totals.items(), key=lambda kv: -kv[1][1])
    for name, (w, c, n) in rows:
        print(f"{name:32} {int(n):6} {w:8.2f} {c:8.2f} {100 * c / cpu:6.1f}")
    # The tree processor runs inside MkDocs' Markdown conversion, not inside a hook.
    plugin_cpu = sum(c for name, (_, c, _) in totals.items() if name.startswith(("explainer", "linking")))
    print(f"{'whole build':32} {'':6} {wall:8.2f} {cpu:8.2f} {100.0:6.1f}")
    print(f"{'explainer (sum of its rows)':32} {'':6} {'':8} {plugin_cpu:8.2f} {100 * plugin_cpu / cpu:6.1f}")


if __name__ == "__main__":
    main()
