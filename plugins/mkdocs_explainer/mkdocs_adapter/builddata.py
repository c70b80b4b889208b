"""What the core's site data asks of a MkDocs build: each file's URL, an article's title, relative URLs."""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from ..core.sitedata import BuildFacts


def build_facts(files: Files, config: MkDocsConfig, title_of: Callable[[File], str | None]) -> BuildFacts:
    """`title_of(file)`: an article's own title, from its page."""

    def url_of(src_uri: str) -> str | None:
        file = files.get_file_from_path(src_uri)
        return file.url if file is not None else None

    def title(src_uri: str) -> str | None:
        file = files.get_file_from_path(src_uri)
        return title_of(file) if file is not None else None

    return BuildFacts(config.site_url or None, config.site_name, url_of, title, get_relative_url)
