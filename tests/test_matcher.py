"""The Aho-Corasick matcher finds exactly what a slow, obvious reference scan finds, on generated inputs.

The reference tries every name at every position of the text, keeps whole-word matches, takes the
leftmost one and the longest at that position, and goes on after it; it compares case-insensitive
names one character at a time. It skips a name glued into a file, path, dotted or lower-case
hyphenated name, and a case-free name in a run of capitals unless the name is in capitals. Both see curly apostrophes as straight ones and any space as a
space, and both report offsets into the original text.
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs_explainer.core.matcher import (
    Matcher,
    fold,
    folded_key,
    is_word_char,
    joins,
    normalise,
    script_kind,
    surface_key,
)

from bench import corpus

Surface = tuple[str, str, bool]
Found = list[tuple[int, int, str]]

# -- the reference ---------------------------------------------------------------------------


def ref_char(c: str) -> str:
    if c in "\u2019\u2018\u02bc":
        return "'"
    return " " if c.isspace() else c


def ref_fold_char(c: str) -> str:
    low = c.lower()
    return low if len(low) == 1 else c


def ref_word_char(c: str) -> bool:
    return c.isalnum() or c == "_" or unicodedata.category(c).startswith("M")


_PLACEHOLDER = re.compile("\x02(wzxhzdk:)?[0-9]*\x03")


def ref_units(text: str) -> list[tuple[str, int, int]]:
    """The text as (matching form, start, end) per grapheme cluster (clusters found with the
    matcher's `joins`); Python-Markdown placeholders become NUL and a run of spaces one space."""
    text = _PLACEHOLDER.sub(lambda m: "\x00" * len(m.group()), text)
    units: list[tuple[str, int, int]] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and joins(text, j):
            j += 1
        unit = "".join(ref_char(c) for c in unicodedata.normalize("NFC", text[i:j]))
        if unit.strip(" ") == "" and units and units[-1][0] == " ":
            units[-1] = (" ", units[-1][1], j)
        else:
            units.append((" " if unit.strip(" ") == "" else unit, i, j))
        i = j
    return units


def ref_edge(before: str, after: str, at_end: bool) -> bool:
    if not (ref_word_char(before) and ref_word_char(after)):
        return True
    kinds = (script_kind(before), script_kind(after))
    return 1 in kinds or (at_end and kinds == (2, 2))


def ref_key(surface: str) -> str:
    return " ".join("".join(ref_char(c) for c in unicodedata.normalize("NFC", surface)).split(" ")).strip(" ")


def reference_find(text: str, surfaces: list[Surface]) -> Found:
    units = ref_units(text)
    names: dict[str, list[tuple[str, str, bool]]] = {}  # by first character, to keep the scan short
    for surface, entry_id, match_case in surfaces:
        key = ref_key(surface)
        if key:
            key = key if match_case else "".join(map(ref_fold_char, key))
            names.setdefault(key[0], []).append((key, entry_id, match_case))
    surface_upper = {entry_id: ref_key(surface).isupper() for surface, entry_id, _ in surfaces}
    # The units side by side, for the rules that look at neighbouring characters and words.
    flat = "".join(u for u, _, _ in units)
    at = [0]
    for u, _, _ in units:
        at.append(at[-1] + len(u))
    out: Found = []
    k = 0
    while k < len(units):
        best: tuple[int, str] | None = None
        first = units[k][0][0]
        for key, entry_id, match_case in names.get(first, []) + (
            names.get(low, []) if (low := ref_fold_char(first)) != first else []
        ):
            seen, m = "", k
            while m < len(units) and len(seen) < len(key):
                unit = units[m][0]
                seen += unit if match_case else "".join(map(ref_fold_char, unit))
                m += 1
            if seen != key:
                continue
            if k > 0 and not ref_edge(units[k - 1][0][-1], units[k][0][0], False):
                continue
            if m < len(units) and not ref_edge(units[m - 1][0][-1], units[m][0][0], True):
                continue
            i, end = at[k], at[m]
            if ref_in_name(list(flat), i, end) or (not match_case and ref_shouted(flat, i, end, surface_upper[entry_id])):
                continue
            if best is None or m > best[0]:
                best = (m, entry_id)
        if best is None:
            k += 1
        else:
            out.append((units[k][1], units[best[0] - 1][2], best[1]))
            k = best[0]
    return out


def ref_in_name(chars: list[str], i: int, end: int) -> bool:
    """Part of a file, path, dotted or lower-case hyphenated name."""
    n = len(chars)
    before = chars[i - 1] if i > 0 else " "
    after = chars[end] if end < n else " "
    word_before_glue = i > 1 and ref_word_char(chars[i - 2])
    word_after_glue = end + 1 < n and ref_word_char(chars[end + 1])
    if "/" in (before, after) or "\\" in (before, after):
        return True
    if (before == "." and word_before_glue) or (after == "." and word_after_glue):
        return True
    return not chars[i].isupper() and ((before == "-" and word_before_glue) or (after == "-" and word_after_glue))


def ref_shouted(text: str, i: int, end: int, surface_upper: bool) -> bool:
    """All capitals where the name is not, next to another word of two or more capitals."""
    if surface_upper or not text[i:end].isupper():
        return False
    left, right = text[:i], text[end:]
    for _ in range(3):
        if left and not ref_word_char(left[-1]):
            left = left[:-1]
        if right and not ref_word_char(right[0]):
            right = right[1:]
    word_before = ""
    while left and ref_word_char(left[-1]):
        word_before, left = left[-1] + word_before, left[:-1]
    word_after = ""
    while right and ref_word_char(right[0]):
        word_after, right = word_after + right[0], right[1:]
    return any(len(w) > 1 and w.isupper() for w in (word_before, word_after))


def fast_find(text: str, surfaces: list[Surface]) -> Found:
    return [(m.start, m.end, m.entry_id) for m in Matcher(surfaces).find(text)]


def claimable(surfaces: list[Surface]) -> list[Surface]:
    """Keep the names the loader would accept: one entry per name, case-insensitively when either
    entry ignores case, judged after the matcher's normalisation (see the report on `O'Brien`)."""
    kept: list[Surface] = []
    exact: set[str] = set()
    folded: dict[str, bool] = {}
    for surface, entry_id, match_case in surfaces:
        if any(ord(c) < 0x20 for c in surface):
            continue  # the loader refuses control characters in names
        key = ref_key(surface)
        low = "".join(ref_fold_char(c) for c in key)
        if not key or key in exact or (low in folded and not (match_case and folded[low])):
            continue
        exact.add(key)
        folded[low] = folded.get(low, True) and match_case
        kept.append((surface, entry_id, match_case))
    return kept


# -- generated inputs --------------------------------------------------------------------------

WORDS = ["Kyiv", "kyiv", "KYIV", "Donetsk", "region", "Region", "Abu", "Dhabi", "O'Brien", "O’Brien", "Côte",
         "d’Ivoire", "naïve", "Straße", "Zoë", "Zoe\u0308", "_id", "2026", "a", "an", "Ab", "ΟΔΟΣ", "Οδος", "οδος",
         "東京", "习近平", "主席", "서울", "에서", "กรุงเทพ", "👩", "👨\u200d👩", "\u2764", "\u2764\ufe0f", "e\u0301", "e", "\u212b",
         "42", "\x0242\x03", "\x02wzxhzdk:3\x03", "🇺🇦", "🇺"]  # fmt: skip
SEPARATORS = [" ", " ", " ", "  ", "\n", "\t", "\u00a0", "\u2009", "", "-", ",", ". ", "'s ", "’s ", "(", ")", "_"]

words = st.sampled_from(WORDS)
names = st.lists(words, min_size=1, max_size=3).flatmap(
    lambda ws: st.lists(st.sampled_from([" ", " ", "\u00a0", "-", "’"]), min_size=len(ws) - 1,
                        max_size=len(ws) - 1).map(lambda seps: ws[0] + "".join(s + w for s, w in zip(seps, ws[1:], strict=True)))
)  # fmt: skip
surface_lists = st.lists(st.tuples(names, st.booleans()), min_size=1, max_size=10).map(
    lambda items: claimable([(name, f"e{i}", case) for i, (name, case) in enumerate(items)])
)
texts = st.lists(st.tuples(words, st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, surfaces=surface_lists)
@example(text="Donetsk region's grain", surfaces=[("Donetsk", "d", True), ("Donetsk region", "dr", True)])
@example(text="Kyivstar and Kyiv’s", surfaces=[("Kyiv", "k", True)])
@example(text="KYIV, kyiv, Kyiv", surfaces=[("kyiv", "k", False)])
@example(text="Côte d'Ivoire", surfaces=[("Côte d’Ivoire", "ci", True)])
@example(text="Abu\u00a0Dhabi\nAbu\tDhabi", surfaces=[("Abu Dhabi", "ad", True), ("Dhabi", "d", True)])
def test_same_mentions_as_the_reference(text: str, surfaces: list[Surface]) -> None:
    assert fast_find(text, surfaces) == reference_find(text, surfaces)


# -- every occurrence, and the names near a text (the editors' checks) -------------------------

any_surfaces = st.lists(st.tuples(names, st.sampled_from(["a", "b", "c", "d"]), st.booleans()), min_size=1, max_size=10)
"""Names as editors may write them before the loader refuses any: one key twice, in one entry or two."""


def reference_find_all(text: str, surfaces: list[Surface]) -> Found:
    """Each name looked for at every place in the `normalise`d text (`fold`ed for a case-free one),
    kept where it is a whole word; one hit per name, so a name given twice is found twice."""
    norm = normalise(text)
    out: Found = []
    for surface, entry_id, match_case in surfaces:
        if not surface_key(surface):
            continue
        hay, needle = (norm, surface_key(surface)) if match_case else (fold(norm), folded_key(surface))
        start = hay.find(needle)
        while start != -1:
            end = start + len(needle)
            glued_before = start > 0 and is_word_char(hay[start - 1]) and is_word_char(hay[start])
            glued_after = end < len(hay) and is_word_char(hay[end]) and is_word_char(hay[end - 1])
            if not (glued_before or glued_after):
                out.append((start, end, entry_id))
            start = hay.find(needle, start + 1)
    return sorted(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, surfaces=any_surfaces)
@example(text="Abu Dhabi Airport", surfaces=[("Abu Dhabi", "a", True), ("Dhabi Airport", "b", True)])
@example(text="kyiv KYIV", surfaces=[("Kyiv", "a", False), ("KYIV", "b", False), ("kyiv", "a", False)])
@example(text="kyivstar", surfaces=[("Kyiv", "a", True), ("KYIV", "b", True)])  # One folded key, near.
def test_every_occurrence_and_every_name_near_as_the_reference(text: str, surfaces: list[Surface]) -> None:
    matcher = Matcher(surfaces)
    assert sorted(matcher.find_all(text)) == reference_find_all(text, surfaces)
    forms = [fold(normalise(text)), text]
    expected = {i for s, i, _ in surfaces if surface_key(s) and any(folded_key(s) in form for form in forms)}
    assert matcher.near(forms) == expected
    assert matcher.near(forms) == expected  # Its automaton made once, then kept.


def test_a_name_given_twice_is_found_once_per_owner_and_the_later_one_links() -> None:
    matcher = Matcher([("Kyiv", "city", False), ("KYIV", "region", False)])
    assert sorted(matcher.find_all("in Kyiv")) == [(3, 7, "city"), (3, 7, "region")]
    assert [m.entry_id for m in matcher.find("in Kyiv")] == ["region"]


def test_leftmost_then_longest() -> None:
    surfaces = [("Abu Dhabi talks", "talks", True), ("Dhabi", "dhabi", True), ("Abu", "abu", True),
                ("talks in Abu", "where", True)]  # fmt: skip
    text = "the talks in Abu Dhabi talks"
    # "talks in Abu" starts first, so it wins over the longer name that starts inside it.
    assert fast_find(text, surfaces) == [(4, 16, "where"), (17, 22, "dhabi")]
    assert fast_find(text, surfaces) == reference_find(text, surfaces)


def test_whole_words_only() -> None:
    surfaces = [("Kyiv", "kyiv", True), ("NSDC", "nsdc", True)]
    assert fast_find("Kyivstar, Kyiv's, Kyiv’s, _Kyiv, Kyiv2, NSDC-led", surfaces) == [
        (10, 14, "kyiv"), (18, 22, "kyiv"), (40, 44, "nsdc"),
    ]  # fmt: skip


def test_case_is_opt_in() -> None:
    text = "KYIV and Kyiv and kyiv"
    assert fast_find(text, [("Kyiv", "k", True)]) == [(9, 13, "k")]
    assert fast_find(text, [("Kyiv", "k", False)]) == [(0, 4, "k"), (9, 13, "k"), (18, 22, "k")]


def test_curly_and_straight_apostrophes_meet() -> None:
    text = "d'Ivoire and d’Ivoire and d\u02bcIvoire"
    for name in ("d'Ivoire", "d’Ivoire"):
        assert [m[:2] for m in fast_find(text, [(name, "x", True)])] == [(0, 8), (13, 21), (26, 34)]


def test_offsets_are_into_the_original_text() -> None:
    text = "Zoë\u00a0and\u2009Abu\u00a0Dhabi’s O’Brien"
    found = fast_find(text, [("Abu Dhabi", "ad", True), ("Zoë", "zoe", True), ("O'Brien", "ob", True)])
    assert [text[a:b] for a, b, _ in found] == ["Zoë", "Abu\u00a0Dhabi", "O’Brien"]


def test_normalise_maps_every_space_and_apostrophe_and_keeps_length() -> None:
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    text = "a".join(spaces) + "\u2019\u2018\u02bc'x"
    assert normalise(text) == "a".join(" " * len(spaces)) + "''''x"
    assert normalise("Kyiv’s Straße") == "Kyiv's Straße"


def test_case_insensitive_greek_name_before_a_possessive() -> None:
    """A capital sigma folds to σ wherever it stands (str.lower() would make it ς at a word's end)."""
    surfaces = [("ΟΔΟΣ", "odos", False)]
    text = "ΟΔΟΣ's plan"
    assert fast_find(text, surfaces) == reference_find(text, surfaces) == [(0, 4, "odos")]


def test_same_mentions_on_the_benchmark_corpus() -> None:
    """Every text node of a small generated newsroom corpus (shared words, aliases, any case)."""
    data = corpus.generate(articles=6, entries=300, seed=7)
    surfaces = data.surfaces()
    matcher = Matcher(surfaces)
    nodes = [text for art in data.articles for block in art.text_blocks() for _, text in block.segments()]
    rng = random.Random(7)
    nodes.append(" ".join(rng.sample([s for s, _, _ in surfaces], 200)))  # names back to back
    found = 0
    for text in nodes:
        fast = [(m.start, m.end, m.entry_id) for m in matcher.find(text)]
        assert fast == reference_find(text, surfaces), text
        found += len(fast)
    assert found > 100


# -- placeholders, Unicode forms, scripts and grapheme clusters ---------------------------------


def test_no_match_inside_python_markdown_placeholders() -> None:
    """`\\*` becomes `\x0242\x03` and raw HTML `\x02wzxhzdk:7\x03`: their digits and letters are not text."""
    surfaces = [("42", "n", True), ("7", "seven", True), ("wzxhzdk", "w", False), ("Kyiv", "k", True)]
    text = "a \x0242\x03 b \x02wzxhzdk:7\x03 c \x0295\x03Kyiv\x0242\x03 and 42"
    found = fast_find(text, surfaces)
    assert [text[a:b] for a, b, _ in found] == ["Kyiv", "42"]
    assert found == reference_find(text, surfaces)


def test_nfc_names_match_nfd_text_and_back() -> None:
    nfc, nfd = "Zo\u00eb Côte", unicodedata.normalize("NFD", "Zo\u00eb Côte")
    for name, text in ((nfc, f"See {nfd}."), (nfd, f"See {nfc}."), (nfd, f"See {nfd}.")):
        found = fast_find(text, [(name, "z", True)])
        assert [text[a:b] for a, b, _ in found] == [text[4:-1]], (name, text)


def test_nfd_hangul_and_compatibility_ideographs_are_matched_composed() -> None:
    text = unicodedata.normalize("NFD", "서울에서 만나요")  # conjoining jamo
    assert fast_find(text, [("서울", "s", True)]) == [(0, 5, "s")]
    assert fast_find("\u212bngström", [("Ångström", "a", True)]) == [(0, 8, "a")]


def test_space_runs_in_text_match_one_space() -> None:
    text = "Abu  Dhabi and Abu \u00a0\nDhabi"
    assert [text[a:b] for a, b, _ in fast_find(text, [("Abu Dhabi", "ad", True)])] == [
        "Abu  Dhabi",
        "Abu \u00a0\nDhabi",
    ]


def test_chinese_and_japanese_names_need_no_spaces() -> None:
    surfaces = [("习近平", "xi", True), ("北京", "bj", True), ("東京", "tokyo", True), ("岸田文雄", "kishida", True),
                ("トヨタ", "toyota", True)]  # fmt: skip
    zh = "国家主席习近平在北京会见了来访的客人。"
    ja = "岸田文雄首相は東京でトヨタの社長と会った。"
    assert [zh[a:b] for a, b, _ in fast_find(zh, surfaces)] == ["习近平", "北京"]
    assert [ja[a:b] for a, b, _ in fast_find(ja, surfaces)] == ["岸田文雄", "東京", "トヨタ"]


def test_thai_names_need_no_spaces() -> None:
    text = "นายกรัฐมนตรีเดินทางไปกรุงเทพเมื่อวานนี้"
    assert [text[a:b] for a, b, _ in fast_find(text, [("กรุงเทพ", "bkk", True)])] == ["กรุงเทพ"]


def test_latin_names_touching_cjk_text_match() -> None:
    text = "我用iPhone拍照"
    assert fast_find(text, [("iPhone", "i", True)]) == [(2, 8, "i")]


def test_korean_names_start_a_word_and_may_take_a_particle() -> None:
    surfaces = [("서울", "seoul", True)]
    assert fast_find("서울에서 만나요", surfaces) == [(0, 2, "seoul")]
    assert fast_find("대서울 계획", surfaces) == []


def test_spaced_scripts_keep_whole_words() -> None:
    assert fast_find("Москвич и Москва", [("Москва", "m", True)]) == [(10, 16, "m")]
    assert fast_find("Kyivstar 東京", [("Kyiv", "k", True)]) == []


def test_a_match_never_splits_a_grapheme_cluster() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert fast_find(f"{family} and \U0001f469", [("\U0001f469", "w", True)]) == [(10, 11, "w")]
    # A flag is a pair of regional indicators: 🇺🇦 must not yield 🇺 or 🇦, even after another flag.
    flags = "\U0001f1fa\U0001f1e6\U0001f1fa\U0001f1f8"
    assert fast_find(flags, [("\U0001f1e6\U0001f1fa", "x", True)]) == []
    assert fast_find(flags, [("\U0001f1fa\U0001f1f8", "us", True)]) == [(2, 4, "us")]
    # A modifier or a variation selector belongs to the emoji before it.
    assert fast_find("\U0001f44d\U0001f3fd \u2764\ufe0f", [("\U0001f44d", "t", True), ("\u2764", "h", True)]) == []
    # A Latin letter with a combining mark, and a CJK ideograph with a variation selector.
    assert fast_find("Zoe\u0308 e\u0301", [("Zoe", "z", True), ("e", "e", True)]) == []
    assert fast_find("葛\U000e0100城", [("葛", "k", True)]) == []
