"""What the JSON-LD and the exports need to know about a build, gathered once in `on_env`.

Only strings and model objects: nothing here keeps MkDocs' pages alive into the next build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

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

    def ref(self, target: str, base: str) -> str:
        if self.site_url:
            return self.site_url.rstrip("/") + "/" + target.lstrip("/")
        return get_relative_url(target, base)

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


def gather(
    registry: Registry,
    files: Files,
    config: Any,
    entry_uri: Callable[[Entry], str],
    generated: dict[str, Generated],
    matcher: Matcher,
    mentions: dict[str, list[Mention]],
    meta: dict[str, ArticleMeta],
    title_of: Callable[[Any], str | None],
) -> SiteData:
    """`title_of(file)`: an article's own title; `entry_uri(entry)`: its page's path in docs_dir."""
    entry_urls = {}
    image_urls = {}
    for entry in registry.entries.values():
        page = files.get_file_from_path(entry_uri(entry))
        if page is not None:
            entry_urls[entry.id] = page.url
        if entry.image is not None:
            image = files.get_file_from_path(media_uri(entry))
            if image is not None:
                image_urls[entry.id] = image.url
    links = Links(config.site_url or None, entry_urls)
    data = SiteData(registry, links, config.site_name, dict(generated), matcher, image_urls=image_urls, meta=meta)
    for src_uri, found in sorted(mentions.items()):
        article = files.get_file_from_path(src_uri)
        if article is None:
            continue
        title = title_of(article) or src_uri
        data.linked[src_uri] = list(dict.fromkeys(m.entry_id for m in found))
        for mention in found:
            spot = MentionedIn(article.url, title, mention.anchor_id)
            data.mentioned_in.setdefault(mention.entry_id, []).append(spot)
    for items in data.mentioned_in.values():
        items.sort(key=lambda m: (m.title.casefold(), m.url))
    return data
