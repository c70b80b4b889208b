"""Cards open on mentions inside pymdownx tab panels and open details blocks, on Material (issue 11)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sitekit
import xp_kit
from conftest import Pages, Site, watched_pages
from test_compat import CASES, _write_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def compat_site(tmp_path_factory: pytest.TempPathFactory, browser_executable: str) -> Iterator[Site]:
    """The compatibility suite's pymdownx site on Material (tabs, details, footnotes, snippets …)."""
    source = sitekit.Site(tmp_path_factory.mktemp("xp-compat") / "src")
    _write_site(source, CASES["pymdownx-material"])
    result = source.build(strict=True)
    assert result.ok, result.error
    root: Path = source.root / "site"
    with xp_kit.StaticServer(root) as server:
        yield Site(server.url, root, "compat")


@pytest.fixture
def compat_pages(browser: Any, compat_site: Site) -> Iterator[Pages]:
    yield from watched_pages(browser, compat_site)


def _card_on_hover(page: Any, selector: str) -> str:
    """Hover the mention; return the title of the card that opens, then move away until it closes."""
    page.mouse.move(5, 5)
    page.locator(selector).hover()
    page.wait_for_selector(".xp-card", state="visible")
    title = str(page.locator(".xp-card .xp-card-title").inner_text())
    page.mouse.move(5, 5)
    page.wait_for_selector(".xp-card", state="detached")
    return title


def test_cards_open_in_tab_panels_and_open_details(compat_pages: Pages) -> None:
    page = compat_pages.new("guide/")
    assert _card_on_hover(page, "#xp-m--lviv") == "Lviv"  # the first tab's panel, shown at load
    page.locator(".tabbed-labels label", has_text="Other").click()
    assert page.locator("#xp-m--odesa").is_visible()
    assert _card_on_hover(page, "#xp-m--odesa") == "Odesa"  # the second panel, once chosen
    assert _card_on_hover(page, "#xp-m--poltava") == "Poltava"  # inside an open details block
    # In a closed details block the mention is hidden; opening it makes its card work.
    page.locator("summary", has_text="Dnipro summary").click()
    assert _card_on_hover(page, "#xp-m--dnipro") == "Dnipro"
