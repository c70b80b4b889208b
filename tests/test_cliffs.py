"""No performance cliffs (issue 12): hostile sizes cost work in proportion to their size.

Each test counts work or bytes on a generated input, never time (timings belong in bench/).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import tracemalloc
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from callcount import calls_in
from markdown import Markdown
from markdown_it.parser_inline import ParserInline
from mkdocs_explainer.core import render
from mkdocs_explainer.core.linker import ExplainerExtension, PageJob, _VisibleText, once
from mkdocs_explainer.core.matcher import Matcher
from mkdocs_explainer.core.model import Entry, Note
from sitekit import Site

SYLLABLES = ("ba", "ko", "ri", "nu", "te", "sha", "vo", "li", "mé", "dra", "zu", "pe")


def _names(count: int) -> list[str]:
    """`count` distinct two-word capitalised names that no English word collides with."""
    rng = random.Random(12)
    names: set[str] = set()
    while len(names) < count:
        words = ["".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() for _ in range(2)]
        names.add(" ".join(words))
    return sorted(names)


def _entry(i: int, name: str) -> Entry:
    return Entry(
        id=f"e{i}", type="term", name=name, aliases=(), summary="s", sources=(),
        reviewed=dt.date(2026, 1, 1), source_path=f"annotations/glossary/e{i}.yml", kind="place",
    )  # fmt: skip


def _job(entries: list[Entry], notes: list[Note] | None = None) -> PageJob:
    return PageJob(
        src_uri="a.md", mode="first", entries={e.id: e for e in entries},
        matcher=Matcher((e.name, e.id, True) for e in entries), notes=notes or [],
        href_for=lambda e: f"glossary/{e.id}.md", finish=lambda job: "",
    )  # fmt: skip


def _convert(text: str, job: PageJob) -> str:
    return Markdown(extensions=["attr_list", ExplainerExtension(once(job))]).convert(text)


def test_a_paragraph_naming_8000_entries_is_linked_in_linear_steps() -> None:
    names = _names(8000)
    entries = [_entry(i, n) for i, n in enumerate(names)]
    job = _job(entries)
    paragraph = ", ".join(f"{n} *said*" for n in names) + "."
    with calls_in("linker.py", {"insert", "index", "visit"}) as counts:
        html = _convert(paragraph, job)
    found = re.findall(r'data-xp-entry="(e\d+)"', html)
    assert found == [e.id for e in entries]
    assert "<em>said</em>" in html
    # One link inserted at a time (with a lookup of where) was 8,000 inserts over lists of up to
    # 24,000 children; the child list is now built once per element.
    assert counts["insert"] + counts["index"] < 50, counts
    # "Mentioned in" sentences: one walk of the paragraph (16,001 elements), not one per mention.
    assert len(job.mentions) == 8000 and all(0 < len(m.sentence) <= 320 for m in job.mentions)
    assert counts["visit"] <= 16_001, counts


def _article(megabytes: float, rng: random.Random, names: list[str]) -> str:
    """One long paragraph of prose with links, emphasis, escapes and mentions."""
    words = ("the", "talks", "would", "resume", "after", "a", "pause", "of", "days", "officials")
    parts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        piece = " ".join(rng.choice(words) for _ in range(12))
        roll = rng.random()
        if roll < 0.1:
            piece += f" *{rng.choice(words)}* {rng.choice(names)}"
        elif roll < 0.15:
            piece += f" [{rng.choice(words)}](https://example.org/x) \\* 5"
        parts.append(piece + ".")
        size += len(piece) + 2
    return " ".join(parts)


def test_note_map_is_a_small_fraction_of_its_block() -> None:
    rng = random.Random(3)
    names = _names(50)
    entries = [_entry(i, n) for i, n in enumerate(names)]
    text = _article(0.5, rng, names) + " Exactly this sentence holds the quoted passage here."
    note = Note(id="n1", article="a.md", loc=(1, 1), quote="this sentence holds the quoted", title="T", body="b", prefix="", suffix="",
                sources=(), reviewed=dt.date(2026, 1, 1), source_path="annotations/notes/a.yml")  # fmt: skip
    maps: list[tuple[int, int, int]] = []
    original = _VisibleText.__init__

    def measured(self: _VisibleText, block: etree.Element, proc: Any) -> None:
        original(self, block, proc)
        raw = sum(len(getattr(node, attr) or "") for node, attr in self.segments)
        maps.append((raw, len(self.text), self.origin.nbytes()))

    _VisibleText.__init__ = measured  # type: ignore[method-assign]
    try:
        job = _job(entries, [note])
        html = _convert(text, job)
    finally:
        _VisibleText.__init__ = original  # type: ignore[method-assign]
    assert len(job.placed) == 1 and not job.note_problems
    assert '<span class="xp-note-passage" data-xp-note="n1">this sentence holds the quoted</span>' in html
    raw, visible, nbytes = max(maps)
    assert raw > 490_000 and visible > 450_000
    # A tuple per character took ~100 bytes a character; runs between links and escapes take
    # a few bytes per run, far below the block's own size.
    assert nbytes < raw // 4, (nbytes, raw)


def test_note_on_a_long_article_does_not_multiply_memory() -> None:
    rng = random.Random(4)
    names = _names(20)
    entries = [_entry(i, n) for i, n in enumerate(names)]
    text = _article(0.3, rng, names) + " A closing line with the quoted words in it."
    note = Note(id="n2", article="a.md", loc=(1, 1), quote="the quoted words", title="T", body="b", prefix="", suffix="", sources=(),
                reviewed=dt.date(2026, 1, 1), source_path="annotations/notes/a.yml")  # fmt: skip

    def peak(job: PageJob) -> int:
        tracemalloc.start()
        try:
            _convert(text, job)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    without, with_note = peak(_job(entries)), peak(_job(entries, [note]))
    assert with_note < without * 1.3, (with_note, without)


# -- editors' Markdown -------------------------------------------------------------------


def _parser_steps() -> Callable[[str], int]:
    """Renders with the plugin's parser and returns the token steps taken (skipToken calls)."""
    md = render._md()
    calls = [0]
    step = ParserInline.skipToken

    def counted(state: Any) -> None:
        calls[0] += 1
        step(md.inline, state)

    def steps(text: str) -> int:
        calls[0] = 0
        md.inline.skipToken = counted  # type: ignore[method-assign]
        try:
            md.render(text)
        finally:
            del md.inline.skipToken
        return calls[0]

    return steps


PROSE = ("word " * 4000)[:20_000]
HOSTILE = ["[", "![", "[a][", "[a](", "[*a", "![x](y", "[`", "[\\]", "[a]\n\n", "[[]"]


def _generated_bodies() -> Iterator[str]:
    for count in (10, 100, 300, 1000):
        for piece in HOSTILE:
            yield (piece * count + PROSE)[:20_000]
    rng = random.Random(5)
    for _ in range(200):
        yield "".join(rng.choice("[]!()*_`\\<>&#:- a\n") for _ in range(rng.randint(10, 3000)))


def test_markdown_work_estimate_bounds_the_parser() -> None:
    steps = _parser_steps()
    for body in _generated_bodies():
        work = steps(body)
        assert work <= render.label_work(body), body[:40]
        if not render.markdown_problem(body):
            assert work <= render.MAX_LABEL_WORK


def test_ordinary_bodies_with_many_links_are_accepted() -> None:
    links = " ".join(f"[source {i}](https://example.org/{i}) and [[{i}]](#n{i})," for i in range(300))
    assert render.markdown_problem(links + "\n\n" + PROSE) is None
    assert render.markdown_problem("\n\n".join(["[a] " * 40 + "(see [b])"] * 100)) is None


@pytest.mark.parametrize("piece", ["![", "[", "[a]["])
def test_a_body_of_unclosed_brackets_is_refused_with_the_fix(tmp_path: Path, piece: str) -> None:
    site = Site(tmp_path)
    site.page("index.md", "# Home\n\nKhorlo Bata spoke.\n")
    path = site.person("khorlo-bata", "Khorlo Bata", body=piece * (19_000 // len(piece)))
    result = site.build()
    assert not result.ok
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if '"body"' in text)
    assert re.search(
        rf"annotations/people/khorlo-bata\.yml:{line}:\d+: .*`?body`? has \d+ `\[` .*close each `\[` with `\]`",
        result.error,
    ), result.error


# -- explainer check at many entries ------------------------------------------------------


def _check_site(root: Path, entries: int) -> Site:
    """`entries` terms and ten articles; the articles name the same 40 of them, two names cross."""
    site = Site(root)
    names = _names(entries)
    for i, name in enumerate(names):
        site.term(f"e{i}", name)
    site.term("cross-a", "Vala Koru")
    site.term("cross-b", "Koru Bay")
    named = ", ".join(names[:40])
    for n in range(10):
        body = f"# Article {n}\n\nOn Monday {named} met. Later Vala Koru Bay was closed.\n\n" * 3
        site.page(f"a{n}.md", body)
    site.page("index.md", "# Home\n")
    return site


def test_check_work_does_not_grow_with_entries_times_text(tmp_path: Path) -> None:
    from mkdocs_explainer.editors.check import CheckOptions, run_check

    work = {}
    for entries in (300, 1200):
        site = _check_site(tmp_path / str(entries), entries)
        with calls_in("coverage.py") as prose, calls_in("yamlnodes.py", {"read"}) as parsed:
            result = run_check(site.root, CheckOptions(today=dt.date(2026, 12, 1)))
        texts = ["could mean two entries" in d.message for d in result.diagnostics]
        assert sum(texts) == 1, [d.message for d in result.diagnostics if d.severity == "error"]
        # Each annotation file parsed once: for its errors and for its warnings.
        assert parsed["read"] == entries + 2, parsed
        work[entries] = sum(prose.values())
    # The prose checks cost a few calls per name (to build their automaton) and then work in
    # proportion to the text; looking for every name in every paragraph (one `str.find` per name
    # and paragraph, 30 paragraphs here) made the extra 900 entries cost over 80,000 calls.
    assert work[1200] - work[300] < 12 * 900, work


def test_check_reads_a_clean_file_without_per_file_path_walks_or_character_scans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Per annotation file, `check` once resolved the path through every folder four times (three
    `site.rel`, one "inside the repository?"), scanned each value one character at a time in Python
    and built a label for every value: now folders are resolved once, controls are found by a
    regex, labels are built for messages only and Markdown without `[` is not measured."""
    import gc

    from mkdocs_explainer.editors.check import CheckOptions, run_check

    site = _check_site(tmp_path / "site", 300)
    site.term("linked", "Linked Term", summary="See [the report](https://example.org/r) and [1].")
    resolved = []
    realpath = os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda p, **kw: resolved.append(p) or realpath(p, **kw))
    with (
        calls_in("yamlnodes.py", {"<genexpr>", "_label"}) as walker,
        calls_in("render.py", {"label_work"}) as markdown,
    ):
        result = run_check(site.root, CheckOptions(today=dt.date(2026, 12, 1)))
    assert result.errors == 0 and result.files == 303, [d.text() for d in result.diagnostics][:5]
    assert len(resolved) < 30, len(resolved)  # the old code: over 1,200 (four per file)
    assert walker["<genexpr>"] == 0 and walker["_label"] == 0, walker
    assert markdown["label_work"] == 1, markdown  # the one summary with `[`
    # The garbage collector, off while files are read, is back as it was.
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_control_characters_are_found_as_the_per_character_test_found_them() -> None:
    """The regex that replaced a scan of each value in Python finds the same first character."""
    from mkdocs_explainer.core.yamlnodes import _CONTROL_RE

    def old(raw: str) -> str | None:
        return next((c for c in raw if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F), None)

    # Every code point up to U+2FFF (the controls are all below U+00A0), and the last ones.
    for code in [*range(0x3000), *range(0x10FF00, 0x110000)]:
        for raw in (chr(code), "ab" + chr(code) + "\x01", "\n\t" + chr(code)):
            m = _CONTROL_RE.search(raw)
            assert (m.group() if m else None) == old(raw), hex(code)
