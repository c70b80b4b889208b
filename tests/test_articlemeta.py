"""An article's dateline, dates and Sources from its front matter; publishers, dates and "as of" on entries."""

from __future__ import annotations

import pytest
from mkdocs_explainer.editors.check import run_check
from sitekit import Site

FRONT = """\
---
title: The talks
published: 2026-02-05
updated: 2026-02-06
dateline: ABU DHABI
sources:
  - title: Talks open in Abu Dhabi
    url: https://wire.example/world/talks-open-2026-02-04
    publisher: Example Wire
    date: 2026-02-04
  - title: Readout of the talks
    url: https://gov.example/news/readout
---
"""
ARTICLE = FRONT + """
# The talks

Rustem Umerov met officials in Kyiv. The front line [moved](https://example.org/x).
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("meta"))
    site.person(
        "rustem-umerov", "Rustem Umerov", as_of="2026-02-05",
        sources=[{"title": "Profile", "url": "https://wire.example/profile", "publisher": "Wire", "date": "2026-01-02"}],
    )  # fmt: skip
    site.term("kyiv", "Kyiv", as_of="2026-02-03")
    site.page("talks.md", ARTICLE)
    site.page("plain.md", "# Plain\n\nKyiv again.\n")
    site.page("untitled.md", "---\npublished: 2026-02-05\n---\n\nKyiv, with no heading.\n")
    site.notes("talks.md", [{"id": "moved", "quote": "The front line"}])
    result = site.build()
    assert result.ok, result.error
    return site


def test_dateline_sits_under_the_title_with_machine_readable_dates(built: Site) -> None:
    html = built.article("talks/index.html")
    h1_end = html.index("</h1>") + len("</h1>")
    line = (
        '<p class="xp-dateline"><span class="xp-dateline-place">ABU DHABI</span> · '
        '<span class="xp-dateline-published">Published <time datetime="2026-02-05">5 February 2026</time></span> · '
        '<span class="xp-dateline-updated">Updated <time datetime="2026-02-06">6 February 2026</time></span></p>'
    )
    assert html[h1_end:].startswith(line)


def test_without_a_heading_the_dateline_opens_the_content(built: Site) -> None:
    html = built.article("untitled/index.html")
    assert html.index("<h1>Untitled</h1>") < html.index('<p class="xp-dateline">') < html.index(", with no heading")


def test_sources_section_comes_after_the_context_notes(built: Site) -> None:
    html = built.article("talks/index.html")
    notes, sources = html.index('<section class="xp-endnotes"'), html.index('<section class="xp-article-sources"')
    assert notes < sources
    section = html[sources:]
    assert '<h2 id="xp-article-sources-title">Sources</h2>' in section
    assert (
        '<li><a href="https://wire.example/world/talks-open-2026-02-04" rel="noopener">Talks open in Abu Dhabi</a>'
        '<span class="xp-ref-meta"> (<span class="xp-ref-publisher">Example Wire</span>, '
        '<time datetime="2026-02-04">4 February 2026</time>)</span></li>'
    ) in section
    assert '<li><a href="https://gov.example/news/readout" rel="noopener">Readout of the talks</a></li>' in section


def test_a_page_without_dates_or_sources_gets_neither(built: Site) -> None:
    html = built.article("plain/index.html")
    assert "xp-dateline" not in html and "xp-article-sources" not in html


def test_cards_and_entry_pages_say_as_of_when_the_facts_are_dated(built: Site) -> None:
    html = built.article("talks/index.html")
    assert (
        '<span class="xp-card-kind">Place</span> · <span class="xp-card-facts-asof">as of '
        '<time datetime="2026-02-03">3 February 2026</time></span>'
    ) in html
    assert '<span class="xp-card-facts-asof">facts as of <time datetime="2026-02-05">' in html
    page = built.article("glossary/kyiv/index.html")
    assert '<span class="xp-entry-facts-asof">as of <time datetime="2026-02-03">3 February 2026</time></span>' in page
    person = built.article("people/rustem-umerov/index.html")
    assert '<span class="xp-ref-publisher">Wire</span>, <time datetime="2026-01-02">2 January 2026</time>' in person


def test_print_and_no_js_keep_the_dateline_and_sources(built: Site) -> None:
    css = (built.root / "site/assets/explainer/explainer.css").read_text(encoding="utf-8")
    # Nothing hides them: they are plain content, shown without JavaScript and in print.
    for cls in ("xp-dateline", "xp-article-sources", "xp-card-facts-asof"):
        assert f".{cls}" not in css or "display:none" not in css.split(f".{cls}", 1)[1].split("}", 1)[0]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("published: 2026-02-30\n", "docs/a.md:2:12: error: `published` should be a date written YYYY-MM-DD, not `2026-02-30`"),
        ("published: 2026-02-05\nupdated: 2026-02-01\n", "docs/a.md:3:10: error: `updated` (2026-02-01) is before `published` (2026-02-05); fix one of them"),
        ("updated: 2026-02-01\n", "docs/a.md:2:10: error: `updated` needs a `published` date too: add `published: YYYY-MM-DD`"),
        ("sources:\n  - title: A report\n", "docs/a.md:3:5: error: missing required key `url` (Full http(s) address of the page.)"),
        ("sources:\n  - title: A report\n    url: www.example.org\n", "docs/a.md:4:10: error: `sources[1].url` `www.example.org` should be a full address starting with https:// (or http://, mailto:)"),
        ("sources:\n  - title: A\n    url: https://a.example/x\n    date: 5 Feb\n", "docs/a.md:5:11: error: `sources[1].date` should be a date written YYYY-MM-DD, not `5 Feb`"),
        ("dateline: [A, B]\n", "docs/a.md:2:11: error: `dateline` should be text, not a list"),
        ("event: 2026-02-30\n", "docs/a.md:2:8: error: front matter: `2026-02-30` is not a real date; correct it, or quote it if not a date"),
    ],
)  # fmt: skip
def test_front_matter_errors_have_file_line_col(site: Site, front: str, expected: str) -> None:
    site.page("a.md", f"---\ntitle: A\n{front}---\n\n# A\n".replace("title: A\n", "", 1))
    result = site.build()
    assert not result.ok
    assert expected in result.error
    checked = run_check(site.root)
    assert expected in [d.text() for d in checked.diagnostics]


def test_other_front_matter_keys_are_left_to_mkdocs(site: Site) -> None:
    site.page("a.md", "---\ntitle: A\nhide: [toc]\npublished: 2026-02-05\n---\n\n# A\n")
    assert site.build(strict=True).ok
    assert run_check(site.root).errors == 0
