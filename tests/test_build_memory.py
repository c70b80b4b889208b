"""What a build holds in memory (issue 12): the plugin keeps each page's annotations packed and
its own pages' HTML compressed, and writes the exports an annotation at a time, never the site's
whole collection at once.

Sizes, never times: the packed pages against the same annotations unpacked, the compressed
entry pages against their HTML, and the traced peak of writing the exports against the size of
the files written. The files stay byte for byte what `json.dumps(…, indent=1)` of the whole
document writes, and `page.content` of an entry page is its HTML, for every reader.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import json
import os
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from callcount import calls_in
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs_explainer.core import packedpassages, webanno
from mkdocs_explainer.core.previews import PassageContext, PassageTarget
from mkdocs_explainer.mkdocs_adapter import packedcontent, searchquiet
from mkdocs_explainer.mkdocs_adapter.packedcontent import PackedContentPage
from mkdocs_explainer.mkdocs_adapter.plugin import ExplainerPlugin
from sitekit import Site

ARTICLES = 40
TERMS = 30
_SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo"]
NAMES = ["".join(s).capitalize() for s in itertools.islice(itertools.product(_SYLLABLES, repeat=3), TERMS)]


def _article(n: int) -> str:
    """Paragraphs naming every term, in an order of their own, and a note's passage."""
    turn = NAMES[n % TERMS :] + NAMES[: n % TERMS]
    paragraphs = [
        f"On day {d} the envoy of {a} met {b} near {c}, and “{a}” answered {b}’s question."
        for d, (a, b, c) in enumerate(zip(turn, turn[1:] + turn[:1], turn[2:] + turn[:2], strict=True))
    ]
    return f"# Article {n}\n\nThe talks of day zero opened late.\n\n" + "\n\n".join(paragraphs) + "\n"


Built = tuple[Site, ExplainerPlugin, Files]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    site = Site(tmp_path_factory.mktemp("memory") / "site-src")
    site.configure(":\n      link: all", site.add_content_probe())
    for i, name in enumerate(NAMES):
        site.term(f"term-{i}", name, summary=f"Summary of {name} — “quoted” ✓.")
    site.page("index.md", "# Home\n\nNo names here.\n")
    for n in range(ARTICLES):
        site.page(f"desk/a{n}.md", _article(n))
        site.notes(f"desk/a{n}.md", [{"id": f"late-{n}", "quote": "opened late"}])
    cwd = os.getcwd()
    os.chdir(site.root)
    try:
        config = load_config(str(site.root / "mkdocs.yml"))
        seen: list[Files] = []
        config.plugins.events["env"].append(lambda env, *, config, files: seen.append(files) or env)
        config.plugins.events["env"].append(_record_held(config.plugins["explainer"]))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
    plugin = config.plugins["explainer"]
    assert isinstance(plugin, ExplainerPlugin)
    yield site, plugin, seen[0]


HELD: dict[str, Any] = {}
"""What the plugin held once `on_env` was over (every page made, none written): `_record_held`."""


def _record_held(plugin: Any) -> Callable[..., Any]:
    def record(env: Any, **kwargs: Any) -> Any:
        HELD.update(
            targets=len(plugin.targets), passage_links=len(plugin.passage_links), mark_reads=len(plugin.mark_reads),
            passages=len(plugin.passages), packed=dict(getattr(plugin, "packed_passages", {})),
            mentions=[m for found in plugin.mentions.values() for m in found],
            names=plugin.tracker.new_names,
        )  # fmt: skip
        return env

    return record


def _traced(make: Callable[[], object]) -> int:
    """Bytes still allocated by `make()` while its result is alive."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = make()
        size = tracemalloc.get_traced_memory()[0] - before
        del kept
    finally:
        tracemalloc.stop()
    return int(size)


def test_the_plugin_keeps_each_pages_annotations_packed(built: Built) -> None:
    _, plugin, _ = built
    pages = list(plugin.annotated.values())
    assert len(pages) == ARTICLES + 1 and all(isinstance(p, webanno.PackedPage) for p in pages)  # and the home page
    mentions = sum(len(webanno.unpack(p).mentions) for p in pages)
    assert mentions >= ARTICLES * TERMS * 3  # link: all, each name three times a paragraph
    packed = _traced(lambda: [webanno.PackedPage(p.src_uri, p.url, p.notes, bytes(p.selectors)) for p in pages])
    unpacked = _traced(lambda: [webanno.unpack(p) for p in pages])
    # Dicts of four strings per mention were what the plugin held of every page until the end.
    assert packed * 4 < unpacked, (packed, unpacked)


def test_unpacking_gives_back_the_annotations_exactly() -> None:
    notes_page = webanno.annotate_page(
        "a.md", "a/", '<p>One <span class="xp-note-passage" data-xp-note="n">“quoted” \ud800 text</span>.</p>', []
    )
    page = webanno.PageAnnotations(
        "a.md", "a/", notes_page.notes,
        [("kyiv", "xp-m--kyiv", webanno._selector("Kyiv", "in \u2028 ", " — and")), ("x", "xp-m--x", webanno._selector("", "", ""))],
    )  # fmt: skip
    assert webanno.unpack(webanno.pack(page)) == page


def _reference(document: object) -> str:
    """What the exports were before they were streamed: the whole document, dumped at once."""
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def test_exports_are_the_whole_documents_byte_for_byte(built: Built, tmp_path: Path) -> None:
    site, plugin, _ = built
    assert plugin.site_data is not None
    data = plugin.site_data
    pages = sorted((webanno.unpack(p) for p in plugin.annotated.values()), key=lambda p: p.url)
    out = site.root / "site"
    label = f"Annotations of {data.site_name}"
    assert (out / "annotations.jsonld").read_text("utf-8") == _reference(webanno.collection(pages, data, "annotations.jsonld", label))  # fmt: skip
    for page in pages[1:]:  # The home page's are in the site's file only.
        uri = webanno.export_uri(page.url)
        assert uri is not None
        expected = webanno.collection([page], data, uri, f"Annotations of {page.url}")
        assert (out / uri).read_text("utf-8") == _reference(expected)
    entries = list(webanno.entries_index(data))
    assert (out / "entries.json").read_text("utf-8") == _reference(entries)
    # No annotated page at all: an empty list of items, as json.dumps writes it.
    webanno.write_exports(tmp_path, [], data)
    assert (tmp_path / "annotations.jsonld").read_text("utf-8") == _reference(webanno.collection([], data, "annotations.jsonld", label))  # fmt: skip


def test_exports_with_absolute_addresses_encode_each_annotation_once_and_are_the_whole_documents(
    built: Built, tmp_path: Path
) -> None:
    # With `site_url`, a page's annotations read the same in the site's file and in its own.
    _, plugin, _ = built
    assert plugin.site_data is not None
    data = dataclasses.replace(
        plugin.site_data, links=dataclasses.replace(plugin.site_data.links, site_url="https://example.invalid/news/")
    )
    packed = list(plugin.annotated.values())
    with calls_in("webanno.py", {"_annotations", "unpack"}) as counts:
        webanno.write_exports(tmp_path, packed, data)
    assert counts == {"_annotations": len(packed), "unpack": 2 * len(packed)}
    pages = sorted((webanno.unpack(p) for p in packed), key=lambda p: p.url)
    label = f"Annotations of {data.site_name}"
    site_file = (tmp_path / "annotations.jsonld").read_text("utf-8")
    assert site_file == _reference(webanno.collection(pages, data, "annotations.jsonld", label))
    assert '"https://example.invalid/news/' in site_file
    written = 0
    for page in pages:
        uri = webanno.export_uri(page.url)
        if uri is not None and uri != "annotations.jsonld":
            expected = webanno.collection([page], data, uri, f"Annotations of {page.url}")
            assert (tmp_path / uri).read_text("utf-8") == _reference(expected)
            written += 1
    assert written == len(pages) - 1  # every page's but the home page's


def test_writing_the_exports_holds_a_page_at_a_time(built: Built, tmp_path: Path) -> None:
    _, plugin, _ = built
    assert plugin.site_data is not None
    pages = list(plugin.annotated.values())
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        webanno.write_exports(tmp_path, pages, plugin.site_data)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    site_file = (tmp_path / "annotations.jsonld").stat().st_size
    assert site_file > 1_000_000
    # Built whole, the collection's text alone was the file's size, and its dicts several times that;
    # now the peak is about one page's annotations (40 pages here).
    assert peak * 4 < site_file, (peak, site_file)


def test_entry_pages_hold_their_html_compressed_and_every_reader_gets_it(built: Built) -> None:
    site, plugin, files = built
    probed = site.probed_contents()  # page.content as a hook saw it, once each page was written
    pages = [f.page for f in files.documentation_pages() if f.src_uri in plugin.generated]
    assert len(pages) == TERMS + 2  # the entry pages, the glossary and the timeline
    held = text = 0
    for page in pages:
        assert isinstance(page, PackedContentPage) and page.content is not None
        assert page.content == probed[page.file.src_uri] and "xp-backlink" in probed["glossary/term-0.md"]
        body = page.content.split('<div class="xp-cards-slot"')[0]  # Written with what search did not read:
        assert body and searchquiet.unquiet(body, page.file.src_uri) in site.html(page.file.dest_uri)
        held += len(page.__dict__["_xp_packed_content"])
        text += sys.getsizeof(page.content)
        assert "content" not in page.__dict__
    assert held * 4 < text, (held, text)


def test_a_packed_page_reads_back_what_was_assigned_and_compares_as_a_page(built: Built) -> None:
    _, _, files = built
    page = files.get_file_from_path("glossary/term-0.md").page  # type: ignore[union-attr]
    assert isinstance(page, PackedContentPage)
    before = page.content
    try:
        page.content = "<p>Lone \ud800 surrogate, “quotes”</p>"
        assert page.content == "<p>Lone \ud800 surrogate, “quotes”</p>"
        page.content = None
        assert page.content is None
    finally:
        page.content = before
    assert page == page and page != files.get_file_from_path("glossary/term-1.md").page  # type: ignore[union-attr]


def test_reading_a_page_again_does_not_decompress_it_and_each_page_reads_its_own(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, files = built
    one, two = (files.get_file_from_path(f"glossary/term-{i}.md").page for i in (0, 1))
    assert isinstance(one, PackedContentPage) and isinstance(two, PackedContentPage)
    real = packedcontent.zlib.decompress
    expected = {p.file.src_uri: real(p.__dict__["_xp_packed_content"]).decode() for p in (one, two)}
    calls: list[int] = []
    monkeypatch.setattr(packedcontent.zlib, "decompress", lambda data: calls.append(1) or real(data))
    packedcontent.forget_last()
    reads = [one.content, one.content, two.content, two.content, one.content]
    assert reads == [expected[p.file.src_uri] for p in (one, one, two, two, one)]
    assert len(calls) == 3  # one, two, one again: a page read right after itself is not decompressed
    before, held = one.content, one.__dict__["_xp_packed_content"]
    one.content = before[:1] + before[1:]  # as Material's search writes every page's back: equal, another object
    assert one.__dict__["_xp_packed_content"] is held and one.content == before
    two.content = two.content  # another page's, read last: its own bytes stay too
    assert two.__dict__["_xp_packed_content"] is not held and one.content == before
    try:
        one.content = "<p>Assigned</p>"
        assert one.content == "<p>Assigned</p>" and two.content == expected["glossary/term-1.md"]
        assert one.__dict__["_xp_packed_content"] is not held
    finally:
        one.content = before


def test_packed_pages_compare_as_mkdocs_pages_do(built: Built) -> None:
    _, _, files = built
    pages = [f.page for f in files.documentation_pages() if f.page is not None][:12]
    twin = object.__new__(Page)  # MkDocs' own class, same file and title (not built: that would claim the file)
    twin.__dict__.update(file=pages[1].file, title=pages[1].title)
    copied = copy.copy(pages[2])

    def page_eq(a: Page, b: object) -> bool:  # Page.__eq__, either class on either side
        return isinstance(b, Page) and a.title == b.title and a.file == b.file

    for a in pages:
        for b in [*pages, twin, copied, "page", None]:
            assert (a == b) == page_eq(a, b) == (b == a), (a, b)
    assert pages[1] == twin and pages[2] == copied and pages[1] != pages[2]


def test_a_build_keeps_no_annotation_files_text(built: Built) -> None:
    _, plugin, _ = built
    assert plugin.loader is not None and len(plugin.loader.files) == TERMS + ARTICLES  # terms and note files
    # `explainer check` keeps what its warnings need of each file's text (`on_text`); a build nothing.
    assert all(plugin.loader.facts_of(path) is None for path in plugin.loader.files)


def test_a_build_keeps_no_memos_for_a_rebuild_that_never_comes(built: Built) -> None:
    _, plugin, _ = built
    # Linked texts, passage contexts and fingerprints make the next serve rebuild cheaper; a plain
    # build has none, so they must not live from `on_env` to the end of the build.
    assert not plugin.linked_texts.store and not plugin.contexts.store and not plugin.generated_fps.store
    assert not plugin.entry_texts and not plugin.related


def test_a_full_build_keeps_no_mention_context_past_making_its_pages(built: Built) -> None:
    _, plugin, _ = built
    # The context of every mention on the site (for the passage cards) and every page's passages
    # (for related entries) lived from `on_env` to the end of the build; what the next dirty
    # rebuild compares with was recorded too. Each page's cards are packed as the page is made.
    assert HELD["targets"] == HELD["passage_links"] == HELD["mark_reads"] == HELD["passages"] == 0, HELD
    assert len(HELD["packed"]) == TERMS  # every entry page links the mentions of its entry
    assert len(HELD["mentions"]) >= ARTICLES * TERMS and not any(m.sentence for m in HELD["mentions"])
    assert not plugin.packed_passages  # each page's popped as it was written
    assert HELD["names"] is None  # what a dirty rebuild compares the names with


def test_packed_passage_cards_are_small_and_come_back_as_they_were_made(built: Built) -> None:
    pages = list(HELD["packed"].values())  # recorded by the build of `built`
    cards = [packedpassages.unpack(p) for p in pages]
    assert sum(len(c) for c in cards) == ARTICLES * TERMS  # an entry's first mention in each article
    assert all(n == i for c in cards for i, (n, _) in enumerate(c, start=1))
    first = cards[0][0][1]
    assert first.url.startswith("../../desk/a") and first.title.startswith("Article") and first.context.mention
    assert _traced(lambda: [bytes(p) for p in pages]) * 3 < _traced(lambda: [packedpassages.unpack(p) for p in pages])
    odd = [(1, PassageTarget("../a/#m", "“Quoted” \ud800", PassageContext("", "Lone \udfff ", "N", " — \u2028 …")))]
    assert packedpassages.unpack(packedpassages.pack(odd)) == odd
    assert packedpassages.unpack(packedpassages.pack([])) == []


def test_articles_hold_their_html_and_markdown_compressed_and_every_reader_gets_them(built: Built) -> None:
    site, _, files = built
    probed = site.probed_contents()
    pages = [f.page for f in files.documentation_pages() if f.src_uri.startswith("desk/")]
    assert len(pages) == ARTICLES
    held = text = 0
    for n, page in enumerate(sorted(pages, key=lambda p: int(p.file.src_uri[6:-3]))):  # type: ignore[union-attr]
        assert isinstance(page, PackedContentPage) and page.content is not None and page.markdown is not None
        assert "content" not in page.__dict__ and "markdown" not in page.__dict__
        assert page.content == probed[page.file.src_uri] and 'class="xp-mention' in page.content
        assert page.markdown == _article(n)
        held += len(page.__dict__["_xp_packed_content"]) + len(page.__dict__["_xp_packed_markdown"])
        text += sys.getsizeof(page.content) + sys.getsizeof(page.markdown)
    assert held * 4 < text, (held, text)


def test_a_packed_pages_title_is_mkdocs_title_without_decompressing(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, files = built
    pages = [f.page for f in files.documentation_pages() if isinstance(f.page, PackedContentPage)]
    assert len(pages) == ARTICLES + 1 + TERMS + 2  # articles, home, entry pages, glossary, timeline
    whole = {p.file.src_uri: packedcontent._PAGE_TITLE(p) for p in pages}  # MkDocs' own, reading the Markdown
    calls: list[int] = []
    real = packedcontent.zlib.decompress
    monkeypatch.setattr(packedcontent.zlib, "decompress", lambda data: calls.append(1) or real(data))
    # The theme asks every page's title for every page's navigation: quadratic decompression.
    assert {p.file.src_uri: p.title for p in pages} == whole and "Article 3" in whole.values()
    assert not calls
