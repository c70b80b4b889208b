"""Renders nested in a page's (mkdocstrings' docstrings, Material's blog excerpts) never link.

Each nested render builds its own Markdown instance with the site's extensions; only the page's
own instance gets the page's linking job. So a page has one card set, its first mentions in its
own text are linked, and every backlink points at an anchor that exists.
"""

from __future__ import annotations

import re

from sitekit import Site

MODULE = '''\
"""Helpers for Kyiv. Ada Lovelace wrote about Kyiv."""


def route(city: str) -> str:
    """Plan a route to Kyiv.

    Ada Lovelace would approve of Kyiv.
    """
    return city


class Office:
    """An office in Kyiv, opened by Ada Lovelace."""

    def open(self) -> None:
        """Open the Kyiv office."""
'''


def _site_with(site: Site, plugins: str, extensions: str = "") -> None:
    head = "site_name: Test site\ndocs_dir: docs\nsite_dir: site\ntheme:\n  name: material\n  font: false\n"
    ext = "markdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n" + extensions
    site.write("mkdocs.yml", f"{head}plugins:\n  - search\n{plugins}  - explainer\n{ext}")
    site.term("kyiv", "Kyiv")
    site.person("ada-lovelace", "Ada Lovelace")


def test_mkdocstrings_docstrings_are_not_linked_and_the_page_has_one_card_set(site: Site) -> None:
    _site_with(site, "  - mkdocstrings:\n      handlers:\n        python:\n          paths: [src]\n")
    site.write("src/kyivtools.py", MODULE)
    site.page("index.md", "# Home\n\nWelcome.\n")
    site.page("api.md", "# API\n\nThe tools plan trips to Kyiv.\n\n::: kyivtools\n\nAda Lovelace wrote them.\n")
    site.page("more.md", "# More\n\n::: kyivtools.route\n\nKyiv again, and Ada Lovelace.\n")
    result = site.build(strict=True)
    assert result.ok, result.error
    for page, expected in (("api/index.html", ["kyiv", "ada-lovelace"]), ("more/index.html", ["kyiv", "ada-lovelace"])):
        html = site.article(page)
        assert html.count('<aside class="xp-cards"') == 1, page
        assert re.findall(r'id="xp-card--([a-z-]+)"', html) == expected, page
        assert re.findall(r'id="(xp-m-[a-z-]+)"', html) == [f"xp-m--{e}" for e in expected], page
        # The docstrings are there as written: no markup inside their sentences.
        assert "Plan a route to Kyiv." in html and "Ada Lovelace would approve of Kyiv." in html, page
    # The page's own first mention comes before the docstrings, or after them on "more".
    api = site.article("api/index.html")
    assert api.index('id="xp-m--kyiv"') < api.index('<div class="doc doc-object')
    assert api.index('id="xp-m--ada-lovelace"') > api.index("Open the Kyiv office")
    assert len(site.backlinks("glossary/kyiv/index.html")) == 2
    assert len(site.backlinks("people/ada-lovelace/index.html")) == 2


BLOG_POST = """\
---
date: 2026-02-04
---

# A post about Kyiv

Ada Lovelace visited Kyiv in the spring.

<!-- more -->

{words}
"""


def test_blog_excerpts_are_not_linked_and_reading_time_ignores_cards(site: Site) -> None:
    _site_with(site, "  - blog\n")
    cities = ["Lviv", "Odesa", "Kharkiv", "Dnipro", "Poltava", "Sumy"]
    long_summary = " ".join(["This summary is deliberately long, so that it would show."] * 16)  # 150 words
    for city in ["Kyiv", *cities]:
        site.term(city.lower(), city, summary=long_summary)
    site.page("index.md", "# Home\n\nWelcome.\n")
    site.page("blog/index.md", "# Blog\n")
    words = " ".join(["word"] * 300) + " " + ", ".join(cities) + "."
    site.page("blog/posts/kyiv.md", BLOG_POST.format(words=words))
    result = site.build(strict=True)
    assert result.ok, result.error
    post = site.html("blog/2026/02/04/a-post-about-kyiv/index.html")
    assert "2 min read" in post  # 320 words; the 1,050 words of the cards would make it 6
    assert post.count('<aside class="xp-cards"') == 1 and post.count('class="xp-card-data"') == 8
    # The blog index shows the excerpt: a copy of the post's start, rendered on its own, unlinked.
    index = site.html("blog/index.html")
    assert "Ada Lovelace visited Kyiv" in index
    assert "xp-mention" not in index and "xp-cards" not in index
    assert len(site.backlinks("glossary/kyiv/index.html")) == 1
