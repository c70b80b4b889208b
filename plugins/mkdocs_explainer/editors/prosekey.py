"""What the check's steps across entries and articles read, as one digest: same digest, same answer.

Rendering the articles, the names no entry covers, names that overlap or differ only in capitals,
entries no article mentions, generated pages at another page's path and shared Wikidata ids cost
~8 s at 100,000 entries, and most edits (a summary, a date, a source) change nothing they read.
They read, of each entry, its id, whether it is a person or a term, its names and where they were
written, its picture's file and its Wikidata id (not its kind, date or sort key); besides that,
the notes, the articles' Markdown files, the other files' names in docs_dir, the site's settings,
the names that need no entry and which files have errors. `prose_key` digests exactly these;
`explainer check` keeps the answer under it (`CheckCache.prose`) and works it out again when the
digest differs.

Where the articles' rendering could read anything else (a Markdown extension not known to read
only the page, such as `pymdownx.snippets` or one of the site's own, or an `INHERIT`ed config),
there is no key and the steps run every time.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable

from ..core.model import Entry, Registry
from ..mkdocs_adapter.pagesource import content_files
from ..mkdocs_adapter.sitecfg import SiteInfo
from .coverage import read_no_entry

_SAFE_EXTENSIONS = frozenset(
    {
        "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code", "footnotes",
        "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc",
        "wikilinks",
    }
)  # fmt: skip
"""Python-Markdown's own extensions (by their short names): each reads only the page it renders."""
_SAFE_PREFIXES = ("markdown.extensions.", "pymdownx.", "material.")
_READS_FILES = ("pymdownx.snippets", "markdown_include", "mdx_include")


def _extensions_read_only_the_page(names: Iterable[object]) -> bool:
    for name in names:
        if not isinstance(name, str) or name.startswith(_READS_FILES):
            return False
        if name not in _SAFE_EXTENSIONS and not name.startswith(_SAFE_PREFIXES):
            return False
    return True


def entry_reach(e: Entry) -> tuple[object, ...]:
    """What the steps across entries and articles read of one entry: the rest of it (summary, body,
    sources, links, dates of review) reaches no other file's result."""
    image = None if e.image is None else e.image.src
    # Not its kind, date or sort key: they place it in the indexes and the timeline, which no step
    # checks (an editor fixing an event's date is answered by a replay, not the whole check).
    return (e.id, e.type, e.name, e.aliases, e.match_case, e.source_path, e.name_locs, image, e.image_loc,
            e.wikidata, e.wikidata_loc)  # fmt: skip


def site_part(site: SiteInfo) -> list[object] | None:
    """What the steps across entries and articles read of the site's settings, or None if the
    articles' rendering could read other files (see the module's docstring)."""
    config = site.config
    config_file = config.config_file_path
    try:
        config_bytes = open(config_file, "rb").read() if config_file else b""  # noqa: SIM115
    except OSError:
        return None
    if b"INHERIT" in config_bytes or not _extensions_read_only_the_page(config.markdown_extensions):
        return None
    return [
        config_bytes,
        (config.markdown_extensions, config.mdx_configs, config.use_directory_urls, str(site.docs_dir)),
        sorted((str(k), repr(v)) for k, v in site.options.items()),
    ]


def prose_key(site: SiteInfo, registry: Registry, failed: Iterable[str], skip_ids: Iterable[str]) -> str | None:
    """The digest of everything the steps across entries and articles read, or None if that cannot
    be told (see the module's docstring)."""
    settings = site_part(site)
    if settings is None:
        return None
    h = hashlib.blake2b(digest_size=16)

    def add(value: object) -> None:
        h.update(repr(value).encode("utf-8", "surrogatepass") + b"\0")

    for value in settings:
        add(value)
    for e in registry.entries.values():
        add(entry_reach(e))
    add(sorted(registry.notes.items()))
    add((sorted(failed), sorted(skip_ids), sorted(read_no_entry(site.annotations_dir))))
    if site.docs_dir.is_dir():
        for file in sorted(content_files(site), key=lambda f: f.src_uri):
            add(file.src_uri)
            if file.is_documentation_page():
                path = os.path.join(site.docs_dir, file.src_uri)
                try:
                    with open(path, "rb") as fh:
                        h.update(hashlib.blake2b(fh.read(), digest_size=16).digest())
                except OSError:
                    return None
                add(site.rel(site.docs_dir / file.src_uri))  # A link may lead elsewhere with the same text.
    return h.hexdigest()
