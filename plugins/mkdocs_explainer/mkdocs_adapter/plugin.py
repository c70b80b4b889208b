"""The MkDocs hooks of the `explainer` plugin. Each hook is short; the work lives in the modules."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory, get_relative_url

from ..core import (
    articlemeta,
    entrypage,
    exportmemo,
    ids,
    packedpassages,
    passagecards,
    previews,
    related,
    sitedata,
    structured,
    webanno,
)
from ..core.diagnostics import Diagnostic, errors_only
from ..core.entrylinks import LinkedText
from ..core.labels import JS_LABELS, LabelError, Labels
from ..core.linker import ExplainerExtension, LinkMode, Mention, PageJob
from ..core.loader import AnnotationLoader
from ..core.matcher import Matcher, matcher_for
from ..core.memo import fingerprint
from ..core.model import Entry, Registry
from ..core.pagecheck import front_matter_problem, page_diagnostics, page_mode
from ..core.pages import (
    Backlink,
    Generated,
    Renderer,
    entry_src_uri,
    make_env,
    media_uri,
    people_groups,
    term_groups,
)
from ..core.pathclash import option_locations
from . import cardcache, csp, idlegc, incremental, langsite, packedcontent, postpage, searchquiet, staging, themecache
from .builddata import build_facts
from .clashes import site_clashes
from .config import ExplainerConfig
from .engine import plugin_logger
from .errors import refusal
from .generated import generated_files
from .pagesource import front_matter

if TYPE_CHECKING:
    # The live-reload server and watchdog cost a build ~3 MiB; only `mkdocs serve` needs them.
    from mkdocs.livereload import LiveReloadServer

log = plugin_logger()
ASSETS_DIR = Path(__file__).parent.parent / "assets"
ASSET_URIS = {
    "explainer.js": "assets/explainer/explainer.js",
    "explainer.css": "assets/explainer/explainer.css",
    "explainer-entry.css": "assets/explainer/explainer-entry.css",  # entry pages' layout
}


class ExplainerPlugin(BasePlugin[ExplainerConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.loader: AnnotationLoader | None = None
        self.registry = Registry()
        self.matcher = Matcher(())
        self.dirty = False
        self.serving = False
        self.last_good: Registry | None = None
        """The last registry without errors, shown by `mkdocs serve` while an edit is broken."""
        self.stage: staging.Stage | None = None
        self.generated: dict[str, Generated] = {}
        self.mentions: dict[str, list[Mention]] = {}
        """Page src_uri → first mentions on it; kept across `serve --dirty` rebuilds."""
        self.page_problems: list[Diagnostic] = []
        self.job: PageJob | None = None
        """The job of the page being rendered, until its own Markdown instance claims it."""
        self.claimed = False
        self.open_builds = 0
        """Builds begun and not finished: more than one while mkdocs-static-i18n builds a language."""
        self.entry_keys: dict[str, str] = {}
        """Site key of each entry page → its entry id, for previews of links to entry pages."""
        self.missing_anchors: dict[str, set[str]] = {}
        """Page URL (`postpage.site_key`) → mention ids its written HTML lacks; kept across `--dirty` rebuilds."""
        self.renderer: Renderer | None = None
        self.labels = Labels()
        self.backlink_index: dict[str, list[tuple[File, str, Mention]]] = {}
        self.article_meta: dict[str, articlemeta.ArticleMeta] = {}
        """Page src_uri → its dateline, dates and sources (front matter)."""
        self.site_data: sitedata.SiteData | None = None
        self.annotated: dict[str, webanno.PackedPage] = {}
        """Page src_uri → its notes and mentions as built (`webanno.unpack` reads them); kept across
        `serve --dirty` rebuilds."""
        self.passages: dict[str, list[frozenset[str]]] = {}
        """Page src_uri → the entries linked together in each of its passages (for related entries)."""
        self.entry_texts: dict[str, LinkedText] = {}
        self.related: dict[str, list[str]] = {}
        self.tracker = incremental.Tracker()
        """What each page was built from: which pages a dirty rebuild must render and write again."""
        self.linked: dict[str, list[str]] = {}
        """Page src_uri → ids of the entries it links, in order: its cards, made as it is written
        (entries and URLs are held for one page at a time); kept across dirty rebuilds."""
        self.problems_of: dict[str, list[Diagnostic]] = {}
        """Page src_uri → its problems as last rendered; a page not rendered again reports them again."""
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self._problems_start = 0
        self._search_start = 0
        self._missing_fp: str | None = None
        self._card_places: dict[str, tuple[str | None, str | None]] = {}
        self.export_memo = exportmemo.ExportMemo()
        """Under `mkdocs serve`: each page's and entry's part of the exports, from the last build."""
        self.passage_links: dict[str, list[str]] = {}
        """Generated page src_uri → site keys of the mentions it links, in order: its passage cards,
        made from `targets` as it is written."""
        self.mark_reads: dict[str, list[tuple[str, str]]] = {}
        """Generated page src_uri → what marking its links asked (link target → answer), last time;
        recorded for dirty rebuilds only."""
        self.linked_texts = incremental.LinkedTexts()
        """Every entry's linked text, kept across rebuilds and linked again where what it read changed."""
        self.generated_fps = incremental.Memo()
        """Entry page src_uri → the fingerprint of its template's arguments, while their inputs stay the same."""
        self.json_ld_fps = incremental.Memo()
        """Page src_uri → the fingerprint of its JSON-LD, while what it is made from stays the same."""
        self.contexts = incremental.Memo()
        """Article src_uri → the contexts of its mentions, while its content and mentions stay the same."""
        self.targets: dict[str, tuple[File, previews.PassageTarget]] = {}
        """This build's passage targets: until its pages are written in a dirty rebuild, until the
        generated pages are made (`packed_passages`) in a full build."""
        self.packed_passages: dict[str, bytes] = {}
        """A full build: generated page src_uri → its passage cards, packed until it is written."""
        self._target_fps: dict[str, tuple[object, tuple[str, str], str]] = {}
        """Passage target key → its context, address and title, and their fingerprint (`_target_fp`)."""
        self._own_entry_template = False
        """The entry pages' template is the plugin's own (what it reads of related entries is known)."""
        self._own_passage_cards = False
        """The passage cards' template is the plugin's own: they are written by `passagecards.block`."""
        self.card_cache = cardcache.CardCache()
        """Each card's HTML, rendered once per build; under `mkdocs serve`, across rebuilds."""
        self._written_cards: list[str] | None = None
        """The parts of the card block `_write_cards` wrote into the page being written."""
        self.collector = idlegc.IdleCollector()
        """Under `mkdocs serve`: full garbage collections between rebuilds (idlegc.py)."""

    # -- set-up ------------------------------------------------------------------------

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup keeps this instance (and the loader's cache) across serve rebuilds.
        # `--dirty`: the plugin says which pages changed (incremental.py), not the files' times.
        self.dirty = dirty
        self.serving = command == "serve"
        if dirty:
            incremental.DirtyNotices.install(self.tracker)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        if self.serving:
            self.collector.build_started()
        if self.dirty and not self.serving and langsite.active(config):
            # Each language is a build of its own inside the first, which the tracker does not follow
            # (a server rebuilds them all, in full); a one-off `build --dirty` gains nothing from it.
            raise PluginError(
                "explainer: `mkdocs build --dirty` is not supported with mkdocs-static-i18n, which builds "
                "each language separately; run `mkdocs build` without `--dirty`"
            )
        if self.config.staging:
            staging.recover(config.site_dir)  # Before anything can fail: put back a site a crash moved aside.
        root = Path(config.config_file_path or ".").resolve().parent
        annotations = root / self.config.annotations
        docs_dir = Path(config.docs_dir)
        if self.loader is None or self.loader.annotations_dir != annotations:
            self.loader = AnnotationLoader(root, annotations, docs_dir)
        self.loader.max_image_bytes = self.config.max_image_bytes
        registry, diagnostics = self.loader.load()
        for diag in diagnostics:
            if diag.severity == "warning":
                log.warning(diag.text())
        errors = errors_only(diagnostics)
        if errors and not self.serving:
            raise refusal(errors)
        if errors:
            # `mkdocs serve`: report, and keep showing the last good annotations (or the valid
            # files, before there was a good build), so that the server keeps answering.
            for diag in errors:
                log.error(diag.text())
            log.error("explainer: fix the errors above; until then the preview shows the last good annotations")
            registry = self.last_good or registry
        else:
            self.last_good = registry
        self.registry = registry
        self.matcher = matcher_for(self.registry.surfaces(), self.matcher)
        # mkdocs-static-i18n builds each further language by running on_config again on the same
        # config, from inside the first build: add things once, and stage the outermost build only.
        if not any(isinstance(ext, ExplainerExtension) for ext in config.markdown_extensions):
            config.markdown_extensions.append(ExplainerExtension(self._claim_job))  # type: ignore[arg-type]
        if self.config.assets:
            _append_once(config.extra_css, ASSET_URIS["explainer.css"])
            _append_once(config.extra_css, ASSET_URIS["explainer-entry.css"])
            _append_once(config.extra_javascript, ASSET_URIS["explainer.js"])
        if self.config.staging and self.stage is None:
            self.stage = staging.Stage.begin(config)
        if self.open_builds == 0:
            published = self.stage.final if self.stage is not None else None
            self.tracker.begin(
                config, self.dirty, published, self.registry.entries.values(), self.matcher,
                self.registry.surfaces(), self.registry.notes,
            )  # fmt: skip
            self.tracker.write_extra = self._write_extra
            self.tracker.card_block = self._card_block
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.open_builds += 1
        if self.config.enabled:
            # Here, after every on_config: mkdocs-static-i18n sets each language's theme.language in its own.
            self.labels = site_labels(config, self.config)
            self.renderer = Renderer(make_env(config.theme.dirs, self.labels))
            if self.serving:  # A server builds again and again in one process: compile the templates once.
                self.renderer.env.bytecode_cache = incremental.PLUGIN_TEMPLATES
                themecache.install(config.theme, Path(config.config_file_path or ".").resolve().parent)
            self.card_cache.begin(self.renderer, (self.tracker.global_fp, self.labels.language, dict(self.labels)))
            self._own_entry_template = cardcache.plugin_templates(self.renderer, ("entry.html", "macros.html"))
            self._own_passage_cards = cardcache.plugin_templates(self.renderer, (passagecards.TEMPLATE,))
        if self.config.enabled and self.dirty and self.stage is None and not self.tracker.on:
            clean_directory(config.site_dir)  # A dirty build that must rebuild every page leaves nothing stale.

    # After mkdocs-static-i18n (-100), which rebuilds the file list from docs_dir and cannot place
    # a generated page (it has no abs_src_path): the generated pages join each language's list as-is.
    @event_priority(-110)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        root = Path(config.config_file_path or ".").resolve().parent
        made = generated_files(
            self.registry, config, root,
            self.config.people_dir, self.config.glossary_dir, self.config.timeline, self.labels,
        )  # fmt: skip
        folder = langsite.language_folder(config)
        clashes = site_clashes(self.registry, config, root, self.config, files, folder)
        if clashes:
            raise refusal(clashes)
        pages = [langsite.relocate(file, folder) for file, what in made.values() if what.what != "media"]
        for file in [*pages, *(file for file, what in made.values() if what.what == "media")]:
            files.append(file)
        langsite.register(config, pages)
        if self.config.assets:
            for name, uri in ASSET_URIS.items():
                files.append(File.generated(config, uri, abs_src_path=str(ASSETS_DIR / name)))
        self.generated = {uri: what for uri, (_, what) in made.items() if what.what != "media"}
        self.entry_keys = {}
        for entry in self.registry.entries.values():
            page_file = files.get_file_from_path(self._entry_uri(entry))
            if page_file is not None:
                self.entry_keys[postpage.site_key(page_file.url)] = entry.id
        self.page_problems = []
        live = {f.src_uri for f in files.documentation_pages()}
        self.mentions = {uri: m for uri, m in self.mentions.items() if uri in live}
        self.passages = {uri: p for uri, p in self.passages.items() if uri in live}
        urls = {postpage.site_key(f.url) for f in files.documentation_pages()}
        self.missing_anchors = {url: ids for url, ids in self.missing_anchors.items() if url in urls}
        self.linked = {uri: ids for uri, ids in self.linked.items() if uri in live}
        self.problems_of = {uri: p for uri, p in self.problems_of.items() if uri in live}
        self.passage_links = {uri: k for uri, k in self.passage_links.items() if uri in live}
        self.mark_reads = {uri: r for uri, r in self.mark_reads.items() if uri in live}
        self.contexts.keep(live)
        self.generated_fps.keep(live)
        self.json_ld_fps.keep(live)
        self.files, self._missing_fp, self._card_places = files, None, {}
        self.tracker.attach(files, self.entry_keys)
        return files

    @event_priority(-200)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        # Rebuild when an annotation changes, whether or not mkdocs.yml lists the folder under `watch`,
        # and when the folder is deleted or created.
        if self.config.enabled and self.loader is not None:
            from . import watching  # Here, not at the top: see LiveReloadServer above.

            watching.follow(server, self.loader.annotations_dir)
        return server

    # -- articles ----------------------------------------------------------------------

    # Last, so that no Markdown instance another plugin builds in this event (Material's blog builds
    # each post's excerpt renderer at -50) claims the job before the page's own render does.
    @event_priority(-200)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.job, self.claimed = None, False
        if not self.config.enabled or page.file.src_uri in self.generated:
            return markdown
        rel = self._rel_src(page, config)
        self._problems_start = len(self.page_problems)
        broken = front_matter_problem(front_matter(page.file.content_string))
        if broken:
            self.page_problems.append(Diagnostic(rel, broken[0], broken[1], broken[3], broken[2]))
        mode, problem = page_mode(page.meta.get("explainer"), self.config.link)
        if problem:
            self.page_problems.append(Diagnostic(rel, 1, 1, "error", problem))
        meta, problems = articlemeta.read_meta(rel, front_matter(page.file.content_string))
        self.article_meta[page.file.src_uri] = meta
        self.page_problems.extend(problems)
        self.job = self._job(page, files, mode)
        self.linked[page.file.src_uri] = []  # Until its render says which entries it links (its cards).
        if self.tracker.on:
            deps = self.tracker.start_render(page, self.job.notes)
            self.job.matcher, self.job.entries = self.tracker.recording(deps, self.matcher, self.registry.entries)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        job, claimed, self.job = self.job, self.claimed, None
        if job is not None and claimed:
            self.mentions[page.file.src_uri] = job.mentions
            self.passages[page.file.src_uri] = related.passages(html)
            # The endnotes are stashed HTML, which MkDocs' anchor check does not see.
            if page.present_anchor_ids is not None:
                page.present_anchor_ids.update(ids.endnote(p.note.id) for p in job.placed)
            self.page_problems.extend(page_diagnostics(job, page.file.content_string, self._rel_src(page, config)))
        if job is not None and claimed and self.config.assets:
            html = self._preview_hand_links(html, page, files)
        meta = self.article_meta.get(page.file.src_uri)
        if job is not None and meta is not None and not meta.empty:
            html = self._with_meta(html, meta)
            if page.present_anchor_ids is not None and meta.sources:
                page.present_anchor_ids.add("xp-article-sources-title")
        if job is not None:
            self.problems_of[page.file.src_uri] = self.page_problems[self._problems_start :]
        self.tracker.end_render()
        return html

    def _card_set(self, entry_ids: Iterable[str], page_file: File, files: Files) -> list[dict[str, Any]]:
        """The cards of `entry_ids` for one page: entries and URLs relative to it, not HTML."""
        cards = []
        for entry_id in entry_ids:
            entry = self.registry.entries[entry_id]
            image = _image_address(entry, files, page_file.url)
            target = self._card_place(entry_id)[0]  # its page's URL, looked up once a build
            url = get_relative_url(target, page_file.url) if target is not None else "#"
            cards.append({"entry": entry, "url": url, "image_url": image})
        return cards

    def _preview_hand_links(self, html: str, page: Page, files: Files) -> str:
        """An article's own links to entry pages (not mentions) open the entry's card too."""
        reads: list[tuple[str, str, object]] = []
        entry_keys = incremental.RecordingMap(self.entry_keys, "entry", reads)
        marked = previews.mark_links(html, postpage.site_key(page.file.url), entry_keys)
        self.tracker.marked(reads)
        linked = self.linked.get(page.file.src_uri, [])
        have = set(linked)
        more = [e for e in marked.entries if e not in have]
        if not more:
            return marked.html
        self.linked[page.file.src_uri] = linked + more
        return marked.html if linked else marked.html + postpage.slot(page.file.src_uri)

    def _claim_job(self) -> PageJob | None:
        """The current page's job for the first Markdown instance that asks: the page's own render."""
        if self.job is None or self.claimed:
            return None
        self.claimed = True
        return self.job

    def _with_meta(self, html: str, meta: articlemeta.ArticleMeta) -> str:
        assert self.renderer is not None
        dateline = self.renderer.dateline(meta) if meta.published or meta.dateline else ""
        title = self.config.sources_title or self.labels["sources"]
        sources = self.renderer.article_sources(title, meta.sources) if meta.sources else ""
        return articlemeta.place(html, dateline, sources)

    def _job(self, page: Page, files: Files, mode: LinkMode) -> PageJob:
        def href(entry: Entry) -> str:
            return get_relative_url(self._entry_uri(entry), page.file.src_uri)

        def finish(job: PageJob) -> str:
            # Endnotes are content a reader sees (searchable, part of the reading time and of a feed);
            # cards are hidden data, written into the page only when it is written (on_post_page).
            assert self.renderer is not None
            self.linked[job.src_uri] = list(job.linked)
            notes = sorted(job.placed, key=lambda p: p.number)
            slot = postpage.slot(job.src_uri) if job.linked else ""
            return slot + self.renderer.endnotes(self.config.endnotes_title or self.labels["context_notes"], notes)

        return PageJob(
            src_uri=page.file.src_uri,
            mode=mode,
            entries=self.registry.entries,
            matcher=self.matcher,
            notes=self.registry.notes.get(page.file.src_uri, []),
            href_for=href,
            finish=finish,
            note_label=self.labels["context_note"],
        )

    def _kept_cards(self, page: Page) -> list[dict[str, Any]]:
        """The cards of a page as it is written: the entries it linked when rendered (this build or,
        not rendered again, the last), as they are now."""
        if self.files is None:
            return []
        linked = [i for i in self.linked.get(page.file.src_uri, []) if i in self.registry.entries]
        return self._card_set(linked, page.file, self.files)

    def _kept_passages(self, page: Page) -> list[tuple[int, previews.PassageTarget]]:
        """The passage cards of a generated page as it is written: the mentions it linked when made
        (this build or, kept, the last), as they read now."""
        return self._passage_set(self.passage_links.get(page.file.src_uri, []), page.file)

    def _passage_set(self, keys: Iterable[str], file: File) -> list[tuple[int, previews.PassageTarget]]:
        passages = []
        for number, key in enumerate(keys, start=1):
            found = self.targets.get(key)
            if found is None:  # Never for a kept page: its marks were checked against this build's targets.
                continue
            article, target = found
            url = get_relative_url(article.url, file.url) + target.url
            passages.append((number, previews.PassageTarget(url, target.title, target.context)))
        return passages

    def _mark_answers(self, src_uri: str) -> list[object]:
        """What marking a generated page's links asked last time, answered from this build's entry
        pages and mentions: with the same content, the same answers mark the same links."""
        answers: list[object] = []
        for kind, key in self.mark_reads.get(src_uri, []):
            answers.append((kind, key, self.entry_keys.get(key) if kind == "entry" else key in self.targets))
        return answers

    def _write_extra(self, page: Page) -> tuple[object, object]:
        """What the plugin adds to `page` as it is written, for the tracker's fingerprint: the
        fragments dropped and the JSON-LD; and apart, what its card block is made from (each
        entry as it is now and where its page and image are; each passage card's mention)."""
        src_uri = page.file.src_uri
        own: list[object] = []
        cards: list[object] = []
        if src_uri in self.generated:
            if self._missing_fp is None:  # Articles are written first: the map is complete by now.
                self._missing_fp = fingerprint(sorted((u, sorted(i)) for u, i in self.missing_anchors.items()))
            own.append(self._missing_fp)
            for key in self.passage_links.get(src_uri, []):
                found = self.targets.get(key)
                cards.append((key, found[0].url, self._target_fp(key, found[1])) if found else None)
        for entry_id in self.linked.get(src_uri, []):
            if entry_id in self.registry.entries:
                cards.append((self.tracker.entry_fps.get(entry_id), self._card_place(entry_id)))
        if self.config.structured_data and self.site_data is not None:
            own.append(self._json_ld_fp(page))
        return own, cards

    def _target_fp(self, key: str, target: previews.PassageTarget) -> str:
        """Fingerprint of a passage card's mention, kept while its context is the same object (the
        article's contexts are kept while it is unchanged): its `repr` is the paragraph's text."""
        old = self._target_fps.get(key)
        if old is not None and old[0] is target.context and old[1] == (target.url, target.title):
            return old[2]
        fp = fingerprint(target)
        self._target_fps[key] = (target.context, (target.url, target.title), fp)
        return fp

    def _card_place(self, entry_id: str) -> tuple[str | None, str | None]:
        """Where an entry's card leads and finds its image, site-wide (the page's URL does the rest)."""
        place = self._card_places.get(entry_id)
        if place is None and self.files is not None:
            entry = self.registry.entries[entry_id]
            page_file = self.files.get_file_from_path(self._entry_uri(entry))
            image = _image_address(entry, self.files, "") if entry.image is not None else None
            place = self._card_places[entry_id] = (page_file.url if page_file else None, image)
        return place or (None, None)

    def _card_block(self, page: Page) -> str:
        """The page's cards and passage cards, as written into its slot."""
        return self._card_parts(page)[0]

    def _card_parts(self, page: Page) -> tuple[str, list[str] | None]:
        """The page's card block, and its cards in parts (`cardcache.CardCache.parts`) when they
        are kept: their concatenation then stands in the block, for the exports' reading to skip."""
        src_uri = page.file.src_uri
        packed = self.packed_passages.pop(src_uri, None)
        passages = self._kept_passages(page) if packed is None else packedpassages.unpack(packed)
        cards = self._kept_cards(page)
        assert self.renderer is not None
        parts = self.card_cache.parts(self.renderer, cards, self.tracker.entry_fps)
        cards_html = self.renderer.cards(cards) if parts is None else "".join(parts)
        if self._own_passage_cards:
            block = cards_html + passagecards.block(passages, self.labels["go_to_passage"])
        else:
            block = cards_html + self.renderer.passage_cards(passages)
        if src_uri in self.generated:
            return postpage.drop_missing_fragments(block, page.url, self.missing_anchors), None
        return block, parts

    # -- generated pages, once every article is rendered ------------------------------

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if not self.config.enabled:
            return env
        if self.serving and env.bytecode_cache is None:
            env.bytecode_cache = incremental.THEME_TEMPLATES
        if self.tracker.on:  # Pages not rendered again report their problems again, in page order.
            self.page_problems = [d for f in files.documentation_pages() for d in self.problems_of.get(f.src_uri, [])]
        if errors_only(self.page_problems) and not self.serving:
            raise refusal(errors_only(self.page_problems))
        for diag in self.page_problems:
            (log.error if diag.severity == "error" else log.warning)(diag.text())
        if not self.tracker.on:  # A dirty rebuild's snapshots keep each page's HTML as a `str` anyway.
            packedcontent.hold_rendered(f.page for f in files.documentation_pages() if f.src_uri not in self.generated)
        self.backlink_index = self._index_mentions(files)
        self._link_entries(files)
        targets = self.targets = self._passage_targets(files) if self.config.assets else {}
        self._target_fps = {k: v for k, v in self._target_fps.items() if k in targets}
        for uri, what in self.generated.items():
            file = files.get_file_from_path(uri)
            if file is not None and file.page is not None:
                if self.tracker.on:
                    made_from = self._made_from(what, file, files)
                    if self.tracker.content_unchanged(uri, fingerprint(made_from, self._mark_answers(uri))):
                        continue
                kind, args = self._generated_args(what, file, files)
                html = self._render_generated(kind, args)
                html = self._with_previews(html, file, files, targets) if self.config.assets else html
                html = searchquiet.quiet(html, uri) if what.what == "entry" else html
                packedcontent.hold(file.page, html)  # compressed until read: see the module
                if self.tracker.on:  # The questions this render asked: fingerprint their answers next time.
                    self.tracker.generated_from(uri, fingerprint(made_from, self._mark_answers(uri)))
        self.backlink_index = {}  # It holds this build's pages: do not keep them alive into the next one.
        if not self.tracker.on:  # The pages made hold their passage cards packed: no context is kept to the end,
            self.targets, self.passage_links, self.mark_reads = {}, {}, {}  # nor what a last dirty build marked.
        self.site_data = sitedata.gather(
            self.registry, build_facts(files, config, _article_title), self._entry_uri, self.generated,
            self.matcher, self.mentions, self.article_meta,
        )  # fmt: skip
        live = {f.src_uri for f in files.documentation_pages()}
        self.annotated = {uri: a for uri, a in self.annotated.items() if uri in live}
        if self.tracker.on:
            self.tracker.snapshot_all(files, self.nav)
            self.tracker.keep_theme_templates(config, files)
        if not self.serving:
            self._forget_rebuild_memos()
        return env

    def _forget_rebuild_memos(self) -> None:
        """After `on_env` of a build no rebuild follows: what is kept only to make the next serve
        rebuild cheaper (linked texts, passage contexts, fingerprints, each page's passages for the
        related entries) would stay alive to the end of the build and be its peak memory."""
        self.linked_texts = incremental.LinkedTexts()
        self.contexts, self.generated_fps = incremental.Memo(), incremental.Memo()
        self.entry_texts, self.related, self.passages = {}, {}, {}
        for found in self.mentions.values():  # The backlinks that quote them are made.
            for mention in found:
                mention.sentence = ""

    def _made_from(self, what: Generated, file: File, files: Files) -> str:
        """Fingerprint of what a generated page's template gets (`_generated_args`). For an entry
        page it is kept while what those arguments are built from stays the same: the entry, its
        linked text, its related entries, the mentions of it (article address, title, mention)."""

        def made_from(*_: object) -> str:
            return fingerprint(*self._generated_args(what, file, files))

        if what.what != "entry":
            return made_from()
        entry = self.registry.entries[what.entry_id or ""]
        related: list[object] = [self.registry.entries[r] for r in self.related.get(entry.id, ())]
        if self._own_entry_template:  # It shows a related entry's name and kind, and links its page.
            related = [
                (r.id, r.type, r.title, r.kind)
                for r in (self.registry.entries[i] for i in self.related.get(entry.id, ()))
            ]
        mentions = [(a.url, title, m) for a, title, m in self.backlink_index.get(entry.id, ())]
        image = _image_address(entry, files, file.url)
        inputs = (file.url, entry, image, self.entry_texts[entry.id], related, mentions)
        return str(self.generated_fps.get(file.src_uri, made_from, *inputs))

    def _generated_args(self, what: Generated, file: File, files: Files) -> tuple[str, tuple[Any, ...]]:
        """What a generated page is made from: the renderer's method and its arguments."""

        def url(entry: Entry) -> str:
            return get_relative_url(files.get_file_from_path(self._entry_uri(entry)).url, file.url)  # type: ignore[union-attr]

        if what.what == "people":
            return "index", ("people", people_groups(self.registry.people(), url))
        if what.what == "glossary":
            return "index", ("glossary", term_groups(self.registry.terms(), url, self.labels))
        if what.what == "timeline":
            return "timeline", ([(e, url(e)) for e in self.registry.events()],)
        entry = self.registry.entries[what.entry_id or ""]
        image_url = _image_address(entry, files, file.url)
        text = self.entry_texts[entry.id]
        related = tuple((e, url(e)) for e in (self.registry.entries[r] for r in self.related.get(entry.id, ())))
        groups = entrypage.group_backlinks(self._backlinks(entry, file, files))
        view = entrypage.EntryView(entry, image_url, text, groups, related)
        # The cards of the entries its text links come with the previews (`_with_previews`).
        return "entry", (view,)

    def _render_generated(self, kind: str, args: tuple[Any, ...]) -> str:
        assert self.renderer is not None
        return str(getattr(self.renderer, kind)(*args))

    def _link_entries(self, files: Files) -> None:
        """Every entry's summary and body linked to the other entries, and their related entries."""

        def href(source: Entry, target: Entry) -> str:
            there = files.get_file_from_path(self._entry_uri(target))
            here = files.get_file_from_path(self._entry_uri(source))
            return get_relative_url(there.url, here.url) if there and here else "#"

        entries = self.registry.entries
        self.entry_texts = self.linked_texts.link_all(entries, self.matcher, href, self.tracker)
        together = (p for uri, page in self.passages.items() if uri not in self.generated for p in page)
        self.related = entrypage.related_entries(entries, self.entry_texts, together)

    def _passage_targets(self, files: Files) -> dict[str, tuple[File, previews.PassageTarget]]:
        """Site key `article#anchor` of every first mention → its article and context there."""
        targets: dict[str, tuple[File, previews.PassageTarget]] = {}
        for src_uri, mentions in self.mentions.items():
            article = files.get_file_from_path(src_uri)
            if article is None or article.page is None or not mentions:
                continue
            title = _article_title(article) or src_uri
            anchors = [m.anchor_id for m in mentions]
            contexts = self.contexts.get(src_uri, previews.passage_contexts, article.page.content or "", anchors)
            base = postpage.site_key(article.url)
            for anchor_id, context in contexts.items():
                target = previews.PassageTarget("#" + anchor_id, title, context)
                targets[f"{base}#{anchor_id}"] = (article, target)
        return targets

    def _with_previews(
        self, html: str, file: File, files: Files, targets: dict[str, tuple[File, previews.PassageTarget]]
    ) -> str:
        """A generated page whose links to entries and to mentions open previews, with their slot."""
        reads: list[tuple[str, str, object]] = []
        entry_keys: Mapping[str, str] = self.entry_keys
        passage_keys: Collection[str] = targets.keys()
        if self.tracker.on:  # Only a rebuild compares what was looked up: a full build need not note it.
            entry_keys = incremental.RecordingMap(self.entry_keys, "entry", reads)
            passage_keys = incremental.RecordingKeys(targets, "passage", reads)
        marked = previews.mark_links(html, postpage.site_key(file.url), entry_keys, passage_keys)
        self.linked[file.src_uri] = list(marked.entries)
        if self.tracker.on:  # What the next rebuild compares with, and makes the cards of a kept page from.
            self.mark_reads[file.src_uri] = [(kind, key) for kind, key, _ in reads]
            self.passage_links[file.src_uri] = list(marked.passages)
        elif marked.passages:
            self.packed_passages[file.src_uri] = packedpassages.pack(self._passage_set(marked.passages, file))
        if not marked.entries and not marked.passages:
            return html
        return marked.html + postpage.slot(file.src_uri)

    def _index_mentions(self, files: Files) -> dict[str, list[tuple[File, str, Mention]]]:
        """Entry id → (article, its title, mention): built once per build, not once per entry page."""
        index: dict[str, list[tuple[File, str, Mention]]] = {}
        for src_uri, mentions in self.mentions.items():
            article = files.get_file_from_path(src_uri)
            if article is None:
                continue
            title = _article_title(article) or src_uri
            for mention in mentions:
                index.setdefault(mention.entry_id, []).append((article, title, mention))
        return index

    def _backlinks(self, entry: Entry, file: File, files: Files) -> list[Backlink]:
        links = []
        for article, title, mention in self.backlink_index.get(entry.id, ()):
            url = get_relative_url(article.url, file.url) + "#" + mention.anchor_id
            links.append(Backlink(url, title, mention.sentence))
        return sorted(links, key=lambda b: (b.title.casefold(), b.url))

    # -- finishing -----------------------------------------------------------------------

    # First: the cards stand in the page before any other plugin (minify, privacy) sees it, as if
    # they had been content all along; a minifier would re-quote the slot's attributes.
    @event_priority(100)
    def _write_cards(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if not self.config.enabled:
            return output
        src_uri = page.file.src_uri
        if src_uri in self.generated:  # What search was not given to read, back in the page.
            output = searchquiet.unquiet(output, src_uri)
        block, self._written_cards = self._card_parts(page)
        if self.config.assets:
            output = postpage.with_body_labels(output, {k: self.labels[k] for k in JS_LABELS})
        if self.tracker.on:
            self.tracker.wrote_block(src_uri, block if postpage.slot(src_uri) in output else None)
        output = postpage.fill_slot(output, src_uri, block)
        if src_uri in self.generated:
            return postpage.drop_missing_fragments(output, page.url, self.missing_anchors)
        linked = {m.anchor_id for m in self.mentions.get(src_uri, ())}
        missing = linked - postpage.mention_ids(output)
        self.missing_anchors.pop(postpage.site_key(page.url), None)
        if missing:
            self.missing_anchors[postpage.site_key(page.url)] = missing
        return output

    # Last: the policy hashes the inline scripts of the page as written, after every other change.
    @event_priority(-100)
    def _add_policy(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return csp.with_policy(output, config.repo_url) if self.config.enabled and self.config.csp else output

    # After other plugins, before the policy: the JSON-LD block (and the export's reading of the page).
    @event_priority(-90)
    def _add_structured(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if not self.config.enabled:
            return output
        if self.config.exports and page.file.src_uri in self.mentions:
            notes = self.registry.notes.get(page.file.src_uri, [])
            cards, self._written_cards = self._written_cards, None  # This page's, from _write_cards.
            blocks = [cards] if cards is not None else []
            annotated = webanno.annotate_page(page.file.src_uri, page.url, output, notes, blocks)
            self.annotated[page.file.src_uri] = webanno.pack(annotated)
        if self.config.structured_data and self.site_data is not None:
            output = structured.with_json_ld(output, self._json_ld(page))
        return output

    on_post_page = CombinedEvent(_write_cards, _add_structured, _add_policy)

    # Around the search plugin (0): the entries it adds for a written page, kept for later dirty
    # rebuilds, which put every page's entries back in page order (incremental.py).
    @event_priority(100)
    def _search_before(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        self._search_start = len(self._search_entries(config))
        return context

    @event_priority(-100)
    def _search_after(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if self.tracker.on:
            self.tracker.search_entries(page.file.src_uri, list(self._search_entries(config)[self._search_start :]))
        return context

    on_page_context = CombinedEvent(_search_before, _search_after)

    @staticmethod
    def _search_entries(config: MkDocsConfig) -> list[Any]:
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(search, "search_index", None)
        entries = getattr(index, "entries", None)
        entries = getattr(index, "_entries", None) if entries is None else entries
        return entries if isinstance(entries, list) else []

    def _json_ld(self, page: Page) -> dict[str, Any]:
        assert self.site_data is not None
        return structured.for_page(self.site_data, page.file.src_uri, self._page_info(page))

    def _page_info(self, page: Page) -> structured.PageInfo:
        assert self.site_data is not None
        title = _article_title(page.file) or page.title or ""
        description = page.meta.get("description")
        return structured.PageInfo(page.url, title, self.site_data.site_name, str(description) if description else None)

    def _json_ld_fp(self, page: Page) -> str:
        """Fingerprint of the page's JSON-LD, for its write fingerprint. For an article or an entry
        page it is kept while what `structured.for_page` reads for it is equal (the page's title
        and address; the entries it mentions or its own entry; their pages' addresses; the
        articles that mention it), rather than building the JSON-LD of every page to compare."""
        data = self.site_data
        assert data is not None

        def made(*_: object) -> str:
            return fingerprint(self._json_ld(page))

        src_uri = page.file.src_uri
        what = data.generated.get(src_uri)
        info = self._page_info(page)
        urls, site_url = data.links.entry_urls, data.links.site_url
        if what is None:
            entries = [*data.entries(data.linked.get(src_uri, [])), None, *data.about(info.title)]
            places = [urls.get(e.id) for e in entries if e is not None]
            inputs: tuple[object, ...] = (info, data.meta.get(src_uri), entries, places, site_url)
        elif what.what == "entry":
            entry = data.registry.entries[what.entry_id or ""]
            image, mentioned = data.image_urls.get(entry.id), data.mentioned_in.get(entry.id, [])
            inputs = (info, entry, image, mentioned, urls.get(entry.id), site_url)
        else:
            return made()
        return str(self.json_ld_fps.get(src_uri, made, *inputs))

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # The theme's 404 page is a template, not a page.
        if self.config.enabled and self.config.csp and template_name.endswith(".html"):
            return csp.with_policy(output_content, config.repo_url)
        return output_content

    # Before mkdocs-static-i18n builds its other languages (-100): this build's pages, in its language's folder.
    @event_priority(-90)
    def _write_exports(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self.config.exports and self.site_data is not None:
            folder, pages = langsite.language_folder(config), list(self.annotated.values())
            if not self.serving:
                webanno.write_exports(Path(config.site_dir), pages, self.site_data, folder)
                return
            published = self.tracker.published if self.tracker.on else None
            exportmemo.write_exports(Path(config.site_dir), pages, self.site_data, self.export_memo, folder, published)
            self.tracker.also_kept += self.export_memo.kept

    # Before the search plugin (0) writes its index: every page's entries, in page order.
    @event_priority(50)
    def _search_in_order(self, *, config: MkDocsConfig) -> None:
        search: Any = config.plugins.get("material/search") or config.plugins.get("search")
        if self.dirty and hasattr(search, "is_dirty"):
            # The plugin gives Material's search the whole index, in page order, on every dirty build
            # (or every page was written again): Material must not merge its last index in.
            search.is_dirty, search.search_index_prev = False, None
        if self.tracker.on and self.open_builds == 1:
            self.tracker.keep_search_order(search)
        if not self.serving:  # Every page is written: the cards are not needed again.
            self.card_cache.forget()

    # After every other plugin has written its files, mkdocs-static-i18n's other languages (-100) too.
    @event_priority(-110)
    def _finish_build(self, *, config: MkDocsConfig) -> None:
        self.open_builds = max(0, self.open_builds - 1)
        if self.open_builds == 0:
            if staging.strict_warnings(config):
                return  # MkDocs aborts the build right after this hook: keep the published site.
            if self.stage is not None:
                incremental.publish(self.tracker, self.stage, config, self.serving)
                self.stage = None
            self.tracker.commit()
            self.export_memo.commit()
            if self.serving:
                self.collector.build_ended()
            self.targets, self.packed_passages = {}, {}
            packedcontent.forget_last()
            stats = self.tracker.stats
            if stats.incremental:
                log.info(
                    f"explainer: incremental rebuild: rendered {len(stats.rendered)} pages, wrote "
                    f"{len(stats.written)}, kept {stats.kept} files of the last build"
                )
            elif self.dirty:
                log.info(f"explainer: every page was rebuilt ({stats.reason})")

    on_post_build = CombinedEvent(_search_in_order, _write_exports, _finish_build)

    @event_priority(-100)  # Last: it may replace the error with a plain one.
    def on_build_error(self, *, error: Exception) -> None:
        self.job = None
        self.tracker.abort()
        self.export_memo.forget()
        if self.serving:
            self.collector.build_ended()
        self.open_builds = 0
        self.targets, self.packed_passages = {}, {}
        stage, self.stage = self.stage, None
        if stage is not None:
            stage.abort()
        plain = staging.explain(error, stage)
        if plain is not None:
            raise plain from None

    # -- helpers -------------------------------------------------------------------------

    def _entry_uri(self, entry: Entry) -> str:
        return entry_src_uri(entry, self.config.people_dir, self.config.glossary_dir)

    @staticmethod
    def _rel_src(page: Page, config: MkDocsConfig) -> str:
        root = Path(config.config_file_path or ".").resolve().parent
        path = Path(page.file.abs_src_path or page.file.src_uri)
        try:
            return path.resolve().relative_to(root).as_posix()
        except ValueError:
            return page.file.src_uri


def _image_address(entry: Entry, files: Files, page_url: str) -> str | None:
    """Where `page_url`'s page finds the entry's image: its own https:// address, or the copy in the site."""
    if entry.image is None:
        return None
    if entry.image.remote:
        return entry.image.src
    media = files.get_file_from_path(media_uri(entry))
    return get_relative_url(media.url, page_url) if media else None


def _append_once(items: list[Any], uri: str) -> None:
    if all(getattr(item, "path", item) != uri for item in items):
        items.append(uri)


def _article_title(file: File) -> str | None:
    """The article's own title (front matter, else its heading), not a shorter nav label."""
    page = file.page
    if page is None:
        return None
    title = page.meta.get("title") or page._title_from_render or page.title
    return str(title) if title else None


def site_labels(config: MkDocsConfig, options: ExplainerConfig) -> Labels:
    """The labels for the site's language (Material's `theme.language`, MkDocs' `theme.locale`)."""
    language = config.theme.get("language") or config.theme.get("locale")
    try:
        return Labels(str(language) if language else None, options.labels)
    except LabelError as exc:
        where = option_locations(_config_text(config)).get("labels", (1, 1))
        name = Path(config.config_file_path or "mkdocs.yml").name
        raise PluginError(f"{name}:{where[0]}:{where[1]}: plugin option `labels`: {exc}") from None


def _config_text(config: MkDocsConfig) -> str:
    try:
        return Path(config.config_file_path or "").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""
