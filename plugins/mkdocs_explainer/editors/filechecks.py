"""Warnings about one annotation file that the loader lets through.

The schema line editors' tools read, `reviewed` dates that went stale (or lie in the future),
and a source or link listed twice (a `TODO` left by `explainer new` is an error, in yamlnodes). Each file is
read again with the loader's own strict reader, to know where every value was written.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, warning
from ..core.loader import FOLDER_KINDS
from ..core.safefiles import under
from ..core.schema import FILE_SHAPES
from ..core.yamlnodes import Checked, _label, read
from ..mkdocs_adapter.sitecfg import SiteInfo, schema_file_at

SCHEMA_LINE_PREFIX = "# yaml-language-server: $schema="
FUTURE_SLACK = dt.timedelta(days=1)
"""An editor a time zone ahead may already live in tomorrow."""


@dataclass(frozen=True, slots=True)
class Freshness:
    today: dt.date
    max_age_days: int
    """0 turns the check of stale `reviewed` dates off."""


def schema_line(site: SiteInfo, path: Path, kind: str) -> str:
    """The first line a file of `kind` at `path` should start with."""
    return _schema_line(_schema_file(str(site.root), kind), _folder_of(path))


# Both of these are asked once per file with the same few folders: each answer is worked out once.
@functools.lru_cache(maxsize=1024)
def _schema_line(schema_file: str, folder: str) -> str:
    return SCHEMA_LINE_PREFIX + Path(os.path.relpath(schema_file, folder)).as_posix()


def _folder_of(path: Path) -> str:
    """`str(path.parent)`, as plain string work."""
    return os.path.dirname(os.fspath(path)) or "."


@functools.lru_cache(maxsize=64)
def _schema_file(root: str, kind: str) -> str:
    """`str(site.schema_file(kind))` for the site at `root`, worked out once."""
    return str(schema_file_at(Path(root), kind))


@functools.lru_cache(maxsize=1024)
def _points_to(schema_file: str, folder: str, target: str) -> bool:
    """Whether the schema line's `target`, read from `folder`, is `schema_file`."""
    points_to = Path(os.path.normpath(Path(folder) / target)) if "://" not in target else None
    return points_to == Path(os.path.normpath(schema_file))


def kind_of(site: SiteInfo, path: Path) -> str | None:
    rel = under(str(path), str(site.annotations_dir))  # `Path.relative_to`, as plain string work
    parts = rel.split("/") if rel is not None else []
    return FOLDER_KINDS.get(parts[0]) if len(parts) >= 2 else None


def file_warnings(
    site: SiteInfo,
    path: Path,
    text: str,
    valid: bool,
    fresh: Freshness,
    checked: Checked | None = None,
    rel: str | None = None,
) -> list[Diagnostic]:
    """Warnings for the annotation file at `path`; `valid` if the loader found no error in it.

    `checked`: the loader's own reading of `text`, if it kept one (else the file is read again);
    `rel`: `site.rel(path)`, if the caller has it already."""
    kind = kind_of(site, path)
    if kind is None:
        return []
    rel = site.rel(path) if rel is None else rel
    if valid and (checked is None or checked.path != rel):
        checked = read(rel, text, FILE_SHAPES[kind])
    return file_facts(site, path, rel, text, kind, checked).warnings(valid, fresh)


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What the warnings of one file depend on, apart from the day and whether the file is valid:
    `explainer check` keeps these across runs, for files whose bytes did not change."""

    schema: list[Diagnostic]
    """About the schema line (any file that could be decoded)."""
    repeated: list[Diagnostic] | None
    """Sources or links listed twice; None if the file did not read cleanly (no value to look at)."""
    reviewed: list[tuple[dt.date, str, int, int]] | None
    """Each `reviewed` date with its file, line and column; None as for `repeated`."""

    def warnings(self, valid: bool, fresh: Freshness) -> list[Diagnostic]:
        out = list(self.schema)
        if valid and self.repeated is not None and self.reviewed is not None:
            for day, path, line, col in self.reviewed:
                out += _reviewed(path, line, col, day, fresh)
            out += self.repeated
        return out


def file_facts(site: SiteInfo, path: Path, rel: str, text: str, kind: str, checked: Checked | None) -> FileFacts:
    """The `FileFacts` of `text`, the file at `path` of `kind`; `checked`: its clean reading, if any."""
    schema = _schema_line_warnings(site, path, rel, text, kind)
    if checked is None or checked.value is None or checked.diagnostics:
        return FileFacts(schema, None, None)
    repeated, reviewed = _value_facts(checked, kind)
    return FileFacts(schema, repeated, reviewed)


def _schema_line_warnings(site: SiteInfo, path: Path, rel: str, text: str, kind: str) -> list[Diagnostic]:
    # Plain string work: two `Path`s made and shown per file were most of this at 100,000 files.
    schema_file, folder = _schema_file(str(site.root), kind), _folder_of(path)
    text = text.lstrip("\ufeff")
    end = text.find("\n")
    first = (text if end < 0 else text[:end]).rstrip("\r")
    if not first.startswith(SCHEMA_LINE_PREFIX):
        expected = _schema_line(schema_file, folder)
        message = f"the first line should be `{expected}`, so that editors' tools check the file as you type"
        return [warning(rel, 1, 1, message)]
    target = first[len(SCHEMA_LINE_PREFIX) :].strip()
    if not _points_to(schema_file, folder, target):
        expected = _schema_line(schema_file, folder)
        message = f"the schema line points to `{target}`; for this folder it should be `{expected}`"
        return [warning(rel, 1, len(SCHEMA_LINE_PREFIX) + 1, message)]
    return []


def _value_facts(checked: Checked, kind: str) -> tuple[list[Diagnostic], list[tuple[dt.date, str, int, int]]]:
    repeated: list[Diagnostic] = []
    reviewed: list[tuple[dt.date, str, int, int]] = []
    value: dict[str, Any] = checked.value
    items: list[tuple[tuple[str | int, ...], dict[str, Any]]] = (
        [(("notes", i), note) for i, note in enumerate(value["notes"])] if kind == "notes" else [((), value)]
    )
    for where, item in items:
        reviewed.append((item["reviewed"], checked.path, *checked.loc(*where, "reviewed")))
        for key in ("sources", "links"):
            repeated += _repeated_urls(checked, (*where, key), item.get(key, []))
    return repeated, reviewed


def _reviewed(path: str, line: int, col: int, reviewed: dt.date, fresh: Freshness) -> list[Diagnostic]:
    age = (fresh.today - reviewed).days
    day = reviewed.isoformat()
    if reviewed > fresh.today + FUTURE_SLACK:
        message = f"`reviewed` is {day}, a date in the future; write the day you last checked it"
        return [warning(path, line, col, message)]
    if fresh.max_age_days and age > fresh.max_age_days:
        message = (
            f"`reviewed` is {day}, {age} days ago (more than {fresh.max_age_days}):"
            " check it against its sources, then update the date"
        )
        return [warning(path, line, col, message)]
    return []


def _repeated_urls(
    checked: Checked, where: tuple[str | int, ...], refs: list[dict[str, str]]
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    first: dict[str, int] = {}
    for i, ref in enumerate(refs):
        url = ref["url"].rstrip("/")
        if url in first:
            line, col = checked.loc(*where, i, "url")
            label = _label((*where, i))
            message = f"{label} repeats the address of item {first[url] + 1} ({ref['url']}); list each page once"
            out.append(warning(checked.path, line, col, message))
        else:
            first[url] = i
    return out
