"""Element ids are unique by construction, whatever the entries and notes are called.

A real build with ids chosen to collide under a naive scheme (`kyiv` and `kyiv-2` with
`link: all`, an entry `open` against the card's reserved `xp-card-open`, notes named like
entries): every page's ids are unique, and every backlink and #fragment lands on the right
element.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from mkdocs_explainer.core import ids
from sitekit import Site


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.elements: dict[str, dict[str, str | None]] = {}
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
            self.elements[a["id"] or ""] = {"tag": tag, **a}
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")


def parse(path: Path) -> Ids:
    parser = Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("ids") / "repo", plugin_options=":\n      link: all")
    site.term("kyiv", "Kyiv")
    site.term("kyiv-2", "Kyiv Two")
    site.term("open", "Opening")
    site.term("open-title", "Title Case")
    site.person("kyiv-2-2", "Twice Over")
    site.page("index.md", "# Home\n\nKyiv Two and Kyiv. Then Kyiv and Kyiv Two again, Kyiv.\n\n"
                          "Opening and Title Case, Twice Over and Kyiv once more.\n")  # fmt: skip
    site.page("other.md", "# Other\n\nIn Kyiv Two, not Kyiv. Opening.\n")
    site.notes("index.md", [{"id": "kyiv", "quote": "Then Kyiv"}, {"id": "kyiv-2", "quote": "Opening and"}])
    result = site.build()
    assert result.ok, result.error
    return site


def _pages(site: Site) -> list[Path]:
    return [p for p in (site.root / "site").rglob("*.html") if "assets" not in p.parts]


def test_every_page_has_unique_ids(built: Site) -> None:
    pages = _pages(built)
    assert len(pages) >= 8
    for page in pages:
        found = parse(page).ids
        assert len(found) == len(set(found)), (page, sorted(i for i in found if found.count(i) > 1))


def test_mentions_cards_and_notes_use_separate_namespaces(built: Site) -> None:
    found = parse(built.root / "site/index.html").elements
    mentions = {i: e for i, e in found.items() if e.get("class") == "xp-mention"}
    for anchor_id, el in mentions.items():
        entry = el["data-xp-entry"] or ""
        assert re.fullmatch(rf"xp-m--{re.escape(entry)}(--[2-9])?", anchor_id), anchor_id
    assert {"xp-m--kyiv", "xp-m--kyiv--2", "xp-m--kyiv--3", "xp-m--kyiv--4", "xp-m--kyiv-2", "xp-m--kyiv-2--2"} <= set(mentions)
    assert found["xp-card--open"]["class"] == "xp-card-data"
    assert found["xp-card--kyiv-2"]["data-xp-kind"] == "term"
    assert found["xp-note--kyiv"]["class"] == "xp-endnote"
    assert found["xp-noteref--kyiv-2"]["data-xp-note"] == "kyiv-2"
    # What explainer.js adds at runtime cannot equal any of these either.
    assert not {"xp-card-open", "xp-card-open-title"} & set(found)


def test_every_fragment_lands_on_the_right_element(built: Site) -> None:
    root = built.root / "site"
    checked = 0
    for page in _pages(built):
        parsed = parse(page)
        base = "/" + page.relative_to(root).as_posix()
        for href in parsed.hrefs:
            if "#" not in href or href.startswith(("http:", "https:", "mailto:")):
                continue
            target, fragment = urljoin(base, href).split("#", 1)
            target_file = root / unquote(target).lstrip("/")
            if target_file.is_dir() or target.endswith("/"):
                target_file = target_file / "index.html"
            if not fragment:
                continue
            elements = parse(target_file).elements
            assert fragment in elements, (page, href)
            checked += 1
    assert checked > 10


def test_backlinks_land_on_the_first_mention_of_their_own_entry(built: Site) -> None:
    for entry, folder in [("kyiv", "glossary"), ("kyiv-2", "glossary"), ("open", "glossary"), ("kyiv-2-2", "people")]:
        entry_page = parse(built.root / f"site/{folder}/{entry}/index.html")
        backs = [h for h in entry_page.hrefs if "#xp-m--" in h]
        assert backs, entry
        for href in backs:
            page, fragment = href.split("#")
            article = built.root / "site" / folder / entry / page / "index.html"
            el = parse(article.resolve()).elements[fragment]
            assert el["data-xp-entry"] == entry and fragment == ids.mention(entry, 1), (entry, href)


def test_an_id_is_never_made_from_something_that_is_not_a_slug() -> None:
    assert ids.mention("kyiv-2", 1) != ids.mention("kyiv", 2)
    for bad in ["kyiv--2", "Kyiv", "kyiv\n", "", "a b"]:
        with pytest.raises(ValueError, match="not a slug"):
            ids.card(bad)
