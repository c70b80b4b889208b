#!/usr/bin/env python3
"""Screenshots of an explainer card for the README: light, dark and phone.

    .venv/bin/python scripts/screenshots.py            # the repository's site (mkdocs.yml)
    .venv/bin/python scripts/screenshots.py --tiny     # the browser tests' tiny site

Builds the site with `mkdocs build` into a temporary folder, serves it on 127.0.0.1, opens a
card in Chromium (Playwright's own, else /usr/bin/chromium) and writes
docs-assets/screenshots/card-light.png, card-dark.png, card-phone.png, the entry page a card
leads to: entry-light.png, entry-dark.png (1100 px wide) and entry-phone.png, and (`shoot_wide`)
sidenotes.png (an article 1600 px wide) and preview-backlink.png (a "Mentioned in" preview on an
entry page).
Requests to other hosts (Material's web fonts, GitHub API) are blocked, so the shots use
local fonts and need no network.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # xp_kit imports the tests' `engine`
sys.path.insert(0, str(REPO / "tests" / "browser"))

import xp_kit  # noqa: E402

OUT = REPO / "docs-assets" / "screenshots"
PREFERRED = ("rustem-umerov", "steve-witkoff")


def pick_mention(page: Any) -> str:
    """A selector for the first mention of a preferred person (by attribute: ids may change)."""
    for entry in PREFERRED:
        sel = f'a.xp-mention[data-xp-entry="{entry}"] >> nth=0'
        if page.locator(sel).count():
            return sel
    person = page.locator('a.xp-mention[data-xp-kind="person"]')
    loc = person if person.count() else page.locator("a.xp-mention")
    return f'a.xp-mention[data-xp-entry="{loc.first.get_attribute("data-xp-entry")}"] >> nth=0'


def block_other_hosts(page: Any, origin: str) -> None:
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(origin) else r.abort())


def clip_around(page: Any, selectors: list[str], pad: int = 40) -> Any:
    """The article's width, from just above the mention to just below the card."""
    boxes = [page.locator(s).bounding_box() for s in selectors]
    art = page.locator("article").first.bounding_box() or boxes[0]
    vp = page.viewport_size
    x0 = max(0, min([art["x"] - 16] + [b["x"] - pad for b in boxes]))
    x1 = min(vp["width"], max([art["x"] + art["width"] + 16] + [b["x"] + b["width"] + pad for b in boxes]))
    y0 = max(0, min(b["y"] for b in boxes) - 2 * pad)
    y1 = min(vp["height"], max(b["y"] + b["height"] for b in boxes) + pad)
    return {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}


def shoot_entry(page: Any, target: Path, *, whole_view: bool = False) -> Path:
    """The entry page the open card's "Read more" leads to: its header, mentions and related entries.

    On a wide screen the shot is cut to the article; on a phone (`whole_view`) it is the screen.
    """
    page.goto(page.locator(".xp-card .xp-card-more a").evaluate("a => a.href"))
    page.wait_for_selector(".xp-entry", state="attached")
    page.wait_for_timeout(300)
    if whole_view:
        page.screenshot(path=str(target))
        return target
    art = page.locator("article").first.bounding_box()
    end = page.locator(".xp-entry-footer").bounding_box() or art
    clip = {"x": max(0, art["x"] - 16), "y": max(0, art["y"] - 16), "width": art["width"] + 32,
            "height": min(end["y"] - art["y"] + 16, 1400)}  # fmt: skip
    page.screenshot(path=str(target), clip=clip, full_page=True)
    return target


def open_card(ctx: Any, url: str, path: str, *, tap: bool = False) -> tuple[Any, str]:
    """A new page of `ctx` at the article, its preferred mention's card open (hovered, or tapped)."""
    page = ctx.new_page()
    block_other_hosts(page, url.rstrip("/"))
    page.goto(url + path)
    page.wait_for_selector(".xp-toggle")
    sel = pick_mention(page)
    page.locator(sel).evaluate("a => a.scrollIntoView({block: 'center'})")
    if tap:
        page.tap(sel)
    else:
        page.hover(sel)
    page.wait_for_selector(".xp-card", state="visible")
    page.wait_for_timeout(400)  # image decode, the card's fade
    return page, sel


def shoot(site_root: Path, url: str, path: str, out: Path, executable: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(**xp_kit.launch_kwargs(executable))
        try:
            for scheme in ("light", "dark"):
                ctx = browser.new_context(
                    viewport={"width": 1100, "height": 720},
                    color_scheme=scheme,
                    reduced_motion="reduce",
                    device_scale_factor=1,
                )
                page, sel = open_card(ctx, url, path)
                target = out / f"card-{scheme}.png"
                page.screenshot(path=str(target), clip=clip_around(page, [sel, ".xp-card"]))
                written += [target, shoot_entry(page, out / f"entry-{scheme}.png")]
                ctx.close()
            ctx = browser.new_context(
                viewport={"width": 390, "height": 760},
                has_touch=True,
                is_mobile=True,
                device_scale_factor=1,
                reduced_motion="reduce",
            )
            page, _ = open_card(ctx, url, path, tap=True)
            target = out / "card-phone.png"
            page.screenshot(path=str(target))
            written += [target, shoot_entry(page, out / "entry-phone.png", whole_view=True)]
            ctx.close()
        finally:
            browser.close()
    return written


def shoot_wide(url: str, path: str, out: Path, executable: str) -> list[Path]:
    """Sidenotes beside an article at 1600 px, one lit; a "Mentioned in" link's passage preview."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(**xp_kit.launch_kwargs(executable))
        try:
            ctx = browser.new_context(viewport={"width": 1600, "height": 900}, reduced_motion="reduce")
            page = ctx.new_page()
            block_other_hosts(page, url.rstrip("/"))
            page.goto(url + path)
            page.wait_for_selector("html.xp-sidenotes li.xp-endnote")
            passage = page.locator(".xp-note-passage").nth(min(3, page.locator(".xp-note-passage").count() - 1))
            passage.evaluate("p => window.scrollBy(0, p.getBoundingClientRect().top - 300)")
            page.wait_for_timeout(200)
            passage.hover()
            page.wait_for_timeout(300)
            written.append(out / "sidenotes.png")
            page.screenshot(path=str(written[-1]))
            page.goto(page.locator(pick_mention(page)).evaluate("a => a.href"))
            link = page.locator(".xp-backlinks a[data-xp-passage]").first
            link.evaluate("a => a.scrollIntoView({block: 'center'})")
            page.set_viewport_size({"width": 1100, "height": 720})
            link.hover()
            page.wait_for_selector(".xp-card", state="visible")
            written.append(out / "preview-backlink.png")
            clip = clip_around(page, [".xp-backlinks a[data-xp-passage] >> nth=0", ".xp-card"])
            page.screenshot(path=str(written[-1]), clip=clip)
            ctx.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiny", action="store_true", help="use the browser tests' tiny site")
    ap.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    args = ap.parse_args(argv)

    executable = xp_kit.find_browser()
    if executable is None:
        print(xp_kit.INSTALL_HINT, file=sys.stderr)
        return 2
    use_real = not args.tiny and (REPO / "mkdocs.yml").exists() and xp_kit.plugin_available()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xp-shots-") as tmp:
        root = Path(tmp) / "site"
        root.mkdir()
        with xp_kit.StaticServer(root) as server:
            if use_real:
                xp_kit.build_site(REPO / "mkdocs.yml", root)
            else:
                cfg = xp_kit.write_tiny_site(Path(tmp) / "project", server.url)
                xp_kit.build_site(cfg, root)
            articles = xp_kit.article_paths(root)
            if not articles:
                print("no page with mentions in the built site", file=sys.stderr)
                return 1
            path = "talks/" if "talks/" in articles else articles[0]
            shots = shoot(root, server.url, path, args.out, executable)
            for target in shots + shoot_wide(server.url, path, args.out, executable):
                print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
