"""The declared minimum versions of the plugin's dependencies, as a pip constraints file.

`python scripts/min_versions.py > constraints.txt` pins every `name>=floor` of pyproject's
[project] dependencies to `name==floor`; `pip install -e '.[test]' -c constraints.txt` then installs
the oldest versions the package claims to work with, and the tests say whether that claim holds.
`--verify` (run with the environment's Python) checks that those versions are the ones installed.
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import version
from pathlib import Path

from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
_DEPENDENCIES = re.compile(r"(?ms)^dependencies = \[(.*?)^\]")
"""The [project] dependencies array (read by pattern: tomllib needs Python 3.11, the package 3.10)."""
_FLOOR = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)")


def floors() -> dict[str, str]:
    """Distribution name → declared minimum version, for each runtime dependency with a floor."""
    block = _DEPENDENCIES.search(PYPROJECT.read_text(encoding="utf-8"))
    assert block is not None, "pyproject.toml has no dependencies array"
    deps = re.findall(r'^\s*"([^"]+)"', block.group(1), re.M)
    found = {}
    for dep in deps:
        match = _FLOOR.match(dep)
        if match is None:
            raise SystemExit(f"pyproject.toml: dependency {dep!r} has no `>=` floor; give it one")
        found[match.group(1)] = match.group(2)
    return found


def main(argv: list[str]) -> int:
    if argv == ["--verify"]:
        wrong = [f"{n} {version(n)} (declared floor {v})" for n, v in floors().items() if Version(version(n)) != Version(v)]
        for line in wrong:
            print(f"not the minimum: {line}", file=sys.stderr)
        return 1 if wrong else 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    print("\n".join(f"{name}=={floor}" for name, floor in floors().items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
