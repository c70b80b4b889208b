"""What a name or alias may hold: text a reader can see, that reads the same in any direction,
and that the matcher can find as it was written.

A name is shown inline on index, entry and card pages and becomes the text of links, so a
character that reverses the text after it (bidirectional controls), one that shows as nothing
(zero-width and blank-looking characters), or spacing the matcher squashes away would mislead
readers or make a name that never matches. Each problem comes with the fix in plain words.
"""

from __future__ import annotations

import itertools
import unicodedata

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
"""Embeddings, overrides, isolates and direction marks: they change how the text around them is ordered."""

# Format characters that draw something or join letters in the scripts that need them
# (ZWNJ/ZWJ in Persian, Indic scripts and emoji; emoji tags; Arabic number signs).
_VISIBLE_FORMAT = frozenset("\u200c\u200d\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u08e2\U000110bd\U000110cd")
# Letters that Unicode counts as letters but that fonts draw as blank space (Hangul fillers, braille blank).
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e")


def _code(c: str) -> str:
    name = unicodedata.name(c, "")
    return f"U+{ord(c):04X}" + (f" ({name})" if name else "")


def _invisible_format(c: str) -> bool:
    o = ord(c)
    return unicodedata.category(c) == "Cf" and c not in _VISIBLE_FORMAT and not 0xE0020 <= o <= 0xE007F


def _shows_nothing(c: str) -> bool:
    cat = unicodedata.category(c)
    return c.isspace() or cat in ("Cf", "Cc", "Mn", "Me", "Zs", "Zl", "Zp", "Cn") or c in _BLANK_LOOKING


def visible_form(surface: str) -> str:
    """`surface` for a message: characters that do not show, or reorder a terminal line, as `\\uXXXX`."""
    return "".join(f"\\u{ord(c):04x}" if c in BIDI_CONTROLS or (_shows_nothing(c) and c != " ") else c for c in surface)


def name_problem(surface: str) -> str | None:
    """Why `surface` cannot be a name or alias, with the fix; None if it can."""
    if surface.isascii() and surface.isprintable() and surface.strip() == surface and surface and "  " not in surface:
        return None  # Letters, digits, punctuation and single inner spaces: none of the checks below can fail.
    for c in surface:
        if c in BIDI_CONTROLS:
            return (
                f"contains the direction control {_code(c)}, which reorders the text shown after it; "
                "delete it (pages already keep each name's direction to itself)"
            )
        if (ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F:
            return f"contains the control character {_code(c)}; delete it"
    if all(_shows_nothing(c) for c in surface):
        return "shows as nothing (only blank or zero-width characters); write the name in visible letters"
    for c in surface:
        if _invisible_format(c) or c in _BLANK_LOOKING:
            return f"contains the invisible character {_code(c)}, which readers cannot see or type; delete it"
    if surface != surface.strip():
        return "starts or ends with a space; remove the space"
    if any(c.isspace() and unicodedata.category(c) != "Zs" for c in surface):
        return "contains a line break or tab; write the name on one line with single spaces"
    if any(a.isspace() and b.isspace() for a, b in itertools.pairwise(surface)):
        return "has two spaces in a row; use a single space between words"
    return None
