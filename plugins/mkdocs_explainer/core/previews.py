"""Previews beyond article mentions: every link to an entry page opens that entry's card, and every
link to a mention in an article ("Mentioned in") opens a card with the passage around it.

`mark_links` reads a page's content HTML (an index, the timeline, an entry page, an article's
hand-written links) and marks the links it can preview, so that the front end knows them:

    <a href="../people/<ID>/" class="xp-preview" data-xp-entry="<ID>">…</a>
    <a href="../../talks/#xp-m--<ID>" class="xp-preview" data-xp-passage="<n>">…</a>

It only adds attributes: the links, their text and their order stay as the template wrote them, so
the page reads the same with JavaScript off. The page then carries one card per entry and one
passage card per mention it links (`passage_cards.html`), never two for the same target.

A passage card answers "what will I find there?": the entry page already shows the sentence of
each mention under its link, so the card shows what the list cannot, the section of the article
the mention sits in and the paragraph around it, the mention marked. `passage_contexts` reads them
from the article's HTML as built, in one pass over it.

No MkDocs import: the caller resolves pages to site keys (see `postpage.site_key`).
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag

from . import plaintags, sitejoin
from .linker import _SENTENCE_END_RE

# An <a> start tag; quoted attribute values may hold ">" (raw HTML from an article's author).
_A_TAG_RE = re.compile(r"""<a\b((?:[^>"']|"[^"]*"|'[^']*')*)>""", re.IGNORECASE)
_ATTR_RE = re.compile(r"""\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
CONTEXT_CHARS = 280
"""How much of the paragraph a passage card shows on each side of the mention, at most."""


@dataclass(frozen=True, slots=True)
class PassageContext:
    """Where a mention sits in its article: the heading above it and the text around it."""

    heading: str
    before: str
    mention: str
    after: str


@dataclass(slots=True)
class PassageTarget:
    """A mention that links on other pages may lead to: its article and its context there."""

    url: str
    """The mention's address, relative to the page being marked (filled in by the caller)."""
    title: str
    context: PassageContext


@dataclass(slots=True)
class Marked:
    """What `mark_links` found on one page, in order of first appearance."""

    html: str
    entries: list[str] = field(default_factory=list)
    passages: list[str] = field(default_factory=list)
    """Site keys (`page#anchor`) of the mentions linked, numbered from 1 in this order."""


def _attrs(inside: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in _ATTR_RE.findall(inside):
        value = value[1:-1] if value[:1] in ("'", '"') else value
        out.setdefault(name.lower(), html_lib.unescape(value))
    return out


def _with_attrs(inside: str, attrs: dict[str, str], add: dict[str, str]) -> str:
    """The inside of an <a> tag with `class="xp-preview"` (joined to a class it has) and `add`,
    after the attributes it has (before a closing `/`, which browsers ignore)."""
    extra = "".join(f' {k}="{html_lib.escape(v, quote=True)}"' for k, v in add.items())
    if "class" in attrs:
        cls = html_lib.escape(" ".join([*attrs["class"].split(), "xp-preview"]), quote=True)
        inside = _replace_class(inside, cls)
    else:
        extra = ' class="xp-preview"' + extra
    body = inside.rstrip()
    slash = body.endswith("/") and not body.endswith(("='/", '="/'))
    if slash:
        return body[:-1].rstrip() + extra + "/"
    return body + extra


def _replace_class(inside: str, cls: str) -> str:
    done = False

    def put(m: re.Match[str]) -> str:
        nonlocal done
        if done or m.group(1).lower() != "class":
            return m.group(0)
        done = True
        return f' class="{cls}"'

    return _ATTR_RE.sub(put, inside)


def mark_links(
    html: str,
    page_key: str,
    entry_keys: Mapping[str, str],
    passage_keys: Collection[str] = (),
) -> Marked:
    """Mark the links of `html` (the content of the page at site key `page_key`) that lead to an
    entry page (`entry_keys`: page site key → entry id) or to a mention (`passage_keys`: site keys
    `page#anchor`). Links that already name an entry (article mentions) are kept as they are and
    counted; links to the page itself, and links inside a heading's permalink, are left alone."""
    marked = Marked(html)
    entries: dict[str, None] = {}
    passages: dict[str, int] = {}
    page, _ = urldefrag(page_key)

    def mark(m: re.Match[str]) -> str:
        inside = m.group(1)
        attrs = _attrs(inside)
        if "data-xp-entry" in attrs:
            entries.setdefault(attrs["data-xp-entry"], None)
            return m.group(0)
        href = attrs.get("href")
        if href is None or "data-xp-note" in attrs or "data-xp-passage" in attrs:
            return m.group(0)
        target, where, fragment = sitejoin.join(page_key, href.strip())
        if where == page:
            return m.group(0)
        if fragment and target in passage_keys:
            number = passages.setdefault(target, len(passages) + 1)
            return f"<a{_with_attrs(inside, attrs, {'data-xp-passage': str(number)})}>"
        entry_id = entry_keys.get(where)
        if entry_id is None:
            return m.group(0)
        entries.setdefault(entry_id, None)
        return f"<a{_with_attrs(inside, attrs, {'data-xp-entry': entry_id})}>"

    marked.html = _A_TAG_RE.sub(mark, html)
    marked.entries = list(entries)
    marked.passages = list(passages)
    return marked


# -- the context of a mention -----------------------------------------------------------------

_BLOCKS = frozenset({"p", "li", "dd", "dt", "td", "th", "blockquote", "figcaption", "summary", "pre"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


@dataclass(slots=True)
class _Block:
    tag: str
    parts: list[str] = field(default_factory=list)
    length: int = 0
    found: list[tuple[str, int, int]] = field(default_factory=list)
    """(anchor id, start, end) of the wanted mentions in this block's text."""


class _ContextParser(HTMLParser):
    """One pass over an article's HTML: each wanted mention's block text and heading."""

    def __init__(self, wanted: Collection[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.blocks: list[_Block] = []
        self.heading: list[str] | None = None
        self.heading_tag = ""
        self.last_heading = ""
        self.skip: list[str] = []
        """Tags whose text readers do not read as part of the sentence ([n] markers, ¶ links)."""
        self.anchor: tuple[str, int] | None = None
        self.found: dict[str, PassageContext] = {}

    @staticmethod
    def reads_attrs(tag: str, inside: str) -> bool:
        """Whether a plain tag's attributes (`inside`, as written) can change what this parser does,
        for `plaintags.feed`: one named `hidden`, or those of a <sup> or <a> (a note marker, a
        permalink, a wanted mention). With no `&` in them, their names read as they are written."""
        return tag == "a" or tag == "sup" or "&" in inside or "hidden" in inside.lower()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if self.skip:
            self.skip.append(tag)
            return
        marker = (tag == "sup" and "xp-note-ref" in classes) or (tag == "a" and "headerlink" in classes)
        if marker or tag in ("script", "style", "template") or "hidden" in a:
            self.skip.append(tag)
        elif tag in _HEADINGS:
            self.heading, self.heading_tag = [], tag
        elif tag in _BLOCKS:
            if tag == "p" and self.blocks and self.blocks[-1].tag == "p":
                self._close_block()  # an unclosed <p> in raw HTML ends where the next begins
            self.blocks.append(_Block(tag))
        elif tag == "a" and a.get("id") in self.wanted and self.blocks:
            self.anchor = (a["id"], self.blocks[-1].length)

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag == self.heading_tag and self.heading is not None:
            self.last_heading = " ".join("".join(self.heading).split())
            self.heading, self.heading_tag = None, ""
        elif tag == "a" and self.anchor is not None and self.blocks:
            anchor_id, start = self.anchor
            self.blocks[-1].found.append((anchor_id, start, self.blocks[-1].length))
            self.anchor = None
        elif tag in _BLOCKS and any(b.tag == tag for b in self.blocks):
            while self.blocks and self.blocks[-1].tag != tag:
                self._close_block()
            self._close_block()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.heading is not None:
            self.heading.append(data)
        if self.blocks:
            block = self.blocks[-1]
            block.parts.append(data)
            block.length += len(data)

    def _close_block(self) -> None:
        block = self.blocks.pop()
        text = "".join(block.parts)
        for anchor_id, start, end in block.found:
            self.found.setdefault(anchor_id, _context(self.last_heading, text, start, end))
        if self.blocks:  # the text of a list inside a list item is part of the item
            self.handle_data(" " + text)

    def close(self) -> None:
        super().close()
        while self.blocks:
            self._close_block()


def _context(heading: str, text: str, start: int, end: int) -> PassageContext:
    """The mention `text[start:end]` with up to CONTEXT_CHARS of its paragraph on each side,
    cut at a sentence boundary where there is one in reach, else at a word, with an ellipsis."""
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    before = _from_a_start(text[lo:start]) if lo > 0 else text[:start]
    after = _to_an_end(text[end:hi]) if hi < len(text) else text[end:]
    b, a = _squash(before), _squash(after)
    # Keep the spaces that separate the mention from its neighbours.
    b = b + " " if b and before[-1:].isspace() else b
    a = " " + a if a and after[:1].isspace() else a
    return PassageContext(heading, b, _squash(text[start:end]), a)


def _from_a_start(before: str) -> str:
    """`before` from its first whole sentence, else from its first whole word after "…"."""
    first = _SENTENCE_END_RE.search(before)
    if first:
        return before[first.end() :]
    words = before.split(None, 1)
    return "…" + (words[1] if len(words) > 1 else " ")


def _to_an_end(after: str) -> str:
    """`after` up to the end of its last whole sentence, else of its last whole word, then "…"."""
    ends = list(_SENTENCE_END_RE.finditer(after))
    if ends:
        return after[: ends[-1].end()]
    words = after.rsplit(None, 1)
    return (words[0] if len(words) > 1 else " ") + "…"


def _squash(text: str) -> str:
    return " ".join(text.split())


def passage_contexts(html: str, anchor_ids: Collection[str]) -> dict[str, PassageContext]:
    """Anchor id → the context of that mention in `html` (an article's content), for `anchor_ids`."""
    parser = _ContextParser(frozenset(anchor_ids))
    plaintags.feed(parser, html, 0, len(html))
    parser.close()
    return parser.found
