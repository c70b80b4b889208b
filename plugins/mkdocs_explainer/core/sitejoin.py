"""`urljoin` of a page's site key and a link on it, without urllib for the links the plugin writes.

Marking the links of every entry page, index and article (`previews.mark_links`) resolves each
link against its page: ~15 a page, 2,500 pages at 500 articles, and `urljoin` then `urldefrag`
cost ~10 µs a link. The links the plugin and MkDocs write are plain relative paths (`../../a/b/`,
`../c/#xp-m--d`) on a page whose key is a plain path under one origin; resolving those is
dropping a segment of the page's folder per `../` (a segment here never starts with `.`, so it is
never `.` or `..`). Anything else (a scheme, a query, `./`, an empty fragment, a character beyond
letters, digits and `_.~-`, more `../` than the folder has) is left to `urljoin`.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

_SEGMENT = r"[A-Za-z0-9_~-][A-Za-z0-9_.~-]*"
_PLAIN_LINK = re.compile(rf"((?:\.\./)*)((?:{_SEGMENT}/)*(?:{_SEGMENT})?)(#[A-Za-z0-9_-]+)?")
_PLAIN_BASE = re.compile(rf"(https://[a-z0-9.-]+/)((?:{_SEGMENT}/)*)(?:{_SEGMENT})?")


def join(base: str, href: str) -> tuple[str, str, str]:
    """`urljoin(base, href)`, and that address without its fragment and the fragment (`urldefrag`)."""
    link = _PLAIN_LINK.fullmatch(href)
    page = _PLAIN_BASE.fullmatch(base) if link is not None and link.group(2) else None
    ups = link.group(1).count("../") if link is not None else 0
    folders = page.group(2).split("/")[:-1] if page is not None else []
    if link is None or page is None or ups > len(folders):
        target = urljoin(base, href)
        where, fragment = urldefrag(target)
        return target, where, fragment
    fragment = link.group(3) or ""
    where = page.group(1) + "".join(f + "/" for f in folders[: len(folders) - ups]) + link.group(2)
    return where + fragment, where, fragment[1:]
