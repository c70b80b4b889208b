"""`explainer check` after an edit to names the articles use: the steps across redone for the articles it reaches.

`checkwide` replays the last answer when an edit changes no name any text holds. When an alias
the articles use is added, or one they used is taken away, or an entry they mention comes or goes,
the articles that hold one of its names (as the matcher folds it, even inside a word) render
differently; the others do not, since a name inside none of their texts can be found in none of
them. So a whole check keeps, per article (`seen`): where its texts are in `ArticleFacts.texts`,
the entries whose names are inside them (`near`), the entries it links to and names, its
rendering's diagnostics, where names cross in it and its likely names, each once and where first
written. `redo` renders the reached articles again with those entries alone, which the matcher
finds exactly as with every entry (no other entry's name is inside their texts), puts their new
findings in place of the old and works out again what is made of all the articles together:
each crossing phrase and likely name warned about in the first article that has it, and whether
some article links to or names each entry. An error a reached article's rendering finds (a link to
an entry there is not, a note's passage not in its article) is one of its findings like the
others: it holds back no warning (only the annotation files' errors do). A likely name that no
check looked up before gets its warning, which names the people it is part of, from the people
whose kept names hold each of its words (`looked_up_anew`), read again.

An article that was edited (`checkwide.widen`'s `pages`) is redone the same way, but its text
is not the recorded one: it is rendered once with no entry, which gives its text as the matcher
searches it (taken before the linking) and the entries it links to; every entry whose names are
inside that text is found from the names `checkwide` keeps of each entry (`_all_names`), and it
is rendered again with those. Its new text takes the old one's place (`_respanned`). An article
added is one edited from an empty record; one deleted loses its record, and what it found is
taken out like a reached article's old findings. Articles whose text did not change but whose
likely names may have (`again`: the names needing no entry edited) are rendered once, as reached.
"""

from __future__ import annotations

import bisect
import os
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ahocorasick import Automaton

from ..core.articles import Article
from ..core.diagnostics import Diagnostic, errors_only, warning
from ..core.loader import AnnotationLoader
from ..core.matcher import Matcher, fold, folded_key, normalise, searched_form
from ..core.model import Entry, Note, Registry
from ..mkdocs_adapter.pagesource import article_uris, render_article
from ..mkdocs_adapter.sitecfg import SiteInfo
from .checkreplay import Look, decode_diagnostics, encode_diagnostics
from .coverage import (
    Located,
    Overlap,
    coverage_candidates,
    coverage_message,
    first_of,
    mentioned_ids,
    name_pieces,
    overlap_candidates,
    read_no_entry,
    unmentioned_warning,
)
from .sourcecheck import SourceRules, cited, rules_of, source_warnings

LINKED, NAMED = 1, 2
"""Bits of a `checkwide` row's last field: some article links to the entry; the matcher finds one of its names."""
URI, PATH, START, END, NEAR, LINKS, NAMES, FOUND, CROSS, LIKELY = range(10)
"""The fields of a `seen` record."""


def seen(
    article: Article,
    span: tuple[int, int],
    named: set[str],
    overlaps: list[Overlap],
    likely: list[Located],
    near: set[str],
    sourced: list[Diagnostic],
) -> list[Any]:
    """What `redo` needs of one article, as JSON (fields: `URI` … `LIKELY`): `span`, where its
    `searched_forms` are in `ArticleFacts.texts`; `near`, `Matcher.near` of them; `sourced`, the
    warnings about the sources its front matter lists (`article_sourced`), kept with its findings."""
    return [
        article.src_uri, article.path, span[0], span[1], sorted(near), sorted(article.job.linked), sorted(named),
        encode_diagnostics(article.path, [*article.diagnostics, *sourced]),
        [[phrase, encode_diagnostics(article.path, [d])[0]] for phrase, d in overlaps],
        [list(item) for item in likely],
    ]  # fmt: skip


@dataclass(slots=True)
class Redone:
    """The shared diagnostics and the rows' facts after `redo`."""

    shared: list[Diagnostic]
    """The diagnostics shared by no person or term file, with the reached articles' findings and
    what is made of all the articles together worked out again, and the warnings that nothing
    links to an entry written again for the entries that did not change (`checkwide` writes
    those of the entries that changed)."""
    bits: dict[str, int]
    """Entry id → `LINKED` | `NAMED`, for every entry whose bits may have changed."""
    occurring: set[str]
    """The `fold`ed names found as whole words in the reached articles."""
    considered: set[str]
    """The likely names looked up now."""
    anew: dict[str, list[str]] = field(default_factory=dict)
    """The likely names no check had looked up, each with the files of the people it is part of
    (`looked_up_anew`)."""


def redo(
    site: SiteInfo,
    look: Look,
    wide: dict[str, Any],
    shared: list[Diagnostic],
    new: dict[str, Entry],
    changed: set[str],
    needles: set[str],
    pages: Collection[str] = (),
    again: Collection[str] = (),
) -> Redone | None:
    """The steps across redone for the articles whose texts hold one of `needles` (the `folded_key`s
    of the names the changed entries have or had), for the articles `pages` (by their paths in
    docs_dir), whose text changed or which came or went, and for the articles `again`, or None if
    the whole check must run; `new`: the changed entries by file, `changed`: their files and those
    gone. `wide`'s per-article records and texts are replaced."""
    before: list[list[Any]] = wide["articles"]
    texts: str = wide["texts"]
    messages: dict[str, str] = wide["messages"]
    uris = article_uris(site)
    by_uri = {r[URI]: r for r in before}
    if [r[URI] for r in before] != sorted(by_uri) or (set(uris) ^ set(by_uri)) - set(pages):
        return None  # Not this site's articles, in the order the whole check takes them: damaged.
    # An article added has no record yet: an empty one, whose text (none) is not the article's.
    records = [by_uri.get(uri) or [uri, "", 0, 0, [], [], [], [], [], []] for uri in uris]
    whole = {*pages, *again}
    reached = [i for i, r in enumerate(records)
               if r[URI] in whole or any(n in texts[r[START] : r[END]] for n in needles)]  # fmt: skip
    listed = set(uris)
    gone = [r for r in before if r[URI] not in listed]
    old = [records[i] for i in reached if records[i][URI] in by_uri] + gone
    changed_ids = {id_of(key) for key in changed}
    names = _all_names(wide["rows"]) if pages else None
    named_by_gone = {entry_id for r in gone for entry_id in (*r[LINKS], *r[NAMES])}
    rendered = _render_reached(site, look, [records[i] for i in reached], texts, new, changed_ids, names, pages,
                               named_by_gone)  # fmt: skip
    if rendered is None:
        return None
    fresh, entries, occurring, segments = rendered
    for i, record in zip(reached, fresh, strict=True):
        records[i] = record
    if pages:
        wide["texts"] = _respanned(records, texts, dict(zip(reached, segments, strict=True)))
    wide["articles"] = records
    out = Counter(shared)
    if not swap(out, findings(old), findings(fresh)):
        return None
    if not swap(out, crossings(before), crossings(records)):
        return None
    first_after = first_likely(records)
    unknown = {name for _, name, _, _ in first_after if name not in messages}
    anew = looked_up_anew(site, look, wide["rows"], unknown, new, changed) if unknown else {}
    if anew is None:
        return None
    for name, (message, _) in anew.items():
        messages[name] = message
    if not swap(out, likely_warnings(before, messages), likely_warnings(records, messages)):
        return None
    was, now = _bits(before, records, [*old, *fresh], {e.id for e in new.values()})
    for entry_id, after_bits in now.items():
        if entry_id in changed_ids:
            continue  # `checkwide` writes again the warnings of the entries that changed or went.
        entry = entries.get(entry_id)
        if entry is None:
            return None
        before_bits = was[entry_id]
        if before_bits == after_bits:
            continue
        lost = [unmentioned_warning(entry, bool(before_bits & NAMED))] if not before_bits & LINKED else []
        gained = [unmentioned_warning(entry, bool(after_bits & NAMED))] if not after_bits & LINKED else []
        if not swap(out, lost, gained):
            return None
    considered = {name for _, name, _, _ in first_after}
    for name in set(messages) - considered:
        del messages[name]
    wide["considered"] = sorted(considered)
    return Redone(list(out.elements()), now, occurring, considered, {name: ids for name, (_, ids) in anew.items()})


def _render_reached(
    site: SiteInfo,
    look: Look,
    reached: list[list[Any]],
    texts: str,
    new: dict[str, Entry],
    changed_ids: set[str],
    names: Automaton | None = None,
    edited: Collection[str] = (),
    also: Collection[str] = (),
) -> tuple[list[list[Any]], dict[str, Entry], set[str], list[str]] | None:
    """The `seen` records of the `reached` articles rendered again, with the entries whose names are
    inside their texts (and those they link to) and the changed ones; every entry read, by id; the
    `fold`ed names found as whole words in them; and their texts as `ArticleFacts.texts` holds
    them. None if an article reads otherwise than recorded or an entry cannot be read (a rendering's
    errors are findings like the rest; a link to an entry there is not names the closest of every
    entry's ids). With `names` (`_all_names`), an article among `edited` whose text changed since
    its record (its `searched_forms` are not those recorded) is rendered with the entries `names`
    finds inside its new text instead (`_respanned` then puts its new text in place). The entries
    `also` are read too (those a deleted article linked to or named), for their warnings."""
    # Read afresh, not from the per-file records: each of those is one of 16 shards of 6,000
    # records to decode (~1.4 s for the ~1,000 entries of 46 articles, against ~0.4 s).
    loader = AnnotationLoader(site.root, site.annotations_dir, site.docs_dir, site.options.max_image_bytes)
    own = look.found.own if look.found is not None else {}
    path_of = {id_of(key): name for key, (name, _) in own.items() if id_of(key) not in changed_ids}
    every_id = {*path_of, *(e.id for e in new.values())}
    notes = notes_of(site, loader, look)
    no_entry = read_no_entry(site.annotations_dir)
    rules = rules_of(site.options)
    entries: dict[str, Entry] = {}
    occurring: set[str] = set()
    out: list[list[Any]] = []
    segments: list[str] = []
    read_into(entries, loader, path_of, set(also) - changed_ids)
    for record in reached:
        text = texts[record[START] : record[END]]
        ids = {*record[NEAR], *record[LINKS]}
        if names is not None and record[URI] in edited:
            # Its text as the matcher searches it, which no entry changes (it is taken before the
            # linking): an article whose text changed holds other names than its record says. And
            # the entries it links to, which that render finds unknown (a link's text is no text).
            alone = Registry({}, {record[URI]: notes.get(record[URI], [])})
            bare = render_article(site, record[URI], alone, Matcher(()))
            now = "\x00".join(searched_forms(bare))
            if now != text:
                text = now
                inside = {entry_id for _, found in names.iter(now) for entry_id in found}
            else:
                inside = set(record[NEAR])
            ids = inside | set(bare.job.unknown_ids)
            read_into(entries, loader, path_of, {*record[LINKS], *record[NAMES]} - ids - changed_ids)
        sub = {e.id: e for e in new.values()}  # Those not in its texts are found nowhere there.
        for entry_id in ids - changed_ids:
            if entry_id not in path_of:
                continue  # A link to an entry there is not: the rendering tells it, with every id.
            entry = entries.get(entry_id) or _read(loader, path_of[entry_id], entry_id)
            if entry is None:
                return None
            sub[entry_id] = entries[entry_id] = entry
        registry = Registry({e.id: e for e in sorted(sub.values(), key=lambda e: e.source_path)},
                            {record[URI]: notes.get(record[URI], [])})  # fmt: skip
        matcher = Matcher(registry.surfaces())
        # Its errors are its own findings, which hold nothing back (`checkwide`); a link to an entry
        # there is not is told with the closest of every entry's ids: the files' names, as the look
        # found them (the last answer had no error in an annotation file, nor have the changed ones).
        article = render_article(site, record[URI], registry, matcher, known_ids=every_id)
        segment = "\x00".join(searched_forms(article))
        if segment != text or (article.job.unknown_ids and look.found is None):
            return None  # (Without the look's files, the ids are not all known.)
        near = matcher.near([segment])  # No name holds a NUL: none is found across two forms.
        overlaps = overlap_candidates(article, matcher, occurring)
        likely = coverage_candidates(article, matcher, no_entry)
        named = mentioned_ids([article], matcher)
        sourced = article_sourced(article, rules)
        out.append(seen(article, (record[START], record[END]), named, overlaps, likely, near, sourced))
        segments.append(segment)
    return out, entries, occurring, segments


def article_sourced(article: Article, rules: SourceRules) -> list[Diagnostic]:
    """The warnings about the sources an article's front matter lists: they depend on it alone
    (`source_warnings` looks at each thing that cites sources by itself)."""
    return source_warnings(cited(Registry(), [(article.path, article.meta.sources)]), rules) if article.meta else []


def _all_names(rows: dict[str, list[Any]]) -> Automaton:
    """Every entry's names as `Matcher.near` looks for them (`folded_key`, even inside a word),
    from the rows `checkwide` keeps: each gives the ids of the entries that have it."""
    automaton = Automaton()
    for key, row in rows.items():
        entry_id = id_of(key)
        for k in row[2]:
            if k.startswith("n:") and len(k) > 2:
                owners = automaton.get(k[2:], None)
                if owners is None:
                    automaton.add_word(k[2:], [entry_id])
                else:
                    owners.append(entry_id)
    if len(automaton):
        automaton.make_automaton()
    return automaton


def _respanned(records: list[list[Any]], texts: str, segments: dict[int, str]) -> str:
    """`texts` with the texts of the articles rendered again (`segments`, by their index) in place
    of their old ones, and every record's span where its text now is."""
    parts: list[str] = []
    at = 0
    for i, record in enumerate(records):
        part = segments[i] if i in segments else texts[record[START] : record[END]]
        record[START], record[END] = at, at + len(part)
        parts.append(part)
        at += len(part) + 1
    return "\x00".join(parts)


def likely_warnings(records: list[list[Any]], messages: dict[str, str]) -> list[Diagnostic]:
    """The likely names' warnings of all the articles, each where the first article that has it first
    writes it (`messages`: each one's, as kept)."""
    return [warning(path, line, col, messages[name]) for path, name, line, col in first_likely(records)]


def first_likely(records: list[list[Any]]) -> list[tuple[str, str, int, int]]:
    return first_of((name, (r[PATH], name, line, col)) for r in records for name, line, col in r[LIKELY])


def id_of(key: str) -> str:
    """The id of the entry in the person or term file at `key` (its path in the annotations folder)."""
    return key.rsplit("/", 1)[-1][: -len(".yml")]


def _read(loader: AnnotationLoader, path: str | None, entry_id: str) -> Entry | None:
    """The entry `entry_id` from its file, or None if it is not there (or has an error, as it had not)."""
    if path is None:
        return None
    parsed = loader.parse_file(Path(path))
    entry = parsed.entry
    return entry if entry is not None and entry.id == entry_id and not errors_only(parsed.diagnostics) else None


def looked_up_anew(
    site: SiteInfo,
    look: Look,
    rows: dict[str, list[Any]],
    names: set[str],
    new: dict[str, Entry],
    changed: set[str],
) -> dict[str, tuple[str, list[str]]] | None:
    """The warning of each likely name in `names`, which no check looked up (one the articles did not
    hold, or one that needed no entry until now), and the files of the people it is part of; None
    if one of those cannot be read.

    The warning names the people one of whose names or aliases holds it as a run of words
    (`name_pieces`), and every such name holds it as text, folded as `checkwide` keeps every
    entry's names: so only the people whose kept names hold each of its words are read, instead
    of every entry. `new`: the entries that changed (by file), read as they are now; `changed`:
    their files and those gone."""
    folder = "people" + os.sep
    own = look.found.own if look.found is not None else {}
    # Every person's kept names, joined: one search each in C instead of 300,000 in Python.
    starts: list[int] = []
    files: list[str] = []
    parts: list[str] = []
    at = 0
    for key, row in rows.items():
        if key.startswith(folder) and key not in changed:
            for k in row[2]:
                if k.startswith("n:"):
                    starts.append(at)
                    files.append(key)
                    parts.append(k[2:])
                    at += len(k) - 1
    joined = "\x00".join(parts)
    loader = AnnotationLoader(site.root, site.annotations_dir, site.docs_dir, site.options.max_image_bytes)
    read: dict[str, Entry | None] = {}
    out: dict[str, tuple[str, list[str]]] = {}
    for name in sorted(names):
        words = folded_key(name).split(" ")
        longest = max(words, key=len)
        maybe: set[str] = set()
        i = joined.find(longest)
        while i >= 0:
            j = bisect.bisect_right(starts, i) - 1
            if all(w in parts[j] for w in words):
                maybe.add(files[j])
            i = joined.find(longest, i + 1)
        file_of = {e.id: key for key, e in new.items() if name in name_pieces(e)}
        found = [new[key] for key in file_of.values()]
        for key in sorted(maybe):
            if key not in read:
                read[key] = _read(loader, own[key][0] if key in own else None, id_of(key))
            entry = read[key]
            if entry is None:
                return None
            if name in name_pieces(entry):
                file_of[entry.id] = key
                found.append(entry)
        owners = Registry(entries={e.id: e for e in found}).people()  # As a whole check lists them.
        out[name] = (coverage_message(name, owners), [file_of[e.id] for e in owners])
    return out


def read_into(
    entries: dict[str, Entry], loader: AnnotationLoader, path_of: dict[str, str], ids: Iterable[str]
) -> None:
    """The entries `ids` that are not in `entries` read into it, for their warnings should their bits
    change (one that cannot be read is left out: `redo` gives up if it needs it)."""
    for entry_id in ids:
        if entry_id not in entries and (entry := _read(loader, path_of.get(entry_id), entry_id)) is not None:
            entries[entry_id] = entry


def notes_of(site: SiteInfo, loader: AnnotationLoader, look: Look) -> dict[str, list[Note]]:
    """Every article's notes, from the notes files in the order the loader reads them."""
    folder = os.path.join(site.annotations_dir, "notes", "")
    out: dict[str, list[Note]] = {}
    for name in look.listing.names:  # 100,000 of them: plain string work, no `Path` each.
        if name.startswith(folder) and name.endswith(".yml"):
            for note in loader.parse_file(Path(name)).notes:
                out.setdefault(note.article, []).append(note)
    return out


def render_again(site: SiteInfo, look: Look, records: list[list[Any]], texts: str) -> list[list[Any]] | None:
    """The records of articles whose text did not change, rendered again as they read now (their
    notes, say), or None (see `_render_reached`)."""
    rendered = _render_reached(site, look, records, texts, {}, set())
    return None if rendered is None else rendered[0]


def findings(records: Iterable[list[Any]]) -> list[Diagnostic]:
    """The findings of the articles' renderings that `records` keep."""
    return [d for r in records for d in decode_diagnostics(r[PATH], r[FOUND])]


def crossings(records: list[list[Any]]) -> list[Diagnostic]:
    """The overlap warnings of all the articles, each phrase in the first that has it."""
    return first_of((phrase, decode_diagnostics(r[PATH], [row])[0]) for r in records for phrase, row in r[CROSS])


def _bits(
    before: list[list[Any]], after: list[list[Any]], reached: list[list[Any]], also: set[str]
) -> tuple[dict[str, int], dict[str, int]]:
    """The `LINKED` and `NAMED` bits, in the articles `before` and `after`, of every entry one of
    the `reached` records (old and new) links to or names, and of the entries in `also`."""
    touched = set(also)
    for r in reached:
        touched.update(r[LINKS], r[NAMES])

    def bits(rows: list[list[Any]]) -> dict[str, int]:
        out = dict.fromkeys(touched, 0)
        for r in rows:
            for e in r[LINKS]:
                if e in out:
                    out[e] |= LINKED
            for e in r[NAMES]:
                if e in out:
                    out[e] |= NAMED
        return out

    return bits(before), bits(after)


def swap(out: Counter[Diagnostic], before: list[Diagnostic], after: list[Diagnostic]) -> bool:
    """`before` taken out of `out` and `after` put in; False if one of `before` is not there (the
    record is not this answer's)."""
    gone = Counter(before)
    if any(out[d] < n for d, n in gone.items()):
        return False
    out.subtract(gone)
    out.update(after)
    return True


def searched_forms(article: Article) -> list[str]:
    """An article's texts in the forms the matcher and the overlap check search them (what a name
    must be inside of, as a `folded_key`, for either to find it there)."""
    return [form for t in article.texts for form in (searched_form(t), fold(normalise(t)))]


__all__ = ["END", "FOUND", "LINKED", "LINKS", "NAMED", "NEAR", "PATH", "START", "URI", "Redone", "article_sourced",
           "crossings", "findings", "first_likely", "id_of", "likely_warnings", "looked_up_anew", "notes_of",
           "read_into", "redo", "render_again", "searched_forms", "seen", "swap"]
