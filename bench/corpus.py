"""Seeded synthetic explainer corpus: articles, annotations, and the equivalent hand-made site.

`write_sites(out, articles, entries, seed)` writes two MkDocs projects with the same articles,
theme, features and navigation:

* `out/plugin/`   — `content/` articles + `annotations/` (people, glossary, notes) + the `explainer` plugin;
* `out/baseline/` — the same articles + one ordinary Markdown page per entry holding what the plugin
  would generate (title, role or kind, aliases, summary, body, "Mentioned in" with the sentence,
  further reading, sources, reviewed), the People and Glossary indexes and the timeline, with the
  entry pages kept out of the navigation (`not_in_nav`) as the plugin keeps its generated ones.

Names are synthetic words from syllables, so nothing collides with English prose by accident;
"families" of entries share a word ("Vorenka", "Vorenka Dam", "Vorenka summit", "Olena Vorenka")
so that longest-match matters. Every name and alias is unique case-insensitively, as the loader
requires. The "Mentioned in" lists of the hand-made pages are computed with the plugin's matcher
over the text nodes the plugin would see, so both sites carry the same backlinks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_explainer.core.linker import sentence_at
from mkdocs_explainer.core.matcher import Matcher

SECTIONS = ("politics", "economy", "security", "energy", "world", "society", "science", "culture")
GIVEN = (
    "Olena", "Andrii", "Maria", "Taras", "Iryna", "Dmytro", "Sofia", "Mykola", "Anna", "Petro", "Kateryna",
    "Yurii", "Oksana", "Serhii", "Halyna", "Viktor", "Lena", "Tomas", "Ingrid", "Pavel", "Marta", "Jonas",
    "Elif", "Karim", "Nadia", "Omar", "Lucia", "Hugo", "Aino", "Bohdan", "Chiara", "Dario", "Eva", "Filip",
    "Greta", "Henrik", "Ida", "Jakub", "Klara", "Lars", "Mila", "Nils", "Olga", "Pieter", "Rosa", "Stefan",
    "Tereza", "Vera", "Wiktor", "Yana", "Zofia", "Roman", "Larysa", "Borys", "Ruslan", "Alina",
)  # fmt: skip
TITLES = ("Minister", "President", "General", "Ambassador", "Mayor", "Governor", "Senator", "Envoy")
ROLES = (
    "Minister of Energy", "Minister of Foreign Affairs", "Head of the regional military administration",
    "Chief negotiator", "Spokesperson for the presidential office", "Governor of the central bank",
    "Commander of the eastern grouping", "Member of parliament", "Special envoy for humanitarian affairs",
    "Chair of the parliamentary budget committee", "Mayor of the regional capital", "Deputy prime minister",
)  # fmt: skip
ORG_NOUNS = ("Institute", "Foundation", "Council", "Group", "Agency", "Bank", "Party", "Union", "Commission")
CONCEPTS = ("corridor", "mechanism", "formula", "doctrine", "ceiling", "guarantee", "clause", "framework", "quota")
EVENTS = ("summit", "talks", "accord", "ceasefire", "blackout", "referendum", "memorandum", "offensive")
PLACE_FORMS = ("", " region", " River", " Dam", " Bay", " Heights")
KIND_WEIGHTS = {"place": 35, "organisation": 25, "concept": 20, "event": 15, "other": 5}
KIND_LABELS = {"place": "Places", "organisation": "Organisations", "concept": "Concepts", "event": "Events",
               "other": "Other"}  # fmt: skip

_ONSETS = ("b", "br", "ch", "d", "h", "hr", "k", "kh", "kr", "l", "m", "n", "p", "pr", "r", "s", "sh", "st", "t",
           "tr", "v", "vl", "z", "zh", "y")  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "ia", "io", "y")
_CODAS = ("", "", "n", "r", "l", "v", "sk", "nk", "m", "st")
_ENDINGS = ("a", "o", "enko", "chuk", "ivka", "ovo", "ets", "ino", "any", "ska", "yn", "ov", "ava", "ara", "ul")

CLAUSES = (
    "the talks would resume after a pause of {n} days",
    "the two delegations had exchanged draft texts overnight",
    "no agreement had been reached on the most difficult questions",
    "the proposal would need the approval of parliament within {n} weeks",
    "prices for electricity rose by {n} percent over the winter",
    "about {n} thousand people had left the area since the spring",
    "the repairs to the grid could take until the end of the year",
    "the government had set aside {n} million for reconstruction",
    "inspectors were allowed to visit the site for the first time in {n} months",
    "the ceasefire was broken {n} times in the first week",
    "local officials asked for more air defence systems",
    "the exchange of prisoners involved {n} people on each side",
    "both sides accused each other of delaying the process",
    "a new round of sanctions was expected before the summer",
    "exports through the southern ports reached {n} million tonnes",
    "the committee postponed its vote until the next session",
    "the draft included a clause on the return of deported children",
    "a *fragile* truce had held along most of the front line",
    "observers described the mood at the table as cautiously hopeful",
    "the budget gap was estimated at {n} billion for the coming year",
    "the energy ministry reported {n} attacks on substations in a single night",
    "the agreement would be reviewed every {n} months",
    "the court ruling could be appealed within {n} days",
    "several western partners offered to act as guarantors",
    "the mediators kept the location of the next meeting secret",
    "{n} percent of respondents in a recent poll supported the plan",
    "the railway line was reopened after {n} weeks of repairs",
    "humanitarian convoys reached {n} villages cut off since autumn",
    "the central bank kept its key rate at {n} percent",
    "unemployment in the region fell to {n} percent",
    "the documents were published on the ministry's website",
    "*no* timetable for elections had been agreed",
    "the wording of the final statement was changed at the last minute",
    "the new law takes effect in {n} days unless it is vetoed",
    "the plant has been running at a fraction of its capacity",
    "engineers warned that the dam could not be rebuilt quickly",
    "schools in the district moved lessons online for {n} days",
    "the shelling damaged {n} residential buildings",
    "the negotiators agreed to meet again within a month",
    "the opposition called for a public inquiry",
    "the delegation left without signing the joint statement",
    "the grain deal covered about {n} ships a month",
    "the memorandum was signed by {n} countries",
    "investigators opened {n} new criminal cases",
    "the price of diesel doubled within {n} weeks",
    "the hospital treated {n} patients after the strike",
    "the region's population has shrunk by a third since the invasion",
    "the bridge remained closed to heavy traffic",
    "the offer was rejected within hours",
    "the fund received {n} applications in its first month",
)  # fmt: skip
WHEN = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week", "earlier this month",
        "in late January", "on 3 February", "on 17 March", "at the weekend", "overnight")  # fmt: skip
UNITS = ("kilometres", "tonnes", "megawatts", "people", "villages", "percent of the budget")
HEADINGS = ("What was agreed", "Why it matters", "The numbers", "What happens next", "Background", "Reactions",
            "What the critics say", "How we got here", "The view from the region", "Open questions")  # fmt: skip
TITLE_STARTS = ("What we know about", "Explained:", "Five questions on", "Inside", "The week in", "Why",
                "Behind the news:", "A guide to")  # fmt: skip

Piece = tuple[str, str, str]
"""(kind, visible text, url): kind is "t" (text), "em", "link" or "code"."""


@dataclass
class BenchEntry:
    id: str
    type: str  # "person" | "term"
    name: str
    aliases: list[str]
    match_case: bool = True
    kind: str | None = None
    date: dt.date | None = None
    role: str | None = None
    as_of: dt.date | None = None
    summary: str = ""
    body: str | None = None
    sources: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    reviewed: dt.date = dt.date(2026, 11, 29)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def folder(self) -> str:
        return "people" if self.type == "person" else "glossary"


@dataclass
class TextBlock:
    """A paragraph, list item or table cell: what the plugin links in, as inline pieces."""

    pieces: list[Piece]

    @property
    def visible(self) -> str:
        return "".join(text for _, text, _ in self.pieces)

    def segments(self) -> list[tuple[int, str]]:
        """(offset in `visible`, text) of each text node the plugin links in (not links or code)."""
        out: list[tuple[int, str]] = []
        pos = 0
        for i, (kind, text, _) in enumerate(self.pieces):
            if kind == "t" and i > 0 and self.pieces[i - 1][0] == "t" and out:
                last_pos, last = out[-1]
                out[-1] = (last_pos, last + text)
            elif kind in ("t", "em"):
                out.append((pos, text))
            pos += len(text)
        return out

    def markdown(self) -> str:
        out = []
        for kind, text, url in self.pieces:
            if kind == "em":
                out.append(f"*{text}*")
            elif kind == "link":
                out.append(f"[{text}]({url})")
            elif kind == "code":
                out.append(f"`{text}`")
            else:
                out.append(text)
        return "".join(out)


@dataclass
class BenchNote:
    id: str
    quote: str
    title: str
    body: str
    sources: list[tuple[str, str]]


@dataclass
class Article:
    section: str
    slug: str
    title: str
    parts: list[str | TextBlock | list[TextBlock]] = field(default_factory=list)
    """Markdown blocks in order: raw Markdown (headings, code), a text block, or a list/table/quote."""
    layout: list[str] = field(default_factory=list)
    """For each part: "raw", "p", "quote", "list" or "table"."""
    notes: list[BenchNote] = field(default_factory=list)

    @property
    def src_uri(self) -> str:
        return f"{self.section}/{self.slug}.md"

    def text_blocks(self) -> list[TextBlock]:
        out: list[TextBlock] = []
        for part in self.parts:
            if isinstance(part, TextBlock):
                out.append(part)
            elif isinstance(part, list):
                out.extend(part)
        return out

    def markdown(self) -> str:
        chunks = [f"# {self.title}"]
        for part, layout in zip(self.parts, self.layout, strict=True):
            if isinstance(part, str):
                chunks.append(part)
            elif isinstance(part, TextBlock):
                chunks.append(("> " if layout == "quote" else "") + part.markdown())
            elif layout == "list":
                chunks.append("\n".join(f"- {item.markdown()}" for item in part))
            elif layout == "table":
                cells = [c.markdown() for c in part]
                rows = [cells[i : i + 3] for i in range(0, len(cells), 3)]
                lines = [f"| {' | '.join(rows[0])} |", "| --- | --- | ---: |"]
                lines += [f"| {' | '.join(r)} |" for r in rows[1:]]
                chunks.append("\n".join(lines))
        return "\n\n".join(chunks) + "\n"


@dataclass
class Corpus:
    articles: list[Article]
    entries: list[BenchEntry]

    def surfaces(self) -> list[tuple[str, str, bool]]:
        return [(name, e.id, e.match_case) for e in self.entries for name in e.names]


# -- names -------------------------------------------------------------------------------


class Names:
    """Unique synthetic words and the set of claimed names (case-insensitive)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words: set[str] = set()
        self.claimed: set[str] = set()
        self.families: list[str] = []

    def word(self) -> str:
        while True:
            r = self.rng
            w = r.choice(_ONSETS) + r.choice(_VOWELS) + r.choice(_CODAS) + r.choice(_ONSETS) + r.choice(_VOWELS)
            w = (w + r.choice(_ENDINGS)).capitalize()
            if w not in self.words and 5 <= len(w) <= 14:
                self.words.add(w)
                return w

    def base(self) -> str:
        """A family word: reused 30% of the time, so that names share words."""
        if self.families and self.rng.random() < 0.3:
            return self.rng.choice(self.families)
        word = self.word()
        self.families.append(word)
        return word

    def free(self, surface: str) -> bool:
        return surface.casefold() not in self.claimed

    def claim(self, surface: str) -> None:
        self.claimed.add(surface.casefold())


def _translit(name: str) -> str:
    for a, b in (("ii", "iy"), ("kh", "h"), ("zh", "j"), ("ia", "ya"), ("ch", "tch"), ("y", "i")):
        if a in name:
            return name.replace(a, b, 1)
    return name + "h"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def make_identities(count: int, rng: random.Random, names: Names | None = None) -> list[BenchEntry]:
    """`count` people and terms with unique ids, names and 1–3 aliases each (no texts yet)."""
    names = names or Names(rng)
    ids: set[str] = set()
    out: list[BenchEntry] = []
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    while len(out) < count:
        person = rng.random() < 0.45
        entry = _person(names, rng) if person else _term(names, rng, rng.choices(kinds, weights)[0])
        if entry is None:
            continue
        base_id = _slug(entry.name)[:60].strip("-")
        entry.id, n = base_id, 2
        while entry.id in ids:
            entry.id, n = f"{base_id}-{n}", n + 1
        ids.add(entry.id)
        out.append(entry)
    return out


def _finish(names: Names, entry: BenchEntry, candidates: Sequence[str], fallback: Iterable[str]) -> BenchEntry:
    names.claim(entry.name)
    wanted = names.rng.choices((1, 2, 3), (45, 35, 20))[0]
    for alias in candidates:
        if len(entry.aliases) < wanted and alias != entry.name and names.free(alias):
            names.claim(alias)
            entry.aliases.append(alias)
    for alias in fallback:
        if entry.aliases:
            break
        if names.free(alias):
            names.claim(alias)
            entry.aliases.append(alias)
    return entry


def _person(names: Names, rng: random.Random) -> BenchEntry | None:
    given, surname = rng.choice(GIVEN), names.base()
    name = f"{given} {surname}"
    if not names.free(name):
        return None
    entry = BenchEntry("", "person", name, [], role=rng.choice(ROLES), as_of=_date(rng, 2025, 2026))
    candidates = [surname, f"{rng.choice(TITLES)} {surname}", _translit(name)]
    rng.shuffle(candidates)
    return _finish(names, entry, candidates, (f"{t} {name}" for t in TITLES))


def _term(names: Names, rng: random.Random, kind: str) -> BenchEntry | None:
    base = names.base()
    entry = BenchEntry("", "term", "", [], kind=kind)
    if kind == "place":
        form = rng.choice(PLACE_FORMS)
        entry.name = base + form
        candidates = [f"{base} Oblast" if form == " region" else f"{base} city", _translit(base) + form, base]
    elif kind == "organisation":
        noun = rng.choice(ORG_NOUNS)
        entry.name = f"{base} {noun}"
        candidates = [(base[:2] + noun[0]).upper() + str(rng.randint(1, 99)), f"{noun} of {base}"]
    elif kind == "concept":
        noun = rng.choice(CONCEPTS)
        entry.name, entry.match_case = f"{base.lower()} {noun}", False
        candidates = [f"{noun} of {base.lower()}", f"{_translit(base).lower()} {noun}"]
    elif kind == "event":
        noun = rng.choice(EVENTS)
        entry.name, entry.date = f"{base} {noun}", _date(rng, 2014, 2026)
        candidates = [f"{base} {entry.date.year} {noun}", f"{noun} in {base}"]
    else:
        entry.name = f"Operation {base}"
        candidates = [f"Project {base}", f"{base} operation"]
    if not names.free(entry.name):
        return None
    rng.shuffle(candidates)
    return _finish(names, entry, candidates, (f"{entry.name} {w}" for w in ("affair", "case", "file", "plan")))


def _date(rng: random.Random, first: int, last: int) -> dt.date:
    start = dt.date(first, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(start, dt.date(last, 12, 28).toordinal()))


def _clause(rng: random.Random) -> list[Piece]:
    text = rng.choice(CLAUSES).replace("{n}", str(rng.randint(2, 990)), 1)
    pieces: list[Piece] = []
    for i, part in enumerate(text.split("*")):
        if part:
            pieces.append(("em" if i % 2 else "t", part, ""))
    return pieces


def _sentences(rng: random.Random, n: int) -> str:
    return " ".join(_plain(_clause(rng)).capitalize() + "." for _ in range(n))


def _plain(pieces: Iterable[Piece]) -> str:
    return "".join(text for _, text, _ in pieces)


def flesh_out(entries: list[BenchEntry], rng: random.Random) -> None:
    """Summaries, bodies, sources and links for each entry."""
    for e in entries:
        what = e.role if e.type == "person" else f"{'an' if str(e.kind)[0] in 'aeiou' else 'a'} {e.kind} in the news"
        e.summary = f"{e.name} is {str(what).lower()}. {_sentences(rng, rng.randint(1, 2))}"
        if rng.random() < 0.7:
            paras = [_sentences(rng, rng.randint(2, 4)) for _ in range(rng.randint(1, 3))]
            e.body = "\n\n".join(paras)
        wiki = e.name.replace(" ", "_")
        e.sources = [(f"{e.name} — Wikipedia", f"https://en.wikipedia.org/wiki/{wiki}")]
        e.sources += [(f"Profile {i}: {e.name}", f"https://news.example.org/{e.id}/{i}") for i in
                      range(rng.randint(0, 2))]  # fmt: skip
        e.links = [(f"Further reading on {e.name}", f"https://library.example.org/{e.id}")] * rng.randint(0, 1)
        e.reviewed = _date(rng, 2026, 2026)


# -- articles ----------------------------------------------------------------------------


class _Mentions:
    """Hands out mentions of an article's entries: the name first, then names or aliases."""

    def __init__(self, rng: random.Random, chosen: list[BenchEntry], sentences: int = 70) -> None:
        self.rng = rng
        self.queue: list[BenchEntry | None] = [e for e in chosen for _ in range(rng.randint(1, 4))]
        # Gaps spread the mentions over the whole article (about `sentences` sentences).
        self.queue += [None] * max(0, sentences - len(self.queue))
        rng.shuffle(self.queue)
        self.seen: set[str] = set()

    def next(self) -> Piece | None:
        entry = self.queue.pop() if self.queue else None
        if entry is None:
            return None
        surface = entry.name if entry.id not in self.seen else self.rng.choice(entry.names)
        if not entry.match_case and self.rng.random() < 0.3:
            surface = surface.capitalize()
        self.seen.add(entry.id)
        roll = self.rng.random()
        if roll < 0.06:
            surface += "’s"
        elif roll < 0.1:
            surface += "'s"
        return ("t", surface, "")


def _sentence(rng: random.Random, mentions: _Mentions) -> list[Piece]:
    x = mentions.next()
    when = rng.choice(WHEN)
    if x is None:
        clause = _clause(rng)
        kind, text, url = clause[0]
        return [(kind, text[:1].upper() + text[1:], url), *clause[1:], ("t", ".", "")]
    form = rng.randrange(8)
    clause = _clause(rng)
    if form == 0:
        return [x, ("t", f" said {when} that ", ""), *clause, ("t", ".", "")]
    if form == 1:
        return [("t", "According to ", ""), x, ("t", ", ", ""), *clause, ("t", ".", "")]
    if form == 2:
        y = mentions.next() or ("t", "other officials", "")
        return [x, ("t", " argued that ", ""), *clause, ("t", ", a view shared by ", ""), y, ("t", ".", "")]
    if form == 3:
        return [("t", "The situation around ", ""), x, ("t", f" changed {when}, and ", ""), *clause,
                ("t", ".", "")]  # fmt: skip
    if form == 4:
        y = mentions.next() or ("t", "the wider region", "")
        return [("t", "Analysts linked ", ""), x, ("t", " to ", ""), y, ("t", ", noting that ", ""), *clause,
                ("t", ".", "")]  # fmt: skip
    if form == 5:
        return [x, ("t", " remained at the centre of the debate as ", ""), *clause, ("t", ".", "")]
    if form == 6:
        return [("t", "Questions about ", ""), x, ("t", f" returned {when} after ", ""), *clause, ("t", ".", "")]
    return [("t", "In an interview, ", ""), x, ("t", " said ", ""), *clause, ("t", ".", "")]


def _paragraph(rng: random.Random, mentions: _Mentions, sentences: int) -> TextBlock:
    pieces: list[Piece] = []
    for i in range(sentences):
        if i:
            pieces.append(("t", " ", ""))
        pieces.extend(_sentence(rng, mentions))
    return TextBlock(_merge(pieces))


def _merge(pieces: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for piece in pieces:
        if out and piece[0] == "t" and out[-1][0] == "t":
            out[-1] = ("t", out[-1][1] + piece[1], "")
        else:
            out.append(piece)
    return out


def make_article(rng: random.Random, index: int, entries: list[BenchEntry], weights: list[float],
                 earlier: list[Article]) -> Article:  # fmt: skip
    section = SECTIONS[index % len(SECTIONS)]
    chosen: dict[str, BenchEntry] = {}
    target = rng.randint(12, 30)
    while len(chosen) < min(target, len(entries)):
        e = rng.choices(entries, weights)[0]
        chosen[e.id] = e
    picked = list(chosen.values())
    lead = picked[0]
    title = f"{rng.choice(TITLE_STARTS)} {lead.name.split()[-1] if lead.type == 'person' else lead.name} ({index + 1})"
    date = dt.date(2025, 1, 1) + dt.timedelta(days=index % 700)
    art = Article(section, f"{date.isoformat()}-{_slug(title)[:40].strip('-')}-{index + 1}", title)
    mentions = _Mentions(rng, picked)

    def add(part: str | TextBlock | list[TextBlock], layout: str) -> None:
        art.parts.append(part)
        art.layout.append(layout)

    add(_paragraph(rng, mentions, 3), "p")
    kinds = ["list", "quote", "table", "code", "plain"]
    rng.shuffle(kinds)
    for s in range(5):
        heading = rng.choice(HEADINGS)
        if rng.random() < 0.3:
            heading += f": {rng.choice(picked).name}"  # names in headings are not linked
        add(f"## {heading}", "raw")
        for _ in range(rng.randint(3, 4)):
            add(_paragraph(rng, mentions, rng.randint(3, 5)), "p")
        extra = kinds[s]
        if extra == "list":
            add([_paragraph(rng, mentions, 1) for _ in range(rng.randint(3, 5))], "list")
        elif extra == "quote":
            x = mentions.next() or ("t", "one official", "")
            add(TextBlock(_merge([("t", "“", ""), *_clause(rng), ("t", "”, ", ""), x, ("t", " said.", "")])), "quote")
        elif extra == "table":
            cells = [TextBlock([("t", h, "")]) for h in ("Who", "What they said", "Figure")]
            for _ in range(4):
                who = mentions.next() or ("t", "A spokesperson", "")
                cells += [TextBlock([who]), TextBlock(_clause(rng)), TextBlock([("t", str(rng.randint(1, 999)), "")])]
            add(cells, "table")
        elif extra == "code":
            name, total = rng.choice(picked).name, rng.randint(1, 99)
            add(f'```text\nmentions = count("{name}")  # names in code are not linked\ntotal = {total}\n```', "raw")
    # Links: one external, one to an earlier article (a relative link MkDocs checks).
    statement = f"https://example.org/statements/{index + 1}"
    links: list[Piece] = [("t", "The ministry published ", ""), ("link", "the full statement", statement),
                          ("t", f" {rng.choice(WHEN)}.", "")]  # fmt: skip
    if earlier:
        other = rng.choice(earlier)
        links += [("t", " See also ", ""), ("link", "our earlier explainer", f"../{other.src_uri}"), ("t", ".", "")]
    add(TextBlock(links), "p")
    mentions.queue = [e for e in mentions.queue if e is not None]
    while mentions.queue:
        add(_paragraph(rng, mentions, 3), "p")
    return art


def add_notes(rng: random.Random, art: Article, count: int, matcher: Matcher) -> None:
    """Context notes whose quotes occur exactly once in the article's visible text.

    A quote never starts or ends inside a name. Until 2234bd0 the plugin anchored notes before
    linking names, so such a boundary split the name ("Alina Vorenka" linked as the place
    "Vorenka"); the rule stays so that the corpus, and the figures, do not change.
    """
    blocks = [b for b in art.text_blocks() if len(b.visible.split()) > 12]
    everything = "\n".join(b.visible for b in art.text_blocks())
    tries = 0
    while len(art.notes) < count and tries < 50 and blocks:
        tries += 1
        block = rng.choice(blocks)
        words = block.visible.split()
        length = rng.randint(4, 9)
        start = rng.randrange(0, max(1, len(words) - length))
        quote = " ".join(words[start : start + length]).strip(",.;:“”")
        if len(quote) < 12 or everything.count(quote) != 1 or any(quote in n.quote for n in art.notes):
            continue
        if any(n.quote in quote for n in art.notes):
            continue
        a = block.visible.find(quote)
        b = a + len(quote)
        if any(m.start < a < m.end or m.start < b < m.end for m in matcher.find(block.visible)):
            continue
        nid = f"note-{len(art.notes) + 1}"
        art.notes.append(BenchNote(nid, quote, f"Context: {' '.join(quote.split()[:4])}", _sentences(rng, 2),
                                   [("Background briefing", f"https://example.org/briefings/{art.slug}/{nid}")]))


def generate(articles: int, entries: int, seed: int) -> Corpus:
    rng = random.Random(seed)
    made = make_identities(entries, rng)
    flesh_out(made, rng)
    weights = [1.0 / (rank + 8) ** 0.9 for rank in range(len(made))]  # a few entries are in many articles
    matcher = Matcher((name, e.id, e.match_case) for e in made for name in e.names)
    arts: list[Article] = []
    for i in range(articles):
        art = make_article(rng, i, made, weights, arts)
        if rng.random() < 0.25:
            add_notes(rng, art, rng.randint(1, 4), matcher)
        arts.append(art)
    return Corpus(arts, made)


# -- what the plugin would link (for the hand-made "Mentioned in" lists) ---------------------

def first_mentions(art: Article, matcher: Matcher) -> list[tuple[str, str]]:
    """(entry id, sentence) of the first mention of each entry, in reading order."""
    seen: dict[str, str] = {}
    for block in art.text_blocks():
        visible = block.visible
        for offset, text in block.segments():
            for m in matcher.find(text):
                if m.entry_id not in seen:
                    seen[m.entry_id] = sentence_at(visible, offset + m.start)
    return list(seen.items())


# -- writing the two sites -----------------------------------------------------------------

MKDOCS_YML = """\
site_name: Benchmark explainers
site_url: https://bench.invalid/
docs_dir: content
site_dir: site
strict: false
theme:
  name: material
  language: en
  features:
    - navigation.instant
    - navigation.instant.progress
    - navigation.sections
    - navigation.top
    - search.highlight
    - content.tooltips
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode
plugins:
  - search
{plugins}markdown_extensions:
  - attr_list
  - tables
  - toc:
      permalink: true
{extra}nav:
{nav}"""

BASELINE_NOT_IN_NAV = """\
not_in_nav: |
  /people/*.md
  !/people/index.md
  /glossary/*.md
  !/glossary/index.md
"""


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _fmt_date(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line else "" for line in text.splitlines())


def entry_yaml(e: BenchEntry) -> str:
    kind = "person" if e.type == "person" else "term"
    lines = [f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"]
    lines.append(f"{'name' if e.type == 'person' else 'term'}: {_q(e.name)}")
    lines.append(f"aliases: [{', '.join(_q(a) for a in e.aliases)}]")
    if e.type == "person":
        assert e.as_of is not None
        lines += ["role:", f"  title: {_q(str(e.role))}", f"  as_of: {e.as_of.isoformat()}"]
    else:
        lines.append(f"kind: {e.kind}")
        if e.date:
            lines.append(f"date: {e.date.isoformat()}")
    lines += ["summary: >-", _indent(e.summary, 2)]
    if e.body:
        lines += ["body: |", _indent(e.body, 2)]
    if e.links:
        lines.append("links:")
        lines += [f"  - title: {_q(t)}\n    url: {u}" for t, u in e.links]
    lines.append("sources:")
    lines += [f"  - title: {_q(t)}\n    url: {u}" for t, u in e.sources]
    lines.append(f"reviewed: {e.reviewed.isoformat()}")
    if not e.match_case:
        lines.append("match_case: false")
    return "\n".join(lines) + "\n"


def notes_yaml(art: Article) -> str:
    lines = ["# yaml-language-server: $schema=../../../schemas/notes.schema.json", "notes:"]
    for n in art.notes:
        lines += [f"  - id: {n.id}", f"    quote: {_q(n.quote)}", f"    title: {_q(n.title)}", "    body: >-",
                  _indent(n.body, 6), "    sources:"]  # fmt: skip
        lines += [f"      - title: {_q(t)}\n        url: {u}" for t, u in n.sources]
        lines.append("    reviewed: 2026-11-29")
    return "\n".join(lines) + "\n"


def entry_page(e: BenchEntry, backlinks: list[tuple[str, str, str]]) -> str:
    """The hand-made page of one entry: what the plugin's entry page shows, as plain Markdown."""
    out = [f"# {e.name}"]
    if e.type == "person":
        assert e.as_of is not None
        out.append(f"{e.role} (as of {_fmt_date(e.as_of)})")
    else:
        out.append(str(e.kind).capitalize() + (f" · {_fmt_date(e.date)}" if e.date else ""))
    if e.aliases:
        out.append("Also written: " + ", ".join(e.aliases))
    out.append(e.summary)
    if e.body:
        out.append(e.body)
    out.append("## Mentioned in")
    if backlinks:
        items = [f"- [{title}](../{uri})\n\n    > {sentence}" for title, uri, sentence in backlinks]
        out.append("\n\n".join(items))
    else:
        out.append("No article mentions this entry yet.")
    if e.links:
        out.append("## Further reading\n\n" + "\n".join(f"- [{t}]({u})" for t, u in e.links))
    out.append("## Sources\n\n" + "\n".join(f"- [{t}]({u})" for t, u in e.sources))
    out.append(f"Reviewed {_fmt_date(e.reviewed)}")
    return "\n\n".join(out) + "\n"


def index_pages(entries: list[BenchEntry]) -> dict[str, str]:
    """The hand-made People and Glossary indexes and the timeline, as the plugin groups them."""

    def key(e: BenchEntry) -> tuple[str, str]:
        return (e.name.casefold(), e.id)

    people = sorted((e for e in entries if e.type == "person"), key=key)
    groups: dict[str, list[str]] = {}
    for e in people:
        letter = e.name[:1].upper()
        groups.setdefault(letter if letter.isalpha() else "#", []).append(f"- [{e.name}]({e.id}.md) — {e.role}")
    people_md = "# People\n\n" + "\n\n".join(f"## {k}\n\n" + "\n".join(v) for k, v in groups.items()) + "\n"
    terms = sorted((e for e in entries if e.type == "term"), key=key)
    sections = []
    for kind, label in KIND_LABELS.items():
        items = [f"- [{e.name}]({e.id}.md)" for e in terms if e.kind == kind]
        if items:
            sections.append(f"## {label}\n\n" + "\n".join(items))
    glossary_md = "# Glossary\n\n" + "\n\n".join(sections) + "\n"
    events = sorted((e for e in terms if e.kind == "event" and e.date), key=lambda e: (e.date, *key(e)))
    timeline = [f"1. {_fmt_date(e.date)} [{e.name}](glossary/{e.id}.md)\n\n    {e.summary}" for e in events if e.date]
    timeline_md = "# Timeline\n\n" + "\n\n".join(timeline) + "\n"
    return {"people/index.md": people_md, "glossary/index.md": glossary_md, "timeline.md": timeline_md}


def _nav(corpus: Corpus) -> str:
    lines = ["  - Home: index.md"]
    for section in SECTIONS:
        arts = [a for a in corpus.articles if a.section == section]
        if arts:
            lines.append(f"  - {section.capitalize()}:")
            lines += [f"      - {a.src_uri}" for a in arts]
    lines += ["  - People: people/index.md", "  - Glossary: glossary/index.md", "  - Timeline: timeline.md"]
    return "\n".join(lines) + "\n"


HOME = """\
# Benchmark explainers

Synthetic articles for measuring the explainer plugin. See the [people](people/index.md),
the [glossary](glossary/index.md) and the [timeline](timeline.md).
"""


def write_sites(out: Path, corpus: Corpus) -> tuple[Path, Path]:
    """Write `out/plugin` and `out/baseline`; returns their folders."""
    plugin, baseline = out / "plugin", out / "baseline"
    for site in (plugin, baseline):
        shutil.rmtree(site, ignore_errors=True)
        (site / "content").mkdir(parents=True)
    nav = _nav(corpus)
    (plugin / "mkdocs.yml").write_text(MKDOCS_YML.format(plugins="  - explainer\n", extra="", nav=nav))
    (baseline / "mkdocs.yml").write_text(MKDOCS_YML.format(plugins="", extra=BASELINE_NOT_IN_NAV, nav=nav))
    matcher = Matcher(corpus.surfaces())
    by_id = {e.id: e for e in corpus.entries}
    backlinks: dict[str, list[tuple[str, str, str]]] = {e.id: [] for e in corpus.entries}
    for site in (plugin, baseline):
        _write(site / "content" / "index.md", HOME)
    for art in corpus.articles:
        text = art.markdown()
        for site in (plugin, baseline):
            _write(site / "content" / art.src_uri, text)
        if art.notes:
            _write(plugin / "annotations" / "notes" / art.src_uri.replace(".md", ".yml"), notes_yaml(art))
        for entry_id, sentence in first_mentions(art, matcher):
            backlinks[entry_id].append((art.title, art.src_uri, sentence))
    for e in corpus.entries:
        _write(plugin / "annotations" / e.folder / f"{e.id}.yml", entry_yaml(e))
        links = sorted(backlinks[e.id], key=lambda b: (b[0].casefold(), b[1]))
        _write(baseline / "content" / e.folder / f"{e.id}.md", entry_page(by_id[e.id], links))
    for uri, text in index_pages(corpus.entries).items():
        _write(baseline / "content" / uri, text)
    return plugin, baseline


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    out = args.out or Path(__file__).parent / "out" / f"{args.articles}x{args.entries}-s{args.seed}"
    corpus = generate(args.articles, args.entries, args.seed)
    plugin, baseline = write_sites(out, corpus)
    words = [len(" ".join(b.visible for b in a.text_blocks()).split()) for a in corpus.articles]
    notes = sum(len(a.notes) for a in corpus.articles)
    print(f"wrote {plugin} and {baseline}: {len(corpus.articles)} articles "
          f"(~{sum(words) // max(1, len(words))} words of linkable text each), {len(corpus.entries)} entries, "
          f"{notes} context notes")  # fmt: skip


if __name__ == "__main__":
    main()
