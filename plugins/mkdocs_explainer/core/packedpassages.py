"""A page's passage cards held as one compressed string until the page is written.

An entry page's "Mentioned in" links open a preview of each mention: its article's title and the
text around it (`previews.PassageTarget`). The contexts of every mention on the site are found at
once, when the entry pages are made, and at newsroom scale they and their per-page copies were
one of the biggest things a full build kept alive until its end (issue 12: ~9 MiB of objects at
500 articles × 2,000 entries). A full build packs each page's cards as it makes the page and drops
the contexts; `unpack` gives the same `(number, PassageTarget)` pairs back when the page is written.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable

from .previews import PassageContext, PassageTarget

Passages = list[tuple[int, PassageTarget]]


def pack(passages: Iterable[tuple[int, PassageTarget]]) -> bytes:
    """One page's passage cards, compressed; `unpack` reads them back equal."""
    rows = [
        [n, t.url, t.title, t.context.heading, t.context.before, t.context.mention, t.context.after]
        for n, t in passages
    ]
    # ASCII JSON: a lone surrogate that a character reference made survives the round trip.
    return zlib.compress(json.dumps(rows, separators=(",", ":")).encode("ascii"), 1)


def unpack(packed: bytes) -> Passages:
    """The passage cards that `pack` was given."""
    rows = json.loads(zlib.decompress(packed))
    return [(n, PassageTarget(url, title, PassageContext(*context))) for n, url, title, *context in rows]
