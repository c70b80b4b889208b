"""`explainer check` warns about home-page and background-only sources and shared Wikidata ids."""

from __future__ import annotations

import pytest
from mkdocs_explainer.editors.check import run_check
from mkdocs_explainer.editors.sourcecheck import is_home_page, on_domain
from sitekit import Site


@pytest.mark.parametrize(
    "url",
    [
        "https://www.state.gov", "https://www.state.gov/", "https://en.kremlin.ru/", "https://mfa.gov.ua/en",
        "https://www.elysee.fr/en/", "https://example.org/pt-br/", "https://example.org/index.html",
        "https://example.org/en/index.php", "http://EXAMPLE.org/#top", "https://example.org/zh-hans/",
    ],
)  # fmt: skip
def test_home_pages(url: str) -> None:
    assert is_home_page(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.state.gov/secretary-rubio-remarks/", "https://example.org/?p=123", "https://example.org/news",
        "https://en.kremlin.ru/events/president/news/79000", "mailto:desk@example.org", "https://example.org/2026/",
        "https://example.org/new-york", "https://example.org/news/",
    ],
)  # fmt: skip
def test_not_home_pages(url: str) -> None:
    assert not is_home_page(url)


def test_domains_match_their_subdomains_only() -> None:
    assert on_domain("https://en.wikipedia.org/wiki/Kyiv", ["wikipedia.org"])
    assert on_domain("https://wikipedia.org/", ["Wikipedia.org."])
    assert not on_domain("https://notwikipedia.org/wiki/Kyiv", ["wikipedia.org"])
    assert not on_domain("https://wikipedia.org.example/", ["wikipedia.org"])


PERSON = """\
name: Abe Zed
role: {title: Envoy, as_of: 2026-02-04}
summary: An envoy.
wikidata: Q42
sources:
  - title: Abe Zed
    url: https://en.wikipedia.org/wiki/Abe_Zed
  - title: Ministry
    url: https://www.mfa.example/en/
reviewed: 2026-11-29
"""
TERM = """\
term: Kyiv
kind: place
summary: The capital.
wikidata: Q42
sources:
  - title: Kyiv
    url: https://en.wikipedia.org/wiki/Kyiv
  - title: Also Kyiv
    url: https://uk.wikipedia.org/wiki/Kyiv
reviewed: 2026-11-29
"""
ARTICLE = """\
---
published: 2026-02-05
sources:
  - title: Agency
    url: https://agency.example/
---

# Talk

Abe Zed went to Kyiv.
"""


def _site(site: Site, options: str = "") -> list[str]:
    site.configure(options)
    site.write("annotations/people/abe-zed.yml", PERSON)
    site.write("annotations/glossary/kyiv.yml", TERM)
    site.page("index.md", ARTICLE)
    site.notes("index.md", [{"id": "went", "quote": "went to", "sources": [{"title": "W", "url": "https://fr.wikipedia.org/wiki/W"}]}])  # fmt: skip
    result = run_check(site.root)
    assert result.errors == 0, result.diagnostics
    return [d.text() for d in result.diagnostics if "source" in d.message or "Wikidata" in d.message]


def test_warnings_point_at_the_address(site: Site) -> None:
    found = _site(site)
    home = "is a site's home page, which supports no particular claim: cite the report, statement or page that says it"
    background = "which is background only: add the report or statement each fact comes from"
    assert found == [
        f"annotations/glossary/kyiv.yml:7:10: warning: every source of entry `kyiv` is on wikipedia.org, {background}",
        f"annotations/notes/index.yml:10:18: warning: every source of note `went` is on wikipedia.org, {background}",
        "annotations/people/abe-zed.yml:4:11: warning: Wikidata id Q42 is also that of `kyiv`"
        " (annotations/glossary/kyiv.yml): merge the two entries or correct one id",
        f"annotations/people/abe-zed.yml:9:10: warning: source https://www.mfa.example/en/ {home}",
        f"docs/index.md:5:10: warning: source https://agency.example/ {home}",
    ]


def test_options_in_mkdocs_yml_turn_them_off(site: Site) -> None:
    found = _site(site, ":\n      warn_home_page_sources: false\n      background_domains: []")
    assert [f for f in found if "Wikidata" not in f] == []


def test_other_background_domains(site: Site) -> None:
    found = _site(site, ":\n      warn_home_page_sources: false\n      background_domains: [mfa.example, wikipedia.org]")
    assert any("every source of entry `abe-zed` is on mfa.example, wikipedia.org" in f for f in found)


def test_a_malformed_wikidata_id_is_an_error_with_its_place(site: Site) -> None:
    site.person("abe-zed", "Abe Zed", wikidata="Q042")
    site.page("index.md", "# Home\n\nAbe Zed.\n")
    result = site.build()
    assert not result.ok
    assert "`wikidata` `Q042` should be a Wikidata item id: Q and digits, e.g. `Q212`" in result.error
