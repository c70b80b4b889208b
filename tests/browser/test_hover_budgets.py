"""Size budgets and static rules for the shipped assets (no browser needed)."""

from __future__ import annotations

import gzip
import re

from xp_kit import ASSETS

JS = ASSETS / "explainer.js"
CSS = ASSETS / "explainer.css"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def test_javascript_is_within_8_kb_gzip() -> None:
    # 6 KB until previews on every page and sidenotes (issue 13); about a quarter is comments.
    assert gz(JS.read_bytes()) <= 8 * 1024


def test_css_is_within_4_kb_gzip() -> None:
    assert gz(CSS.read_bytes()) <= 4 * 1024


def test_no_third_party_requests_or_unsafe_constructs() -> None:
    js, css = JS.read_text(), CSS.read_text()
    for text in (js, css):
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), "no CDN / network"
        assert "@import" not in text
    for bad in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "eval(",
        "new Function",
        "document.write",
        "fetch(",
        "XMLHttpRequest",
        'setAttribute("style"',
        'setAttribute("on',
    ):
        assert bad not in js, bad
    # timers take functions, never strings (CSP without unsafe-eval)
    assert not re.search(r"setTimeout\(\s*[\"']", js)
