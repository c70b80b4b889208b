"""Sites built once per language (mkdocs-static-i18n): the folder this build's generated pages go in.

mkdocs-static-i18n builds the default language into `site_dir` and every other language into
`site_dir/<locale>/`, running each plugin's hooks again on the same config. The plugin's pages
(entries, indexes, timeline) follow the articles: each language gets its own, listing the
articles of that language's site and linked from them, so that a reader never leaves the
language they are reading in. Entry images are shared: one copy, wherever the languages are.

The i18n plugin is found by its module rather than by the name under `plugins:`, which a site may
spell with a namespace; only its `current_language` and `default_language` are read.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

I18N_MODULE = "mkdocs_static_i18n"


def language_folder(config: MkDocsConfig) -> str:
    """`fr` while mkdocs-static-i18n builds its `fr` site; "" for the default language or no i18n."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.split(".")[0] != I18N_MODULE:
            continue
        current = getattr(plugin, "current_language", None)
        default = getattr(plugin, "default_language", None)
        if isinstance(current, str) and current and current != default:
            return current
    return ""


def relocate(file: File, folder: str) -> File:
    """The generated `file`, written under `folder` (before anything has read its URL)."""
    if folder:
        file.dest_uri = f"{folder}/{file.dest_uri}"
        # `url` and `abs_dest_path` are computed from `dest_uri` when first read; drop any early read.
        for derived in ("url", "abs_dest_path"):
            file.__dict__.pop(derived, None)
    return file
