"""Finding names and aliases in text: one Aho-Corasick automaton per build.

Matching is leftmost-longest over whole words, so "Donetsk region" wins over "Donetsk" and
"Kyiv" is found in "Kyiv's" but not in "Kyivstar". A word that is part of a file name, path,
package or dotted name is not a mention (`search.html`, `docs/search`, `lunr-languages`), and a
case-free alias does not match inside a run of capitals unless it is written in capitals ("IN NO
EVENT SHALL" is not the event "event"; "the KREMLIN" is still the Kremlin). Names and text
are compared in one matching form (`surface_key`): Unicode NFC, curly apostrophes as straight
ones, any run of spaces as one plain space; match offsets are mapped back into the original text.

What counts as a word's edge follows the script. In scripts written without spaces between
words (Chinese, Japanese, Thai, Khmer, ...) a name matches wherever its letters stand; in Korean
a name must start a word but may be followed by a particle (서울에서). A match never starts or
ends inside a grapheme cluster (a letter and its combining marks, an emoji ZWJ or modifier
sequence, a flag, a Hangul syllable written as jamo), and never touches Python-Markdown's
placeholders (`\\x02…\\x03`), which stand for escaped characters and stashed HTML.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from .memo import fingerprint

# Every kind of space becomes " " and curly apostrophes "'", in one C-level pass (all spaces are below U+3001).
_NORMALISE = str.maketrans(
    {**{c: " " for c in range(0x3001) if chr(c).isspace() and c != 0x20}, 0x2019: "'", 0x2018: "'", 0x02BC: "'"}
)
# Python-Markdown's escape (`\x02` code `\x03`) and htmlStash (`\x02wzxhzdk:N\x03`) placeholders.
_PLACEHOLDER_RE = re.compile("\x02(?:wzxhzdk:)?\\d*\x03?")
_MASK = "\x00"  # neither a word character nor a space, and never in a name (the loader refuses controls)
_SPACE_RUN_RE = re.compile(r"\s{2,}")
ZWJ = "\u200d"

# Scripts whose words touch without spaces (kind 1), and Hangul (kind 2), by code point range.
_SCRIPT_RANGES = (
    (0x0E00, 0x0FFF, 1),  # Thai, Lao, Tibetan
    (0x1000, 0x109F, 1),  # Myanmar
    (0x1100, 0x11FF, 2),  # Hangul jamo
    (0x1780, 0x17FF, 1),  # Khmer
    (0x1950, 0x19FF, 1),  # Tai Le, New Tai Lue, Khmer symbols
    (0x1A20, 0x1AAF, 1),  # Tai Tham
    (0x1B00, 0x1B7F, 1),  # Balinese
    (0x2E80, 0x2FDF, 1),  # CJK and Kangxi radicals
    (0x3005, 0x3007, 1),  # 々 〆 〇
    (0x3021, 0x3029, 1),  # Hangzhou numerals
    (0x3031, 0x3035, 1),  # kana repeat marks
    (0x303B, 0x303C, 1),
    (0x3040, 0x312F, 1),  # Hiragana, Katakana, Bopomofo
    (0x3130, 0x318F, 2),  # Hangul compatibility jamo
    (0x31A0, 0x31BF, 1),  # Bopomofo extended
    (0x31F0, 0x31FF, 1),  # Katakana phonetic extensions
    (0x3400, 0x4DBF, 1),  # CJK extension A
    (0x4E00, 0x9FFF, 1),  # CJK unified ideographs
    (0xA000, 0xA4CF, 1),  # Yi
    (0xA960, 0xA97F, 2),  # Hangul jamo extended A
    (0xA980, 0xA9FF, 1),  # Javanese, Myanmar extended B
    (0xAA60, 0xAADF, 1),  # Myanmar extended A, Tai Viet
    (0xAC00, 0xD7FF, 2),  # Hangul syllables, jamo extended B
    (0xF900, 0xFAFF, 1),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F, 1),  # half-width Katakana
    (0x1B000, 0x1B2FF, 1),  # Kana supplement and extensions, Nüshu
    (0x20000, 0x3FFFF, 1),  # CJK extensions B and later
)
_SCRIPT_STARTS = [r[0] for r in _SCRIPT_RANGES]


_Hit = tuple[int, tuple[int, str, bool, "list[str] | None"]]
"""An automaton's hit: (last index, (length, entry id, capitals may match, owners))."""
_Collector = Callable[[Iterable[_Hit], str, str, "list[int] | None", list[tuple[int, int, str]]], None]


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    entry_id: str


def normalise(text: str) -> str:
    """Same length as `text`: curly apostrophes become `'`, every kind of space becomes ` `."""
    return text.translate(_NORMALISE)


@functools.cache  # Names only, each asked for by several steps (loader, matcher, checks): kept.
def surface_key(surface: str) -> str:
    """A name as the matcher compares it: NFC, `normalise`d, spaces squashed, trimmed.

    Two names with the same key (or the same `fold`ed key, where one ignores case) are one name."""
    if surface.isascii() and surface.isprintable() and "  " not in surface:
        # Most names: NFC and `normalise` change no printable ASCII character, no run of spaces to squash.
        return surface.strip(" ")
    return _SPACE_RUN_RE.sub(" ", normalise(unicodedata.normalize("NFC", surface))).strip(" ")


def fold(text: str) -> str:
    """Lower-case `text` one character at a time, keeping its length (for case-free matching)."""
    lowered = text.lower()
    # str.lower() maps a capital sigma by context (final ς or σ): fold it one character at a time.
    if len(lowered) == len(text) and "Σ" not in text:
        return lowered
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


@functools.cache
def folded_key(surface: str) -> str:
    """`fold(surface_key(surface))`: how a name is compared where case does not count (kept, as
    the loader, the matcher and the check's steps each compare every name so)."""
    return fold(surface_key(surface))


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


def script_kind(c: str) -> int:
    """0: words are separated by spaces; 1: words touch (CJK, Thai...); 2: Hangul."""
    o = ord(c)
    if o < 0x0E00:
        return 0
    i = bisect_right(_SCRIPT_STARTS, o) - 1
    if i >= 0 and o <= _SCRIPT_RANGES[i][1]:
        return _SCRIPT_RANGES[i][2]
    return 0


def _words_may_touch(before: str, after: str, at_end: bool) -> bool:
    """May a name start (or end, `at_end`) between these two word characters?"""
    kb, ka = script_kind(before), script_kind(after)
    # Korean attaches particles and endings to a noun: a name may end where one begins.
    return kb == 1 or ka == 1 or (at_end and kb == 2 and ka == 2)


def _hangul(o: int) -> str:
    if 0x1100 <= o <= 0x115F or 0xA960 <= o <= 0xA97C:
        return "L"
    if 0x1160 <= o <= 0x11A7 or 0xD7B0 <= o <= 0xD7C6:
        return "V"
    if 0x11A8 <= o <= 0x11FF or 0xD7CB <= o <= 0xD7FB:
        return "T"
    if 0xAC00 <= o <= 0xD7A3:
        return "LV" if (o - 0xAC00) % 28 == 0 else "LVT"
    return ""


def _is_regional(o: int) -> bool:
    return 0x1F1E6 <= o <= 0x1F1FF


def joins(text: str, i: int) -> bool:
    """True if `text[i]` continues the grapheme cluster of `text[i - 1]` (no boundary between).

    A compact take on Unicode's extended grapheme clusters (UAX #29): marks, joiners, variation
    selectors, emoji modifiers and tags extend; ZWJ joins what follows; flags pair; jamo build
    syllables; CR LF stays together."""
    if i <= 0 or i >= len(text):
        return False
    c = text[i]
    o = ord(c)
    if o < 0x300:
        return c == "\n" and text[i - 1] == "\r"
    if (
        unicodedata.category(c)[0] == "M"
        or c in "\u200c\u200d\uff9e\uff9f"
        or 0x1F3FB <= o <= 0x1F3FF
        or 0xE0020 <= o <= 0xE007F
    ):
        return True
    prev = text[i - 1]
    if prev == ZWJ:
        return True
    p = ord(prev)
    if _is_regional(o) and _is_regional(p):
        run = 0
        while i - 1 - run >= 0 and _is_regional(ord(text[i - 1 - run])):
            run += 1
        return run % 2 == 1
    hc = _hangul(o)
    if hc:
        hp = _hangul(p)
        return (
            (hp == "L" and hc in ("L", "V", "LV", "LVT"))
            or (hp in ("LV", "V") and hc in ("V", "T"))
            or (hp in ("LVT", "T") and hc == "T")
        )
    return False


def clusters(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every grapheme cluster of `text` longer than one character, or one
    character that NFC changes (a singleton such as U+212B or a compatibility ideograph)."""
    out: list[tuple[int, int]] = []
    n = len(text)
    i = 0
    while i < n:
        j = i + 1
        while j < n and joins(text, j):
            j += 1
        if j - i > 1 or (ord(text[i]) >= 0x300 and not unicodedata.is_normalized("NFC", text[i])):
            out.append((i, j))
        i = j
    return out


def matching_form(text: str) -> tuple[str, list[int] | None]:
    """`text` as names are matched in it, and for each of its positions (and its end) the position
    in `text`, or -1 inside a rewritten cluster. None: the same positions (nothing moved)."""
    nfc = unicodedata.is_normalized("NFC", text)
    if nfc and "  " not in (norm := normalise(text)):  # every space is " " now: one fast scan
        return norm, None
    edits = [(m.start(), m.end(), " ") for m in _SPACE_RUN_RE.finditer(text)]
    if not nfc:
        for a, b in clusters(text):
            piece = unicodedata.normalize("NFC", text[a:b])
            if piece != text[a:b]:
                edits.append((a, b, piece))
        edits.sort()
    pieces: list[str] = []
    where: list[int] = []
    pos = 0
    for a, b, piece in edits:
        if a < pos:  # a space run that overlaps a cluster (a space carrying a mark): keep the first
            continue
        pieces.append(text[pos:a])
        where.extend(range(pos, a))
        pieces.append(piece)
        where.append(a)
        where.extend([-1] * (len(piece) - 1))
        pos = b
    pieces.append(text[pos:])
    where.extend(range(pos, len(text) + 1))
    return normalise("".join(pieces)), where


def surfaces_key(surfaces: Iterable[tuple[str, str, bool]]) -> str:
    """A digest of `surfaces` in their order (a later duplicate name wins in the automaton)."""
    return fingerprint(tuple(surfaces))


def matcher_for(surfaces: Iterable[tuple[str, str, bool]], previous: Matcher | None = None) -> Matcher:
    """A matcher of `surfaces`: `previous` itself if it was built from the same ones.

    Under `mkdocs serve` most edits change no name or alias, and building the automata costs a
    walk over every name; a matcher never changes once built, so it can serve the next build."""
    listed = tuple(surfaces)
    key = surfaces_key(listed)
    if previous is not None and previous.key == key:
        return previous
    return Matcher(listed, key)


def _masked(text: str) -> str:
    if "\x02" in text:  # same length, so offsets hold; a name cannot match a mask character
        return _PLACEHOLDER_RE.sub(lambda m: _MASK * len(m.group()), text)
    return text


def searched_form(text: str) -> str:
    """`text` as `Matcher.find` searches it for names that ignore case, which holds every name it can
    find there: a name whose `fold(surface_key(…))` is not in this string has no match in `text`."""
    text = _masked(text)
    if text.isascii() and "  " not in (norm := normalise(text)):
        return fold(norm)
    return fold(matching_form(text)[0])


class Matcher:
    """Finds mentions of many names at once; build it once, call `find` for every text."""

    def __init__(self, surfaces: Iterable[tuple[str, str, bool]], key: str | None = None) -> None:
        """`surfaces` yields (name or alias, entry id, match case); `key`, if known, is their `surfaces_key`."""
        if key is None:
            surfaces = tuple(surfaces)
            key = surfaces_key(surfaces)
        self.key = key
        """What the matcher was built from (`surfaces_key`): two matchers with one key find the same."""
        # Each key's value: (length, entry id, whether capitals in the text may match, owners).
        # A later name with the same key wins `find`; `owners` is None for a key of one name, else
        # the ids of all its names in order, for `find_all` (the loader refuses such pairs anyway).
        self._exact = ahocorasick.Automaton()
        self._folded = ahocorasick.Automaton()
        self._has_exact = self._has_folded = False
        self._near_exact: ahocorasick.Automaton | None = None
        for surface, entry_id, match_case in surfaces:
            name = surface_key(surface)
            if not name:
                continue
            if match_case:
                automaton, needle, capitals_ok = self._exact, name, True
                self._has_exact = True
            else:
                automaton, needle, capitals_ok = self._folded, folded_key(surface), name.isupper()
                self._has_folded = True
            last = automaton.get(needle, None)
            owners = None if last is None else [*(last[3] or (last[1],)), entry_id]
            automaton.add_word(needle, (len(name), entry_id, capitals_ok, owners))
        if self._has_exact:
            self._exact.make_automaton()
        if self._has_folded:
            self._folded.make_automaton()

    def find_all(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Every whole-word occurrence of every name in `text`, overlapping ones included, as
        (start, end, entry id) in the `normalise`d text (no cluster or token rules: the editors'
        checks of names that cross or hold one another)."""
        norm = normalise(text)
        for has, automaton, hay in ((self._has_exact, self._exact, norm), (self._has_folded, self._folded, fold(norm))):
            if not has:
                continue
            for last, (length, entry_id, _, owners) in automaton.iter(hay):
                end = last + 1
                start = end - length
                before_ok = start == 0 or not (is_word_char(hay[start - 1]) and is_word_char(hay[start]))
                after_ok = end == len(hay) or not (is_word_char(hay[end]) and is_word_char(hay[end - 1]))
                if before_ok and after_ok:
                    for owner in owners or (entry_id,):
                        yield start, end, owner

    def near(self, forms: Iterable[str]) -> set[str]:
        """Ids of the entries with a name whose `folded_key` is in one of `forms`, even inside a
        word: of texts in the forms the matcher searches (`searched_form`, and `fold(normalise(…))`),
        every entry the matcher could find there, whatever the other entries."""
        if self._near_exact is None:
            # The names that match case, folded: "Apple" and "APPLE", both matching case, one key.
            self._near_exact = ahocorasick.Automaton()
            for name, (length, entry_id, _, owners) in self._exact.items() if self._has_exact else ():
                key = fold(name)
                found = self._near_exact.get(key, None)
                ids = [*(found[1] if found else ()), *(owners or (entry_id,))]
                self._near_exact.add_word(key, (length, ids))
            if len(self._near_exact):
                self._near_exact.make_automaton()
        out: set[str] = set()
        if self._has_folded:
            for form in forms:
                for _, (_, entry_id, _, owners) in self._folded.iter(form):
                    out.update(owners or (entry_id,))
        if len(self._near_exact):
            for form in forms:
                for _, (_, ids) in self._near_exact.iter(form):
                    out.update(ids)
        return out

    def find(self, text: str) -> list[Match]:
        """Non-overlapping whole-word matches, leftmost first, the longest at each position."""
        if not text or not (self._has_exact or self._has_folded):
            return []
        text = _masked(text)
        collect: _Collector
        if text.isascii() and "  " not in (norm := normalise(text)):
            where = None
            collect = self._collect_ascii
        else:
            norm, where = matching_form(text)
            collect = self._collect
        candidates: list[tuple[int, int, str]] = []
        if self._has_exact:
            collect(self._exact.iter(norm), norm, text, where, candidates)
        if self._has_folded:
            collect(self._folded.iter(fold(norm)), norm, text, where, candidates)
        if not candidates:
            return []
        candidates.sort(key=lambda c: (c[0], -c[1]))
        result: list[Match] = []
        pos = 0
        for start, end, entry_id in candidates:
            if start >= pos:
                result.append(Match(start, end, entry_id))
                pos = end
        return result

    @staticmethod
    def _collect_ascii(
        hits: Iterable[_Hit],
        text: str,
        _original: str,
        _where: list[int] | None,
        out: list[tuple[int, int, str]],
    ) -> None:
        """`hits` carry (length, entry id, whether capitals in the text may match).

        ASCII has one script and no clusters to split: only the word checks apply."""
        n = len(text)
        for end_index, (length, entry_id, capitals_ok, _) in hits:
            start = end_index - length + 1
            end = end_index + 1
            if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
                continue
            if end < n and is_word_char(text[end]) and is_word_char(text[end - 1]):
                continue
            if _in_token(text, start, end) or (not capitals_ok and _in_capitals_run(text, start, end)):
                continue
            out.append((start, end, entry_id))

    @staticmethod
    def _collect(
        hits: Iterable[_Hit],
        norm: str,
        original: str,
        where: list[int] | None,
        out: list[tuple[int, int, str]],
    ) -> None:
        n, last = len(norm), len(original)
        for end_index, (length, entry_id, capitals_ok, _) in hits:
            start = end_index - length + 1
            end = end_index + 1
            # The common case first (a space or punctuation at each edge), as in _collect_ascii.
            before, first = (norm[start - 1], norm[start]) if start > 0 else ("", "")
            if before and is_word_char(before) and is_word_char(first) and not _words_may_touch(before, first, False):
                continue
            final, after = (norm[end - 1], norm[end]) if end < n else ("", "")
            if after and is_word_char(after) and is_word_char(final) and not _words_may_touch(final, after, True):
                continue
            if _in_token(norm, start, end) or (not capitals_ok and _in_capitals_run(norm, start, end)):
                continue
            a, b = (start, end) if where is None else (where[start], where[end])
            if a < 0 or b < 0:
                continue  # inside a rewritten cluster
            # Below U+0300 nothing joins a cluster but CR LF, which no name starts or ends with.
            if (a < last and original[a] >= "\u0300" and joins(original, a)) or (
                b < last and original[b] >= "\u0300" and joins(original, b)
            ):
                continue  # inside a grapheme cluster
            out.append((a, b, entry_id))
