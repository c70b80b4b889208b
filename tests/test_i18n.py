"""mkdocs-static-i18n: every language gets its own entry pages, indexes and timeline, linked within it.

The plugin builds the default language into the site's root and each other language into its
folder (`fr/`, `de/`), running every plugin once per language. A reader of one language must stay
in it: the entry page lists that language's articles, and every link from an article, a card, an
index or the timeline goes to a page of the same language, with the labels in that language.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import Site, i18n_plugin, parse_html

EXPLAINER = str(Path(sys.executable).parent / "explainer")


# Language folder → what that language's pages must say and list.
EXPECTED = {
    "": {"lang": "en", "mentioned_in": "Mentioned in", "people": "People", "kyiv": ["Home", "Report"]},
    "fr": {"lang": "fr", "mentioned_in": "Cité dans", "people": "Personnes", "kyiv": ["Accueil", "Report"]},
    "de": {"lang": "de", "mentioned_in": "Erwähnt in", "people": "Personen", "kyiv": ["Report", "Startseite"]},
}
NO_MENTIONS = {"fr": "Aucun article ne cite encore cette fiche.", "de": "Noch kein Artikel erwähnt diesen Eintrag."}


DE_FRONT = """\
---
published: 2026-02-04
updated: 2026-02-06
sources:
  - title: Bericht
    url: https://example.org/bericht
---

"""


def _i18n_site(site: Site, structure: str = "suffix", directory_urls: bool = True) -> None:
    yml = site.root.joinpath("mkdocs.yml").read_text(encoding="utf-8")
    yml = yml.replace("  - search\n", "  - search\n" + i18n_plugin("en", "fr", "de", structure=structure))
    site.write("mkdocs.yml", f"{yml}use_directory_urls: {str(directory_urls).lower()}\n")
    site.term("kyiv", "Kyiv")
    site.term("talks", "Geneva talks", kind="event", date="2026-02-04")
    site.person("ada", "Ada Lovelace")
    pages = {
        "en": ("index", "# Home\n\nKyiv in English, with Ada Lovelace at the Geneva talks.\n"),
        "fr": ("index", "# Accueil\n\nKyiv en français.\n"),
        "de": ("index", DE_FRONT + "# Startseite\n\nKyiv heute, dann die Geneva talks.\n"),
    }
    for lang, (stem, text) in pages.items():
        site.page(f"{lang}/{stem}.md" if structure == "folder" else f"{stem}.{lang}.md", text)
    # An article only in English: the other languages show it (i18n's fallback) in their own folder.
    site.page("en/report.md" if structure == "folder" else "report.md", "# Report\n\nA report from Kyiv.\n")
    site.notes("fr/index.md" if structure == "folder" else "index.fr.md", [{"id": "fr", "quote": "en français"}])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("i18n") / "site-src")
    _i18n_site(site)
    result = site.build(strict=True)
    assert result.ok, result.error
    return site


def _page(folder: str, path: str, directory_urls: bool = True) -> str:
    """The written file of page `path` ("" for home, "glossary/kyiv") in a language's folder."""
    if not path:
        rel = "index.html"
    else:
        rel = f"{path}/index.html" if directory_urls or path.endswith("/") else f"{path}.html"
        rel = rel.replace("//", "/")
    return f"{folder}/{rel}" if folder else rel


def _targets(site: Site, page: str, html: str) -> list[Path]:
    """The written files that a page's relative links in `html` open, resolved from the site's root."""
    base = (site.root / "site" / page).parent
    out = []
    for href in re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', html):
        if href.startswith(("/", "..//")) or "assets/" in href or href.endswith((".css", ".js", ".xml")):
            continue
        target = (base / href).resolve()
        out.append(target if href.endswith(".html") else target / "index.html")
    return out


def _in_language(site: Site, folder: str, target: Path) -> bool:
    rel = target.relative_to((site.root / "site").resolve()).as_posix()
    others = [f for f in EXPECTED if f and f != folder]
    return rel.startswith(f"{folder}/") if folder else not rel.startswith(tuple(f"{f}/" for f in others))


def _section(html: str, start: str, end: str) -> str:
    part = html[html.index(start) :]
    return part[: part.index(end)]


@pytest.mark.parametrize("folder", EXPECTED)
def test_each_language_has_its_own_entry_page_listing_its_articles(built: Site, folder: str) -> None:
    want = EXPECTED[folder]
    page = _page(folder, "glossary/kyiv")
    html = built.html(page)
    assert f'<html lang="{want["lang"]}"' in html
    backlinks = _section(html, '<section class="xp-backlinks"', "</section>")
    assert f'<h2 id="xp-backlinks-title">{want["mentioned_in"]}</h2>' in backlinks
    titles = [parse_html(li).text() for li in re.findall(r'<li><a href="[^"]+"[^>]*>(.*?)</a>', backlinks)]
    assert titles == want["kyiv"]
    hrefs = built.backlinks(page)  # every one opens a written page with the mention's anchor
    assert len(hrefs) == 2
    for target in _targets(built, page, backlinks):
        assert target.is_file() and _in_language(built, folder, target), target


@pytest.mark.parametrize("folder", ["fr", "de"])
def test_an_entry_no_article_of_a_language_mentions_gets_a_page_that_says_so(built: Site, folder: str) -> None:
    html = built.html(_page(folder, "people/ada"))
    assert f'<html lang="{EXPECTED[folder]["lang"]}"' in html
    assert NO_MENTIONS[folder] in _section(html, '<section class="xp-backlinks"', "</section>")
    assert len(built.backlinks("people/ada/index.html")) == 1  # the English one lists its article


@pytest.mark.parametrize("folder", EXPECTED)
def test_mentions_and_cards_link_to_the_entry_pages_of_the_same_language(built: Site, folder: str) -> None:
    page = _page(folder, "")
    html = built.html(page)
    mentions = re.findall(r'<a class="xp-mention"[^>]*>', html)
    cards = _section(html, '<aside class="xp-cards"', "</aside>")
    assert mentions and cards.count('class="xp-card-data"') == len(mentions)
    links = _targets(built, page, "".join(mentions) + cards)
    assert len(links) == 2 * len(mentions)
    for target in links:
        assert target.is_file() and _in_language(built, folder, target), target
        assert f'<html lang="{EXPECTED[folder]["lang"]}"' in target.read_text(encoding="utf-8")
    notes = 'id="xp-endnotes-title">Notes de contexte</h2>'
    assert (notes in html) == (folder == "fr")  # the French article's own note, with a French heading
    # The fallback article (English text in every language's folder) links within its folder too.
    report = _page(folder, "report")
    for target in _targets(built, report, "".join(re.findall(r'<a class="xp-mention"[^>]*>', built.html(report)))):
        assert _in_language(built, folder, target), target


@pytest.mark.parametrize("folder", EXPECTED)
def test_indexes_and_timeline_are_per_language(built: Site, folder: str) -> None:
    for index, entry in (("people", "people/ada"), ("glossary", "glossary/kyiv"), ("timeline", "glossary/talks")):
        page = _page(folder, index)
        article = built.article(page)
        if index == "people":
            assert f"<h1>{EXPECTED[folder]['people']}</h1>" in article
        targets = _targets(built, page, article)
        assert (built.root / "site" / _page(folder, entry)).resolve() in targets, (page, entry)
        for target in targets:
            assert target.is_file() and _in_language(built, folder, target), (page, target)


@pytest.mark.parametrize("folder", EXPECTED)
def test_each_language_exports_its_own_entries_and_annotations(built: Site, folder: str) -> None:
    """entries.json and annotations.jsonld of a language sit in its folder and list its pages only."""
    base = built.root / "site" / folder
    entries = {e["id"]: e for e in json.loads((base / "entries.json").read_text(encoding="utf-8"))}
    kyiv = entries["kyiv"]
    assert sorted(m["title"] for m in kyiv["mentioned_in"]) == EXPECTED[folder]["kyiv"]
    for url in [kyiv["url"], *(m["url"] for m in kyiv["mentioned_in"])]:
        target = (base / url / "index.html").resolve()
        assert target.is_file() and _in_language(built, folder, target), url
    assert bool(entries["ada"]["mentioned_in"]) == (folder == "")
    collection = json.loads((base / "annotations.jsonld").read_text(encoding="utf-8"))
    sources = {(base / item["target"]["source"]).resolve() for item in collection["first"]["items"]}
    assert sources == {(base / path).resolve() for path in (".", "report")}
    report = json.loads((base / "report" / "annotations.jsonld").read_text(encoding="utf-8"))
    assert report["total"] == 1  # its one mention, beside the page in this language's folder


def test_no_generated_page_is_written_twice_or_outside_the_languages(built: Site) -> None:
    site_dir = built.root / "site"
    written = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("index.html"))
    for folder in EXPECTED:
        for path in ("people", "people/ada", "glossary", "glossary/kyiv", "glossary/talks", "timeline"):
            assert _page(folder, path) in written
    assert not [p for p in written if p.startswith(("fr/fr/", "fr/de/", "de/fr/", "de/de/"))]
    assert not list(built.root.glob(".site.explainer-*")), "the staging folder was swapped in"
    home = built.html("fr/index.html")
    assert home.count("explainer.js") == 1  # on_config ran again for "fr": assets added once


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
def test_folder_structure_gets_the_same_per_language_pages(site: Site, directory_urls: bool) -> None:
    _i18n_site(site, structure="folder", directory_urls=directory_urls)
    result = site.build(strict=True)
    assert result.ok, result.error
    for folder, want in EXPECTED.items():
        page = _page(folder, "glossary/kyiv", directory_urls)
        backlinks = _section(site.html(page), '<section class="xp-backlinks"', "</section>")
        titles = [parse_html(li).text() for li in re.findall(r'<li><a href="[^"]+"[^>]*>(.*?)</a>', backlinks)]
        assert titles == want["kyiv"], folder
        for target in _targets(site, page, backlinks):
            assert target.is_file() and _in_language(site, folder, target), target
        home = _page(folder, "", directory_urls)
        mentions = "".join(re.findall(r'<a class="xp-mention"[^>]*>', site.html(home)))
        assert mentions
        for target in _targets(site, home, mentions):
            assert target.is_file() and _in_language(site, folder, target), target


def test_explainer_check_reads_an_i18n_site_as_one_site(built: Site) -> None:
    """Articles of every language are checked; an entry some language never mentions is no warning."""
    run = subprocess.run(
        [EXPLAINER, "check", ".", "--today", "2026-11-29"],
        cwd=built.root, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    problems = [line for line in run.stdout.splitlines() if ": warning: " in line or ": error: " in line]
    assert not [p for p in problems if "schema line" not in p], problems
    assert "0 errors" in run.stdout and "4 articles" in run.stdout, run.stdout


@pytest.mark.parametrize("structure", ["suffix", "folder"])
def test_a_page_at_a_language_s_entry_path_is_an_error_in_the_build_and_in_check(site: Site, structure: str) -> None:
    """`glossary/kyiv.fr.md` (or `fr/glossary/kyiv.md`) is where the French page of `kyiv` is written."""
    _i18n_site(site, structure=structure)
    mine = "fr/glossary/kyiv.md" if structure == "folder" else "glossary/kyiv.fr.md"
    site.page(mine, "# Kyiv\n\nOur own page.\n")
    expected = f"docs/{mine}:1:1: error: this page has the path of a page the explainer plugin generates"
    result = site.build(strict=True)
    assert not result.ok and expected in result.error, result.error
    run = subprocess.run([EXPLAINER, "check", "."], cwd=site.root, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and expected in run.stdout, run.stdout
    assert run.stdout.count("the explainer plugin generates") == 1, run.stdout


def test_sitemap_and_language_switcher_know_each_generated_page_in_every_language(site: Site) -> None:
    _i18n_site(site)
    site.write("mkdocs.yml", "site_url: https://example.org/news/\n" + (site.root / "mkdocs.yml").read_text())
    result = site.build(strict=True)
    assert result.ok, result.error
    sitemap = site.html("sitemap.xml")
    urls = {
        m.group(1): set(re.findall(r'hreflang="([a-z]+)" href="([^"]+)"', m.group(2)))
        for m in re.finditer(r"<url>\s*<loc>([^<]+)</loc>(.*?)</url>", sitemap, re.S)
    }
    root = "https://example.org/news/"
    for path in ("glossary/kyiv/", "people/ada/", "people/", "glossary/", "timeline/"):
        twins = {("en", root + path), ("fr", f"{root}fr/{path}"), ("de", f"{root}de/{path}")}
        for folder in EXPECTED:
            assert urls.get(f"{root}{folder}/{path}".replace("news//", "news/")) == twins, (folder, path)
    # Material's language switcher on an entry page leads to the same entry in the other language.
    page = "fr/glossary/kyiv/index.html"
    switcher = dict(re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)" class="md-select__link', site.html(page)))
    resolved = {lang: (site.root / "site" / "fr/glossary/kyiv" / href).resolve() for href, lang in switcher.items()}
    site_dir = (site.root / "site").resolve()
    assert resolved == {
        lang: site_dir / f
        for lang, f in (("en", "glossary/kyiv"), ("fr", "fr/glossary/kyiv"), ("de", "de/glossary/kyiv"))
    }


def test_labels_under_a_language_code_apply_to_that_language_only(site: Site) -> None:
    site.configure(":\n      labels:\n        read_more: More\n        fr:\n          read_more: Lire la suite\n")
    _i18n_site(site)
    result = site.build(strict=True)
    assert result.ok, result.error
    more = {
        folder: re.findall(r'<p class="xp-card-more"><a [^>]*>([^<]+)<', site.html(_page(folder, "")))
        for folder in EXPECTED
    }
    assert more == {"": ["More"] * 3, "fr": ["Lire la suite"], "de": ["More"] * 2}
    assert "<h1>Personen</h1>" in site.article("de/people/index.html")  # the rest stays German


def test_an_article_s_dateline_and_sources_are_in_its_language(built: Site) -> None:
    html = built.article("de/index.html")
    assert 'Veröffentlicht am <time datetime="2026-02-04">4. Februar 2026</time>' in html
    assert 'Aktualisiert am <time datetime="2026-02-06">6. Februar 2026</time>' in html
    assert '<h2 id="xp-article-sources-title">Quellen</h2>' in html
