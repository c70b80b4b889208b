"""Pages keep their HTML compressed in memory: the plugin's own pages, and in a full build the articles.

MkDocs keeps every page's `page.content` until the build ends. The generated pages are made in
`on_env`, all at once, and at newsroom scale their HTML was most of what the plugin added to a
build's peak memory (issue 12: ~24 MiB of 2,000 entry pages); the articles' HTML, with a link
and its attributes on every mention, was next (~12 MiB at 500 articles), then their Markdown
(~7 MiB), which MkDocs keeps too. Both are kept zlib-compressed instead, and `page.content` and
`page.markdown` decompress on every read: the theme, search and any other plugin read and write
the same `str` as before, at any time, and the site is unchanged.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.structure.pages import Page
from mkdocs.utils import weak_property

_LEVEL = 1
"""Fastest: HTML shrinks about fivefold even so, and each page is compressed once or twice."""

_FIELDS = ("content", "markdown")
"""What a packed page keeps compressed: its HTML, and the Markdown it was rendered from."""


_KEYS = {name: f"_xp_packed_{name}" for name in _FIELDS}
_PAGE_TITLE: Callable[[Page], str | None] = Page.__dict__["title"].func


class _Packed:
    """A `str | None` attribute kept as zlib-compressed UTF-8 in the instance's `__dict__`.

    A page is read several times in a row as it is written (search reads its content twice and
    writes it back, the theme reads it twice): the last value read or written is kept with the
    compressed bytes it stands for, and a read of those same bytes (the same object: they are
    kept alive with it, so no other can take their identity) returns it without decompressing, and
    an assignment of that same text to the page that holds it keeps the bytes it has."""

    def __init__(self, name: str) -> None:
        self.key = _KEYS[name]
        self.last: tuple[bytes, str] | None = None

    def __get__(self, page: Page | None, owner: type | None = None) -> Any:
        if page is None:
            return self
        packed = page.__dict__.get(self.key)
        if packed is None:
            return None
        last = self.last
        if last is not None and last[0] is packed:
            return last[1]
        # surrogatepass: a lone surrogate a character reference made comes back as it went in.
        value = zlib.decompress(packed).decode("utf-8", "surrogatepass")
        self.last = (packed, value)
        return value

    def __set__(self, page: Page, value: str | None) -> None:
        last = self.last
        if value is not None and last is not None and page.__dict__.get(self.key) is last[0] and value == last[1]:
            return  # The text it holds, given back (search writes every page's content back, most unchanged).
        packed = None if value is None else zlib.compress(value.encode("utf-8", "surrogatepass"), _LEVEL)
        page.__dict__[self.key] = packed
        if packed is not None and value is not None:
            self.last = (packed, value)


def forget_last() -> None:
    """Let go of the last values read (a build's end: they are its last page's)."""
    for name in _FIELDS:
        descriptor = PackedContentPage.__dict__[name]
        assert isinstance(descriptor, _Packed)
        descriptor.last = None


class PackedContentPage(Page):
    """A page whose `content` and `markdown` live compressed; reading one gives the `str` last assigned."""

    content = _Packed("content")
    markdown = _Packed("markdown")

    @weak_property
    def title(self) -> str | None:
        """`Page.title`, whose first question (`self.markdown is None`) is answered without
        decompressing: the theme asks every page's title for every page's navigation. The next two
        are MkDocs' own; only a page with neither (a rare one) is asked the whole question again."""
        if self.__dict__.get(_KEYS["markdown"]) is None:
            return None
        if "title" in self.meta:
            title: str | None = self.meta["title"]
            return title
        if self._title_from_render:
            return self._title_from_render
        return _PAGE_TITLE(self)

    def __eq__(self, other: Any) -> bool:
        # Page compares classes with isinstance(other, self.__class__): keep it symmetric with Page.
        # Files first: Material's navigation compares the page being rendered with every page in
        # it (500 × 2,500 comparisons at 500 articles), and two different files answer at once,
        # where the titles cost two computations each time. The answer is Page's: both must agree.
        if self is other:
            return True
        return isinstance(other, Page) and self.file == other.file and self.title == other.title

    __hash__ = None  # type: ignore[assignment]  # as Page's: it defines __eq__ only


def hold_rendered(pages: Iterable[Page | None]) -> None:
    """Keep the content of every rendered page compressed from now on. Only pages of MkDocs' own
    class: another plugin's subclass (Material's blog posts) may define `content` itself."""
    for page in pages:
        if page is not None and type(page) is Page and isinstance(page.__dict__.get("content"), str):
            hold(page, page.__dict__["content"])


def hold(page: Page, html: str) -> None:
    """Make `html` the content of `page`, kept compressed, and its Markdown too."""
    page.__dict__.pop("content", None)  # Replaced by `html`: not compressed first.
    plain = {name: page.__dict__.pop(name) for name in _FIELDS if name in page.__dict__}
    page.__class__ = PackedContentPage  # The class's descriptors now answer for both.
    for name, value in plain.items():
        setattr(page, name, value)
    page.content = html
