"""Previews everywhere an entry is linked (issue 13): indexes, the timeline, "Mentioned in",
hand-written links in articles. Each page carries the cards of the entries it links, only those,
once each; each link to a mention carries a passage card with the paragraph around it."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from mkdocs_explainer.core import previews
from sitekit import Node, Site, parse_html

ARTICLE = """\
# The talks

## Who is at the table

The delegations met on Wednesday. Rustem Umerov led the team from Kyiv, as he did in January. Talks ran
for two days.

## Elsewhere

Crimea is not on the agenda.
"""

SECOND = """\
# Second look

- Kyiv sent [the same negotiator](../people/rustem-umerov.md) again.
- Umerov said little.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("previews"))
    site.person("rustem-umerov", "Rustem Umerov", ["Umerov"], body="He often works from [the capital](../../glossary/kyiv/).")
    site.person("abe-zed", "Abe Zed")
    site.term("kyiv", "Kyiv")
    site.term("crimea", "Crimea")
    site.term("invasion", "full-scale invasion", kind="event", date="2022-02-24")
    site.page("index.md", "# Home\n\nNothing here.\n")
    site.page("talks.md", ARTICLE)
    site.page("more/second.md", SECOND)
    result = site.build(strict=True)
    assert result.ok, result.error
    return site


def _tree(site: Site, rel: str) -> Node:
    return parse_html(site.html(rel))


def _article(tree: Node) -> Node:
    return next(n for n in tree.iter() if n.tag == "article")


def _card_data(tree: Node) -> list[Node]:
    return [n for n in tree.iter() if "xp-card-data" in n.classes]


def _check_one_card_per_target(tree: Node) -> tuple[set[str], set[str]]:
    """Every preview link has exactly one card, every card a link; no id twice. Returns the ids."""
    ids = Counter(n.attrs["id"] for n in tree.iter() if "id" in n.attrs)
    assert [i for i, n in ids.items() if n > 1] == []
    links = [n for n in _article(tree).iter() if n.tag == "a" and n.parent is not None]
    linked = {n.attrs["data-xp-entry"] for n in links if "data-xp-entry" in n.attrs and "xp-card-data" not in n.classes}
    passages = {n.attrs["data-xp-passage"] for n in links if "data-xp-passage" in n.attrs}
    data = _card_data(tree)
    entries = Counter(n.attrs["data-xp-entry"] for n in data if "data-xp-entry" in n.attrs)
    found = Counter(n.attrs["data-xp-passage"] for n in data if "data-xp-passage" in n.attrs)
    assert set(entries) == linked and set(entries.values()) <= {1}, (entries, linked)
    assert set(found) == passages and set(found.values()) <= {1}, (found, passages)
    return linked, passages


def test_the_people_index_previews_every_person_it_lists(built: Site) -> None:
    tree = _tree(built, "people/index.html")
    linked, passages = _check_one_card_per_target(tree)
    assert linked == {"rustem-umerov", "abe-zed"} and passages == set()
    link = next(n for n in tree.iter() if n.attrs.get("data-xp-entry") == "abe-zed" and n.tag == "a")
    assert link.classes == {"xp-preview"} and link.attrs["href"] == "abe-zed/"


@pytest.mark.parametrize("page", ["glossary/index.html", "timeline/index.html"])
def test_the_glossary_and_timeline_preview_their_entries(built: Site, page: str) -> None:
    linked, _ = _check_one_card_per_target(_tree(built, page))
    assert linked == ({"kyiv", "crimea", "invasion"} if page.startswith("glossary") else {"invasion"})


def test_mentioned_in_links_carry_the_paragraph_around_the_mention(built: Site) -> None:
    tree = _tree(built, "people/rustem-umerov/index.html")
    linked, passages = _check_one_card_per_target(tree)
    assert linked == {"kyiv"} and passages == {"1", "2"}  # Kyiv: a link in the entry's body
    backlinks = {n.attrs["data-xp-passage"]: n for n in tree.iter() if n.tag == "a" and "data-xp-passage" in n.attrs}
    cards = {n.attrs["data-xp-passage"]: n for n in _card_data(tree) if "data-xp-passage" in n.attrs}
    for number, link in backlinks.items():
        card = cards[number]
        more = next(n for n in card.iter() if n.tag == "a")
        assert more.attrs["href"] == link.attrs["href"], "the card leads where its link leads"
        assert card.attrs["data-xp-kind"] == "passage"
    talks = next(c for n, c in cards.items() if backlinks[n].attrs["href"].startswith("../../talks/"))
    assert _text(talks, "xp-card-title") == "The talks"
    assert _text(talks, "xp-card-meta") == "Who is at the table"
    context = next(n for n in talks.iter() if "xp-passage-context" in n.classes)
    assert context.text() == (
        "The delegations met on Wednesday. Rustem Umerov led the team from Kyiv, as he did in January. "
        "Talks ran for two days."
    )
    assert next(n for n in context.iter() if n.tag == "mark").text() == "Rustem Umerov"
    second = next(c for n, c in cards.items() if backlinks[n].attrs["href"].startswith("../../more/second/"))
    assert _text(second, "xp-card-title") == "Second look"


def _text(node: Node, cls: str) -> str:
    return next(n for n in node.iter() if cls in n.classes).text()


def test_an_articles_own_link_to_an_entry_page_opens_its_card(built: Site) -> None:
    tree = _tree(built, "more/second/index.html")
    linked, _ = _check_one_card_per_target(tree)
    assert linked == {"kyiv", "rustem-umerov"}
    hand = next(n for n in _article(tree).iter() if n.tag == "a" and n.text() == "the same negotiator")
    assert hand.attrs["data-xp-entry"] == "rustem-umerov" and "xp-mention" not in hand.classes


def test_previews_stay_out_of_the_search_index(built: Site) -> None:
    index = built.html("search/search_index.json")
    assert "Go to the passage" not in index and "xp-card-data" not in index


def test_an_entry_page_has_no_card_for_itself(built: Site) -> None:
    html = built.html("people/rustem-umerov/index.html")
    assert 'data-xp-entry="rustem-umerov" data-xp-kind="person"' in html  # the page's own div
    assert 'id="xp-card--rustem-umerov"' not in html


# -- the pieces ----------------------------------------------------------------------------


def test_mark_links_joins_a_class_and_leaves_other_links_alone() -> None:
    page = "https://xp.invalid/people/"
    keys = {"https://xp.invalid/people/a/": "a", "https://xp.invalid/people/b/": "b"}
    html = (
        '<a href="a/" class="big">A</a> <a href="b/#sources">B</a> <a href="./">self</a>'
        ' <a href="c/">C</a> <a title="x>y" href="a/">again</a> <a href="b/"/>'
        ' <a class="xp-mention" data-xp-entry="z" href="../z/">z</a>'
    )
    marked = previews.mark_links(html, page, keys)
    assert marked.entries == ["a", "b", "z"]
    assert '<a href="a/" class="big xp-preview" data-xp-entry="a">A</a>' in marked.html
    assert '<a href="b/#sources" class="xp-preview" data-xp-entry="b">B</a>' in marked.html
    assert '<a href="./">self</a>' in marked.html and '<a href="c/">C</a>' in marked.html
    assert '<a title="x>y" href="a/" class="xp-preview" data-xp-entry="a">again</a>' in marked.html
    assert '<a href="b/" class="xp-preview" data-xp-entry="b"/>' in marked.html
    assert marked.html.count("data-xp-entry") == 5


def test_mark_links_numbers_each_mention_once() -> None:
    page = "https://xp.invalid/people/a/"
    targets = {"https://xp.invalid/talks/#xp-m--a", "https://xp.invalid/more/#xp-m--a"}
    html = '<a href="../../talks/#xp-m--a">1</a><a href="../../more/#xp-m--a">2</a><a href="../../talks/#xp-m--a">3</a>'
    marked = previews.mark_links(html, page, {}, targets)
    assert re.findall(r'data-xp-passage="(\d)"', marked.html) == ["1", "2", "1"]
    assert marked.passages == ["https://xp.invalid/talks/#xp-m--a", "https://xp.invalid/more/#xp-m--a"]


def test_context_skips_markers_and_permalinks_and_cuts_at_sentences() -> None:
    filler = "Words go on here. " * 30
    html = (
        '<h2 id="s">Section<a class="headerlink" href="#s">¶</a></h2>'
        f'<p>{filler}Before it.<sup class="xp-note-ref"><a href="#n">[1]</a></sup> Here '
        '<a id="xp-m--x" href="x/">X <em>one</em></a> acts. After it. '
        f"{filler}</p>"
        '<ul><li>Item with <a id="xp-m--y" href="y/">Y</a><ul><li>nested</li></ul></li></ul>'
    )
    found = previews.passage_contexts(html, ["xp-m--x", "xp-m--y", "xp-m--absent"])
    x = found["xp-m--x"]
    assert (x.heading, x.mention) == ("Section", "X one")
    assert x.before.endswith("Before it. Here ") and "[1]" not in x.before and x.before.startswith("Words")
    assert x.after.startswith(" acts. After it.") and x.after.endswith("here.")
    assert len(x.before) <= previews.CONTEXT_CHARS and len(x.after) <= previews.CONTEXT_CHARS + 1
    y = found["xp-m--y"]
    assert (y.before, y.mention, y.after) == ("Item with ", "Y", " nested")  # a sub-list belongs to its item
    assert "xp-m--absent" not in found


def test_context_of_one_long_sentence_is_cut_at_words_with_an_ellipsis() -> None:
    words = " ".join(f"w{i}" for i in range(400))
    html = f'<p>{words} <a id="xp-m--x" href="x/">X</a> {words}</p>'
    x = previews.passage_contexts(html, ["xp-m--x"])["xp-m--x"]
    assert x.before.startswith("…w") and x.before.endswith(" ") and x.after.endswith("…")
    assert re.fullmatch(r"…(w\d+ )+", x.before) and re.fullmatch(r"( w\d+)+…", x.after)
