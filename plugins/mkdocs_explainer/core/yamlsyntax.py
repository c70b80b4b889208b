"""YAML syntax errors in plain words: the cause, the line where the mistake is, and the fix.

The parser reports where it gave up ("did not find expected key", two lines below an unclosed
quote), in its own terms. Editors make a handful of mistakes over and over: a tab in the
indentation, a quote left open, a line indented to no level above it, a `: ` inside a value,
text after a closing quote. Each is recognised from the file's lines around the parser's mark,
and a guess about a quote is confirmed by closing it and parsing again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

Parse = Callable[[str], object]

_KEY_RE = re.compile(r"^(?P<lead>\s*(?:-\s+)*)(?P<key>[^\s\-#:\"'\[{][^:#]*?|\"[^\"]*\"|'[^']*'):(?:\s|$)")
"""A line that starts a key (maybe after list dashes): `  - title: …`."""
_VALUE_QUOTE_RE = re.compile(r"^\s*(?:-\s+)*(?:[^\s\-#:\"'\[{][^:#]*?:\s+)?(?P<q>[\"'])")
"""A value written in quotes, after `key: ` or `- `: where the quote opens."""
_VALUE_FLOW_RE = re.compile(r"^\s*(?:-\s+)*(?:[^\s\-#:\"'\[{][^:#]*?:\s+)?(?P<b>[\[{])")
"""A value written as a list `[a, b]` or a mapping `{a: b}` on one line: where it opens."""
_CLOSERS = {"[": "]", "{": "}"}
_SPECIAL_START = "@`%"
_ESCAPED = {'"': '\\"', "'": "''"}


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    line: int
    col: int
    message: str


def explain(text: str, exc: yaml.MarkedYAMLError, parse: Parse) -> SyntaxProblem:
    """The plain-words reading of the parse error `exc` in `text`; `parse` re-parses a repaired text."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else 0
    col = mark.column if mark else 0
    problem = exc.problem or ""
    lines = text.split("\n")
    for diagnose in _DIAGNOSES:
        found = diagnose(lines, line, col, problem, parse)
        if found is not None:
            return found
    context = f" ({exc.context})" if exc.context else ""
    return SyntaxProblem(
        line + 1, col + 1,
        f"this is not valid YAML ({problem or 'syntax error'}{context}); check the indentation, quotes and colons"
        " on this line and the one above",
    )  # fmt: skip


def _tab(lines: list[str], line: int, col: int, problem: str, parse: Parse) -> SyntaxProblem | None:
    # A tab anywhere in the indentation up to the error; the parser may stumble on it later.
    for i, text in enumerate(lines[: line + 1]):
        lead = text[: len(text) - len(text.lstrip(" \t-"))]
        if "\t" in lead:
            message = "this line is indented with a tab; YAML indents with spaces only: replace the tab with spaces"
            return SyntaxProblem(i + 1, lead.index("\t") + 1, message)
    if "tab" in problem or (line < len(lines) and lines[line][col : col + 1] == "\t"):
        message = "there is a tab here; YAML allows only spaces between the parts of a line: replace it with a space"
        return SyntaxProblem(line + 1, col + 1, message)
    return None


def _open_quote(text: str) -> int | None:
    """The column of a value's opening quote if the quote is not closed on the same line."""
    m = _VALUE_QUOTE_RE.match(text)
    if m is None:
        return None
    start = m.start("q")
    quote = m.group("q")
    i = start + 1
    while i < len(text):
        c = text[i]
        if quote == '"' and c == "\\":
            i += 2
            continue
        if c == quote:
            if quote == "'" and text[i + 1 : i + 2] == "'":
                i += 2  # '' is a quote inside single quotes
                continue
            return None
        i += 1
    return start


def _parses_further(lines: list[str], fixed: list[str], line: int, parse: Parse) -> bool:
    try:
        parse("\n".join(fixed))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark is not None and mark.line > line
    except yaml.YAMLError:
        return False
    return True


def _unclosed_quote(lines: list[str], line: int, col: int, problem: str, parse: Parse) -> SyntaxProblem | None:
    for i in range(min(line, len(lines) - 1), -1, -1):
        start = _open_quote(lines[i])
        if start is None:
            continue
        quote = lines[i][start]
        fixed = [*lines[:i], lines[i].rstrip() + quote, *lines[i + 1 :]]
        if _parses_further(lines, fixed, line, parse):
            message = (
                f"this value opens a quote (`{quote}`) that is not closed on its line: end the text with `{quote}`"
                f" (a `{quote}` inside the text is written `{_ESCAPED[quote]}`)"
            )
            return SyntaxProblem(i + 1, start + 1, message)
    return None


def _unclosed_bracket(lines: list[str], line: int, col: int, problem: str, parse: Parse) -> SyntaxProblem | None:
    for i in range(min(line, len(lines) - 1), -1, -1):
        m = _VALUE_FLOW_RE.match(lines[i])
        if m is None:
            continue
        opener = m.group("b")
        closer = _CLOSERS[opener]
        if lines[i].count(closer) >= lines[i].count(opener):
            continue
        fixed = [*lines[:i], lines[i].rstrip() + closer, *lines[i + 1 :]]
        if _parses_further(lines, fixed, line, parse):
            what = "list" if opener == "[" else "mapping"
            message = f"this {what} opens with `{opener}` but is not closed on its line: end it with `{closer}`"
            return SyntaxProblem(i + 1, m.start("b") + 1, message)
    return None


def _text_after_quote(lines: list[str], line: int, col: int, problem: str, parse: Parse) -> SyntaxProblem | None:
    if line >= len(lines) or "expected" not in problem:
        return None
    text = lines[line]
    before = text[:col].rstrip()
    m = _VALUE_QUOTE_RE.match(text)
    if m is None or not before.endswith(m.group("q")) or len(before) - 1 <= m.start("q"):
        return None
    quote = m.group("q")
    message = (
        f"the text goes on after its closing quote (`{quote}`): put the whole value in quotes and write"
        f" each `{quote}` inside it as `{_ESCAPED[quote]}`, or use the other kind of quotes around it"
    )
    return SyntaxProblem(line + 1, m.start("q") + 1, message)


def _colon_in_value(lines: list[str], line: int, col: int, problem: str, parse: Parse) -> SyntaxProblem | None:
    if "mapping values are not allowed" not in problem or line >= len(lines):
        return None
    text = lines[line]
    m = _KEY_RE.match(text)
    if m is None or m.end() > col:
        return None  # The colon the parser stopped at is the line's own key: an indentation mistake.
    key = m.group("key")
    value = text[m.end() :].strip()
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    example = f'{key}: "{escaped}"'
    fix = f": `{example}`" if len(example) <= 80 else ""
    message = f"the value of `{key}` contains `: `, which YAML reads as the start of a key:"
    message += f" put the whole value in quotes{fix}"
    return SyntaxProblem(line + 1, col + 1, message)


def _special_start(lines: list[str], line: int, col: int, problem: str, parse: Parse) -> SyntaxProblem | None:
    char = lines[line][col : col + 1] if line < len(lines) else ""
    if "cannot start any token" not in problem or char not in _SPECIAL_START or not char:
        return None
    message = f"a value cannot start with `{char}` in YAML: put the whole value in quotes"
    return SyntaxProblem(line + 1, col + 1, message)


def _indentation(lines: list[str], line: int, col: int, problem: str, parse: Parse) -> SyntaxProblem | None:
    if line >= len(lines) or not lines[line].strip():
        return None
    text = lines[line]
    indent = len(text) - len(text.lstrip(" "))
    levels = _open_levels(lines, line)
    if not levels or indent in {lvl for lvl, _, _ in levels}:
        return None
    # The key on the nearest line above is nearly always the one this line belongs with.
    level, key, n = levels[0]
    where = f"`{key}` on line {n + 1} ({_spaces(level)})"
    m = _KEY_RE.match(text)
    what = f"`{m.group('key')}`" if m else "it"
    message = (
        f"this line is indented by {_spaces(indent)}, which lines up with no key above it:"
        f" line {what} up with {where}"
    )
    return SyntaxProblem(line + 1, indent + 1, message)


def _open_levels(lines: list[str], line: int) -> list[tuple[int, str, int]]:
    """The keys still open above `line`, innermost first: (column, key, line index)."""
    levels: list[tuple[int, str, int]] = []
    for i in range(line - 1, -1, -1):
        text = lines[i]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        m = _KEY_RE.match(text)
        if m is None:
            continue
        column = len(m.group("lead"))
        if not levels or column < levels[-1][0]:
            levels.append((column, m.group("key"), i))
        if column == 0:
            break
    return levels


def _spaces(n: int) -> str:
    return "no spaces" if n == 0 else ("1 space" if n == 1 else f"{n} spaces")


_DIAGNOSES = (
    _tab, _unclosed_quote, _unclosed_bracket, _text_after_quote, _colon_in_value, _special_start, _indentation,
)
"""In order: a tab or an open quote can make any later line look wrong."""
