"""The `csp` option: every page carries a policy that allows exactly its own inline scripts."""

from __future__ import annotations

import base64
import hashlib
import re

from sitekit import Site


def test_each_page_lists_the_hashes_of_its_inline_scripts(site: Site) -> None:
    site.configure(":\n      csp: true")
    site.page("index.md", "# Home\n\nKyiv.\n")
    site.page("deep/er/page.md", "# Deep\n\nKyiv again.\n")
    site.term("kyiv", "Kyiv")
    assert site.build(strict=True).ok
    pages = sorted((site.root / "site").rglob("*.html"))
    depths = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert meta, page
        assert html.index(meta.group(0)) < html.index("<script"), "the policy must come before any script"
        directives = dict(d.split(" ", 1) for d in meta.group(1).split("; "))
        assert "'unsafe-inline'" not in directives["script-src"]
        inline = [
            body for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
            if "src=" not in attrs and "application/json" not in attrs and "application/ld+json" not in attrs
        ]  # fmt: skip
        assert inline, "Material writes inline set-up scripts"
        expected = {"'sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() + "'" for b in inline}
        assert set(directives["script-src"].split()[1:]) == expected
        depths.add(directives["script-src"])
    assert len(depths) >= 3  # the set-up script differs with the page's depth


def test_no_policy_unless_asked(site: Site) -> None:
    site.page("index.md", "# Home\n")
    assert site.build().ok
    assert "Content-Security-Policy" not in site.html("index.html")
