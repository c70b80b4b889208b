"""Parts of an entry page that search need not read, kept out of its `page.content` until it is written.

An entry page's "Related entries" list and each backlink's "Read in context" link are navigation:
names of other entries, and the same two words with an article's title already given by the
group's heading. Search indexed them as text ("Read in context: …" once per backlink), and
Material's search parser, which reads every page tag by tag, spent about a third of its time on
an entry page on them (issue 6). In `page.content` they sit inside an HTML comment, which an HTML
parser passes over in one step and which holds no text for an indexer, a word count or a feed;
the plugin's `on_post_page` (priority 100, before any other plugin's) takes the comment marks
away, so the written page is the one the template made, byte for byte.

A part is wrapped only if nothing in it could end the comment early (`--` then `>`, `--!>`), and
unwrapping looks only for the page's own marks (they carry its slot token), so text that merely
looks like one is left alone.
"""

from __future__ import annotations

import re

from . import postpage

_QUIET_PARTS = re.compile(
    r"""<section\ class="xp-related"[^>]*>.*?</section>"""  # the related entries
    r"""|<a\ class="xp-backlink-go[ "][^>]*>.*?</a>""",  # a backlink's "Read in context" link
    re.DOTALL,
)
_CLOSES_COMMENT = re.compile(r"--!?\s*>|<!--")


def _marks(src_uri: str) -> tuple[str, str]:
    token = postpage.slot_token(src_uri)
    return f"<!--xp-quiet-{token}:", f":xp-quiet-{token}-->"


def quiet(html: str, src_uri: str) -> str:
    """`html` (an entry page's content) with its navigation parts inside comment marks."""
    start, end = _marks(src_uri)

    def wrap(m: re.Match[str]) -> str:
        part = m.group()
        return part if _CLOSES_COMMENT.search(part) else start + part + end

    return _QUIET_PARTS.sub(wrap, html)


def unquiet(html: str, src_uri: str) -> str:
    """`html` as it was before `quiet`: the page's comment marks taken away."""
    start, end = _marks(src_uri)
    if start not in html:
        return html
    return html.replace(start, "").replace(end, "")
