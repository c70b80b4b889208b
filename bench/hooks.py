"""Where a plugin build spends its time: each `explainer` hook, the linking step and the rest of MkDocs.

    python -m bench.hooks bench/out/500x2000-s1/plugin
    python -m bench.hooks bench/out/100x500-s1/plugin --serve --edit summary
    python -m bench.hooks bench/out/100x500-s1/plugin --serve --before /tmp/main/plugins --repeat 3

Builds the site once in this process with every plugin event handler (explainer, search) and the
linking tree processor wrapped in timers (wall and CPU), and prints a table; works on the baseline
site too, for comparison. CPU time (`time.process_time`) is
reported because it varies less than wall time on a shared machine.

`--serve` builds as `mkdocs serve` does (`on_startup` once, a first build, then a fresh config and a
rebuild) and times the rebuild, the work every serve rebuild repeats; `--edit summary` changes one
person's summary before it (the file is put back after). The table then also has rows for the
plugin's site-wide steps inside the hooks (`STEPS`, indented: they overlap the hook rows); `--steps`
adds those rows to a full build.

`--before` is a `plugins/` folder of older code (`git archive main plugins | tar -x -C /tmp/main`):
old and new code then run alternately in fresh processes, `--repeat` times each, and the table gives
each row's median CPU on both sides.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

Totals = dict[str, list[float]]
REPO = Path(__file__).resolve().parent.parent

STEPS = (
    "mkdocs_explainer.core.loader:AnnotationLoader.load",
    "mkdocs_explainer.core.matcher:Matcher.__init__",
    "mkdocs_explainer.mkdocs_adapter.plugin:generated_files",
    "mkdocs_explainer.mkdocs_adapter.plugin:site_clashes",
    "mkdocs_explainer.mkdocs_adapter.plugin:ExplainerPlugin._index_mentions",
    "mkdocs_explainer.mkdocs_adapter.plugin:ExplainerPlugin._link_entries",
    "mkdocs_explainer.core.entrypage:link_entries",
    "mkdocs_explainer.core.entrypage:related_entries",
    "mkdocs_explainer.mkdocs_adapter.plugin:ExplainerPlugin._passage_targets",
    "mkdocs_explainer.mkdocs_adapter.plugin:ExplainerPlugin._generated_html",
    "mkdocs_explainer.mkdocs_adapter.plugin:ExplainerPlugin._with_previews",
    "mkdocs_explainer.core.sitedata:gather",
    "mkdocs_explainer.mkdocs_adapter.plugin:ExplainerPlugin._json_ld",
    "mkdocs_explainer.core.structured:with_json_ld",
    "mkdocs_explainer.core.webanno:annotate_page",
    "mkdocs_explainer.core.webanno:write_exports",
    "mkdocs_explainer.mkdocs_adapter.csp:with_policy",
    "mkdocs_explainer.mkdocs_adapter.staging:Stage.commit",
    "mkdocs_explainer.mkdocs_adapter.plugin:ExplainerPlugin._card_parts",
    "mkdocs_explainer.mkdocs_adapter.postpage:fill_slot",
    "mkdocs_explainer.mkdocs_adapter.postpage:mention_ids",
    "mkdocs_explainer.mkdocs_adapter.packedcontent:_Packed.__get__",
    "mkdocs_explainer.mkdocs_adapter.packedcontent:_Packed.__set__",
    "mkdocs_explainer.core.previews:passage_contexts",
    "mkdocs_explainer.core.previews:mark_links",
    "mkdocs_explainer.core.webanno:read_page",
    "mkdocs_explainer.core.webanno:selector",
)
"""Functions timed inside the hooks (`module:qualified name`); a name the code lacks is skipped."""


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


def _wrap_steps(totals: Totals) -> list[tuple[Any, str, Any]]:
    """Wraps each of `STEPS` that exists; returns (owner, attribute, original) to put back."""
    undo = []
    for spec in STEPS:
        module_name, _, qualname = spec.partition(":")
        try:
            owner: Any = importlib.import_module(module_name)
        except ImportError:
            continue
        *path, attr = qualname.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        original = getattr(owner, attr, None) if owner is not None else None
        if original is None:
            continue
        setattr(owner, attr, _timed("  " + qualname, original, totals))
        undo.append((owner, attr, original))
    return undo


def _edit(site: Path, kind: str) -> tuple[Path, str]:
    """Makes the edit `kind` in `site`; returns the file and its text before, to put back."""
    if kind != "summary":
        raise SystemExit(f"unknown edit {kind!r} (known: summary)")
    path = sorted((site / "annotations" / "people").glob("*.yml"))[0]
    text = path.read_text(encoding="utf-8")
    edited = text.replace("summary: >-\n  ", "summary: >-\n  Edited. ", 1)
    if edited == text:
        raise SystemExit(f"{path}: no `summary: >-` to edit")
    path.write_text(edited, encoding="utf-8")
    return path, text


def profile_build(
    site: Path, serve: bool = False, edit: str | None = None, steps: bool = False
) -> tuple[Totals, float, float]:
    """Build `site` once (`serve`: build, then time a serve-style rebuild); returns per-step
    [wall, cpu, calls] and the timed build's wall and cpu. `steps`: time `STEPS` in a full build too."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs_explainer.core import linker

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    totals: Totals = defaultdict(lambda: [0.0, 0.0, 0])
    cwd = os.getcwd()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    restore: tuple[Path, str] | None = None
    undo: list[tuple[Any, str, Any]] = []
    try:
        os.chdir(site)
        config = load_config(str(site / "mkdocs.yml"))
        config.plugins.on_startup(command="serve" if serve else "build", dirty=False)
        startup = config
        if serve:
            build(config)
            if edit:
                restore = _edit(site, edit)
            config = load_config(str(site / "mkdocs.yml"))
        undo = [(linker.LinkingTreeprocessor, "run", linker.LinkingTreeprocessor.run)]
        linker.LinkingTreeprocessor.run = _timed("linking (tree processor)", linker.LinkingTreeprocessor.run, totals)  # type: ignore[method-assign]
        plugins = config.plugins
        owners = {id(plugin): name for name, plugin in plugins.items()}
        for event, methods in plugins.events.items():
            for i, method in enumerate(methods):
                owner = owners.get(id(getattr(method, "__self__", None)), "?")
                methods[i] = _timed(f"{owner}: on_{event}", method, totals)
        if serve or steps:
            undo += _wrap_steps(totals)
        w, c = time.perf_counter(), time.process_time()
        build(config)
        wall, cpu = time.perf_counter() - w, time.process_time() - c
        startup.plugins.on_shutdown()
    finally:
        for owner, attr, original in reversed(undo):
            setattr(owner, attr, original)
        if restore is not None:
            restore[0].write_text(restore[1], encoding="utf-8")
        os.chdir(cwd)
    return totals, wall, cpu


def _rows(totals: Totals, cpu: float) -> dict[str, float]:
    rows = {name: c for name, (_, c, _) in totals.items()}
    rows["whole build"] = cpu
    # The tree processor runs inside MkDocs' Markdown conversion, not inside a hook.
    rows["explainer (sum of its hook rows)"] = sum(
        c for name, c in rows.items() if name.startswith(("explainer", "linking"))
    )
    return rows


def _child(site: Path, plugins: Path, serve: bool, edit: str | None) -> dict[str, float]:
    args = [str(site), "--json"] + (["--serve"] if serve else []) + (["--edit", edit] if edit else [])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join([str(plugins), str(REPO)])}
    out = subprocess.run([sys.executable, "-m", "bench.hooks", *args], env=env, cwd=REPO,
                         capture_output=True, text=True, check=False)  # fmt: skip
    if out.returncode != 0:
        raise SystemExit(out.stderr[-4000:])
    rows: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return rows


def compare(site: Path, before: Path, repeat: int, serve: bool, edit: str | None) -> None:
    """Old and new code alternately in fresh processes; each row's median CPU on both sides."""
    sides = {"before": before.resolve(), "after": REPO / "plugins"}
    runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for i in range(repeat):
        for side, plugins in sides.items():
            rows = _child(site, plugins, serve, edit)
            runs[side].append(rows)
            mine = rows["explainer (sum of its hook rows)"]
            print(f"  run {i + 1} {side:6}: whole build {rows['whole build']:7.2f} s CPU, explainer "
                  f"{mine:6.2f} s (load {os.getloadavg()[0]:.1f})", flush=True)  # fmt: skip
            print(f"  {json.dumps(rows)}", flush=True)  # every row of the run, should the comparison stop
    names = list(dict.fromkeys(n for side in runs.values() for rows in side for n in rows))

    def median(side: str, name: str) -> float | None:
        values = [rows[name] for rows in runs[side] if name in rows]
        return statistics.median(values) if values else None

    print(f"\nmedian CPU seconds of {repeat} runs each\n{'step':58} {'before':>8} {'after':>8}")
    order = sorted(names, key=lambda n: (n.startswith("  "), -(median("before", n) or 0.0)))
    for name in order:
        b, a = median("before", name), median("after", name)
        print(f"{name:58} {'—' if b is None else f'{b:8.2f}':>8} {'—' if a is None else f'{a:8.2f}':>8}")
    print(json.dumps({side: {n: median(side, n) for n in names} for side in runs}))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time spent in each explainer hook during one build.")
    parser.add_argument("site", type=Path, help="folder holding the plugin site's mkdocs.yml")
    parser.add_argument("--serve", action="store_true", help="time a serve-style rebuild, with the plugin's steps")
    parser.add_argument("--edit", choices=["summary"], help="with --serve: edit before the rebuild")
    parser.add_argument("--before", type=Path, help="plugins/ folder of the code to compare with")
    parser.add_argument("--repeat", type=int, default=3, help="with --before: runs of each side")
    parser.add_argument("--steps", action="store_true", help="time the plugin's steps in a full build too")
    parser.add_argument("--json", action="store_true", help="print one JSON line of CPU seconds per row")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if args.before:
        compare(site, args.before, args.repeat, args.serve, args.edit)
        return
    totals, wall, cpu = profile_build(site, args.serve, args.edit, args.steps)
    if args.json:
        print(json.dumps(_rows(totals, cpu)))
        return
    print(f"{'step':50} {'calls':>6} {'wall s':>8} {'cpu s':>8} {'cpu %':>6}")
    rows = sorted(totals.items(), key=lambda kv: (kv[0].startswith("  "), -kv[1][1]))
    for name, (w, c, n) in rows:
        print(f"{name:50} {int(n):6} {w:8.2f} {c:8.2f} {100 * c / cpu:6.1f}")
    plugin_cpu = _rows(totals, cpu)["explainer (sum of its hook rows)"]
    print(f"{'whole build':50} {'':6} {wall:8.2f} {cpu:8.2f} {100.0:6.1f}")
    print(f"{'explainer (sum of its hook rows)':50} {'':6} {'':8} {plugin_cpu:8.2f} {100 * plugin_cpu / cpu:6.1f}")


if __name__ == "__main__":
    main()
