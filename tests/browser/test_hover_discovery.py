"""How the browser tests find Chromium, and what happens without one (no browser needed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import xp_kit

REPO = xp_kit.REPO


def test_playwright_chromium_is_preferred(tmp_path: Path) -> None:
    own = tmp_path / "chrome"
    own.write_text("")
    debian = tmp_path / "chromium"
    debian.write_text("")
    assert xp_kit.find_browser(str(own), (str(debian),)) == ""


def test_debian_chromium_is_the_fallback(tmp_path: Path) -> None:
    debian = tmp_path / "chromium"
    debian.write_text("")
    missing = str(tmp_path / "not-installed" / "chrome")
    assert xp_kit.find_browser(missing, (str(debian),)) == str(debian)
    assert xp_kit.launch_kwargs(str(debian))["executable_path"] == str(debian)
    assert "--no-sandbox" in xp_kit.launch_kwargs(str(debian))["args"]
    assert "executable_path" not in xp_kit.launch_kwargs("")


def test_no_browser_at_all(tmp_path: Path) -> None:
    assert xp_kit.find_browser(str(tmp_path / "nope"), (str(tmp_path / "nope2"),)) is None


def _run_without_browser(ci: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XP_NO_BROWSER="1", CI=ci, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         "tests/browser/test_hover_cards.py::test_passing_over_a_mention_does_not_open_it"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize("ci", ["", "true"])
def test_missing_browser_skips_locally_and_fails_on_ci(ci: str) -> None:
    proc = _run_without_browser(ci)
    out = proc.stdout + proc.stderr
    assert "playwright install chromium" in out, out
    if ci:
        assert proc.returncode != 0, out
        assert "CI=true" in out
    else:
        assert proc.returncode == 0, out
        assert "1 skipped" in out
