"""The build's check of generated pages at another page's path, for `explainer check` at any size.

`site_clashes` asks MkDocs where each generated page is written by making a `File` of it, ~50 µs
each: 5 s for 100,000 entries, on every check. Almost every generated page has a plain path
(`people/ada-lovelace.md`), whose output path follows two rules MkDocs states (`index.md` and
`README.md` become `index.html`; with directory URLs `x.md` becomes `x/index.html`, else
`x.html`): those are worked out here and the rest still asks MkDocs, so the answer is the same.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.structure.files import File

from ..core.diagnostics import Diagnostic
from ..core.model import Registry
from ..core.pathclash import Options, option_locations, path_clashes
from ..mkdocs_adapter.clashes import _rel
from ..mkdocs_adapter.langsite import language_neutral
from ..mkdocs_adapter.pagesource import content_files
from ..mkdocs_adapter.sitecfg import SiteInfo

_PLAIN_MD = re.compile(r"(?:[a-z0-9_][a-z0-9_.-]*/)*[a-z0-9_][a-z0-9_-]*\.md")
"""Lowercase folders and a lowercase file name ending in `.md`: no `README`, `.`, `..` or `\\`."""


def mkdocs_dest(uri: str, use_directory_urls: bool) -> str:
    """Where MkDocs writes the file `uri` (its `File.dest_uri`)."""
    if _PLAIN_MD.fullmatch(uri) is None or "/./" in uri or "/../" in uri:
        return File(uri, None, "", use_directory_urls).dest_uri
    parent, name = posixpath.split(uri[:-3])
    if not use_directory_urls or name == "index":
        return posixpath.join(parent, name + ".html")
    return posixpath.join(parent, name, "index.html")


def generated_clashes(site: SiteInfo, registry: Registry) -> list[Diagnostic]:
    """Generated pages at the path of another page (the build stops on them too): `site_clashes`'s
    check, on the same options and pages, with `mkdocs_dest`."""
    config, opts = site.config, site.options
    config_file = Path(config.config_file_path) if config.config_file_path else None
    try:
        text = config_file.read_text(encoding="utf-8-sig") if config_file else ""
    except (OSError, UnicodeDecodeError):
        text = ""
    owner = _rel(config_file, site.root, "mkdocs.yml")
    options = Options(opts.people_dir, opts.glossary_dir, opts.timeline, owner, option_locations(text))
    docs = _rel(Path(config.docs_dir), site.root, config.docs_dir)
    use_directory_urls = bool(config.use_directory_urls)
    content = language_neutral(config, content_files(site))
    return path_clashes(registry, options, content, docs, lambda uri: mkdocs_dest(uri, use_directory_urls))
