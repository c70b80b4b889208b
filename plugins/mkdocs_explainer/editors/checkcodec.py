"""One annotation file's check results as plain JSON values and back, for `explainer check`'s cache.

A record is what the loader and `filechecks` found in a person or term file whose bytes are known:
its errors, its entry (if it has no error) and the facts its warnings depend on. Paths are not
stored: the caller knows which file a record is for and gives its path back on decoding. Dates are
ISO strings, tuples are lists. An entry's summary, body and further links are not kept (a decoded
entry has them empty): no check reads them once the file is read (its warnings are in its facts),
and they were most of the records' bytes. So a decoded entry serves the check only, never a build.
The cache checks each file's digest (or `stat`) before anything is decoded, so
decoding only unpacks (a record of the wrong shape raises `ValueError`, `TypeError`, `KeyError` or
`IndexError`), at a few microseconds a record: a warm check decodes 100,000 of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core.diagnostics import Diagnostic
from ..core.model import Entry, Image, Reference
from .filechecks import FileFacts

Json = Any
_SEVERITIES = ("error", "warning")


def encode(diagnostics: list[Diagnostic], entry: Entry | None, facts: FileFacts | None) -> Json:
    return [
        [[d.line, d.col, d.severity, d.message] for d in diagnostics],
        None if entry is None else _entry(entry),
        None if facts is None else _facts(facts),
    ]


def loader_part(record: Json, path: str) -> tuple[list[Diagnostic], Entry | None]:
    """The diagnostics and the entry of an encoded record, for the file the loader names `path`."""
    diags, entry = record[0], record[1]
    # The sources serve only the warnings about them; when those are stored (`with_derived`), the
    # cache gives them instead (`CheckCache.derived`): not decoded, ~3 % of a warm check.
    with_sources = len(record) <= 3
    return [_diagnostic(path, d) for d in diags], None if entry is None else _un_entry(entry, path, with_sources)


def facts_part(record: Json, path: str) -> FileFacts | None:
    """The facts of an encoded record, for the file the check names `path` (None: not decodable)."""
    facts = record[2]
    return None if facts is None else _un_facts(facts, path)


def with_facts(record: Json, facts: FileFacts) -> Json:
    """An encoded record with its facts set."""
    return [record[0], record[1], _facts(facts), *record[3:]]


def derived_part(record: Json, path: str) -> list[Diagnostic] | None:
    """The warnings worked out from the record's entry alone (`with_derived`), if stored."""
    return [_diagnostic(path, d) for d in record[3]] if len(record) > 3 else None


def with_derived(record: Json, diagnostics: list[Diagnostic]) -> Json:
    """An encoded record with the warnings that depend on its entry alone (its sources)."""
    return [*record[:3], [[d.line, d.col, d.severity, d.message] for d in diagnostics]]


def _diagnostic(path: str, d: Json) -> Diagnostic:
    line, col, severity, message = d
    if severity not in _SEVERITIES or not isinstance(message, str):
        raise ValueError("not a diagnostic")
    return Diagnostic(path, line, col, severity, message)


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


_iso = dt.date.fromisoformat


def _un_day(value: Json) -> dt.date | None:
    return None if value is None else _iso(value)


def _loc(value: Json) -> tuple[int, int]:
    line, col = value  # Not checked further: the shard's digest already proved it is what was written.
    return line, col


def _ref(r: Reference) -> Json:
    return [r.title, r.url, r.publisher, _day(r.date), r.url_loc]


def _un_ref(v: Json) -> Reference:
    title, url, publisher, date, loc = v
    return Reference(title, url, publisher, None if date is None else _iso(date), (loc[0], loc[1]))


def _entry(e: Entry) -> Json:
    image = None if e.image is None else [e.image.src, e.image.alt, e.image.credit, e.image.license]
    return [
        e.id, e.type, e.name, e.aliases, None, [_ref(r) for r in e.sources], _day(e.reviewed), None,
        image, None, e.match_case, e.role, _day(e.role_as_of), e.kind, _day(e.date),
        e.sort, e.wikidata, e.same_as, _day(e.as_of), e.wikidata_loc, e.image_loc, e.name_locs,
    ]  # fmt: skip


def _un_entry(v: Json, path: str, with_sources: bool = True) -> Entry:
    (
        id_, type_, name, aliases, _summary, sources, reviewed, _body, image, _links, match_case, role,
        role_as_of, kind, date, sort, wikidata, same_as, as_of, wikidata_loc, image_loc, name_locs,
    ) = v  # fmt: skip
    if type_ not in ("person", "term") or not isinstance(match_case, bool):
        raise ValueError("not an entry")
    day = _un_day(reviewed)
    if day is None:
        raise ValueError("an entry without a reviewed date")
    return Entry(
        id=id_,
        type=type_,
        name=name,
        aliases=tuple(aliases),
        summary="",
        sources=tuple([_un_ref(r) for r in sources]) if with_sources else (),
        reviewed=day,
        source_path=path,
        body=None,
        image=None if image is None else Image(*image),
        links=(),
        match_case=match_case,
        role=role,
        role_as_of=_un_day(role_as_of),
        kind=kind,
        date=_un_day(date),
        sort=sort,
        wikidata=wikidata,
        same_as=tuple(same_as),
        as_of=_un_day(as_of),
        wikidata_loc=_loc(wikidata_loc),
        image_loc=_loc(image_loc),
        name_locs=tuple([(loc[0], loc[1]) for loc in name_locs]),
    )


def _facts(f: FileFacts) -> Json:
    repeated = None if f.repeated is None else [[d.line, d.col, d.severity, d.message] for d in f.repeated]
    reviewed = None if f.reviewed is None else [[day.isoformat(), line, col] for day, _, line, col in f.reviewed]
    return [[[d.line, d.col, d.severity, d.message] for d in f.schema], repeated, reviewed]


def _un_facts(v: Json, path: str) -> FileFacts:
    schema, repeated, reviewed = v
    days = None if reviewed is None else [(_iso(d), path, ln, c) for d, ln, c in reviewed]
    return FileFacts(
        [_diagnostic(path, d) for d in schema],
        None if repeated is None else [_diagnostic(path, d) for d in repeated],
        days,
    )
