"""What the editors' files mean once read: people, glossary terms, context notes, the registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

EntryType = Literal["person", "term"]
Loc = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Reference:
    title: str
    url: str
    publisher: str | None = None
    date: dt.date | None = None
    url_loc: Loc = field(default=(1, 1), compare=False)
    """Where the address was written, for the check's warnings about sources."""


@dataclass(frozen=True, slots=True)
class Image:
    src: str
    """Path relative to the repository root (under the docs or annotations folder), or an https:// address."""
    alt: str
    credit: str
    license: str

    @property
    def remote(self) -> bool:
        """Shown from its own address, not copied into the site."""
        return self.src.startswith("https://")


@dataclass(frozen=True, slots=True)
class Entry:
    """A person or a glossary term: something with a page of its own that articles link to."""

    id: str
    type: EntryType
    name: str
    aliases: tuple[str, ...]
    summary: str
    sources: tuple[Reference, ...]
    reviewed: dt.date
    source_path: str
    """The annotation file, relative to the repository root (for messages)."""
    body: str | None = None
    image: Image | None = None
    links: tuple[Reference, ...] = ()
    match_case: bool = True
    role: str | None = None
    role_as_of: dt.date | None = None
    kind: str | None = None
    """For terms: place | organisation | concept | event | other."""
    date: dt.date | None = None
    sort: str | None = None
    """For people: the family name the People index sorts by (default: the name's last word)."""
    wikidata: str | None = None
    """A Wikidata item id (`Q212`)."""
    same_as: tuple[str, ...] = ()
    """Addresses that identify the same person or thing."""
    as_of: dt.date | None = None
    """The day the entry's time-bound facts describe."""
    wikidata_loc: Loc = (1, 1)
    image_loc: Loc = (1, 1)
    name_locs: tuple[Loc, ...] = ()
    """Where the name and each alias were written, in the order of `names`."""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def title(self) -> str:
        """The name as a heading: glossary terms are often written in lower case to match prose."""
        return self.name[:1].upper() + self.name[1:] if self.name[:1].islower() else self.name

    @property
    def section(self) -> str:
        return "people" if self.type == "person" else "glossary"


@dataclass(frozen=True, slots=True)
class Note:
    """A context note anchored to one passage of an article (a W3C TextQuoteSelector)."""

    id: str
    article: str
    """The article's path inside docs_dir, e.g. `abu-dhabi-talks.md`."""
    quote: str
    title: str
    body: str
    sources: tuple[Reference, ...]
    reviewed: dt.date
    source_path: str
    loc: Loc
    prefix: str = ""
    suffix: str = ""


@dataclass(slots=True)
class Registry:
    """Every entry and note of a build, looked up by id, by name and by article."""

    entries: dict[str, Entry] = field(default_factory=dict)
    notes: dict[str, list[Note]] = field(default_factory=dict)

    def people(self) -> list[Entry]:
        return sorted((e for e in self.entries.values() if e.type == "person"), key=_sort_key)

    def terms(self) -> list[Entry]:
        return sorted((e for e in self.entries.values() if e.type == "term"), key=_sort_key)

    def events(self) -> list[Entry]:
        dated = [e for e in self.entries.values() if e.kind == "event" and e.date is not None]
        return sorted(dated, key=lambda e: (e.date or dt.date.min, _sort_key(e)))

    def surfaces(self) -> Iterator[tuple[str, str, bool]]:
        """(name or alias, entry id, match case) for everything that articles may mention."""
        for entry in self.entries.values():
            for name in entry.names:
                yield name, entry.id, entry.match_case


def _sort_key(entry: Entry) -> tuple[str, str]:
    return (entry.name.casefold(), entry.id)
