"""Pages that would land on each other: generated pages, and pages of content/, at one output path.

MkDocs writes one file per output path, so of two pages at the same path one is lost without a
word. Paths are compared as the engine writes them (its `dest` rule, from the adapter), so `people/kyiv.md` and
`people/kyiv/index.md` meet under directory URLs and not without them. The plugin's folder
options are checked first: folders that are the same or nested, or a timeline inside one of them.
Each error names both sides, with the file and line (or the mkdocs.yml option) of each.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

import yaml

from .diagnostics import Diagnostic, error
from .model import Registry
from .pages import entry_src_uri, index_uri, media_uri

PLUGIN_NAME = "explainer"
INDEXES = {"people_dir": "the People index", "glossary_dir": "the Glossary index", "timeline": "the timeline"}


@dataclass(frozen=True, slots=True)
class Owner:
    """Who asks for a generated page: how a message names it, and where an error about it goes."""

    label: str
    path: str
    line: int = 1
    col: int = 1
    fix: str = "rename the entry's file (its name is the entry's id)"

    @property
    def at(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Options:
    people_dir: str
    glossary_dir: str
    timeline: str
    config_file: str
    """mkdocs.yml, as messages name it (relative to the site's folder)."""
    locations: dict[str, tuple[int, int]]
    """Option name → where mkdocs.yml sets it; "" → where the plugin is listed."""

    def owner(self, option: str) -> Owner:
        value = getattr(self, option)
        line, col = self.locations.get(option) or self.locations.get("") or (1, 1)
        written = "" if option in self.locations else ", the default"
        fix = f"set the plugin's `{option}` option in {self.config_file} to another path"
        return Owner(f"{INDEXES[option]} (`{option}: {value}`{written})", self.config_file, line, col, fix)


def option_locations(config_text: str) -> dict[str, tuple[int, int]]:
    """Where mkdocs.yml lists the plugin (key "") and sets each of its options (1-based)."""
    try:
        root = yaml.compose(config_text, Loader=yaml.SafeLoader)  # Nodes only: MkDocs' tags need no code.
    except yaml.YAMLError:
        return {}
    plugins = _get(root, "plugins")
    entries: list[yaml.Node] = []
    if isinstance(plugins, yaml.SequenceNode):
        entries = list(plugins.value)
    elif isinstance(plugins, yaml.MappingNode):
        entries = [plugins]
    for item in entries:
        if isinstance(item, yaml.ScalarNode) and item.value == PLUGIN_NAME:
            return {"": _loc(item)}
        for key, value in item.value if isinstance(item, yaml.MappingNode) else ():
            if isinstance(key, yaml.ScalarNode) and key.value == PLUGIN_NAME:
                out = {"": _loc(key)}
                if isinstance(value, yaml.MappingNode):
                    out.update((k.value, _loc(v)) for k, v in value.value if isinstance(k, yaml.ScalarNode))
                return out
    return {}


def _get(node: yaml.Node | None, name: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == name:
                return value  # type: ignore[no-any-return]
    return None


def _loc(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


Dest = Callable[[str], str]
"""A path in docs_dir → the path the engine writes it to (`people/kyiv.md` → `people/kyiv/index.html`)."""


class SiteFile(Protocol):
    """A file of content/ as the engine lists it (MkDocs' `File` is one)."""

    @property
    def src_uri(self) -> str: ...
    @property
    def dest_uri(self) -> str: ...


def option_clashes(options: Options, dest: Dest) -> list[Diagnostic]:
    """The folder options that are the same folder, nested, or hold the timeline."""
    folders = {
        name: posixpath.dirname(dest(index_uri(getattr(options, name))))
        for name in ("people_dir", "glossary_dir")
    }
    out: list[Diagnostic] = []
    people, glossary = options.owner("people_dir"), options.owner("glossary_dir")
    a, b = folders["people_dir"], folders["glossary_dir"]
    if a == b:
        what = f"is the same folder as {people.label} at {people.at}, so one index would replace the other"
        out.append(_clash(glossary, what, "give each its own folder"))
    elif _inside(a, b) or _inside(b, a):
        what = f"and {people.label} at {people.at} are folders one inside the other, where pages can meet"
        out.append(_clash(glossary, what, _APART))
    if options.timeline:
        timeline = options.owner("timeline")
        timeline_dest = dest(options.timeline)
        for name, folder in folders.items():
            if _inside(timeline_dest, folder):
                where = options.owner(name)
                what = f"lies in the folder of {where.label} at {where.at}, where it can replace a page"
                out.append(_clash(timeline, what, _APART))
    return out


_APART = "use folders side by side (e.g. `people`, `glossary`, `timeline.md`)"


def _inside(path: str, folder: str) -> bool:
    return not folder or path.startswith(folder + "/")


def _clash(owner: Owner, what: str, fix: str) -> Diagnostic:
    return error(owner.path, owner.line, owner.col, f"{owner.label} {what}; {fix}")


def generated_owners(registry: Registry, options: Options) -> list[tuple[str, Owner]]:
    """Every page the plugin generates (path in docs_dir) and who asks for it."""
    out = [(index_uri(options.people_dir), options.owner("people_dir"))]
    out.append((index_uri(options.glossary_dir), options.owner("glossary_dir")))
    if options.timeline:
        out.append((options.timeline, options.owner("timeline")))
    for entry in registry.entries.values():
        owner = Owner(f"the page of the entry `{entry.id}`", entry.source_path)
        out.append((entry_src_uri(entry, options.people_dir, options.glossary_dir), owner))
        if entry.image is not None and not entry.image.remote:
            image = Owner(f"the image of the entry `{entry.id}`", entry.source_path, *entry.image_loc)
            out.append((media_uri(entry), image))
    return out


def path_clashes(
    registry: Registry, options: Options, content: Iterable[SiteFile], docs: str, dest: Dest, folder: str = ""
) -> list[Diagnostic]:
    """Generated pages that land on each other or on a file of content/ (`docs`: its folder's name).

    `folder`: where this build writes its generated pages (a language's, with mkdocs-static-i18n)."""
    problems = option_clashes(options, dest)
    if problems:
        return problems  # Fix the folders first: every page in them would be reported again.
    taken: dict[str, Owner] = {}
    shared = {media_uri(e) for e in registry.entries.values() if e.image is not None}  # Images are not per language.
    for uri, owner in generated_owners(registry, options):
        where = dest(uri)
        where = f"{folder}/{where}" if folder and uri not in shared else where
        other = taken.setdefault(where, owner)
        if other is not owner:
            what = f"takes the path `{uri}` of {other.label} at {other.at}"
            problems.append(_clash(owner, what, owner.fix))
    for file in content:
        generated = taken.get(file.dest_uri)
        if generated is not None:
            message = (
                "this page has the path of a page the explainer plugin generates, "
                f"{generated.label} at {generated.at}, which would replace it; move this page or {generated.fix}"
            )
            problems.append(error(f"{docs}/{file.src_uri}", 1, 1, message))
    return problems
