"""A backlink points at the mention's anchor only when the written page has it.

A theme template may leave a page's content out: Material's own docs give the home page a landing
template. A backlink to such a page then links to the page itself.
"""

from __future__ import annotations

import re

from sitekit import Site

LANDING = """\
{% extends "main.html" %}
{% block content %}<h1>Landing</h1><p>A hero banner, no page content.</p>{% endblock %}
"""


def test_backlink_to_a_page_whose_template_drops_the_content_has_no_fragment(site: Site) -> None:
    yml = site.root.joinpath("mkdocs.yml").read_text(encoding="utf-8")
    site.write("mkdocs.yml", yml.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"))
    site.write("overrides/home.html", LANDING)
    site.term("kyiv", "Kyiv")
    site.page("index.md", "---\ntemplate: home.html\n---\n\n# Home\n\nKyiv welcomes you.\n")
    site.page("guide.md", "# Guide\n\nKyiv again.\n")
    assert site.build(strict=True).ok
    assert 'id="xp-m--kyiv"' not in site.html("index.html")
    entry = site.html("glossary/kyiv/index.html")
    section = entry[entry.index('<section class="xp-backlinks"') :]
    hrefs = re.findall(r'<a [^>]*href="([^"]+)"', section[: section.index("</section>")])
    assert sorted(hrefs) == ["../../", "../../guide/#xp-m--kyiv"]
    assert 'id="xp-m--kyiv"' in site.html("guide/index.html")
