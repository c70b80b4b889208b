"""Incremental rebuilds: after each kind of edit, a dirty rebuild writes the same site, byte for byte,
as a full build of the same sources, and renders only the pages the edit concerns."""

from __future__ import annotations

import gc
import importlib.util
import shutil
import time
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs_explainer.mkdocs_adapter import staging
from sitekit import ServeSession, Site, i18n_plugin
from test_build_safety import tree_digest

ARTICLES = {
    "index.md": "# Home\n\nWelcome. See [the dam story](b.md).\n",
    "a.md": "# Alpha\n\nOlena Vorenka met Umerov in Kharkiv.\n\nLater Vorenka spoke about the reservoir.\n",
    "b.md": "# Beta\n\nThe Kakhovka Dam was breached. Umerov commented on the Delta accord.\n",
    "c.md": "# Gamma\n\nA quiet article about the river delta and the harbour.\n",
}


def corpus(site: Site) -> None:
    for rel, text in ARTICLES.items():
        site.page(rel, text)
    site.person("olena-vorenka", "Olena Vorenka", ["Vorenka"])
    site.person("rustem-umerov", "Rustem Umerov", ["Umerov"])
    site.term("kharkiv", "Kharkiv")
    site.term("kakhovka-dam", "Kakhovka Dam")
    site.term("delta-accord", "Delta accord", kind="event", date="2025-05-01")
    site.notes("a.md", [{"id": "reservoir", "quote": "spoke about the reservoir"}])


def _edit_article(site: Site) -> None:
    site.page("c.md", "# Gamma\n\nA quiet article about the river delta. Kharkiv is far away.\n")


EDITS: dict[str, Callable[[Site], None]] = {
    "entry summary": lambda s: s.person("rustem-umerov", "Rustem Umerov", ["Umerov"], summary="A *new* summary."),
    "entry role": lambda s: s.person("rustem-umerov", "Rustem Umerov", ["Umerov"], role="Defence minister"),
    "alias added": lambda s: s.term("kharkiv", "Kharkiv", ["harbour"]),
    "alias removed": lambda s: s.person("olena-vorenka", "Olena Vorenka", []),
    "new entry": lambda s: s.term("river-delta", "river delta"),
    "deleted entry": lambda s: (s.root / "annotations/glossary/kharkiv.yml").unlink(),
    "note edit": lambda s: s.notes("a.md", [{"id": "reservoir", "quote": "spoke about the reservoir", "body": "New."}]),
    "note added": lambda s: s.notes("b.md", [{"id": "breach", "quote": "was breached"}]),
    "article edit": _edit_article,
    "article retitled": lambda s: s.page("c.md", "# Gamma, renamed\n\nA quiet article about the river delta.\n"),
    "article added": lambda s: s.page("d.md", "# Delta\n\nUmerov again, in a new article.\n"),
    "article deleted": lambda s: (s.root / "docs/b.md").unlink(),
}

RENDERED = {
    # Articles whose Markdown the edit must render again; the others are restored from the last build.
    "entry summary": set(),  # Only the cards of a.md and b.md change: written again, not rendered
    "alias removed": {"a.md"},
    "alias added": {"c.md"},
    "note edit": {"a.md"},
    "note added": {"b.md"},
    "article edit": {"c.md"},
}


def _same_tree(built: dict[str, str], full: dict[str, str]) -> None:
    missing, extra = sorted(set(full) - set(built)), sorted(set(built) - set(full))
    differ = sorted(p for p in set(full) & set(built) if full[p] != built[p])
    assert (missing, extra, differ) == ([], [], [])


def _full_build(site: Site, tmp_path: Path) -> dict[str, str]:
    """A full build of the same sources, by a serve session without `--dirty`, in a copy of the site."""
    copy = Site(tmp_path / "full")
    for part in ("docs", "annotations", "mkdocs.yml"):
        src = site.root / part
        if src.is_dir():
            shutil.rmtree(copy.root / part, ignore_errors=True)
            shutil.copytree(src, copy.root / part)
        else:
            shutil.copy2(src, copy.root / part)
    result = ServeSession(copy, dirty=False).build()
    assert result.ok, result.error
    return tree_digest(copy.root / "site")


@pytest.mark.parametrize("kind", list(EDITS))
def test_dirty_rebuild_after_each_edit_equals_a_full_build(site: Site, tmp_path: Path, kind: str) -> None:
    corpus(site)
    session = ServeSession(site)
    first = session.build()
    assert first.ok, first.error
    assert session.plugin.tracker.stats.incremental
    EDITS[kind](site)
    again = session.build()
    assert again.ok, again.error
    stats = session.plugin.tracker.stats
    assert stats.incremental, stats.reason
    if kind in RENDERED:
        assert {p for p in stats.rendered if p in ARTICLES} == RENDERED[kind]
    if kind == "entry summary":
        assert {"a.md", "b.md", "people/rustem-umerov.md"} <= set(stats.written)
        assert "c.md" not in stats.written
        assert {"a.md", "b.md"} <= set(stats.patched)  # Only their cards changed: replaced in place.
    if kind != "article retitled":  # A new title is in every page's navigation.
        assert stats.kept > 0
    _same_tree(tree_digest(site.root / "site"), _full_build(site, tmp_path))
    # And a second edit in the same session still agrees (the state carried over is right).
    site.page("c.md", "# Gamma\n\nThe harbour again, and Vorenka.\n")
    third = session.build()
    assert third.ok, third.error
    _same_tree(tree_digest(site.root / "site"), _full_build(site, tmp_path / "2"))


def test_an_unchanged_rebuild_renders_and_writes_no_page(site: Site) -> None:
    corpus(site)
    session = ServeSession(site)
    assert session.build().ok
    before = tree_digest(site.root / "site")
    assert session.build().ok
    stats = session.plugin.tracker.stats
    assert (stats.rendered, stats.written) == ([], [])
    assert tree_digest(site.root / "site") == before


def test_a_failed_rebuild_keeps_the_site_and_the_next_one_catches_up(site: Site, tmp_path: Path) -> None:
    corpus(site)
    session = ServeSession(site)
    assert session.build().ok
    before = tree_digest(site.root / "site")
    site.configure(extra="hooks:\n  - fail.py\n")
    site.write("fail.py", "def on_post_build(config):\n    raise RuntimeError('boom')\n")
    with pytest.raises(RuntimeError):
        session.build()
    assert tree_digest(site.root / "site") == before
    (site.root / "fail.py").unlink()
    site.configure()
    EDITS["entry summary"](site)
    assert session.build().ok
    _same_tree(tree_digest(site.root / "site"), _full_build(site, tmp_path))


def test_build_dirty_is_correct(site: Site, tmp_path: Path) -> None:
    """`mkdocs build --dirty` in a fresh process knows nothing of the last build: it writes every page."""
    corpus(site)
    assert site.build_cli().returncode == 0
    for edit in ("deleted entry", "article deleted", "alias added"):
        EDITS[edit](site)
    result = site.build_cli("--dirty")
    assert result.returncode == 0, result.stderr
    dirty = tree_digest(site.root / "site")
    assert site.build_cli().returncode == 0
    assert dirty == tree_digest(site.root / "site")


def test_unknown_plugins_mean_full_rebuilds(site: Site, tmp_path: Path) -> None:
    corpus(site)
    site.configure(extra="hooks:\n  - probe.py\n")
    site.write("probe.py", "def on_page_markdown(markdown, page, config, files):\n    return markdown\n")
    session = ServeSession(site)
    assert session.build().ok
    EDITS["deleted entry"](site)
    assert session.build().ok
    stats = session.plugin.tracker.stats
    assert not stats.incremental and "probe" in stats.reason
    assert "people/olena-vorenka.md" in stats.rendered
    assert not (site.root / "site/glossary/kharkiv/index.html").exists()


def test_make_serve_is_incremental_unless_full() -> None:
    root = Path(__file__).parent.parent
    spec = importlib.util.spec_from_file_location("serve_script", root / "scripts" / "serve.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.serve_command(8000, [])[3:] == ["serve", "--dev-addr", "127.0.0.1:8000", "--dirty"]
    assert "--dirty" not in script.serve_command(8000, ["--full"])
    assert "--full" not in script.serve_command(8000, ["--full"])
    assert "scripts/serve.py $(PORT) $(if $(FULL),--full)" in (root / "Makefile").read_text(encoding="utf-8")


# -- what entry pages and previews read besides their own entry ---------------------------------


def linked_corpus(site: Site) -> None:
    """The corpus, with entries whose text names other entries, an article's own links to entry pages
    (one entry only linked by hand), and passages that make entries related."""
    corpus(site)
    site.person("olena-vorenka", "Olena Vorenka", ["Vorenka"], summary="Mayor near the reservoir, born in Kharkiv.")
    site.person("rustem-umerov", "Rustem Umerov", ["Umerov"], summary="Signed the Delta accord.")
    site.person("mira-holt", "Mira Holt", [], summary="An analyst nobody mentions by name.")
    site.page("c.md", "# Gamma\n\nA quiet article. See [her profile](people/mira-holt.md).\n")


def _rewrite(site: Site, rel: str, old: str, new: str) -> None:
    path = site.root / "docs" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


LINKED_EDITS: dict[str, Callable[[Site], None]] = {
    # Kharkiv is related to Vorenka and Umerov (a.md's first paragraph), named in Vorenka's summary.
    "related entry's summary": lambda s: s.term("kharkiv", "Kharkiv", summary="A *new* city summary."),
    "related entry renamed": lambda s: s.term("kharkiv", "Kharkiv city", ["Kharkiv"]),
    "entry named in another's text edited": lambda s: s.term(
        "delta-accord", "Delta accord", kind="event", date="2025-05-01", summary="Changed."
    ),
    "alias makes another entry's text link": lambda s: s.term("kakhovka-dam", "Kakhovka Dam", ["reservoir"]),
    "entry's text names one more entry": lambda s: s.person(
        "rustem-umerov", "Rustem Umerov", ["Umerov"], summary="Signed the Delta accord in Kharkiv."
    ),
    "quoted paragraph edited": lambda s: _rewrite(s, "a.md", "in Kharkiv.", "in Kharkiv on a cold Monday."),
    "quoted section heading added": lambda s: _rewrite(s, "a.md", "# Alpha\n\n", "# Alpha\n\n## The meeting\n\n"),
    "quoting article retitled": lambda s: _rewrite(s, "b.md", "# Beta", "# Beta, the dam"),
    "passage relates two entries": lambda s: s.page("d.md", "# Delta\n\nThe Kakhovka Dam and Vorenka, together.\n"),
    "alias an article's title names": lambda s: s.term("delta-accord", "Delta accord", ["Gamma"], kind="event"),
    "hand link added": lambda s: _rewrite(
        s, "b.md", "breached.", "breached. [Who is Vorenka?](people/olena-vorenka.md)"
    ),
    "hand-linked entry's summary": lambda s: s.person("mira-holt", "Mira Holt", [], summary="Now *edited*."),
    "hand-linked entry deleted": lambda s: (s.root / "annotations/people/mira-holt.yml").unlink(),
    "hand link to an entry that appears": lambda s: (
        _rewrite(s, "c.md", "quiet article.", "quiet article. And [him](people/ivo-brand.md)."),
        s.person("ivo-brand", "Ivo Brand", []),
    ),
}

LINKED_NOT_RENDERED = {
    # Articles an edit must not render again: it changes their cards, or other pages' view of them.
    "related entry's summary": {"a.md", "b.md", "c.md"},
    "quoted paragraph edited": {"b.md", "c.md"},
    "hand-linked entry's summary": {"a.md", "b.md", "c.md"},
}


def _linked_rebuild(site: Site, kind: str) -> ServeSession:
    """The linked corpus built, then `kind` edited and built again in the same session."""
    linked_corpus(site)
    session = ServeSession(site)
    assert session.build().ok
    LINKED_EDITS[kind](site)
    again = session.build()
    assert again.ok, again.error
    return session


@pytest.mark.parametrize("kind", list(LINKED_EDITS))
def test_dirty_rebuild_follows_what_entry_pages_and_previews_read(site: Site, tmp_path: Path, kind: str) -> None:
    """Entry pages read other entries (their linked text, related entries, cards) and articles (the
    passage cards of "Mentioned in"); articles read the cards of the entries they link by hand."""
    session = _linked_rebuild(site, kind)
    stats = session.plugin.tracker.stats
    assert stats.incremental, stats.reason
    assert not LINKED_NOT_RENDERED.get(kind, set()) & set(stats.rendered)
    _same_tree(tree_digest(site.root / "site"), _full_build(site, tmp_path))
    # A second, unrelated edit in the same session: the state this rebuild left is right too.
    site.term("kharkiv", "Kharkiv", summary="Second edit.")
    assert session.build().ok
    _same_tree(tree_digest(site.root / "site"), _full_build(site, tmp_path / "2"))


def test_the_cards_of_a_kept_page_follow_the_entries_it_links_by_hand(site: Site) -> None:
    stats = _linked_rebuild(site, "hand-linked entry's summary").plugin.tracker.stats
    assert "c.md" not in stats.rendered and "c.md" in stats.patched
    assert "Now <em>edited</em>." in site.html("c/index.html")


def test_a_kept_entry_page_quotes_the_article_as_it_reads_now(site: Site) -> None:
    stats = _linked_rebuild(site, "quoted paragraph edited").plugin.tracker.stats
    assert "people/olena-vorenka.md" in stats.written
    assert "on a cold Monday." in site.html("people/olena-vorenka/index.html")


def _with_i18n(site: Site) -> None:
    yml = site.root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  - search\n", "  - search\n" + i18n_plugin("en", "fr")))
    site.page("index.fr.md", "# Accueil\n\nUmerov était là.\n")


def test_build_dirty_with_i18n_is_refused_plainly(site: Site) -> None:
    corpus(site)
    _with_i18n(site)
    assert site.build_cli().returncode == 0
    before = tree_digest(site.root / "site")
    result = site.build_cli("--dirty")
    assert result.returncode != 0
    assert "`mkdocs build --dirty` is not supported with mkdocs-static-i18n" in result.stderr
    assert "without `--dirty`" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(site.root / "site") == before


def test_serve_dirty_with_i18n_rebuilds_every_page(site: Site, tmp_path: Path) -> None:
    """A preview of a site in several languages rebuilds in full, and says so."""
    linked_corpus(site)
    _with_i18n(site)
    session = ServeSession(site)
    assert session.build().ok
    LINKED_EDITS["related entry's summary"](site)
    again = session.build()
    assert again.ok, again.error
    stats = session.plugin.tracker.stats
    assert not stats.incremental and "i18n" in stats.reason
    assert any("every page was rebuilt" in line for line in again.logs)
    _same_tree(tree_digest(site.root / "site"), _full_build(site, tmp_path))


def test_cards_are_written_in_full_when_the_published_block_is_not_found(site: Site, tmp_path: Path) -> None:
    """The published page's card block is found by its fingerprint; edited by hand, the page is
    written again through the theme instead."""
    corpus(site)
    session = ServeSession(site)
    assert session.build().ok
    page = site.root / "site/a/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Summary of", "Tampered summary of"), encoding="utf-8")
    EDITS["entry summary"](site)
    assert session.build().ok
    stats = session.plugin.tracker.stats
    assert "a.md" in stats.written and "a.md" not in stats.patched and "b.md" in stats.patched
    _same_tree(tree_digest(site.root / "site"), _full_build(site, tmp_path))


def _no_leftovers(site: Site) -> None:
    deadline = time.monotonic() + 60
    while [p for p in site.root.iterdir() if ".explainer-" in p.name] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p.name for p in site.root.iterdir() if ".explainer-" in p.name] == []


def test_a_preview_deletes_the_replaced_site_after_each_rebuild(site: Site) -> None:
    corpus(site)
    session = ServeSession(site)
    for edit in ("entry summary", "article edit"):
        assert session.build().ok
        EDITS[edit](site)
    assert session.build().ok
    _no_leftovers(site)
    assert (site.root / "site/a/index.html").is_file()


def test_a_replaced_site_left_by_a_stopped_preview_is_deleted(site: Site) -> None:
    corpus(site)
    (site.root / ".site.explainer-trash-999999-3/a").mkdir(parents=True)
    assert site.build().ok
    assert [p.name for p in site.root.iterdir() if ".explainer-" in p.name] == []


# -- what a serve rebuild does to the published site ---------------------------------------------


def test_a_serve_rebuild_moves_only_what_it_wrote_into_the_published_site(site: Site, tmp_path: Path) -> None:
    """No new site is swapped in: the files written replace theirs one by one, the rest stay as they
    were (the same files), and a file the sources no longer make is deleted with its folder."""
    corpus(site)
    session = ServeSession(site)
    assert session.build().ok
    root = site.root / "site"
    folder, quiet, cards = (
        root.stat().st_ino,
        (root / "c/index.html").stat().st_ino,
        (root / "a/index.html").stat().st_ino,
    )
    exports = {p: (root / p).stat().st_ino for p in ("a/annotations.jsonld", "b/annotations.jsonld", "entries.json")}
    theme = {p: (root / p).stat().st_ino for p in ("404.html", "sitemap.xml", "sitemap.xml.gz")}
    EDITS["entry summary"](site)
    assert session.build().ok
    assert root.stat().st_ino == folder
    assert (root / "c/index.html").stat().st_ino == quiet
    assert (root / "a/index.html").stat().st_ino != cards  # Its cards changed.
    # A summary is in the index of entries, not in the pages' annotations.
    assert [p for p, ino in exports.items() if (root / p).stat().st_ino != ino] == ["entries.json"]
    # The same navigation and addresses: the 404 page and the sitemap are not made again.
    assert [p for p, ino in theme.items() if (root / p).stat().st_ino != ino] == []
    _no_leftovers(site)  # The emptied staging folder is deleted by a thread.
    _same_tree(tree_digest(root), _full_build(site, tmp_path))
    EDITS["deleted entry"](site)
    assert session.build().ok
    assert not (root / "glossary/kharkiv").exists()
    _same_tree(tree_digest(root), _full_build(site, tmp_path / "2"))


def test_a_published_site_deleted_by_hand_is_written_again_whole(site: Site, tmp_path: Path) -> None:
    corpus(site)
    session = ServeSession(site)
    assert session.build().ok
    shutil.rmtree(site.root / "site")
    EDITS["article edit"](site)
    assert session.build().ok
    _same_tree(tree_digest(site.root / "site"), _full_build(site, tmp_path))


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_server_collects_garbage_between_rebuilds_and_keeps_none(site: Site) -> None:
    """After a build the server collects once and freezes what survived (idlegc.py); what becomes
    garbage later, frozen or not, is freed by the collection after the next build."""
    corpus(site)
    session = ServeSession(site)
    held = [_Cycle()]
    alive = weakref.ref(held[0])
    try:
        assert session.build().ok
        collector = session.plugin.collector
        assert collector.idle.wait(30) and collector.collections >= 1
        assert gc.get_freeze_count() > 0
        held.clear()  # Garbage now, in a cycle, and frozen: an ordinary collection leaves it.
        gc.collect()
        assert alive() is not None
        assert session.build().ok
        assert collector.idle.wait(30)
        assert alive() is None
    finally:
        gc.unfreeze()


def test_a_merge_that_would_put_a_file_where_a_folder_is_moves_nothing(site: Site) -> None:
    """`Stage.merge` refuses (and the rebuild swaps a whole site in, as a build does) where a file it
    wrote would replace a published folder or sit below a published file."""
    config = load_config(str(site.root / "mkdocs.yml"))
    config.site_dir = str(site.root / "site")
    site.write("site/x/index.html", "old")
    site.write("site/y", "a file")
    for written in ("x", "y/index.html"):
        stage = staging.Stage.begin(config)
        site.write(Path(stage.staging.name, written).as_posix(), "new")
        assert stage.merge(config, [], {"x/index.html", "y"}) is None
        assert (site.root / "site/x/index.html").read_text() == "old" and (stage.staging / written).is_file()
        stage.abort()
