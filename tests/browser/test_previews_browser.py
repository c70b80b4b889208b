"""Previews everywhere an entry is linked (issue 13), in real Chromium: the indexes, the timeline
and the "Mentioned in" lists open the same cards as article mentions, by hover, focus and tap,
with Esc, the phone's bottom sheet, the reader's switch and plain links without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
from xp_kit import CLOSE_DELAY, OPEN_DELAY, axe_violations, rect, tab_to

pytestmark = pytest.mark.browser

CARD = ".xp-card"
PHONE = {"viewport": {"width": 390, "height": 700}, "has_touch": True, "is_mobile": True}
INDEX_UMEROV = 'a.xp-preview[data-xp-entry="rustem-umerov"]'
INDEX_WITKOFF = 'a.xp-preview[data-xp-entry="steve-witkoff"]'
BACKLINK_TALKS = '.xp-backlinks a.xp-preview[data-xp-passage][href*="talks/"]'
BACKLINK_SECOND = '.xp-backlinks a.xp-preview[data-xp-passage][href*="second/"]'


def title(page: Any) -> str:
    return str(page.locator(f"{CARD} .xp-card-title").inner_text())


# ---------------------------------------------------------------------------- indexes
def test_an_index_link_opens_its_card_on_hover_and_closes_after_the_grace(pages: Any) -> None:
    page = pages.new("people/")
    page.hover(INDEX_WITKOFF)
    page.wait_for_selector(CARD, state="visible")
    assert title(page) == "Steve Witkoff"
    assert page.locator(INDEX_WITKOFF).get_attribute("aria-expanded") == "true"
    # the card switches to the next entry the pointer rests on (the line above: the card is below)
    page.hover(INDEX_UMEROV)
    page.wait_for_function("() => document.querySelector('.xp-card .xp-card-title')?.textContent === 'Rustem Umerov'")
    assert page.locator(CARD).count() == 1
    page.mouse.move(5, 700)
    page.wait_for_timeout(CLOSE_DELAY + 200)
    assert page.locator(CARD).count() == 0


def test_an_index_link_opens_its_card_on_focus_and_esc_closes_it(pages: Any) -> None:
    page = pages.new("people/")
    tab_to(page, INDEX_WITKOFF)
    page.wait_for_selector(CARD, state="visible")
    assert title(page) == "Steve Witkoff"
    # its links stay out of the Tab order until Down arrow leads into it
    assert page.evaluate("[...document.querySelectorAll('.xp-card a')].every(a => a.tabIndex === -1)")
    page.keyboard.press("Escape")
    page.wait_for_selector(CARD, state="detached")
    assert page.evaluate(f"document.activeElement.matches('{INDEX_WITKOFF}')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/people/steve-witkoff/$"))


def test_an_index_link_opens_a_sheet_on_the_first_tap_and_navigates_on_the_second(pages: Any) -> None:
    page = pages.new("people/", **PHONE)
    url = page.url
    page.tap(INDEX_UMEROV)
    page.wait_for_selector(CARD, state="visible")
    assert page.url == url, "the first tap must not follow the link"
    assert "xp-card--sheet" in (page.locator(CARD).get_attribute("class") or "")
    page.tap(INDEX_UMEROV)
    page.wait_for_url(re.compile(r".*/people/rustem-umerov/$"))


@pytest.mark.parametrize(("path", "entry", "name"), [
    ("glossary/", "minsk-agreements", "Minsk agreements"),
    ("timeline/", "minsk-agreements", "Minsk agreements"),
])  # fmt: skip
def test_the_glossary_and_the_timeline_open_cards_too(pages: Any, path: str, entry: str, name: str) -> None:
    page = pages.new(path)
    page.hover(f'a.xp-preview[data-xp-entry="{entry}"]')
    page.wait_for_selector(CARD, state="visible")
    assert title(page) == name


# ---------------------------------------------------------------- "Mentioned in" (backlinks)
def test_a_backlink_previews_the_passage_it_leads_to(pages: Any) -> None:
    page = pages.new("people/rustem-umerov/")
    page.hover(BACKLINK_TALKS)
    page.wait_for_selector(CARD, state="visible")
    card = page.locator(CARD)
    assert card.get_attribute("data-xp-kind") == "passage"
    assert title(page) == "Abu Dhabi talks"
    assert card.locator("mark").inner_text() == "Rustem Umerov"
    context = card.locator(".xp-passage-context").inner_text()
    assert "The Ukrainian delegation was led by Rustem Umerov, who arrived on Tuesday morning." in context
    assert "[1]" not in context, "the note marker is not part of the passage's words"
    more = card.locator(".xp-card-more a")
    assert more.get_attribute("href") == page.locator(BACKLINK_TALKS).get_attribute("href")
    # the other backlink: the other article's paragraph
    page.hover(BACKLINK_SECOND)
    page.wait_for_function("() => document.querySelector('.xp-card .xp-card-title')?.textContent === 'Second article'")
    assert page.locator(f"{CARD} mark").inner_text() == "Rustem Umerov"


def test_a_backlink_preview_opens_on_focus_and_leads_into_the_article(pages: Any) -> None:
    page = pages.new("people/rustem-umerov/")
    tab_to(page, BACKLINK_TALKS)
    page.wait_for_selector(CARD, state="visible")
    link = page.locator(BACKLINK_TALKS)
    assert link.get_attribute("aria-haspopup") == "dialog" and link.get_attribute("aria-expanded") == "true"
    described = link.get_attribute("aria-describedby") or ""
    assert "Rustem Umerov" in page.locator(f"#{described}").inner_text()
    # Down arrow into the card, then its "Go to the passage" link
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.xp-card') !== null")
    page.keyboard.press("Escape")
    page.wait_for_selector(CARD, state="detached")
    assert page.evaluate(f"document.activeElement.matches('{BACKLINK_TALKS}')")


def test_a_backlink_tapped_twice_arrives_at_the_mention(pages: Any) -> None:
    page = pages.new("people/rustem-umerov/", **PHONE)
    page.locator(BACKLINK_TALKS).scroll_into_view_if_needed()
    page.tap(BACKLINK_TALKS)
    page.wait_for_selector(CARD, state="visible")
    assert "xp-card--sheet" in (page.locator(CARD).get_attribute("class") or "")
    page.tap(BACKLINK_TALKS)
    page.wait_for_url(re.compile(r".*/talks/#xp-m--rustem-umerov$"))
    page.wait_for_selector('a.xp-mention[data-xp-entry="rustem-umerov"].xp-target')
    assert page.locator(CARD).count() == 0


def test_switched_off_or_without_javascript_previews_are_plain_links(pages: Any) -> None:
    page = pages.new("people/")
    page.locator(".xp-toggle").click()
    page.hover(INDEX_UMEROV)
    page.mouse.move(rect(page, INDEX_UMEROV)["left"] + 3, rect(page, INDEX_UMEROV)["top"] + 3)
    page.wait_for_timeout(OPEN_DELAY + 200)
    assert page.locator(CARD).count() == 0
    assert page.locator(INDEX_UMEROV).get_attribute("aria-haspopup") is None

    page = pages.new("people/rustem-umerov/", java_script_enabled=False)
    assert not page.locator(".xp-cards").first.is_visible()
    page.click(BACKLINK_TALKS)
    page.wait_for_url(re.compile(r".*/talks/#xp-m--rustem-umerov$"))


# ------------------------------------------------------------------------ the real site
REAL = {
    "people index": ("people/", "a.xp-preview[data-xp-entry]"),
    "glossary index": ("glossary/", "a.xp-preview[data-xp-entry]"),
    "timeline": ("timeline/", "a.xp-preview[data-xp-entry]"),
    "entry (Mentioned in)": ("people/vladimir-putin/", "a.xp-preview[data-xp-passage]"),
    "key questions": ("key-questions/", "a.xp-mention[data-xp-entry]"),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(REAL))
def test_axe_finds_nothing_with_a_preview_open(real_pages: Any, kind: str, scheme: str) -> None:
    path, trigger = REAL[kind]
    page = real_pages.new(path, color_scheme=scheme, reduced_motion="reduce")
    page.keyboard.press("Tab")  # keyboard modality: focus opens cards
    page.locator(trigger).first.focus()
    page.wait_for_selector(CARD, state="visible")
    assert axe_violations(page) == []
