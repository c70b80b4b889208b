"""The plugin's generated pages and images as MkDocs files, to add to the site in `on_files`."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from ..core.labels import Labels
from ..core.model import Registry
from ..core.pages import Generated, generated_pages


def generated_files(
    registry: Registry,
    config: MkDocsConfig,
    root: Path,
    people_dir: str,
    glossary_dir: str,
    timeline: str,
    labels: Labels | None = None,
) -> dict[str, tuple[File, Generated]]:
    """`core.pages.generated_pages` as MkDocs files, keyed by their path inside docs_dir."""
    out: dict[str, tuple[File, Generated]] = {}
    for uri, spec in generated_pages(registry, root, people_dir, glossary_dir, timeline, labels).items():
        if spec.source_path is not None:
            media = File.generated(config, uri, abs_src_path=str(spec.source_path))
            out[media.src_uri] = (media, spec.what)
        else:
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            out[uri] = (File.generated(config, uri, content=spec.content or "", inclusion=inclusion), spec.what)
    return out
