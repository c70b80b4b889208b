"""Entry pages, backlinks, indexes, timeline, cards and context notes in real builds."""

from __future__ import annotations

import json
import re

import pytest
from sitekit import Site

ARTICLE = """\
# The talks

Rustem Umerov led the team from Kyiv. Talks ran for two days.

Russia occupies about *20% of Ukraine*, including Crimea. The annexation is not recognised.

The second figure is 1.5% and the first figure is 1.5% again.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("pages"))
    site.person(
        "rustem-umerov", "Rustem Umerov", ["Umerov"], role="Secretary of the NSDC", body="He was *defence minister*."
    )
    site.person("abe-zed", "Abe Zed")
    site.term("kyiv", "Kyiv")
    site.term("crimea", "Crimea")
    site.term("invasion", "full-scale invasion", kind="event", date="2022-02-24")
    site.term("talks", "Abu Dhabi talks", kind="event", date="2026-02-04")
    site.term("nsdc", "National Security and Defence Council", ["NSDC"], kind="organisation")
    site.page("index.md", "# Home\n\nNothing here.\n")
    site.page("talks.md", ARTICLE)
    site.page("more/other.md", "# Other page\n\nMore about Kyiv and Umerov here.\n")
    site.notes(
        "talks.md",
        [
            {"id": "share", "quote": "about 20% of Ukraine"},
            {"id": "not-recognised", "quote": "is not recognised", "title": "Why <b>not</b>"},
            {"id": "second", "quote": "1.5%", "prefix": "first figure is "},
        ],
    )
    result = site.build()
    assert result.ok, result.error
    return site


def test_entry_page_shows_everything(built: Site) -> None:
    html = built.article("people/rustem-umerov/index.html")
    assert '<h1 class="xp-entry-name" dir="auto">Rustem Umerov</h1>' in html and html.count("<h1") == 1
    assert "Secretary of the NSDC" in html and '<time datetime="2026-02-04">4 February 2026</time>' in html
    assert "<em>defence minister</em>" in html
    assert '<section class="xp-entry-sources"' in html and 'href="https://example.org/rustem-umerov"' in html
    assert '<p class="xp-entry-reviewed">Reviewed <time datetime="2026-11-29">29 November 2026</time></p>' in html


def test_backlinks_list_each_article_with_the_sentence_and_spot(built: Site) -> None:
    html = built.article("people/rustem-umerov/index.html")
    backlinks = html[html.index('class="xp-backlinks"') :]
    assert '<h3 class="xp-backlink-article">The talks</h3>' in backlinks
    # Each link to the spot also opens a preview of the passage (data-xp-passage: its card's number).
    assert re.search(r'<a class="xp-backlink-go xp-preview" href="../../talks/#xp-m--rustem-umerov" data-xp-passage="\d+">Read in context', backlinks)
    assert "<p>Rustem Umerov led the team from Kyiv.</p>" in backlinks
    assert re.search(r'<a class="xp-backlink-go xp-preview" href="../../more/other/#xp-m--rustem-umerov" data-xp-passage="\d+">Read in context', backlinks)
    assert "<p>More about Kyiv and Umerov here.</p>" in backlinks
    # The spot exists on the article.
    assert 'id="xp-m--rustem-umerov"' in built.html("talks/index.html")


def test_unmentioned_entry_says_so(built: Site) -> None:
    assert "No article mentions this entry yet." in built.article("people/abe-zed/index.html")


def test_index_pages_are_in_the_navigation_and_entries_are_not(built: Site) -> None:
    home = built.html("index.html")
    for href in ('href="people/"', 'href="glossary/"', 'href="timeline/"'):
        assert href in home
    assert "people/rustem-umerov/" not in home


def test_people_index_is_alphabetical(built: Site) -> None:
    html = built.article("people/index.html")
    # by family name (tests/test_people_index.py): Umerov before Zed
    assert html.index(">Rustem Umerov</bdi></a>") < html.index(">Abe Zed</bdi></a>")
    assert re.search(r"<h2[^>]*>U</h2>", html) and re.search(r"<h2[^>]*>Z</h2>", html)


def test_glossary_index_groups_by_kind(built: Site) -> None:
    html = built.article("glossary/index.html")
    places = html.index(">Places</h2>")
    organisations = html.index(">Organisations</h2>")
    events = html.index(">Events</h2>")
    assert places < html.index(">Crimea</bdi></a>") < html.index(">Kyiv</bdi></a>") < organisations
    assert organisations < html.index(">National Security and Defence Council</bdi></a>") < events


def test_timeline_lists_dated_events_in_order(built: Site) -> None:
    html = built.article("timeline/index.html")
    first = html.index('<time datetime="2022-02-24">')
    second = html.index('<time datetime="2026-02-04">')
    assert first < second
    assert 'href="../glossary/invasion/"' in html


def test_cards_hold_exactly_the_entries_used_on_the_page(built: Site) -> None:
    html = built.html("talks/index.html")
    cards = re.findall(r'<div class="xp-card-data" id="xp-card--([a-z0-9-]+)"', html)
    assert sorted(cards) == ["crimea", "kyiv", "rustem-umerov"]
    assert '<aside class="xp-cards" hidden data-search-exclude>' in html
    assert '<p class="xp-card-more"><a href="../people/rustem-umerov/">Read more' in html


def test_search_index_has_entries_but_not_hidden_card_copies(built: Site) -> None:
    index = json.loads(built.html("search/search_index.json"))
    docs = index["docs"]
    assert any(d["location"].startswith("people/rustem-umerov/") for d in docs)
    talks = " ".join(d["text"] for d in docs if d["location"].startswith("talks/"))
    assert "Role of" not in talks and "Read more" not in talks
    assert "Summary of" not in talks


def test_notes_are_marked_and_numbered_in_reading_order(built: Site) -> None:
    html = built.article("talks/index.html")
    assert (
        '<em><span class="xp-note-passage" data-xp-note="share">20% of Ukraine</span></em>'
        '<sup class="xp-note-ref"><a aria-label="Context note 1: Note share"'
    ) in html
    assert '<span class="xp-note-passage" data-xp-note="share">about </span>' in html
    refs = re.findall(r'id="xp-noteref--([a-z0-9-]+)"', html)
    assert refs == ["share", "not-recognised", "second"]
    assert re.findall(r'href="#xp-note--[a-z0-9-]+"[^>]*>\[(\d)\]', html) == ["1", "2", "3"]


def test_two_notes_in_one_paragraph_keep_their_passages(built: Site) -> None:
    html = built.article("talks/index.html")
    assert '<span class="xp-note-passage" data-xp-note="not-recognised">is not recognised</span>' in html
    assert '<span class="xp-note-passage" data-xp-note="not-recognised"></span>' not in html


def test_prefix_picks_one_of_repeated_passages(built: Site) -> None:
    html = built.article("talks/index.html")
    assert "The second figure is 1.5% and the first figure is " in html
    assert '<span class="xp-note-passage" data-xp-note="second">1.5%</span>' in html


def test_endnotes_are_readable_without_javascript(built: Site) -> None:
    html = built.article("talks/index.html")
    endnotes = html[html.index('<section class="xp-endnotes"') :]
    assert '<h2 id="xp-endnotes-title">Context notes</h2>' in endnotes
    items = re.findall(r'<li class="xp-endnote" id="xp-note--([a-z0-9-]+)"', endnotes)
    assert items == ["share", "not-recognised", "second"]
    assert "<p>Body of note share.</p>" in endnotes
    assert '<a href="https://example.org/note" rel="noopener">Ref</a>' in endnotes
    assert 'href="#xp-noteref--share"' in endnotes
    # Editor text is escaped, never markup.
    assert "Why &lt;b&gt;not&lt;/b&gt;" in endnotes
    assert "hidden" not in endnotes.split("</section>")[0]


def test_mentions_link_to_entry_pages_that_exist(built: Site) -> None:
    html = built.article("more/other/index.html")
    for href in re.findall(r'<a class="xp-mention"[^>]*href="([^"]+)"', html):
        assert (built.root / "site" / "more" / "other" / href / "index.html").resolve().is_file()


def test_entry_image_is_copied_and_shown_with_alt_and_credit(site: Site) -> None:
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    site.write("annotations/images/umerov.png", "")
    (site.root / "annotations/images/umerov.png").write_bytes(png)
    image = {"src": "annotations/images/umerov.png", "alt": "Umerov <at> a desk", "credit": "Photo: Someone", "license": "CC0"}
    site.person("rustem-umerov", "Rustem Umerov", image=image)
    site.page("index.md", "# Home\n\nRustem Umerov spoke.\n")
    result = site.build()
    assert result.ok, result.error
    assert (site.root / "site" / "assets/explainer/media/rustem-umerov.png").read_bytes() == png
    entry = site.article("people/rustem-umerov/index.html")
    assert '<img src="../../assets/explainer/media/rustem-umerov.png" alt="Umerov &lt;at&gt; a desk">' in entry
    assert '<figcaption><span class="xp-entry-credit">Photo: Someone</span> · <span class="xp-entry-license">CC0</span></figcaption>' in entry
    card = site.html("index.html")
    assert '<img class="xp-card-image" src="assets/explainer/media/rustem-umerov.png" alt="Umerov &lt;at&gt; a desk" loading="lazy">' in card


def test_a_note_passage_that_cuts_through_a_name_leaves_the_name_linked(site: Site) -> None:
    site.person("alina-vorenka", "Alina Vorenka")
    site.term("vorenka", "Vorenka")
    site.page("index.md", "# Home\n\nAccording to Alina Vorenka, the ministry agreed.\n")
    site.notes("index", [{"id": "cut", "quote": "Vorenka, the ministry"}])
    result = site.build()
    assert result.ok, result.error
    html = site.article("index.html")
    assert 'data-xp-entry="alina-vorenka"' in html and 'data-xp-entry="vorenka"' not in html
    assert '<span class="xp-note-passage" data-xp-note="cut">Vorenka</span></a>' in html
    assert '</a><span class="xp-note-passage" data-xp-note="cut">, the ministry</span><sup class="xp-note-ref">' in html
