"""`explainer check` answered from the last whole check when an edit changes names the articles never use.

`checkreplay` replays the last answer when an edit reaches no other file. An alias added, a new
entry or an entry deleted do reach other files in principle: every step across entries and
articles reads every name. But most such edits change nothing those steps find, and whether they
do can be told from a few facts kept beside the record (`record_wide`):

- of the articles, every text the matcher searched, in the form it searches it; the names the
  check of likely names looked up (`coverage_warnings`' `seen`);
- of each entry, a digest of what the steps read besides its names and picture (`core`: id, kind
  of page, case rule, file), its name, the keys by which it could clash with another
  entry (each name as the matcher folds it, its Wikidata id), which of its names occur as whole
  words in some text, which parts of its names the likely-name check looked up, and whether some
  article links to it or names it.

An edit is replayed (`widen`) when the last answer had no error but those of articles' renderings
(`_errors_rendered`), each changed file reads without one and its picture can be shown, and for
each entry that changed, came or went: its `core` is unchanged (or it is new or gone); no key it
has or had is another entry's; no name it gains occurs in any text, even inside
a word; no name it loses occurred, and none at all if an article links to it or the matcher
found one of its names; a new or deleted entry is linked from nowhere, its id written in no
article, and its pages land on no other page. Then every step's findings are the same except the
entry's own warning that no article links to it, which is written again, and the warnings of
the likely names looked up that are part of its names, before or after, or that name it (if it
is a person renamed): those are worked out again from the people whose kept names hold their
words (`_likely_redone`). A changed file that no longer reads as an entry, or a notes file with
errors, is answered by `checkfailed`.

When the only condition not met is about names the texts hold (a name gained that some text holds,
one lost that was found, an entry the articles mention come or gone), `checklocal` renders again
the articles that hold one of those names and works out what changes across the articles; the
other conditions hold as above. Articles and notes files edited, added or deleted, with or
without such changes, are answered by `checklocal` too, which renders those articles (and those
the notes are for) again, the notes files' own findings worked out afresh; so are the names that
need no entry, which every article is rendered again for. An article added where the plugin
generates pages, or deleted while its notes file stays, runs the whole check. Anything else runs
the whole check too.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.articles import Article
from ..core.diagnostics import Diagnostic, errors_only, warning
from ..core.loader import AnnotationLoader, Parsed
from ..core.matcher import folded_key, surface_key
from ..core.model import Entry, Registry
from ..core.pages import MEDIA_DIR, index_uri
from ..mkdocs_adapter.langsite import language_neutral
from ..mkdocs_adapter.pagesource import article_uris, content_files
from ..mkdocs_adapter.sitecfg import SiteInfo
from . import checkfailed, checklocal
from .checkcache import CheckCache
from .checklocal import LINKED, NAMED, id_of, searched_forms
from .checkreplay import Edits, Look, Widened, decode_diagnostics
from .clashcheck import generated_clashes, mkdocs_dest
from .coverage import name_pieces, unmentioned_warning

NAME = "replay-wide"


@dataclass(slots=True)
class ArticleFacts:
    """What the steps across entries and articles saw in the articles, for `record_wide`."""

    texts: str = ""
    """Every text the matcher and the overlap check searched, in the forms they search it, joined by
    a character no name holds."""
    looked_up: dict[str, list[str]] = field(default_factory=dict)
    """The names the likely-name check looked up among the parts of people's names, with the ids
    of the people each is part of."""
    occurring: set[str] = field(default_factory=set)
    """The `fold`ed `surface_key` of every name that occurs as whole words in some text."""
    linked: set[str] = field(default_factory=set)
    named: set[str] = field(default_factory=set)
    articles: list[list[Any]] = field(default_factory=list)
    """Per article, what `checklocal` needs to redo the steps across for it alone (`checklocal.seen`)."""
    messages: dict[str, str] = field(default_factory=dict)
    """Each likely name's warning (`coverage_warnings`)."""
    pending: Callable[[], None] | None = None
    """What is left to work out of `texts` and `articles` (`complete`): only the record reads them,
    so the check works them out once it has answered."""

    def complete(self) -> None:
        """Work out what `pending` holds, once."""
        pending, self.pending = self.pending, None
        if pending is not None:
            pending()

    def parts_looked_up(self) -> dict[str, list[str]]:
        """Entry id → the parts of its names the likely-name check looked up (`_looked_up`), in order."""
        out: dict[str, list[str]] = {}
        for name in sorted(self.looked_up):
            for entry_id in self.looked_up[name]:
                out.setdefault(entry_id, []).append(name)
        return out

    def add_texts(self, articles: Iterable[Article]) -> list[tuple[int, int]]:
        """Keep the articles' texts; the span of each article's in `texts`."""
        spans: list[tuple[int, int]] = []
        parts: list[str] = []
        at = 0
        for article in articles:
            forms = searched_forms(article)
            joined = "\x00".join(forms)
            spans.append((at, at + len(joined)))
            parts.append(joined)
            at += len(joined) + 1
        self.texts = "\x00".join(parts)
        return spans


def core(entry: Entry) -> str:
    """A digest of what the steps across entries and articles read of an entry besides its names and
    its picture (whose file is looked at again for each entry that changed: `_pictures_apart`)."""
    # Joined, not `repr`ed: a whole check makes 100,000 of these. No field holds a NUL.
    value = "\0".join((entry.id, entry.type, str(entry.match_case), entry.source_path))
    return hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def keys(entry: Entry) -> list[str]:
    """What another entry could share with this one and so change the steps' findings on both."""
    out = ["n:" + folded_key(s) for s in entry.names if surface_key(s)]
    if entry.wikidata:
        out.append("w:" + entry.wikidata)
    return out


def _looked_up(entry: Entry, considered: set[str]) -> list[str]:
    return sorted(name_pieces(entry) & considered) if entry.type == "person" else []


def row(entry: Entry, facts: ArticleFacts, parts: dict[str, list[str]]) -> list[Any]:
    """One entry's facts for `widen`: [core, name, keys, names that occur, parts looked up, bits];
    `parts`: `facts.parts_looked_up()`."""
    own = keys(entry)
    occurs = [k for k in own if k.startswith("n:") and k[2:] in facts.occurring]
    bits = (LINKED if entry.id in facts.linked else 0) | (NAMED if entry.id in facts.named else 0)
    return [core(entry), entry.name, own, occurs, parts.get(entry.id, []), bits]


def record_wide(cache: CheckCache, token: str, prose: str | None, texts: str, considered: Iterable[str],
                rows: dict[str, list[Any]], articles: list[list[Any]] | None,
                messages: dict[str, str] | None) -> None:  # fmt: skip
    """Keep the facts `widen` needs beside the record with `token`; without the per-article
    records (`checklocal.seen`) and the likely names' warnings, an edit to names the articles use
    runs the whole check."""
    value: dict[str, Any] = {"token": token, "prose": prose, "texts": texts, "considered": sorted(considered),
                             "rows": rows}  # fmt: skip
    if articles is not None and messages is not None:
        value.update(articles=articles, messages=messages)
    cache.save_json(NAME, value)


def reused(cache: CheckCache, prose: str | None) -> dict[str, Any] | None:
    """The last facts, if they were taken under the same `prose_key` (the steps were not run again)."""
    last = cache.load_json(NAME)
    if prose is None or not isinstance(last, dict) or last.get("prose") != prose:
        return None
    return last


def widen(
    site: SiteInfo,
    cache: CheckCache,
    look: Look,
    data: dict[str, Any],
    read: dict[str, tuple[Path, list[int] | None, Parsed]],
    moved: set[str],
    gone: set[str],
    shared: list[Diagnostic],
    edits: Edits | None = None,
    note_part: NotePart | None = None,
) -> Widened | None:
    """The last answer's shared part after the changes in `moved` (read again, in `read`) and `gone`,
    and in `edits`: the articles (by their paths in docs_dir) and the notes files (by their paths;
    `note_part` reads each one's own findings again) edited, added or deleted, and the names that
    need no entry; or None if the changes may reach what the steps found in ways not told here
    (see the module's docstring); `look`: what the check looked at before reading any file."""
    edits = Edits() if edits is None else edits
    pages, notes = edits.pages, edits.notes
    if data["failed"]:
        return None  # Before the facts are read (MiBs): an answer with errors has none kept.
    wide = cache.load_json(NAME)
    files: dict[str, Any] = data["files"]
    if not isinstance(wide, dict) or wide.get("token") != data.get("token"):
        return None
    rows: dict[str, list[Any]] = wide["rows"]
    if set(rows) != set(files) or not data["counts"][2] or not _errors_rendered(shared, wide):
        return None
    if not gone and not edits and any(errors_only(read[key][2].diagnostics) for key in moved):
        return checkfailed.failed(site, look, wide, read, moved, shared)  # An error made.
    changed = moved | gone
    new: dict[str, Entry] = {}
    for key in moved:
        parsed = read[key][2]
        if parsed.entry is None or errors_only(parsed.diagnostics):
            return None
        new[key] = parsed.entry
    # What the other entries have that a changed one could share: nothing to compare when only
    # articles or notes changed (100,000 rows not walked).
    taken: set[str] = set()
    if changed:
        taken = {k for key, r in rows.items() if key not in changed for k in r[2]}
        taken.update("i:" + id_of(key) for key in files if key not in changed)
    texts: str = wide["texts"]
    fresh: list[Entry] = []
    local: set[str] = set()  # The files of the entries whose change some article renders (`checklocal`).
    needles: set[str] = set()  # Their names, before and after.
    sources: list[bytes] | None = None  # Read once, and only if an entry came or went.
    # Before the edit and after it, apart: an entry renamed (its file, so its id) is one gone and
    # one new with the same names, which no two entries ever held at once.
    had, has = set(taken), taken
    for key in sorted(changed):
        old, entry = rows.get(key), new.get(key)
        if old is not None:
            if not had.isdisjoint(old[2]):
                return None  # It shared a name or an id with another entry: their findings change too.
            had.update(old[2])
        theirs = [] if entry is None else [*keys(entry), "i:" + entry.id]
        if not has.isdisjoint(theirs):
            return None
        has.update(theirs)
        if old is not None and entry is not None and core(entry) != old[0]:
            return None
        if not _same_findings(old, entry, texts):
            local.add(key)
            needles.update(k[2:] for k in (*(old[2] if old is not None else ()), *theirs) if k.startswith("n:"))
        if old is None or entry is None:
            fresh += [entry] if entry is not None else []
            sources = _article_sources(site) if sources is None else sources
            needle = id_of(key).encode()  # A link to an entry that came or went.
            if sources is None or any(needle in source for source in sources):
                return None
    if fresh and generated_clashes(site, Registry(entries={e.id: e for e in fresh})):
        return None
    if not _pictures_apart(site, list(new.values())):
        return None
    bits = {key: rows[key][5] for key in new if key in rows}  # As they were, unless `checklocal` tells.
    occurs = {key: rows[key][3] for key in new if key in rows}
    considered = set(wide["considered"])
    anew: set[str] = set()  # Likely names whose warnings were worked out this time, with every person's names.
    reread = set(pages)
    if edits:
        if (notes and note_part is None) or "articles" not in wide or "messages" not in wide:
            return None
        if not _pages_kept_apart(site, look, wide["articles"], pages):
            return None
        shared, for_notes, broken = _notes_redone(site, look, wide["articles"], data["notes"], note_part, notes, shared)
        if for_notes is None:
            return None
        if broken:  # A notes file with errors: the prose's warnings wait on them.
            if moved or gone or pages or edits.no_entry:
                return None
            return checkfailed.notes_failed(site, look, wide, shared, for_notes, broken)
        reread |= for_notes
        # The kept texts are the articles' as they were: every article that holds a name of a
        # changed entry, before or after, is rendered again, beside the edited ones.
        for key in changed:
            old, entry = rows.get(key), new.get(key)
            local.add(key)
            had = old[2] if old is not None else []
            needles.update(k[2:] for k in (*had, *(keys(entry) if entry is not None else ())) if k.startswith("n:"))
    # Names that need no entry edited: every article's likely names, in texts that did not change.
    again = {r[checklocal.URI] for r in wide["articles"]} if edits.no_entry else set()
    if needles or reread or again:
        if "articles" not in wide or "messages" not in wide:
            return None
        redone = checklocal.redo(site, look, wide, shared, new, changed, needles, reread, again)
        if redone is None:
            return None
        shared, considered = redone.shared, redone.considered
        for key, entry in new.items():
            bits[key] = redone.bits.get(entry.id, 0)
            if key in local:  # Every article its names are in was rendered again; the others' names as they were.
                occurs[key] = [k for k in keys(entry) if k.startswith("n:") and k[2:] in redone.occurring]
        _update_rows(rows, redone.bits, considered, changed)
        if reread:
            _gained(rows, redone.occurring, changed)
        anew = set(redone.anew)
        for name, owners in redone.anew.items():
            _looked_up_in(rows, name, owners, changed)
    pieces = {key: _looked_up(entry, considered) for key, entry in new.items()}
    recheck: set[str] = set()  # Likely names looked up before whose people changed.
    for key in changed:
        old, entry = rows.get(key), new.get(key)
        before = {p for p in old[4] if p in considered} if old is not None else set()
        recheck |= (before ^ set(pieces.get(key, []))) - anew
        if before and old is not None and entry is not None and old[1] != entry.name:
            recheck |= before - anew  # The likely-name warnings name the person.
    if recheck:
        redone_likely = _likely_redone(site, look, wide, rows, shared, recheck, new, changed)
        if redone_likely is None:
            return None
        shared = redone_likely
    out = _rewritten(site, shared, rows, new, changed, bits)
    if out is None:
        return None
    for key in gone:
        del rows[key]
    for key, entry in new.items():
        rows[key] = [core(entry), entry.name, keys(entry), occurs.get(key, []), pieces[key], bits.get(key, 0)]
    wide["prose"] = None  # The entries are no longer those the steps ran on.
    def save(token: str) -> None:
        cache.save_json(NAME, {**wide, "token": token})

    return Widened(out, save)


def _errors_rendered(shared: list[Diagnostic], wide: dict[str, Any]) -> bool:
    """Whether every error among the shared findings is one an article's rendering found (a link to
    an entry there is not, a context note's passage not in its article): those are each article's
    own (`checklocal` renders it again when it changes) and hold nothing back. Any other error (a
    generated page on another page's path) could go with an entry that changes: not told here."""
    errors = Counter(errors_only(shared))
    if not errors:
        return True
    if "articles" not in wide:
        return False
    found = (decode_diagnostics(r[checklocal.PATH], r[checklocal.FOUND]) for r in wide["articles"])
    rendered = Counter(d for diagnostics in found for d in errors_only(diagnostics))
    return not errors - rendered


def _pictures_apart(site: SiteInfo, entries: list[Entry]) -> bool:
    """Whether the pictures of `entries` (changed or new) are all files that can be shown, each
    copied where no page of docs_dir is: then a picture added, changed or taken away reaches no
    other finding (a picture's only findings across files are those errors, which the loader
    gives among the shared findings)."""
    pictured = [e for e in entries if e.image is not None]
    if not pictured:
        return True
    loader = AnnotationLoader(site.root, site.annotations_dir, site.docs_dir, site.options.max_image_bytes)
    if any(e.image is not None and loader.image_problem(e.image.src) for e in pictured):
        return False  # As the loader's `_check_images` would say.
    copied = {e.id: e for e in pictured if e.image is not None and not e.image.remote}
    return not copied or not generated_clashes(site, Registry(entries=copied))


def _likely_redone(
    site: SiteInfo,
    look: Look,
    wide: dict[str, Any],
    rows: dict[str, list[Any]],
    shared: list[Diagnostic],
    names: set[str],
    new: dict[str, Entry],
    changed: set[str],
) -> list[Diagnostic] | None:
    """`shared` with the warnings of the likely names `names` worked out again: names looked up
    before, which a changed person's names now hold or no longer hold, or which name a person
    renamed (`checklocal.looked_up_anew` finds the people they are part of now); the rows' and
    the kept facts' looked-up parts and messages with them. None if a fact is missing or the
    warnings are not where they were recorded."""
    if "articles" not in wide or "messages" not in wide:
        return None
    messages: dict[str, str] = wide["messages"]
    if not names.issubset(messages):
        return None
    fresh = checklocal.looked_up_anew(site, look, rows, names, new, changed)
    if fresh is None:
        return None
    out = Counter(shared)
    for path, name, line, col in checklocal.first_likely(wide["articles"]):
        if name in fresh:
            was, now = warning(path, line, col, messages[name]), warning(path, line, col, fresh[name][0])
            if not checklocal.swap(out, [was], [now]):
                return None
    for key, row in rows.items():
        if key not in changed and row[4] and not names.isdisjoint(row[4]):
            row[4] = [p for p in row[4] if p not in names]
    for name, (message, owners) in fresh.items():
        messages[name] = message
        _looked_up_in(rows, name, owners, changed)
    return list(out.elements())


def _looked_up_in(rows: dict[str, list[Any]], name: str, owners: list[str], changed: set[str]) -> None:
    """The likely name `name` among the parts looked up of the people in the files `owners` (but
    those in `changed`, whose rows are written afresh)."""
    for key in owners:
        if key not in changed:
            rows[key][4] = sorted({*rows[key][4], name})


NotePart = Callable[[Path], "tuple[str, list[Diagnostic], bool]"]
"""A notes file's own findings, read again: (its path as the check names it, its errors and warnings
and those about its notes' sources, whether it has errors)."""


def _gained(rows: dict[str, list[Any]], occurring: set[str], changed: set[str]) -> None:
    """Each row (but those of `changed`) with the names now found as whole words in the articles
    rendered again (`occurring`). One no longer found there may still be in another article: kept,
    which only makes a later edit to that name render the articles that hold it again
    (`_same_findings`)."""
    for key, row in rows.items():
        if key in changed:
            continue
        gained = {k for k in row[2] if k.startswith("n:") and k[2:] in occurring}
        if not gained.issubset(row[3]):
            row[3] = [k for k in row[2] if k in gained or k in row[3]]


def _notes_redone(
    site: SiteInfo,
    look: Look,
    records: list[list[Any]],
    recorded: dict[str, str],
    note_part: NotePart | None,
    notes: Collection[str],
    shared: list[Diagnostic],
) -> tuple[list[Diagnostic], set[str] | None, set[str]]:
    """`shared` with the own findings of each notes file in `notes` (edited, added or deleted)
    worked out again (those its article's rendering gave stay: `checklocal` swaps them), the
    articles they are for, and those now with errors, by the paths the check names them by (one
    for an article that is not there, say: `checkfailed.notes_failed`); None for the articles if a
    notes file has other findings than told, or one deleted was a link (`recorded`: the last
    record's digests, `Inputs.notes`)."""
    by_uri = {r[checklocal.URI]: r for r in records}
    folder = site.annotations_dir / "notes"
    out = Counter(shared)
    articles: set[str] = set()
    listed = set(look.listing.names)
    broken: set[str] = set()
    for name in sorted(notes):
        uri = Path(name).relative_to(folder).with_suffix(".md").as_posix()
        record = by_uri.get(uri)
        if name in listed:
            part = note_part(Path(name)) if note_part is not None else None
        elif not recorded.get(name, "L").startswith("L"):
            part = (site.rel(Path(name)), [], False)  # Deleted: nothing of it is found any more.
        else:
            part = None
        if part is None:
            return shared, None, set()
        rel, now, errors = part
        if errors:
            broken.add(rel)
        found = decode_diagnostics(record[checklocal.PATH], record[checklocal.FOUND]) if record is not None else []
        rendered = Counter(d for d in found if d.path == rel)
        before = Counter(d for d in shared if d.path == rel) - rendered
        if not checklocal.swap(out, list(before.elements()), now):
            return shared, None, set()
        if record is not None:
            articles.add(uri)
    return list(out.elements()), articles, broken


def _pages_kept_apart(site: SiteInfo, look: Look, records: list[list[Any]], pages: Collection[str]) -> bool:
    """Whether the articles among `pages` that came or went leave every other finding as it was: no
    notes file stays for one deleted (it would have an error), and none added lands where the
    plugin generates pages (an index, the timeline, the entries' folders, their pictures), which a
    whole check would tell apart from all the entries."""
    before = {r[checklocal.URI] for r in records}
    now = set(article_uris(site))
    added, deleted = (now - before) & set(pages), (before - now) & set(pages)
    if (now ^ before) - set(pages):
        return False  # Articles came or went that the record's inputs did not tell: damaged.
    folder = site.annotations_dir / "notes"
    listed = set(look.listing.names)
    if any(str((folder / uri).with_suffix(".yml")) in listed for uri in deleted):
        return False
    if not added:
        return True
    opts, urls = site.options, site.config.use_directory_urls
    indexes = {mkdocs_dest(index_uri(opts.people_dir), urls), mkdocs_dest(index_uri(opts.glossary_dir), urls)}
    folders = {posixpath.dirname(d) for d in indexes} | {MEDIA_DIR}  # "": the site's top, where any page may meet one.
    exact = indexes | ({mkdocs_dest(opts.timeline, urls)} if opts.timeline else set())
    for file in language_neutral(site.config, content_files(site)):
        if file.src_uri in added:
            dest = file.dest_uri
            if dest in exact or any(not f or dest.startswith(f + "/") for f in folders):
                return False
    return True


def _update_rows(rows: dict[str, list[Any]], bits: dict[str, int], considered: set[str], changed: set[str]) -> None:
    """The rows' bits as `checklocal.redo` worked them out, and the likely names no longer looked up
    taken out of the parts each person's row lists (but those of the entries that changed, which
    are written afresh once their old bits have been read)."""
    for key, row in rows.items():
        if key in changed:
            continue
        entry_id = id_of(key)
        if entry_id in bits:
            row[5] = bits[entry_id]
        if row[4] and not considered.issuperset(row[4]):
            row[4] = [p for p in row[4] if p in considered]


def _same_findings(old: list[Any] | None, entry: Entry | None, texts: str) -> bool:
    """Whether no text holds a name that `entry` gained or lost since `old` (the row of its last
    version; None for either means it is new or gone), nor a name of an entry gone or come that
    some article links to or names: then no article renders otherwise."""
    had = {k for k in old[2] if k.startswith("n:")} if old is not None else set()
    has = {k for k in keys(entry) if k.startswith("n:")} if entry is not None else set()
    bits = old[5] if old is not None else 0
    lost = had - has
    # A name lost by an entry an article links to or names may be the one it was found by: the
    # linker's pieces of text are not the blocks' ("Zed" in "**Zed**bra"), so `occurs` cannot tell.
    if lost and (bits & (NAMED | LINKED) or not lost.isdisjoint(old[3] if old is not None else ())):
        return False
    # Anywhere, even inside a word: the linker matches within each piece of text between tags, and
    # "**Zed**bra" is one word of the block's text ("Zedbra") but "Zed" to the linker.
    if any(k[2:] in texts for k in has - had):
        return False
    return not (entry is None and bits & (LINKED | NAMED))


def _article_sources(site: SiteInfo) -> list[bytes] | None:
    """Every article's source, for the ids of entries that came or went (None: one cannot be read)."""
    if not site.docs_dir.is_dir():
        return []
    out = []
    for file in content_files(site):
        if file.is_documentation_page():
            try:
                with open(os.path.join(site.docs_dir, file.src_uri), "rb") as fh:
                    out.append(fh.read())
            except OSError:
                return None
    return out


def _rewritten(
    site: SiteInfo,
    shared: list[Diagnostic],
    rows: dict[str, list[Any]],
    new: dict[str, Entry],
    changed: set[str],
    bits: dict[str, int],
) -> list[Diagnostic] | None:
    """`shared` with the changed entries' warnings that no article links to them written again (by
    their `bits` now), or None if their files hold other shared findings than those."""
    paths = {str(site.rel(site.annotations_dir / key)): key for key in changed}
    paths.update({entry.source_path: key for key, entry in new.items()})
    kept: list[Diagnostic] = []
    counts = dict.fromkeys(changed, 0)
    for d in shared:
        key = paths.get(d.path)
        if key is None:
            kept.append(d)
        else:
            counts[key] += 1
    for key in changed:
        old = rows.get(key)
        expected = 0 if old is None or old[5] & LINKED else 1
        if counts[key] != expected:
            return None
        entry = new.get(key)
        now = bits.get(key, 0)
        if entry is not None and not now & LINKED:
            kept.append(unmentioned_warning(entry, bool(now & NAMED)))
    return kept
