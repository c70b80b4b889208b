"""The `explainer` plugin's options, as publishers write them in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as opt


class ExplainerConfig(base.Config):  # type: ignore[no-untyped-call]
    enabled = opt.Type(bool, default=True)
    """Switch the plugin off (`enabled: !ENV [EXPLAINER, true]`): it then does nothing at all."""

    annotations = opt.Type(str, default="annotations")
    """Folder of the editors' YAML files, relative to mkdocs.yml."""

    link = opt.Choice(("first", "all", "none"), default="first")
    """Which mentions to link on a page: the first of each entry, all of them, or none.
    A page overrides it with `explainer: {link: ...}` in its front matter."""

    people_dir = opt.Type(str, default="people")
    """Where entry pages for people are generated (`people/<id>/`)."""

    glossary_dir = opt.Type(str, default="glossary")
    """Where entry pages for glossary terms are generated (`glossary/<id>/`)."""

    timeline = opt.Type(str, default="timeline.md")
    """Path of the generated timeline of dated events; empty to generate none. The page is
    generated only when some glossary event has a `date`."""

    endnotes_title = opt.Type(str, default="")
    """Heading of the endnotes section at the end of an article with context notes; empty for the
    `context_notes` label in the site's language."""

    labels = opt.DictOfItems(opt.Type((str, dict)), default={})
    """Replacements for the words the plugin writes, by key (`read_more: Continue reading`); the rest
    follow `theme.language` (English, Ukrainian, Russian, French or German). Under a language code
    (`fr: {read_more: Lire la suite}`), for that language only. The keys are listed in the README."""

    max_image_bytes = opt.Type(int, default=5_000_000)
    """Largest entry image (`image.src`) the build copies into the site, in bytes; a larger one is
    an error, so that a mistaken 1 GB file never reaches the published site."""

    assets = opt.Type(bool, default=True)
    """Add the plugin's JavaScript and CSS (hover cards) to every page."""

    csp = opt.Type(bool, default=False)
    """Add a Content-Security-Policy `<meta>` to every page: scripts only from the site itself
    and the theme's inline scripts by hash (no 'unsafe-inline')."""

    staging = opt.Type(bool, default=True)
    """Build into a staging folder and swap it in at the end, so that a failed build
    leaves the previous site untouched (not with `--dirty`)."""

    sources_title = opt.Type(str, default="")
    """Heading of the section listing an article's `sources:` from its front matter (after the
    context notes, at the end of the article); empty for the `sources` label in the site's language."""

    warn_home_page_sources = opt.Type(bool, default=True)
    """`explainer check` warns about a source whose address is a site's home page (`/`, or only
    a language folder such as `/en/`): a home page supports no particular claim."""

    background_domains = opt.ListOfItems(opt.Type(str), default=["wikipedia.org"])
    """Sites good for background only (subdomains included): `explainer check` warns about an entry,
    note or article whose sources all come from them. An empty list turns the warning off."""

    structured_data = opt.Type(bool, default=True)
    """Add schema.org JSON-LD, built from the annotations, to the <head> of every page."""

    exports = opt.Type(bool, default=True)
    """Write `annotations.jsonld` (W3C Web Annotations: the site's, and one beside each annotated
    page) and `entries.json` (every entry, its identifiers and where it is mentioned)."""
