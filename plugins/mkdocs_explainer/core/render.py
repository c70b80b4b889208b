"""Editors' Markdown → safe HTML: markdown-it-py without raw HTML, then an allow-list sanitiser.

Summaries, bodies and notes come from many hands through pull requests. markdown-it-py's
`js-default` preset drops raw HTML; links are limited to http(s), mailto and relative
addresses; nh3 then removes anything outside a small allow-list as a second line of defence.

No attribute written from editor Markdown holds editor text: link titles (`[x](url "title")`)
are dropped. Material's `content.tooltips` reads a `title` attribute into the page as HTML, so
a title would be a path for markup into readers' browsers; `href` is the only attribute left
with editor text in it, and it holds a checked address.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt

_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_ALLOWED_SCHEMES = {"http", "https", "mailto"}
_TAGS = {
    "p", "a", "em", "strong", "code", "ul", "ol", "li", "blockquote", "br", "pre",
    "h3", "h4", "h5", "h6", "hr", "del", "s", "sub", "sup", "table", "thead", "tbody",
    "tr", "th", "td",
}  # fmt: skip
# No "title": see the module docstring. "*" (attributes allowed on every tag) must be given, or
# nh3 keeps its default of `lang` and `title` everywhere.
_ATTRIBUTES = {"*": set(), "a": {"href"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}


def _validate_link(url: str) -> bool:
    # Control characters and spaces are stripped by browsers before the scheme is read.
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", url)
    match = _SCHEME_RE.match(cleaned)
    return match is None or match.group(1).lower() in _ALLOWED_SCHEMES


def _parser(inline: bool) -> MarkdownIt:
    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    # Headings inside a card or note would break the page's outline: demote them to h3+.
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


@functools.cache
def _md() -> MarkdownIt:
    return _parser(inline=False)


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@functools.lru_cache(maxsize=20_000)
def markdown(text: str) -> str:
    """Block Markdown (paragraphs, lists...) to sanitised HTML."""
    html = _md().render(_demote_headings(text))
    return sanitise(html)


def _demote_headings(text: str) -> str:
    return re.sub(r"(?m)^( {0,3})(#{1,2})(?=\s)", lambda m: m.group(1) + "###", text)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@functools.lru_cache(maxsize=20_000)
def plain(text: str) -> str:
    """Block Markdown as the plain text a reader sees, on one line (for JSON-LD and exports)."""
    parser = _TextOnly()
    parser.feed(markdown(text))
    parser.close()
    return " ".join("".join(parser.parts).split())


# markdown-it-py looks for the `]` that closes a `[` by stepping token by token to the end of
# the paragraph, once per `[`: a body of 10,000 unclosed `![` costs seconds. The work is about
# (tokens between each `[` and its `]`, or the paragraph's end), and a token starts at each of
# these characters at most twice (markdown-it's "terminator" characters, then the text after).
_TERMINATOR_RE = re.compile(r"[\n!#$%&*+\-:<=>@\[\\\]^_`{}~]")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")
MAX_LABEL_WORK = 100_000
"""Budget of parser steps spent looking for `]`, per field (about 50 ms)."""


def label_work(text: str) -> int:
    """An upper bound on the parser steps markdown-it spends matching `[` with `]` in `text`."""
    total = 0
    for chunk in _PARAGRAPH_BREAK_RE.split(text):
        opens = chunk.count("[")
        if not opens:
            continue
        marks = _TERMINATOR_RE.findall(chunk)
        if opens * len(marks) <= 256:  # the cheap bound is small: skip the scan
            total += opens * len(marks) * 4
            continue
        stack: list[int] = []
        escaped = False
        for t, mark in enumerate(marks):
            if escaped:
                escaped = False
            elif mark == "\\":
                escaped = True
            elif mark == "[":
                stack.append(t)
            elif mark == "]" and stack:
                total += 4 * (t - stack.pop())
        total += sum(4 * (len(marks) - t) for t in stack)
    return total


def markdown_problem(text: str) -> str | None:
    """Why `text` must not be rendered, in words that say the fix, or None."""
    if "[" not in text or label_work(text) <= MAX_LABEL_WORK:  # No `[`, no work: most summaries.
        return None
    return (
        f"has {text.count('[')} `[` that the renderer must match with `]` one by one, too many"
        " to render quickly: close each `[` with `]`, write a lone one as `\\[`, or split the text"
        " into paragraphs"
    )
