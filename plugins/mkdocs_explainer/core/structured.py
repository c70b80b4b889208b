"""schema.org JSON-LD for every page, built from the annotations and embedded so it cannot run.

Everything comes from the model (validated fields, Markdown turned into plain text), never from
an editor's HTML. The block goes in <head>: Material's instant navigation swaps head elements by
their markup (a new page's block replaces the old one) and re-creates as scripts only the
<script> elements of the content, dropping their `type` — a JSON-LD block there would be run as
JavaScript. `<`, `>` and `&` are written as JSON escapes, so no text can end the element early.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .articlemeta import ArticleMeta
from .model import Entry, Reference
from .render import plain
from .sitedata import Links, SiteData

SCHEMA_CONTEXT = "https://schema.org"
WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"
TERM_TYPES = {"place": "Place", "organisation": "Organization", "event": "Event"}
"""Glossary kinds with a schema.org type of their own; concepts and the rest are `DefinedTerm`."""
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_HEAD_END = "</head>"


def schema_type(entry: Entry) -> str:
    if entry.type == "person":
        return "Person"
    return TERM_TYPES.get(entry.kind or "", "DefinedTerm")


def identifiers(entry: Entry) -> list[str]:
    """The addresses that identify what the entry is about: its Wikidata item first."""
    ids = [WIKIDATA_PAGE + entry.wikidata] if entry.wikidata else []
    return ids + [url for url in entry.same_as if url not in ids]


def entity(entry: Entry, links: Links, base: str) -> dict[str, Any]:
    """The entry as a schema.org thing: what `mentions` and `about` point to."""
    url = links.entry(entry, base)
    out: dict[str, Any] = {"@type": schema_type(entry), "@id": url + "#entity", "name": entry.title, "url": url}
    if entry.aliases:
        out["alternateName"] = list(entry.aliases)
    ids = identifiers(entry)
    if ids:
        out["sameAs"] = ids
    return out


def _citation(ref: Reference) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "CreativeWork", "name": ref.title, "url": ref.url}
    if ref.publisher:
        out["publisher"] = {"@type": "Organization", "name": ref.publisher}
    if ref.date:
        out["datePublished"] = ref.date.isoformat()
    return out


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What the page says about itself."""

    url: str
    title: str
    site_name: str
    description: str | None = None


def article(
    page: PageInfo, meta: ArticleMeta | None, mentioned: Sequence[Entry], about: Sequence[Entry], links: Links
) -> dict[str, Any]:
    """A `NewsArticle` when the page has a publication date, else a `WebPage`; both list what they mention."""
    url = links.ref(page.url, page.url)
    dated = meta is not None and meta.published is not None
    out: dict[str, Any] = {"@context": SCHEMA_CONTEXT, "@type": "NewsArticle" if dated else "WebPage", "@id": url}
    out["url"] = url
    out["headline" if dated else "name"] = page.title
    if page.description:
        out["description"] = page.description
    if meta is not None and meta.published is not None:
        out["datePublished"] = meta.published.isoformat()
        out["dateModified"] = (meta.modified or meta.published).isoformat()
    if meta is not None and meta.dateline:
        out["dateline"] = meta.dateline
    out["isPartOf"] = {"@type": "WebSite", "name": page.site_name, "url": links.ref("", page.url)}
    if about:
        out["about"] = [entity(e, links, page.url) for e in about]
    if mentioned:
        out["mentions"] = [entity(e, links, page.url) for e in mentioned]
    if meta is not None and meta.sources:
        out["citation"] = [_citation(s) for s in meta.sources]
    return out


def entry_page(
    entry: Entry, page: PageInfo, links: Links, image_url: str | None, mentioned_in: Iterable[tuple[str, str]]
) -> dict[str, Any]:
    """The entry's own thing, by kind, with everything the annotations know about it.

    `mentioned_in` is (article URL, title); `image_url` is relative to the site root.
    """
    out: dict[str, Any] = {"@context": SCHEMA_CONTEXT, **entity(entry, links, page.url)}
    out["mainEntityOfPage"] = out["url"]
    out["description"] = plain(entry.summary)
    if entry.type == "person" and entry.role:
        out["jobTitle"] = entry.role
    if entry.kind == "event" and entry.date is not None:
        out["startDate"] = entry.date.isoformat()
    if out["@type"] == "DefinedTerm":
        out["inDefinedTermSet"] = {"@type": "DefinedTermSet", "name": "Glossary"}
    if image_url is not None and entry.image is not None:
        address = image_url if entry.image.remote else links.ref(image_url, page.url)
        out["image"] = {"@type": "ImageObject", "url": address, "caption": entry.image.alt}
    subject_of = [{"@type": "WebPage", "url": links.ref(u, page.url), "name": t} for u, t in mentioned_in]
    if subject_of:
        out["subjectOf"] = subject_of
    if entry.sources:
        out["citation"] = [_citation(s) for s in entry.sources]
    return out


def item_list(page: PageInfo, entries: Sequence[Entry], links: Links, ordered: bool) -> dict[str, Any]:
    """An index or the timeline: its entries in the order shown."""
    url = links.ref(page.url, page.url)
    items = [
        {"@type": "ListItem", "position": i, "item": entity(e, links, page.url)} for i, e in enumerate(entries, 1)
    ]
    out: dict[str, Any] = {"@context": SCHEMA_CONTEXT, "@type": "ItemList", "@id": url, "url": url}
    out["name"] = page.title
    out["itemListOrder"] = "https://schema.org/ItemListOrderAscending" if ordered else "https://schema.org/ItemListUnordered"
    out["numberOfItems"] = len(items)
    out["itemListElement"] = items
    return out


def dumps(data: Any) -> str:
    """JSON safe inside a <script> element and an HTML attribute-free context: no `<`, `>`, `&`."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _ESCAPES.items():
        text = text.replace(char, escape)
    return text


def script(data: Any) -> str:
    return f'<script type="application/ld+json">{dumps(data)}</script>'


def with_json_ld(html: str, data: Any) -> str:
    """The page with the block at the end of its <head> (unchanged if it has no <head>)."""
    # One `replace`, not slices joined: a page of non-ASCII text joined to an ASCII slice is copied
    # character by character (~0.6 ms a 200 kB page, against a memcpy).
    return html.replace(_HEAD_END, script(data) + _HEAD_END, 1)


def for_page(data: SiteData, src_uri: str, page: PageInfo) -> dict[str, Any]:
    """The JSON-LD of one built page: an entry, an index, the timeline or an article."""
    what = data.generated.get(src_uri)
    registry = data.registry
    if what is None:
        meta = data.meta.get(src_uri)
        return article(page, meta, data.entries(data.linked.get(src_uri, [])), data.about(page.title), data.links)
    if what.what == "entry":
        entry = registry.entries[what.entry_id or ""]
        mentioned = [(m.url, m.title) for m in data.mentioned_in.get(entry.id, [])]
        return entry_page(entry, page, data.links, data.image_urls.get(entry.id), mentioned)
    if what.what == "people":
        return item_list(page, registry.people(), data.links, ordered=False)
    if what.what == "glossary":
        return item_list(page, registry.terms(), data.links, ordered=False)
    return item_list(page, registry.events(), data.links, ordered=True)
