"""The hostile sizes of issue 12, before and after: each case in fresh processes, old and new code alternately.

    python -m bench.cliffs --before /tmp/old/plugins --repeat 3

`--before` is a `plugins/` folder of the older code (`git archive <commit> plugins | tar -x -C /tmp/old`);
it goes first on the child's PYTHONPATH, so the child imports that `mkdocs_explainer`. Each child
runs one case (the plugin's Markdown extension on a generated page, or the editors' renderer) and
the parent reads its wall time and peak RSS (`wait4`). Prints medians and one JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

CASES = ("note-5mb", "note-20mb", "no-note-20mb", "link-8k", "markdown-brackets")


def _names(count: int) -> list[str]:
    rng = random.Random(12)
    syllables = ("ba", "ko", "ri", "nu", "te", "sha", "vo", "li", "me", "dra", "zu", "pe")
    names: set[str] = set()
    while len(names) < count:
        names.add(" ".join("".join(rng.choice(syllables) for _ in range(3)).capitalize() for _ in range(2)))
    return sorted(names)


def _article(megabytes: float, names: list[str]) -> str:
    """Paragraphs of ~600 characters with emphasis, links and mentions, as in the issue's report."""
    rng = random.Random(3)
    words = ("the", "talks", "would", "resume", "after", "a", "pause", "of", "days", "officials")
    out, size = [], 0
    while size < megabytes * 1_000_000:
        para = " ".join(
            " ".join(rng.choice(words) for _ in range(10)) + f" *{rng.choice(words)}* {rng.choice(names)}."
            for _ in range(8)
        )
        out.append(para)
        size += len(para) + 2
    return "\n\n".join(out)


def child(case: str) -> None:
    from markdown import Markdown
    from mkdocs_explainer.core import render
    from mkdocs_explainer.core.linker import ExplainerExtension, PageJob, once
    from mkdocs_explainer.core.matcher import Matcher
    from mkdocs_explainer.core.model import Entry, Note

    if case == "markdown-brackets":
        body = "![" * 10_000
        check = getattr(render, "markdown_problem", None)
        if check is None or check(body) is None:  # before: rendered; after: refused by the loader
            render.markdown(body)
        return
    count = int(os.environ.get("CLIFF_ENTRIES", "8000")) if case == "link-8k" else 50
    names = _names(count)
    entries = {
        f"e{i}": Entry(id=f"e{i}", type="term", name=n, aliases=(), summary="s", sources=(),
                       reviewed=dt.date(2026, 1, 1), source_path="x.yml", kind="place")
        for i, n in enumerate(names)
    }  # fmt: skip
    notes = []
    if case == "link-8k":
        text = ", ".join(f"{n} *said*" for n in names) + "."
    else:
        text = _article(5 if case == "note-5mb" else 20, names) + "\n\nA closing line with the quoted words in it.\n"
        if not case.startswith("no-note"):
            notes = [Note(id="n", article="a.md", quote="the quoted words", title="T", body="b", sources=(),
                          reviewed=dt.date(2026, 1, 1), source_path="x.yml", loc=(1, 1))]  # fmt: skip
    job = PageJob(
        src_uri="a.md", mode="first", entries=entries, matcher=Matcher((e.name, e.id, True) for e in entries.values()),
        notes=notes, href_for=lambda e: f"{e.id}.md", finish=lambda job: "",
    )  # fmt: skip
    Markdown(extensions=["attr_list", ExplainerExtension(once(job))]).convert(text)
    assert len(job.placed) == len(notes), job.note_problems


def run(case: str, plugins: Path) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugins), str(Path(__file__).parent.parent)])}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bench.cliffs", "--child", case], env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{case} failed with {plugins}")
    return wall, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="plugins/ folder of the code to compare with")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return
    after = Path(__file__).parent.parent / "plugins"
    sides = {"before": args.before, "after": after} if args.before else {"after": after}
    results = {}
    for case in args.cases.split(","):
        runs: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
        for _ in range(args.repeat):
            for side, plugins in sides.items():
                runs[side].append(run(case, plugins))
        row = {
            side: {"wall_s": round(statistics.median(r[0] for r in rs), 2),
                   "peak_mib": round(statistics.median(r[1] for r in rs), 1)}
            for side, rs in runs.items()
        }  # fmt: skip
        results[case] = row
        print(case, row, f"load {os.getloadavg()[0]:.1f}", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
