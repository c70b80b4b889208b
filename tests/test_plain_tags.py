"""The plugin's parsers read plain tags without HTMLParser (`plaintags.feed`): what they find (the
exports' page text with its notes and mentions, a passage preview's paragraph and heading) must be
what HTMLParser reading the same HTML gives them, whatever the HTML and wherever it is cut."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs_explainer.core import plaintags, previews, webanno
from sitekit import Site


def _page_text(parser: HTMLParser) -> tuple[object, ...]:
    assert isinstance(parser, webanno.PageText)
    return (
        parser.full(),
        {k: (v.start, v.end) for k, v in parser.notes.items()},
        [(e, a, s.start, s.end) for e, a, s in parser.mentions],
        parser._ignored,
        [(tag, skip) for tag, skip, _ in parser._stack],
        parser._spaced,
    )


def _contexts(parser: HTMLParser) -> tuple[object, ...]:
    assert isinstance(parser, previews._ContextParser)
    return (parser.found, parser.last_heading, parser.skip)


READERS: list[tuple[Callable[[], HTMLParser], Callable[[HTMLParser], tuple[object, ...]]]] = [
    (webanno.PageText, _page_text),
    (lambda: previews._ContextParser(frozenset({"m", "xp-m--ada"})), _contexts),
]


def _both(html: str, cuts: tuple[int, ...] = (), reader: int = 0) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """HTMLParser's reading of `html`, and `feed`'s, in pieces cut at `cuts` (as `read_page` feeds)."""
    make, state = READERS[reader]
    slow = make()
    slow.feed(html)
    slow.close()
    fast = make()
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(html)), len(html)]
    for start, end in itertools.pairwise(bounds):
        plaintags.feed(fast, html, start, end)
    fast.close()
    return state(slow), state(fast)


HOSTILE = [
    '<p>a &amp; b &lt; c &#x27; &notanentity; &am</p><p>p; x</p>',
    '<script>var s = "<div hidden>not text</div>"; if (a<b) {}</script><p>after</p>',
    '<SCRIPT type="x">"</p>"</SCRIPT ><STYLE>p > a {}</STYLE>tail',
    '<!-- <p>commented</p> --> <!DOCTYPE html><?pi x?><p>seen</p>',
    '<a title="a>b" href=unquoted class="xp-mention" data-xp-entry="ada" id="xp-m--ada">Ada</a>',
    '<p><a class="xp-mention" data-xp-entry="ada" id="xp-m--ada">Ada</a> and <a CLASS="xp-mention" DATA-XP-ENTRY="bo">Bo</a>',
    '<span class="xp-note-passage" data-xp-note="n1">one</span> <em><span class="xp-note-passage" data-xp-note="n1">two</span></em>',
    '<div hidden><p>hidden <b>text</b></p></div><div HIDDEN="">also</div><div data-hidden="x">shown</div>',
    '<p>1 < 2 and 3 > 2</p><p>a<b</p>< p>not a tag</p>',
    '<title>A <b>title</b></title><textarea><p>raw</p></textarea><p>x</p>',
    '<br/><br /><div/><img src="x.png" alt="&quot;q&quot;"/><p>after</p>',
    '</p></div>text</span><li>item<li>item two</ul>',
    '<span class="xp&#45;note-passage" data-xp-note="n">entity class</span><a class="x&#112;-mention" data-xp-entry="e">e</a>',
    '<div Hidden data-x="1"><p>x</p></div><div class="hidden-not"><p>y</p></div><span class="xp-other">z</span>',
    '<p\xa0class="x">nbsp inside a tag</p><p>nbsp\xa0in\xa0text</p>',
    '<svg><path d="M0 0"/></svg><math><mi>x</mi></math><![CDATA[ <p> ]]><p>y</p>',
    '<a href="x"b="y">no space</a><a  href = "x"  >spaced</a><a href=\'single\'>s</a>',
    '<p>unfinished <a href="x',
    '<p>ends in a reference &amp',
    '<div><p>open <span>and open',
    '<noscript><p>x</p></noscript><iframe src="y"><p>z</p></iframe>',
    "<p>\u2028line\u2029sep\u00a0</p>\t\n\r\f<p>ws</p>",
]


@pytest.mark.parametrize("reader", range(len(READERS)))
@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_html_is_read_as_htmlparser_reads_it(html: str, reader: int) -> None:
    slow, fast = _both(html, reader=reader)
    assert fast == slow
    for cut in range(1, len(html)):
        assert _both(html, (cut,), reader) == (slow, slow), cut


_TOKENS = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<a href=\"x\">", "</a>", "<b>", "</b>",
        "<li>", "</li>", "<ul>", "</ul>", "<br>", "<br/>", "<div hidden>", "<p hidden=\"\">", "<script>",
        "</script>", "<style>", "</style>", "<!--", "-->", "<!DOCTYPE html>", "<title>", "</title>",
        '<span class="xp-note-passage" data-xp-note="n">', '<a class="xp-mention" data-xp-entry="e" id="m">',
        '<a title="x>y">', "<a href=bare>", "< ", "<", ">", "&amp;", "&", "&#60;", "&lt;p&gt;", " ", "\n",
        "text", "Ada", "\xa0", "'", '"', "=", "</ p>", "</p x>", "<P CLASS='Y'>", "<img src=\"i\"/>",
        "<h2>", "</h2>", '<sup class="xp-note-ref">', "</sup>", '<a class="headerlink" href="#h">', "<blockquote>",
        "</blockquote>", "<template>", "</template>", "One. Two! ", "<ol>", "</ol>", "<div HIDDEN>",
        '<span class="xp-note-passage" data-xp-note="&#110;">', '<a class="x&#112;-mention" data-xp-entry="e">',
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_TOKENS, max_size=40), st.lists(st.integers(0, 400), max_size=4), st.integers(0, len(READERS) - 1))
def test_token_soup_is_read_as_htmlparser_reads_it(tokens: list[str], cuts: list[int], reader: int) -> None:
    html = "".join(tokens)
    slow, fast = _both(html, tuple(cuts), reader)
    assert fast == slow


def test_built_pages_are_read_as_htmlparser_reads_them(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.person("ada-lovelace", "Ada Lovelace", ["Lovelace"])
    site.term("kyiv", "Kyiv")
    site.page("index.md", "# Home\n\nAda Lovelace was in Kyiv.\n")
    site.page("a.md", "# A <b>page</b>\n\n> Lovelace said: \"1 < 2 & 3 > 2\".\n\n<div markdown>Kyiv &amp; more</div>\n")
    site.notes("a.md", [{"id": "said", "quote": "1 < 2 & 3 > 2"}])
    result = site.build(strict=True)
    assert result.ok, result.error
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        slow, fast = _both(html)
        assert fast == slow, page
        assert webanno.read_page(html)[0] == slow[0]
        start = html.find('<article class="md-content__inner md-typeset">')
        content = html[start : html.index("</article>", start)] if start >= 0 else html
        assert _both(content, reader=1)[1] == _both(content, reader=1)[0], page
    talks = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    found = previews.passage_contexts(talks, ["xp-m--ada-lovelace"])
    assert found["xp-m--ada-lovelace"].mention == "Ada Lovelace"


def test_a_long_script_or_comment_is_given_to_htmlparser_in_few_pieces() -> None:
    """HTMLParser looks for a script's end from its start on every feed: fed once per `>` in it, a
    script of 20,000 `>` would be looked through 20,000 times."""
    for html in ["<p>a</p><script>" + "if (a > b) {}\n" * 20_000 + "</script><p>b</p>",
                 "<p>a</p><!--" + " x > y " * 20_000 + "--><p>b</p>"]:  # fmt: skip
        fast = webanno.PageText()
        feeds = 0
        feed = fast.feed

        def counted(data: str, feed: Callable[[str], None] = feed) -> None:
            nonlocal feeds
            feeds += 1
            feed(data)

        fast.feed = counted  # type: ignore[method-assign]
        plaintags.feed(fast, html, 0, len(html))
        fast.close()
        assert _page_text(fast) == _both(html)[0]
        assert feeds < 25, feeds
