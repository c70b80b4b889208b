"""JSON-LD and Web Annotation selectors in real Chromium: Material's instant navigation and `csp: true`.

Material re-creates the content's inline scripts without their `type` on each instant
navigation, so a JSON-LD block there would run as JavaScript (a SyntaxError, and a CSP
violation). The plugin puts it in <head>, which Material syncs element by element: after a
navigation the head holds the new page's block only, and nothing has run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from xp_kit import StaticServer, watch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sitekit import Site

pytestmark = pytest.mark.browser

CONFIG = """\
site_name: Test site
site_url: {url}
docs_dir: docs
site_dir: site
theme:
  name: material
  font: false
  features: [navigation.instant]
plugins:
  - search
  - explainer:
      csp: true
"""
LD = "script[type='application/ld+json']"


def _site(root: Path, url: str) -> Site:
    site = Site(root)
    site.write("mkdocs.yml", CONFIG.format(url=url))
    site.person("zoe", "Zoë O'Neil", summary="Says </script><script>window.__ran=1</script> “hi”")
    site.term("kyiv", "Kyiv", wikidata="Q1899")
    site.page("index.md", "# Home\n\nZoë O'Neil went to Kyiv. See [the talks](talks.md).\n")
    site.page("talks.md", "---\npublished: 2026-02-05\n---\n\n# Talks\n\nKyiv hosted Zoë O'Neil, who met Kyiv's mayor.\n")
    site.notes("talks.md", [{"id": "mayor", "quote": "met Kyiv's mayor"}])
    result = site.build()
    assert result.ok, result.error
    return site


def _blocks(page: Any) -> list[dict[str, Any]]:
    texts = page.eval_on_selector_all(LD, "els => els.map(e => [e.parentElement.tagName, e.textContent])")
    assert all(parent == "HEAD" for parent, _ in texts)
    return [json.loads(text) for _, text in texts]


def test_json_ld_follows_instant_navigation_and_never_runs(browser: Any, tmp_path: Path) -> None:
    (tmp_path / "site-src" / "site").mkdir(parents=True)
    with StaticServer(tmp_path / "site-src" / "site") as server:
        _site(tmp_path / "site-src", server.url)
        ctx = browser.new_context()
        try:
            page = ctx.new_page()
            problems = watch(page)
            page.goto(server.url)
            (home,) = _blocks(page)
            assert home["@type"] == "WebPage"
            page.evaluate("window.__marker = 1")
            page.click("article a[href$='talks/']")
            page.wait_for_function("() => document.title.startsWith('Talks')")
            assert page.evaluate("window.__marker") == 1, "the navigation was not instant"
            page.wait_for_function(
                f"() => document.querySelectorAll(\"{LD}\").length === 1"
                f" && document.querySelector(\"{LD}\").textContent.includes('NewsArticle')"
            )
            (talks,) = _blocks(page)
            assert talks["@type"] == "NewsArticle" and talks["datePublished"] == "2026-02-05"
            assert page.evaluate("document.querySelectorAll('article script').length") == 0
            page.go_back()
            page.wait_for_function(f"() => document.querySelector(\"{LD}\").textContent.includes('WebPage')")
            assert len(_blocks(page)) == 1
            page.goto(server.url + "people/zoe/")
            (person,) = _blocks(page)
            assert person["description"] == "Says </script><script>window.__ran=1</script> “hi”"
            assert page.evaluate("window.__ran") is None
        finally:
            ctx.close()
        assert problems == []


def test_every_exported_selector_anchors_once_in_the_rendered_text(browser: Any, tmp_path: Path) -> None:
    (tmp_path / "site-src" / "site").mkdir(parents=True)
    with StaticServer(tmp_path / "site-src" / "site") as server:
        site = _site(tmp_path / "site-src", server.url)
        export = json.loads((site.root / "site" / "annotations.jsonld").read_text(encoding="utf-8"))
        items = export["first"]["items"]
        assert {i["motivation"] for i in items} == {"commenting", "identifying"}
        ctx = browser.new_context(viewport={"width": 1200, "height": 800})
        try:
            page = ctx.new_page()
            for item in items:
                page.goto(item["target"]["source"])
                # The text as the browser renders it (white space collapsed), not as our parser reads it.
                text = page.evaluate("() => document.body.innerText.replace(/\\s+/g, ' ')")
                sel = item["target"]["selector"]
                needle = sel["prefix"] + sel["exact"] + sel["suffix"]
                assert text.count(needle) == 1, (item["id"], needle)
        finally:
            ctx.close()
