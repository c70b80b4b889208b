"""A failed build loses nothing: clean messages, no traceback, the previous site left as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import engine
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
    result = site.build()  # In this process: faster; the builds under test run `mkdocs build`.
    assert result.ok, result.error
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


# -- the file system: full, read-only, mounted, linked ------------------------------------


@contextmanager
def mounted(*commands: list[str], at: Path) -> Iterator[None]:
    """Run `mount` commands for a test (root only), and unmount `at` afterwards, whatever happens."""
    at.mkdir(parents=True, exist_ok=True)
    for command in commands:
        done = subprocess.run(["mount", *command], capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            subprocess.run(["umount", "-l", str(at)], capture_output=True, timeout=30)
            pytest.skip(f"cannot mount here (`mount {' '.join(command)}`: {done.stderr.strip()})")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(at)], capture_output=True, timeout=30)


def assert_plain_failure(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    for phrase in phrases:
        assert phrase in output, output
    assert "The published site is unchanged." in output


def test_full_disk_is_one_plain_error_and_keeps_the_site(good: Site, tmp_path: Path) -> None:
    """The disk fits one site (about 2.7 MB) but not the old and the new side by side."""
    disk = tmp_path / "disk"
    with mounted(["-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], at=disk):
        out = disk / "site"
        assert good.build_cli("--site-dir", str(out)).returncode == 0
        before = tree_digest(out)
        good.page("index.md", "# Home\n\nUmerov met people in Kyiv again.\n")
        result = good.build_cli("--site-dir", str(out))
        assert_plain_failure(result, f"explainer: cannot write the new site next to `{out}`: No space left on device")
        assert [ln for ln in result.stderr.splitlines() if "explainer:" in ln] == [
            ln for ln in result.stderr.splitlines() if "No space left" in ln and "explainer:" in ln
        ]
        assert tree_digest(out) == before
        assert sorted(p.name for p in disk.iterdir()) == ["site"]


@pytest.mark.parametrize("kind", ["tmpfs", "bind"])
def test_site_dir_that_is_a_mount_point_is_refused_before_building(good: Site, tmp_path: Path, kind: str) -> None:
    out = tmp_path / "mnt"
    how = ["-t", "tmpfs", "tmpfs", str(out)] if kind == "tmpfs" else ["--bind", str(good.root / "site"), str(out)]
    with mounted(how, at=out):
        (out / "keep.html").write_text("published", encoding="utf-8")
        before = tree_digest(out)
        result = good.build_cli("--site-dir", str(out))
        assert_plain_failure(result, "is a mount point", "point site_dir at a folder inside the mount")
        assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if ".explainer-" in p.name] == []


def test_symlinked_site_dir_stays_a_link_and_its_target_gets_the_new_site(good: Site) -> None:
    published = good.root / "published"
    (good.root / "site").rename(published)
    (good.root / "site").symlink_to("published")
    good.page("index.md", "# Home\n\nUmerov met people in Kyiv again.\n")
    result = good.build_cli()
    assert result.returncode == 0, result.stderr
    assert (good.root / "site").is_symlink() and os.readlink(good.root / "site") == "published"
    assert "again." in (published / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in good.root.iterdir() if p.name.startswith(".")) == []


def test_immutable_site_folder_is_a_plain_error(good: Site) -> None:
    """Root ignores `chmod`, so the folder is made immutable (`chattr +i`): it cannot be renamed."""
    out = good.root / "site"
    if subprocess.run(["chattr", "+i", str(out)], capture_output=True, timeout=30).returncode != 0:
        pytest.skip("this file system does not support `chattr +i`")
    try:
        before = tree_digest(out)
        good.page("index.md", "# Home\n\nUmerov met people in Kyiv again.\n")
        result = good.build_cli()
        assert_plain_failure(result, "explainer: cannot replace `site`: Operation not permitted", "chattr -i")
        assert tree_digest(out) == before
    finally:
        subprocess.run(["chattr", "-i", str(out)], capture_output=True, timeout=30)
    assert [p.name for p in good.root.iterdir() if ".explainer-" in p.name] == []


def test_read_only_parent_folder_is_a_plain_error(good: Site, tmp_path: Path) -> None:
    parent = tmp_path / "ro"
    shutil.copytree(good.root / "site", parent / "site")
    before = tree_digest(parent / "site")
    with mounted(["--bind", str(parent), str(parent)], ["-o", "remount,ro,bind", str(parent)], at=parent):
        result = good.build_cli("--site-dir", str(parent / "site"))
        assert_plain_failure(result, "explainer: cannot create a staging folder next to", "Read-only file system")
        assert tree_digest(parent / "site") == before


def test_strict_build_that_fails_on_a_warning_keeps_the_site(good: Site) -> None:
    """MkDocs counts strict-mode warnings only after `on_post_build`, where the swap happens."""
    before = tree_digest(good.root / "site")
    good.page("index.md", "# Home\n\nUmerov met people in Kyiv. See [gone](gone.md).\n")
    result = good.build_cli("--strict")
    assert result.returncode == 1
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
    assert tree_digest(good.root / "site") == before
    assert [p.name for p in good.root.iterdir() if ".explainer-" in p.name] == []


def test_dirty_build_is_a_complete_build(good: Site) -> None:
    """`mkdocs build --dirty` builds every page (tests/test_incremental.py compares it with a full build)."""
    good.page("index.md", "# Home\n\nUmerov met people in Kyiv again.\n")
    result = good.build_cli("--dirty")
    assert result.returncode == 0, result.stderr
    assert "again." in good.html("index.html")
    assert [p.name for p in good.root.iterdir() if ".explainer-" in p.name] == []


def test_serve_dirty_still_builds(good: Site) -> None:
    """The preview may use dirty rebuilds (`mkdocs serve --dirty`); only published builds are refused."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(good.root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="serve", dirty=True)
    good.page("index.md", "# Home\n\nUmerov met people in Kyiv again.\n")
    build(cfg, dirty=True)
    assert "again." in good.html("index.html")


def test_concurrent_builds_keep_each_others_folders(good: Site, tmp_path: Path) -> None:
    """A build that starts while another is running leaves the other's staging folder alone."""
    hook = Path(__file__).parent / "fixtures" / "hooks" / "pause.py"
    good.configure(extra=f"hooks:\n  - {hook}\n")
    good.page("index.md", "# Home\n\nUmerov met people in Kyiv first.\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XP_PAUSE_AT": "post_build", "XP_PAUSE_DIR": str(tmp_path)}
    first = subprocess.Popen(
        engine.command("build"), cwd=good.root, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "paused").exists():
            assert first.poll() is None and time.monotonic() < deadline, "the first build never paused"
            time.sleep(0.02)
        (staging,) = [p for p in good.root.iterdir() if ".explainer-staging-" in p.name]
        good.page("index.md", "# Home\n\nUmerov met people in Kyiv second.\n")
        second = good.build_cli()
        assert second.returncode == 0, second.stderr
        assert "second." in good.html("index.html")
        assert staging.is_dir(), "the running build's staging folder was deleted"
        (tmp_path / "go").touch()
        out, _ = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(timeout=60)
    assert first.returncode == 0, out
    assert "first." in good.html("index.html")
    assert [p.name for p in good.root.iterdir() if ".explainer-" in p.name] == []
