"""An article's source as MkDocs reads it: which pages a build renders, their front matter and Markdown.

The core reads front matter and renders articles from plain text; what counts as a page and where
its front matter ends are MkDocs' rules, so they are asked of MkDocs here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

from ..core import articles
from ..core.articles import Article, ArticleSource, MarkdownSetup
from ..core.matcher import Matcher
from ..core.model import Note, Registry
from .sitecfg import SiteInfo, quiet_mkdocs


def front_matter(source: str) -> str | None:
    """The YAML between a page's opening `---` and its closing `---` (or `...`), as MkDocs finds it."""
    match = YAML_RE.match(source)
    return match.group(1) if match else None


def content_files(site: SiteInfo) -> Files:
    """The files of docs_dir, as a build lists them before the plugins add theirs."""
    with quiet_mkdocs():
        return get_files(site.config)


def article_uris(site: SiteInfo) -> list[str]:
    """Every Markdown page of docs_dir that a build would render (MkDocs' own file list)."""
    if not site.docs_dir.is_dir():
        return []
    return sorted(f.src_uri for f in content_files(site).documentation_pages())


def read_article(site: SiteInfo, src_uri: str) -> ArticleSource:
    """One page of docs_dir, read as a build reads it (without rendering it)."""
    cfg = site.config
    file = File(src_uri, str(site.docs_dir), cfg.site_dir, cfg.use_directory_urls)
    page = Page(None, file, cfg)
    with quiet_mkdocs():
        page.read_source(cfg)
    source = file.content_string
    rel = site.rel(site.docs_dir / src_uri)
    return ArticleSource(src_uri, rel, source, page.markdown or "", page.meta, front_matter(source))


def render_article(
    site: SiteInfo,
    src_uri: str,
    registry: Registry,
    matcher: Matcher,
    notes: Iterable[Note] | None = None,
    skip_ids: Iterable[str] = (),
    known_ids: Collection[str] | None = None,
) -> Article:
    """`core.articles.render_article` for a page of this site, with its Markdown extensions."""
    setup = MarkdownSetup(list(site.config.markdown_extensions), site.config.mdx_configs or {})
    read = read_article(site, src_uri)
    return articles.render_article(read, setup, site.link_default, registry, matcher, notes, skip_ids, known_ids)
