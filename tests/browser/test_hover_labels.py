"""The words the front end writes (close button, card switch) come from the page, in the site's language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sitekit
import xp_kit
from conftest import Pages, Site
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ukrainian_pages(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pages]:
    site = sitekit.Site(tmp_path_factory.mktemp("uk") / "src")
    yml = site.root / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("  font: false\n", "  font: false\n  language: uk\n"))
    site.person("rustem-umerov", "Rustem Umerov", aliases=["Umerov"])
    site.page("index.md", "# Home\n\nUmerov went to Geneva.\n")
    assert site.build(strict=True).ok
    with xp_kit.StaticServer(Path(site.root / "site")) as server:
        pages = Pages(browser, Site(server.url, site.root / "site", "plugin"))
        yield pages
        pages.close()


def test_close_button_and_switch_speak_the_sites_language(ukrainian_pages: Pages) -> None:
    page: Any = ukrainian_pages.new("")
    switch = page.locator(".xp-toggle")
    assert switch.get_attribute("aria-label") == "Картки з поясненнями"
    assert switch.get_attribute("title") == "Картки з поясненнями увімкнено"
    xp_kit.tab_to(page, "#" + str(page.locator("a.xp-mention").first.get_attribute("id")))
    page.wait_for_selector(".xp-card", state="visible")
    assert page.locator(".xp-card .xp-card-close").get_attribute("aria-label") == "Закрити"
    assert page.locator(".xp-card .xp-card-more a").inner_text().startswith("Докладніше")
    switch.click()
    assert switch.get_attribute("title") == "Картки з поясненнями вимкнено"
    assert ukrainian_pages.problems == []
