"""A page that opens with `---`, text, `---` is content to MkDocs: a warning, not a refused build."""

from __future__ import annotations

import subprocess
import sys

from sitekit import Site

OPENING = "---\nA line of prose between two rules.\n---\n\n# Title\n\nText.\n"


def test_thematic_break_opening_builds_with_a_warning(site: Site) -> None:
    site.page("index.md", OPENING)
    result = site.build()
    assert result.ok, result.error
    warnings = [line for line in result.logs if line.startswith("WARNING") and "opens with `---`" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("WARNING: docs/index.md:2:1: warning: the page opens with `---`, text and `---`")
    assert "A line of prose between two rules." in site.html("index.html")


def test_explainer_check_reports_it_as_a_warning(site: Site) -> None:
    site.page("index.md", OPENING)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_explainer", "check"],
        cwd=site.root, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "docs/index.md:2:1: warning: the page opens with `---`" in result.stdout + result.stderr


def test_broken_yaml_front_matter_is_still_an_error(site: Site) -> None:
    site.page("index.md", "---\ntitle: [unclosed\n---\n\n# Title\n")
    result = site.build()
    assert not result.ok
    assert "front matter is not valid YAML" in result.error
