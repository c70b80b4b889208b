"""Navigation plugins (mkdocs-awesome-nav, mkdocs-literate-nav) on a site with generated pages.

The indexes and the timeline are navigation pages; entry pages are not (they are reached from
the indexes and the articles). A navigation plugin's globs place the indexes and the timeline
where they match and never pull in the entry pages; every generated page is written whatever
the navigation says, and nothing warns or fails unless the navigation names what its plugin
cannot see.
"""

from __future__ import annotations

import posixpath

import pytest
from sitekit import Node, Site, i18n_plugin, parse_html

GENERATED = ("people/index.html", "glossary/index.html", "timeline/index.html", "people/ada/index.html")


def _nav_site(site: Site, plugin: str, nav_file: str, nav: str, i18n: str = "") -> None:
    yml = site.root.joinpath("mkdocs.yml").read_text(encoding="utf-8")
    site.write("mkdocs.yml", yml.replace("  - search\n", f"  - search\n{i18n}  - {plugin}\n"))
    site.term("kyiv", "Kyiv")
    site.term("talks", "Geneva talks", kind="event", date="2026-02-04")
    site.person("ada", "Ada Lovelace")
    site.page("index.md", "# Home\n\nKyiv, Ada Lovelace and the Geneva talks.\n")
    site.page("world/report.md", "# Report\n\nA report from Kyiv.\n")
    site.page(nav_file, nav)


def _primary_nav(site: Site, page: str) -> list[tuple[str, str]]:
    """(page written, label) for each link of the site navigation on `page`, in order; sections as ("", label)."""
    tree = parse_html(site.html(page))
    primary = next(n for n in tree.iter() if n.tag == "nav" and "md-nav--primary" in n.classes)
    base = posixpath.dirname(page)
    out = []
    for node in primary.iter():
        if "md-nav--secondary" in {c for a in node.ancestors() for c in a.classes}:
            continue  # The page's table of contents.
        if "md-nav__link" not in node.classes or node.tag not in ("a", "label"):
            continue
        if node.tag == "label":
            out.append(("", _label(node)))
            continue
        href = node.attrs["href"]
        target = posixpath.normpath(posixpath.join(base, href))
        out.append((f"{target}/index.html".removeprefix("./") if href.endswith(("/", ".")) else target, _label(node)))
    return out


def _label(node: Node) -> str:
    return node.text(skip=lambda n: n.tag == "span" and "md-nav__icon" in n.classes)


def _assert_all_written(site: Site, prefix: str = "") -> None:
    for rel in GENERATED:
        assert (site.root / "site" / prefix / rel).is_file(), rel
    # The entry page is reached from its index whatever the navigation holds.
    assert 'href="ada/"' in site.article(f"{prefix}people/index.html")


AWESOME = {
    "star": (
        'nav:\n  - index.md\n  - "*"\n',
        [
            ("index.html", "Home"),
            ("timeline/index.html", "Timeline"),
            ("", "Glossary"),
            ("glossary/index.html", "Glossary"),
            ("", "People"),
            ("people/index.html", "People"),
            ("", "World"),
            ("world/report/index.html", "Report"),
        ],
    ),
    "pages-only": ('nav:\n  - "*.md"\n', [("index.html", "Home"), ("timeline/index.html", "Timeline")]),
    "globstar": (
        'nav:\n  - "**/*.md"\n',
        [
            ("glossary/index.html", "Glossary"),
            ("index.html", "Home"),
            ("people/index.html", "People"),
            ("timeline/index.html", "Timeline"),
            ("world/report/index.html", "Report"),
        ],
    ),
    "ignored-folder": (
        'ignore: "people"\nnav:\n  - "*"\n',
        [
            ("index.html", "Home"),
            ("timeline/index.html", "Timeline"),
            ("", "Glossary"),
            ("glossary/index.html", "Glossary"),
            ("", "World"),
            ("world/report/index.html", "Report"),
        ],
    ),
}


@pytest.mark.parametrize("case", AWESOME, ids=AWESOME.keys())
def test_awesome_nav_globs_place_the_indexes_and_timeline_and_never_entry_pages(site: Site, case: str) -> None:
    nav, expected = AWESOME[case]
    _nav_site(site, "awesome-nav", ".nav.yml", nav)
    result = site.build(strict=True)
    assert result.ok, result.error
    for page in ("index.html", "people/ada/index.html", "glossary/index.html"):
        assert _primary_nav(site, page) == expected, page
    _assert_all_written(site)


def test_awesome_nav_cannot_name_an_entry_page(site: Site) -> None:
    """awesome-nav sees only pages meant for the navigation, so an entry page named in .nav.yml is a
    warning of its own (the README says so); the page is still written and linked."""
    _nav_site(site, "awesome-nav", ".nav.yml", "nav:\n  - index.md\n  - people/ada.md\n")
    result = site.build()
    assert result.ok, result.error
    assert any("people/ada.md" in line and "doesn't match" in line for line in result.logs), result.logs
    assert _primary_nav(site, "index.html") == [("index.html", "Home")]
    _assert_all_written(site)


def test_awesome_nav_with_i18n_lists_each_language_s_own_indexes(site: Site) -> None:
    _nav_site(site, "awesome-nav", ".nav.yml", 'nav:\n  - index.md\n  - "*"\n', i18n=i18n_plugin("en", "fr"))
    site.page("index.fr.md", "# Accueil\n\nKyiv en français.\n")
    result = site.build(strict=True)
    assert result.ok, result.error
    assert _primary_nav(site, "fr/index.html") == [
        ("fr/index.html", "Accueil"),
        ("fr/timeline/index.html", "Chronologie"),
        ("", "Glossary"),  # awesome-nav names a section after its folder
        ("fr/glossary/index.html", "Glossaire"),
        ("", "People"),
        ("fr/people/index.html", "Personnes"),
        ("", "World"),
        ("fr/world/report/index.html", "Report"),
    ]
    assert [label for _, label in _primary_nav(site, "index.html")][:2] == ["Home", "Timeline"]
    _assert_all_written(site)
    _assert_all_written(site, "fr/")


LITERATE = {
    "named": (
        "* [Home](index.md)\n* [Who is who](people/index.md)\n* [Ada](people/ada.md)\n* [Dates](timeline.md)\n* *\n",
        [
            ("index.html", "Home"),
            ("people/index.html", "Who is who"),
            ("people/ada/index.html", "Ada"),
            ("timeline/index.html", "Dates"),
            ("", "World"),
            ("world/report/index.html", "Report"),
        ],
    ),
    "star": (
        "* [Home](index.md)\n* *\n",
        [("index.html", "Home"), ("", "World"), ("world/report/index.html", "Report")],
    ),
}


@pytest.mark.parametrize("case", LITERATE, ids=LITERATE.keys())
def test_literate_nav_places_generated_pages_where_named_and_its_star_leaves_them_out(site: Site, case: str) -> None:
    """literate-nav reads the file list before the plugin adds its pages (both run last in on_files):
    its `*` lists the site's own pages only, and a generated page goes where SUMMARY.md names it."""
    pytest.importorskip("mkdocs_literate_nav")
    summary, expected = LITERATE[case]
    _nav_site(site, "literate-nav", "SUMMARY.md", summary)
    result = site.build(strict=True)
    assert result.ok, result.error
    assert _primary_nav(site, "index.html") == expected
    _assert_all_written(site)
