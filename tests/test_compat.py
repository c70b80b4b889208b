"""The plugin among the plugins, themes and Markdown extensions publishers use: one real build each.

Every site has an article (`guide.md`) and its twin (`twin.md`): the same Markdown with linking
off (`explainer: {link: none}`). What a reader sees on the article, cards, note markers and
endnotes aside, must be the twin's text exactly. Names also stand in every place a link must
never go (code, tab labels, a details summary, abbreviations, footnote references, headings)
before they stand in running text, so a link in a forbidden zone cannot hide behind the
first-mention rule.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sitekit import Node, Site, parse_html

CARD_WORDS = "Zanzibarian marmalade"  # only in card summaries: shows where card text went

ENTRIES = ("kyiv", "lviv", "odesa", "dnipro", "kharkiv", "poltava", "sumy")

BASE = """\
# Guide

Ada Lovelace wrote about Kyiv.

Run `Kharkiv --now` to start, then visit Kharkiv.

```text
Odesa, in a fenced block.
```

Odesa has a port. Lviv, Dnipro, Poltava and Sumy are cities.
"""

PYMDOWNX_BODY = """\
# Guide

=== "Lviv tab"

    Lviv is in the first panel.

=== "Other"

    Odesa is in the second panel.

??? note "Dnipro summary"

    Dnipro is inside a collapsible block.

???+ note "Open Poltava block"

    Poltava is inside an open one.

The NATO summit met in Kyiv.[^1]

[^1]: A footnote about Sumy.

--8<-- "snippet.md"

Run `#!python print("Kharkiv")` to start, then visit Kharkiv.

<div markdown>
Ada Lovelace wrote in a Markdown block.
</div>

<div>Raw Kyiv block.</div>

A paragraph with attributes.
{ .lead }

*[NATO]: North Atlantic Treaty Organization
"""

PYMDOWNX = """\
markdown_extensions:
  - attr_list
  - md_in_html
  - abbr
  - footnotes
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.inlinehilite
  - pymdownx.highlight
  - pymdownx.snippets:
      base_path: [snippets]
      check_paths: true
  - pymdownx.tabbed:
      alternate_style: true
"""


@dataclass(frozen=True)
class Case:
    theme: str
    plugins: str
    extensions: str = "markdown_extensions:\n  - attr_list\n"
    body: str = BASE
    extra: str = ""
    front: str = ""  # extra front matter for both pages
    directory_urls: bool = True

    def page_html(self, stem: str) -> str:
        return f"{stem}/index.html" if self.directory_urls else f"{stem}.html"


def _has(*modules: str) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in modules)


CASES = {
    "material-tags-privacy-offline": Case(
        "material",
        # Material fetches scripts from unpkg.com (offline's iframe shim, mermaid), which privacy would
        # download: there is no network here, and no asset of ours comes from another host.
        "  - search\n  - tags\n  - privacy:\n      assets_exclude: [unpkg.com/*]\n  - offline\n",
        front="tags:\n  - Kyiv\n",
        directory_urls=False,
    ),
    "macros-redirects-awesome-nav": Case(
        "material",
        "  - search\n  - macros\n  - redirects:\n      redirect_maps:\n        old.md: guide.md\n  - awesome-nav\n",
        body=BASE + "\n{{ city }} again, and {{ 6 * 7 }}.\n",
        extra="extra:\n  city: Kyiv\n",
    ),
    "pymdownx-material": Case("material", "  - search\n", PYMDOWNX, PYMDOWNX_BODY),
    "pymdownx-mkdocs": Case("mkdocs", "  - search\n", PYMDOWNX, PYMDOWNX_BODY),
    "pymdownx-readthedocs": Case("readthedocs", "  - search\n", PYMDOWNX, PYMDOWNX_BODY),
}

# A mention must never stand inside these (by tag, or by class for Python-Markdown's own output).
FORBIDDEN_TAGS = frozenset({"a", "code", "pre", "kbd", "summary", "label", "abbr", "sup", "h1", "h2", "h3", "h4"})
FORBIDDEN_CLASSES = frozenset({"tabbed-labels", "footnote-ref", "highlight", "md-tags", "md-tag"})


def _ours(node: Node) -> bool:
    """What the plugin adds besides links: hidden cards, note markers, endnotes."""
    return bool(node.classes & {"xp-cards", "xp-note-ref", "xp-endnotes", "xp-cards-slot"})


def _content(html: str) -> Node:
    """The theme's content container: the parent of the article's heading, in any theme."""
    parent = parse_html(html).find("h1").parent
    assert parent is not None
    return parent


def _write_site(site: Site, case: Case) -> None:
    head = f"site_name: Test site\ndocs_dir: docs\nsite_dir: site\nuse_directory_urls: {str(case.directory_urls).lower()}\n"
    theme = f"theme:\n  name: {case.theme}\n" + ("  font: false\n" if case.theme == "material" else "")
    site.write("mkdocs.yml", f"{head}{theme}plugins:\n{case.plugins}  - explainer\n{case.extensions}{case.extra}")
    for entry_id in ENTRIES:
        site.term(entry_id, entry_id.capitalize(), summary=f"About {entry_id}, {CARD_WORDS}.")
    site.term("nato", "NATO", kind="organisation", summary=f"An alliance, {CARD_WORDS}.")
    site.person("ada-lovelace", "Ada Lovelace", summary=f"A mathematician, {CARD_WORDS}.")
    site.write("snippets/snippet.md", "A snippet names Odesa.\n")
    site.page("index.md", "# Home\n\nWelcome.\n")
    site.page("tags.md", "# Tags\n\n<!-- material/tags -->\n")
    site.page(".nav.yml", "nav:\n  - index.md\n  - guide.md\n  - twin.md\n  - tags.md\n")
    front = f"---\n{case.front}---\n\n" if case.front else ""
    site.page("guide.md", front + case.body)
    site.page("twin.md", f"---\n{case.front}explainer:\n  link: none\n---\n\n" + case.body)
    site.notes("guide.md", [{"id": "start", "quote": "to start, then visit"}])


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_real_site_with_other_plugins_shows_the_same_text_plus_links(site: Site, case: Case) -> None:
    _write_site(site, case)
    result = site.build(strict=True)
    assert result.ok, "\n".join([result.error, *(line for line in result.logs if line.startswith("WARNING"))])
    guide_html = site.html(case.page_html("guide"))
    guide, twin = _content(guide_html), _content(site.html(case.page_html("twin")))

    # What a reader sees is the twin's text: linking changes markup only.
    assert guide.text(skip=_ours) == twin.text(skip=_ours)
    assert CARD_WORDS not in guide.text(skip=_ours)

    # One card set, on the article only; no link in a forbidden zone; each entry linked once.
    assert guide_html.count('<aside class="xp-cards"') == 1
    assert "xp-cards" not in site.html(case.page_html("twin")).replace("xp-cards-slot", "")
    mentions = [n for n in guide.iter() if "xp-mention" in n.classes]
    for mention in mentions:
        zone = [a.tag for a in mention.ancestors() if a.tag in FORBIDDEN_TAGS or a.classes & FORBIDDEN_CLASSES]
        assert not zone, f"{mention.text()!r} linked inside {zone}"
    linked = sorted(m.attrs["data-xp-entry"] for m in mentions)
    assert linked == sorted(set(linked))
    assert {"kyiv", "kharkiv", "odesa", "lviv", "dnipro", "poltava", "sumy", "ada-lovelace"} <= set(linked)

    # The note stands after inline code (with inlinehilite a stashed node), once.
    assert guide_html.count('class="xp-note-ref"') == 1
    assert "nato" not in linked  # its only mention is an abbreviation

    # Search sees the article and the twin alike, and no card text.
    index_file = site.root / "site" / "search" / "search_index.json"
    docs = json.loads(index_file.read_text(encoding="utf-8"))["docs"]
    article_docs = [d for d in docs if d["location"].startswith(("guide", "twin"))]
    assert article_docs and all(CARD_WORDS not in d["text"] for d in article_docs)

    # Backlinks go to anchors that the written pages have.
    for entry_id in ("kyiv", "kharkiv", "dnipro", "poltava"):
        assert len(site.backlinks(f"glossary/{case.page_html(entry_id)}")) == 1, entry_id


def test_redirect_and_tags_pages_carry_no_cards(site: Site) -> None:
    """The pages other plugins generate stay theirs: no mention, no card, and the tag is not linked."""
    case = CASES["macros-redirects-awesome-nav"]
    _write_site(site, Case(case.theme, case.plugins + "  - tags\n", front="tags:\n  - Kyiv\n", extra=case.extra))
    assert site.build(strict=True).ok
    redirect = site.html("old/index.html")
    assert "guide/" in redirect and "xp-" not in redirect
    tags = _content(site.html("tags/index.html"))
    assert not [n for n in tags.iter() if "xp-mention" in n.classes]
    guide = site.html("guide/index.html")
    assert guide.count('<aside class="xp-cards"') == 1
    # awesome-nav lists what .nav.yml names; the entry pages stay out of the navigation.
    nav = parse_html(guide).find("nav")
    assert "glossary/" not in "".join(a.attrs.get("href", "") for a in nav.iter() if a.tag == "a")


SYSTEM_FONTS = Path("/usr/share/fonts/truetype/dejavu")


@pytest.mark.skipif(not _has("cairosvg", "PIL"), reason="Material's social plugin needs cairosvg and Pillow")
@pytest.mark.skipif(not (SYSTEM_FONTS / "DejaVuSans.ttf").is_file(), reason="no DejaVu Sans font to draw with")
def test_social_cards_are_drawn_from_the_page_not_from_its_cards(site: Site) -> None:
    """Material's social plugin draws each page's title and description into an image."""
    # It downloads its font from Google Fonts unless the font is in its cache: a system font there.
    fonts = site.root / ".cache" / "plugin" / "social" / "fonts" / "DejaVu Sans"
    fonts.mkdir(parents=True)
    for style, name in (("Regular", "DejaVuSans.ttf"), ("Bold", "DejaVuSans-Bold.ttf")):
        shutil.copy(SYSTEM_FONTS / name, fonts / f"{style}.ttf")
    social = "  - social:\n      cards_layout_options:\n        font_family: DejaVu Sans\n"
    _write_site(site, Case("material", "  - search\n" + social, extra="site_url: https://example.org/\n"))
    result = site.build(strict=True)
    assert result.ok, "\n".join([result.error, *(line for line in result.logs if line.startswith("WARNING"))])
    guide = site.html("guide/index.html")
    image = re.search(r'<meta property="og:image" content="https://example.org/([^"]+)"', guide)
    assert image and (site.root / "site" / image.group(1)).stat().st_size > 1000
    heads = re.findall(r'<meta (?:property|name)="(?:og|twitter):[^"]+" content="([^"]*)"', guide)
    assert heads and not [h for h in heads if CARD_WORDS in h or "xp-" in h]
    assert guide.count('<aside class="xp-cards"') == 1
