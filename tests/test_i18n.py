"""mkdocs-static-i18n rebuilds the file list per language; the generated pages must survive it."""

from __future__ import annotations

import re

from sitekit import Site

I18N = """\
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
          build: true
        - locale: fr
          name: Français
          build: true
"""


def test_static_i18n_builds_every_language_with_the_generated_pages(site: Site) -> None:
    yml = site.root.joinpath("mkdocs.yml").read_text(encoding="utf-8")
    site.write("mkdocs.yml", yml.replace("  - search\n", "  - search\n" + I18N))
    site.term("kyiv", "Kyiv")
    site.page("index.md", "# Home\n\nKyiv in English.\n")
    site.page("index.fr.md", "# Accueil\n\nKyiv en français.\n")
    result = site.build(strict=True)
    assert result.ok, result.error
    built = site.root / "site"
    for prefix in ("", "fr/"):
        home = site.html(f"{prefix}index.html")
        assert 'id="xp-m--kyiv"' in home and 'id="xp-card--kyiv"' in home, prefix
        assert home.count("explainer.js") == 1, prefix  # on_config ran again for "fr": assets added once
        # The entry pages are generated once per site (the annotations have one language).
        href = re.search(r'<a class="xp-mention"[^>]*href="([^"]+)"', home)
        assert href and (built / prefix / href.group(1) / "index.html").resolve().is_file(), prefix
    assert "en français" in site.html("fr/index.html")
    assert not list(site.root.glob(".site.explainer-*")), "the staging folder was swapped in"
