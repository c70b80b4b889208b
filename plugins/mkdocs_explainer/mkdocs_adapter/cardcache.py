"""Each hover card's HTML, rendered once per build (and under `mkdocs serve` kept across rebuilds) while
its entry and addresses stay the same.

An entry's card is the same HTML on every page at the same depth (its addresses are relative),
yet a page's card block was rendered card by card through the template: a summary edit of an
entry mentioned in 150 articles renders ~6,000 cards to patch ~300 pages, ~1 s. The block is
the plugin's `cards.html` around the cards, each card the same text whatever the others are,
so a block is put together from cards rendered once each: keyed by the entry (its fingerprint),
the card's two addresses and the build's configuration (its fingerprint covers the labels and
theme overrides). Only for the plugin's own templates: an override may render cards otherwise.
A full build renders each card once too (~10,000 cards at 500 articles, ~2,000 of them different),
and the exports' reading of a page skips its cards, checked once each (`webanno.read_page`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.pages import TEMPLATES_DIR, Renderer
from .incremental import CARDS_START

HEAD = "\n" + CARDS_START  # The template's own line break before it, as rendered.
TAIL = "\n</aside>"
MAX_CARDS = 20_000
"""Cards kept at most (~1 kB each); beyond, the cache starts again (edits leave old versions behind)."""
_OURS = ("cards.html", "macros.html")


def plugin_templates(renderer: Renderer, names: tuple[str, ...]) -> bool:
    """True if `renderer` renders these templates from the plugin's own files (no theme overrides them)."""
    # The plugin's folder is the loader's last: no folder before it may hold the templates.
    folders = getattr(renderer.env.loader, "searchpath", None)
    return (
        isinstance(folders, list)
        and Path(folders[-1]) == TEMPLATES_DIR
        and not any(os.path.isfile(os.path.join(f, "explainer", n)) for f in folders[:-1] for n in names)
    )


class CardCache:
    def __init__(self) -> None:
        self.store: dict[tuple[str | None, str, str | None], str] = {}
        self.key: object = None
        self.on = False

    def begin(self, renderer: Renderer, key: object) -> None:
        """A build with `renderer`; `key`: the fingerprint of everything every page depends on."""
        if key != self.key:
            self.store, self.key = {}, key
        self.on = plugin_templates(renderer, _OURS)

    def block(self, renderer: Renderer, cards: list[dict[str, Any]], entry_fps: Mapping[str, str]) -> str:
        """`renderer.cards(cards)`, from the cards kept."""
        parts = self.parts(renderer, cards, entry_fps)
        return renderer.cards(cards) if parts is None else "".join(parts)

    def parts(
        self, renderer: Renderer, cards: list[dict[str, Any]], entry_fps: Mapping[str, str]
    ) -> list[str] | None:
        """`renderer.cards(cards)` as its start, each card and its end (their concatenation is the
        block), from the cards kept; None where cards are not kept (an override, or no card)."""
        if not self.on or not cards:
            return None
        if len(self.store) > MAX_CARDS:
            self.store = {}
        parts = [HEAD]
        for card in cards:
            key = (entry_fps.get(card["entry"].id), card["url"], card["image_url"])
            html = self.store.get(key)
            if html is None:
                html = self._one(renderer, card)
                if html is None:  # Not as the template was read: render the block whole.
                    self.on = False
                    return None
                if key[0] is not None:
                    self.store[key] = html
            parts.append(html)
        parts.append(TAIL)
        return parts

    def forget(self) -> None:
        """Drop the cards kept: a build whose pages are all written, with no rebuild to follow."""
        self.store, self.key = {}, None

    @staticmethod
    def _one(renderer: Renderer, card: dict[str, Any]) -> str | None:
        whole = renderer.cards([card])
        if not (whole.startswith(HEAD) and whole.endswith(TAIL)):
            return None
        return whole[len(HEAD) : -len(TAIL)]
