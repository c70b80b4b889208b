"""The hostile corpus in Chromium, under the shipped site's Material features (content.tooltips,
navigation.instant, search.highlight…), with and without the plugin's `csp: true`.

Every link and mention is hovered and focused, every card opened, every generated page loaded:
no dialog, no payload run, and no request leaves 127.0.0.1 (every request is routed and
recorded; any other host is refused and fails the test).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import xp_kit
from hostile_corpus import MARKDOWN_VECTORS, build_hostile_site, shipped_theme_config
from playwright.sync_api import Error as PlaywrightError

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=[False, True], ids=["no-csp", "csp"])
def hostile_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, browser_executable: str
) -> Iterator[tuple[str, Path]]:
    options = ":\n      csp: true" if request.param else ""
    site = build_hostile_site(tmp_path_factory.mktemp("hostile-browser") / "repo", shipped_theme_config(), options)
    with xp_kit.StaticServer(site.root / "site") as server:
        yield server.url, site.root / "site"


class Watch:
    """Dialogs, page errors, payloads that ran, and every request that is not to the test server."""

    def __init__(self, context: Any, origin: str) -> None:
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.origin = origin

        def route(route: Any) -> None:
            url = route.request.url
            if url.startswith((origin + "/", "data:", "blob:", "about:")) or url == origin:
                route.continue_()
            else:
                self.outside.append(url)
                route.abort()

        context.route("**/*", route)
        # A payload that ran would leave a trace here even if it never opened a dialog.
        context.add_init_script(
            "window.__ran = [];"
            "for (const name of ['alert', 'confirm', 'prompt', 'print']) {"
            "  const real = window[name];"
            "  window[name] = (...args) => { window.__ran.push(name); return real.apply(window, args); };"
            "}"
        )

    def page(self, context: Any) -> Any:
        page = context.new_page()

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        return page

    def assert_clean(self, page: Any) -> None:
        assert page.evaluate("window.__ran") == []
        assert self.dialogs == [] and self.outside == [], (self.dialogs, self.outside)
        # Under the CSP a blocked inline handler is reported, not run: only that is allowed.
        assert [e for e in self.errors if "Content Security Policy" not in e] == []


@contextlib.contextmanager
def watched(browser: Any, url: str, width: int = 1280, height: int = 800) -> Iterator[Any]:
    """A page in a fresh context under a `Watch`; clean at the end, or the test fails."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        watch = Watch(context, url.rstrip("/"))
        page = watch.page(context)
        yield page
        watch.assert_clean(page)
    finally:
        context.close()


EVERYTHING = "article a, article [title], .md-header [title], .md-ellipsis"
HEADER = ".md-header [title], .md-ellipsis"
# The middle of an element scrolled into view, or null when something else is on top there.
REACHABLE = """el => {
  el.scrollIntoView({block: "center", inline: "nearest"});
  const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
  const top = r.width && r.height ? document.elementFromPoint(x, y) : null;
  return top && (top === el || el.contains(top) || top.contains(el)) ? [x, y] : null;
}"""


def _hover_everything(page: Any, selector: str = EVERYTHING) -> None:
    """Hover every link and every element with a title (Material mounts its tooltips on
    hover), then focus every link, as a reader with a mouse and one with a keyboard would."""
    targets = page.locator(selector)
    for i in range(targets.count()):
        # Brought into view, then the real pointer moved onto it, if it is what a reader would
        # touch there: covered or off-canvas (the theme's drawer), nothing a reader could hover.
        with contextlib.suppress(PlaywrightError):
            point = targets.nth(i).evaluate(REACHABLE, timeout=2000)
            if point:
                page.mouse.move(*point)
    if selector == EVERYTHING:  # the article's links are the same at every width: focused once
        # Held as handles: an opening card adds links of its own, a closing one removes them.
        for link in page.locator("article a").element_handles():
            with contextlib.suppress(PlaywrightError):
                link.focus()
    page.wait_for_timeout(300)


def test_every_card_opens_and_nothing_runs(browser: Any, hostile_url: tuple[str, Path]) -> None:
    url, _ = hostile_url
    with watched(browser, url) as page:
        page.goto(url)
        page.wait_for_selector(".xp-toggle", state="attached")
        triggers = page.locator("article a.xp-mention, article sup.xp-note-ref a")
        count = triggers.count()
        assert count > 2 * len(MARKDOWN_VECTORS)
        card = page.locator(".xp-card")
        for i in range(count):
            triggers.nth(i).focus()
            card.wait_for(state="visible", timeout=3000)
            assert card.locator(".xp-card-title, .xp-endnote-title").first.inner_text().strip()
            # Inside the open card too: every link hovered (Material's tooltips), none may run.
            links = card.locator("a")
            for j in range(links.count()):
                links.nth(j).hover(timeout=2000, force=True)
            page.keyboard.press("Escape")
            card.wait_for(state="detached", timeout=3000)
        triggers.first.hover()
        card.wait_for(state="visible", timeout=3000)


def test_payloads_show_as_inert_text(browser: Any, hostile_url: tuple[str, Path]) -> None:
    url, _ = hostile_url
    with watched(browser, url) as page:
        page.goto(url)
        page.wait_for_selector(".xp-toggle", state="attached")
        page.locator("#xp-m--p1").focus()
        summary = page.locator(".xp-card .xp-card-summary")
        summary.wait_for(state="visible")
        assert "<img src=x onerror=alert(1)>" in summary.inner_text()
        assert page.locator(".xp-card script, .xp-card [onerror], .xp-card-summary svg, .xp-card-summary img").count() == 0
        page.keyboard.press("Escape")
        assert "' autofocus onfocus='alert(1)" in page.locator("#xp-m--p1").inner_text()


@pytest.mark.parametrize(("width", "selector"), [(1280, EVERYTHING), (480, HEADER)], ids=["wide", "narrow"])
def test_every_generated_page_hovered_without_running_a_payload(
    browser: Any, hostile_url: tuple[str, Path], width: int, selector: str
) -> None:
    """Every page, wide with every link hovered and focused, and narrow (where Material's header
    shows a long page title in a tooltip) with the header hovered, scrolled so that it shows the
    page's title. (The article's own links are the same at both widths.)"""
    url, root = hostile_url
    paths = sorted(p.parent.relative_to(root).as_posix() for p in root.rglob("index.html") if "search" not in p.parts)
    assert len(paths) > 2 * len(MARKDOWN_VECTORS)
    with watched(browser, url, width, 700) as page:
        for path in paths:
            page.goto(url + ("" if path == "." else path + "/"), wait_until="load")
            page.mouse.wheel(0, 2000)
            _hover_everything(page, selector)
            assert page.evaluate("window.__ran") == [], path


def test_instant_navigation_between_hostile_pages(browser: Any, hostile_url: tuple[str, Path]) -> None:
    """Material's instant navigation swaps pages in place: the new page's cards still run nothing."""
    url, _ = hostile_url
    with watched(browser, url) as page:
        page.goto(url + "people/")
        page.wait_for_selector(".xp-toggle", state="attached")
        page.locator("article a").first.click()
        page.wait_for_url("**/people/p*/")
        page.locator("article a[href*='#']").first.wait_for(state="attached")
        page.go_back()
        page.wait_for_url("**/people/")
        page.locator("nav a[href$='/'], .md-nav a").first.click()
        page.wait_for_load_state("load")
        _hover_everything(page)
