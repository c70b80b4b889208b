"""What an entry page shows, gathered for its template: linked text, mentions by article, related entries.

The template (`templates/explainer/entry.html`, overridable from a theme's `custom_dir`) gets an
`EntryView`; `entry`, `image_url` and the flat `backlinks` list stay available to older overrides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import entrylinks, related
from .entrylinks import LinkedText
from .matcher import Matcher
from .model import Entry
from .pages import Backlink


@dataclass(frozen=True, slots=True)
class ArticleMentions:
    """One article that mentions the entry: its title and each linked mention, in page order."""

    title: str
    mentions: tuple[Backlink, ...]


@dataclass(frozen=True, slots=True)
class EntryView:
    entry: Entry
    image_url: str | None
    text: LinkedText
    groups: tuple[ArticleMentions, ...]
    related: tuple[tuple[Entry, str], ...]
    """Related entries with their addresses relative to this page."""

    @property
    def backlinks(self) -> list[Backlink]:
        return [b for g in self.groups for b in g.mentions]


def group_backlinks(backlinks: Iterable[Backlink]) -> tuple[ArticleMentions, ...]:
    """Mentions grouped by article, articles A–Z by title (two articles may share a title: the
    address tells them apart), mentions in the order given."""
    groups: dict[tuple[str, str], list[Backlink]] = {}
    for b in backlinks:
        page = b.url.partition("#")[0]
        groups.setdefault((b.title, page), []).append(b)
    ordered = sorted(groups.items(), key=lambda item: (item[0][0].casefold(), item[0][1]))
    return tuple(ArticleMentions(title, tuple(items)) for (title, _), items in ordered)


def link_entries(
    entries: dict[str, Entry], matcher: Matcher, href: Callable[[Entry, Entry], str]
) -> dict[str, LinkedText]:
    """Every entry's linked summary and body; `href(source, target)` is target's address from source's page."""

    def from_page(source: Entry) -> Callable[[Entry], str]:
        return lambda target: href(source, target)

    return {e.id: entrylinks.link_entry(e, entries, matcher, from_page(e)) for e in entries.values()}


def related_entries(
    entries: dict[str, Entry], texts: dict[str, LinkedText], passages: Iterable[frozenset[str]]
) -> dict[str, list[str]]:
    named = {entry_id: text.linked for entry_id, text in texts.items()}
    return related.related(passages, named, {e.id: e.title for e in entries.values()})
