"""The check's output on GitHub Actions: annotations for what the pull request changed, first,
and every problem in the job summary.

GitHub shows at most 10 error and 10 warning annotations per step and drops the rest without a
word. So problems on lines the pull request changed come first, then those in files it changed,
then the others; annotations beyond the limit are printed as plain lines with a notice that says
how many were cut; and the job summary (`$GITHUB_STEP_SUMMARY`) gets a table of all of them.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Diagnostic

ANNOTATION_LIMIT = 10
"""Per severity and per step, as GitHub documents it."""
_HUNK_RE = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass(slots=True)
class Changes:
    """Lines added or changed since the base, by path relative to the folder git ran in."""

    lines: dict[str, set[int]] = field(default_factory=dict)

    def rank(self, d: Diagnostic) -> int:
        changed = self.lines.get(d.path)
        if changed is None:
            return 2
        return 0 if d.line in changed else 1


def changed_lines(base: str, cwd: Path) -> Changes:
    """`git diff` against `base` (a commit, branch or `origin/main`), working tree included.
    Raises `ValueError` with git's own words when git cannot tell (no repository, unknown base)."""
    try:
        result = subprocess.run(
            ["git", "diff", "--relative", "--unified=0", "--no-color", "--no-ext-diff", base, "--"],
            cwd=cwd, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ValueError(f"cannot run git: {exc}") from exc
    if result.returncode != 0:
        raise ValueError(result.stderr.strip() or f"git diff {base} failed")
    return parse_diff(result.stdout)


def parse_diff(text: str) -> Changes:
    changes = Changes()
    current: set[int] | None = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            target = line[4:]
            current = None if target == "/dev/null" else changes.lines.setdefault(target.removeprefix("b/"), set())
        elif current is not None and (m := _HUNK_RE.match(line)):
            start, count = int(m.group(1)), int(m.group(2) or "1")
            current.update(range(start, start + count))
    return changes


def annotation_lines(diagnostics: Iterable[Diagnostic], changes: Changes | None) -> list[str]:
    """Workflow commands for the first `ANNOTATION_LIMIT` errors and warnings, changed lines
    first; plain `file:line:col` lines for the rest, and a notice when some were cut."""
    ordered = sorted(diagnostics, key=lambda d: (changes.rank(d) if changes else 0, d))
    shown = {"error": 0, "warning": 0}
    out: list[str] = []
    rest: list[str] = []
    for d in ordered:
        if shown[d.severity] < ANNOTATION_LIMIT:
            shown[d.severity] += 1
            out.append(d.github())
        else:
            rest.append(d.text())
    if rest:
        out.append(
            f"::notice title=explainer::{len(rest)} more problems are not annotated (GitHub shows"
            f" {ANNOTATION_LIMIT} errors and {ANNOTATION_LIMIT} warnings per step): they are listed below"
            " and in the job summary"
        )
        out += rest
    return out


def summary(diagnostics: list[Diagnostic], headline: str, changes: Changes | None) -> str:
    """The job summary: a headline, then one table row per problem, changed lines first."""
    lines = ["## explainer check", "", headline, ""]
    if not diagnostics:
        return "\n".join(lines) + "\n"
    lines += ["| | Where | Problem |", "|---|---|---|"]
    for d in sorted(diagnostics, key=lambda d: (changes.rank(d) if changes else 0, d)):
        mark = "❌ error" if d.severity == "error" else "⚠️ warning"
        changed = " (changed)" if changes is not None and changes.rank(d) == 0 else ""
        lines.append(f"| {mark} | `{_cell(d.path)}:{d.line}:{d.col}`{changed} | {_cell(d.message)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text that stays inside one Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")
