"""Fixtures for the real-browser tests of the explainer's cards.

* One Chromium per session (pytest-playwright's ``browser``), found the way a user's machine
  has it: Playwright's own Chromium if installed, else Debian's /usr/bin/chromium. With
  neither, the browser tests are skipped -- except under CI=true, where they fail.
* One tiny site, built once per session with ``mkdocs build`` and served on 127.0.0.1.
* ``pages``: new pages in fresh contexts; any console error, page error, failed request or
  request to another host fails the test.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import xp_kit

try:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright
except ImportError:  # pragma: no cover - playwright is a test dependency
    Browser = BrowserContext = Page = Playwright = Any  # type: ignore[misc,assignment]


def _on_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def browser_executable(playwright: Playwright) -> str:
    """ "" for Playwright's own Chromium, else a path; skip (fail on CI) when there is none."""
    try:
        own = playwright.chromium.executable_path
    except Exception:
        own = ""
    found = xp_kit.find_browser(own)
    if found is None:
        if _on_ci():
            pytest.fail(f"CI=true and {xp_kit.INSTALL_HINT}", pytrace=False)
        pytest.skip(xp_kit.INSTALL_HINT)
    return found


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], browser_executable: str) -> dict[str, Any]:
    """pytest-playwright's launch args + our Chromium and flags (lets plain `pytest` work)."""
    return {**browser_type_launch_args, **xp_kit.launch_kwargs(browser_executable)}


@dataclass
class Site:
    url: str
    root: Path
    mode: str  # "plugin": built by the explainer plugin; "contract": hand-written contract HTML

    def __call__(self, path: str = "") -> str:
        return self.url + path


@pytest.fixture(scope="session")
def tiny_site(tmp_path_factory: pytest.TempPathFactory, browser_executable: str) -> Iterator[Site]:
    base = tmp_path_factory.mktemp("xp")
    root = base / "site"
    root.mkdir()
    with xp_kit.StaticServer(root) as server:
        use_plugin = xp_kit.plugin_available()
        cfg = xp_kit.write_tiny_site(base / "project", server.url, use_plugin)
        xp_kit.build_site(cfg, root)
        yield Site(server.url, root, "plugin" if use_plugin else "contract")


class Pages:
    def __init__(self, browser: Browser, site: Site, stub_hosts: tuple[str, ...] = ()) -> None:
        """``stub_hosts``: third-party hosts the site is known to use (answered with an empty
        response and listed in ``stubbed``); a request to any other host is a problem."""
        self.browser = browser
        self.site = site
        self.stub_hosts = stub_hosts
        self.stubbed: list[str] = []
        self.contexts: list[BrowserContext] = []
        self.problems: list[str] = []

    def context(self, **kwargs: Any) -> BrowserContext:
        args: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
        args.update(kwargs)
        ctx = self.browser.new_context(**args)
        self.contexts.append(ctx)
        return ctx

    def watch(self, page: Page) -> Page:
        origin = self.site.url.rstrip("/")

        def on_console(msg: Any) -> None:
            if msg.type == "error":
                self.problems.append(f"console.error: {msg.text}")

        stubbed = tuple(f"https://{h}/" for h in self.stub_hosts)

        def on_request(req: Any) -> None:
            if not req.url.startswith((origin, "data:", "blob:", "about:", *stubbed)):
                self.problems.append(f"request to another host: {req.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on("request", on_request)
        page.on(
            "requestfailed",
            lambda req: self.problems.append(f"request failed: {req.url} {req.failure}"),
        )
        return page

    def _stub(self, route: Any) -> None:
        url = route.request.url
        self.stubbed.append(url)
        if url.startswith("https://api.github.com/"):
            route.fulfill(status=200, body="{}", content_type="application/json")
        else:
            route.fulfill(status=200, body="", content_type="text/css")

    def new(self, path: str | None = "talks/", **ctx_kwargs: Any) -> Page:
        page = self.watch(self.context(**ctx_kwargs).new_page())
        for host in self.stub_hosts:
            page.route(f"https://{host}/**", self._stub)
        if path is not None:
            page.goto(self.site(path))
            page.wait_for_function(
                "() => !!document.querySelector('.xp-toggle') || !document.documentElement.classList.contains('js')"
            )
        return page

    def close(self) -> None:
        for ctx in self.contexts:
            ctx.close()


def watched_pages(browser: Browser, site: Site, stub_hosts: tuple[str, ...] = ()) -> Iterator[Pages]:
    """A `Pages` fixture's body: the test fails on any problem the browser reported."""
    p = Pages(browser, site, stub_hosts)
    yield p
    p.close()
    assert not p.problems, "browser reported problems:\n" + "\n".join(p.problems)


@pytest.fixture
def pages(browser: Browser, tiny_site: Site) -> Iterator[Pages]:
    yield from watched_pages(browser, tiny_site)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory, browser_executable: str) -> Iterator[Site]:
    """The repository's own site (mkdocs.yml, content/, annotations/), built once."""
    cfg = xp_kit.REPO / "mkdocs.yml"
    if not cfg.exists() or not xp_kit.plugin_available():
        pytest.skip("the repository's mkdocs.yml or the explainer plugin is not there yet")
    root = tmp_path_factory.mktemp("xp-real") / "site"
    root.mkdir()
    with xp_kit.StaticServer(root) as server:
        xp_kit.build_site(cfg, root)
        yield Site(server.url, root, "real")


# Third-party requests Material itself makes, depending on mkdocs.yml: theme fonts from Google
# (unless `theme.font: false`) and repository facts from GitHub's API (with `repo_url`).
MATERIAL_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com", "api.github.com")


@pytest.fixture
def real_pages(browser: Browser, real_site: Site) -> Iterator[Pages]:
    yield from watched_pages(browser, real_site, MATERIAL_HOSTS)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: needs a real browser (Chromium)")
