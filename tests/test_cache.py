"""Annotations are parsed once: rebuilds re-read only the files that changed (the loader's `reads`).

The first tests drive `AnnotationLoader` directly; the last ones build a real site twice in one
process the way `mkdocs serve` does (one `on_startup`, then a fresh config per rebuild, which
MkDocs gives the same plugin instance because the plugin defines `on_startup`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs_explainer.core.loader import AnnotationLoader
from mkdocs_explainer.mkdocs_adapter.plugin import ExplainerPlugin
from sitekit import Site

ARTICLE = "# Talks\n\nAnna Petrenko met Borys Lysenko in Vorenka. Vorenka Dam was not discussed.\n"


def populate(site: Site) -> None:
    site.person("anna-petrenko", "Anna Petrenko", ["Petrenko"], summary="First summary of Petrenko.")
    site.person("borys-lysenko", "Borys Lysenko", ["Lysenko"])
    site.term("vorenka", "Vorenka")
    site.term("vorenka-dam", "Vorenka Dam", ["the dam"])
    site.page("index.md", "# Home\n\nNothing here.\n")
    site.page("talks.md", ARTICLE)
    site.notes("talks.md", [{"id": "dam", "quote": "was not discussed"}])


def edit(path: Path, old: str, new: str) -> None:
    """Change a file as an editor would, and make sure its modification time moves on
    (file systems keep coarse timestamps; two writes in one tick may share one)."""
    before = path.stat().st_mtime_ns
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    if path.stat().st_mtime_ns <= before:
        os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def loader_for(site: Site) -> AnnotationLoader:
    return AnnotationLoader(site.root, site.root / "annotations", site.root / "docs")


# -- the loader --------------------------------------------------------------------------------


def test_second_load_reads_nothing(site: Site) -> None:
    populate(site)
    loader = loader_for(site)
    registry, diagnostics = loader.load()
    assert not diagnostics
    assert loader.reads == 5
    again, diagnostics = loader.load()
    assert not diagnostics
    assert loader.reads == 5
    assert again.entries == registry.entries and again.notes == registry.notes


def test_editing_one_file_rereads_that_file_only(site: Site) -> None:
    populate(site)
    loader = loader_for(site)
    loader.load()
    edit(site.root / "annotations/people/anna-petrenko.yml", "First summary", "Second summary")
    registry, diagnostics = loader.load()
    assert not diagnostics
    assert loader.reads == 6
    assert registry.entries["anna-petrenko"].summary == "Second summary of Petrenko."
    assert registry.entries["borys-lysenko"].name == "Borys Lysenko"


def test_touching_a_file_rereads_it(site: Site) -> None:
    """The cache is keyed by modification time and size: a save without changes costs one parse."""
    populate(site)
    loader = loader_for(site)
    loader.load()
    path = site.root / "annotations/glossary/vorenka.yml"
    stamp = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))
    loader.load()
    assert loader.reads == 6


def test_added_and_deleted_files(site: Site) -> None:
    populate(site)
    loader = loader_for(site)
    loader.load()
    (site.root / "annotations/glossary/vorenka-dam.yml").unlink()
    registry, diagnostics = loader.load()
    assert not diagnostics and "vorenka-dam" not in registry.entries
    assert loader.reads == 5
    site.term("kyiv", "Kyiv")
    registry, diagnostics = loader.load()
    assert not diagnostics and "kyiv" in registry.entries
    assert loader.reads == 6


def test_errors_of_cached_files_are_reported_on_every_load(site: Site) -> None:
    populate(site)
    site.write("annotations/glossary/broken.yml", "term: [unclosed\n")
    loader = loader_for(site)
    first = [d.text() for d in loader.load()[1]]
    second = [d.text() for d in loader.load()[1]]
    assert first and first == second
    assert loader.reads == 6


def test_checks_across_files_run_on_every_load(site: Site) -> None:
    """A name claimed twice is an error until one file changes; only that file is read again."""
    populate(site)
    path = site.person("other-petrenko", "Olena Petrenko", ["Petrenko"])
    loader = loader_for(site)
    first = loader.load()[1]
    assert any("Petrenko" in d.text() for d in first)
    assert loader.load()[1] == first
    edit(path, '"Petrenko"', '"Olena P."')
    registry, diagnostics = loader.load()
    assert not diagnostics and registry.entries["other-petrenko"].aliases == ("Olena P.",)
    assert loader.reads == 7


# -- rebuilds as under `mkdocs serve` ---------------------------------------------------------------


Rebuild = Callable[[], ExplainerPlugin]


@contextmanager
def serving(site: Site) -> Iterator[Rebuild]:
    """Start as `mkdocs serve` does; yields `rebuild()`, which builds as serve's builder does
    (the start-up config first, then a fresh config each time) and returns the plugin instance."""
    cwd = os.getcwd()
    os.chdir(site.root)
    startup = load_config(str(site.root / "mkdocs.yml"))
    startup.plugins.on_startup(command="serve", dirty=False)
    pending: list[MkDocsConfig] = [startup]

    def rebuild() -> ExplainerPlugin:
        config = pending.pop() if pending else load_config(str(site.root / "mkdocs.yml"))
        build(config)
        plugin = config.plugins["explainer"]
        assert isinstance(plugin, ExplainerPlugin)
        return plugin

    try:
        yield rebuild
    finally:
        startup.plugins.on_shutdown()
        os.chdir(cwd)


@pytest.fixture
def served(site: Site) -> Iterator[tuple[Site, Rebuild]]:
    populate(site)
    with serving(site) as rebuild:
        yield site, rebuild


def test_serve_rebuild_after_an_edit_parses_one_file(served: tuple[Site, Rebuild]) -> None:
    site, rebuild = served
    plugin = rebuild()
    assert plugin.loader is not None
    loader, reads = plugin.loader, plugin.loader.reads
    assert reads == 5
    assert "First summary of Petrenko." in site.html("talks/index.html")

    edit(site.root / "annotations/people/anna-petrenko.yml", "First summary", "Second summary")
    again = rebuild()
    assert again is plugin and again.loader is loader, "serve rebuilds must keep the plugin and its cache"
    assert loader.reads == reads + 1
    card = site.html("talks/index.html")
    assert "Second summary of Petrenko." in card and "First summary" not in card
    assert "Second summary of Petrenko." in site.html("people/anna-petrenko/index.html")


def test_serve_rebuild_without_edits_parses_nothing(served: tuple[Site, Rebuild]) -> None:
    site, rebuild = served
    plugin = rebuild()
    assert plugin.loader is not None
    reads = plugin.loader.reads
    before = site.html("talks/index.html")
    site.page("talks.md", ARTICLE + "\nA new paragraph about Lysenko.\n")  # an article edit, no annotation edit
    again = rebuild()
    assert again.loader is not None and again.loader.reads == reads
    after = site.html("talks/index.html")
    assert after != before and "A new paragraph about" in after


def test_serve_rebuild_after_a_note_edit(served: tuple[Site, Rebuild]) -> None:
    site, rebuild = served
    plugin = rebuild()
    assert plugin.loader is not None
    reads = plugin.loader.reads
    edit(site.root / "annotations/notes/talks.yml", "Body of note dam.", "The dam was left for later.")
    rebuild()
    assert plugin.loader.reads == reads + 1
    assert "The dam was left for later." in site.html("talks/index.html")
