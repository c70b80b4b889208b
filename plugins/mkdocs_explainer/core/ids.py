"""The element ids the plugin writes, built so that no two can ever be equal.

Entry and note ids are slugs, `[a-z0-9]+(-[a-z0-9]+)*`: they never contain `--`. Every id made
from a slug is `xp-<kind>--<slug>` (and `--<n>` after it for the n-th mention), so the kind, the
slug and the number can be read back from the id: two different (kind, slug, n) give two
different ids, and none equals a fixed id such as `xp-card-open` or `xp-endnotes-title` (those
have no `--`). Python-Markdown's heading ids never contain `--` either (`toc` collapses
hyphens), so a heading cannot take one of these ids.
"""

from __future__ import annotations

import re

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SEP = "--"


def _make(kind: str, slug: str, *numbers: int) -> str:
    # A slug with `--` (or anything else) would break the scheme: refuse it loudly, never guess.
    if not SLUG_RE.fullmatch(slug):
        raise ValueError(f"not a slug, cannot make an element id from it: {slug!r}")
    return SEP.join([f"xp-{kind}", slug, *(str(n) for n in numbers)])


def mention(entry_id: str, count: int) -> str:
    """The `count`-th linked mention of an entry on a page (1 for the first)."""
    return _make("m", entry_id) if count == 1 else _make("m", entry_id, count)


def card(entry_id: str) -> str:
    return _make("card", entry_id)


def endnote(note_id: str) -> str:
    return _make("note", note_id)


def noteref(note_id: str) -> str:
    return _make("noteref", note_id)
