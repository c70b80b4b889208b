"""The repository's own site (mkdocs.yml + content/ + annotations/): every card opens, and
axe-core finds no serious or critical violation with a card open, in both palettes."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from xp_kit import article_paths, axe_blocking

pytestmark = pytest.mark.browser

CHECK_ALL_CARDS = """() => {
  const bad = [];
  const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
  const triggers = document.querySelectorAll('a.xp-mention, .xp-note-ref a[data-xp-note]');
  for (const t of triggers) {
    t.focus();
    const c = document.querySelector('.xp-card');
    const label = t.id || t.textContent;
    if (!c) { bad.push('no card for ' + label); continue; }
    const title = document.getElementById(c.getAttribute('aria-labelledby'));
    if (!title || !title.textContent.trim()) bad.push('untitled card for ' + label);
    const r = c.getBoundingClientRect();
    if (r.left < 0 || r.top < 0 || r.right > vw || r.bottom > vh) bad.push('outside: ' + label);
    if (c.previousElementSibling !== t && c.previousElementSibling !== t.parentNode)
      bad.push('card not next to ' + label);
  }
  return [triggers.length, bad];
}"""


def test_every_mention_and_note_on_the_real_site_opens_its_card(real_pages: Any) -> None:
    paths = article_paths(real_pages.site.root)
    assert paths, "no article with mentions in the built site"
    for path in paths:
        for viewport in ({"width": 1280, "height": 800}, {"width": 390, "height": 700}):
            page = real_pages.new(path, viewport=viewport)
            page.keyboard.press("Tab")  # keyboard modality: focus() opens cards
            count, bad = page.evaluate(CHECK_ALL_CARDS)
            assert count > 0
            assert bad == [], (path, viewport)
    hosts = sorted({u.split("/")[2] for u in real_pages.stubbed})
    if hosts:
        warnings.warn(
            f"Material makes third-party requests to {', '.join(hosts)} (theme.font / repo_url in mkdocs.yml)",
            stacklevel=1,
        )


@pytest.mark.parametrize(
    ("kind", "scheme"),
    [
        ("article", "light"),
        ("article", "dark"),
        ("entry", "light"),
        ("entry", "dark"),
        ("people-index", "light"),
        ("glossary-index", "dark"),
        ("timeline", "light"),
    ],
)
def test_axe_on_the_real_site(real_pages: Any, kind: str, scheme: str) -> None:
    root: Path = real_pages.site.root
    if kind == "article":
        path = article_paths(root)[0]
    elif kind == "entry":
        path = sorted(p.parent.name for p in (root / "people").glob("*/index.html"))[0]
        path = f"people/{path}/"
    else:
        path = {"people-index": "people/", "glossary-index": "glossary/"}.get(kind, "timeline/")
        if not (root / path / "index.html").exists():
            pytest.skip(f"no {path} in the site")
    page = real_pages.new(path, color_scheme=scheme, reduced_motion="reduce")
    trigger = page.locator("a.xp-mention, .xp-note-ref a").first
    if trigger.count():
        page.keyboard.press("Tab")
        trigger.focus()
        page.wait_for_selector(".xp-card", state="visible")
    elif kind == "article":
        pytest.fail("article without mentions")
    assert axe_blocking(page) == []
