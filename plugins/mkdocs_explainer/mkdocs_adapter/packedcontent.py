"""Pages keep their HTML compressed in memory: the plugin's own pages, and in a full build the articles.

MkDocs keeps every page's `page.content` until the build ends. The generated pages are made in
`on_env`, all at once, and at newsroom scale their HTML was most of what the plugin added to a
build's peak memory (issue 12: ~24 MiB of 2,000 entry pages); the articles' HTML, with a link
and its attributes on every mention, was next (~12 MiB at 500 articles). Their content is kept
zlib-compressed instead, and `page.content` decompresses it on every read: the theme, search and
any other plugin read and write the same `str` as before, at any time, and the site is unchanged.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any

from mkdocs.structure.pages import Page

_LEVEL = 1
"""Fastest: HTML shrinks about fivefold even so, and each page is compressed once or twice."""


class PackedContentPage(Page):
    """A page whose `content` lives compressed; reading it gives the `str` last assigned."""

    @property
    def content(self) -> str | None:
        packed = self.__dict__.get("_xp_packed")
        # surrogatepass: a lone surrogate a character reference made comes back as it went in.
        return None if packed is None else zlib.decompress(packed).decode("utf-8", "surrogatepass")

    @content.setter
    def content(self, value: str | None) -> None:
        packed = None if value is None else zlib.compress(value.encode("utf-8", "surrogatepass"), _LEVEL)
        self.__dict__["_xp_packed"] = packed

    def __eq__(self, other: Any) -> bool:
        # Page compares classes with isinstance(other, self.__class__): keep it symmetric with Page.
        return isinstance(other, Page) and self.title == other.title and self.file == other.file

    __hash__ = None  # type: ignore[assignment]  # as Page's: it defines __eq__ only


def hold_rendered(pages: Iterable[Page | None]) -> None:
    """Keep the content of every rendered page compressed from now on. Only pages of MkDocs' own
    class: another plugin's subclass (Material's blog posts) may define `content` itself."""
    for page in pages:
        if page is not None and type(page) is Page and isinstance(page.__dict__.get("content"), str):
            hold(page, page.__dict__["content"])


def hold(page: Page, html: str) -> None:
    """Make `html` the content of `page` (a page the plugin generated), kept compressed."""
    page.__dict__.pop("content", None)  # The class's property now answers for it.
    page.__class__ = PackedContentPage
    page.content = html
