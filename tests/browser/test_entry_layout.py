"""Entry pages in Chromium: layout on a phone (390 px) and a desktop (1280 px) in both palettes,
axe with zero violations, reading without JavaScript, and cards from links in an entry's body.

The site is built here: two people (one with a picture made by the test, a gradient PNG: no real
portrait ships), a place and an event whose texts name one another, and two articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import xp_kit
from conftest import Pages, Site, watched_pages

pytestmark = pytest.mark.browser

PEOPLE = {
    "ada-vale": (
        "Ada Vale", "Chief negotiator of the Northern Delegation",
        "Ada Vale leads the delegation at the Quiet Accord talks.",
        "Before that she governed Port Selene, where she first worked with Boris Lunt.\n\n"
        "Her counterpart calls her `Vale` in private.",
    ),
    "boris-lunt": ("Boris Lunt", "Envoy", "Boris Lunt is the southern envoy.", None),
}
TERMS = {
    "port-selene": ("Port Selene", "place", None, "A harbour city on the northern coast.", ["Selene Harbour"]),
    "quiet-accord": ("Quiet Accord", "event", "2026-03-01", "A ceasefire signed in Port Selene.", []),
}
ARTICLES = {
    "first-report.md": "# First report\n\nAda Vale and Boris Lunt met in Port Selene.\n\nThe Quiet Accord followed.\n",
    "second-report.md": "# Second report\n\nAda Vale spoke about the Quiet Accord for an hour.\n",
}
LONG_URL = "https://example.org/" + "a-very-long-address-segment-" * 6


def _refs() -> list[str]:
    return ["sources:", "  - title: Example reference", f"    url: {LONG_URL}", "reviewed: 2026-11-29"]


def write_project(dest: Path, site_url: str) -> Path:
    (dest / "docs").mkdir(parents=True)
    for folder in ("people", "glossary", "images"):
        (dest / "annotations" / folder).mkdir(parents=True)
    (dest / "annotations" / "images" / "ada-vale.png").write_bytes(xp_kit.png(160, 200))
    for pid, (name, role, summary, body) in PEOPLE.items():
        lines = [f"name: {name}", "role:", f"  title: {role}", "  as_of: 2026-02-04", f"summary: {summary}"]
        if body:
            lines += ["body: |", *(f"  {line}" for line in body.splitlines())]
        if pid == "ada-vale":
            lines += ["aliases: [Vale]", "image:", "  src: annotations/images/ada-vale.png",
                      "  alt: A gradient standing in for a portrait", "  credit: Made by the test suite",
                      "  license: CC0 1.0", "as_of: 2026-03-01"]  # fmt: skip
        (dest / "annotations" / "people" / f"{pid}.yml").write_text("\n".join(lines + _refs()) + "\n")
    for tid, (term, kind, date, summary, aliases) in TERMS.items():
        lines = [f"term: {term}", f"kind: {kind}", f"summary: {summary}", f"aliases: {aliases}"]
        lines += [f"date: {date}"] if date else []
        (dest / "annotations" / "glossary" / f"{tid}.yml").write_text("\n".join(lines + _refs()) + "\n")
    (dest / "docs" / "index.md").write_text("# Entries test\n\nSee the [first report](first-report.md).\n")
    for name, text in ARTICLES.items():
        (dest / "docs" / name).write_text(text)
    theme = xp_kit.THEME_YAML.format(site_src=xp_kit.SITE_SRC.as_posix())
    cfg = dest / "mkdocs.yml"
    cfg.write_text(f"site_name: Entries test\nsite_url: {site_url}\ndocs_dir: docs\n{theme}plugins:\n  - search\n  - explainer\n")
    return cfg


@pytest.fixture(scope="module")
def entry_site(tmp_path_factory: pytest.TempPathFactory, browser_executable: str) -> Iterator[Site]:
    if not xp_kit.plugin_available():
        pytest.skip("the explainer plugin is not installed")
    base = tmp_path_factory.mktemp("xp-entries")
    root = base / "site"
    root.mkdir()
    with xp_kit.StaticServer(root) as server:
        xp_kit.build_site(write_project(base / "project", server.url), root)
        yield Site(server.url, root, "plugin")


@pytest.fixture
def entry_pages(browser: Any, entry_site: Site) -> Iterator[Pages]:
    yield from watched_pages(browser, entry_site)


WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
ENTRY_PAGES = ["people/ada-vale/", "people/boris-lunt/", "glossary/port-selene/", "glossary/quiet-accord/"]

OVERFLOW = """() => {
  const w = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('.xp-entry, .xp-entry *')]
    .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > w + 0.5)
    .map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
  return {scroll: document.documentElement.scrollWidth, width: w, wide: wide.slice(0, 5)};
}"""


def open_entry(pages: Pages, path: str, size: str, scheme: str, ready: str = ".xp-entry", **kwargs: Any) -> Any:
    viewport = WIDTHS[size]
    touch = {"has_touch": True, "is_mobile": True} if size == "phone" else {}
    page = pages.new(None, viewport=viewport, color_scheme=scheme, reduced_motion="reduce", **touch, **kwargs)
    page.goto(pages.site(path))
    page.wait_for_selector(ready)
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(WIDTHS))
@pytest.mark.parametrize("path", ENTRY_PAGES)
def test_entry_pages_fit_the_screen_and_axe_finds_nothing(entry_pages: Pages, path: str, size: str, scheme: str) -> None:
    page = open_entry(entry_pages, path, size, scheme)
    found = page.evaluate(OVERFLOW)
    assert found["scroll"] <= found["width"] and found["wide"] == [], found
    assert page.evaluate("getComputedStyle(document.querySelector('.xp-entry-header')).display") == "flex"
    assert xp_kit.axe_violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_picture_sits_beside_the_heading_on_desktop_and_leads_on_phones(entry_pages: Pages, scheme: str) -> None:
    page = open_entry(entry_pages, "people/ada-vale/", "desktop", scheme)
    image, heading = xp_kit.rect(page, ".xp-entry-image"), xp_kit.rect(page, ".xp-entry-heading")
    assert image["left"] >= heading["right"] and abs(image["top"] - heading["top"]) < 20
    assert page.evaluate("document.querySelector('.xp-entry-image img').naturalWidth") == 160
    phone = open_entry(entry_pages, "people/ada-vale/", "phone", scheme)
    image, heading = xp_kit.rect(phone, ".xp-entry-image"), xp_kit.rect(phone, ".xp-entry-heading")
    assert image["bottom"] <= heading["top"] and image["right"] <= 390
    assert image["height"] <= 844 / 3 + 40  # the picture with its credit line
    credit = phone.locator(".xp-entry-image figcaption").inner_text()
    assert credit == "Made by the test suite · CC0 1.0"


def test_an_entry_page_reads_without_javascript(entry_pages: Pages) -> None:
    page = open_entry(entry_pages, "people/ada-vale/", "phone", "light", java_script_enabled=False)
    assert page.locator(".xp-backlink-article").all_inner_texts() == ["First report", "Second report"]
    assert page.locator(".xp-backlink-go").first.is_visible()
    assert page.locator(".xp-related-link").all_inner_texts() == ["Boris Lunt", "Port Selene", "Quiet Accord"]
    assert page.locator(".xp-entry-body a.xp-mention").all_inner_texts() == ["Port Selene", "Boris Lunt"]
    assert page.evaluate(OVERFLOW)["wide"] == []


def test_a_name_in_an_entry_body_opens_its_card_and_the_card_holds_no_mentions(entry_pages: Pages) -> None:
    page = open_entry(entry_pages, "people/ada-vale/", "desktop", "light")
    page.wait_for_selector(".xp-toggle")
    mention = '.xp-entry-body a.xp-mention[data-xp-entry="boris-lunt"]'
    page.hover(mention)
    page.wait_for_selector(".xp-card", state="visible")
    card = page.locator(".xp-card")
    assert "Boris Lunt is the southern envoy." in card.inner_text()
    assert card.locator("a.xp-mention").count() == 0


@pytest.mark.parametrize("size", list(WIDTHS))
def test_the_card_shows_the_picture_as_a_thumbnail_inside_it(entry_pages: Pages, size: str) -> None:
    page = open_entry(entry_pages, "first-report/", size, "light", ready=".xp-toggle")
    mention = 'a.xp-mention[data-xp-entry="ada-vale"]'
    if size == "phone":
        page.tap(mention)
    else:
        page.hover(mention)
    page.wait_for_selector(".xp-card img.xp-card-image", state="visible")
    page.wait_for_function("document.querySelector('.xp-card img.xp-card-image').complete")
    thumb, card = xp_kit.rect(page, ".xp-card img.xp-card-image"), xp_kit.rect(page, ".xp-card")
    assert page.evaluate("document.querySelector('.xp-card img.xp-card-image').naturalWidth") == 160
    assert card["left"] <= thumb["left"] and thumb["right"] <= card["right"] and thumb["width"] < card["width"] / 2
    assert page.locator(".xp-card img.xp-card-image").get_attribute("alt") == "A gradient standing in for a portrait"
