"""The build's check of generated pages at another page's path, for `explainer check`: the build's own
`site_clashes`, on the pages and options a build would use (its output paths come from
`clashes.mkdocs_dest`, which asks MkDocs only for the paths that are not plain)."""

from __future__ import annotations

from ..core.diagnostics import Diagnostic
from ..core.model import Registry
from ..mkdocs_adapter.clashes import mkdocs_dest, site_clashes
from ..mkdocs_adapter.langsite import language_neutral
from ..mkdocs_adapter.pagesource import content_files
from ..mkdocs_adapter.sitecfg import SiteInfo

__all__ = ["generated_clashes", "mkdocs_dest"]


def generated_clashes(site: SiteInfo, registry: Registry) -> list[Diagnostic]:
    """Generated pages at the path of another page (the build stops on them too)."""
    content = language_neutral(site.config, content_files(site))
    return site_clashes(registry, site.config, site.root, site.options, content)
