"""What the JSON-LD and the exports need to know about a build, gathered once in `on_env`.

Only strings and model objects: nothing here keeps MkDocs' pages alive into the next build. The
engine adapter answers the questions only it can (a page's URL, a URL relative to another).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .articlemeta import ArticleMeta
from .linker import Mention
from .matcher import Matcher
from .model import Entry, Registry
from .pages import Generated, media_uri


@dataclass(frozen=True, slots=True)
class Links:
    """Where things are in the built site. URLs are MkDocs' `File.url` (relative to the site root);
    written absolute under `site_url`, or else relative to the document that holds them."""

    site_url: str | None
    entry_urls: dict[str, str]
    """Entry id → its page's URL."""
    relative: Callable[[str, str], str]
    """The engine's `target` URL as seen from the page at `base` (MkDocs' `get_relative_url`)."""

    def ref(self, target: str, base: str) -> str:
        if self.site_url:
            return self.site_url.rstrip("/") + "/" + target.lstrip("/")
        return self.relative(target, base)

    def entry(self, entry: Entry, base: str) -> str:
        return self.ref(self.entry_urls.get(entry.id, ""), base)


@dataclass(frozen=True, slots=True)
class MentionedIn:
    url: str
    """The article's URL (site-relative)."""
    title: str
    anchor: str
    """The id of the first mention on that page."""


@dataclass(slots=True)
class SiteData:
    registry: Registry
    links: Links
    site_name: str
    generated: dict[str, Generated]
    matcher: Matcher
    mentioned_in: dict[str, list[MentionedIn]] = field(default_factory=dict)
    """Entry id → the articles that link to it, by title."""
    linked: dict[str, list[str]] = field(default_factory=dict)
    """Article src_uri → ids of the entries it links to, in order of first mention."""
    image_urls: dict[str, str] = field(default_factory=dict)
    meta: dict[str, ArticleMeta] = field(default_factory=dict)

    def entries(self, ids: list[str]) -> list[Entry]:
        return [self.registry.entries[i] for i in ids if i in self.registry.entries]

    def about(self, title: str) -> list[Entry]:
        """What a title names: the entries whose names it contains, in order."""
        ids = list(dict.fromkeys(m.entry_id for m in self.matcher.find(title)))
        return self.entries(ids)


@dataclass(frozen=True, slots=True)
class BuildFacts:
    """What the engine knows about a build's files: a path in docs_dir → its URL, an article's title."""

    site_url: str | None
    site_name: str
    url_of: Callable[[str], str | None]
    """None when the build has no such file."""
    title_of: Callable[[str], str | None]
    """An article's own title, if it has one."""
    relative: Callable[[str, str], str]


def gather(
    registry: Registry,
    build: BuildFacts,
    entry_uri: Callable[[Entry], str],
    generated: dict[str, Generated],
    matcher: Matcher,
    mentions: dict[str, list[Mention]],
    meta: dict[str, ArticleMeta],
) -> SiteData:
    """`entry_uri(entry)`: its page's path in docs_dir."""
    entry_urls = {}
    image_urls = {}
    for entry in registry.entries.values():
        page_url = build.url_of(entry_uri(entry))
        if page_url is not None:
            entry_urls[entry.id] = page_url
        if entry.image is not None and entry.image.remote:
            image_urls[entry.id] = entry.image.src
        elif entry.image is not None:
            image_url = build.url_of(media_uri(entry))
            if image_url is not None:
                image_urls[entry.id] = image_url
    links = Links(build.site_url or None, entry_urls, build.relative)
    data = SiteData(registry, links, build.site_name, dict(generated), matcher, image_urls=image_urls, meta=meta)
    for src_uri, found in sorted(mentions.items()):
        url = build.url_of(src_uri)
        if url is None:
            continue
        title = build.title_of(src_uri) or src_uri
        data.linked[src_uri] = list(dict.fromkeys(m.entry_id for m in found))
        for mention in found:
            spot = MentionedIn(url, title, mention.anchor_id)
            data.mentioned_in.setdefault(mention.entry_id, []).append(spot)
    for items in data.mentioned_in.values():
        items.sort(key=lambda m: (m.title.casefold(), m.url))
    return data
