"""Incremental rebuilds: after each kind of edit, a dirty rebuild writes the same site, byte for byte,
as a full build of the same sources, and renders only the pages the edit concerns."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sitekit import ServeSession, Site
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
