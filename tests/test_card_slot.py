"""Hidden cards are written into the page only when it is written, never into page.content.

So MkDocs' and Material's search, and any plugin reading page.content, see the article and its
endnotes but no card text; a minifier and the CSP rewrite still see the cards in the final page.
"""

from __future__ import annotations

import json
import re

import pytest
from callcount import calls_in
from mkdocs_explainer.mkdocs_adapter import cardcache
from sitekit import Site
from test_build_safety import tree_digest

CARD_WORDS = "Zanzibarian marmalade"  # only in the card summary, so it shows where card text went


def _article_site(site: Site, plugins: str, extra: str = "", theme: str = "material") -> None:
    head = f"site_name: Test site\ndocs_dir: docs\nsite_dir: site\ntheme:\n  name: {theme}\n"
    site.write("mkdocs.yml", f"{head}plugins:\n{plugins}\nmarkdown_extensions:\n  - attr_list\n{extra}")
    site.term("markdown", "Markdown", summary=f"A light markup language, {CARD_WORDS}.")
    site.person("ada-lovelace", "Ada Lovelace")
    site.page("index.md", "# Home\n\nWelcome.\n")
    site.page("guide.md", "# Guide\n\nWrite in Markdown. Ada Lovelace wrote notes.\n\n## Later\n\nMore Markdown.\n")
    site.notes("guide.md", [{"id": "notes", "quote": "wrote notes", "body": "The note's own body text."}])


def test_page_content_never_holds_cards_but_the_written_page_does(site: Site) -> None:
    _article_site(site, "  - search\n  - explainer", site.add_content_probe())
    assert site.build(strict=True).ok
    content = site.probed_contents()["guide.md"]
    assert CARD_WORDS not in content and "xp-card-data" not in content
    assert 'class="xp-cards-slot"' in content  # the empty slot is all other plugins see
    assert "The note's own body text." in content  # endnotes are content a reader sees
    html = site.article("guide/index.html")
    assert html.count('<aside class="xp-cards"') == 1
    assert CARD_WORDS in html and "xp-cards-slot" not in html
    # The cards stand where the slot was: after the text, before the endnotes.
    assert html.index("More Markdown") < html.index('<aside class="xp-cards"') < html.index("xp-endnotes")


@pytest.mark.parametrize("theme", ["material", "mkdocs", "readthedocs"])
def test_search_index_has_no_card_text_and_no_stray_space_of_ours(site: Site, theme: str) -> None:
    """A mention is one `<a>` with no whitespace in or around it: it is indexed as a plain link is."""
    _article_site(site, "  - search\n  - explainer", theme=theme)
    # The same text, with "Markdown" linked by hand ("Ada Lovelace" is the page's first mention).
    site.page("plain.md", "# Plain\n\nWrite in [Markdown](guide.md). Ada Lovelace wrote notes.\n")
    assert site.build(strict=True).ok
    index = json.loads((site.root / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    # The entry page shows its summary, of course; the articles must not hold it.
    articles = [d for d in index["docs"] if d["location"].startswith(("guide/", "plain/"))]
    texts = " ".join(d["title"] + " " + d["text"] for d in articles)
    assert CARD_WORDS not in texts
    assert "The note's own body text." in texts  # endnotes are searchable
    docs = {d["location"]: d["text"] for d in index["docs"]}
    assert _first_sentence(docs["guide/"]) == _first_sentence(docs["plain/"])
    if theme != "material":
        # MkDocs' own parser joins the text on each side of any tag with a space: any link gets it.
        assert "Write in Markdown ." in _first_sentence(docs["plain/"])
    else:
        assert "Write in Markdown. Ada" in _first_sentence(docs["guide/"])


def _first_sentence(text: str) -> str:
    text = " ".join(re.sub(r"<[^>]+>", "", text).split())
    return text[text.index("Write") : text.index("wrote")]


def test_minifier_and_policy_see_the_cards(site: Site) -> None:
    """Cards go in before mkdocs-minify-plugin (even with comments removed) and before the CSP rewrite."""
    _article_site(
        site,
        "  - search\n  - explainer:\n      csp: true\n  - minify:\n      minify_html: true\n"
        "      htmlmin_opts:\n        remove_comments: true\n        remove_optional_attribute_quotes: true",
    )
    assert site.build(strict=True).ok
    html = (site.root / "site" / "guide" / "index.html").read_text(encoding="utf-8")
    assert CARD_WORDS in html and "xp-cards-slot" not in html
    assert html.count("xp-card-data") == 2
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert meta and "'sha256-" in meta.group(1)


def test_rss_feed_carries_the_article_but_no_card_text(site: Site) -> None:
    """mkdocs-rss-plugin with the full content of each page (`abstract_chars_count: -1`)."""
    rss = (
        "  - search\n  - explainer\n  - rss:\n      match_path: 'guide.md'\n      abstract_chars_count: -1\n"
        "      date_from_meta:\n        as_creation: date\n"
    )
    _article_site(site, rss, "site_url: https://example.org/\n")
    guide = site.root / "docs" / "guide.md"
    guide.write_text("---\ndate: 2026-02-04\n---\n\n" + guide.read_text(encoding="utf-8"), encoding="utf-8")
    result = site.build()
    assert result.ok, result.error
    feed = (site.root / "site" / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert "Write in" in feed and "xp-mention" in feed
    assert "The note&#39;s own body text." in feed or "The note's own body text." in feed
    assert CARD_WORDS not in feed and "xp-card-data" not in feed


def test_a_full_build_renders_each_card_once_and_writes_what_rendering_each_block_writes(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The card cache serves full builds (an entry's card rendered once for every depth), and the
    exports skip the cards it gives in parts: the site is the one rendering every block gives."""
    site.person("ada-lovelace", "Ada Lovelace", ["Lovelace"], summary="Wrote the first program & more.")
    site.term("markdown", "Markdown", summary=f"A light markup language, {CARD_WORDS}.")
    site.term("engine", "Analytical Engine", summary="Babbage's machine; Lovelace wrote about it.")
    article = "# {0}\n\nAda Lovelace wrote Markdown notes on the Analytical Engine.\n\nLovelace again.\n"
    for rel in ("index.md", "guide.md", "desk/piece.md", "desk/deep/more.md"):
        site.page(rel, article.format(rel))
        site.notes(rel, [{"id": "notes", "quote": "wrote Markdown notes", "body": "A note."}])
    with calls_in("cardcache.py", {"_one"}) as rendered:
        assert site.build(strict=True).ok
    fast = tree_digest(site.root / "site")
    assert rendered["_one"] == 3  # each entry's card once, whatever the depth of the page it is on
    assert "../../../people/ada-lovelace/" in site.html("desk/deep/more/index.html")
    monkeypatch.setattr(cardcache.CardCache, "parts", lambda self, *args: None)  # every block rendered whole
    assert site.build(strict=True).ok
    slow = tree_digest(site.root / "site")
    assert len(fast) > 20 and [p for p in fast if fast[p] != slow.get(p)] == [] and fast.keys() == slow.keys()
