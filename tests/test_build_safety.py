"""A failed build loses nothing: clean messages, no traceback, the previous site left as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sitekit import Site


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def good(site: Site) -> Site:
    site.page("index.md", "# Home\n\nUmerov met people in Kyiv.\n")
    site.person("rustem-umerov", "Rustem Umerov", ["Umerov"])
    site.term("kyiv", "Kyiv")
    site.notes("index", [{"id": "met", "quote": "met people"}])
    result = site.build_cli()
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
def test_invalid_annotation_fails_cleanly_and_keeps_the_site(good: Site, strict: bool) -> None:
    before = tree_digest(good.root / "site")
    good.write("annotations/glossary/kyiv.yml", "term: Kyiv\nkind: planet\n")
    result = good.build_cli(*(["--strict"] if strict else []))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "annotations/glossary/kyiv.yml:2:7: error: `kind` must be one of" in result.stderr
    assert "annotations/glossary/kyiv.yml:1:1: error: missing required key `summary`" in result.stderr
    assert tree_digest(good.root / "site") == before


def test_error_found_while_rendering_keeps_the_site(good: Site) -> None:
    """A note whose passage was edited away is found only when the article renders."""
    before = tree_digest(good.root / "site")
    good.page("index.md", "# Home\n\nUmerov saw people in Kyiv.\n")
    result = good.build_cli()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "note `met`: passage “met people” is not in the rendered text of docs/index.md" in result.stderr
    assert tree_digest(good.root / "site") == before
    assert not [p.name for p in good.root.iterdir() if "explainer-" in p.name]


def test_success_replaces_the_site_and_leaves_no_staging_folder(good: Site) -> None:
    good.page("index.md", "# Home\n\nUmerov met people in Kyiv today.\n")
    result = good.build_cli()
    assert result.returncode == 0, result.stderr
    assert "met people</span>" in good.html("index.html") and "today." in good.html("index.html")
    assert sorted(p.name for p in good.root.iterdir()) == ["annotations", "docs", "mkdocs.yml", "site"]


def test_site_dir_is_restored_for_commands_that_read_it_after_the_build(good: Site) -> None:
    # `mkdocs gh-deploy` pushes config.site_dir once the build returns.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(good.root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg)
    assert Path(cfg.site_dir) == good.root / "site"


def test_two_builds_are_byte_identical(good: Site) -> None:
    first = tree_digest(good.root / "site")
    assert good.build_cli().returncode == 0
    second = tree_digest(good.root / "site")
    # The sitemap's gzip and lastmod carry the build date and time: compare the pages.
    assert {k: v for k, v in first.items() if "sitemap" not in k} == {
        k: v for k, v in second.items() if "sitemap" not in k
    }


def test_strict_build_of_valid_annotations_passes(good: Site) -> None:
    result = good.build_cli("--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
