"""Context notes are looked for only in blocks whose text can hold them, with the same result.

Mapping a block's text character by character to the tree's text nodes is most of the linking
step's cost, and most blocks hold no note's quote. `linker._plain_text` reads a block's text
cheaply when that gives exactly what the mapping gives (no escape or stash, NFC as it stands);
the linker maps only the blocks whose text may hold a quote."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from callcount import calls_in
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import Treeprocessor
from mkdocs_explainer.core import linker
from mkdocs_explainer.core.matcher import Matcher
from sitekit import Site

_PIECES = st.sampled_from(
    ["Vorenka", " Dam", "  ", " ", "\u00a0", "’s", "'s", "&amp;", "&eacute;", "&#x2019;", "e\u0301", "é", "`code`",
     "*em*", "**strong**", "<span>raw</span>", "<b>x", "</b>", "\\*", "\n", "\n\n", "\n- item ", "\n\n> quote ",
     "[link](x.md)", "<br>", "&lt;", "\u2003", "Ω", "ﬁ"]
)  # fmt: skip


class _Compare(Treeprocessor):
    """At the linker's place in the tree's processing, each block's cheap text against its mapping."""

    def run(self, root: etree.Element) -> None:
        job = linker.PageJob("a.md", "first", {}, Matcher(()), [], lambda e: "", lambda j: "")
        proc = linker.LinkingTreeprocessor(self.md, job)
        for block in root.iter():
            if block.tag in linker.TEXT_BLOCKS:
                plain = linker._plain_text(block)
                assert plain is None or plain == linker._VisibleText(block, proc).text, block


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_a_blocks_cheap_text_is_its_mapped_text(pieces: list[str]) -> None:
    md = markdown.Markdown(extensions=["tables"])
    md.treeprocessors.register(_Compare(md), "compare", 7)
    md.convert("".join(pieces))


def test_only_blocks_that_can_hold_a_quote_are_mapped(site: Site) -> None:
    paragraphs = [f"Paragraph {i} says the talks went on for {i} days." for i in range(40)]
    site.page("index.md", "# Guide\n\n" + "\n\n".join(paragraphs) + "\n")
    site.notes("index.md", [{"id": "long", "quote": "went on for 7 days"}])
    with calls_in("linker.py", {"_compose"}) as counts:
        assert site.build(strict=True).ok
    assert counts["_compose"] == 2  # the paragraph that holds the quote, and again after wrapping it
    page = site.html("index.html")
    assert page.count('class="xp-note-passage"') == 1 and "went on for 7 days" in page
