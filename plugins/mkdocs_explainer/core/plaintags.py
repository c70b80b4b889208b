"""HTML read for the plugin's own parsers with the plain tags found by one regex, not by HTMLParser.

The exports read every written article whole (`webanno.read_page`: its head, header, the section of
the navigation that holds it, the article), and passage previews read each article's content again
(`previews.passage_contexts`). HTMLParser spends most of that time finding where each tag ends and
splitting its attributes. A tag written in the plain form that Python-Markdown, Material and the
plugin write (a name of letters, digits and `-`; plainly named attributes, each with a quoted value
or none; ASCII white space) is read by HTMLParser the same way in every case, so `feed` finds it
with one regex and gives it to the parser's own handlers. Anything else (a comment, a doctype, an
unquoted value, `<` in text, an element whose content is raw text such as <script>, an unfinished
tag) is given to HTMLParser itself, from there to the next `>` and on until it has read all it was
given; fed in pieces, HTMLParser reads what it reads in one piece. Text at the end with a `&` in
it is left to it too: it knows when a character reference may be cut short.

Only for parsers made with `convert_charrefs=True` (their text arrives unescaped), whose handlers
read the same text whether it comes in one piece or several. A parser that reads few attributes
may say which tags' it needs (`reads_attrs(tag, attributes as written)`): the others get none.
"""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

_WS = r"[ \t\n\r\f]"
_TOKEN = re.compile(
    rf"""<(?:(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:{_WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:{_WS}*={_WS}*(?:"[^"]*"|'[^']*'))?)*){_WS}*(/?)>)?"""
)
"""A plain tag (`/` of an end tag, name, attributes, `/` of an empty one), or a `<` that starts
something else (no name)."""
_PLAIN_ATTR = re.compile(rf"""{_WS}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:{_WS}*={_WS}*("[^"]*"|'[^']*'))?""")
_RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}
)
"""Elements whose content an HTML parser reads as text (in one Python version or another): left to it."""


def feed(parser: HTMLParser, html: str, start: int, end: int) -> None:
    """`parser.feed(html[start:end])`, the plain tags handled without HTMLParser (see above)."""
    assert parser.convert_charrefs
    pos = start
    search, unescape = _TOKEN.search, html_lib.unescape
    reads = getattr(parser, "reads_attrs", None)
    handle_data, handle_starttag, handle_endtag = parser.handle_data, parser.handle_starttag, parser.handle_endtag
    pos = _feed_on(parser, html, pos, end)  # It stopped inside something: it goes on.
    while pos < end:
        m = search(html, pos, end)
        if m is None:
            text = html[pos:end]
            if "&" in text:  # A reference cut short at the end: HTMLParser knows to wait for the rest.
                parser.feed(text)
            elif text:  # What HTMLParser does with text that has no `<` or `&`, once it is clean.
                handle_data(text)
            return
        closing, name, inside, empty = m.groups()
        lt = m.start()
        tag = "" if name is None else name.lower()
        if not tag or (closing and (inside or empty)) or (not closing and tag in _RAW_TEXT):
            pos = _feed_on(parser, html, _feed_to_gt(parser, html, pos, end, lt), end)
            continue
        if lt > pos:
            text = html[pos:lt]
            handle_data(unescape(text) if "&" in text else text)
        if closing:
            handle_endtag(tag)
            pos = m.end()
            continue
        attrs = _plain_attrs(inside) if inside and (reads is None or reads(tag, inside)) else []
        if empty:
            parser.handle_startendtag(tag, attrs)
        else:
            handle_starttag(tag, attrs)
        pos = m.end()


def _inside(parser: HTMLParser) -> bool:
    """Whether HTMLParser holds unread text or is inside a raw-text element."""
    return bool(parser.rawdata) or parser.cdata_elem is not None


def _feed_to_gt(parser: HTMLParser, html: str, pos: int, end: int, after: int) -> int:
    """Gives HTMLParser `html` from `pos` to the next `>` after `after` (or to `end`); returns where it stopped."""
    gt = html.find(">", after, end)
    stop = end if gt < 0 else gt + 1
    parser.feed(html[pos:stop])
    return stop


def _feed_on(parser: HTMLParser, html: str, pos: int, end: int) -> int:
    """Gives HTMLParser more of `html` while it is inside something (up to `end`); returns where it
    stopped. Each piece ends at a `>` and is twice as long as the one before: HTMLParser looks for
    the end of what it is in from its start on every feed, so a long script or comment is looked
    through a few times, not once per `>` in it."""
    least = 64
    while _inside(parser) and pos < end:
        pos = _feed_to_gt(parser, html, pos, end, min(pos + least, end))
        least *= 2
    return pos


def _plain_attrs(inside: str) -> list[tuple[str, str | None]]:
    """A plain tag's attributes as HTMLParser gives them: names in lower case, values unescaped."""
    return [
        (name.lower(), html_lib.unescape(value[1:-1]) if value else None)
        for name, value in _PLAIN_ATTR.findall(inside)
    ]
