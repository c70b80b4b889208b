"""Sidenotes on wide screens (issue 13), in real Chromium: from 1600 px the context notes sit in the
margin beside their passages, level with them or pushed below the note above, never overlapping
each other, the text or the TOC; they follow resizing, reflowing text, <details> opening and
closing, and Material's instant navigation. Narrower screens, print and no JavaScript keep the
endnotes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sitekit
import xp_kit
from conftest import Pages, Site, watched_pages
from xp_kit import OPEN_DELAY, axe_violations, js_constant

pytestmark = pytest.mark.browser

WIDE = {"viewport": {"width": 1600, "height": 1000}}
GAP = js_constant("NOTE_GAP")
SLACK = 3  # px: a note's top may differ this much from its passage's first line

FILLER = (
    "The delegations met again in the afternoon, and the mediators kept the agenda short so that "
    "each side could report back before the evening. Observers said the tone was businesslike."
)
ARTICLE = f"""# Margins

## First

Alpha: the ceasefire line moved. Beta: prisoners were exchanged. Gamma: the plant stayed shut.

{FILLER}

{FILLER}

??? note "Background"

    Inside the block the delta passage waits for a reader.

{FILLER}

{FILLER}

Epsilon closes the page, and [Kyiv](explainer:kyiv) is named once.
"""
QUOTES = {
    "line": "the ceasefire line moved",
    "prisoners": "prisoners were exchanged",
    "plant": "the plant stayed shut",
    "delta": "the delta passage waits",
    "epsilon": "Epsilon closes the page",
}


@pytest.fixture(scope="module")
def notes_site(tmp_path_factory: pytest.TempPathFactory, browser_executable: str) -> Iterator[Site]:
    source = sitekit.Site(tmp_path_factory.mktemp("xp-sidenotes") / "src")
    source.configure(extra="  - admonition\n  - pymdownx.details\n")
    source.term("kyiv", "Kyiv")
    source.page("index.md", "# Home\n\nRead [the margins](margins.md).\n")
    source.page("margins.md", ARTICLE)
    body = "A longer note. " * 12
    source.notes("margins.md", [{"id": k, "quote": q, "body": body} for k, q in QUOTES.items()])
    root: Path = source.root / "site"
    root.mkdir(parents=True)
    with xp_kit.StaticServer(root) as server:
        # Material's instant navigation follows links under site_url only: the server's address
        yml = source.root / "mkdocs.yml"
        features = "  font: false\n  features:\n    - navigation.instant\n"
        yml.write_text(f"site_url: {server.url}\n" + yml.read_text().replace("  font: false\n", features))
        result = source.build(strict=True)
        assert result.ok, result.error
        yield Site(server.url, root, "sidenotes")


@pytest.fixture
def notes_pages(browser: Any, notes_site: Site) -> Iterator[Pages]:
    yield from watched_pages(browser, notes_site)


def layout(page: Any) -> dict[str, Any]:
    """Where the notes, their passages (or what shows of them), the text and the TOC are."""
    return dict(
        page.evaluate(
            """() => {
      const box = e => e && e.getBoundingClientRect().toJSON();
      const shown = e => { while (e && !e.checkVisibility()) e = e.parentElement; return e; };
      const notes = [...document.querySelectorAll('li.xp-endnote')].map(li => {
        const id = li.dataset.xpNote;
        const p = shown(document.querySelector(`.xp-note-passage[data-xp-note="${id}"]`));
        return {id, box: box(li), passage: p.getClientRects()[0].toJSON(), position: getComputedStyle(li).position};
      });
      return {side: document.documentElement.classList.contains('xp-sidenotes'), notes,
              text: box(document.querySelector('article.md-content__inner')),
              toc: box(document.querySelector('.md-sidebar--secondary'))};
    }"""
        )
    )


def check_margin_layout(page: Any) -> dict[str, Any]:
    """The notes are in the margin, each level with its passage or just below the note above."""
    got = layout(page)
    assert got["side"], "no sidenotes"
    below = -1e9
    for note in got["notes"]:
        b, p = note["box"], note["passage"]
        assert note["position"] == "absolute"
        assert b["left"] >= got["text"]["right"], f"{note['id']} covers the text"
        assert b["right"] <= got["toc"]["left"], f"{note['id']} covers the TOC"
        assert b["top"] >= below - 0.5, f"{note['id']} overlaps the note above"
        wanted = max(p["top"], below)
        assert abs(b["top"] - wanted) <= SLACK, (note["id"], b["top"], p["top"], below)
        below = b["bottom"] + GAP
    return got


def top_of(got: dict[str, Any], note_id: str) -> float:
    return float(next(n["box"]["top"] for n in got["notes"] if n["id"] == note_id))


def test_notes_sit_beside_their_passages_pushed_down_where_they_crowd(notes_pages: Pages) -> None:
    page = notes_pages.new("margins/", **WIDE)
    got = check_margin_layout(page)
    # three notes on one line: the first is level with it, the next two are stacked below it
    tops = [top_of(got, k) for k in ("line", "prisoners", "plant")]
    passages = [next(n["passage"]["top"] for n in got["notes"] if n["id"] == k) for k in ("line", "prisoners")]
    assert passages[0] == pytest.approx(passages[1], abs=1)
    assert tops[0] < tops[1] < tops[2]
    # the text keeps a readable measure beside the column
    assert got["text"]["width"] >= 640
    # the section's heading stays for screen readers only
    assert page.locator("#xp-endnotes-title").bounding_box()["width"] <= 1


def test_a_note_in_a_closed_details_block_waits_by_its_summary_and_follows_it_open(notes_pages: Pages) -> None:
    page = notes_pages.new("margins/", **WIDE)
    assert not page.locator('.xp-note-passage[data-xp-note="delta"]').is_visible()
    got = check_margin_layout(page)  # level with the closed block, or below the note above
    epsilon_before = top_of(got, "epsilon")
    page.click("details summary")
    page.wait_for_function("() => document.querySelector('details').open")
    page.wait_for_timeout(150)
    got = check_margin_layout(page)
    assert top_of(got, "epsilon") > epsilon_before, "the notes below did not move with the text"
    page.click("details summary")
    page.wait_for_timeout(150)
    got = check_margin_layout(page)
    assert top_of(got, "epsilon") == pytest.approx(epsilon_before, abs=1)


def test_notes_follow_resizing_and_reflowing_text(notes_pages: Pages) -> None:
    page = notes_pages.new("margins/", **WIDE)
    check_margin_layout(page)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.wait_for_function("() => !document.documentElement.classList.contains('xp-sidenotes')")
    got = layout(page)
    assert {n["position"] for n in got["notes"]} == {"static"}
    assert page.locator(".xp-endnotes").is_visible()
    page.set_viewport_size({"width": 1800, "height": 1000})
    page.wait_for_function("() => document.documentElement.classList.contains('xp-sidenotes')")
    page.wait_for_timeout(100)
    check_margin_layout(page)
    # text that reflows later (a web font arriving, a bigger font): the notes follow it
    before = top_of(layout(page), "epsilon")
    page.add_style_tag(content="article.md-content__inner p { font-size: 1.3em; }")
    page.wait_for_timeout(150)
    got = check_margin_layout(page)
    assert top_of(got, "epsilon") > before + 20


def test_a_sidenote_lights_up_with_its_passage_and_opens_no_card(notes_pages: Pages) -> None:
    page = notes_pages.new("margins/", **WIDE)
    note = page.locator('li.xp-endnote[data-xp-note="epsilon"]')
    closed = note.bounding_box()["height"]
    page.hover('.xp-note-passage[data-xp-note="epsilon"]')
    page.wait_for_timeout(OPEN_DELAY + 200)
    assert page.locator(".xp-card").count() == 0, "the note is already in view: no card"
    assert "xp-lit" in (note.get_attribute("class") or "")
    assert note.bounding_box()["height"] > closed, "the lit note shows in full"
    ref = page.locator('.xp-note-ref a[data-xp-note="epsilon"]')
    assert ref.get_attribute("aria-haspopup") is None and ref.get_attribute("role") == "doc-noteref"
    page.mouse.move(5, 900)
    page.wait_for_function("() => !document.querySelector('li.xp-endnote.xp-lit')")
    # a mention still opens its card
    page.hover('a.xp-mention[data-xp-entry="kyiv"]')
    page.wait_for_selector(".xp-card", state="visible")


def test_a_notes_number_leads_to_the_sidenote_beside_it(notes_pages: Pages) -> None:
    page = notes_pages.new("margins/", **WIDE)
    page.click('.xp-note-ref a[data-xp-note="epsilon"]')
    page.wait_for_url(re.compile(r".*#xp-note--epsilon$"))
    page.wait_for_selector('li.xp-endnote[data-xp-note="epsilon"].xp-target')  # shown as the target
    note = page.locator('li.xp-endnote[data-xp-note="epsilon"]')
    box, passage = note.bounding_box(), page.locator('.xp-note-passage[data-xp-note="epsilon"]').bounding_box()
    assert 0 <= box["y"] < 1000 and 0 <= passage["y"] < 1000, "note and passage are both in view"


@pytest.mark.parametrize("how", ["load", "instant navigation"])
def test_a_page_opened_at_a_notes_address_shows_that_sidenote(notes_pages: Pages, how: str) -> None:
    if how == "load":
        page = notes_pages.new("margins/#xp-note--epsilon", **WIDE)
    else:  # a link from another page of the site, followed by Material's instant navigation
        page = notes_pages.new("", **WIDE)
        page.evaluate("document.querySelector('article a[href$=\"margins/\"]').hash = 'xp-note--epsilon'")
        page.evaluate("window.__sameDocument = true")
        page.click('article a[href*="margins/"]')
        page.wait_for_url(re.compile(r".*/margins/#xp-note--epsilon$"))
        assert page.evaluate("window.__sameDocument") is True
    page.wait_for_timeout(300)
    box = page.locator('li.xp-endnote[data-xp-note="epsilon"]').bounding_box()
    assert 0 <= box["y"] < 1000 and check_margin_layout(page)


@pytest.mark.parametrize("how", ["print", "no javascript"])
def test_print_and_no_javascript_keep_the_endnotes(notes_pages: Pages, how: str) -> None:
    if how == "print":
        page = notes_pages.new("margins/", **WIDE)
        page.emulate_media(media="print")
    else:
        page = notes_pages.new("margins/", java_script_enabled=False, **WIDE)
        assert not layout(page)["side"]
    got = layout(page)
    assert {n["position"] for n in got["notes"]} == {"static"}
    first = got["notes"][0]["box"]
    assert first["left"] < got["text"]["right"] and first["top"] > got["notes"][-1]["passage"]["top"]


# ------------------------------------------------------------------------ the real site
def test_the_shipped_article_has_sidenotes_at_1600_and_none_at_1280(real_pages: Pages) -> None:
    page = real_pages.new("abu-dhabi-talks/", **WIDE)
    got = check_margin_layout(page)
    assert len(got["notes"]) >= 10
    page = real_pages.new("abu-dhabi-talks/", viewport={"width": 1280, "height": 900})
    assert not layout(page)["side"]
    assert page.locator(".xp-endnotes h2").is_visible()


def test_sidenotes_are_laid_out_after_instant_navigation(notes_pages: Pages) -> None:
    page = notes_pages.new("", **WIDE)
    page.evaluate("window.__sameDocument = true")
    page.click('article a[href$="margins/"]')
    page.wait_for_url(re.compile(r".*/margins/$"))
    page.wait_for_function("() => document.documentElement.classList.contains('xp-sidenotes')")
    assert page.evaluate("window.__sameDocument") is True, "expected Material instant navigation"
    page.wait_for_timeout(200)
    check_margin_layout(page)
    # and back to a page without notes: the margin goes with them
    page.go_back()
    page.wait_for_selector("h1:text('Home')")
    page.wait_for_function("() => !document.documentElement.classList.contains('xp-sidenotes')")
    assert page.evaluate("window.__sameDocument") is True


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_sidenotes_showing(real_pages: Pages, scheme: str) -> None:
    page = real_pages.new("abu-dhabi-talks/", color_scheme=scheme, reduced_motion="reduce", **WIDE)
    check_margin_layout(page)
    page.hover(".xp-note-passage")  # one note lit and open in full
    page.keyboard.press("Tab")  # keyboard modality: focus opens cards
    page.locator("a.xp-mention").first.focus()
    page.wait_for_selector(".xp-card", state="visible")
    assert axe_violations(page) == []
