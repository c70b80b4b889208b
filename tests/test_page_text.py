"""Reading written pages fast, with the same result: `webanno.read_page` reads large list items once
(Material's navigation, on every page) and skips the plugin's hidden card blocks, and gives exactly
the text, note and mention positions that reading the whole page in one pass gives;
`postpage.mention_ids` finds what its pattern finds."""

from __future__ import annotations

import re

import pytest
from callcount import calls_in
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs_explainer.core import webanno
from mkdocs_explainer.mkdocs_adapter import postpage

_PIECES = st.sampled_from(
    [
        "<li>", "</li>", "<li class='md-nav__item'>", "<ul>", "</ul>", "<nav>", "</nav>", "<p>", "</p>",
        "<span>", "</span>", "<em>", "</em>", "<div hidden>", "</div>", "<div>", "<br>", "<br/>", "<li/>",
        '<span class="xp-note-passage" data-xp-note="n1">', '<a class="xp-mention" data-xp-entry="e" id="m1">',
        "</a>", "<script>var a = '<li>';</script>", "<style>li{}</style>", "<!-- <li> -->", "<template><li>x</li></template>",
        "Vorenka", " Dam ", "  \n ", "&amp;", "&am", "p;", "&#x41;", "<", "x<y", "<li hidden>", "</LI >", "<LI>",
    ]
)  # fmt: skip


def reference(html: str) -> tuple[str, dict[str, tuple[int, int]], list[tuple[str, str, int, int]]]:
    parsed = webanno.PageText()
    parsed.feed(html)
    parsed.close()
    return _shape(parsed.full(), parsed)


def _shape(text: str, parsed: webanno.PageText) -> tuple[str, dict[str, tuple[int, int]], list[tuple[str, str, int, int]]]:
    notes = {k: (v.start, v.end) for k, v in parsed.notes.items()}
    return text, notes, [(e, a, s.start, s.end) for e, a, s in parsed.mentions]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webanno, "MIN_CHUNK", 1)
    monkeypatch.setattr(webanno, "MIN_INNER", 1)  # items inside an item read for the first time
    webanno._chunk_memo.clear()
    webanno.forget_items()


@settings(max_examples=600, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, max_size=60), st.lists(_PIECES, max_size=60))
def test_the_same_reading_as_one_pass(small_chunks: None, head: list[str], tail: list[str]) -> None:
    # Two pages sharing a middle: the second reuses what the first read of it.
    middle = "<li><span>Politics</span><ul><li>One</li><li>Two &amp; three</li></ul></li>"
    for html in ("".join(head) + middle + "".join(tail), "".join(tail) + middle + "".join(head)):
        text, parsed = webanno.read_page(html)
        assert _shape(text, parsed) == reference(html)


def test_the_open_section_of_each_page_reads_its_other_items_once() -> None:
    webanno._chunk_memo.clear()
    webanno.forget_items()
    items = [f"<li class='md-nav__item'><a href='a{i}/'>{'An article about the talks ' * 12}{i}</a></li>" for i in range(30)]
    pages = []
    for n in range(4):  # the section holding page n: its item open, with the page's own contents
        here = items[n].replace("</a></li>", "</a><nav><ul><li>Contents of page " + str(n) + "</li></ul></nav></li>")
        section = "<li class='md-nav__item--active'><span>Talks</span><ul>" + "".join([*items[:n], here, *items[n + 1 :]])
        pages.append(f"<body><nav><ul>{section}</ul></li></ul></nav><article><p>Page {n}</p></article></body>")
    with calls_in("webanno.py", {"_chunk_effect"}) as counts:
        texts = [webanno.read_page(page)[0] for page in pages]
    assert counts["_chunk_effect"] == 4 + 4 + 30  # each section and open item, and each of the 30 items once
    assert texts == [reference(page)[0] for page in pages]


def test_a_navigation_shared_by_pages_is_read_once() -> None:
    webanno._chunk_memo.clear()
    webanno.forget_items()
    section = "<li class='md-nav__item'><span>Politics</span><ul>" + "<li><a href='x'>An article</a></li>" * 200 + "</ul></li>"
    pages = [f"<body><nav><ul>{section}</ul></nav><article><p>Page {i}</p></article></body>" for i in range(5)]
    with calls_in("webanno.py", {"_chunk_effect"}) as counts:
        texts = [webanno.read_page(page)[0] for page in pages]
    assert counts["_chunk_effect"] == 1
    assert texts == [reference(page)[0] for page in pages]


def test_items_passed_over_end_where_counting_their_items_ends() -> None:
    # `_chunks` passes over an item seen before in one step: the items it gives are those that
    # counting every <li> gives, on pages whose sections come open, closed, changed or cut short.
    webanno._chunk_memo.clear()
    webanno.forget_items()
    sections = [
        f"<li class='md-nav__item'><span>Section {s}</span><ul>"
        + "".join(f"<li><a href='{s}/{i}/'>{'An article about the talks ' * 4}{i}</a></li>" for i in range(40))
        + "</ul></li>"
        for s in range(5)
    ]
    pages = []
    for n in range(12):
        here = sections[:]
        here[n % 5] = here[n % 5].replace("</ul></li>", f"<li><nav><ul><li>Page {n}</li></ul></nav></li></ul></li>")
        if n % 4 == 3:  # a section cut short, and one that ends as a known one starts
            here[1] = here[1][:-5]
        pages.append("<body><nav><ul>" + "".join(here) + "</ul></nav><article><p>Page</p></article></body>")
    counted = [webanno._chunks(page) for page in pages]  # none known yet: every <li> counted
    for page, items in zip(pages, counted, strict=True):
        assert webanno._chunks(page) == items
        text, parsed = webanno.read_page(page)
        assert _shape(text, parsed) == reference(page)
    assert webanno._known, "sections seen on two pages are passed over"


_OPENS = st.sampled_from(["<aside hidden>", "<div hidden><p>", "\n<aside class='xp-cards' hidden data-search-exclude>",
                          "<div>", "<p>x", "</li><div hidden>", "<div hidden><script>", "<!-- "])  # fmt: skip
_CLOSES = st.sampled_from(["</aside>", "\n</aside>", "</p></div>", "</div>", "</div></li>", "</div> ", "-->"])


@settings(max_examples=600, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, max_size=30), st.lists(_PIECES, max_size=30), _OPENS,
       st.lists(st.lists(_PIECES, max_size=8).map("".join), max_size=4), _CLOSES, st.booleans())  # fmt: skip
def test_a_hidden_block_not_read_gives_the_same_reading(
    small_chunks: None, head: list[str], tail: list[str], opens: str, parts: list[str], closes: str, twice: bool
) -> None:
    # Whatever the block's parts are (inert or not, well formed or not), the reading is one pass's.
    block = [opens, *parts, closes]
    html = "".join(head) + "".join(block) + "".join(tail) + ("".join(block) if twice else "")
    text, parsed = webanno.read_page(html, [block])
    assert _shape(text, parsed) == reference(html)


def test_cards_seen_on_many_pages_are_checked_once() -> None:
    webanno._inert_memo.clear()
    webanno._wrapper_memo.clear()
    cards = [f'\n<div class="xp-card-data" id="xp-card--e{i}"><p><bdi>Entry {i}</bdi></p></div>' for i in range(6)]
    head, tail = "\n<aside class='xp-cards' hidden data-search-exclude>", "\n</aside>"
    pages, blocks = [], []
    for n in range(2, 6):
        block = [head, *cards[:n], tail]
        mention = f'<a class="xp-mention" data-xp-entry="e{n}" id="xp-m-{n}">Entry {n}</a>'
        pages.append(f"<body><article><p>Page {n} names {mention}.</p>{''.join(block)}</article><p>End</p></body>")
        blocks.append(block)
    with calls_in("webanno.py", {"_inert_inside", "_wrapper_effect"}) as counts:
        readings = [webanno.read_page(page, [block]) for page, block in zip(pages, blocks, strict=True)]
    assert counts == {"_inert_inside": 5, "_wrapper_effect": 1}  # cards 0-4, the wrapper once
    assert [_shape(*r) for r in readings] == [reference(page) for page in pages]


_ID_PIECES = st.sampled_from(["id=", 'id="', "id='", "xp-m-", "a", "-", "_", "=", '"', "'", " ", "é", "kid=", "<a "])


@settings(max_examples=600)
@given(st.lists(_ID_PIECES, max_size=30))
def test_mention_ids_as_the_pattern_reads_them(pieces: list[str]) -> None:
    html = "".join(pieces)
    assert postpage.mention_ids(html) == set(re.findall(r"""\bid=["']?(xp-m-[A-Za-z0-9_-]+)""", html))


_SLOT_PIECES = st.sampled_from(
    [postpage.slot("a.md"), postpage.slot("b.md"), '<div data-xp-slot="', postpage.slot_token("a.md"), '">', "</div>",
     "<div class=x data-xp-slot=" + postpage.slot_token("a.md") + " hidden>", " \n", ">", "<div", "é", "<p>", "data-xp-slot="]
)  # fmt: skip


@settings(max_examples=600)
@given(st.lists(_SLOT_PIECES, max_size=20))
def test_fill_slot_as_the_pattern_fills_it(pieces: list[str]) -> None:
    html = "".join(pieces)
    token, placed = postpage.slot_token("a.md"), []

    def put(m: re.Match[str]) -> str:
        if m.group(1) != token or placed:
            return ""
        placed.append(m)
        return "<aside>cards</aside>"

    assert postpage.fill_slot(html, "a.md", "<aside>cards</aside>") == postpage._SLOT_RE.sub(put, html)
