"""The exports (`webanno.write_exports`) of a server's rebuilds, redone only where their inputs changed.

A rebuild after one edit changes the annotations of a page or two, yet building every page's
annotations (an address and the identifiers of each mention's entry, ~20,000 at 500 articles)
and encoding them took a serve rebuild 1.2-1.8 s. Here each page's annotations are kept as JSON
text, per file that holds them, while what they are made from is equal: the page as packed (its
notes and selectors), the address of each entry it mentions and that entry's identifiers, and
the site's address. Each entry of `entries.json` is kept the same way. A file is then the text
of its parts, joined as `webanno._write_items` writes them: the same bytes as a build writes.

A file whose text is the one the published site already holds is not written at all, when the
caller says which site that is: the caller carries it over from the published site (the tracker
of incremental rebuilds does), so a rebuild writes only the exports that changed.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import jsonindent
from .model import Entry
from .sitedata import SiteData
from .structured import identifiers
from .webanno import (
    ENTRIES_NAME,
    EXPORT_NAME,
    PackedPage,
    _annotations,
    _collection_head,
    _first,
    entry_item,
    export_uri,
    unpack,
)

_serials = itertools.count(1)


@dataclass
class _Part:
    inputs: object
    text: str
    """The items' JSON, each indented for its place in the file, joined by their separator."""
    count: int
    serial: int = field(default_factory=lambda: next(_serials))
    """Unique to this part: a file made of the same parts (and head) is the same text."""


@dataclass
class ExportMemo:
    """Kept by the plugin across the rebuilds of one server."""

    pages: dict[tuple[str, str], _Part] = field(default_factory=dict)
    """(page src_uri, the file's path) → that page's annotations in that file."""
    mentioned: dict[str, tuple[PackedPage, tuple[str, ...]]] = field(default_factory=dict)
    """Page src_uri → the page as packed last time, and the entries it mentions (unpacking costs)."""
    entries: dict[str, _Part] = field(default_factory=dict)
    """Entry id → its item of `entries.json`."""
    published: dict[str, object] = field(default_factory=dict)
    """Path in the site → what the text the published site holds there was made of (the last
    build that completed: its head and the serials of its parts); `commit` makes `written` this."""
    written: dict[str, object] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    """Paths of this build's exports not written: the same text as the published site's."""

    def commit(self) -> None:
        self.published, self.written = self.written, {}

    def forget(self) -> None:
        """After a failed build: nothing is known of what the published site holds."""
        self.published, self.written, self.kept = {}, {}, []


def _depth_text(item: Any, depth: int) -> str:
    # As `webanno._write_items` writes an item of a list `depth` levels deep.
    return jsonindent.dumps(item).replace("\n", "\n" + " " * (depth + 1))


def _joined(parts: list[_Part], depth: int) -> str:
    inner = "\n" + " " * (depth + 1)
    texts = [p.text for p in parts if p.count]
    if not texts:
        return "[]"
    return "[" + inner + ("," + inner).join(texts) + "\n" + " " * depth + "]"


class _Writer:
    def __init__(self, site_dir: Path, memo: ExportMemo, published: Path | None) -> None:
        self.site_dir, self.memo, self.published = site_dir, memo, published

    def write(self, path: str, head: object, parts: list[_Part], text: Callable[[], str]) -> None:
        """Write `text()` at `path`, unless the published site holds the same text (the same `head`
        and `parts`): then the file is kept, and its text not even put together."""
        key = (head, [p.serial for p in parts])
        self.memo.written[path] = key
        same = self.published is not None and self.memo.published.get(path) == key
        if same and self.published is not None and os.path.isfile(self.published / path):
            self.memo.kept.append(path)
            return
        target = self.site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text(), encoding="utf-8")


def _page_part(
    memo: ExportMemo, packed: PackedPage, data: SiteData, base: str, seen: dict[tuple[str, str], _Part]
) -> _Part:
    old_mentioned = memo.mentioned.get(packed.src_uri)
    if old_mentioned is not None and old_mentioned[0] == packed:
        entry_ids = old_mentioned[1]
        page = None
    else:
        page = unpack(packed)
        entry_ids = tuple(dict.fromkeys(entry_id for entry_id, _, _ in page.mentions))
        memo.mentioned[packed.src_uri] = (packed, entry_ids)
    entries = data.registry.entries
    urls = data.links.entry_urls
    found: list[tuple[str, str | None, list[str]] | None] = []
    for entry_id in entry_ids:
        entry = entries.get(entry_id)
        found.append(None if entry is None else (entry_id, urls.get(entry_id), identifiers(entry)))
    inputs = (packed, data.links.site_url, found)
    key = (packed.src_uri, base)
    old = memo.pages.get(key)
    if old is None or old.inputs != inputs:
        items = _annotations(page or unpack(packed), data, base)
        old = _Part(inputs, ("," + "\n" + " " * 3).join(_depth_text(i, 2) for i in items), len(items))
    seen[key] = old
    return old


def _collection_text(data: SiteData, base: str, label: str, parts: list[_Part]) -> str:
    # The head as `webanno._write_collection` writes it, then the items.
    head = _collection_head(data, base, label, sum(p.count for p in parts))
    whole = jsonindent.dumps({**head, "first": _first(data, base, [])})
    end = '"items": []\n }\n}'
    assert whole.endswith(end)  # The items are the last value: what follows them is fixed.
    return whole[: -len(end)] + '"items": ' + _joined(parts, 2) + "\n }\n}\n"


def _entry_part(memo: ExportMemo, entry: Entry, data: SiteData, base: str) -> _Part:
    mentioned = data.mentioned_in.get(entry.id, [])
    inputs = (entry, data.links.entry_urls.get(entry.id), data.links.site_url, base, mentioned)
    old = memo.entries.get(entry.id)
    if old is None or old.inputs != inputs:
        old = _Part(inputs, _depth_text(entry_item(entry, data, base), 0), 1)
    return old


def write_exports(
    site_dir: Path, pages: list[PackedPage], data: SiteData, memo: ExportMemo, folder: str = "",
    published: Path | None = None,
) -> None:  # fmt: skip
    """What `webanno.write_exports` writes, from the parts `memo` kept where their inputs are equal.
    `published`: the site this build replaces, whose files the caller carries over (None: write
    every file); the paths not written are then in `memo.kept`."""
    memo.written, memo.kept = {}, []
    pages = sorted(pages, key=lambda p: p.url)
    site_file = f"{folder}/{EXPORT_NAME}" if folder else EXPORT_NAME
    entries_file = f"{folder}/{ENTRIES_NAME}" if folder else ENTRIES_NAME
    writer = _Writer(site_dir, memo, published)
    seen: dict[tuple[str, str], _Part] = {}
    site_parts = [_page_part(memo, packed, data, site_file, seen) for packed in pages]
    label = f"Annotations of {data.site_name}"
    head = (label, data.links.site_url)
    writer.write(site_file, head, site_parts, lambda: _collection_text(data, site_file, label, site_parts))
    for packed in pages:
        uri = export_uri(packed.url)
        if uri is not None and uri != site_file:
            part = _page_part(memo, packed, data, uri, seen)
            if part.count:
                own = f"Annotations of {packed.url}"
                text = functools.partial(_collection_text, data, uri, own, [part])
                writer.write(uri, (own, data.links.site_url), [part], text)
    memo.pages = seen
    live = {p.src_uri for p in pages}
    memo.mentioned = {uri: m for uri, m in memo.mentioned.items() if uri in live}
    kept: dict[str, _Part] = {}
    for entry in [*data.registry.people(), *data.registry.terms()]:  # As `webanno.entries_index` lists them.
        kept[entry.id] = _entry_part(memo, entry, data, entries_file)
    memo.entries = kept
    parts = list(kept.values())
    writer.write(entries_file, None, parts, lambda: _joined(parts, 0) + "\n")
