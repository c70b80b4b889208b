"""The plugin needs no Material: it builds a site on MkDocs' own theme with Material not importable."""

from __future__ import annotations

import os
import subprocess
import sys

from sitekit import Site

# `material` and its submodules raise ImportError, as if mkdocs-material were not installed.
WITHOUT_MATERIAL = (
    "import sys\n"
    "sys.modules['material'] = None\n"
    "from mkdocs.__main__ import cli\n"
    "cli(['build', '--strict'])\n"
)


def test_builds_with_mkdocs_theme_when_material_is_not_installed(site: Site) -> None:
    yml = site.root.joinpath("mkdocs.yml").read_text(encoding="utf-8")
    site.write("mkdocs.yml", yml.replace("  name: material\n  font: false\n", "  name: mkdocs\n"))
    site.term("kyiv", "Kyiv")
    site.page("index.md", "# Home\n\nKyiv.\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_MATERIAL], cwd=site.root, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    html = site.html("index.html")
    assert 'id="xp-m--kyiv"' in html and 'id="xp-card--kyiv"' in html
    assert (site.root / "site" / "glossary" / "kyiv" / "index.html").is_file()
