"""A site's settings as the `explainer` command needs them: mkdocs.yml, annotations, articles.

The command reads mkdocs.yml with MkDocs' own `load_config`, so the Markdown extensions, the
docs folder and the plugin's options are exactly those a build would use; nothing is built.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from ..core.safefiles import RealPaths, under
from .config import ExplainerConfig
from .engine import ROOT_LOGGER

# ProperDocs' order: its own name first, then the MkDocs name it falls back to.
CONFIG_NAMES = ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml")
SCHEMAS_DIR = "schemas"


class SiteError(Exception):
    """The site cannot be checked at all (no mkdocs.yml, plugin not enabled): a usage error."""


@dataclass(frozen=True, slots=True)
class SiteInfo:
    root: Path
    """The folder holding mkdocs.yml; every path in a message is relative to it."""
    config: MkDocsConfig
    annotations_dir: Path
    docs_dir: Path
    options: ExplainerConfig
    """The plugin's options from mkdocs.yml."""

    @property
    def link_default(self) -> str:
        return self.options.link

    def rel(self, path: Path, real: RealPaths | None = None) -> str:
        """`path` from the root, links resolved; `real` resolves many files of a few folders faster."""
        inside = under(real(path) if real else os.path.realpath(path), str(self.root))
        return path.as_posix() if inside is None else inside

    def schema_file(self, kind: str) -> Path:
        return schema_file_at(self.root, kind)


def schema_file_at(root: Path, kind: str) -> Path:
    """The JSON Schema of files of `kind` in the site at `root` (`SiteInfo.schema_file`)."""
    return root / SCHEMAS_DIR / f"{kind}.schema.json"


@contextmanager
def quiet_mkdocs() -> Iterator[None]:
    """Hold back MkDocs' own log lines (e.g. about nav) while the command reads the site."""
    logger = logging.getLogger(ROOT_LOGGER)
    old = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(old)


def find_config(folder: Path) -> Path | None:
    """The site's config file in `folder`, in ProperDocs' order, or None."""
    return next((folder / n for n in CONFIG_NAMES if (folder / n).is_file()), None)


def engine_for(config_file: Path) -> str:
    """The engine that builds a site with this config file, as the module `python -m` runs.

    `properdocs.yml` is ProperDocs' own name and `mkdocs.yml` MkDocs'; each engine reads the other's
    file when given it with `-f`, so where only one engine is installed, that one builds.
    """
    wanted, other = ("properdocs", "mkdocs") if config_file.name.startswith("properdocs.") else ("mkdocs", "properdocs")
    if importlib.util.find_spec(wanted) is None and importlib.util.find_spec(other) is not None:
        return other
    return wanted


def load_site(path: Path) -> SiteInfo:
    """The site whose mkdocs.yml is in the folder `path` (or is the file `path`)."""
    config_file = path if path.is_file() else find_config(path)
    if config_file is None:
        raise SiteError(f"no mkdocs.yml (or properdocs.yml) in {path}; give the folder that holds the site's config")
    root = config_file.resolve().parent
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        with quiet_mkdocs():
            config = load_config(str(config_file))
    except (ConfigurationError, Abort) as exc:
        raise SiteError(f"{config_file}: MkDocs cannot read this configuration: {exc}") from exc
    plugin = config.plugins.get("explainer")
    options = getattr(plugin, "config", None)
    if not isinstance(options, ExplainerConfig):
        raise SiteError(f"{config_file}: the `explainer` plugin is not enabled (add it under `plugins:`)")
    return SiteInfo(
        root=root,
        config=config,
        annotations_dir=root / options.annotations,
        docs_dir=Path(config.docs_dir),
        options=options,
    )
