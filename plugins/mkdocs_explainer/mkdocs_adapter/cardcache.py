"""Each hover card's HTML, rendered once per build (and under `mkdocs serve` kept across rebuilds) while
its entry and addresses stay the same.

An entry's card is the same HTML on every page at the same depth (its addresses are relative),
yet a page's card block was rendered card by card through the template: a summary edit of an
entry mentioned in 150 articles renders ~6,000 cards to patch ~300 pages, ~1 s. The block is
the plugin's `cards.html` around the cards, each card the same text whatever the others are,
so a block is put together from cards rendered once each: keyed by the entry (its fingerprint),
the card's two addresses and the build's configuration (its fingerprint covers the labels and
theme overrides). Only for the plugin's own templates: an override may render cards otherwise.
A full build renders each entry's card once too, for every depth (`shapes`): at 100 × 500, 4,916
cards on 604 pages, 1,300 different, rendered 500 times. The exports' reading of a page skips
its cards, checked once each (`webanno.read_page`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import escape

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


URL_MARK = "\x00xp-card-url\x00"
"""Stands for a card's address in the card rendered once per entry: no address holds a NUL, and
escaping leaves it as it is."""


class CardCache:
    def __init__(self) -> None:
        self.store: dict[tuple[str | None, str, str | None], str] = {}
        self.shapes: dict[tuple[str, str | None], tuple[str, str] | None] = {}
        """(entry fingerprint, image address) → the card before and after its address (None: the
        address is not in it once). The plugin's `cards.html` writes the address once, escaped, and
        reads it nowhere else: an entry's cards on pages at other depths differ by it alone."""
        self.key: object = None
        self.on = False

    def begin(self, renderer: Renderer, key: object) -> None:
        """A build with `renderer`; `key`: the fingerprint of everything every page depends on."""
        if key != self.key:
            self.store, self.shapes, self.key = {}, {}, key
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
                html = self._card(renderer, card, key[0])
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
        self.store, self.shapes, self.key = {}, {}, None

    def _card(self, renderer: Renderer, card: dict[str, Any], fp: str | None) -> str | None:
        """One card's HTML: from its entry's shape when it has one, else rendered."""
        if fp is None:
            return self._one(renderer, card)
        shape_key = (fp, card["image_url"])
        if shape_key not in self.shapes:
            if len(self.shapes) > MAX_CARDS:
                self.shapes = {}
            marked = self._one(renderer, {**card, "url": URL_MARK})
            halves = marked.split(URL_MARK) if marked is not None else []
            self.shapes[shape_key] = (halves[0], halves[1]) if len(halves) == 2 else None
        shape = self.shapes[shape_key]
        if shape is None:
            return self._one(renderer, card)
        return shape[0] + str(escape(card["url"])) + shape[1]

    @staticmethod
    def _one(renderer: Renderer, card: dict[str, Any]) -> str | None:
        whole = renderer.cards([card])
        if not (whole.startswith(HEAD) and whole.endswith(TAIL)):
            return None
        return whole[len(HEAD) : -len(TAIL)]
