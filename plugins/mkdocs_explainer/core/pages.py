"""The pages the plugin generates (entries, indexes, timeline) and the HTML fragments it renders.

Fragments come from Jinja templates under `templates/explainer/`, looked up after the theme's
own folders, so a site overrides any of them from its `custom_dir`. Autoescape is on: every
editor string is escaped unless it went through `render.markdown` first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from . import ids, render
from .labels import Labels
from .model import Entry, Registry

TEMPLATES_DIR = Path(__file__).parent.parent / "templates"
MEDIA_DIR = "assets/explainer/media"


@dataclass(frozen=True, slots=True)
class Generated:
    """What one generated page shows: an entry, an index of people or terms, or the timeline."""

    what: str  # "entry" | "people" | "glossary" | "timeline"
    entry_id: str | None = None


@dataclass(frozen=True, slots=True)
class Backlink:
    url: str
    title: str
    sentence: str


def make_env(theme_dirs: Iterable[str], labels: Labels | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*theme_dirs, str(TEMPLATES_DIR)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )
    env.filters["xp_markdown"] = lambda text: Markup(render.markdown(text))
    labels = labels if labels is not None else Labels()
    env.filters["xp_date"] = labels.date
    env.globals["xp_labels"] = labels
    env.globals["xp_id"] = ids
    return env


def entry_src_uri(entry: Entry, people_dir: str, glossary_dir: str) -> str:
    folder = people_dir if entry.type == "person" else glossary_dir
    return f"{folder.strip('/')}/{entry.id}.md".lstrip("/")


def index_uri(folder: str) -> str:
    """The index page of a folder of entries."""
    return f"{folder.strip('/')}/index.md".lstrip("/")


def media_uri(entry: Entry) -> str:
    assert entry.image is not None
    return f"{MEDIA_DIR}/{entry.id}{Path(entry.image.src).suffix.lower()}"


def _front_matter(title: str) -> str:
    # JSON is valid YAML, and escaping keeps editor text from breaking the page's <title>.
    return f"---\ntitle: {json.dumps(str(escape(title)))}\n---\n\n"


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One file the plugin adds to the site: a page (its front matter) or an entry's image (its source)."""

    what: Generated
    content: str | None = None
    """The page's source: front matter with its title, the body being written in later."""
    source_path: Path | None = None
    """The image file to copy."""
    in_nav: bool = False


def generated_pages(
    registry: Registry,
    root: Path,
    people_dir: str,
    glossary_dir: str,
    timeline: str,
    labels: Labels | None = None,
) -> dict[str, PageSpec]:
    """The files to add to the site, keyed by their path inside docs_dir.

    Two pages at one path keep the last: `pathclash.path_clashes` stops the build before that."""
    out: dict[str, PageSpec] = {}
    labels = labels if labels is not None else Labels()

    def add(uri: str, title: str, what: Generated, in_nav: bool) -> None:
        out[uri] = PageSpec(what, content=_front_matter(title), in_nav=in_nav)

    add(index_uri(people_dir), labels["people"], Generated("people"), True)
    add(index_uri(glossary_dir), labels["glossary"], Generated("glossary"), True)
    if timeline and registry.events():
        # Only with dated events: a new site does not get an empty "Timeline" in its navigation.
        add(timeline, labels["timeline"], Generated("timeline"), True)
    for entry in registry.entries.values():
        uri = entry_src_uri(entry, people_dir, glossary_dir)
        add(uri, entry.title, Generated("entry", entry.id), False)
        if entry.image is not None and not entry.image.remote:
            out[media_uri(entry)] = PageSpec(Generated("media", entry.id), source_path=root / entry.image.src)
    return out


class Renderer:
    """Renders the fragments; URLs it is given are already relative to the page being built."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env

    def _render(self, name: str, **context: Any) -> str:
        return self.env.get_template(f"explainer/{name}").render(**context)

    def cards(self, cards: list[dict[str, Any]]) -> str:
        return self._render("cards.html", cards=cards) if cards else ""

    def passage_cards(self, passages: list[tuple[int, Any]]) -> str:
        """Previews of links to article mentions: (number, `previews.PassageTarget`) pairs."""
        return self._render("passage_cards.html", passages=passages) if passages else ""

    def endnotes(self, title: str, notes: list[Any]) -> str:
        return self._render("endnotes.html", title=title, notes=notes) if notes else ""

    def entry(self, view: Any) -> str:
        """An entry page's content from its `entrypage.EntryView`."""
        return self._render(
            "entry.html", view=view, entry=view.entry, image_url=view.image_url, backlinks=view.backlinks
        )

    def index(self, section: str, groups: list[tuple[str, list[tuple[Entry, str]]]]) -> str:
        return self._render("index.html", section=section, groups=groups)

    def timeline(self, events: list[tuple[Entry, str]]) -> str:
        return self._render("timeline.html", events=events)

    def dateline(self, meta: Any) -> str:
        return self._render("dateline.html", meta=meta)

    def article_sources(self, title: str, sources: Iterable[Any]) -> str:
        return self._render("sources.html", title=title, sources=list(sources))


def family_name(entry: Entry) -> str:
    """What a person is filed under: `sort:` where the editor set it (family name first, as in
    Xi Jinping), else the last word of the name (Vladimir Putin under P)."""
    return entry.sort or (entry.name.split() or [entry.name])[-1]


def people_groups(people: list[Entry], url: Any) -> list[tuple[str, list[tuple[Entry, str]]]]:
    """People A–Z by family name (see `family_name`), names shown as written."""
    keyed = sorted(people, key=lambda e: (family_name(e).casefold(), e.name.casefold(), e.id))
    groups: dict[str, list[tuple[Entry, str]]] = {}
    for entry in keyed:
        letter = family_name(entry)[:1].upper()
        groups.setdefault(letter if letter.isalpha() else "#", []).append((entry, url(entry)))
    return list(groups.items())


def term_groups(
    terms: list[Entry], url: Any, labels: Labels | None = None
) -> list[tuple[str, list[tuple[Entry, str]]]]:
    """Glossary grouped by kind (in the schema's order), A–Z inside each kind."""
    from .schema import TERM_KINDS

    labels = labels if labels is not None else Labels()
    groups = []
    for kind in TERM_KINDS:
        items = [(e, url(e)) for e in terms if e.kind == kind]
        if items:
            groups.append((labels[f"group_{kind}"], items))
    return groups
