"""Is a built site byte for byte the same after a change? A SHA-256 of every file, and a diff of two.

    python -m bench.sitehash build bench/out/100x500-s1/plugin /tmp/before.json
    python -m bench.sitehash diff /tmp/before.json /tmp/after.json

`build` runs `mkdocs build` on the site in a fresh process (with this interpreter, so with the code
on its path) into a temporary folder and writes `{relative path: sha256}` for every file written.
`SOURCE_DATE_EPOCH` is fixed so that MkDocs' compressed sitemap carries the same time in both runs.
`diff` prints the files that differ, are missing or are new, and exits 1 if there are any.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def hashes(root: Path) -> dict[str, str]:
    """The SHA-256 of every file under `root`, by path relative to it (sorted)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def build(site: Path, out: Path) -> dict[str, str]:
    """Builds `site` (its folder holds mkdocs.yml) in a fresh process; writes and returns its hashes."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764547200"}
    with tempfile.TemporaryDirectory(prefix="sitehash-") as tmp:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(site / "mkdocs.yml"), "-d", tmp],
                       env=env, cwd=site, check=True)  # fmt: skip
        result = hashes(Path(tmp))
    out.write_text(json.dumps(result, indent=0, sort_keys=True), encoding="utf-8")
    print(f"{len(result)} files hashed in {time.perf_counter() - start:.1f} s -> {out}")
    return result


def diff(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """One line per file that differs between two hash maps."""
    lines = [f"differs: {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    lines += [f"missing: {p}" for p in sorted(before.keys() - after.keys())]
    lines += [f"new:     {p}" for p in sorted(after.keys() - before.keys())]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="SHA-256 of every file of a built site, and a diff of two.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build a site and hash every file it writes")
    b.add_argument("site", type=Path, help="folder holding the site's mkdocs.yml")
    b.add_argument("out", type=Path, help="JSON file to write the hashes to")
    d = sub.add_parser("diff", help="compare two hash files")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "build":
        build(args.site.resolve(), args.out)
        return
    before = json.loads(args.before.read_text(encoding="utf-8"))
    after = json.loads(args.after.read_text(encoding="utf-8"))
    lines = diff(before, after)
    print("\n".join(lines) if lines else f"identical: {len(before)} files")
    raise SystemExit(1 if lines else 0)


if __name__ == "__main__":
    main()
