"""Links between entries: other entries' names in an entry's summary and body link to their pages.

An entry page is linked as an article is, by the same tree processor (`linker.LinkingTreeprocessor`),
so the same rules hold: code, links and headings are never linked, names match on word edges only,
and each entry is linked at its first mention on the page (summary and body count as one page).
An entry never links to itself.

Editors' Markdown is rendered by `render.markdown` (markdown-it, then the nh3 allow-list); that
sanitised HTML is read back into an ElementTree for the linker and written out again. Nothing the
editor wrote is re-parsed as markup: text nodes stay text, and ElementTree escapes them on output.

Cards do not get these links: a card's summary stays plain (see README, "Entry pages").
"""

from __future__ import annotations

import functools
import html as html_lib
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown import Markdown

from . import render
from .linker import LinkingTreeprocessor, PageJob
from .matcher import Matcher
from .model import Entry

_VOID = frozenset({"br", "hr"})
# The linker reads these as Python-Markdown's placeholders; editors' text must not fake one.
_PLACEHOLDER_CHARS = str.maketrans("", "", "\x02\x03")


@dataclass(frozen=True, slots=True)
class LinkedText:
    """An entry's summary and body as linked HTML, and the entries they link, in order."""

    summary: str
    body: str | None
    linked: tuple[str, ...]


class _TreeBuilder(HTMLParser):
    """Sanitised HTML (a small, well-nested allow-list) → an ElementTree under one `<div>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = etree.TreeBuilder()
        self.builder.start("div", {})
        self.open: list[str] = ["div"]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.builder.start(tag, {k: v or "" for k, v in attrs})
        if tag in _VOID:
            self.builder.end(tag)
        else:
            self.open.append(tag)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.open:
            return
        while self.open[-1] != tag:  # close what the end tag implies, as a browser would
            self.builder.end(self.open.pop())
        self.builder.end(self.open.pop())

    def handle_data(self, data: str) -> None:
        self.builder.data(data.translate(_PLACEHOLDER_CHARS))

    def root(self) -> etree.Element:
        self.close()
        while self.open:
            self.builder.end(self.open.pop())
        return self.builder.close()


def _tree(html: str) -> etree.Element:
    parser = _TreeBuilder()
    parser.feed(html)
    return parser.root()


def _html(root: etree.Element) -> str:
    parts = [html_lib.escape(root.text or "", quote=False)]
    parts += [etree.tostring(child, encoding="unicode", method="html") for child in root]
    return "".join(parts)


@functools.cache
def _markdown() -> Markdown:
    # Only its (empty) stash is used: the linker looks raw HTML up there, and there is none.
    return Markdown()


def link_entry(
    entry: Entry, entries: dict[str, Entry], matcher: Matcher, href_for: Callable[[Entry], str]
) -> LinkedText:
    """`entry`'s summary and body with the first mention of each other entry linked.

    `href_for` gives the address of an entry's page relative to `entry`'s page."""
    job = PageJob(
        src_uri=entry.id, mode="first", entries=entries, matcher=matcher, notes=[],
        href_for=href_for, finish=lambda job: "",
    )  # fmt: skip
    # Counted as linked already, so `first` mode never links the entry to itself.
    job.linked[entry.id] = 0
    out: list[str | None] = []
    for text in (entry.summary, entry.body):
        if text is None:
            out.append(None)
            continue
        root = _tree(render.markdown(text))
        LinkingTreeprocessor(_markdown(), job).run(root)
        out.append(_html(root))
    linked = tuple(entry_id for entry_id in job.linked if entry_id != entry.id)
    return LinkedText(out[0] or "", out[1], linked)
