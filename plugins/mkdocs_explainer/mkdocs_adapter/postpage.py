"""What the plugin writes into a page's final HTML, after the theme has rendered it.

Hidden card data is not page content: search (MkDocs' and Material's), reading time, feeds and any
plugin that reads `page.content` must never see it, and no page should hold it in memory. So the
linker leaves an empty slot at the end of the content, and `fill_slot` puts the cards there in the
written page. The slot is an empty hidden `<div>`, not a comment: it has no text for an indexer or a
word count, it survives HTML re-serialisers that drop comments, and it is found by its token alone
(a re-serialiser may re-quote or reorder attributes).

It also mends backlinks: a theme template may leave a page's content out (Material's docs give the
home page a landing template), so a mention anchor can be missing from the written page; a backlink
to it then points at the page itself, not at a fragment that does not exist.
"""

from __future__ import annotations

import functools
import hashlib
import html as html_lib
import re
from collections.abc import Iterator, Mapping, Set
from urllib.parse import urljoin

_SLOT_RE = re.compile(r"""<div\b[^>]*?\bdata-xp-slot=["']?([0-9a-f]{12})\b["']?[^>]*>\s*</div>""")
_SLOT_ATTR = "data-xp-slot="
# A mention id is looked for by its own text, then its `id=` checked: a pattern that starts with
# `\bid=` is tried at every position of the page (~25 ms on a 200 kB page, against ~1 ms).
_MENTION_ID_RE = re.compile(r"xp-m-[A-Za-z0-9_-]+")
_WORD_RE = re.compile(r"\w")
_FRAGMENT_LINK_RE = re.compile(r"""href=(["'])([^"'#]*)#(xp-m-[A-Za-z0-9_-]+)\1""")
_BASE = "https://xp.invalid/"
_BODY_RE = re.compile(r"<body\b")


def slot_token(src_uri: str) -> str:
    """The page's own token: a page that embeds another page's content does not get its cards."""
    return hashlib.sha1(src_uri.encode("utf-8")).hexdigest()[:12]


def slot(src_uri: str) -> str:
    return f'<div class="xp-cards-slot" data-xp-slot="{slot_token(src_uri)}" hidden></div>'


def fill_slot(html: str, src_uri: str, cards: str) -> str:
    """`html` with this page's slot replaced by `cards` and any other slot removed."""
    token = slot_token(src_uri)
    found = list(_slots(html))
    if not found:
        return html
    only = found[0]
    if len(found) == 1 and only.group(1) == token and html.find(only.group(0)) == only.start():
        return html.replace(only.group(0), cards, 1)  # not slices joined: see `_put_after_first`
    placed = False

    def put(match: re.Match[str]) -> str:
        nonlocal placed
        if match.group(1) != token or placed:
            return ""
        placed = True
        return cards

    return _SLOT_RE.sub(put, html)


def _slots(html: str) -> Iterator[re.Match[str]]:
    """What `_SLOT_RE.finditer(html)` finds, looked for from the attribute's own text: the pattern
    tried at every `<div` of a written page cost ~0.5 ms a page. A slot's tag holds no `>` before its
    `data-xp-slot=`, so the next match cannot start before the last `>` ahead of that text."""
    pos = 0
    while (at := html.find(_SLOT_ATTR, pos)) >= 0:
        m = _SLOT_RE.search(html, max(pos, html.rfind(">", pos, at) + 1))
        if m is None:
            return
        yield m
        pos = m.end()


def mention_ids(html: str) -> set[str]:
    """Ids of the mention anchors present in a written page: `id=`, `id="` or `id='` then the id,
    with no word character just before `id`."""
    found = set()
    taken = 0  # where the pattern's last match ended: the next one starts after it (`id=xp-m-aid=xp-m-b`)
    for m in _MENTION_ID_RE.finditer(html):
        at = m.start()
        attr = html.rfind("id=", max(taken, at - 4), at)
        quoted = attr + 4 == at and html[attr + 3] in "\"'"
        if attr < 0 or not (attr + 3 == at or quoted):
            continue
        if attr == 0 or not _WORD_RE.match(html, attr - 1):
            found.add(m.group())
            taken = m.end()
    return found


# Cached: every build asks it for each page and entry page, and serve rebuilds ask for the same URLs.
@functools.lru_cache(maxsize=1 << 16)
def site_key(url: str) -> str:
    """A page's URL as a key that a relative link from another page resolves to."""
    return urljoin(_BASE, url)


def drop_missing_fragments(html: str, page_url: str, missing: Mapping[str, Set[str]]) -> str:
    """Links to `#xp-m-…` anchors that `missing` (site key → ids) lists lose their fragment."""
    if not missing:
        return html
    base = site_key(page_url)

    def mend(match: re.Match[str]) -> str:
        quote, path, anchor = match.groups()
        if anchor in missing.get(urljoin(base, path), ()):
            return f"href={quote}{path or './'}{quote}"
        return match.group(0)

    return _FRAGMENT_LINK_RE.sub(mend, html)


def with_body_labels(html: str, labels: Mapping[str, str]) -> str:
    """`html` whose <body> carries the front end's labels as `data-xp-label-<key>` attributes.

    Attributes, not an inline script: Material's instant navigation re-creates inline scripts, and
    a CSP would have to allow them. <body> holds them on every page, with or without cards."""
    attrs = "".join(
        f' data-xp-label-{key.replace("_", "-")}="{html_lib.escape(text, quote=True)}"' for key, text in labels.items()
    )
    return _put_after_first(html, _BODY_RE, attrs)


def _put_after_first(html: str, pattern: re.Pattern[str], text: str) -> str:
    """`html` with `text` after the first match of `pattern` (a `replace` when the match is also the
    first occurrence of its text: joining slices of a non-ASCII page copies it character by character)."""
    m = pattern.search(html)
    if m is None:
        return html
    if html.find(m.group(0)) == m.start():
        return html.replace(m.group(0), m.group(0) + text, 1)
    return html[: m.end()] + text + html[m.end() :]
