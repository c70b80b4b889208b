"""Sites built once per language (mkdocs-static-i18n): the folder this build's generated pages go in.

mkdocs-static-i18n builds the default language into `site_dir` and every other language into
`site_dir/<locale>/`, running each plugin's hooks again on the same config. The plugin's pages
(entries, indexes, timeline) follow the articles: each language gets its own, listing the
articles of that language's site and linked from them, so that a reader never leaves the
language they are reading in. Entry images are shared: one copy, wherever the languages are.

i18n learns of the generated pages too (`register`): its sitemap lists them with their twins in the
other languages, and Material's language switcher on one leads to the same page in the other
language rather than to that language's home page.

`explainer check` builds nothing, so it cannot see the language builds: `language_neutral` puts each
page where its language's build writes it, less that language's folder, which is where the same
language's generated pages are checked against.

The i18n plugin is found by its module rather than by the name under `plugins:`, which a site may
spell with a namespace; only its `current_language` and `default_language` are read.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

I18N_MODULE = "mkdocs_static_i18n"


def _i18n(config: MkDocsConfig) -> Any:
    for plugin in config.plugins.values():
        if type(plugin).__module__.split(".")[0] == I18N_MODULE:
            return plugin
    return None


def active(config: MkDocsConfig) -> bool:
    """True when mkdocs-static-i18n builds the site (once per language)."""
    return _i18n(config) is not None


def language_folder(config: MkDocsConfig) -> str:
    """`fr` while mkdocs-static-i18n builds its `fr` site; "" for the default language or no i18n."""
    plugin = _i18n(config)
    if plugin is not None:
        current = getattr(plugin, "current_language", None)
        default = getattr(plugin, "default_language", None)
        if isinstance(current, str) and current and current != default:
            return current
    return ""


def language_neutral(config: MkDocsConfig, files: Iterable[File]) -> list[File]:
    """The pages of docs_dir, each at its path in its language's site (`index.fr.md` and `fr/index.md`
    at `index.html`), as the generated pages of that language would meet them; as-is without i18n."""
    plugin = _i18n(config)
    pages = [f for f in files if f.is_documentation_page()]
    if plugin is None:
        return pages
    try:
        locales = {str(lang.locale) for lang in plugin.config.languages}
        folders = plugin.config.docs_structure == "folder"
    except AttributeError:  # Another version of the plugin: check the pages as they stand.
        return pages
    out = []
    for file in pages:
        parts = file.src_uri.split("/")
        if folders and len(parts) > 1 and parts[0] in locales:
            neutral = "/".join(parts[1:])
        else:
            stem, ext = posixpath.splitext(file.src_uri)
            base, dot, locale = stem.rpartition(".")
            neutral = base + ext if dot and locale in locales else file.src_uri
        dest = File(neutral, None, "", config.use_directory_urls).dest_uri
        out.append(File(file.src_uri, file.src_dir, file.dest_dir, config.use_directory_urls, dest_uri=dest))
    return out


def relocate(file: File, folder: str) -> File:
    """The generated `file`, written under `folder` (before anything has read its URL)."""
    if folder:
        file.dest_uri = f"{folder}/{file.dest_uri}"
        # `url` and `abs_dest_path` are computed from `dest_uri` when first read; drop any early read.
        for derived in ("url", "abs_dest_path"):
            file.__dict__.pop(derived, None)
    return file


def register(config: MkDocsConfig, pages: list[File]) -> None:
    """Give this language's generated `pages` the alternates i18n gives the site's own pages."""
    plugin = _i18n(config)
    if plugin is None:
        return
    try:
        current, default = str(plugin.current_language), str(plugin.default_language)
        languages = [str(lang) for lang in plugin.build_languages]
        per_language = plugin.i18n_files_per_language
    except AttributeError:  # Another version of the plugin: the pages are still written, only not listed.
        return
    for file in pages:
        alternates = {}
        for lang in languages:
            twin = File(file.src_uri, None, config.site_dir, config.use_directory_urls)
            alternates[lang] = file if lang == current else relocate(twin, "" if lang == default else lang)
        # The attributes i18n sets on the files it places (its sitemap and page context read them).
        vars(file).update(
            alternates=alternates,
            locale=current,
            locale_alternate_of=current,
            localization=None,
            norm_src_uri=file.src_uri,
        )
    per_language[current] = [*per_language.get(current, []), *pages]
