"""schema.org JSON-LD on every page, the W3C Web Annotation export and entries.json, in real builds."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from mkdocs_explainer.core import webanno
from mkdocs_explainer.core.render import plain
from sitekit import Site

HOSTILE = "Ends </script><script>alert(1)</script> <!-- “curly” \"straight\" 'single' — Київ & 中文 \u2028 done"
SITE_URL = "https://news.example/explainers/"
ARTICLE = """\
---
title: "Talks: Zoë and Kyiv"
description: What was said.
published: 2026-02-05
updated: 2026-02-06
dateline: ABU DHABI
sources:
  - title: "A report </script> “quoted”"
    url: https://wire.example/world/report
    publisher: Wire & Co
    date: 2026-02-04
---

# Talks: Zoë and Kyiv

Zoë O'Neil met the NSDC in Kyiv on the first day. Kyiv said the talks were "useful".

The Abu Dhabi talks ended on the second day, when Kyiv and the NSDC agreed.
"""
ANNO_TERMS = {
    "@context", "id", "type", "motivation", "body", "target", "source", "selector", "exact", "prefix", "suffix",
    "value", "format", "purpose", "label", "total", "first", "items", "startIndex", "modified",
}  # fmt: skip
"""Terms of the W3C Web Annotation context (http://www.w3.org/ns/anno.jsonld) that the export uses."""


def _build(root: Path, site_url: str | None) -> Site:
    site = Site(root, ":\n      csp: true")
    if site_url:
        site.configure(":\n      csp: true", f"site_url: {site_url}\n")
    site.person("zoe-oneil", "Zoë O'Neil", summary=HOSTILE, wikidata="Q42", same_as=["https://zoe.example/"])
    site.term("kyiv", "Kyiv", wikidata="Q1899", as_of="2026-02-05")
    site.term("nsdc", "National Security and Defence Council", ["NSDC"], kind="organisation")
    site.term("talks", "Abu Dhabi talks", kind="event", date="2026-02-04")
    site.term("ceasefire", "ceasefire", kind="concept")
    site.page("index.md", "# Home\n\nAbout Kyiv.\n")
    site.page("talks.md", ARTICLE)
    site.page("more/deep.md", "---\nexplainer: {link: all}\n---\n\n# Deep\n\nKyiv, then Kyiv again, and the NSDC.\n")
    site.notes(
        "talks.md",
        [
            {"id": "first-day", "quote": "on the first day", "body": HOSTILE},
            {"id": "useful", "quote": "\"useful\""},
        ],
    )
    result = site.build(strict=True)
    assert result.ok, result.error
    return site


@pytest.fixture(scope="module", params=[None, SITE_URL], ids=["relative", "site_url"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    return _build(tmp_path_factory.mktemp("structured"), request.param)


def _pages(site: Site) -> list[Path]:
    return sorted(p for p in (site.root / "site").rglob("*.html") if p.name != "404.html")


def _blocks(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


def _json_ld(site: Site, rel: str) -> dict[str, Any]:
    (block,) = _blocks(site.html(rel))
    data: dict[str, Any] = json.loads(block)
    return data


def _resolves(site: Site, doc: Path, url: str) -> bool:
    """Whether `url`, read in the document at `doc`, points to a file of the built site."""
    out = site.root / "site"
    base = SITE_URL + doc.relative_to(out).as_posix()
    absolute = urljoin(base, url)
    if not absolute.startswith(SITE_URL):
        return False
    path = urlsplit(absolute).path[len(urlsplit(SITE_URL).path) :]
    target = out / path
    return (target / "index.html").is_file() if path.endswith("/") or not path else target.is_file()


def _site_urls(data: Any) -> list[str]:
    """Every `url` / `@id` / `id` / `source` value that is not another site's address."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("url", "@id", "id", "source") and isinstance(value, str):
                found.append(value)
            found += _site_urls(value)
    elif isinstance(data, list):
        for item in data:
            found += _site_urls(item)
    return [u for u in found if not re.match(r"https?://", u) or u.startswith(SITE_URL)]


def test_every_page_has_one_block_in_its_head(built: Site) -> None:
    for page in _pages(built):
        html = page.read_text(encoding="utf-8")
        blocks = _blocks(html)
        assert len(blocks) == 1, page
        assert html.index('type="application/ld+json"') < html.index("</head>")
        data = json.loads(blocks[0])
        assert data["@context"] == "https://schema.org"
        for url in _site_urls(data):
            assert _resolves(built, page, url), (page, url)


def test_article_is_a_news_article(built: Site) -> None:
    data = _json_ld(built, "talks/index.html")
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Talks: Zoë and Kyiv"
    assert (data["datePublished"], data["dateModified"], data["dateline"]) == ("2026-02-05", "2026-02-06", "ABU DHABI")
    assert data["description"] == "What was said."
    assert [m["name"] for m in data["mentions"]] == [
        "Zoë O'Neil", "National Security and Defence Council", "Kyiv", "Abu Dhabi talks",
    ]  # fmt: skip
    assert [a["name"] for a in data["about"]] == ["Kyiv"]  # named in the headline
    person = data["mentions"][0]
    assert person["@type"] == "Person" and person["sameAs"] == ["https://www.wikidata.org/wiki/Q42", "https://zoe.example/"]
    (citation,) = data["citation"]
    assert citation == {
        "@type": "CreativeWork", "name": "A report </script> “quoted”", "url": "https://wire.example/world/report",
        "publisher": {"@type": "Organization", "name": "Wire & Co"}, "datePublished": "2026-02-04",
    }  # fmt: skip


def test_a_page_without_a_publication_date_is_a_web_page(built: Site) -> None:
    data = _json_ld(built, "more/deep/index.html")
    assert data["@type"] == "WebPage" and data["name"] == "Deep"
    assert [m["name"] for m in data["mentions"]] == ["Kyiv", "National Security and Defence Council"]


@pytest.mark.parametrize(
    ("rel", "kind", "extra"),
    [
        ("people/zoe-oneil/index.html", "Person", {"jobTitle": "Role of Zoë O'Neil"}),
        ("glossary/kyiv/index.html", "Place", {"sameAs": ["https://www.wikidata.org/wiki/Q1899"]}),
        ("glossary/nsdc/index.html", "Organization", {"alternateName": ["NSDC"]}),
        ("glossary/talks/index.html", "Event", {"startDate": "2026-02-04"}),
        ("glossary/ceasefire/index.html", "DefinedTerm", {"inDefinedTermSet": {"@type": "DefinedTermSet", "name": "Glossary"}}),
    ],
)  # fmt: skip
def test_entry_pages_by_kind(built: Site, rel: str, kind: str, extra: dict[str, Any]) -> None:
    data = _json_ld(built, rel)
    assert data["@type"] == kind
    assert data["mainEntityOfPage"] == data["url"]
    for key, value in extra.items():
        assert data[key] == value


def test_editor_text_round_trips_exactly_and_cannot_close_the_script(built: Site) -> None:
    html = built.html("people/zoe-oneil/index.html")
    (block,) = _blocks(html)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["description"] == plain(HOSTILE)
    assert "</script><script>alert(1)</script>" in data["description"] and "Київ & 中文" in data["description"]
    assert data["name"] == "Zoë O'Neil"


def test_indexes_and_timeline_are_item_lists(built: Site) -> None:
    people = _json_ld(built, "people/index.html")
    assert people["@type"] == "ItemList" and people["numberOfItems"] == 1
    assert people["itemListElement"][0] == {"@type": "ListItem", "position": 1, "item": people["itemListElement"][0]["item"]}
    glossary = _json_ld(built, "glossary/index.html")
    assert [i["item"]["name"] for i in glossary["itemListElement"]] == [
        "Abu Dhabi talks", "Ceasefire", "Kyiv", "National Security and Defence Council",
    ]  # fmt: skip
    timeline = _json_ld(built, "timeline/index.html")
    assert timeline["itemListOrder"] == "https://schema.org/ItemListOrderAscending"
    assert [i["item"]["@type"] for i in timeline["itemListElement"]] == ["Event"]


def test_csp_hashes_only_the_executable_scripts(built: Site) -> None:
    html = built.html("talks/index.html")
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert meta is not None
    (block,) = _blocks(html)
    import base64
    import hashlib

    token = "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
    assert token not in meta.group(1)


# -- W3C Web Annotations ---------------------------------------------------------------------


def _collection(site: Site, rel: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site.root / "site" / rel).read_text(encoding="utf-8"))
    return data


def _keys(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in _keys(v)}
    return set()


def test_annotation_files_are_web_annotation_collections(built: Site) -> None:
    for rel in ("annotations.jsonld", "talks/annotations.jsonld", "more/deep/annotations.jsonld"):
        data = _collection(built, rel)
        assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert data["type"] == "AnnotationCollection" and data["first"]["type"] == "AnnotationPage"
        items = data["first"]["items"]
        assert data["total"] == len(items) > 0
        assert _keys(data) <= ANNO_TERMS
        for item in items:
            assert item["type"] == "Annotation" and item["motivation"] in ("commenting", "identifying")
            assert {"id", "body", "target"} <= set(item)
            assert item["target"]["selector"]["type"] == "TextQuoteSelector"
        for url in _site_urls(data):
            assert _resolves(built, built.root / "site" / rel, url.split("#")[0] or "."), (rel, url)
    assert not (built.root / "site" / "index.annotations.jsonld").exists()


def test_notes_are_commenting_annotations_with_the_note_as_plain_text(built: Site) -> None:
    items = _collection(built, "talks/annotations.jsonld")["first"]["items"]
    notes = {i["id"].rsplit("#", 1)[1]: i for i in items if i["motivation"] == "commenting"}
    assert set(notes) == {"note-first-day", "note-useful"}
    body = notes["note-first-day"]["body"]
    assert body == {"type": "TextualBody", "value": "Note first-day\n\n" + plain(HOSTILE), "format": "text/plain", "purpose": "commenting"}  # fmt: skip
    assert notes["note-useful"]["target"]["selector"]["exact"] == '"useful"'


def test_mentions_are_identifying_annotations_with_the_entry_and_its_identifiers(built: Site) -> None:
    items = _collection(built, "more/deep/annotations.jsonld")["first"]["items"]
    mentions = [i for i in items if i["motivation"] == "identifying"]
    assert [m["target"]["selector"]["exact"] for m in mentions] == ["Kyiv", "Kyiv", "NSDC"]  # link: all
    entry, wikidata = mentions[0]["body"]
    assert entry["id"].endswith("glossary/kyiv/") and entry["format"] == "text/html"
    assert wikidata == {"id": "https://www.wikidata.org/wiki/Q1899"}


def test_every_selector_anchors_once_in_the_page_text(built: Site) -> None:
    items = _collection(built, "annotations.jsonld")["first"]["items"]
    assert len(items) >= 8
    for item in items:
        source = urljoin(SITE_URL + "annotations.jsonld", item["target"]["source"])
        rel = urlsplit(source).path[len(urlsplit(SITE_URL).path) :] + "index.html"
        html = built.html(rel)
        text, _ = webanno.read_page(html)
        sel = item["target"]["selector"]
        assert webanno.count(text, sel["prefix"] + sel["exact"] + sel["suffix"]) == 1, sel
        # The exact text is what the page shows in the passage or the mention.
        visible = re.sub(r"<[^>]+>", "", html).replace("&quot;", '"').replace("&#39;", "'")
        assert sel["exact"] in visible


def test_entries_json(built: Site) -> None:
    entries = json.loads((built.root / "site" / "entries.json").read_text(encoding="utf-8"))
    by_id = {e["id"]: e for e in entries}
    zoe = by_id["zoe-oneil"]
    assert set(zoe) == {"id", "type", "kind", "schema_type", "name", "aliases", "summary", "url", "identifiers", "mentioned_in"}  # fmt: skip
    assert zoe["summary"] == plain(HOSTILE) and zoe["identifiers"] == {"wikidata": "Q42", "same_as": ["https://zoe.example/"]}
    kyiv = by_id["kyiv"]
    assert [m["title"] for m in kyiv["mentioned_in"]] == ["Deep", "Home", "Talks: Zoë and Kyiv"]
    doc = built.root / "site" / "entries.json"
    for entry in entries:
        assert _resolves(built, doc, entry["url"])
        for m in entry["mentioned_in"]:
            assert _resolves(built, doc, m["url"])
            page = urljoin(SITE_URL + "entries.json", m["url"])
            html = built.html(urlsplit(page).path[len(urlsplit(SITE_URL).path) :] + "index.html")
            assert f'id="{m["anchor"]}"' in html


def test_exports_and_structured_data_can_be_switched_off(site: Site) -> None:
    site.configure(":\n      exports: false\n      structured_data: false")
    site.term("kyiv", "Kyiv")
    site.page("index.md", "# Home\n\nKyiv.\n")
    assert site.build(strict=True).ok
    assert not (site.root / "site" / "annotations.jsonld").exists()
    assert not (site.root / "site" / "entries.json").exists()
    assert "application/ld+json" not in site.html("index.html")
