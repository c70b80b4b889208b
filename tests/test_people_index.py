"""The People index files people under their family name: the last word of the name, or the
person's `sort:` where the family name comes first (issue 13)."""

from __future__ import annotations

import re
from pathlib import Path

from sitekit import Site


def test_people_are_filed_under_their_family_name(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.person("vladimir-putin", "Vladimir Putin")
    site.person("andrii-sybiha", "Andrii Sybiha")
    site.person("xi-jinping", "Xi Jinping", sort="Xi")
    site.person("marco-rubio", "Marco Rubio")
    site.page("index.md", "# Home\n\nPutin, Sybiha, Xi Jinping and Rubio.\n")
    result = site.build()
    assert result.ok, result.error
    html = site.article("people/index.html")
    order = re.findall(r'<a href="[^"]*"[^>]*><bdi>([^<]+)</bdi></a>', html.split('class="xp-index"', 1)[1])
    assert order[:4] == ["Vladimir Putin", "Marco Rubio", "Andrii Sybiha", "Xi Jinping"]
    headings = re.findall(r"<h2[^>]*>([A-Z#])</h2>", html)
    assert headings == ["P", "R", "S", "X"]
