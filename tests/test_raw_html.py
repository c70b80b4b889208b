"""Raw HTML in articles: no link inside a link, no misnested tags, whatever the HTML.

Real builds for the cases a writer meets (a note on a raw link's text, `<a href="…"/>`, a quote
across `<b>`), then a property test over generated raw-HTML articles whose output is parsed with
a strict nesting checker.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs_explainer.core.linker import ExplainerExtension, PageJob
from mkdocs_explainer.core.matcher import Matcher
from mkdocs_explainer.core.model import Note, Reference
from sitekit import Site
from test_properties import entries_for

VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col"}


class Nesting(HTMLParser):
    """Tracks open elements as a browser's parser would for these tags (`<a …/>` stays open,
    `<a>` inside a link closes that link) and records a link opened inside a link and every end tag that does not close the
    innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.links_in_links = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        if tag == "a" and "a" in self.stack:
            self.links_in_links += 1
            # A browser closes the open link first (the adoption agency algorithm): what follows
            # the inner link's </a> is outside both.
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index("a") :]
        self.stack.append(tag)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
            return
        self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]


def nesting(html: str) -> Nesting:
    checker = Nesting()
    checker.feed(html)
    checker.close()
    return checker


def _note(i: int, quote: str) -> Note:
    return Note(
        f"n{i}", "a.md", quote, f"Note {i}", "Body.", (Reference("r", "https://example.org"),),
        dt.date(2026, 1, 1), "annotations/notes/a.yml", (1, 1),
    )  # fmt: skip


def render(source: str, surfaces: list[str] | None, quotes: list[str] = ()) -> tuple[str, PageJob | None]:  # type: ignore[assignment]
    extensions: list[markdown.Extension | str] = ["attr_list"]
    job = None
    if surfaces is not None:
        entries = entries_for(surfaces)
        job = PageJob(
            src_uri="a.md", mode="all", entries=entries,
            matcher=Matcher((e.name, e.id, True) for e in entries.values()),
            notes=[_note(i, q) for i, q in enumerate(quotes)],
            href_for=lambda e: f"{e.id}.md", finish=lambda job: "",
        )  # fmt: skip
        extensions.append(ExplainerExtension(lambda: job))
    return markdown.markdown(source, extensions=extensions), job


# -- the cases a writer meets, in real builds -----------------------------------------------------


def _built(site: Site, article: str, quotes: list[str]) -> tuple[str, list[str]]:
    site.term("kyiv", "Kyiv")
    site.page("index.md", article)
    site.notes("index.md", [{"id": f"n{i}", "quote": q} for i, q in enumerate(quotes)])
    result = site.build()
    assert result.ok, result.error
    html = site.html("index.html")
    body = html[html.index('<article class="md-content__inner md-typeset">') : html.index("</article>")]
    return body, result.logs


def test_marker_of_a_note_on_a_raw_links_text_goes_after_the_link(site: Site) -> None:
    body, _ = _built(site, '# T\n\nSee <a href="https://example.org/r">the *full* report</a> today.\n', ["full report"])
    assert re.search(r'report</span></a><sup class="xp-note-ref"><a [^>]*id="xp-noteref--n0"', body)
    assert nesting(body).links_in_links == 0


def test_nothing_is_linked_inside_a_self_closed_raw_link(site: Site) -> None:
    article = '# T\n\nBefore Kyiv. <a href="https://example.org/"/>Inside Kyiv, a quoted passage.\n\nLater Kyiv.\n'
    body, logs = _built(site, article, ["quoted passage"])
    assert body.count('class="xp-mention"') == 1  # only the mention before the raw link
    assert "xp-noteref--n0" not in body
    refused = [line for line in logs if "note `n0` is not shown" in line]
    assert len(refused) == 1 and "index.md" in refused[0] and "`</a>`" in refused[0], logs
    assert nesting(body).links_in_links == 0


def test_a_quote_across_raw_inline_html_gives_well_formed_spans(site: Site) -> None:
    body, _ = _built(site, "# T\n\nAlpha <b>beta</b> gamma and <i>delta <u>epsilon</u></i> zeta.\n",
                     ["Alpha beta", "delta epsilon zeta"])  # fmt: skip
    assert nesting(body).errors == []
    assert '<b><span class="xp-note-passage" data-xp-note="n0">beta</span></b><sup class="xp-note-ref">' in body
    assert body.count('class="xp-note-passage" data-xp-note="n1"') == 3 and 'id="xp-noteref--n1"' in body


# -- generated raw-HTML articles ---------------------------------------------------------------

WORDS = ["Kyiv", "Donetsk", "region", "Alpha", "beta", "gamma", "the", "report", "and"]
word = st.sampled_from(WORDS)
phrase = st.lists(word, min_size=1, max_size=5).map(" ".join)
opening = st.sampled_from(['<a href="https://example.org/">', '<a href="https://example.org/"/>', "<a name=x>",
                           "<b>", "<span class=s>", "<i>", "<em>", "<u/>", "<br>", "<img src=x.png alt=Kyiv>"])  # fmt: skip
closing = st.sampled_from(["</a>", "</b>", "</span>", "</i>", "</em>", "</u>", ""])
piece = st.one_of(
    phrase,
    phrase.map(lambda p: f"*{p}*"),
    phrase.map(lambda p: f"[{p}](https://example.org/x)"),
    st.tuples(opening, phrase, closing).map("".join),
    st.tuples(opening, phrase, opening, phrase, closing, closing).map("".join),
    opening,
    closing,
)
paragraph = st.lists(piece, min_size=1, max_size=6).map(" ".join)
documents = st.lists(paragraph, min_size=1, max_size=4).map("\n\n".join)


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    source = draw(documents)
    surfaces = draw(st.lists(st.sampled_from(["Kyiv", "Donetsk region", "report", "Alpha beta"]), min_size=1,
                             max_size=3, unique=True))  # fmt: skip
    plain = re.sub(r"<[^>]*>|[*\[\]]|\(https://example.org/x\)", " ", source)
    words = plain.split()
    quotes = []
    for _ in range(draw(st.integers(0, 2))):
        if words:
            start = draw(st.integers(0, len(words) - 1))
            quotes.append(" ".join(words[start : start + draw(st.integers(1, 4))]))
    return source, surfaces, list(dict.fromkeys(quotes))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_no_link_inside_a_link_and_no_new_misnesting(article: tuple[str, list[str], list[str]]) -> None:
    source, surfaces, quotes = article
    plain = nesting(render(source, None)[0])
    html, job = render(source, surfaces, quotes)
    linked = nesting(html)
    # What the writer's own HTML does is theirs; the plugin adds no link in a link, no misnesting.
    assert linked.links_in_links == plain.links_in_links
    assert linked.errors == plain.errors
    assert job is not None
    placed = {p.note.id for p in job.placed}
    assert all(f'id="xp-noteref--{nid}"' in html for nid in placed)
