"""`core.pathclash` for a MkDocs site: its config file, the plugin's options there, MkDocs' output paths."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from ..core.diagnostics import Diagnostic
from ..core.model import Registry
from ..core.pathclash import Options, option_locations, path_clashes
from .config import ExplainerConfig


def site_clashes(
    registry: Registry,
    config: MkDocsConfig,
    root: Path,
    opts: ExplainerConfig,
    content: Iterable[File],
    folder: str = "",
) -> list[Diagnostic]:
    """`path_clashes` for a site: its mkdocs.yml, the plugin's options there, its docs_dir.

    `folder`: where this build writes its generated pages (a language's, with mkdocs-static-i18n)."""
    config_file = Path(config.config_file_path) if config.config_file_path else None
    try:
        text = config_file.read_text(encoding="utf-8-sig") if config_file else ""
    except (OSError, UnicodeDecodeError):
        text = ""
    options = Options(
        opts.people_dir, opts.glossary_dir, opts.timeline, _rel(config_file, root, "mkdocs.yml"), _locations(text)
    )
    docs = _rel(Path(config.docs_dir), root, config.docs_dir)

    def dest(uri: str) -> str:
        return _dest_uri(uri, config.use_directory_urls)

    return path_clashes(registry, options, content, docs, dest, folder)


_PLAIN_MD = re.compile(r"(?:[a-z0-9_][a-z0-9_.-]*/)*[a-z0-9_][a-z0-9_-]*\.md")
"""Lowercase folders and a lowercase file name ending in `.md`: no `README`, `.`, `..` or `\\`."""


def mkdocs_dest(uri: str, use_directory_urls: bool) -> str:
    """Where MkDocs writes the file `uri` (its `File.dest_uri`). Making a `File` costs ~50 µs (5 s
    for 100,000 entries on every check); almost every generated page has a plain path, whose output
    path follows two rules MkDocs states (`index.md` becomes `index.html`; with directory URLs `x.md`
    becomes `x/index.html`, else `x.html`), so only the rest asks MkDocs."""
    if _PLAIN_MD.fullmatch(uri) is None or "/./" in uri or "/../" in uri:
        return File(uri, None, "", use_directory_urls).dest_uri
    parent, name = posixpath.split(uri[:-3])
    if not use_directory_urls or name == "index":
        return posixpath.join(parent, name + ".html")
    return posixpath.join(parent, name, "index.html")


# Cached: asked for each entry page on every (serve) build.
_dest_uri = functools.lru_cache(maxsize=1 << 16)(mkdocs_dest)


# The same mkdocs.yml on every serve rebuild: parsing it again (a long `nav`) cost a rebuild 0.1-0.2 s.
@functools.lru_cache(maxsize=4)
def _locations(config_text: str) -> dict[str, tuple[int, int]]:
    return option_locations(config_text)  # Read, never changed, by `Options`.


def _rel(path: Path | None, root: Path, default: str) -> str:
    full = path.resolve() if path else None
    return full.relative_to(root).as_posix() if full and full.is_relative_to(root) else default
