"""A Content-Security-Policy for each built page, without 'unsafe-inline' for scripts.

Material writes a few small inline scripts into every page (its set-up differs with the page's
depth), so a policy that works with Material lists their SHA-256 hashes. The explainer's own
code is external files only, so it needs nothing more than 'self'.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_EXECUTABLE_TYPES = ("", "text/javascript", "application/javascript", "module")
_HEAD_ANCHOR = re.compile(r'<meta charset="utf-8">', re.I)

BASE_POLICY = (
    "default-src 'self'",
    "img-src 'self' data: https:",
    "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
    "font-src 'self' https://fonts.gstatic.com",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def inline_script_hashes(html: str) -> list[str]:
    """`'sha256-…'` for every inline script the browser would run, in order of appearance."""
    hashes: list[str] = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", attrs, re.I)
        if kind and kind.group(1).lower() not in _EXECUTABLE_TYPES:
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        token = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if token not in hashes:
            hashes.append(token)
    return hashes


def policy(hashes: list[str], repo_url: str | None = None) -> str:
    # Material reads a GitHub repository's stars and version from GitHub's API.
    github = repo_url is not None and "github.com" in repo_url
    connect = "connect-src 'self' https://api.github.com" if github else "connect-src 'self'"
    return "; ".join((*BASE_POLICY, connect, " ".join(("script-src 'self'", *hashes))))


def with_policy(html: str, repo_url: str | None = None) -> str:
    """The page with its policy as the first thing in <head>, so it covers every script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(inline_script_hashes(html), repo_url)}">'
    anchor = _HEAD_ANCHOR.search(html)
    if anchor is None:
        return html.replace("<head>", "<head>" + meta, 1)
    return html[: anchor.end()] + meta + html[anchor.end() :]
