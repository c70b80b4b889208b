"""axe-core and screen-reader checks, with a card open where the page has one."""

from __future__ import annotations

from typing import Any

import pytest
from xp_kit import axe_blocking, tab_to

pytestmark = pytest.mark.browser


def open_first_card(page: Any) -> bool:
    if not page.locator("a.xp-mention").count():
        return False
    sel = "#" + str(page.locator("a.xp-mention").first.get_attribute("id"))
    tab_to(page, sel)
    page.wait_for_selector(".xp-card", state="visible")
    return True


@pytest.mark.parametrize(
    ("path", "scheme"),
    [
        ("talks/", "light"),
        ("talks/", "dark"),
        ("people/rustem-umerov/", "light"),
        ("people/", "light"),
        ("glossary/", "dark"),
    ],
)
def test_axe_finds_no_serious_violations(pages: Any, path: str, scheme: str) -> None:
    page = pages.new(path, color_scheme=scheme, reduced_motion="reduce")
    had_card = open_first_card(page)
    if path == "talks/":
        assert had_card
    assert axe_blocking(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_a_note_card_and_the_switch_off(pages: Any, scheme: str) -> None:
    page = pages.new(color_scheme=scheme, reduced_motion="reduce")
    tab_to(page, "#xp-noteref--twenty-percent")
    page.wait_for_selector(".xp-card", state="visible")
    assert axe_blocking(page) == []
    page.keyboard.press("Escape")
    page.locator(".xp-toggle").click()
    assert axe_blocking(page) == []


def test_mentions_announce_their_note_once_and_hidden_copies_stay_silent(pages: Any) -> None:
    from playwright.sync_api import expect

    page = pages.new()
    mention = page.locator("#xp-m--rustem-umerov")
    expect(mention).to_have_accessible_name("Rustem Umerov")
    expect(mention).to_have_accessible_description(
        "Ukraine's lead negotiator at the Abu Dhabi talks; earlier Minister of Defence."
    )
    assert mention.get_attribute("aria-haspopup") == "dialog"
    assert mention.get_attribute("aria-expanded") == "false"
    note = page.locator("#xp-noteref--twenty-percent")
    expect(note).to_have_accessible_name("Context note 1: What the 20% includes")

    # the hidden data copies are not in the accessibility tree
    tree = page.locator("body").aria_snapshot()
    assert "lead negotiator" not in tree
    assert "Secretary of the National Security" not in tree

    # an open card is a labelled, non-modal dialog, present once
    tab_to(page, "#xp-m--rustem-umerov")
    dialog = page.get_by_role("dialog", name="Rustem Umerov")
    expect(dialog).to_be_visible()
    assert dialog.get_attribute("aria-modal") is None
    tree = page.locator("body").aria_snapshot()
    assert tree.count("lead negotiator") == 1
