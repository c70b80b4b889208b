"""An article's dates, dateline and sources, read from its front matter with line and column.

MkDocs has already parsed the front matter (PyYAML, YAML 1.1: `2026-02-05` is a date, a key
written twice keeps the last value), so the explainer's keys are read again from the composed
node tree with the annotation files' own strict reader. Only the keys in `schema.ARTICLE_META`
are checked; `title`, `description`, `hide` and the rest belong to MkDocs and the theme.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import yaml

from .diagnostics import Diagnostic, error
from .loader import refs
from .model import Loc, Reference
from .schema import ARTICLE_META
from .yamlnodes import Checked, _Walker

FRONT_MATTER_LINE = 2
"""The front matter's first line in the file: line 1 is the opening `---`."""


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What a reader sees under the title (dateline, dates) and at the end (sources)."""

    path: str
    """The article, relative to the repository root (for messages)."""
    published: dt.date | None = None
    updated: dt.date | None = None
    dateline: str | None = None
    sources: tuple[Reference, ...] = ()
    sources_loc: Loc = (1, 1)

    @property
    def empty(self) -> bool:
        return not (self.published or self.updated or self.dateline or self.sources)

    @property
    def modified(self) -> dt.date | None:
        """The date the facts were last brought up to date."""
        return self.updated or self.published


def read_meta(path: str, front_matter: str | None) -> tuple[ArticleMeta, list[Diagnostic]]:
    """The explainer's keys in the front matter of the file at `path` (the YAML text, as the engine found it)."""
    if front_matter is None:
        return ArticleMeta(path), []
    try:
        # MkDocs reads front matter with PyYAML's SafeLoader, which expands aliases: so do we, here.
        node = yaml.compose(front_matter, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return ArticleMeta(path), []  # `pagecheck.front_matter_problem` reports broken YAML.
    if not isinstance(node, yaml.MappingNode):
        return ArticleMeta(path), []
    ours = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value in ARTICLE_META.by_name]
    if not ours:
        return ArticleMeta(path), []
    checked = Checked(path)
    sub = yaml.MappingNode(node.tag, ours, node.start_mark, node.end_mark)
    value = _Walker(checked).check(sub, ARTICLE_META, ()) or {}
    diagnostics = [_shifted(d) for d in checked.diagnostics]
    if diagnostics:
        return ArticleMeta(path), diagnostics
    checked.locs = {k: (line + FRONT_MATTER_LINE - 1, col) for k, (line, col) in checked.locs.items()}
    published, updated = value.get("published"), value.get("updated")
    if updated is not None and not any(k.value == "published" for k, _ in ours):
        line, col = checked.loc("updated")
        message = "`updated` needs a `published` date too: add `published: YYYY-MM-DD`"
        diagnostics.append(error(path, line, col, message))
    if published is not None and updated is not None and updated < published:
        line, col = checked.loc("updated")
        message = f"`updated` ({updated.isoformat()}) is before `published` ({published.isoformat()}); fix one of them"
        diagnostics.append(error(path, line, col, message))
    sources = refs(checked, value.get("sources", []), "sources")
    meta = ArticleMeta(path, published, updated, value.get("dateline"), sources, checked.loc("sources"))
    return meta, diagnostics


def _shifted(diag: Diagnostic) -> Diagnostic:
    return error(diag.path, diag.line + FRONT_MATTER_LINE - 1, diag.col, diag.message)


def place(html: str, dateline: str, sources: str) -> str:
    """The article's HTML with the dateline under its first heading and the sources at the end.

    Without a level-1 heading in the Markdown the theme writes the title itself, just before
    the content: the dateline then opens the content, which puts it right under that title.
    """
    end = _h1_end(html)
    return html[:end] + dateline + html[end:] + sources


def _h1_end(html: str) -> int:
    start = html.find("<h1")
    if start < 0:
        return 0
    close = html.find("</h1>", start)
    return 0 if close < 0 else close + len("</h1>")
