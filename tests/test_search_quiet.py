"""An entry page's navigation parts (related entries, "Read in context" links) stay out of what
search reads (`searchquiet.py`), and the written page is the same as if they had never been hidden."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser
from mkdocs_explainer.mkdocs_adapter import searchquiet
from sitekit import Site

ARTICLE = """\
# The talks

Rustem Umerov met officials in Kyiv. Crimea was not discussed.
"""

PAGES = ("people/rustem-umerov/index.html", "glossary/kyiv/index.html", "glossary/crimea/index.html")


def _site(root: Path) -> Site:
    site = Site(root)
    site.person("rustem-umerov", "Rustem Umerov", ["Umerov"], body="He often works from Kyiv.")
    site.term("kyiv", "Kyiv")
    site.term("crimea", "Crimea")
    site.page("index.md", "# Home\n\nNothing here.\n")
    site.page("talks.md", ARTICLE)
    return site


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Site]:
    quiet = _site(tmp_path_factory.mktemp("quiet"))
    result = quiet.build(strict=True)
    assert result.ok, result.error
    plain = _site(tmp_path_factory.mktemp("plain"))
    with pytest.MonkeyPatch.context() as mp:  # The slow path: search reads the whole page.
        mp.setattr(searchquiet, "quiet", lambda html, src_uri: html)
        result = plain.build(strict=True)
    assert result.ok, result.error
    return quiet, plain


def test_written_entry_pages_are_the_ones_search_read_whole(sites: tuple[Site, Site]) -> None:
    quiet, plain = sites
    for rel in PAGES:
        assert quiet.html(rel) == plain.html(rel), rel
    page = quiet.html(PAGES[0])
    assert '<section class="xp-related"' in page and 'class="xp-backlink-go' in page
    assert "xp-quiet" not in page


def test_search_does_not_index_the_navigation_parts(sites: tuple[Site, Site]) -> None:
    quiet, plain = sites
    docs = json.loads(quiet.html("search/search_index.json"))["docs"]
    whole = json.loads(plain.html("search/search_index.json"))["docs"]
    entry = [d for d in docs if d["location"].startswith("people/rustem-umerov/")]
    assert {d["title"] for d in entry} == {"Rustem Umerov", "Mentioned in", "Sources"}
    mentioned = next(d for d in entry if d["title"] == "Mentioned in")
    assert "Rustem Umerov met officials in Kyiv." in mentioned["text"]
    assert "Read in context" not in json.dumps(docs)
    assert "Related entries" in {d["title"] for d in whole}  # what the slow path indexed
    articles = [d for d in docs if not d["location"].startswith(("people/", "glossary/"))]
    assert articles == [d for d in whole if not d["location"].startswith(("people/", "glossary/"))]


ENTRY_HTML = """\
<div class="xp-entry"><h1 class="xp-entry-name">Ada</h1>
<section class="xp-backlinks" aria-labelledby="xp-backlinks-title">
<h2 id="xp-backlinks-title">Mentioned in</h2>
<ul><li class="xp-backlink"><blockquote class="xp-backlink-sentence"><p>Ada spoke.</p></blockquote>
<a class="xp-backlink-go xp-preview" href="../../a/#xp-m--ada" data-xp-passage="1">Read in context<span class="xp-visually-hidden">: A</span></a></li>
<li class="xp-backlink"><a class="xp-backlink-go" href="../../b/#xp-m--ada">Read in context<span>: B --> x</span></a></li></ul>
</section>
<section class="xp-related" aria-labelledby="xp-related-title">
<h2 id="xp-related-title">Related entries</h2>
<ul><li><a class="xp-related-link" href="../bo/" data-xp-entry="bo" data-xp-kind="person"><bdi>Bo</bdi></a></li></ul>
</section>
<footer><p>Reviewed</p></footer></div>
"""


def _sections(html: str) -> list[tuple[str | None, str, str]]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.id, "".join(s.title).strip(), "".join(s.text).strip()) for s in parser.data]


def test_quiet_parts_read_by_search_as_if_they_were_not_there() -> None:
    quieted = searchquiet.quiet(ENTRY_HTML, "people/ada.md")
    assert searchquiet.unquiet(quieted, "people/ada.md") == ENTRY_HTML
    assert quieted.count("<!--xp-quiet-") == 2  # the related list and the first link
    removed = ENTRY_HTML.replace(
        ENTRY_HTML[ENTRY_HTML.index("<section class=\"xp-related\"") : ENTRY_HTML.index("<footer>")], "\n"
    )
    first_go = removed.index('<a class="xp-backlink-go xp-preview"')
    removed = removed[:first_go] + removed[removed.index("</a></li>", first_go) + 4 :]
    assert _sections(quieted) == _sections(removed)
    assert "Related entries" not in str(_sections(quieted))


def test_a_part_that_could_end_a_comment_is_left_for_search_to_read() -> None:
    part = '<a class="xp-backlink-go" href="../x/--&gt;">Read in context<span>--></span></a>'
    assert searchquiet.quiet(part, "people/ada.md") == part
    assert searchquiet.quiet(part.replace("-->", "--!>"), "people/ada.md") == part.replace("-->", "--!>")


def test_only_the_pages_own_marks_are_taken_away() -> None:
    other = searchquiet.quiet(ENTRY_HTML, "people/bo.md")
    assert searchquiet.unquiet(other, "people/ada.md") == other
