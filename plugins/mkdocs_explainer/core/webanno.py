"""W3C Web Annotations of the built pages (`annotations.jsonld`) and the index of entries (`entries.json`).

Context notes become `commenting` annotations and linked mentions `identifying` ones, each
targeting its article through a `TextQuoteSelector`. Selectors are taken from the page as
built, not from the editors' YAML: the exact text a reader sees (typographic quotes and all),
with enough text before and after it to occur once in the page.

The page's text, as selectors count it: the text of <body>, without <script>, <style>,
<template> and `hidden` elements; every run of white space, and every boundary of an element
that is not inline, read as one space (as `innerText` reads a page once its white space is
collapsed).
"""

from __future__ import annotations

import json
import re
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from . import jsonindent
from .memo import digest as memo_digest
from .model import Entry, Note
from .plaintags import feed
from .render import plain
from .sitedata import SiteData
from .structured import identifiers, schema_type

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
EXPORT_NAME = "annotations.jsonld"
ENTRIES_NAME = "entries.json"
CONTEXT_CHARS = 32
"""Text taken before and after a passage, doubled until the selector occurs once."""

_SKIP = frozenset({"script", "style", "template", "head"})
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp",
     "small", "span", "strong", "sub", "sup", "time", "u", "var", "del", "ins", "img", "wbr", "svg", "path", "label"}
)  # fmt: skip
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


@dataclass(slots=True)
class Spot:
    start: int
    end: int


class PageText(HTMLParser):
    """A built page's text, and where each note passage and each mention lies in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.notes: dict[str, Spot] = {}
        self.mentions: list[tuple[str, str, Spot]] = []
        """(entry id, anchor id, where), in the order of the page."""
        self._stack: list[tuple[str, bool, Any]] = []
        # A built page is hundreds of kilobytes (Material writes the whole navigation into each):
        # the handlers run once per tag, so they keep counts and flags instead of searching.
        self._open: dict[str, int] = {}
        """Tag name → how many elements of that name are open (in `_stack`)."""
        self._length = 0
        self._spaced = True
        """Whether a space may not be added: the text is empty or ends with one."""
        self._ignored = 0
        """End tags that closed nothing (see `_chunk_effect`)."""

    @property
    def skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def _space(self) -> None:
        if not self._spaced:
            self.text.append(" ")
            self._length += 1
            self._spaced = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        stack = self._stack
        skip = (stack and stack[-1][1]) or tag in _SKIP or (attrs and any(k == "hidden" for k, _ in attrs))
        if not skip and not self._spaced and tag not in _INLINE:
            self.text.append(" ")
            self._length += 1
            self._spaced = True
        if tag in _VOID:
            return
        mark: Any = None
        if not skip and (tag == "span" or tag == "a"):
            a = dict(attrs)
            classes = (a.get("class") or "").split()
            if tag == "span" and "xp-note-passage" in classes:
                mark = ("note", a.get("data-xp-note") or "", self._length)
            elif tag == "a" and "xp-mention" in classes and a.get("data-xp-entry"):
                mark = ("mention", (a.get("data-xp-entry") or "", a.get("id") or ""), self._length)
        stack.append((tag, bool(skip), mark))
        self._open[tag] = self._open.get(tag, 0) + 1

    @staticmethod
    def reads_attrs(tag: str, inside: str) -> bool:
        """Whether a plain tag's attributes (`inside`, as written) can change what this parser does,
        for `plaintags.feed`: one named `hidden`, or a class on <span> or <a> that could name a note
        passage or a mention. With no `&` in them, their values read as they are written."""
        return "&" in inside or "hidden" in inside.lower() or ((tag == "span" or tag == "a") and "xp-" in inside)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self._open.get(tag):
            self._ignored += 1
            return
        stack, open_ = self._stack, self._open
        while stack:
            name, skip, mark = stack.pop()
            open_[name] -= 1
            if mark is not None:
                self._close(mark)
            if not skip and not self._spaced and name not in _INLINE:
                self.text.append(" ")
                self._length += 1
                self._spaced = True
            if name == tag:
                return

    def _close(self, mark: tuple[str, Any, int]) -> None:
        kind, key, start = mark
        # A space the passage ended with belongs to what follows.
        end = self._length - (1 if self.text and self._spaced and self._length > start else 0)
        if kind == "note":
            spot = self.notes.get(key)
            self.notes[key] = Spot(start if spot is None else spot.start, end)
        else:
            self.mentions.append((key[0], key[1], Spot(start, end)))

    def handle_data(self, data: str) -> None:
        if not data or (self._stack and self._stack[-1][1]):
            return
        words = data.split()
        if not words:
            self._space()
            return
        if data[0].isspace():
            self._space()
        out = " ".join(words)
        self.text.append(out)
        self._length += len(out)
        self._spaced = False
        if data[-1].isspace():
            self._space()

    def full(self) -> str:
        return "".join(self.text)


def read_page(html: str, blocks: Iterable[Sequence[str]] = ()) -> tuple[str, PageText]:
    """The page's text and where its notes and mentions lie, as one reading of `html` gives them.

    `blocks`: what the caller wrote into the page as hidden data (the hover cards), each in parts
    whose concatenation may occur in `html` (see `_take_block`): one that does is not read when
    that is sure to give what reading it gives."""
    parsed = PageText()
    regions: list[tuple[int, int, Sequence[str] | None]] = [(s, e, None) for s, e in _chunks(html)]
    for parts in blocks:
        whole = "".join(parts)
        at = html.find(whole) if len(parts) >= 2 and whole else -1
        if at >= 0:
            regions.append((at, at + len(whole), parts))
    _read(parsed, html, regions)
    parsed.close()
    return parsed.full(), parsed


def _read(parsed: PageText, html: str, regions: list[tuple[int, int, Sequence[str] | None]]) -> None:
    """Feeds `html` to `parsed`, each region (a chunk, or a block's parts) taken without reading
    it where that is known to give the same (`_take_chunk`, `_take_block`)."""
    pos = 0
    for start, end, block in sorted(regions, key=lambda r: r[0]):
        if start < pos:  # Overlaps a region taken before it: it is read as part of the page.
            continue
        feed(parsed, html, pos, start)
        taken = _take_chunk(parsed, html[start:end]) if block is None else _take_block(parsed, block)
        if not taken:
            feed(parsed, html, start, end)
        pos = end
    feed(parsed, html, pos, len(html))


# -- parts of pages read once -------------------------------------------------------------------
#
# Material writes the whole navigation into every page: at 500 articles it is four fifths of each
# page, and its sections are the same, byte for byte, on most pages. A large list item is read on
# its own once, and what it adds to the text is reused wherever it comes again, when that is sure
# to be what reading it in place would give (`_chunk_effect`); else it is read in place.

_LI_RE = re.compile(r"<li[\s>]|</li\s*>", re.IGNORECASE)
MIN_CHUNK = 2000
"""Smaller list items are read in place: looking one up would cost about as much."""
MIN_INNER = 100
"""Inside a large item read for the first time, smaller items are looked up too: the section that
holds the page (open, with the page's table of contents) is new on every page, yet its other
items are the same as on the section's other pages (~280 of a page's tags at 500 articles)."""
MAX_CHUNKS = 1024
_chunk_memo: OrderedDict[tuple[bytes, bool], tuple[str, bool] | None] = OrderedDict()


def _chunks(html: str, least: int | None = None, pos: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each outermost `<li>…</li>` from `pos` on of at least `least` characters
    (`MIN_CHUNK`), as the text's tags suggest; whether it really is one element is checked when it
    is read. An item that starts where one read before did and holds its text is passed over in one
    step (`_known`): counting the items inside it would give the same end."""
    least = MIN_CHUNK if least is None else least
    out = []
    depth, start = 0, 0
    search, known = _LI_RE.search, _known
    m = search(html, pos)
    while m is not None:
        at = m.start()
        if m.group()[1] != "/":
            if depth == 0:
                start = at
                seen = known.get(html[at : at + _KNOWN_HEAD])
                if seen is not None:
                    item = next((i for i in seen if len(i) >= least and html.startswith(i, at)), None)
                    if item is not None:
                        out.append((at, at + len(item)))
                        m = search(html, at + len(item))
                        continue
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0 and m.end() - start >= least:
                out.append((start, m.end()))
        m = search(html, m.end())
    return out


# Items read before, by their first characters: on each page the navigation's sections are mostly
# those of the pages before, and finding where each ends by counting its items (500 and more at
# 500 articles) cost more than reading what the memo gives for them.
_KNOWN_HEAD = 96
MAX_KNOWN_CHARS = 4_000_000
"""The items kept whole (their text, to compare): the memo's top-level ones, a few megabytes at most."""
_known: dict[str, list[str]] = {}
_known_keys: set[bytes] = set()
_known_chars = 0


def _remember_item(chunk: str, key: bytes) -> None:
    """Keeps a whole `<li>` found by `_chunks` (`key`: its digest) whose reading is known, so that
    `_chunks` passes over it wherever it comes again."""
    global _known_chars
    if _known_chars + len(chunk) > MAX_KNOWN_CHARS:
        forget_items()
    _known.setdefault(chunk[:_KNOWN_HEAD], []).append(chunk)
    _known_keys.add(key)
    _known_chars += len(chunk)


def forget_items() -> None:
    """Drops the items `_chunks` passes over (tests: each starts from none)."""
    global _known_chars
    _known.clear()
    _known_keys.clear()
    _known_chars = 0


def _clean(parser: PageText) -> bool:
    """Whether the parser has read all it was given and is not inside <script> or <style>."""
    return not parser.rawdata and parser.cdata_elem is None


def _take_chunk(parsed: PageText, chunk: str) -> bool:
    """Adds what `chunk` adds to the page's text without reading it, if that is known; False: read it."""
    if not _clean(parsed) or (parsed._stack and parsed._stack[-1][1]):
        return False
    key = (memo_digest(chunk), parsed._spaced)
    if key in _chunk_memo:
        _chunk_memo.move_to_end(key)
        effect = _chunk_memo[key]
        if effect is not None and len(chunk) >= MIN_CHUNK and key[0] not in _known_keys:
            _remember_item(chunk, key[0])  # Seen twice: not the section open on one page only.
    else:
        effect = _chunk_effect(chunk, parsed._spaced)
        _chunk_memo[key] = effect
        if len(_chunk_memo) > MAX_CHUNKS:
            _chunk_memo.popitem(last=False)
    return _apply(parsed, effect)


def _apply(parsed: PageText, effect: tuple[str, bool] | None) -> bool:
    """Adds to the text what a region was found to add (False, nothing, if that is not known)."""
    if effect is None:
        return False
    text, spaced = effect
    if text:
        parsed.text.append(text)
        parsed._length += len(text)
    parsed._spaced = spaced
    return True


def _chunk_effect(chunk: str, spaced: bool) -> tuple[str, bool] | None:
    """The text `chunk` adds, and whether it ends with a space, when read after text that does
    (`spaced`) or not, outside any skipped element. None when reading it in place could differ:
    it does not end where it began (an element left open, an end tag that closes nothing of its
    own, which in place may close an element around it), it holds a mention or a note, or it
    stops inside something unfinished."""
    alone = PageText()
    alone._spaced = spaced
    own = _LI_RE.match(chunk)  # Its own start tag: the items inside it come after.
    inner = _chunks(chunk, MIN_INNER, own.end()) if own is not None and own.group()[1] != "/" else []
    _read(alone, chunk, [(start, end, None) for start, end in inner])
    if alone._stack or alone._ignored or alone.mentions or alone.notes or not _clean(alone):
        return None
    return "".join(alone.text), alone._spaced


# -- the plugin's hidden blocks, not read ------------------------------------------------------
#
# An article's hover cards are half of what is left to read of its page once the navigation is
# taken (~600 of ~1,000 tags at 500 articles), and they add nothing to its text: they are in one
# hidden element. The plugin knows each card's HTML, and an entry's card is the same text on every
# page at the same depth, so each card is checked once: that inside a hidden element it leaves the
# parser as it found it. The block's start and end are then read without what lies between.

MAX_PARTS = 8192
"""Parts (cards) whose check is kept: a 16-byte key and a flag each."""
_inert_memo: OrderedDict[bytes, bool] = OrderedDict()
_wrapper_memo: OrderedDict[tuple[bytes, bytes, bool], tuple[str, bool] | None] = OrderedDict()


def _take_block(parsed: PageText, parts: Sequence[str]) -> bool:
    """Adds what the block `parts` adds to the page's text without reading all of it, if that is
    sure to be what reading it gives: the first part leaves the parser inside a hidden element, each
    part between is inert there (`_inert_inside`), and the first and last read together close all
    they open and hold no mention or note. False: read it."""
    if not _clean(parsed) or parsed.skipping:
        return False
    head, *middle, tail = parts
    if not all(_remembered(_inert_memo, memo_digest(part), _inert_inside, part) for part in middle):
        return False
    key = (memo_digest(head), memo_digest(tail), parsed._spaced)
    return _apply(parsed, _remembered(_wrapper_memo, key, _wrapper_effect, head, tail, parsed._spaced))


def _remembered(memo: OrderedDict[Any, Any], key: Any, work: Any, *args: Any) -> Any:
    """`work(*args)`, kept in `memo` under `key` (the `MAX_PARTS` last used)."""
    if key in memo:
        memo.move_to_end(key)
        return memo[key]
    value = memo[key] = work(*args)
    if len(memo) > MAX_PARTS:
        memo.popitem(last=False)
    return value


def _inert_inside(part: str) -> bool:
    """Whether `part`, read inside a hidden element, leaves the parser as it found it: it closes
    exactly what it opens (an end tag that closes nothing of its own could, in place, close the
    element around it) and stops inside nothing unfinished. Inside a hidden element nothing is text."""
    alone = PageText()
    outer = ("", True, None)  # No tag has an empty name: no end tag in `part` can close it.
    alone._stack.append(outer)
    alone._open[""] = 1
    feed(alone, part, 0, len(part))
    return alone._stack == [outer] and not alone._ignored and _clean(alone)


def _wrapper_effect(head: str, tail: str, spaced: bool) -> tuple[str, bool] | None:
    """What `head` + `tail` add to the text, read after text that ends with a space (`spaced`) or
    not; None unless `head` leaves the parser inside a hidden element, with nothing unfinished, and
    the two together meet `_chunk_effect`'s conditions."""
    alone = PageText()
    alone._spaced = spaced
    feed(alone, head, 0, len(head))
    if not (_clean(alone) and alone.skipping):
        return None
    feed(alone, tail, 0, len(tail))
    if alone._stack or alone._ignored or alone.mentions or alone.notes or not _clean(alone):
        return None
    return "".join(alone.text), alone._spaced


def selector(text: str, spot: Spot) -> dict[str, str]:
    """A TextQuoteSelector for text[start:end] that matches once in `text`."""
    exact = text[spot.start : spot.end]
    k = CONTEXT_CHARS
    while True:
        prefix = text[max(0, spot.start - k) : spot.start]
        suffix = text[spot.end : spot.end + k]
        if count(text, prefix + exact + suffix) <= 1 or (len(prefix) < k and len(suffix) < k):
            return _selector(exact, prefix, suffix)
        k *= 2


def _selector(exact: str, prefix: str, suffix: str) -> dict[str, str]:
    return {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}


def count(text: str, needle: str) -> int:
    """Occurrences of `needle` in `text`, overlapping ones too."""
    n, at = 0, text.find(needle)
    while at >= 0 and needle:
        n += 1
        at = text.find(needle, at + 1)
    return n


def export_uri(page_url: str) -> str | None:
    """Where a page's own annotations go: beside it. The home page's are only in the site's file."""
    if not page_url:
        return None
    if page_url.endswith("/"):
        return page_url + EXPORT_NAME
    return page_url.rsplit(".", 1)[0] + "." + EXPORT_NAME


@dataclass(frozen=True, slots=True)
class PageAnnotations:
    """What one built article holds: its note passages and mentions, with their selectors."""

    src_uri: str
    url: str
    notes: list[tuple[Note, dict[str, str]]]
    mentions: list[tuple[str, str, dict[str, str]]]
    """(entry id, anchor id, selector)."""


def annotate_page(
    src_uri: str, url: str, html: str, notes: list[Note], blocks: Iterable[Sequence[str]] = ()
) -> PageAnnotations:
    """`blocks`: the hidden blocks the plugin wrote into the page, in parts (`read_page`)."""
    text, parsed = read_page(html, blocks)
    by_id = {n.id: n for n in notes}
    placed = [(by_id[nid], selector(text, spot)) for nid, spot in parsed.notes.items() if nid in by_id]
    mentions = [(entry_id, anchor, selector(text, spot)) for entry_id, anchor, spot in parsed.mentions]
    return PageAnnotations(src_uri, url, placed, mentions)


@dataclass(frozen=True, slots=True)
class PackedPage:
    """A page's annotations as the plugin keeps them until the exports are written (and across
    `serve --dirty` rebuilds): the selectors in one compressed string. Kept as dicts, four strings
    for every mention of every page, they were the biggest thing the plugin held (issue 12)."""

    src_uri: str
    url: str
    notes: tuple[Note, ...]
    """The notes placed on the page, in the order of `PageAnnotations.notes`."""
    selectors: bytes


def pack(page: PageAnnotations) -> PackedPage:
    rows = [
        [[s["exact"], s["prefix"], s["suffix"]] for _, s in page.notes],
        [[entry_id, anchor, s["exact"], s["prefix"], s["suffix"]] for entry_id, anchor, s in page.mentions],
    ]
    # ASCII JSON: a lone surrogate the page's character references made survives the round trip.
    data = zlib.compress(json.dumps(rows, separators=(",", ":")).encode("ascii"))
    return PackedPage(page.src_uri, page.url, tuple(note for note, _ in page.notes), data)


def unpack(packed: PackedPage) -> PageAnnotations:
    """The `PageAnnotations` that `pack` was given, equal to it."""
    notes, mentions = json.loads(zlib.decompress(packed.selectors))
    return PageAnnotations(
        packed.src_uri,
        packed.url,
        [(note, _selector(*quote)) for note, quote in zip(packed.notes, notes, strict=True)],
        [(entry_id, anchor, _selector(*quote)) for entry_id, anchor, *quote in mentions],
    )


def _annotations(page: PageAnnotations, data: SiteData, base: str) -> list[dict[str, Any]]:
    links = data.links
    source = links.ref(page.url, base)
    home = export_uri(page.url) or EXPORT_NAME
    own = links.ref(home, base)
    out: list[dict[str, Any]] = []
    for note, sel in page.notes:
        text = f"{note.title}\n\n{plain(note.body)}"
        out.append(
            {
                "id": f"{own}#note-{note.id}",
                "type": "Annotation",
                "motivation": "commenting",
                "modified": note.reviewed.isoformat() + "T00:00:00Z",
                "body": {"type": "TextualBody", "value": text, "format": "text/plain", "purpose": "commenting"},
                "target": {"source": source, "selector": sel},
            }
        )
    for entry_id, anchor, sel in page.mentions:
        entry = data.registry.entries.get(entry_id)
        if entry is None:
            continue
        bodies: list[dict[str, Any]] = [{"id": links.entry(entry, base), "type": "Text", "format": "text/html"}]
        bodies += [{"id": url} for url in identifiers(entry)]
        out.append(
            {
                "id": f"{own}#{anchor}",
                "type": "Annotation",
                "motivation": "identifying",
                "body": bodies,
                "target": {"source": source, "selector": sel},
            }
        )
    return out


def collection(pages: list[PageAnnotations], data: SiteData, base: str, label: str) -> dict[str, Any]:
    """An AnnotationCollection of `pages`, with URLs written for a file at `base`."""
    items = [a for page in pages for a in _annotations(page, data, base)]
    return {**_collection_head(data, base, label, len(items)), "first": _first(data, base, items)}


def _collection_head(data: SiteData, base: str, label: str, total: int) -> dict[str, Any]:
    here = data.links.ref(base, base)
    return {"@context": ANNO_CONTEXT, "id": here, "type": "AnnotationCollection", "label": label, "total": total}


def _first(data: SiteData, base: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    here = data.links.ref(base, base)
    return {"id": here + "#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items}


def _count(page: PageAnnotations, data: SiteData) -> int:
    """How many annotations `_annotations` makes of the page (a mention of an unknown entry makes none)."""
    return len(page.notes) + sum(1 for entry_id, _, _ in page.mentions if entry_id in data.registry.entries)


def entries_index(data: SiteData, base: str = ENTRIES_NAME) -> Iterator[dict[str, Any]]:
    """Every entry, for other tools and a future client-side search (URLs relative to the file at `base`),
    one at a time (the file is written as they come)."""
    for entry in [*data.registry.people(), *data.registry.terms()]:
        yield entry_item(entry, data, base)


def entry_item(entry: Entry, data: SiteData, base: str = ENTRIES_NAME) -> dict[str, Any]:
    """One entry of `entries.json`."""
    ids: dict[str, Any] = {}
    if entry.wikidata:
        ids["wikidata"] = entry.wikidata
    if entry.same_as:
        ids["same_as"] = list(entry.same_as)
    return {
        "id": entry.id,
        "type": entry.type,
        "kind": entry.kind or "person",
        "schema_type": schema_type(entry),
        "name": entry.title,
        "aliases": list(entry.aliases),
        "summary": plain(entry.summary),
        "url": data.links.entry(entry, base),
        "identifiers": ids,
        "mentioned_in": [
            {"url": data.links.ref(m.url, base), "title": m.title, "anchor": m.anchor}
            for m in data.mentioned_in.get(entry.id, [])
        ],
    }


def write_exports(site_dir: Path, pages: list[PackedPage], data: SiteData, folder: str = "") -> None:
    """`annotations.jsonld` for the site and beside each annotated page, and `entries.json`.

    `folder`: a language's folder (mkdocs-static-i18n), which gets its own files; its home page's
    annotations are in the language's collection, as the site's home page's are in the site's.

    Each file is written an annotation (an entry) at a time, a page unpacked at a time: the site's
    collection built whole was the biggest thing a build made, at its very end (issue 12). A
    server's rebuilds write the same bytes from the parts they kept (`exportmemo.py`)."""
    pages = sorted(pages, key=lambda p: p.url)
    site_file = f"{folder}/{EXPORT_NAME}" if folder else EXPORT_NAME
    entries_file = f"{folder}/{ENTRIES_NAME}" if folder else ENTRIES_NAME
    label = f"Annotations of {data.site_name}"
    if data.links.site_url:
        _write_shared(site_dir, pages, data, site_file, label)
    else:
        _write_collection(site_dir / site_file, pages, data, site_file, label)
        for packed in pages:
            uri = export_uri(packed.url)
            if uri is not None and uri != site_file:
                page = unpack(packed)
                if page.notes or page.mentions:
                    _write_collection(site_dir / uri, [packed], data, uri, f"Annotations of {page.url}")
    _write_items(site_dir / entries_file, "", entries_index(data, entries_file), "", 0)


def _write_shared(site_dir: Path, pages: list[PackedPage], data: SiteData, site_file: str, label: str) -> None:
    """The site's collection and each page's, when every address is absolute (`site_url`): a page's
    annotations are then the same text in both files, so each is encoded once, for both, as it
    comes (a page unpacked twice, not five times)."""
    inner = "\n" + " " * (_ITEMS_DEPTH + 1)

    def items() -> Iterator[str]:
        for packed in pages:
            page = unpack(packed)
            # JSON strings hold no raw line breaks: every one is the item's own indentation.
            encoded = [jsonindent.dumps(a).replace("\n", inner) for a in _annotations(page, data, site_file)]
            yield from encoded
            uri = export_uri(packed.url)
            if uri is not None and uri != site_file and (page.notes or page.mentions):
                start = _collection_start(data, uri, f"Annotations of {page.url}", len(encoded))
                _write_encoded(site_dir / uri, start, encoded, _COLLECTION_END, _ITEMS_DEPTH)

    total = sum(_count(unpack(page), data) for page in pages)
    start = _collection_start(data, site_file, label, total)
    _write_encoded(site_dir / site_file, start, items(), _COLLECTION_END, _ITEMS_DEPTH)


_ITEMS_DEPTH = 2
"""How deep a collection's list of items is: in `first`, in the collection."""
_COLLECTION_END = "\n }\n}"
"""What follows the items of a collection, as `json.dumps(…, indent=1)` writes it."""


def _collection_start(data: SiteData, base: str, label: str, total: int) -> str:
    """A collection as `json.dumps(…, indent=1)` writes it, up to its list of items."""
    whole = jsonindent.dumps({**_collection_head(data, base, label, total), "first": _first(data, base, [])})
    end = '"items": []' + _COLLECTION_END
    assert whole.endswith(end)  # The items are the last value: what follows them is fixed.
    return whole[: -len(end)] + '"items": '


def _write_collection(path: Path, pages: list[PackedPage], data: SiteData, base: str, label: str) -> None:
    """`collection` of the unpacked `pages`, as `json.dumps(…, indent=1)` writes it, without holding it."""
    start = _collection_start(data, base, label, sum(_count(unpack(page), data) for page in pages))
    items = (a for page in pages for a in _annotations(unpack(page), data, base))
    _write_items(path, start, items, _COLLECTION_END, _ITEMS_DEPTH)


def _write_items(path: Path, head: str, items: Iterable[Any], tail: str, depth: int) -> None:
    """`head`, the list of `items` as `json.dumps(…, indent=1)` writes a list `depth` levels deep, and
    `tail`: the same bytes as `_write` of the whole document, one item in memory at a time."""
    inner = "\n" + " " * (depth + 1)
    # JSON strings hold no raw line breaks: every one is the item's own indentation.
    _write_encoded(path, head, (jsonindent.dumps(item).replace("\n", inner) for item in items), tail, depth)


def _write_encoded(path: Path, head: str, texts: Iterable[str], tail: str, depth: int) -> None:
    """`_write_items` of items already encoded and indented for `depth`."""
    inner = "\n" + " " * (depth + 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        separator = "[" + inner
        for text in texts:
            out.write(separator)
            out.write(text)
            separator = "," + inner
        out.write("[]" if separator[0] == "[" else "\n" + " " * depth + "]")
        out.write(tail + "\n")
