"""Strict YAML reading: a composed node tree checked against a `schema` shape.

PyYAML's `safe_load` keeps the last of two duplicate keys, reads `no` as false and `2026-01-01`
as a date, and expands anchors without limit. Validating the composed node tree instead gives
each value its own line and column, sees duplicates and YAML 1.1 surprises as they were written,
and refuses anchors before anything is expanded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import yamlsyntax
from .diagnostics import Diagnostic, error
from .render import markdown_problem
from .schema import (
    DATE_PATTERN,
    PLACEHOLDER,
    SLUG_PATTERN,
    URL_PATTERN,
    WIKIDATA_PATTERN,
    YES_NO_WORDS,
    ListOf,
    Mapping,
    Scalar,
    Shape,
)  # fmt: skip

try:  # The C parser is ~10x faster; the pure-Python one gives the same nodes and marks.
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

_STR = "tag:yaml.org,2002:str"
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: (*resolvers, *yaml.resolver.Resolver.yaml_implicit_resolvers.get(None, []))
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    if first is not None
}  # fmt: skip
"""YAML 1.1's implicit tags by a plain value's first character (PyYAML's own table, read once)."""


class _Loader(_Parser):
    """PyYAML's safe loader with its tag resolution made cheap: the C parser calls these three
    Python methods for every node, and at 100,000 files their generality (path resolvers, which
    nothing here registers) was a sixth of composing. Same tags as PyYAML's own `resolve`; taken
    from the table as PyYAML ships it, so another package adding a resolver to PyYAML's classes
    at run time does not change what an editor's file means."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


Loc = tuple[int, int]
"""1-based line and column."""

_TAG_NAMES = {
    "tag:yaml.org,2002:bool": "a yes/no value (true/false)",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:map": "a mapping of keys to values",
    "tag:yaml.org,2002:seq": "a list",
}
_YAML11_ONLY_NUMBER = re.compile(r"[_:]|^[-+]?0b")
"""Sexagesimal (`12:30`), underscores (`1_000`) and binary numbers exist only in YAML 1.1."""
_DATE_RE = re.compile(DATE_PATTERN)
_SLUG_RE = re.compile(SLUG_PATTERN)
_URL_RE = re.compile(URL_PATTERN)
_PLACEHOLDER_RE = re.compile(rf"\b{PLACEHOLDER}\b")
_WIKIDATA_RE = re.compile(WIKIDATA_PATTERN)
_YES_NO = frozenset(YES_NO_WORDS)
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters a value may not hold: all but tab and line feed, DEL and the C1 controls."""
# What PyYAML's reader refuses (it would say so at 1:1) plus NEL (U+0085), which it reads as a line
# break: controls but tab, line feed and carriage return, DEL, C1 controls, U+FFFE and U+FFFF.
_UNREADABLE_RE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_REPORTED = 10


@dataclass(slots=True)
class Checked:
    """The plain value read from a file, where each part of it was written, and what was wrong."""

    path: str
    value: Any = None
    locs: dict[tuple[str | int, ...], Loc] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    placeholders_ok: bool = False

    def loc(self, *keys: str | int) -> Loc:
        """The position of a value, or of its nearest enclosing value that has one."""
        while keys not in self.locs and keys:
            keys = keys[:-1]
        return self.locs.get(keys, (1, 1))


def read(path: str, text: str, shape: Mapping, *, placeholders_ok: bool = False) -> Checked:
    """Parse `text` (the file at `path`) and check it against `shape`.

    `placeholders_ok` lets `explainer new` check its own skeletons, which hold `TODO` on purpose.
    """
    out = Checked(path, placeholders_ok=placeholders_ok)
    if _unreadable(out, text):
        return out
    try:
        alias = _first_alias(text)
        if alias is not None:
            line, col = alias
            message = "YAML anchors and aliases (&name / *name) are not allowed: write the value out in full"
            out.diagnostics.append(error(path, line, col, message))
            return out
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        found = yamlsyntax.explain(text, exc, lambda fixed: yaml.compose(fixed, Loader=_Loader))
        out.diagnostics.append(error(path, found.line, found.col, found.message))
        return out
    except yaml.YAMLError as exc:
        out.diagnostics.append(error(path, 1, 1, f"YAML error: {exc}"))
        return out
    if node is None:
        out.diagnostics.append(error(path, 1, 1, "the file is empty"))
        return out
    out.value = _Walker(out).check(node, shape, ())
    return out


def _unreadable(out: Checked, text: str) -> bool:
    """Report control characters written raw in the file where they stand (the first few)."""
    found = 0
    for m in _UNREADABLE_RE.finditer(text):
        if found == MAX_REPORTED:
            break
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        message = f"the file contains the control character U+{ord(m.group()):04X}, which cannot be shown; delete it"
        out.diagnostics.append(error(out.path, line, col, message))
        found += 1
    return found > 0


def _first_alias(text: str) -> Loc | None:
    """Where the first `*alias` is used (1-based), found from parser events before anything is built."""
    if "*" not in text or "&" not in text:
        return None
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent) and mark is not None:
            return mark.line + 1, mark.column + 1
    return None


class _Walker:
    def __init__(self, out: Checked) -> None:
        self.out = out
        self.seen: set[int] = set()

    def err(self, node: yaml.Node, message: str) -> None:
        m = node.start_mark
        self.out.diagnostics.append(error(self.out.path, m.line + 1, m.column + 1, message))

    def check(self, node: yaml.Node, shape: Shape, where: tuple[str | int, ...]) -> Any:
        # A node reached twice is an alias (*name): refuse it instead of expanding it.
        if id(node) in self.seen:
            self.err(node, "YAML anchors and aliases (&name / *name) are not allowed: this value is reused elsewhere")
            return None
        self.seen.add(id(node))
        self.out.locs[where] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(shape, Mapping):
            return self.mapping(node, shape, where)
        if isinstance(shape, ListOf):
            return self.sequence(node, shape, where)
        return self.scalar(node, shape, where)

    def mapping(self, node: yaml.Node, shape: Mapping, where: tuple[str | int, ...]) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self.err(node, f"{_label(where)} should be a mapping of keys to values, not {_what(node)}")
            return None
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != _STR:
                self.err(key_node, f"keys must be plain words, not {_what(key_node)}")
                continue
            if key in first_seen:
                prev = first_seen[key].start_mark
                self.err(key_node, f"duplicate key `{key}` (first set on line {prev.line + 1})")
                continue
            first_seen[key] = key_node
            spec = shape.by_name.get(key)
            if spec is None:
                self.err(key_node, _unknown_key(key, shape))
                continue
            value = self.check(value_node, spec.shape, (*where, key))
            if value is not None:
                result[key] = value
        for spec in shape.fields:
            if spec.required and spec.name not in first_seen:
                self.err(node, f"missing required key `{spec.name}` ({spec.doc})")
        return result

    def sequence(self, node: yaml.Node, shape: ListOf, where: tuple[str | int, ...]) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            self.err(node, f"{_label(where)} should be a list (lines starting with `- `), not {_what(node)}")
            return None
        if len(node.value) < shape.min_items:
            self.err(node, f"{_label(where)} needs at least {shape.min_items} item(s)")
        if shape.max_items is not None and len(node.value) > shape.max_items:
            self.err(node, f"{_label(where)} has {len(node.value)} items; at most {shape.max_items} are allowed")
            return None
        items = [self.check(item, shape.item, (*where, i)) for i, item in enumerate(node.value)]
        return [item for item in items if item is not None]

    def scalar(self, node: yaml.Node, shape: Scalar, where: tuple[str | int, ...]) -> Any:
        # The label is built only for a message: most values have none, and this runs per value.
        if not isinstance(node, yaml.ScalarNode):
            self.err(node, f"{_label(where)} should be {_expected(shape)}, not {_what(node)}")
            return None
        raw: str = node.value
        kind = shape.kind
        if kind == "bool":
            # `True` and `FALSE` too: YAML 1.1 and 1.2 (editors' tools) both read them as booleans.
            if node.tag == "tag:yaml.org,2002:bool" and raw.lower() in ("true", "false"):
                return raw.lower() == "true"
            self.err(node, f"{_label(where)} should be `true` or `false`, not `{raw}`")
            return None
        if kind == "date":
            if _DATE_RE.fullmatch(raw):
                try:
                    return dt.date.fromisoformat(raw)
                except ValueError:
                    pass
            self.err(node, f"{_label(where)} should be a date written YYYY-MM-DD, not `{raw}`")
            return None
        if raw in _YES_NO:
            # Quoted or not: JSON Schema tools cannot see the quotes, and a lone yes/no is never the text meant.
            label = _label(where)
            message = f"{label} is only the word `{raw}`, which YAML reads as yes or no: write the text it stands for"
            self.err(node, message)
            return None
        if node.tag != _STR and not _text_in_yaml_12(node):
            label = _label(where)
            what = _TAG_NAMES.get(node.tag, "a non-text value")
            if node.tag == "tag:yaml.org,2002:null" and raw == "":
                self.err(node, f"{label} is empty")
            else:
                self.err(node, f'{label}: YAML reads `{raw}` as {what}; put it in quotes: "{raw}"')
            return None
        stripped = raw.strip()
        if not stripped:
            self.err(node, f"{_label(where)} is empty")
            return None
        if len(stripped) < shape.min_length:
            self.err(node, f"{_label(where)} `{raw}` is too short: write at least {shape.min_length} characters")
            return None
        if shape.max_length is not None and len(raw) > shape.max_length:
            self.err(node, f"{_label(where)} is {len(raw)} characters long; at most {shape.max_length} are allowed")
            return None
        if kind == "choice" and raw not in shape.choices:
            label = _label(where)
            self.err(node, f"{label} must be one of {', '.join(shape.choices)}; not `{raw}`{_did_you_mean(raw, shape)}")
            return None
        if kind == "slug" and not _SLUG_RE.fullmatch(raw):
            self.err(node, f"{_label(where)} `{raw}` should be lowercase words joined by hyphens, e.g. `first-round`")
            return None
        if kind == "wikidata" and not _WIKIDATA_RE.fullmatch(raw):
            self.err(node, f"{_label(where)} `{raw}` should be a Wikidata item id: Q and digits, e.g. `Q212`")
            return None
        if kind == "url" and not _URL_RE.fullmatch(raw):
            label = _label(where)
            self.err(node, f"{label} `{raw}` should be a full address starting with https:// (or http://, mailto:)")
            return None
        control = _CONTROL_RE.search(raw)
        if control is not None:
            code = f"U+{ord(control.group()):04X}"
            self.err(node, f"{_label(where)} contains the control character {code}, which cannot be shown; delete it")
            return None
        if not shape.markup_chars and ("<" in raw or ">" in raw):
            self.err(node, f"{_label(where)} `{raw}` contains `<` or `>`: it is the title of a page, which the theme"
                     " may read as HTML; write it without them")  # fmt: skip
        if not self.out.placeholders_ok and PLACEHOLDER in raw and _PLACEHOLDER_RE.search(raw):
            # Unfinished work must not reach readers: a placeholder stops the build, not only --strict.
            label = _label(where)
            message = f"{label} still holds the placeholder `{PLACEHOLDER}` from `explainer new`: {_fill_in(shape)}"
            self.err(node, message)
            return None
        if kind == "markdown" and (problem := markdown_problem(raw)):
            self.err(node, f"{_label(where)} {problem}")
            return None
        return raw


def _label(where: tuple[str | int, ...]) -> str:
    if not where:
        return "the file"
    parts = [f"[{p + 1}]" if isinstance(p, int) else ("." + p if i else p) for i, p in enumerate(where)]
    return "`" + "".join(parts) + "`"


def _what(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _TAG_NAMES.get(node.tag, "a value") + f" (`{node.value}`)"


def _text_in_yaml_12(node: yaml.Node) -> bool:
    """A plain value YAML 1.1 reads as a date or a number, but YAML 1.2 (editors' tools, the JSON
    Schemas) reads as text: `2026-11-30`, `12:30`, `1_000`. Taken as written, so both agree."""
    if node.tag == "tag:yaml.org,2002:timestamp":
        return True
    number = node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    return number and bool(_YAML11_ONLY_NUMBER.search(node.value))


def _did_you_mean(raw: str, shape: Scalar) -> str:
    """`Organization` → `organisation`: capitals, US spellings and small slips."""
    def key(word: str) -> str:
        return word.casefold().replace("z", "s").rstrip("s")

    same = [c for c in shape.choices if key(c) == key(raw)]
    close = same or difflib.get_close_matches(raw.casefold(), shape.choices, n=1, cutoff=0.7)
    return f"; did you mean `{close[0]}`?" if close else ""


def _fill_in(shape: Scalar) -> str:
    if shape.kind == "url":
        return "write the full address of the page in its place"
    return f"write the real text in place of `{PLACEHOLDER}` and of the hint after it"


def _expected(shape: Scalar) -> str:
    return {"bool": "true or false", "date": "a date (YYYY-MM-DD)"}.get(shape.kind, "text")


def _unknown_key(key: str, shape: Mapping) -> str:
    names = [f.name for f in shape.fields]
    close = difflib.get_close_matches(key, names, n=1)
    hint = f"; did you mean `{close[0]}`?" if close else f"; expected one of: {', '.join(names)}"
    return f"unknown key `{key}`{hint}"
