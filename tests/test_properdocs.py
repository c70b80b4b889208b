"""ProperDocs, the maintained fork of MkDocs 1.x: the same site, byte for byte, and its own config name.

Both engines are installed side by side (the test extra): ProperDocs only answers `import mkdocs`
inside its own command, so each build here is its own process, named explicitly rather than
through `engine` (that module picks one engine for the whole run; these tests need both).
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import Site

pytest.importorskip("properdocs", reason="ProperDocs is in the test extra: pip install -e '.[test]'")

REPO = Path(__file__).resolve().parent.parent
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")
WARNING_PAGE = "---\nA line of prose between two rules.\n---\n\n# Title\n\nText.\n"
"""A page the plugin warns about (an opening thematic break), for `--strict`."""


def run(engine: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run(
        [sys.executable, "-m", engine, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def normalised_tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site, with the generator tag and the sitemap dates blanked."""
    out: dict[str, bytes] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":  # The gzip header carries the build time: compare what it holds.
            data = gzip.decompress(data)
        out[path.relative_to(site).as_posix()] = LASTMOD.sub(b"<lastmod/>", GENERATOR.sub(b"<generator/>", data))
    return out


def test_shipped_site_is_byte_identical_under_both_engines(tmp_path: Path) -> None:
    builds = {}
    for engine in ("mkdocs", "properdocs"):
        result = run(engine, "build", "--strict", "-d", str(tmp_path / engine), cwd=REPO)
        assert result.returncode == 0, result.stderr
        builds[engine] = normalised_tree(tmp_path / engine)
    assert builds["mkdocs"].keys() == builds["properdocs"].keys()
    different = [rel for rel, data in builds["mkdocs"].items() if builds["properdocs"][rel] != data]
    assert different == []
    # The generator tag is the one difference, so the comparison above really saw both engines.
    page = (tmp_path / "properdocs" / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in re.search(r'<meta name="generator" content="([^"]*)">', page).group(1)  # type: ignore[union-attr]


def test_properdocs_strict_build_counts_the_plugins_warnings(site: Site) -> None:
    site.page("index.md", "# Home\n\nThe first version.\n")
    assert run("properdocs", "build", "--strict", cwd=site.root).returncode == 0
    site.page("index.md", WARNING_PAGE)
    result = run("properdocs", "build", "--strict", cwd=site.root)
    assert result.returncode == 1, result.stderr
    assert "docs/index.md:2:1: warning: the page opens with `---`" in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
    # The plugin saw ProperDocs' count of warnings, so the failed build left the previous site in place.
    assert "The first version." in site.html("index.html")


def test_properdocs_yml_is_built_and_checked(site: Site) -> None:
    site.person("rustem-umerov", "Rustem Umerov", aliases=["Umerov"])
    site.page("index.md", "# Home\n\nUmerov met people in Kyiv.\n")
    (site.root / "mkdocs.yml").rename(site.root / "properdocs.yml")
    built = run("properdocs", "build", "--strict", cwd=site.root)
    assert built.returncode == 0, built.stderr
    assert 'data-xp-entry="rustem-umerov"' in site.html("index.html")
    checked = run("mkdocs_explainer", "check", cwd=site.root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no mkdocs.yml" not in checked.stderr


def test_check_prefers_properdocs_yml_as_properdocs_does(site: Site) -> None:
    site.page("index.md", "# Home\n\nText.\n")
    site.write("properdocs.yml", "site_name: Without the plugin\ndocs_dir: docs\n")
    checked = run("mkdocs_explainer", "check", cwd=site.root)
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert "plugin" in checked.stderr
