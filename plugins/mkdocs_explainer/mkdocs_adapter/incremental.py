"""Incremental rebuilds: which pages a rebuild must render and write again; the rest kept as built.

MkDocs' `--dirty` mode asks each file `is_modified()` (by modification times) twice: before
rendering a page's Markdown and before writing it, and skips the page when the answer is no.
Times cannot see that an annotation edit changes a card or an entry page, so the plugin answers
instead, from what each page was built from last time:

* Render (Markdown → HTML): the page's source, the site's configuration, its context notes, the
  entries its linking read, every name search the linker ran on its text (searched again with the
  new names: if each search finds the same, linking does the same), every file lookup its
  links made (a link to a page that appeared or went away), and, for its own links to entry
  pages, which entry each target's page belonged to.
* Generated pages (entry pages, indexes, timeline) are made in `on_env`, once every article is
  rendered or restored: their content is kept when the exact data the template gets (an entry
  page's `EntryView`: its linked text, mentions, related entries) and the answers their link
  marking got (is this link an entry page, which one; is it a mention with a passage card) are
  the same as last time.
* Write (HTML page): the rendered content, the navigation (titles and URLs of every page), and
  what the plugin adds when the page is written, as a fingerprint: its cards (each entry as it is
  now, its address and image), its passage cards (each mention's article title, section and
  paragraph as the article reads now), its JSON-LD, the fragments dropped on entry pages.

A page not rendered gets back its state from the last build (Markdown, meta, title, content, table
of contents), so the navigation, other pages and the plugin see it as if it had been rendered.
A page not written is taken from the published site: the build writes into an empty staging
folder (staging.py), and once it is complete, every file the build kept is hard-linked from the
published site into it before the swap. So the published site is never written to, a file that
belongs to no source any more (a deleted article or entry) is simply not carried over, and a
failed build leaves the published site as it was (and makes the next build a full one).

Under `mkdocs serve` an incremental rebuild publishes more cheaply (`publish`): the files it wrote
into the staging folder are moved into the published site one by one, and the published files it
neither wrote nor kept are deleted, from the list of the published site's files kept since the
last full build; linking 2,500 kept files into a new folder and deleting the old one cost more
than the rest of a rebuild. A failed rebuild still leaves the published site as it was; only a
process killed while moving leaves a mixed preview, which its next start (a full build) replaces.
`mkdocs build` always swaps a whole new site in.

What a skipped page was built from lives in this process's memory, so the saving applies to the
rebuilds of one `mkdocs serve`; a separate `mkdocs build --dirty` starts with no memory and writes
every page (correct, not faster). Plugins the plugin does not know can change pages in ways it
cannot see: with any of them configured, every page is rebuilt.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import shutil
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from ..core import entrylinks
from ..core.entrylinks import LinkedText
from ..core.matcher import Match, Matcher
from ..core.memo import digest as text_digest
from ..core.memo import fingerprint as digest
from ..core.model import Entry
from . import staging
from .engine import ROOT_LOGGER

KNOWN_PLUGINS = frozenset({"explainer", "search", "material/search"})
"""Plugins whose effect on a page is known: the search index is kept in page order here."""

BUILD_LOGGER = f"{ROOT_LOGGER}.commands.build"
_VERSIONED = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "mkdocs-explainer")


@dataclass
class RenderDeps:
    """What one page's Markdown render read, besides the site-wide configuration."""

    source: str = ""
    notes: str = ""
    surfaces: str = ""
    finds: list[tuple[str, list[Match]]] = field(default_factory=list)
    entries: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    """Entry id → the fields the linker read, and their fingerprint."""
    reads: dict[str, set[str]] = field(default_factory=dict)
    """While the page renders: entry id → fields read so far."""
    lookups: dict[str, str | None] = field(default_factory=dict)
    """Path looked up in the site's files → the URL found (None: not there)."""
    generated: str = ""
    """For a page whose content the plugin makes: fingerprint of what it was made from."""
    marks: dict[str, object] = field(default_factory=dict)
    """Link target (site key) → the entry whose page it is (None: none), as marking its hand links found."""


@dataclass
class Snapshot:
    """A page as its last build left it: enough to stand in for a render, and to decide the next one."""

    markdown: str | None
    meta: dict[str, Any]
    title_from_render: str | None
    content: str | None
    toc: Any
    present_anchor_ids: set[str] | None
    content_fp: str
    render: RenderDeps
    global_fp: str
    page_key: object = None
    """What the page was written from besides its cards (the site, navigation, content, address
    and what the plugin adds): kept as it is and compared, cheaper than a digest of it."""
    cards_key: object = None
    """What its cards were made from: when only they changed, they can be patched."""
    block: tuple[bytes, int, int] | None = None
    """Fingerprint, length and leading white space of the card block in the published page (None:
    none to patch)."""
    search: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class BuildStats:
    """What the last build did: read by tests and the benchmark."""

    incremental: bool = False
    rendered: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    patched: list[str] = field(default_factory=list)
    """Pages (among `written`) whose published copy only had its card block replaced."""
    kept: int = 0
    reason: str = ""


class RecordingMatcher(Matcher):
    """The site's matcher, remembering each search and what it found (for one page's render)."""

    def __init__(self, inner: Matcher, log: list[tuple[str, list[Match]]]) -> None:
        self.inner, self.log = inner, log

    def find(self, text: str) -> list[Match]:
        found = self.inner.find(text)
        self.log.append((text, found))
        return found


class ReadEntry:
    """An entry as the linker sees it, noting which of its fields it read."""

    __slots__ = ("_entry", "_read")

    def __init__(self, entry: Entry, read: set[str]) -> None:
        object.__setattr__(self, "_entry", entry)
        object.__setattr__(self, "_read", read)

    def __getattr__(self, name: str) -> Any:
        self._read.add(name)
        return getattr(self._entry, name)


class RecordingEntries(dict[str, Entry]):
    """The registry's entries for one page's linker, noting which fields of which entries it read:
    a summary edit changes the cards (written with the page), not the linking (its render)."""

    def __init__(self, entries: dict[str, Entry], read: dict[str, set[str]]) -> None:
        super().__init__(entries)
        self.read = read

    def __getitem__(self, key: str) -> Entry:
        return self._proxy(key, super().__getitem__(key))

    def get(self, key: str, default: Any = None) -> Any:
        found = super().get(key)
        if found is None:
            self.read.setdefault(key, set())
            return default
        return self._proxy(key, found)

    def _proxy(self, key: str, entry: Entry) -> Entry:
        return ReadEntry(entry, self.read.setdefault(key, set()))  # type: ignore[return-value]


class RecordingMap(Mapping[str, str]):
    """A read-only map that notes each key asked for and the answer, as (kind, key, answer)."""

    def __init__(self, inner: Mapping[str, str], kind: str, log: list[tuple[str, str, object]]) -> None:
        self.inner, self.kind, self.log = inner, kind, log

    def __getitem__(self, key: str) -> str:
        return self.inner[key]

    def get(self, key: str, default: Any = None) -> Any:
        found = self.inner.get(key)
        self.log.append((self.kind, key, found))
        return default if found is None else found

    def __iter__(self) -> Iterator[str]:
        return iter(self.inner)

    def __len__(self) -> int:
        return len(self.inner)


class RecordingKeys(Collection[str]):
    """A read-only set of keys that notes each membership test and the answer, as (kind, key, answer)."""

    def __init__(self, inner: Collection[str], kind: str, log: list[tuple[str, str, object]]) -> None:
        self.inner, self.kind, self.log = inner, kind, log

    def __contains__(self, key: object) -> bool:
        found = key in self.inner
        self.log.append((self.kind, str(key), found))
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.inner)

    def __len__(self) -> int:
        return len(self.inner)


class Memo:
    """Per key, the last inputs and what was computed from them: the same again while the inputs
    are equal (kept across the rebuilds of one server, so a rebuild redoes only what changed)."""

    def __init__(self) -> None:
        self.store: dict[str, tuple[object, Any]] = {}

    def get(self, key: str, compute: Callable[..., Any], *inputs: object) -> Any:
        """`compute(*inputs)`, or what it gave last time for `key` if the inputs are equal."""
        old = self.store.get(key)
        if old is not None and old[0] == inputs:
            return old[1]
        value = compute(*inputs)
        self.store[key] = (inputs, value)
        return value

    def keep(self, keys: Collection[str]) -> None:
        """Forget the keys not in `keys` (pages that went away)."""
        self.store = {k: v for k, v in self.store.items() if k in keys}


@dataclass
class _Linked:
    """One entry's linked text, and what linking it read."""

    entry: Entry
    finds: list[tuple[str, list[Match]]]
    fields: dict[str, tuple[tuple[str, ...], str]]
    hrefs: dict[str, str]
    surfaces: str
    text: LinkedText


class LinkedTexts:
    """Every entry's summary and body linked to the other entries (`entrypage.link_entries`), each
    linked again only when what its linking read changed: the entry, the fields of the entries it
    looked up, the names it searched for (searched again under new names), the addresses it linked."""

    def __init__(self) -> None:
        self.store: dict[str, _Linked] = {}

    def link_all(
        self, entries: dict[str, Entry], matcher: Matcher, href: Callable[[Entry, Entry], str], tracker: Tracker
    ) -> dict[str, LinkedText]:
        store: dict[str, _Linked] = {}
        surfaces = tracker.surfaces_fp
        for entry in entries.values():
            old = self.store.get(entry.id)
            if old is None or not self._same(old, entry, entries, href, tracker):
                old = self._link(entry, entries, matcher, href, surfaces)
            store[entry.id] = old
        self.store = store
        return {entry_id: linked.text for entry_id, linked in store.items()}

    @staticmethod
    def _link(
        entry: Entry, entries: dict[str, Entry], matcher: Matcher, href: Callable[[Entry, Entry], str], surfaces: str
    ) -> _Linked:
        finds: list[tuple[str, list[Match]]] = []
        reads: dict[str, set[str]] = {}
        hrefs: dict[str, str] = {}

        def href_for(target: Entry) -> str:
            hrefs[target.id] = found = href(entry, target)
            return found

        recording = RecordingEntries(entries, reads)
        text = entrylinks.link_entry(entry, recording, RecordingMatcher(matcher, finds), href_for)
        fields = {i: (tuple(sorted(names)), fields_fp(entries.get(i), names)) for i, names in reads.items()}
        return _Linked(entry, finds, fields, hrefs, surfaces, text)

    @staticmethod
    def _same(
        old: _Linked, entry: Entry, entries: dict[str, Entry], href: Callable[[Entry, Entry], str], tracker: Tracker
    ) -> bool:
        if old.entry != entry:
            return False
        if any(fields_fp(entries.get(i), names) != fp for i, (names, fp) in old.fields.items()):
            return False
        if any(t not in entries or href(entry, entries[t]) != h for t, h in old.hrefs.items()):
            return False
        if old.surfaces != tracker.surfaces_fp:
            if tracker.finds_changed(old.surfaces, old.finds):
                return False
            old.surfaces = tracker.surfaces_fp
        return True


CARDS_START = '<aside class="xp-cards" hidden data-search-exclude>'
"""How a page's card block begins (templates/explainer/cards.html)."""


def patchable(block: str) -> bool:
    """A card block that can replace another in a written page: one that begins as card blocks do,
    with no script (the page's policy hashes its inline scripts, and would have to change)."""
    return block.lstrip().startswith(CARDS_START) and "<script" not in block.lower()


def _block_fp(block: str) -> tuple[bytes, int, int]:
    # By its characters (`memo.digest`): a card block is ~20 kB of text, and a patch compares one per page.
    return text_digest(block), len(block), len(block) - len(block.lstrip())


def fields_fp(entry: Entry | None, names: Iterable[str]) -> str:
    """Fingerprint of the named fields of an entry (of its absence, if None)."""
    return digest(None) if entry is None else digest([(n, getattr(entry, n)) for n in sorted(names)])


class Tracker:
    """Kept by the plugin across the builds of one process."""

    def __init__(self) -> None:
        self.state: dict[str, Snapshot] = {}
        """src_uri → snapshot, as of the last build that completed."""
        self.static: dict[str, str] = {}
        """dest_uri → signature of the static file copied there by the last build that completed."""
        self.stats = BuildStats()
        self.names: tuple[str, frozenset[tuple[str, str, bool]]] | None = None
        """The names (surfaces) of the last build that completed, and their fingerprint."""
        self.sources: dict[str, tuple[tuple[int, int], str]] = {}
        """Page source file → its modification time and size, and the fingerprint of its
        text: read again only when they change (as the loader does annotation files)."""
        self.site_files: tuple[Path, set[str]] | None = None
        """Under `mkdocs serve`: the published site's folder and every file in it (None: not known)."""
        self.templates_fp: str | None = None
        """What the theme's static templates (404.html, sitemap.xml) were made of, last build."""
        self._entry_fps: dict[str, tuple[Entry, str]] = {}
        """Entry id → the entry of the last build and its fingerprint."""
        self._reset()

    def _reset(self) -> None:
        self.on = False
        self.published: Path | None = None
        self.phase = "render"
        self.global_fp = ""
        self.nav_fp = ""
        self.surfaces_fp = ""
        self.entry_fps: dict[str, str] = {}
        self.entries: dict[str, Entry] = {}
        self.matcher: Matcher | None = None
        self.delta: Matcher | None = None
        """A matcher of the names added or removed since the last build (None: unknown)."""
        self.new_names: tuple[str, frozenset[tuple[str, str, bool]]] | None = None
        self.notes: Mapping[str, object] = {}
        self.next: dict[str, Snapshot] = {}
        self.next_static: dict[str, str] = {}
        self.fresh: dict[str, RenderDeps] = {}
        """Pages rendered in this build → what the render read."""
        self.current: RenderDeps | None = None
        self.lookup: Callable[[str], File | None] | None = None
        self.entry_keys: Mapping[str, str] = {}
        self.write_extra: Callable[[Page], tuple[object, object]] = lambda page: (None, None)
        """What the plugin adds to a page as it writes it: (the rest, its card block's data)."""
        self.card_block: Callable[[Page], str] = lambda page: ""
        """A page's card block as the plugin writes it now, for a page whose cards alone changed."""
        self.site_dir: Path | None = None
        self.next_templates_fp: str | None = None
        self._fields: dict[tuple[str, tuple[str, ...]], str] = {}
        self.listed: set[str] | None = None
        """The published site's files, when known and its folder is there (`site_files`)."""
        self.also_kept: list[str] = []
        """Files besides pages and static files that this build kept from the published site (exports)."""
        self.considered: list[File] = []
        self.rendered: set[str] = set()

    # -- a build's set-up --------------------------------------------------------------------

    def begin(
        self, config: MkDocsConfig, wanted: bool, published: Path | None, entries: Iterable[Entry], matcher: Matcher,
        surfaces: Iterable[tuple[str, str, bool]], notes: Mapping[str, object],
    ) -> None:  # fmt: skip
        """`wanted`: a dirty build; `published`: the folder the build replaces (None: no staging)."""
        self._reset()
        self.stats = BuildStats()
        unknown = sorted(name for name in config.plugins if name not in KNOWN_PLUGINS)
        if not wanted:
            self.stats.reason = "a full build"
        elif published is None:
            self.stats.reason = "`staging: false` (a dirty build would write into the published site)"
        elif unknown:
            self.stats.reason = f"plugins whose effect on pages is unknown: {', '.join(unknown)}"
        self.on = wanted and published is not None and not unknown
        self.stats.incremental = self.on
        self.published = published
        known = self.site_files
        if known is not None and published is not None and known[0] == published and published.is_dir():
            self.listed = known[1]
        self.site_dir = Path(config.site_dir)
        self.matcher = matcher
        self.notes = notes
        self.entries = {e.id: e for e in entries}
        # An entry the loader kept (its file unchanged) is the same object: its fingerprint is kept with it.
        kept = self._entry_fps
        self._entry_fps = {
            e.id: old if (old := kept.get(e.id)) is not None and old[0] is e else (e, digest(e))
            for e in self.entries.values()
        }
        self.entry_fps = {entry_id: fp for entry_id, (_, fp) in self._entry_fps.items()}
        names = frozenset(surfaces)
        self.surfaces_fp = digest(sorted(names))
        # Only a build whose state the next one compares with holds on to its names.
        self.new_names = (self.surfaces_fp, names) if self.on else None
        if self.names is not None and self.names[0] != self.surfaces_fp:
            self.delta = Matcher(sorted(names ^ self.names[1]))
        self.global_fp = _global_fp(config)
        if not self.on:
            self.state, self.static, self.names = {}, {}, None

    def attach(self, files: Files, entry_keys: Mapping[str, str]) -> None:
        """Answer `is_modified()` for every file, and record the file lookups of each page's render.
        `entry_keys`: site key of each entry page → its entry id, which marking hand links reads."""
        plain = files.get_file_from_path
        found_at: dict[str, File | None] = {}

        def lookup(path: str) -> File | None:
            # The file list is final by now (the plugin's on_files runs last, and plugins that
            # might change it later turn incremental rebuilds off): each path is looked up once.
            if not self.on:
                return plain(path)
            if path not in found_at:
                found_at[path] = plain(path)
            return found_at[path]

        self.lookup = lookup
        self.entry_keys = entry_keys

        def recorded(path: str) -> File | None:
            found = lookup(path)
            if self.current is not None:
                self.current.lookups[path] = found.url if found is not None else None
            return found

        setattr(files, "get_file_from_path", recorded)  # noqa: B010 - an instance attribute shadows the method
        for file in files:
            setattr(file, "is_modified", _Asker(self, file))  # noqa: B010

    # -- rendering ---------------------------------------------------------------------------

    def start_render(self, page: Page, notes: object) -> RenderDeps:
        deps = RenderDeps(source=self._source_fp(page.file), notes=digest(notes), surfaces=self.surfaces_fp)
        self.current = deps
        self.fresh[page.file.src_uri] = deps
        return deps

    def _source_fp(self, file: File) -> str:
        if file.abs_src_path is None or getattr(file, "_content", None) is not None:
            return digest(file.content_bytes)  # Made by a plugin: no file to look at.
        try:
            st = os.stat(file.abs_src_path)
        except OSError:
            return digest(file.content_bytes)  # MkDocs says plainly that the file is gone.
        stamp = (st.st_mtime_ns, st.st_size)
        old = self.sources.get(file.abs_src_path)
        if old is not None and old[0] == stamp:
            return old[1]
        fp = digest(file.content_bytes)
        self.sources[file.abs_src_path] = (stamp, fp)
        return fp

    def marked(self, reads: Iterable[tuple[str, str, object]]) -> None:
        """The page being rendered marked its hand links to entry pages: remember what it found."""
        if self.current is not None:
            self.current.marks.update((key, answer) for _, key, answer in reads)

    def end_render(self) -> None:
        deps, self.current = self.current, None
        if deps is not None:
            for entry_id, names in deps.reads.items():
                deps.entries[entry_id] = (tuple(sorted(names)), fields_fp(self.entries.get(entry_id), names))
            deps.reads = {}

    def recording(
        self, deps: RenderDeps, matcher: Matcher, entries: dict[str, Entry]
    ) -> tuple[Matcher, dict[str, Entry]]:
        """A matcher and entries for the page's linker that note what it searched for and read."""
        return RecordingMatcher(matcher, deps.finds), RecordingEntries(entries, deps.reads)

    def _render_needed(self, file: File) -> bool:
        old = self.state.get(file.src_uri)
        if not self.on or old is None or old.global_fp != self.global_fp or file.page is None:
            return True
        deps = old.render
        if deps.source != self._source_fp(file) or deps.notes != digest(self.notes.get(file.src_uri, [])):
            return True
        if any(self._fields_fp(i, names) != fp for i, (names, fp) in deps.entries.items()):
            return True
        if any(self.entry_keys.get(key) != answer for key, answer in deps.marks.items()):
            return True
        assert self.lookup is not None and self.matcher is not None
        for path, url in deps.lookups.items():
            found = self.lookup(path)
            if (found.url if found is not None else None) != url:
                return True
        if deps.surfaces != self.surfaces_fp:
            if self.finds_changed(deps.surfaces, deps.finds):
                return True
            deps.surfaces = self.surfaces_fp  # Same results under the new names: nothing to search again next time.
        return False

    def finds_changed(self, searched_under: str, finds: list[tuple[str, list[Match]]]) -> bool:
        """Would any of these searches, made under the names fingerprinted `searched_under`, find
        something else under this build's names? A text in which no added or removed name matches
        finds the same: the matches each name contributes do not depend on the other names."""
        assert self.matcher is not None
        delta = self.delta if self.names is not None and searched_under == self.names[0] else None
        matcher = self.matcher
        return any((delta is None or delta.find(text)) and matcher.find(text) != found for text, found in finds)

    def restore(self, page: Page) -> None:
        """Give a page that is not rendered again its state from the last build."""
        snap = self.state[page.file.src_uri]
        page.markdown = snap.markdown
        page.meta = snap.meta
        page._title_from_render = snap.title_from_render
        page.content = snap.content
        page.toc = snap.toc
        page.present_anchor_ids = set(snap.present_anchor_ids) if snap.present_anchor_ids is not None else None

    # -- between rendering and writing (on_env) --------------------------------------------

    def snapshot_all(self, files: Files, nav: Navigation | None) -> None:
        """Once every page is rendered or restored: remember the rendered ones; fingerprint the nav."""
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            deps = self.fresh.get(file.src_uri)
            old = self.state.get(file.src_uri)
            if deps is None and old is not None and page.content is old.content:
                snap = Snapshot(**{**old.__dict__})
            else:
                if deps is None:
                    deps = RenderDeps(surfaces=self.surfaces_fp)
                if not deps.source:
                    deps.source = self._source_fp(file)
                    deps.notes = digest(self.notes.get(file.src_uri, []))
                content_fp = digest(page.content, page.meta, page.title, str(page.toc))
                snap = Snapshot(
                    page.markdown, dict(page.meta), page._title_from_render, page.content, page.toc,
                    set(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
                    content_fp, deps, self.global_fp,
                )  # fmt: skip
                if old is not None:
                    snap.page_key, snap.cards_key, snap.block = old.page_key, old.cards_key, old.block
                    snap.search = old.search
            self.next[file.src_uri] = snap
        titles = [f.page.title for f in files.documentation_pages() if f.page]
        self.nav_fp = _nav_fp(nav) if nav is not None else digest(titles)
        self.phase = "write"

    def keep_theme_templates(self, config: MkDocsConfig, files: Files) -> None:
        """The theme's static templates (the 404 page, the sitemap) are made of the configuration,
        the navigation and the pages' addresses: when those are the same, the published copies are
        kept, and MkDocs is not asked to render them (the 404 page holds the whole navigation)."""
        templates = config.theme.static_templates
        urls = [f.url for f in files.documentation_pages()]
        self.next_templates_fp = digest(self.global_fp, self.nav_fp, urls, sorted(templates))
        if not self.on or self.published is None or self.templates_fp != self.next_templates_fp:
            return
        for name in sorted(templates):
            made = [name, f"{name}.gz"] if name == "sitemap.xml" else [name]
            if all((self.published / uri).is_file() for uri in made):
                templates.discard(name)
                self.also_kept += made

    def content_unchanged(self, src_uri: str, content_input: str) -> bool:
        """For a page whose content the plugin makes (entry pages, indexes): True if it can be kept."""
        old = self.state.get(src_uri)
        if self.on and old is not None and src_uri not in self.rendered and old.render.generated == content_input:
            return True
        self.generated_from(src_uri, content_input)
        return False

    def generated_from(self, src_uri: str, content_input: str) -> None:
        """A generated page was made again, from what `content_input` fingerprints."""
        deps = self.fresh.setdefault(src_uri, RenderDeps(surfaces=self.surfaces_fp))
        deps.generated = content_input

    # -- writing -----------------------------------------------------------------------------

    def _write_needed(self, file: File) -> bool:
        snap = self.next.get(file.src_uri)
        if snap is None or file.page is None:
            return True
        own, cards = self.write_extra(file.page)
        page_key = (self.global_fp, self.nav_fp, snap.content_fp, file.url, own)
        old = self.state.get(file.src_uri)
        snap.page_key, snap.cards_key = page_key, cards
        if not self.on or old is None:
            return True
        if not self._published_has(file.dest_uri):
            return True
        if old.page_key != page_key:
            return True
        if old.cards_key == cards:
            return False
        # Only the cards changed (an entry's summary, say): replace them in the published copy
        # rather than render the page through the theme again; the rest of the page is the same.
        return not (old.block is not None and self._patch(file, old.block, snap))

    def _fields_fp(self, entry_id: str, names: tuple[str, ...]) -> str:
        """`fields_fp` of this build's entry, once per build for each entry and set of fields (every
        article's linker reads the same few fields of the entries it links)."""
        key = (entry_id, names)
        fp = self._fields.get(key)
        if fp is None:
            fp = self._fields[key] = fields_fp(self.entries.get(entry_id), names)
        return fp

    def _published_has(self, uri: str) -> bool:
        """Does the published site hold this file? From its list under `mkdocs serve` (a stat each
        costs a 2,500-page rebuild ~0.3 s here), else from the file system."""
        if self.listed is not None:
            return uri in self.listed
        assert self.published is not None
        return os.path.isfile(self.published / uri)

    def _patch(self, file: File, block: tuple[bytes, int, int], snap: Snapshot) -> bool:
        """Write into the build `file`'s published page with its card block as it is now."""
        assert self.published is not None and self.site_dir is not None and file.page is not None
        try:
            # Bytes, not text mode: a lone carriage return must come back as it was written.
            text = (self.published / file.dest_uri).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        fp, length, lead = block
        at = text.find(CARDS_START)
        while at >= 0 and (at < lead or text_digest(text[at - lead : at - lead + length]) != fp):
            at = text.find(CARDS_START, at + 1)
        if at < 0:
            return False
        new = self.card_block(file.page)
        if not patchable(new):
            return False
        target = self.site_dir / file.dest_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        # As MkDocs writes a page (`utils.write_file`, characters UTF-8 cannot hold as references).
        target.write_bytes((text[: at - lead] + new + text[at - lead + length :]).encode("utf-8", "xmlcharrefreplace"))
        snap.block = _block_fp(new)
        self.stats.patched.append(file.src_uri)
        self.stats.written.append(file.src_uri)
        return True

    def wrote_block(self, src_uri: str, block: str | None) -> None:
        """The card block a page was written with (None: it has none), as it stands in the page."""
        snap = self.next.get(src_uri)
        if snap is not None:
            snap.block = _block_fp(block) if block is not None and patchable(block) else None

    def _static_needed(self, file: File) -> bool:
        sig = _signature(file)
        self.next_static[file.dest_uri] = sig
        if not self.on or self.static.get(file.dest_uri) != sig:
            return True
        return not self._published_has(file.dest_uri)

    def ask(self, file: File) -> bool:
        if not file.is_documentation_page():
            needed = self._static_needed(file)
        elif self.phase == "render":
            needed = self._render_needed(file)
            if not needed:
                assert file.page is not None
                self.restore(file.page)
            else:
                self.stats.rendered.append(file.src_uri)
                self.rendered.add(file.src_uri)
        else:
            needed = self._write_needed(file)
            self.considered.append(file)
            if needed:
                self.stats.written.append(file.src_uri)
        return needed

    def search_entries(self, src_uri: str, entries: list[dict[str, Any]]) -> None:
        snap = self.next.get(src_uri)
        if snap is not None:
            snap.search = entries

    def keep_search_order(self, search: Any) -> None:
        """Put every page's search entries back in page order, as a full build lists them."""
        index = getattr(search, "search_index", None)
        attr = "entries" if hasattr(index, "entries") else "_entries" if hasattr(index, "_entries") else None
        if index is None or attr is None:
            return
        ordered = [e for file in self.considered if file.src_uri in self.next for e in self.next[file.src_uri].search]
        setattr(index, attr, ordered)
        if hasattr(search, "search_index_prev"):
            search.search_index_prev = None  # Material would merge its previous index in, out of order.

    # -- once the build is complete --------------------------------------------------------

    def kept_uris(self) -> list[str]:
        """Files of the published site that this build may have kept (not written again)."""
        pages = [f.dest_uri for f in self.considered if f.src_uri in self.next]
        return pages + list(self.next_static) + self.also_kept

    def carry_over(self, staging: Path) -> None:
        """Hard-link into `staging` every file this build kept from the published site."""
        if not self.on or self.published is None:
            return
        kept = 0
        made: set[str] = set()
        published, into = str(self.published), str(staging)
        for uri in self.kept_uris():
            target = os.path.join(into, uri)
            parent = os.path.dirname(target)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            source = os.path.join(published, uri)
            try:
                os.link(source, target)
            except FileExistsError:
                continue  # Written by this build.
            except FileNotFoundError:
                continue  # Not in the published site: nothing to keep.
            except OSError:
                if not os.path.isfile(source) or os.path.lexists(target):
                    continue
                shutil.copy2(source, target)  # A file system without hard links.
            kept += 1
        self.stats.kept = kept

    def commit(self) -> None:
        """The build is published: what it was built from is what the next build compares with."""
        if self.on:
            self.state, self.static, self.names = self.next, self.next_static, self.new_names
        self.templates_fp = self.next_templates_fp if self.on else None
        self._reset()

    def abort(self) -> None:
        """The build failed: the published site is the last one, but what the plugin remembers of
        each page (its mentions, cards, passages) may be half this build's. Forget it all: the next
        build renders every page again, which is always right."""
        self.state, self.static, self.names, self.site_files = {}, {}, None, None
        self.templates_fp = None
        self._reset()


def publish(tracker: Tracker, stage: staging.Stage, config: MkDocsConfig, serving: bool) -> None:
    """Put a complete build in place of the published site. Under `mkdocs serve`, after an
    incremental rebuild, the files it wrote are moved into the published site (`Stage.merge`);
    otherwise the files it kept are linked into the stage, which replaces the site whole."""
    known = tracker.site_files
    if serving and tracker.on and known is not None and known[0] == stage.final:
        kept = tracker.kept_uris()
        now = stage.merge(config, kept, known[1])
        if now is not None:
            tracker.site_files = (stage.final, now)
            tracker.stats.kept = len(now.intersection(kept))
            return
    tracker.carry_over(stage.staging)
    stage.commit(config, tidy_later=serving)
    # A full build is seconds or more: listing what it published costs little beside it.
    tracker.site_files = (stage.final, staging.files_under(stage.final)) if serving else None


class DirtyNotices(logging.Filter):
    """Drops MkDocs' notices that a dirty build may be inaccurate, while the plugin keeps it exact."""

    NOTICES = ("A 'dirty' build is being performed", "The directory contains stale files")

    def __init__(self, tracker: Tracker) -> None:
        super().__init__()
        self.tracker = tracker

    def filter(self, record: logging.LogRecord) -> bool:
        return not (self.tracker.on and str(record.msg).startswith(self.NOTICES))

    @classmethod
    def install(cls, tracker: Tracker) -> None:
        logger = logging.getLogger(BUILD_LOGGER)
        for old in [f for f in logger.filters if isinstance(f, cls)]:
            logger.removeFilter(old)
        logger.addFilter(cls(tracker))


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory across the builds of one process: MkDocs makes a new
    theme environment for every build, and compiling Material's templates again costs more than
    a small rebuild. Jinja checks each template's source against its checksum before reuse."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


THEME_TEMPLATES = MemoryBytecodeCache()
"""For MkDocs' theme environments; the plugin's own environment has its own cache (other settings)."""
PLUGIN_TEMPLATES = MemoryBytecodeCache()


class _Asker:
    """Bound to one file: `File.is_modified` as the plugin answers it."""

    def __init__(self, tracker: Tracker, file: File) -> None:
        self.tracker, self.file = tracker, file

    def __call__(self) -> bool:
        return self.tracker.ask(self.file)


def _signature(file: File) -> str:
    if file.abs_src_path is None or getattr(file, "_content", None) is not None:
        return digest(file.content_bytes)
    st = os.stat(file.abs_src_path)
    return digest(file.abs_src_path, st.st_size, st.st_mtime_ns)


def _nav_fp(nav: Navigation) -> str:
    def walk(items: Iterable[Any]) -> list[object]:
        out: list[object] = []
        for item in items:
            # A generated page is a PackedContentPage when made, a Page when kept: the same kind of item.
            kind = "Page" if isinstance(item, Page) else type(item).__name__
            out.append((kind, item.title, getattr(item, "url", None), getattr(item, "meta", None)))
            if getattr(item, "children", None):
                out.append(walk(item.children))
        return out

    return digest(walk(nav.items), [p.url for p in nav.pages])


def _global_fp(config: MkDocsConfig) -> str:
    """Everything every page depends on: the configuration file, the theme's overrides, versions, the date."""
    parts: list[object] = [get_build_date(), config.site_url, config.docs_dir, config.use_directory_urls]
    path = config.config_file_path
    if path and os.path.isfile(path):
        parts.append(Path(path).read_bytes())
    root = Path(path or ".").resolve().parent
    for folder in config.theme.dirs:
        where = Path(folder).resolve()
        parts.append(str(where))
        if where.is_relative_to(root):  # The site's own overrides; installed themes change with their version.
            for dirpath, _, names in sorted(os.walk(where)):
                for name in sorted(names):
                    st = os.stat(os.path.join(dirpath, name))
                    parts.append((dirpath, name, st.st_size, st.st_mtime_ns))
    for dist in _VERSIONED:
        try:
            parts.append(importlib.metadata.version(dist))
        except importlib.metadata.PackageNotFoundError:
            parts.append(None)
    return digest(*parts)
