"""Related entries: which other entries an entry page suggests reading next, and in what order.

Two entries are related when an article names them in the same passage (one paragraph, list item
or table cell), or when one's summary or body names the other. Naming counts for more than
sharing a passage, and more shared passages count for more. A passage that names many entries
(a list of delegates, a table of places) says little about how any two of them relate, and would
cost the square of its length, so passages naming more than `MAX_PASSAGE_ENTRIES` are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

MAX_PASSAGE_ENTRIES = 20
MAX_RELATED = 10
NAMED_WEIGHT = 3
"""A name in an entry's own text is worth this many shared passages."""

# The end of a text block as Python-Markdown writes it; the mentions between two ends share one.
_BLOCK_END_RE = re.compile(r"</(?:p|li|dd|dt|td|th|figcaption|caption|blockquote|h[1-6])>")
_MENTION_RE = re.compile(r"""<a\b[^>]*?\bclass="xp-mention"[^>]*?\bdata-xp-entry="([a-z0-9-]+)\"""")


def passages(content: str) -> list[frozenset[str]]:
    """The sets of entries linked together in each passage of a page's content HTML (two or more)."""
    out = []
    for chunk in _BLOCK_END_RE.split(content):
        found = frozenset(_MENTION_RE.findall(chunk))
        if 1 < len(found) <= MAX_PASSAGE_ENTRIES:
            out.append(found)
    return out


def related(
    together: Iterable[frozenset[str]], named: Mapping[str, Iterable[str]], titles: Mapping[str, str]
) -> dict[str, list[str]]:
    """Entry id → its related entries, best first, at most `MAX_RELATED`.

    `together` holds the passages of every article; `named` maps an entry to the entries its own
    text links; `titles` (entry id → title) breaks ties alphabetically and lists the known ids."""
    scores: dict[str, Counter[str]] = {}

    def add(a: str, b: str, weight: int) -> None:
        if a != b and a in titles and b in titles:
            scores.setdefault(a, Counter())[b] += weight
            scores.setdefault(b, Counter())[a] += weight

    for group in together:
        ordered = sorted(group)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                add(a, b, 1)
    for a, targets in named.items():
        for b in targets:
            add(a, b, NAMED_WEIGHT)
    return {
        a: sorted(counts, key=lambda b: (-counts[b], titles[b].casefold(), b))[:MAX_RELATED]
        for a, counts in scores.items()
    }
