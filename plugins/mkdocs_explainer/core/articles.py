"""Renders each article as a build would, without building: link jobs, page errors, plain text.

Each article goes through Python-Markdown with the site's own extensions and settings plus the
plugin's `ExplainerExtension`, so note passages, explicit links and front matter are checked
exactly as a build checks them. A second tree processor keeps the text a reader sees in
each paragraph (outside links, code and headings) for the warnings that read the prose. The
engine adapter reads the article (its file, front matter and Markdown) and hands it in as an
`ArticleSource`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .articlemeta import ArticleMeta, read_meta
from .diagnostics import Diagnostic, error
from .linker import NO_LINK_TAGS, TEXT_BLOCKS, ExplainerExtension, PageJob, once
from .matcher import Matcher
from .model import Note, Registry
from .pagecheck import front_matter_problem, page_diagnostics, page_mode

BREAK = "\x00"
"""Stands in for anything that is not running text (a link, code, raw HTML): no name spans it.
Not a space and not a letter, so neither the matcher nor the coverage heuristic reads across it."""
_STASH_RE = re.compile("\x02wzxhzdk:\\d+\x03")
_ESCAPE_RE = re.compile("\x02(\\d+)\x03")
_FRONT_KEY_RE = re.compile(r"^explainer\s*:", re.MULTILINE)


@dataclass(slots=True)
class Article:
    src_uri: str
    """Path inside docs_dir, e.g. `abu-dhabi-talks.md`."""
    path: str
    """Path relative to the site root, for messages."""
    source: str
    """The whole file, front matter included, to find where things were written."""
    job: PageJob
    texts: list[str] = field(default_factory=list)
    """What a reader sees in each paragraph, list item or cell, as the linker reads it:
    existing links, code and raw HTML are BREAK."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    meta: ArticleMeta | None = None
    """The dateline, dates and sources of its front matter."""

    def locate(self, pattern: re.Pattern[str]) -> tuple[int, int] | None:
        """Line and column of the first match of `pattern` in the file, if any."""
        m = pattern.search(self.source)
        if m is None:
            return None
        index = m.start()
        line_start = self.source.rfind("\n", 0, index) + 1
        return self.source.count("\n", 0, index) + 1, index - line_start + 1


@dataclass(frozen=True, slots=True)
class ArticleSource:
    """One article as the engine read it."""

    src_uri: str
    """Path inside docs_dir."""
    path: str
    """Path relative to the site root, for messages."""
    source: str
    """The whole file, front matter included."""
    markdown: str
    """The Markdown the engine renders (the file without its front matter)."""
    meta: Mapping[str, Any]
    """The front matter as the engine parsed it."""
    front_matter: str | None
    """The front matter's YAML text, or None when the file has none."""


@dataclass(frozen=True, slots=True)
class MarkdownSetup:
    """The site's Python-Markdown extensions and their settings, as its build would use them."""

    extensions: list[Any]
    configs: dict[str, Any]


def render_article(
    read: ArticleSource,
    setup: MarkdownSetup,
    link_default: str,
    registry: Registry,
    matcher: Matcher,
    notes: Iterable[Note] | None = None,
    skip_ids: Iterable[str] = (),
    known_ids: Collection[str] | None = None,
) -> Article:
    """Render one article; `notes` replaces the article's notes from the registry if given.

    Explicit links to `skip_ids` (entries whose files have errors) are not reported; a link to an
    entry there is not names the closest of `known_ids` (default: the registry's).
    """
    src_uri, rel, source = read.src_uri, read.path, read.source
    mode, problem = page_mode(read.meta.get("explainer"), link_default)
    job = PageJob(
        src_uri=src_uri,
        mode=mode,
        entries=registry.entries,
        matcher=matcher,
        notes=list(registry.notes.get(src_uri, []) if notes is None else notes),
        href_for=lambda entry: "#",
        finish=lambda job: "",
    )
    article = Article(src_uri, rel, source, job)
    if problem:
        line, col = article.locate(_FRONT_KEY_RE) or (1, 1)
        article.diagnostics.append(error(rel, line, col, problem))
    broken = front_matter_problem(read.front_matter)
    if broken:
        line, col, message, severity = broken
        article.diagnostics.append(Diagnostic(rel, line, col, severity, message))
    article.meta, problems = read_meta(rel, read.front_matter)
    article.diagnostics.extend(problems)
    md = markdown.Markdown(
        extensions=[*setup.extensions, ExplainerExtension(once(job)), _TextExtension(article)],
        extension_configs=setup.configs,
    )
    md.convert(read.markdown)
    skip = set(skip_ids)
    job.unknown_ids[:] = [entry_id for entry_id in job.unknown_ids if entry_id not in skip]
    article.diagnostics.extend(page_diagnostics(job, source, rel, known_ids))
    return article


class _TextExtension(Extension):
    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Between attr_list (8) and the explainer's linking (7): the text the linker reads.
        md.treeprocessors.register(_TextCollector(md, self.article), "explainer-text", 7.5)


class _TextCollector(Treeprocessor):
    def __init__(self, md: markdown.Markdown, article: Article) -> None:
        super().__init__(md)
        self.article = article

    def run(self, root: etree.Element) -> None:
        self._visit(root)

    def _visit(self, el: etree.Element) -> None:
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in NO_LINK_TAGS:
                continue
            if tag in TEXT_BLOCKS:
                parts: list[str] = []
                self._collect(child, parts)
                text = "".join(parts)
                if text.strip():
                    self.article.texts.append(text)
            else:
                self._visit(child)

    def _collect(self, el: etree.Element, parts: list[str]) -> None:
        parts.append(_plain(el.text or ""))
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in TEXT_BLOCKS:
                sub: list[str] = []
                self._collect(child, sub)
                text = "".join(sub)
                if text.strip():
                    self.article.texts.append(text)
                parts.append(BREAK)
            elif tag in NO_LINK_TAGS:
                parts.append(BREAK)
            else:
                self._collect(child, parts)
            parts.append(_plain(child.tail or ""))


def _plain(text: str) -> str:
    text = _STASH_RE.sub(BREAK, text)
    return _ESCAPE_RE.sub(lambda m: chr(int(m.group(1))), text)
