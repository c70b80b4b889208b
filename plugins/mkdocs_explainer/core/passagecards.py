"""An entry page's passage cards written without the template engine, as `passage_cards.html` writes them.

Every entry page carries a passage card for each article that mentions it (10,675 on the 2,000
entry pages of the 500 × 2,000 benchmark), and each is new: its paragraph is that mention's.
Jinja spends most of a card's time looking up attributes and calling its escape through its
runtime; the card is a fixed text with seven values put in, each escaped as autoescape escapes
it (`markupsafe.escape`). Used only while the plugin's own `passage_cards.html` is the one read
(`cardcache.plugin_templates`); an override is rendered through Jinja as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

from .previews import PassageTarget

TEMPLATE = "passage_cards.html"


def block(passages: Sequence[tuple[int, PassageTarget]], go_to_passage: str) -> str:
    """What `Renderer.passage_cards(passages)` renders from the plugin's template ("" for none);
    `go_to_passage`: the label of the link to the passage."""
    if not passages:
        return ""
    label = escape(go_to_passage)
    parts = ['<aside class="xp-cards" hidden data-search-exclude>']
    for number, p in passages:
        context, title = p.context, escape(p.title)
        parts.append(
            f'\n<div class="xp-card-data xp-passage-data" data-xp-passage="{escape(number)}" data-xp-kind="passage">'
            f'\n<p class="xp-card-title">{title}</p>'
        )
        if context.heading:
            parts.append(f'\n<p class="xp-card-meta">{escape(context.heading)}</p>')
        parts.append(
            '\n<blockquote class="xp-card-summary xp-passage-context">'
            f"<p>{escape(context.before)}<mark>{escape(context.mention)}</mark>{escape(context.after)}</p></blockquote>"
            f'\n<p class="xp-card-more"><a href="{escape(p.url)}">{label}'
            f'<span class="xp-visually-hidden">: {title}</span></a></p>\n</div>'
        )
    parts.append("\n</aside>")
    return "".join(parts)
