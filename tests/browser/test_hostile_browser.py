"""The hostile corpus in Chromium: every card opened, no dialog, no script run, no request out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import xp_kit
from hostile_corpus import MARKDOWN_VECTORS, build_hostile_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory, browser_executable: str) -> Iterator[tuple[str, Path]]:
    site = build_hostile_site(tmp_path_factory.mktemp("hostile-browser") / "repo")
    with xp_kit.StaticServer(site.root / "site") as server:
        yield server.url, site.root / "site"


class Watch:
    """Dialogs, page errors and requests that leave the test server."""

    def __init__(self, page: Any, origin: str) -> None:
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.errors: list[str] = []

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        def on_request(request: Any) -> None:
            if not request.url.startswith((origin, "data:", "about:", "blob:")):
                self.outside.append(request.url)

        page.on("dialog", on_dialog)
        page.on("request", on_request)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        # A payload that ran would leave a trace here even if it never opened a dialog.
        page.add_init_script(
            "window.__ran = [];"
            "for (const name of ['alert', 'confirm', 'prompt', 'print']) {"
            "  const real = window[name];"
            "  window[name] = (...args) => { window.__ran.push(name); return real.apply(window, args); };"
            "}"
        )


def test_every_card_opens_and_nothing_runs(browser: Any, hostile_url: tuple[str, Path]) -> None:
    url, _ = hostile_url
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        watch = Watch(page, url.rstrip("/"))
        page.goto(url)
        page.wait_for_selector(".xp-toggle", state="attached")
        triggers = page.locator("article a.xp-mention, article sup.xp-note-ref a")
        count = triggers.count()
        assert count > 2 * len(MARKDOWN_VECTORS)
        for i in range(count):
            triggers.nth(i).focus()
            card = page.locator(".xp-card")
            card.wait_for(state="visible", timeout=3000)
            assert card.locator(".xp-card-title, .xp-endnote-title").first.inner_text().strip()
            page.keyboard.press("Escape")
            card.wait_for(state="detached", timeout=3000)
        assert page.evaluate("window.__ran") == []
        assert watch.dialogs == [] and watch.outside == [] and watch.errors == []
    finally:
        context.close()


def test_payloads_show_as_inert_text(browser: Any, hostile_url: tuple[str, Path]) -> None:
    url, _ = hostile_url
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        watch = Watch(page, url.rstrip("/"))
        page.goto(url)
        page.wait_for_selector(".xp-toggle", state="attached")
        page.locator("#xp-m--p1").focus()
        summary = page.locator(".xp-card .xp-card-summary")
        summary.wait_for(state="visible")
        assert "<img src=x onerror=alert(1)>" in summary.inner_text()
        assert page.locator(".xp-card script, .xp-card [onerror], .xp-card-summary svg, .xp-card-summary img").count() == 0
        page.keyboard.press("Escape")
        title = page.locator("#xp-m--p1").inner_text()
        assert "' autofocus onfocus='alert(1)" in title
        assert page.evaluate("window.__ran") == [] and watch.dialogs == []
    finally:
        context.close()


def test_every_generated_page_loads_without_running_a_payload(browser: Any, hostile_url: tuple[str, Path]) -> None:
    url, root = hostile_url
    paths = sorted(p.parent.relative_to(root).as_posix() for p in root.rglob("index.html") if "search" not in p.parts)
    assert len(paths) > 2 * len(MARKDOWN_VECTORS)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        watch = Watch(page, url.rstrip("/"))
        for path in paths:
            page.goto(url + ("" if path == "." else path + "/"), wait_until="load")
            assert page.evaluate("window.__ran") == [], path
        assert watch.dialogs == [] and watch.outside == [] and watch.errors == []
    finally:
        context.close()
