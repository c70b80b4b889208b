"""The Python-Markdown tree processor that links mentions and anchors context notes.

It runs on the parsed tree after inline processing, like the `abbr` extension, so code,
preformatted blocks, existing links, headings and raw HTML are seen for what they are and
never touched. Raw HTML tags are read as a browser reads them: `<a href="…"/>` opens a link
that stays open until `</a>` (the browser ignores the slash), so nothing is linked inside it,
and a note's marker, itself a link, is never put inside a raw link. It records what it did in
a `PageJob`, which the plugin turns into cards, endnotes, backlinks and messages.

A job belongs to one page render: the extension hands it to the first Markdown instance built
after the plugin armed it (the page's own), never to a nested render (mkdocstrings, blog
excerpts) built while or after the page renders. What a nested render returns is raw HTML to
the page's tree, so it is never linked: one set of links, cards and backlinks per page.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
import xml.etree.ElementTree as etree
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Literal, overload

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import ids
from .matcher import Matcher, clusters, normalise
from .model import Entry, Note

LinkMode = Literal["first", "all", "none"]
EXPLICIT_SCHEME = "explainer:"
NOLINK_CLASS = "xp-nolink"
# An admonition's title is a heading in all but name (with `???` it is the `<summary>`).
NO_LINK_CLASSES = frozenset({NOLINK_CLASS, "admonition-title"})

TEXT_BLOCKS = frozenset({"p", "li", "dd", "dt", "td", "th", "figcaption", "caption"})
# A `<summary>` is a control (it toggles its `<details>`), so a link in it would steal the click.
NO_LINK_TAGS = frozenset(
    {"a", "code", "pre", "kbd", "samp", "var", "script", "style", "textarea", "button",
     "select", "option", "label", "svg", "math", "abbr", "img", "summary",
     "h1", "h2", "h3", "h4", "h5", "h6"}
)  # fmt: skip
VOID_TAGS = frozenset({"br", "hr", "img", "input", "wbr", "meta", "link", "source", "area", "col"})

_STASH_RE = re.compile("\x02wzxhzdk:(\\d+)\x03")
_ESCAPE_RE = re.compile("\x02(\\d+)\x03")
_TOGGLE_RE = re.compile(r"^\s*<!--\s*explainer\s*:\s*(off|on)\s*-->\s*$", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"”’)\]]*\s+")
MAX_SENTENCE = 320


@dataclass(slots=True)
class Mention:
    entry_id: str
    anchor_id: str
    sentence: str


@dataclass(slots=True)
class PlacedNote:
    note: Note
    number: int


@dataclass(slots=True)
class PageJob:
    """One page's linking: what to link with, and what was linked."""

    src_uri: str
    mode: LinkMode
    entries: dict[str, Entry]
    matcher: Matcher
    notes: list[Note]
    href_for: Callable[[Entry], str]
    """Entry → href written on the mention (a path to its .md page, relative to this page)."""
    finish: Callable[[PageJob], str]
    """Called once linking is done: returns the HTML to append to the page's content."""
    note_label: str = "Context note"
    """Accessible name of a note's number, before "N: title" (in the site's language)."""
    linked: dict[str, int] = field(default_factory=dict)
    """Entry id → number of links to it on the page, in order of first appearance."""
    mentions: list[Mention] = field(default_factory=list)
    placed: list[PlacedNote] = field(default_factory=list)
    unknown_ids: list[str] = field(default_factory=list)
    note_problems: list[tuple[Note, int]] = field(default_factory=list)
    """Notes whose passage was found 0 or more than 1 times, with the count."""
    notes_refused: list[Note] = field(default_factory=list)
    """Notes whose passage is inside a raw HTML link that is not closed in its block: the
    marker, a link, would land inside that link, so the note is not placed."""


class ExplainerExtension(Extension):
    """Registered by the plugin; asks `job_source` for a job each time a Markdown instance is built.

    `job_source` must hand a job out once (see `once`): the instance that gets it is the page's.
    """

    def __init__(self, job_source: Callable[[], PageJob | None]) -> None:
        super().__init__()
        self.job_source = job_source

    def extendMarkdown(self, md: Markdown) -> None:
        job = self.job_source()
        if job is not None:
            # After attr_list (8), before toc (5) and MkDocs' relative links (0).
            md.treeprocessors.register(LinkingTreeprocessor(md, job), "explainer", 7)


def once(job: PageJob) -> Callable[[], PageJob | None]:
    """A job source that gives `job` to the first Markdown instance that asks, and None after."""
    pending: list[PageJob] = [job]

    def claim() -> PageJob | None:
        return pending.pop() if pending else None

    return claim


class LinkingTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, job: PageJob) -> None:
        super().__init__(md)
        self.job = job
        self.enabled = True
        # Raw inline elements open in the current block (their text is never linked), and
        # whether a raw <a> is open: the browser carries it into the following blocks.
        self.raw_stack: list[str] = []
        self.raw_link_open = False
        self.link_open_blocks: set[etree.Element] = set()
        self.block: etree.Element | None = None
        self.firsts: list[tuple[str, etree.Element, etree.Element | None]] = []

    def run(self, root: etree.Element) -> None:
        self._walk(root)
        for anchor in root.iter("a"):
            if anchor.get("href", "").startswith(EXPLICIT_SCHEME) and "class" not in anchor.attrib:
                self._explicit(anchor, count=True)
        # Notes after names: a passage that starts or ends inside a name must not split it.
        self._anchor_notes(root)
        self._record_sentences()
        extra = self.job.finish(self.job)
        if extra:
            holder = etree.SubElement(root, "p")
            holder.text = self.md.htmlStash.store(extra)

    # -- linking mentions -------------------------------------------------------------

    def _walk(self, el: etree.Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "a":
            if el.get("href", "").startswith(EXPLICIT_SCHEME):
                self._explicit(el, count=self.enabled)
            return
        if tag in NO_LINK_TAGS or NO_LINK_CLASSES.intersection(el.get("class", "").split()):
            return
        outer_block, outer_stack = self.block, self.raw_stack
        if tag in TEXT_BLOCKS:
            self.block, self.raw_stack = el, []
            if self.raw_link_open:
                self.link_open_blocks.add(el)
        # The new child list is built once and set at the end: inserting each link where it
        # goes would cost the element's length per link (quadratic in a paragraph of links).
        children: list[etree.Element] = []
        changed = False
        if el.text:
            pieces = self._link(el.text)
            if pieces:
                el.text = pieces[0]
                children += pieces[1]
                changed = True
        for child in list(el):
            children.append(child)
            if self._toggle(child):
                continue
            self._walk(child)
            if child.tail:
                pieces = self._link(child.tail)
                if pieces:
                    child.tail = pieces[0]
                    children += pieces[1]
                    changed = True
        if changed:
            el[:] = children
        if tag in TEXT_BLOCKS:
            self.block, self.raw_stack = outer_block, outer_stack

    def _toggle(self, el: etree.Element) -> bool:
        """`<!-- explainer: off -->` / `on` alone in a block switch auto-linking for what follows."""
        if el.tag != "p" or not el.text or len(el):
            return False
        m = _STASH_RE.fullmatch(el.text.strip())
        if not m:
            return False
        raw = self._stash(int(m.group(1)))
        t = _TOGGLE_RE.match(raw)
        if t:
            self.enabled = t.group(1).lower() == "on"
        return bool(t)

    def _stash(self, index: int) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        item = blocks[index] if index < len(blocks) else ""
        return item if isinstance(item, str) else ""

    def _link(self, text: str) -> tuple[str, list[etree.Element]] | None:
        """Split `text` into the text before the first link and the new links (with tails)."""
        if not self.enabled and "\x02" not in text:
            return None
        allowed = list(self._linkable_spans(text))
        if not self.enabled or self.job.mode == "none" or not allowed:
            return None
        keep = []
        taken: set[str] = set()
        for m in self.job.matcher.find(text):
            if m.entry_id in taken and self.job.mode != "all":
                continue
            if any(a <= m.start and m.end <= b for a, b in allowed) and self._want(m.entry_id):
                keep.append(m)
                taken.add(m.entry_id)
        if not keep:
            return None
        anchors = []
        for i, m in enumerate(keep):
            anchor = self._mention(self.job.entries[m.entry_id], text[m.start : m.end])
            anchor.tail = text[m.end : keep[i + 1].start if i + 1 < len(keep) else len(text)]
            anchors.append(anchor)
        return text[: keep[0].start], anchors

    def _linkable_spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Stretches of `text` outside inline raw HTML elements (`<span>…</span>` stays as written)."""
        pos = 0
        for m in _STASH_RE.finditer(text):
            if self._linkable_here() and m.start() > pos:
                yield pos, m.start()
            for name, opens in raw_tags(self._stash(int(m.group(1)))):
                if name == "a":
                    self.raw_link_open = opens
                else:
                    _apply(self.raw_stack, name, opens)
            pos = m.end()
        if self._linkable_here() and pos < len(text):
            yield pos, len(text)

    def _linkable_here(self) -> bool:
        return not self.raw_stack and not self.raw_link_open

    def _want(self, entry_id: str) -> bool:
        return self.job.mode == "all" or entry_id not in self.job.linked

    def _mention(self, entry: Entry, text: str) -> etree.Element:
        anchor = etree.Element("a")
        anchor.text = text
        self._mark(anchor, entry)
        return anchor

    def _mark(self, anchor: etree.Element, entry: Entry) -> None:
        count = self.job.linked.get(entry.id, 0) + 1
        self.job.linked[entry.id] = count
        anchor_id = ids.mention(entry.id, count)
        anchor.set("href", self.job.href_for(entry))
        anchor.set("class", "xp-mention")
        anchor.set("data-xp-entry", entry.id)
        anchor.set("data-xp-kind", entry.type)
        anchor.set("id", anchor_id)
        if count == 1:
            self.firsts.append((entry.id, anchor, self.block))

    def _explicit(self, anchor: etree.Element, count: bool) -> None:
        entry_id = anchor.get("href", "")[len(EXPLICIT_SCHEME) :].strip()
        entry = self.job.entries.get(entry_id)
        if entry is None:
            self.job.unknown_ids.append(entry_id)
            anchor.set("class", "xp-mention xp-unknown")
            anchor.set("href", "#")
            return
        self._mark(anchor, entry)

    # -- sentences for "Mentioned in" ----------------------------------------------------

    def _record_sentences(self) -> None:
        # One walk per block for all its mentions: a walk per mention is quadratic in a
        # paragraph that names thousands of entries.
        sentences = [""] * len(self.firsts)
        by_block: dict[etree.Element, list[int]] = {}
        for i, (_, _, block) in enumerate(self.firsts):
            if block is not None:
                by_block.setdefault(block, []).append(i)
        for block, indices in by_block.items():
            found = _sentences_around(block, [self.firsts[i][1] for i in indices])
            for i, sentence in zip(indices, found, strict=True):
                sentences[i] = sentence
        for (entry_id, anchor, _), sentence in zip(self.firsts, sentences, strict=True):
            self.job.mentions.append(Mention(entry_id, anchor.get("id", ""), sentence))

    # -- context notes ---------------------------------------------------------------------

    def _anchor_notes(self, root: etree.Element) -> None:
        if not self.job.notes:
            return
        blocks = [el for el in root.iter() if el.tag in TEXT_BLOCKS]
        # Mapping a block's text character by character is most of the linking step's time: a
        # block is mapped only if its text, read cheaply where that gives the same, holds a quote.
        plain = [_plain_text(b) for b in blocks]
        texts: list[_VisibleText | None] = [None] * len(blocks)

        def mapped(i: int) -> _VisibleText:
            text = texts[i]
            if text is None:
                text = texts[i] = _VisibleText(blocks[i], self)
            return text

        order: list[tuple[int, int, Note, etree.Element]] = []
        for note in self.job.notes:
            quote = _squash(note.quote).strip()
            prefix = _squash(note.prefix)
            suffix = _squash(note.suffix)
            maybe = [i for i, text in enumerate(plain) if text is None or quote in text]
            hits = [(i, p) for i in maybe for p in mapped(i).find(quote, prefix, suffix)]
            if len(hits) != 1:
                self.job.note_problems.append((note, len(hits)))
                continue
            i, p = hits[0]
            marker = mapped(i).wrap(p, p + len(quote), note)
            if marker is None:
                self.job.notes_refused.append(note)
                continue
            order.append((i, p, note, marker))
            # Wrapping split this block's text nodes: map it afresh for the next note.
            texts[i], plain[i] = _VisibleText(blocks[i], self), None
        for number, (_, _, note, marker) in enumerate(sorted(order, key=lambda o: o[:2]), 1):
            link = marker
            link.text = f"[{number}]"
            link.set("aria-label", f"{self.job.note_label} {number}: {note.title}")
            self.job.placed.append(PlacedNote(note, number))


_SPACES_RE = re.compile(" {2,}")


def _plain_text(block: etree.Element) -> str | None:
    """`_VisibleText(block).text`, when no character of it needs mapping to be known: its text
    nodes hold no escape or stash (`\x02…\x03`) and, spaces squashed, it is NFC as it stands.
    None otherwise (map it)."""
    segments: list[tuple[etree.Element, str]] = []
    _collect_segments(block, segments, {})
    raw = "".join(getattr(node, attr) or "" for node, attr in segments)
    if "\x02" in raw:
        return None
    text = _SPACES_RE.sub(" ", normalise(raw))  # `normalise` keeps the length: one character each
    return text if unicodedata.is_normalized("NFC", text) else None


def _collect_segments(
    el: etree.Element, segments: list[tuple[etree.Element, str]], parent: dict[etree.Element, etree.Element]
) -> None:
    """Every piece of text in `el`'s block, (node, "text" | "tail") in reading order, and each
    element's parent; a nested block's text is its own (its tail is this block's)."""
    if el.text:
        segments.append((el, "text"))
    for child in el:
        parent[child] = el
        if child.tag not in TEXT_BLOCKS:
            _collect_segments(child, segments, parent)
        if child.tail:
            segments.append((child, "tail"))


def _squash(text: str) -> str:
    """A quote, prefix or suffix as it is looked for: NFC, spaces and apostrophes as the matcher sees them."""
    return re.sub(r" {2,}", " ", normalise(unicodedata.normalize("NFC", text)))


class _RawTags(HTMLParser):
    """Collects the tags in a piece of raw HTML as (name, opens) pairs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tags: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_TAGS:
            self.tags.append((tag, True))

    # `<a href="…"/>`: HTML ignores the slash on a non-void element, which stays open.
    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.tags.append((tag, False))


@functools.lru_cache(maxsize=4096)
def raw_tags(raw: str) -> tuple[tuple[str, bool], ...]:
    """The tags a browser sees in a piece of raw HTML, in order (void elements left out)."""
    parser = _RawTags()
    parser.feed(raw)
    parser.close()
    return tuple(parser.tags)


def _apply(stack: list[str], name: str, opens: bool) -> None:
    """Open or close `name` on a stack of open elements (a stray end tag changes nothing)."""
    if opens:
        stack.append(name)
    elif name in stack:
        del stack[len(stack) - 1 - stack[::-1].index(name) :]


# A place in a block's text: (node, "text" | "tail", offset into that string).
_Place = tuple[etree.Element, str, int]


class _Origin:
    """Where each character of a block's visible text comes from: (segment, raw start, raw end).

    A list of one tuple per character took ~100 bytes a character (a note on a 20 MB article
    took the build past 1.6 GB). This keeps runs instead, in four arrays of machine ints: a run
    is a stretch of characters taken one raw character each, in order, from one segment
    (`width` 0), or characters that all come from one raw span (an escape `\x02NN\x03`, a
    stashed code span, a composed cluster). It reads like the list it replaces; a lookup bisects.
    """

    def __init__(self, items: Iterable[tuple[int, int, int]] = ()) -> None:
        self.starts = array("q")  # first character of each run
        self.segs = array("q")
        self.raw = array("q")  # raw start of the run's first character
        self.widths = array("q")  # 0: one raw character each; else every character's raw span
        self.length = 0
        self.extend(items)

    def append(self, item: tuple[int, int, int]) -> None:
        s, a, b = item
        if self.segs and self.segs[-1] == s:
            n, width, start = self.length - self.starts[-1], self.widths[-1], self.raw[-1]
            if width == 0 and start + n == a and b == a + 1:  # the next raw character
                self.length += 1
                return
            if width == b - a and start == a:  # the same raw span again
                self.length += 1
                return
            if width == 1 and n == 1 and start + 1 == a and b == a + 1:  # a second single: a run
                self.widths[-1] = 0
                self.length += 1
                return
        self.starts.append(self.length)
        self.segs.append(s)
        self.raw.append(a)
        self.widths.append(b - a)
        self.length += 1

    def extend(self, items: Iterable[tuple[int, int, int]]) -> None:
        for item in items:
            self.append(item)

    def __len__(self) -> int:
        return self.length

    def _at(self, i: int) -> tuple[int, int, int]:
        k = bisect_right(self.starts, i) - 1
        a = self.raw[k] + (0 if self.widths[k] else i - self.starts[k])
        return self.segs[k], a, a + (self.widths[k] or 1)

    @overload
    def __getitem__(self, key: int) -> tuple[int, int, int]: ...
    @overload
    def __getitem__(self, key: slice) -> list[tuple[int, int, int]]: ...
    def __getitem__(self, key: int | slice) -> tuple[int, int, int] | list[tuple[int, int, int]]:
        if isinstance(key, slice):
            return [self._at(i) for i in range(*key.indices(self.length))]
        if not -self.length <= key < self.length:
            raise IndexError(key)
        return self._at(key % self.length)

    def nbytes(self) -> int:
        """Bytes held by the map's arrays (what the regression test bounds)."""
        return sum(a.buffer_info()[1] * a.itemsize for a in (self.starts, self.segs, self.raw, self.widths))


class _VisibleText:
    """The text a reader sees in one block, mapped back to the tree's text nodes."""

    def __init__(self, block: etree.Element, proc: LinkingTreeprocessor) -> None:
        self.block = block
        self.parent: dict[etree.Element, etree.Element] = {}
        # (node, "text" | "tail") for every piece of text in the block, in reading order.
        self.segments: list[tuple[etree.Element, str]] = []
        _collect_segments(block, self.segments, self.parent)
        # Characters go to `chars` and, a few thousand at a time, into `parts` as one string:
        # a list of one-character strings is 8 bytes a character more for the whole block.
        chars: list[str] = []
        parts: list[str] = []
        last = ""

        def put(c: str, where: tuple[int, int, int]) -> None:
            nonlocal last
            chars.append(c)
            self.origin.append(where)
            last = c
            if len(chars) >= 4096:
                parts.append("".join(chars))
                chars.clear()

        self.origin = _Origin()  # (segment, raw start, raw end) per char, stored as runs
        # Raw HTML in the block, in reading order: (segment, raw start, raw end, its tags).
        self.raw: list[tuple[int, int, int, tuple[tuple[str, bool], ...]]] = []
        # A raw <a> left open before this block: the browser reopens it here.
        self.open_at_start = ["a"] if block in proc.link_open_blocks else []
        for s, (node, attr) in enumerate(self.segments):
            raw = getattr(node, attr) or ""
            pos = 0
            while pos < len(raw):
                c = raw[pos]
                if c == "\x02":
                    end = raw.find("\x03", pos)
                    end = len(raw) - 1 if end < 0 else end
                    esc = _ESCAPE_RE.fullmatch(raw, pos, end + 1)
                    stash = _STASH_RE.fullmatch(raw, pos, end + 1)
                    if esc:
                        put(chr(int(esc.group(1))), (s, pos, end + 1))
                    elif stash and node.tag == "code" and attr == "text":
                        # Code kept in the stash (pymdownx.inlinehilite) is seen by the reader:
                        # its text counts, and a passage that touches it wraps all of it.
                        for c in _stashed_text(proc, int(stash.group(1))):
                            if not (c == " " and last == " "):
                                put(c, (s, pos, end + 1))
                    elif stash:
                        self.raw.append((s, pos, end + 1, raw_tags(proc._stash(int(stash.group(1))))))
                    pos = end + 1
                    continue
                c = normalise(c)
                if c == " " and last == " ":
                    pos += 1
                    continue
                put(c, (s, pos, pos + 1))
                pos += 1
        self.text = self._compose("".join(parts) + "".join(chars))

    def _compose(self, text: str) -> str:
        """`text` in NFC (quotes are looked for in NFC), keeping `origin` one entry per character.

        A cluster whose letters lie in different text nodes (`e<b>\u0301</b>`) stays as it is."""
        if unicodedata.is_normalized("NFC", text):
            return text
        out: list[str] = []
        origin = _Origin()
        pos = 0
        for a, b in clusters(text):
            piece = unicodedata.normalize("NFC", text[a:b])
            parts = self.origin[a:b]
            if piece == text[a:b] or len({p[0] for p in parts}) != 1:
                continue
            out.append(text[pos:a])
            origin.extend(self.origin[pos:a])
            merged = (parts[0][0], min(p[1] for p in parts), max(p[2] for p in parts))
            out.append(piece)
            origin.extend([merged] * len(piece))
            pos = b
        out.append(text[pos:])
        origin.extend(self.origin[pos:])
        self.origin = origin
        return "".join(out)

    def find(self, quote: str, prefix: str, suffix: str) -> list[int]:
        found = []
        start = self.text.find(quote)
        while start >= 0 and quote:
            end = start + len(quote)
            if self.text[max(0, start - len(prefix)) : start] == prefix and self.text.startswith(
                suffix, end
            ):
                found.append(start)
            start = self.text.find(quote, start + 1)
        return found

    def _runs(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """Text [start, end) as (segment, raw start, raw end) stretches with no raw HTML inside,
        so that a passage span never holds half of a raw element."""
        runs: list[list[int]] = []
        for s, a, b in self.origin[start:end]:
            last = runs[-1] if runs else None
            if last and last[0] == s and "\x02wzxhzdk:" not in self._raw_text(s)[last[2] : a]:
                last[2] = b
            else:
                runs.append([s, a, b])
        return [(s, a, b) for s, a, b in runs]

    def _raw_text(self, s: int) -> str:
        node, attr = self.segments[s]
        return getattr(node, attr) or ""

    def _marker_place(self, end: int) -> _Place | None:
        """Where the marker of a passage ending before visible char `end` goes, or None when
        only a place inside a raw link would do (a raw <a> not closed in the block)."""
        s, _, k = self.origin[end - 1]
        stack = list(self.open_at_start)
        later = []
        for raw in self.raw:
            if (raw[0], raw[2]) <= (s, k):
                for name, opens in raw[3]:
                    _apply(stack, name, opens)
            else:
                later.append(raw)
        for rs, ra, rb, tags in later:
            # Past the raw end tags right after the passage (`<b>passage</b>` → after </b>), and
            # in any case out of a raw link.
            adjacent = (rs, ra) == (s, k) and all(not opens for _, opens in tags)
            if "a" not in stack and not adjacent:
                break
            for name, opens in tags:
                _apply(stack, name, opens)
            s, k = rs, rb
        if "a" in stack:
            return None
        node, attr = self.segments[s]
        # After the passage's closing inline tags (`*passage*` → after </em>), and never inside
        # a link or code, since the marker is a link itself.
        place: _Place = (node, attr, k)
        up: etree.Element | None = node if attr == "text" else self.parent.get(node)
        while up is not None and up is not self.block:
            n, a, k = place
            if a == "text":
                ends_here = n is up and not (n.text or "")[k:].strip() and not len(n)
            else:
                ends_here = list(up)[-1] is n and not (n.tail or "")[k:].strip()
            if ends_here or up.tag in ("a", "code"):
                place = (up, "tail", 0)
            up = self.parent.get(up)
        return place

    def _insert(self, place: _Place, el: etree.Element) -> None:
        """Put `el` at `place`, splitting that text node."""
        node, attr, k = place
        raw = getattr(node, attr) or ""
        setattr(node, attr, raw[:k])
        el.tail = raw[k:]
        if attr == "text":
            node.insert(0, el)
            self.parent[el] = node
        else:
            holder = self.parent[node]
            holder.insert(list(holder).index(node) + 1, el)
            self.parent[el] = holder

    def wrap(self, start: int, end: int, note: Note) -> etree.Element | None:
        """Wrap text [start, end) in passage spans; put the note's marker after it.

        Returns the marker's link, or None (and changes nothing) when it cannot be placed."""
        place = self._marker_place(end)
        if place is None:
            return None
        sup = etree.Element("sup", {"class": "xp-note-ref"})
        etree.SubElement(
            sup,
            "a",
            {
                "href": "#" + ids.endnote(note.id),
                "id": ids.noteref(note.id),
                "data-xp-note": note.id,
                "role": "doc-noteref",
            },
        )
        # The marker first: the passage's text offsets stay valid, as they all lie before it.
        self._insert(place, sup)
        for s, a, b in reversed(self._runs(start, end)):
            node, attr = self.segments[s]
            span = etree.Element("span", {"class": "xp-note-passage", "data-xp-note": note.id})
            raw = getattr(node, attr)
            span.text = raw[a:b]
            self._insert((node, attr, a), span)
            span.tail = span.tail[b - a :] if span.tail else span.tail
        return sup[0]


def _stashed_text(proc: LinkingTreeprocessor, index: int) -> str:
    """The text a reader sees of one stashed piece of HTML (highlighted code: spans and entities)."""
    stored = proc._stash(index)
    return "".join(normalise(c) for c in html.unescape(_TAG_RE.sub("", stored)))


def _plain(text: str) -> str:
    text = _STASH_RE.sub("", text)
    return _ESCAPE_RE.sub(lambda m: chr(int(m.group(1))), text)


def _sentences_around(block: etree.Element, targets: list[etree.Element]) -> list[str]:
    """The sentence around each of `targets` (elements inside `block`), from one walk of the block."""
    wanted = {id(t) for t in targets}
    offsets: dict[int, int] = {}
    parts: list[str] = []
    length = 0

    def add(text: str) -> None:
        nonlocal length
        parts.append(text)
        length += len(text)

    def visit(el: etree.Element) -> None:
        if id(el) in wanted:
            offsets[id(el)] = length
        if el.text:
            add(_plain(el.text))
        for child in el:
            if child.tag == "sup" and "xp-note-ref" in child.get("class", ""):
                add(_plain(child.tail or ""))
                continue
            visit(child)
            if child.tail:
                add(_plain(child.tail))

    visit(block)
    sentences = _Sentences("".join(parts))
    return [sentences.at(offsets.get(id(t), 0)) for t in targets]


class _Sentences:
    """Sentence boundaries of one text, found once, for many look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = [(m.start(), m.end()) for m in _SENTENCE_END_RE.finditer(text)]
        self.starts = [a for a, _ in found]
        self.ends = [b for _, b in found]

    def at(self, offset: int) -> str:
        k = bisect_right(self.ends, offset)
        start = self.ends[k - 1] if k else 0
        j = bisect_left(self.starts, offset)
        stop = self.starts[j] + 1 if j < len(self.starts) else len(self.text)
        # Only the first MAX_SENTENCE characters are kept: read a window, widened while its
        # spaces collapse below that (a sentence may be a whole 400 kB paragraph).
        size = 4 * MAX_SENTENCE
        while True:
            end = min(stop, start + size)
            sentence = " ".join(self.text[start:end].split())
            if end == stop or len(sentence) > MAX_SENTENCE:
                break
            size *= 4
        if len(sentence) > MAX_SENTENCE:
            sentence = sentence[: MAX_SENTENCE - 1].rstrip() + "…"
        return sentence


def sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` around `offset`, on one line, at most MAX_SENTENCE characters."""
    return _Sentences(text).at(offset)
