"""Finding names and aliases in text: one Aho-Corasick automaton per build.

Matching is leftmost-longest over whole words, so "Donetsk region" wins over "Donetsk" and
"Kyiv" is found in "Kyiv's" but not in "Kyivstar". A word that is part of a file name, path,
package or dotted name is not a mention (`search.html`, `docs/search`, `lunr-languages`), and a
case-free alias does not match inside a run of capitals unless it is written in capitals ("IN NO
EVENT SHALL" is not the event "event"; "the KREMLIN" is still the Kremlin). Text is normalised without changing its
length (curly apostrophes to straight ones, any space to a plain space), so match offsets are
offsets into the original text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

# Every kind of space becomes " " and curly apostrophes "'", in one C-level pass (all spaces are below U+3001).
_NORMALISE = str.maketrans(
    {**{c: " " for c in range(0x3001) if chr(c).isspace() and c != 0x20}, 0x2019: "'", 0x2018: "'", 0x02BC: "'"}
)


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    entry_id: str


def normalise(text: str) -> str:
    """Same length as `text`: curly apostrophes become `'`, every kind of space becomes ` `."""
    return text.translate(_NORMALISE)


def fold(text: str) -> str:
    """Lower-case `text` one character at a time, keeping its length (for case-free matching)."""
    lowered = text.lower()
    # str.lower() maps a capital sigma by context (final ς or σ): fold it one character at a time.
    if len(lowered) == len(text) and "Σ" not in text:
        return lowered
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_" or unicodedata.category(c).startswith("M")


def _word_next_to(text: str, start: int, end: int, forward: bool) -> str:
    """The word before text[start:end] (or after it), past at most three other characters."""
    step = 1 if forward else -1
    i, skipped = (end if forward else start - 1), 0
    while 0 <= i < len(text) and not is_word_char(text[i]) and skipped < 3:
        i, skipped = i + step, skipped + 1
    j = i
    while 0 <= j < len(text) and is_word_char(text[j]):
        j += step
    return text[i:j] if forward else text[j + 1 : i + 1]


def _in_capitals_run(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is in capitals and so is a word next to it (licences, legal notices)."""
    if not text[start:end].isupper():
        return False
    near = (_word_next_to(text, start, end, False), _word_next_to(text, start, end, True))
    return any(len(word) > 1 and word.isupper() for word in near)


def _in_token(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is glued to more of a file name, path or package name."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before in "/\\" or after in "/\\":
        return True
    # "search.html", "mkdocs.yml", "os.path": a dot between word characters joins one name.
    if before == "." and start > 1 and is_word_char(text[start - 2]):
        return True
    if after == "." and end + 1 < len(text) and is_word_char(text[end + 1]):
        return True
    # "lunr-languages", "mkdocs-material": lower-case words joined by a hyphen are one name; a
    # capitalised name in a compound ("Kyiv-based", "pro-Russian", "Russia-Ukraine") still is one.
    if text[start].isupper():
        return False
    glued_before = before == "-" and start > 1 and is_word_char(text[start - 2])
    glued_after = after == "-" and end + 1 < len(text) and is_word_char(text[end + 1])
    return glued_before or glued_after


class Matcher:
    """Finds mentions of many names at once; build it once, call `find` for every text."""

    def __init__(self, surfaces: Iterable[tuple[str, str, bool]]) -> None:
        """`surfaces` yields (name or alias, entry id, match case)."""
        self._exact = ahocorasick.Automaton()
        self._folded = ahocorasick.Automaton()
        self._has_exact = self._has_folded = False
        for surface, entry_id, match_case in surfaces:
            key = normalise(surface).strip()
            if not key:
                continue
            if match_case:
                self._exact.add_word(key, (len(key), entry_id, True))
                self._has_exact = True
            else:
                self._folded.add_word(fold(key), (len(key), entry_id, key.isupper()))
                self._has_folded = True
        if self._has_exact:
            self._exact.make_automaton()
        if self._has_folded:
            self._folded.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Non-overlapping whole-word matches, leftmost first, the longest at each position."""
        if not text or not (self._has_exact or self._has_folded):
            return []
        norm = normalise(text)
        candidates: list[tuple[int, int, str]] = []
        if self._has_exact:
            self._collect(self._exact.iter(norm), norm, candidates)
        if self._has_folded:
            self._collect(self._folded.iter(fold(norm)), norm, candidates)
        if not candidates:
            return []
        candidates.sort(key=lambda c: (c[0], -c[1]))
        result: list[Match] = []
        pos = 0
        for start, length, entry_id in candidates:
            if start >= pos:
                result.append(Match(start, start + length, entry_id))
                pos = start + length
        return result

    @staticmethod
    def _collect(
        hits: Iterable[tuple[int, tuple[int, str, bool]]], text: str, out: list[tuple[int, int, str]]
    ) -> None:
        """`hits` carry (length, entry id, whether capitals in the text may match)."""
        n = len(text)
        for end_index, (length, entry_id, capitals_ok) in hits:
            start = end_index - length + 1
            end = end_index + 1
            if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
                continue
            if end < n and is_word_char(text[end]) and is_word_char(text[end - 1]):
                continue
            if _in_token(text, start, end):
                continue
            if not capitals_ok and _in_capitals_run(text, start, end):
                continue
            out.append((start, length, entry_id))
