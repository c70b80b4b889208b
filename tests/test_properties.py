"""Property-based tests of the linking step on generated Markdown and generated glossaries."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs_explainer.core.linker import ExplainerExtension, PageJob
from mkdocs_explainer.core.matcher import Matcher
from mkdocs_explainer.core.model import Entry, Reference

WORDS = ["Kyiv", "Donetsk", "region", "Abu", "Dhabi", "Zelensky", "plant", "the", "talks", "Côte", "d’Ivoire", "NSDC"]
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col"}
NO_LINK = {"code", "pre", "a", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"}

names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
glossaries = st.lists(names, min_size=1, max_size=8, unique=True)
word = st.sampled_from([*WORDS, "and", "of", "Kyiv's", "Kyivstar", "2026", "'s", ",", "."])
phrase = st.lists(word, min_size=1, max_size=8).map(" ".join)
inline = st.one_of(
    phrase,
    phrase.map(lambda p: f"*{p}*"),
    phrase.map(lambda p: f"`{p}`"),
    phrase.map(lambda p: f"[{p}](https://example.org/x)"),
    phrase.map(lambda p: f'<span title="{p}">{p}</span>'),
    phrase.map(lambda p: f"![{p}](img.png)"),
)
block = st.one_of(
    st.lists(inline, min_size=1, max_size=5).map(" ".join),
    phrase.map(lambda p: f"## {p}"),
    phrase.map(lambda p: f"```\n{p}\n```"),
    phrase.map(lambda p: f"    {p}"),
    st.lists(phrase, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {i}" for i in items)),
    phrase.map(lambda p: f"> {p}"),
    phrase.map(lambda p: f"<div>{p}</div>"),
)
documents = st.lists(block, min_size=1, max_size=6).map("\n\n".join)


def entries_for(surfaces: list[str]) -> dict[str, Entry]:
    out = {}
    for i, name in enumerate(surfaces):
        out[f"e{i}"] = Entry(
            id=f"e{i}", type="term", name=name, aliases=(), summary="s",
            sources=(Reference("r", "https://example.org"),), reviewed=dt.date(2026, 1, 1),
            source_path=f"annotations/glossary/e{i}.yml", kind="place",
        )  # fmt: skip
    return out


def render(source: str, entries: dict[str, Entry] | None, mode: str = "all") -> str:
    extensions: list[markdown.Extension | str] = ["attr_list", "tables", "fenced_code"]
    if entries is not None:
        job = PageJob(
            src_uri="a.md", mode=mode, entries=entries,  # type: ignore[arg-type]
            matcher=Matcher((e.name, e.id, True) for e in entries.values()),
            notes=[], href_for=lambda e: f"{e.id}.md", finish=lambda job: "",
        )  # fmt: skip
        extensions.append(ExplainerExtension(lambda: job))
    return markdown.markdown(source, extensions=extensions)


class Reader(HTMLParser):
    """Collects the visible text, the elements other than mentions, and nesting errors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.others: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        mention = tag == "a" and ("class", "xp-mention") in attrs
        if mention:
            inside = [t for t, _ in self.stack if t in NO_LINK]
            if inside:
                self.errors.append(f"mention inside {inside}")
        else:
            self.others.append((tag, tuple(attrs)))
        if tag not in VOID:
            self.stack.append((tag, mention))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.others.append((tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"unbalanced </{tag}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read(html: str) -> Reader:
    reader = Reader()
    reader.feed(html)
    reader.close()
    if reader.stack:
        reader.errors.append(f"unclosed {reader.stack}")
    return reader


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents, glossaries)
def test_visible_text_and_other_markup_are_unchanged(source: str, surfaces: list[str]) -> None:
    plain = read(render(source, None))
    linked = read(render(source, entries_for(surfaces)))
    assert "".join(linked.text) == "".join(plain.text)
    assert linked.others == plain.others  # attributes and every other element untouched


@SETTINGS
@given(documents, glossaries)
def test_never_linked_in_code_links_headings_and_output_is_well_formed(source: str, surfaces: list[str]) -> None:
    linked = read(render(source, entries_for(surfaces)))
    assert linked.errors == []


@SETTINGS
@given(documents, glossaries, st.sampled_from(["first", "all", "none"]))
def test_rendering_is_deterministic(source: str, surfaces: list[str], mode: str) -> None:
    assert render(source, entries_for(surfaces), mode) == render(source, entries_for(surfaces), mode)


@SETTINGS
@given(documents, glossaries)
def test_first_mode_links_each_entry_at_most_once(source: str, surfaces: list[str]) -> None:
    html = render(source, entries_for(surfaces), "first")
    for entry_id in entries_for(surfaces):
        assert html.count(f'data-xp-entry="{entry_id}"') <= 1
