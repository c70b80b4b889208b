"""The shipped assets under a strict Content-Security-Policy, on a page without Material
(no `document$`: set up on DOMContentLoaded; the switch is a plain button in the article)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from xp_kit import ASSETS, StaticServer, png, tab_to, watch

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "csp"
CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"


def test_cards_work_under_a_strict_csp_without_material(browser: Any, tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    for name in ("explainer.js", "explainer.css"):
        shutil.copy(ASSETS / name, tmp_path / name)
    (tmp_path / "favicon.ico").write_bytes(png(16, 16))
    with StaticServer(tmp_path, headers={"Content-Security-Policy": CSP}) as server:
        ctx = browser.new_context(viewport={"width": 1000, "height": 700})
        try:
            page = ctx.new_page()
            problems = watch(page)
            page.goto(server.url)
            toggle = page.locator("article > button.xp-toggle")
            assert toggle.inner_text().strip() == "Preview cards"
            tab_to(page, "#xp-m--rustem-umerov")
            page.wait_for_selector(".xp-card", state="visible")
            assert page.locator(".xp-card .xp-card-title").inner_text() == "Rustem Umerov"
            page.keyboard.press("Escape")
            page.hover(".xp-note-passage")
            page.wait_for_selector('.xp-card[data-xp-kind="note"]', state="visible")
            box = page.locator(".xp-card").bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1000
            page.mouse.move(1, 690)
            page.wait_for_selector(".xp-card", state="detached")
            toggle.click()
            assert toggle.get_attribute("aria-pressed") == "false"
        finally:
            ctx.close()
    assert problems == []
