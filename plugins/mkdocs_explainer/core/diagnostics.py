"""The one type for editors' errors and warnings, and the formats they are printed in.

Every message an editor can see is a `Diagnostic`; the loader, the linker and the CLI only
create them, and the functions here only print them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem at one place in an editor's file (line and column are 1-based)."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def text(self) -> str:
        """`file:line:col: severity: message`, the format editors and their tools read."""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def github(self) -> str:
        """A GitHub Actions workflow command that shows the problem on the pull request's diff."""
        command = "error" if self.severity == "error" else "warning"
        props = (
            f"file={_escape_property(self.path)},line={self.line},col={self.col},"
            f"title={_escape_property('explainer ' + self.severity)}"
        )
        return f"::{command} {props}::{_escape_data(self.message)}"


def error(path: str, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, "error", message)


def warning(path: str, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, "warning", message)


def errors_only(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def report(diagnostics: Iterable[Diagnostic]) -> str:
    """All diagnostics, sorted by place, one per line, then a summary line."""
    items = sorted(set(diagnostics))
    n_err = sum(1 for d in items if d.severity == "error")
    n_warn = len(items) - n_err
    lines = [d.text() for d in items]
    lines.append(f"{_count(n_err, 'error')}, {_count(n_warn, 'warning')}")
    return "\n".join(lines)


class AnnotationError(Exception):
    """Every error of a run, in one exception; an engine adapter turns it into the engine's own error."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(set(diagnostics))
        super().__init__("explainer: invalid annotations\n" + report(self.diagnostics))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
