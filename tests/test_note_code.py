"""A context note's passage may span inline code, whoever renders the code.

Plain Markdown makes inline code a `<code>` element; pymdownx.inlinehilite keeps it in the HTML
stash (highlighted) or as an atomic node. Either way a reader sees the code's text, so a passage
is quoted with it, and a passage that leaves the code out is not what the reader sees: an error.
"""

from __future__ import annotations

import html
import re

import pytest
from sitekit import Site

ARTICLE = '# Guide\n\nFirst run `make site` to build it.\n\nThen call `#!python print("hi")` twice.\n'
HILITE = "  - pymdownx.highlight\n  - pymdownx.inlinehilite"
# Markdown extensions → what a reader sees of the second code span.
CODE_EXTENSIONS = {
    "plain": ("", '#!python print("hi")'),
    "inlinehilite": (f"{HILITE}\n", 'print("hi")'),
    "inlinehilite-plain-text": (f"{HILITE}:\n      style_plain_text: true\n", 'print("hi")'),
}


def _passage(page: str, note_id: str) -> str:
    """What a reader sees from the passage's first span up to its note marker."""
    start = page.index(f'<span class="xp-note-passage" data-xp-note="{note_id}"')
    end = page.rindex("<sup", start, page.index(f'id="xp-noteref--{note_id}"'))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page[start:end])).split())


@pytest.mark.parametrize("extensions", CODE_EXTENSIONS.values(), ids=CODE_EXTENSIONS.keys())
def test_a_passage_spanning_inline_code_is_quoted_with_the_code(site: Site, extensions: tuple[str, str]) -> None:
    site.configure(extra=extensions[0])
    site.page("index.md", ARTICLE)
    site.notes(
        "index.md",
        [{"id": "make", "quote": "run make site to build"}, {"id": "call", "quote": f"call {extensions[1]} twice"}],
    )
    result = site.build(strict=True)
    assert result.ok, result.error
    page = site.article("index.html")
    assert page.count('class="xp-note-ref"') == 2
    assert _passage(page, "make") == "run make site to build"
    assert _passage(page, "call") == f"call {extensions[1]} twice"
    assert "make site" in re.sub(r"<[^>]+>", "", page)  # the code is still there, once


@pytest.mark.parametrize("extensions", CODE_EXTENSIONS.values(), ids=CODE_EXTENSIONS.keys())
@pytest.mark.parametrize("quote", ["run to build", "call twice", "run make to build"])
def test_a_passage_that_leaves_the_code_out_is_an_error(site: Site, extensions: tuple[str, str], quote: str) -> None:
    site.configure(extra=extensions[0])
    site.page("index.md", ARTICLE)
    site.notes("index.md", [{"id": "gap", "quote": quote}])
    result = site.build(strict=True)
    assert not result.ok
    assert (
        f"annotations/notes/index.yml:15:16: error: note `gap`: passage “{quote}” is not in the rendered text of docs/index.md"
        in result.error
    )
