"""A hostile corpus: script in every field of every kind of file, built into a real site.

Every payload must come out as inert text or be removed: no element or attribute that runs
script, no dangerous URL, nothing that ends its container early. The same corpus is opened in a
real browser by tests/browser when one is available.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile_corpus import BAD_URL, DANGEROUS_TAGS, MARKDOWN_VECTORS, TEXT_VECTORS, URL_VECTORS, build_hostile_site
from sitekit import Site

OUR_HOST = re.compile(r"^https?://(127\.0\.0\.1|localhost)[:/]")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_hostile_site(tmp_path_factory.mktemp("hostile") / "repo")


class Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "data", "formaction", "xlink:href") and value:
                cleaned = re.sub(r"[\x00-\x20]", "", value)
                if BAD_URL.match(cleaned):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            # JSON-LD is data: a payload there is inert text (tests/test_structured.py checks the escaping).
            self._in_script = dict(attrs).get("type") != "application/ld+json"
            self.scripts.append(dict(attrs).get("src") or "")
        elif tag in DANGEROUS_TAGS and tag not in ("link", "meta", "style", "svg", "form"):  # the theme's own
            self.problems.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(1)" in data:
            self.problems.append("script body with alert(1)")


def _article(html: str) -> str:
    start = html.index('<article class="md-content__inner md-typeset">')
    return html[start : html.index("</article>", start)]


def _pages(site: Site) -> list[Path]:
    return [p for p in (site.root / "site").rglob("*.html") if "assets" not in p.parts]


def test_at_least_forty_vectors() -> None:
    assert len(MARKDOWN_VECTORS) + len(TEXT_VECTORS) + len(URL_VECTORS) >= 40


def test_no_page_carries_a_live_payload(hostile: Site) -> None:
    pages = _pages(hostile)
    assert len(pages) > 2 * len(MARKDOWN_VECTORS)
    for page in pages:
        audit = Audit()
        audit.feed(page.read_text(encoding="utf-8"))
        assert audit.problems == [], page
        # The only scripts are the theme's and the plugin's own files, and Material's inline set-up.
        assert all(src == "" or "assets/" in src for src in audit.scripts), page


def test_article_content_has_no_dangerous_elements(hostile: Site) -> None:
    for page in _pages(hostile):
        article = _article(page.read_text(encoding="utf-8"))
        for tag in DANGEROUS_TAGS:
            assert not re.search(rf"<{tag}[\s>/]", article, re.I), (page, tag)


def test_payloads_are_visible_as_inert_text(hostile: Site) -> None:
    article = _article(hostile.html("people/p0/index.html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article  # the body: escaped, shown as text
    assert "Person0 &#34;img src=x onerror=alert(1)" in hostile.html("people/index.html")
    assert "{{ 7*7 }}" in _article(hostile.html("people/p28/index.html"))
    assert "49" not in _article(hostile.html("people/p28/index.html"))


def test_urls_stay_inside_their_attribute(hostile: Site) -> None:
    html = hostile.html("people/p0/index.html")
    assert 'href="https://example.org/&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


class CardCount(HTMLParser):
    """Counts card-data elements that the parser sees inside the hidden card container."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.inside = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "aside" and "xp-cards" in classes:
            self.depth = 1
        elif self.depth and tag == "aside":
            self.depth += 1
        if self.depth and "xp-card-data" in classes:
            self.inside += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "aside":
            self.depth -= 1


def test_containers_cannot_be_closed_early(hostile: Site) -> None:
    html = hostile.html("index.html")
    linked = set(re.findall(r'class="xp-mention" data-xp-entry="([a-z0-9-]+)"', html))
    counter = CardCount()
    counter.feed(html)
    assert counter.inside == len(linked) > 30  # every card is still inside its container
    assert "</template><script>" not in html and "</script><script>alert" not in html


def test_every_mention_and_note_was_placed(hostile: Site) -> None:
    html = hostile.html("index.html")
    for i in range(len(MARKDOWN_VECTORS)):
        # Prose can only spell `<` as an entity, which no name matches; quotes and the rest link.
        if not set("<&") & set(TEXT_VECTORS[i % len(TEXT_VECTORS)]):
            assert f'data-xp-entry="p{i}"' in html and f'data-xp-entry="t{i}"' in html, i
        assert f'id="xp-noteref--n{i}"' in html


class Attributes(HTMLParser):
    """Every (tag, attribute, value) on a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend((tag, name, value or "") for name, value in attrs)


def _attributes(page: Path) -> list[tuple[str, str, str]]:
    parser = Attributes()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def test_no_title_attribute_holds_editor_text(hostile: Site) -> None:
    """Material's content.tooltips writes a `title` into the page as HTML: none may hold markup,
    and none may come from an editor (link titles are dropped from editor Markdown)."""
    titles = set()
    for page in _pages(hostile):
        titles |= {value for _, name, value in _attributes(page) if name == "title"}
    assert titles, "the theme writes some titles of its own"
    for value in titles:
        assert not re.search(r"[<>]|alert|evil\.example|onerror|onload", value), value


def test_no_attribute_loads_anything_from_another_host(hostile: Site) -> None:
    loads = {"src", "srcset", "poster", "data", "background", "formaction"}
    for page in _pages(hostile):
        for tag, name, value in _attributes(page):
            if name in loads or (tag == "link" and name == "href"):
                assert not re.match(r"^\s*(https?:)?//", value) or OUR_HOST.match(value), (page, tag, name, value)


def test_markup_in_a_name_is_refused_with_its_place(site: Site) -> None:
    site.page("index.md", "# Home\n")
    site.person("p", "Someone <img src=x onerror=alert(1)>")
    site.term("t", "Place <svg onload=alert(1)> Name", aliases=["<b>alias</b> is fine"])
    result = site.build()
    assert not result.ok
    assert re.search(r"annotations/people/p\.yml:\d+:\d+: error: `name` .* contains `<` or `>`", result.error)
    assert re.search(r"annotations/glossary/t\.yml:\d+:\d+: error: `term` ", result.error)
    assert "alias" not in result.error
