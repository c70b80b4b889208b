"""One Python child process for a benchmark: it runs `code`, whose last printed line is JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def child_json(code: str) -> Any:
    """The JSON of the last line `code` prints, run by this interpreter in a fresh process from the
    repository (so `bench` imports); a failed child ends the benchmark with its error."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-4000:])
    return json.loads(out.stdout.strip().splitlines()[-1])
