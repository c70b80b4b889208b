"""Warnings that read the articles' prose: names no entry covers, and names that could mean two.

The coverage list is a heuristic: runs of capitalised words that do not start a sentence, minus
every known name and alias, a stop list (days, months, titles, nationalities, small words) and
the names editors list in `annotations/no-entry-needed.txt`. It is meant to be read by a person;
every line is a suggestion, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..core.articles import BREAK, Article
from ..core.diagnostics import Diagnostic, warning
from ..core.loader import MAX_FILE_BYTES, NO_ENTRY_FILE
from ..core.matcher import Matcher, fold, folded_key, is_word_char, normalise
from ..core.model import Entry, Registry
from ..core.safefiles import FileProblem, read_regular

T = TypeVar("T")

_TOKEN_RE = re.compile(r"[^\W_][\w'’\-]*")
_CLITIC_RE = re.compile(r"['’](?:s|m|d|ve|re|ll)?$", re.IGNORECASE)
_SENTENCE_END = tuple(".!?…")
_SEPARATORS = "-–—|•"
_BULLET_RE = re.compile(r"[ \t]*[-*+•][ \t]+")
_ITEM_NUMBER_RE = re.compile(r"(?:^|\n)[ \t]*(?:\d{1,3}|[a-zA-Z])\)[ \t]*$")
"""A hand-numbered line, "2) Create a file": what follows starts a sentence."""
_PARTICLES = frozenset(
    {"al", "bin", "bint", "ibn", "da", "de", "del", "der", "di", "dos", "du", "la", "le", "van", "von"}
    | {"of", "for", "the"}  # "Institute for the Study of War", "Bank of England"
)
"""Lower-case words inside a name, between two capitalised words (never at its ends)."""

_SMALL_WORDS = """
    I A An The This That These Those It Its He She They We You His Her Their Our My Your Him Them
    And But Or Nor Yet So If In On At By For Of To From With As After Before Since Until When While
    Where Who What Why How Which Also Both Each All Some Many Most No Not Yes Then There Here
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December
    North South East West Northern Southern Eastern Western Central
    Internet Web Parliament Government Cabinet Army Navy Police Court Senate Council Ministry State Staff
"""
_SMALL = frozenset(_SMALL_WORDS.split())
"""Capitalised words that are no name by themselves, nor at the start of one ("The", "In", "May")."""

_TITLE_WORDS = """
    Mr Mrs Ms Dr Prof Sir Dame Lord Lady
    President Vice Prime Minister Secretary Foreign Defence Defense Chancellor
    King Queen Prince Princess Emperor Pope Sheikh Emir Sultan
    Admiral General Colonel Major Captain Lieutenant Sergeant Marshal Commander Chief Deputy
    Governor Mayor Senator Congressman Congresswoman Ambassador Envoy Spokesman Spokeswoman
    Director Chairman Chairwoman Chair Speaker Judge Justice Professor Acting Former
"""
_TITLES = frozenset(_TITLE_WORDS.split())
"""People's titles: never a name at either end of a run ("President Trump", "US Secretary")."""

_DEMONYM_WORDS = """
    Afghan Albanian Algerian American Argentine Argentinian Armenian Asian Australian Austrian
    Azerbaijani Belarusian Belgian Brazilian British Bulgarian Canadian Chechen Chinese Croatian
    Cuban Czech Danish Dutch Egyptian Emirati English Estonian European Finnish French Georgian
    German Greek Hungarian Indian Indonesian Iranian Iraqi Irish Israeli Italian Japanese Jordanian
    Kazakh Korean Kurdish Latvian Lebanese Libyan Lithuanian Moldovan Mexican Nigerian Norwegian
    Pakistani Palestinian Polish Portuguese Qatari Romanian Russian Saudi Scottish Serbian Slovak
    Slovenian Soviet Spanish Swedish Swiss Syrian Taiwanese Turkish Ukrainian Uzbek Venezuelan
    Vietnamese Welsh Western Yemeni African Arab Arabic Muslim Christian Jewish Orthodox Catholic
"""
_DEMONYMS = frozenset(_DEMONYM_WORDS.split())
"""Nationalities and the like: adjectives, not names of something an entry could explain."""


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    raw: str
    """The name as written in the text (it may wrap across lines)."""
    article: Article
    text: str
    start: int


def read_no_entry(annotations_dir: Path) -> set[str]:
    path = annotations_dir / NO_ENTRY_FILE
    if not path.is_file():
        return set()
    try:  # The loader reports a file that cannot be read; here it only lists no names.
        text = read_regular(path, MAX_FILE_BYTES).decode("utf-8-sig", errors="replace")
    except FileProblem:
        return set()
    names = set()
    for line in text.splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.add(" ".join(name.split()))
    return names


Located = tuple[str, int, int]
"""A likely name in one article, where it is first written there: (name, line, column)."""


def coverage_candidates(article: Article, matcher: Matcher, no_entry: set[str]) -> list[Located]:
    """The likely names of one article that the names needing no entry leave, each once, where it
    is first written, in order."""
    return [(cand.name, *_where(cand)) for cand in _article_candidates(article, matcher, no_entry)]


def _article_candidates(article: Article, matcher: Matcher, no_entry: set[str]) -> list[Candidate]:
    """`coverage_candidates`, not yet located: `_locate` is the costly part, and a check that keeps no
    per-article record needs only the first of each name across all the articles."""
    return first_of((cand.name, cand) for cand in _candidates([article], matcher) if cand.name not in no_entry)


def _where(cand: Candidate) -> tuple[int, int]:
    return _locate(cand.article, cand.text, cand.start, cand.start + len(cand.raw))


def coverage_warnings(
    articles: Iterable[Article],
    registry: Registry,
    matcher: Matcher,
    no_entry: set[str],
    looked_up: dict[str, list[str]] | None = None,
    per_article: list[list[Located]] | None = None,
    messages: dict[str, str] | None = None,
) -> list[Diagnostic]:
    """One warning per name that looks like a person, place or organisation and has no entry,
    where the first article that has it first writes it.

    `looked_up` receives every name looked up among the parts of people's names (`name_pieces`),
    with the ids of the people it is part of: no other name's warning depends on those parts.
    `per_article` receives each article's `coverage_candidates`, and `messages` each name's
    warning (`checklocal` redoes the articles an edit reaches from them)."""
    parts = _name_parts(registry.people())
    found = [_article_candidates(article, matcher, no_entry) for article in articles]
    where: dict[int, tuple[int, int]] = {}  # Each candidate located once, by identity.
    if per_article is not None:
        for cands in found:
            per_article.append([(cand.name, *where.setdefault(id(cand), _where(cand))) for cand in cands])
    out: list[Diagnostic] = []
    for cand in first_of((cand.name, cand) for cands in found for cand in cands):
        owners = parts.get(cand.name, [])
        if looked_up is not None:
            looked_up[cand.name] = [e.id for e in owners]
        message = coverage_message(cand.name, owners)
        if messages is not None:
            messages[cand.name] = message
        line, col = where[id(cand)] if id(cand) in where else _where(cand)
        out.append(warning(cand.article.path, line, col, message))
    return out


def first_of(items: Iterable[tuple[Hashable, T]]) -> list[T]:
    """The value of each key's first item, in order: each likely name and each crossing phrase is
    warned about once, where the first article that has it first writes it."""
    seen: set[Hashable] = set()
    out: list[T] = []
    for key, value in items:
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


def coverage_message(name: str, owners: list[Entry]) -> str:
    """The warning on a likely name, given the people whose names it is part of."""
    shown = f"`{name}`"
    if len(owners) >= 2:
        who = " or ".join(f"`{e.id}` ({e.name})" for e in owners)
        link = f"[{name}](explainer:{owners[0].id})"
        return f"{shown} could mean {who}; write the full name, or link it: {link}"
    if owners:
        return (
            f"{shown} looks like a short form of `{owners[0].id}` ({owners[0].name}) but is not one of its"
            " aliases; add it to `aliases` if it means the same person"
        )
    return (
        f"{shown} looks like a name that no entry covers: add an entry or an alias,"
        f" or list it in annotations/{NO_ENTRY_FILE} if it needs none"
    )


Overlap = tuple[str, Diagnostic]
"""Two names that cross, in one article: (the phrase they make, the warning on it)."""


def overlap_candidates(article: Article, finder: Matcher, found: set[str] | None = None) -> list[Overlap]:
    """Each phrase of one article where names of two entries cross (“A B” and “B C” in “A B C”),
    once, where it is first written, in order. `found` receives the `fold`ed `surface_key` of
    every name that occurs in its texts as whole words."""
    out: list[Overlap] = []
    seen: set[str] = set()
    for text in article.texts:
        hits = sorted(finder.find_all(text))
        if found is not None:
            folded = fold(normalise(text))
            found.update(folded[start:end] for start, end, _ in hits)
        for i, (a_start, a_end, a_id) in enumerate(hits):
            # Only the hits that start inside this one: an index walk, not a copy of the rest.
            for j in range(i + 1, len(hits)):
                b_start, b_end, b_id = hits[j]
                if b_start >= a_end:
                    break
                if b_start == a_start or b_end <= a_end or a_id == b_id:
                    continue  # one name inside another: the longest wins, as intended
                phrase = text[a_start:b_end]
                if phrase in seen:
                    continue
                seen.add(phrase)
                line, col = _locate(article, text, a_start, b_end)
                first, second = text[a_start:a_end], text[b_start:b_end]
                message = (
                    f"“{phrase}” could mean two entries: “{first}” (`{a_id}`) and “{second}” (`{b_id}`)"
                    f" overlap, and only “{first}” is linked; reword, or link the one you mean"
                    " with [text](explainer:id)"
                )
                out.append((phrase, warning(article.path, line, col, message)))
    return out


def overlap_warnings(
    articles: Iterable[Article],
    finder: Matcher,
    found: set[str] | None = None,
    per_article: list[list[Overlap]] | None = None,
) -> list[Diagnostic]:
    """Two names of different entries that cross in the text, warned about once per phrase, in the
    first article that has it. `found`: as in `overlap_candidates`; `per_article` receives each
    article's `overlap_candidates` (for `checkwide`)."""
    lists = [overlap_candidates(article, finder, found) for article in articles]
    if per_article is not None:
        per_article.extend(lists)
    return first_of(pair for found in lists for pair in found)


def case_twin_warnings(registry: Registry) -> list[Diagnostic]:
    """Names of two entries that differ only in capitals: the loader allows them, readers do not."""
    first: dict[str, tuple[str, Entry, tuple[int, int]]] = {}
    out: list[Diagnostic] = []
    for entry in sorted(registry.entries.values(), key=lambda e: e.source_path):
        for surface, loc in zip(entry.names, entry.name_locs, strict=False):
            name, owner, owner_loc = first.setdefault(folded_key(surface), (surface, entry, loc))
            if owner is not entry:
                # On both files, so that a pull request shows it on the one the editor changed.
                for here, at, other, other_name, theirs in (
                    (entry, loc, owner, name, surface),
                    (owner, owner_loc, entry, surface, name),
                ):
                    message = (
                        f"`{theirs}` differs only in capitals from `{other_name}`, a name of `{other.id}`"
                        f" ({other.source_path}); readers cannot tell which entry it means"
                    )
                    out.append(warning(here.source_path, *at, message))
    return out


def unmentioned_warning(entry: Entry, named: bool) -> Diagnostic:
    """The warning on an entry no article links to; `named`: its names occur where linking is off."""
    line, col = entry.name_locs[0] if entry.name_locs else (1, 1)
    return warning(entry.source_path, line, col, unmentioned_message(entry.id, entry.name, named))


def unmentioned_message(entry_id: str, name: str, named: bool) -> str:
    """`unmentioned_warning`'s message, for the entry `entry_id` named `name`."""
    who = f"`{entry_id}` ({name})"
    if named:
        return (
            f"{who} is named in articles only where linking is off"
            " (`link: none` or `<!-- explainer: off -->`), so no article links to it"
        )
    return (
        f"{who} is not mentioned in any article: add an alias the articles use,"
        f" link a phrase with [text](explainer:{entry_id}), or delete the entry"
    )


def mentioned_ids(articles: Iterable[Article], matcher: Matcher) -> set[str]:
    """Ids of entries whose names occur in some article's text, linked or not."""
    found: set[str] = set()
    for article in articles:
        for text in article.texts:
            found.update(m.entry_id for m in matcher.find(text))
    return found


# -- finding candidates --------------------------------------------------------------------


def _candidates(articles: Iterable[Article], matcher: Matcher) -> Iterator[Candidate]:
    for article in articles:
        for text in article.texts:
            known = matcher.find(text)
            masked = list(text)
            for m in known:
                masked[m.start : m.end] = BREAK * (m.end - m.start)
            # Only a capitalised known name: a case-free alias written in lower case
            # ("override") is an ordinary word, not the start of a name ("override Disqus").
            names = [m for m in known if _capitalised(text[m.start : m.end])]
            by_end = {m.end: m.start for m in names}
            by_start = {m.start: m.end for m in names}
            for start, end in _runs("".join(masked)):
                # A run right next to a known name is part of a longer one: "New York" + "Times".
                # Looked up by position: a scan of every name per run was quadratic in a long block.
                if start - 1 in by_end and _one_space(text[start - 1 : start]):
                    start = by_end[start - 1]
                while end + 1 in by_start and _one_space(text[end : end + 1]):
                    end = by_start[end + 1]
                raw = text[start:end]
                yield Candidate(" ".join(raw.split()), raw, article, text, start)


def _runs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of capitalised words that look like a name, in order."""
    words = list(_words(text))
    run: list[tuple[int, int, str]] = []
    for i, (start, end, word) in enumerate(words):
        joined = bool(run) and _one_space(text[run[-1][1] : start])
        if _capitalised(word):
            if not joined:
                yield from _emit(text, run)
                run = []
            run.append((start, end, word))
            continue
        if word in _PARTICLES and joined and _name_follows(text, words, i):
            run.append((start, end, word))  # "Mohamed bin Zayed", "Ursula von der Leyen"
            continue
        yield from _emit(text, run)
        run = []
    yield from _emit(text, run)


def _name_follows(text: str, words: list[tuple[int, int, str]], i: int) -> bool:
    """Whether particles from word `i` on lead, one space apart, to a capitalised word."""
    while i + 1 < len(words) and _one_space(text[words[i][1] : words[i + 1][0]]):
        i += 1
        if _capitalised(words[i][2]):
            return True
        if words[i][2] not in _PARTICLES:
            return False
    return False


def _one_space(gap: str) -> bool:
    """Words of one name are one space apart; a line break in the source counts as one."""
    return len(gap) == 1 and gap.isspace()


def _emit(text: str, run: list[tuple[int, int, str]]) -> Iterator[tuple[int, int]]:
    if run and _sentence_start(text, run[0][0]):
        run = run[1:]
    # Titles are not part of a name: "US Secretary of State" is "US", "President of France" is "France".
    part: list[tuple[int, int, str]] = []
    for word in [*run, None]:
        if word is None or word[2] in _TITLES:
            yield from _name(part)
            part = []
        else:
            part.append(word)


def _name(run: list[tuple[int, int, str]]) -> Iterator[tuple[int, int]]:
    while run and (run[0][2] in _SMALL or run[0][2] in _PARTICLES):
        run = run[1:]
    while run and run[-1][2] in _PARTICLES:
        run = run[:-1]
    if not run:
        return
    if _shouted(run):
        return
    if len(run) == 1 and (len(run[0][2]) < 2 or run[0][2] in _DEMONYMS or _plural_demonym(run[0][2])):
        return
    yield run[0][0], run[-1][1]


def _words(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _TOKEN_RE.finditer(text):
        word, start = m.group(), m.start()
        # Possessives, contractions and compounds: "Kyiv's" → "Kyiv", "We've" → "We", "US-backed" → "US".
        word = _CLITIC_RE.sub("", word)
        head, *rest = word.split("-")
        if rest and any(p[:1].islower() or not p for p in rest):
            word = head
        if word:
            yield start, start + len(word), word


def _shouted(run: list[tuple[int, int, str]]) -> bool:
    """Capitals for emphasis, not a name: "WITHOUT WARRANTY OF ANY KIND", "YOU". A lone acronym
    ("NATO", "IAEA") or two ("UN OCHA") stay names."""
    words = [w for _, _, w in run]
    if not all(w.isupper() for w in words):
        return False
    return len(words) >= 3 or any(w.capitalize() in _SMALL or w.lower() in _PARTICLES for w in words)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _plural_demonym(word: str) -> bool:
    return word.endswith("s") and word[:-1] in _DEMONYMS


def _sentence_start(text: str, index: int) -> bool:
    """Whether only punctuation, spaces, line breaks or non-text (BREAK) stand between the word
    and the start of the text or the end of a sentence: "No problem!⏎Types", "`cmd` - Create"."""
    i = index
    separator = False
    while i > 0 and not is_word_char(text[i - 1]):
        i -= 1
        if text[i] in _SENTENCE_END or text[i] == ":":
            return True
        if text[i] == "\n" and _BULLET_RE.fullmatch(text, i + 1, index):
            return True  # A list written without a blank line before it: "containing:⏎- Timing information".
        if text[i] == BREAK:
            # Code or a link before the word: a new start only after a separator ("`cmd` - Create"),
            # not in "[@someone](…) (Illia Volochii)".
            return separator
        separator = separator or text[i] in _SEPARATORS
    return i == 0 or _ITEM_NUMBER_RE.search(text, 0, index) is not None


def _name_parts(people: Iterable[Entry]) -> dict[str, list[Entry]]:
    """Each word (or run of words) inside a person's name or alias → the people it belongs to."""
    parts: dict[str, list[Entry]] = {}
    for entry in people:
        for piece in name_pieces(entry):
            parts.setdefault(piece, []).append(entry)
    return parts


def name_pieces(entry: Entry) -> set[str]:
    """Each word or run of words inside a name or alias of `entry` that is not one of them."""
    pieces: set[str] = set()
    for name in entry.names:
        words = name.split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                pieces.add(" ".join(words[i:j]))
    return pieces - set(entry.names)


def _locate(article: Article, text: str, start: int, end: int) -> tuple[int, int]:
    """Where `text[start:end]` is written in the article's source.

    The source has Markdown syntax the text has not (`**`, links, line breaks), so the phrase
    is looked for with a few of its neighbouring words, any non-word characters between them,
    in shrinking windows until one is found; then the phrase alone, outside headings.
    """
    before = re.findall(r"\w+", text[:start])
    after = re.findall(r"\w+", text[end:])
    core = r"\W+".join(re.escape(w) for w in re.findall(r"\w+", text[start:end]))
    if not core:
        return 1, 1
    source = article.source
    body = _body_start(source)
    for n_before, n_after in ((3, 3), (2, 2), (1, 1), (0, 2), (2, 0), (0, 0)):
        parts = [*(re.escape(w) for w in before[len(before) - n_before :] if n_before), f"({core})"]
        parts += [re.escape(w) for w in after[:n_after]]
        pattern = re.compile(r"(?<!\w)" + r"\W+".join(parts) + r"(?!\w)")
        for m in pattern.finditer(source, body):
            i = m.start(1)
            line_start = source.rfind("\n", 0, i) + 1
            if n_before or n_after or not source.startswith("#", line_start):
                return source.count("\n", 0, i) + 1, i - line_start + 1
    return 1, 1


def _body_start(source: str) -> int:
    if source.startswith("---"):
        end = re.search(r"^(---|\.\.\.)\s*$", source[3:], re.MULTILINE)
        if end:
            return 3 + end.end()
    return 0
