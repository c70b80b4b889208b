"""`enabled: false` (or `!ENV` that says so) switches the plugin off: the site builds as without it."""

from __future__ import annotations

import pytest
from sitekit import Site


@pytest.mark.parametrize(("env", "on"), [("false", False), ("true", True), (None, True)])
def test_enabled_follows_the_environment(site: Site, monkeypatch: pytest.MonkeyPatch, env: str | None, on: bool) -> None:
    if env is None:
        monkeypatch.delenv("XP_ENABLED", raising=False)
    else:
        monkeypatch.setenv("XP_ENABLED", env)
    site.configure(":\n      enabled: !ENV [XP_ENABLED, true]\n      csp: true")
    site.term("kyiv", "Kyiv")
    site.page("index.md", "# Home\n\nKyiv.\n")
    assert site.build(strict=True).ok
    html = site.html("index.html")
    built = site.root / "site"
    assert ("xp-mention" in html) is on
    assert ("explainer.js" in html) is on
    assert ("Content-Security-Policy" in html) is on
    assert (built / "glossary" / "kyiv" / "index.html").exists() is on
    assert (built / "assets" / "explainer" / "explainer.css").exists() is on


def test_disabled_plugin_does_not_read_the_annotations(site: Site) -> None:
    site.configure(":\n      enabled: false")
    site.write("annotations/glossary/broken.yml", "term: [unclosed\n")
    site.page("index.md", "# Home\n")
    assert site.build(strict=True).ok
