"""`core.pathclash` for a MkDocs site: its config file, the plugin's options there, MkDocs' output paths."""

from __future__ import annotations

import functools
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


# Cached: a `File` made for each entry page on every (serve) build only to read its output path.
@functools.lru_cache(maxsize=1 << 16)
def _dest_uri(uri: str, use_directory_urls: bool) -> str:
    return File(uri, None, "", use_directory_urls).dest_uri


# The same mkdocs.yml on every serve rebuild: parsing it again (a long `nav`) cost a rebuild 0.1-0.2 s.
@functools.lru_cache(maxsize=4)
def _locations(config_text: str) -> dict[str, tuple[int, int]]:
    return option_locations(config_text)  # Read, never changed, by `Options`.


def _rel(path: Path | None, root: Path, default: str) -> str:
    full = path.resolve() if path else None
    return full.relative_to(root).as_posix() if full and full.is_relative_to(root) else default
