"""Which engine runs the build: MkDocs 1.x, or ProperDocs (its maintained fork), and the loggers to use.

ProperDocs serves `import mkdocs...` from its own `properdocs` package, so the plugin's code is the same
for both; only the logger tree differs. ProperDocs' build counts `--strict` warnings on the `properdocs`
logger, and outside its command line (a build started from Python) the `mkdocs` logger is not wired
to it. Naming loggers after the package that really answers `import mkdocs` keeps warnings counted
and shown under either engine.
"""

from __future__ import annotations

import logging

import mkdocs

ROOT_LOGGER = mkdocs.__name__
"""'mkdocs', or 'properdocs' when ProperDocs stands in for the mkdocs package."""


def plugin_logger() -> logging.Logger:
    """The plugin's logger, under the engine's root logger (so `--strict` counts its warnings)."""
    return logging.getLogger(f"{ROOT_LOGGER}.plugins.explainer")
