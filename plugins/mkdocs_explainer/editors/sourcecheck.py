"""Warnings about what editors cite, and about identifiers two entries share.

A source that is a site's home page supports no particular claim: the page it showed when an
editor cited it has changed since. An entry, note or article whose sources all come from sites
good for background only (Wikipedia by default) rests no fact on a report. Each warning points
at the address it is about, so that editors' tools underline it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from ..core.diagnostics import Diagnostic, warning
from ..core.model import Entry, Reference, Registry

_LANGUAGE = r"/[a-z]{2}(?:[-_](?:[a-z]{2}|[a-z]{4}))?"
"""`/en`, `/pt-br`, `/zh_hans`: a two-letter language, then perhaps a region or a script (not `/new-york`)."""
_LANGUAGE_DIR = re.compile(rf"^{_LANGUAGE}/?$", re.I)
_INDEX_FILE = re.compile(rf"^(?:{_LANGUAGE})?/(?:index|default|home)\.(?:html?|php|aspx?)$", re.I)


@dataclass(frozen=True, slots=True)
class SourceRules:
    home_pages: bool = True
    background_domains: tuple[str, ...] = ("wikipedia.org",)


@dataclass(frozen=True, slots=True)
class Cited:
    """One thing that cites sources: an entry, a note or an article."""

    path: str
    label: str
    sources: Sequence[Reference]


def is_home_page(url: str) -> bool:
    """A site's front page: no path, `/`, a language folder, or an index file, and no query."""
    return _home_page(urlsplit(url))


def _home_page(parts: SplitResult) -> bool:
    if parts.scheme not in ("http", "https") or parts.query:
        return False
    path = parts.path
    return path in ("", "/") or bool(_LANGUAGE_DIR.match(path)) or bool(_INDEX_FILE.match(path))


def on_domain(url: str, domains: Iterable[str]) -> bool:
    """Whether `url`'s host is one of `domains` or below one (`en.wikipedia.org` is on `wikipedia.org`)."""
    return _on_domain(urlsplit(url), _domains(domains))


def _domains(domains: Iterable[str]) -> list[str]:
    return [d for d in (domain.strip().strip(".").lower() for domain in domains) if d]


def _on_domain(parts: SplitResult, domains: list[str]) -> bool:
    host = (parts.hostname or "").rstrip(".").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def cited(registry: Registry, articles: Iterable[tuple[str, Sequence[Reference]]] = ()) -> list[Cited]:
    """Everything in a site that cites sources; `articles` is (path, sources) for each article."""
    out = [entry_cited(e) for e in registry.entries.values()]
    for notes in registry.notes.values():
        out += [Cited(n.source_path, f"note `{n.id}`", n.sources) for n in notes]
    out += [Cited(path, "the article", sources) for path, sources in articles if sources]
    return out


def entry_cited(entry: Entry) -> Cited:
    return Cited(entry.source_path, f"entry `{entry.id}`", entry.sources)


def rules_of(options: object) -> SourceRules:
    """The rules from the plugin's options in mkdocs.yml (`warn_home_page_sources`, `background_domains`)."""
    return SourceRules(
        bool(getattr(options, "warn_home_page_sources", True)),
        tuple(getattr(options, "background_domains", ("wikipedia.org",))),
    )


def source_warnings(items: Iterable[Cited], rules: SourceRules) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    domains = _domains(rules.background_domains)
    sites = ", ".join(rules.background_domains)
    if not (rules.home_pages or rules.background_domains):
        return out
    for item in items:
        parts = [urlsplit(ref.url) for ref in item.sources]  # Once per address: 250,000 of them at 100,000 entries.
        if rules.home_pages:
            for ref, split in zip(item.sources, parts, strict=True):
                if _home_page(split):
                    message = (
                        f"source {ref.url} is a site's home page, which supports no particular claim:"
                        " cite the report, statement or page that says it"
                    )
                    out.append(warning(item.path, *ref.url_loc, message))
        if rules.background_domains and parts and all(_on_domain(split, domains) for split in parts):
            first = item.sources[0]
            message = (
                f"every source of {item.label} is on {sites}, which is background only:"
                " add the report or statement each fact comes from"
            )
            out.append(warning(item.path, *first.url_loc, message))
    return out


def shared_wikidata(entries: Iterable[Entry]) -> list[Diagnostic]:
    """Two entries with one Wikidata id are one thing written twice, or one id is wrong."""
    first: dict[str, Entry] = {}
    out = []
    for entry in sorted(entries, key=lambda e: e.source_path):
        if entry.wikidata is None:
            continue
        other = first.setdefault(entry.wikidata, entry)
        if other is not entry:
            message = (
                f"Wikidata id {entry.wikidata} is also that of `{other.id}` ({other.source_path}):"
                " merge the two entries or correct one id"
            )
            out.append(warning(entry.source_path, *entry.wikidata_loc, message))
    return out
