"""`explainer check` answered from the last whole check, when what changed since cannot reach other files.

An editor's loop is: run the check, fix one file, run it again. At 100,000 entries even a check
that takes every unchanged file's result from `checkcache` spends ~15 s rebuilding the entries
and looking them up. Most edits (a summary, a source, a date) change nothing that the steps
across files read: those read of each entry only `prosekey.entry_reach` and whether its file has
errors. So a check keeps its whole answer (`record`): the diagnostics that belong to one person or
term file (its own errors, its warnings, the warnings about its sources), per file, with the
file's `stat` and a digest of what other files' results read of it; and all the others together.

The next check (`replay`) lists the annotations folder and `stat`s its files, and compares with
the record everything else the check read: the site's settings and `mkdocs.yml`, the day (the
`reviewed` warnings count days), every file in docs_dir, every annotation file that is not a
person or term file (notes, images, the names that need no entry), and what is wrong with each
image file the entries name (wherever it lies). If any of those differs, it gives up and the
whole check runs, with one exception: if only articles, notes files or the names that need no
entry changed, came or went (everything else as recorded: `Inputs.rest`), `checkwide.widen`
works out the notes files' own findings again and has `checklocal` render those articles, and
those the notes are for, again (every article, for the names needing no entry). Otherwise it
reads only the person and term files whose `stat` changed. If what
others read of each of them is the same as recorded, the answer is the recorded one with their
own diagnostics replaced. If not, or a person or term file came or went, `checkwide` is asked
whether the change leaves every other file's findings as they were, or which articles it reaches
(`checklocal`); if it cannot tell, the whole check runs.

An edit that makes a person or term file unreadable is answered from the last answer without
errors by `checkfailed` (through `checkwide.widen`). An answer with errors keeps no facts of the
steps across (the prose's warnings wait on the errors), so the check after a fix could not be
answered from it. So while the records have errors, the
last one without them is kept too (`CLEAN`, `keep_clean`): when the newest cannot be replayed,
the check tries that one (`clean_look`), and an error made then fixed is answered as one edit.

When the whole check runs after all, it records its answer in its turn. If only person and term
files changed, most of the others give what they gave, and their rows are written again as they
were instead of encoded afresh (`keeper` says which; the check also takes their warnings from them).

A `stat` is only a shortcut: the record holds the digest of each input's bytes (`contents`, and
the last field of each person or term file's row). A file whose `stat` changed is read and
digested, and if its bytes are those recorded it changes nothing (a checkout, a fresh clone, CI
restoring main's cache): it is neither parsed nor decoded, and the record takes its new `stat`.

Only `stat`s recorded safely before the recording check began are trusted (`checkcache.RACY_NS`):
a file written just before or during that check is read again each time, and any other input
written then keeps the record from being replayed at all.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, Severity, errors_only
from ..core.loader import NO_ENTRY_FILE, AnnotationLoader, Parsed
from ..core.safefiles import Listing, walk
from ..mkdocs_adapter.pagesource import content_files
from ..mkdocs_adapter.sitecfg import SiteInfo
from .checkcache import RACY_NS, CheckCache
from .prosekey import entry_reach, site_part

NAME = "replay"
CLEAN = "replay-clean"
"""The last record without errors, kept while the newer ones have errors (`clean_look`)."""
_OWN_FOLDERS = ("people", "glossary")
_SEVERITIES: tuple[Severity, ...] = ("error", "warning")


@dataclass(frozen=True, slots=True)
class Inputs:
    """What one check read besides the person and term files, and those files' `stat`s."""

    fixed: str
    """A digest of everything but the person and term files' contents."""
    contents: dict[str, list[Any]]
    """Per other file whose bytes `fixed` holds: its `stat` and the digest of its bytes, so that the
    next look reads only those whose `stat` changed."""
    own: dict[str, tuple[str, list[int] | None]]
    """Per person or term file (by its path in the annotations folder): the path and its `stat`
    (None: not to be trusted, `RACY_NS`)."""
    looked: dict[str, os.stat_result] = field(default_factory=dict)
    """The same files' `stat`s as taken (for `AnnotationLoader.bytes_of`, which need not ask again)."""
    rest: str | None = None
    """`fixed` with the articles, the notes files and the names that need no entry left out (their
    names and bytes): when only this is the recorded one, only those changed, came or went
    (`checkwide.widen`)."""
    pages: dict[str, str] = field(default_factory=dict)
    """Per article (by its path in docs_dir): the digest of its bytes."""
    notes: dict[str, str] = field(default_factory=dict)
    """Per notes file (by its path): the digest of its bytes, after an `L` if its name is a link
    (whose findings name the file it leads to: one deleted cannot be told from the record)."""
    no_entry: str = ""
    """The digest of the names that need no entry (`NO_ENTRY_FILE`; "" without one)."""


@dataclass(slots=True)
class OwnPart:
    """One person or term file's share of a check."""

    reach: str
    """A digest of what the other files' results read of this file (`reach_of`)."""
    registered: bool
    """Whether its entry was among the site's (not dropped for a duplicate id)."""
    diagnostics: list[Diagnostic]
    kept: list[Any] | None = None
    """The last record's row for this file, if it holds these very diagnostics (`keeper`): written
    again as it is, not encoded afresh."""
    digest: str | None = None
    """The digest of the bytes these diagnostics were found in (`checkcache`; None: not read)."""


@dataclass(slots=True)
class Replayed:
    diagnostics: list[Diagnostic]
    """Every diagnostic of the check, not yet in order."""
    files: int
    articles: int
    prose_checked: bool
    read: int
    """How many person and term files were read again."""


def reach_of(parsed: Parsed) -> str:
    """A digest of what the steps across files read of the file that gave `parsed`."""
    entry = None if parsed.entry is None else entry_reach(parsed.entry)
    value = (entry, bool(errors_only(parsed.diagnostics)))
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _stat_key(st: os.stat_result, trusted_before: int) -> list[int] | None:
    if st.st_mtime_ns >= trusted_before:  # As `checkcache` and git's index judge it.
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def own_keys(site: SiteInfo) -> Callable[[Path | str], str | None]:
    """A function giving a person or term file's path in the annotations folder (None for any other
    file): plain string work, as it runs on every file of the folder."""
    top = str(site.annotations_dir) + os.sep
    folders = tuple(top + folder + os.sep for folder in _OWN_FOLDERS)

    def own_key(path: Path | str) -> str | None:
        text = os.fspath(path)
        if not text.endswith(".yml") or not text.startswith(folders):
            return None
        key = text[len(top) :]
        return key if key.count(os.sep) == 1 else None

    return own_key


def inputs(
    site: SiteInfo, listing: Listing, today: str, max_age: int, started_ns: int, known: Any = None,
    settings: list[object] | None = None,
) -> Inputs | None:
    """The `Inputs` of a check that looked at the files at `started_ns`, or None if one of the fixed inputs cannot
    be told (a site whose articles may read other files, a file that is not a regular one, or one
    written too recently to trust its `stat`). `fixed` holds the other files' bytes, not their
    `stat`s: a fresh clone or a checkout that rewrites every file with the same bytes changes no
    answer. A file whose `stat` is the one in `known` (the last record's `contents`) is not read.
    `settings`: `site_part(site)` if the caller has it (it reads mkdocs.yml)."""
    settings = site_part(site) if settings is None else settings
    if settings is None:
        return None
    trusted_before = started_ns - RACY_NS
    h = hashlib.blake2b(digest_size=16)
    r = hashlib.blake2b(digest_size=16)  # The same without the articles' and notes' bytes (`Inputs.rest`).

    def add(value: object, rest: bool = True) -> None:
        h.update(repr(value).encode("utf-8", "surrogatepass") + b"\0")
        if rest:
            r.update(repr(value).encode("utf-8", "surrogatepass") + b"\0")

    contents: dict[str, list[Any]] = {}
    pages: dict[str, str] = {}
    notes: dict[str, str] = {}
    no_entry = [""]
    notes_folder = os.path.join(site.annotations_dir, "notes", "")
    no_entry_file = os.path.join(site.annotations_dir, NO_ENTRY_FILE)
    last = known if isinstance(known, dict) else {}

    def add_stat(path: Path | str, page: str | None = None) -> bool:
        """Add the file's digest (an article's, `page`, a notes file's and the names needing no
        entry's to `fixed` only: `rest` leaves them out, names and bytes)."""
        name = str(path)
        note = page is None and name.startswith(notes_folder) and name.endswith(".yml")
        alone = page is not None or note or name == no_entry_file  # Told apart by `_edited`.
        try:
            st = os.stat(path)
            key = _stat_key(st, trusted_before)
            if key is None or not stat.S_ISREG(st.st_mode):
                return False
            old = last.get(name)
            digest = old[1] if isinstance(old, list) and len(old) == 2 and old[0] == key else _file_digest(path)
        except OSError as exc:
            add((name, exc.errno))  # Never told apart: the whole check says what is wrong.
            return True
        contents[name] = [key, digest]
        add((name, digest), not alone)
        if page is not None:
            pages[page] = digest
        elif note:
            notes[name] = digest if name in listing.plain else "L" + digest
        elif alone:
            no_entry[0] = digest
        return True

    for value in settings:
        add(value)
    # The schema files are named by their paths only (the cache's stamp holds them): never read.
    add((today, max_age, str(site.root), str(site.annotations_dir), str(site.docs_dir)))
    add(sorted((str(p), message) for p, message in listing.problems))
    own: dict[str, tuple[str, list[int] | None]] = {}
    looked: dict[str, os.stat_result] = {}
    own_key = own_keys(site)
    for path in listing.names:
        key = own_key(path)
        if key is None:
            if not add_stat(path):
                return None
            continue
        try:
            st = os.stat(path)
        except OSError:
            return None  # Its error comes from the loader's listing: the whole check says it.
        if not stat.S_ISREG(st.st_mode):
            return None
        own[key] = (path, _stat_key(st, trusted_before))
        looked[key] = st
    if site.docs_dir.is_dir():
        for file in sorted(content_files(site), key=lambda f: f.src_uri):
            page = site.docs_dir / file.src_uri
            article = file.is_documentation_page()
            add((file.src_uri, site.rel(page)), not article)
            if not add_stat(page, file.src_uri if article else None):
                return None
    return Inputs(h.hexdigest(), contents, own, looked, r.hexdigest(), pages, notes, no_entry[0])


def encode_diagnostics(path: str, diagnostics: Iterable[Diagnostic]) -> list[Any]:
    return [[None if d.path == path else d.path, d.line, d.col, _SEVERITIES.index(d.severity), d.message]
            for d in diagnostics]  # fmt: skip


def decode_diagnostics(path: str, rows: list[Any]) -> list[Diagnostic]:
    out = [Diagnostic(path if p is None else p, line, col, _SEVERITIES[sev], msg) for p, line, col, sev, msg in rows]
    # Types checked, so that a record of another shape is refused here, not by a sort that fails later.
    if not all(type(d.line) is int and type(d.col) is int and type(d.path) is str and type(d.message) is str
               for d in out):  # fmt: skip
        raise ValueError("not a diagnostic")
    return out


def decode_row(key: str, row: list[Any]) -> list[Diagnostic]:
    """The diagnostics of a row given by a `Keeper` for the file at `key`."""
    return decode_diagnostics(key, row[3])


def _kept_row(row: Any, key: str, rel: str) -> bool:
    """Whether `row` is one that `_decode` takes, of a diagnostic about the file at `rel` (`key`):
    a row kept unread must be refused where a decoded one would be."""
    return (
        type(row) is list and len(row) == 5 and (row[0] or key) == rel and type(row[1]) is int
        and type(row[2]) is int and row[3] in (0, 1) and type(row[4]) is str
    )  # fmt: skip


def _file_digest(path: Path | str) -> str:
    """The digest of a file's bytes, read in pieces (an article's images may be large)."""
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        for piece in iter(lambda: f.read(1 << 20), b""):
            h.update(piece)
    return h.hexdigest()


def record(
    cache: CheckCache,
    found: Inputs | None,
    own: dict[str, OwnPart],
    shared: list[Diagnostic],
    failed: Iterable[str],
    images: dict[str, str | None],
    counts: tuple[int, int, bool],
    token: str | None = None,
) -> None:
    """Keep a whole check's answer for `replay` (nothing, if its inputs could not be told); `token`
    ties it to the facts `checkwide` keeps beside it."""
    if found is None or set(own) != set(found.own):
        cache.save_json(NAME, None)
        return
    files = {
        key: part.kept
        or [found.own[key][1], part.reach, part.registered, encode_diagnostics(key, part.diagnostics), part.digest]
        for key, part in own.items()
    }
    value = {
        "fixed": found.fixed, "rest": found.rest, "pages": found.pages, "notes": found.notes,
        "no_entry": found.no_entry, "contents": found.contents, "files": files,
        "shared": encode_diagnostics("", shared), "failed": sorted(failed),
    }  # fmt: skip
    cache.save_json(NAME, {**value, "images": images, "counts": counts, "token": token})


OwnCheck = Callable[[AnnotationLoader, Path, Parsed, bool, set[str]], list[Diagnostic]]
"""The warnings of one person or term file read again: (loader, path, what it gave, whether its
entry is the site's, the paths of the files with errors)."""


@dataclass(frozen=True, slots=True)
class Look:
    """The annotations folder's listing, the check's `Inputs` and the last record, taken before any
    file is read: the replay compares them, and if the whole check runs instead, it reads the same
    listing and records these inputs. (A file changed after this look has an older `stat` in the
    record than on disk: the next check reads it again, never the other way round.)"""

    listing: Listing
    found: Inputs | None
    last: dict[str, Any] | None
    """The last check's record, if there is one of this version and settings."""
    clean: bool = False
    """Whether `last` is the last record without errors, kept while newer ones had errors (`CLEAN`)."""

    def reach(self, key: str, parsed: Parsed) -> str:
        """`reach_of(parsed)` for the file at `key`, taken from the last record if the file's `stat`
        is the one recorded there (the same bytes give the same digest)."""
        try:
            st = self.found.own[key][1] if self.found is not None else None
            old = self.last["files"][key] if st is not None and self.last is not None else None
            if old is not None and old[0] == st and isinstance(old[1], str):
                return old[1]
        except (TypeError, KeyError, IndexError):
            pass
        return reach_of(parsed)

    def changed(self) -> int | None:
        """How many person and term files are new or have another `stat` than in the last record
        (or one not to be trusted): about what a whole check would read. None: no last record."""
        files = self.last.get("files") if self.found is not None and self.last is not None else None
        if self.found is None or not isinstance(files, dict):
            return None
        count = 0
        for key, (_, st) in self.found.own.items():
            old = files.get(key)
            count += st is None or not isinstance(old, list) or not old or old[0] != st
        return count


def look(site: SiteInfo, cache: CheckCache, today: str, max_age: int) -> Look:
    listing = walk(site.annotations_dir)
    started_ns = time.time_ns()  # Before the last record is read: a file written while it is read is racy.
    settings = site_part(site)
    if settings is None:
        return Look(listing, None, None)  # Never replayed: its record (MiBs at 100,000 files) is not read.
    loaded = cache.load_json(NAME)
    last = loaded if isinstance(loaded, dict) else None
    known = last.get("contents") if last is not None else None
    found = inputs(site, listing, today, max_age, started_ns, known, settings)
    return Look(listing, found, last if found is not None else None)


def clean_look(seen: Look, cache: CheckCache) -> Look | None:
    """`seen` with the last record without errors in place of the last record, if that one has
    errors (the files that had them may be fixed, which only a check without errors can answer
    from): an editor's loop of an error made and then fixed is answered as one edit."""
    if seen.found is None or seen.last is None or not seen.last.get("failed"):
        return None
    clean = cache.load_json(CLEAN)
    return Look(seen.listing, seen.found, clean, True) if isinstance(clean, dict) else None


def keep_clean(cache: CheckCache, seen: Look, failed: bool) -> None:
    """Before a check records its answer (whole or replayed): the last record kept as the last
    without errors if this answer has errors and that one had none; that kept record dropped if
    this one has none (it is superseded)."""
    if not failed:
        cache.rename_json(CLEAN, None)
    elif seen.last is not None and seen.last.get("failed") == [] and not seen.clean:
        cache.rename_json(NAME, CLEAN)


Keeper = Callable[[str, str, bool, bool, "str | None"], "list[Any] | None"]
"""The last record's row of a person or term file, if the whole check gives it the same own part
(`keeper`): (its path in the annotations folder, its path from the site's root as the check names
it, whether its entry is the site's, whether the check found errors in it, the digest of the bytes
it was read from)."""


def keeper(seen: Look) -> Keeper | None:
    """`Keeper` for a whole check that looked at the files as `seen` did; None if the last record
    keeps no row it could give (a first run: no need to ask for each of 100,000 files).

    A file's own part (its errors, its warnings, the warnings about its sources) depends on its
    bytes and path, on what the `fixed` digest covers (settings, the day), on whether its entry is
    the site's and on whether it has errors (its other warnings wait on them), nothing else. So the
    last row is kept if `fixed` is the recorded one, the file's trusted `stat` or its bytes' digest
    is the recorded one (the same bytes), the other two are as recorded and its diagnostics name the file as this
    check does (a link may have moved). Else None: the row is encoded afresh."""
    found, last = seen.found, seen.last
    files: dict[str, Any] = {}
    failed: set[str] = set()
    try:
        if found is not None and last is not None and last.get("fixed") == found.fixed:
            files, failed = last["files"], set(last["failed"])
    except (TypeError, KeyError):
        files, failed = {}, set()
    own = found.own if found is not None else {}
    if not files or not own:
        return None

    def kept(key: str, rel: str, registered: bool, has_errors: bool, digest: str | None) -> list[Any] | None:
        old, now = files.get(key), own.get(key)
        if now is None or not isinstance(old, list) or len(old) != 5:
            return None
        st, reach, was_registered, rows, was = old
        same = (now[1] is not None and st == now[1]) or (digest is not None and was == digest)
        if not same or not isinstance(reach, str) or was_registered is not registered:
            return None
        if (rel in failed) is not has_errors:
            return None
        if not isinstance(rows, list) or not all(_kept_row(r, key, rel) for r in rows):
            return None
        return old if st == now[1] else [now[1], *old[1:]]  # The same bytes, touched: the new `stat`.

    return kept


@dataclass(frozen=True, slots=True)
class Widened:
    """What `checkwide.widen` gives for a change that reaches other files but none of their findings."""

    shared: list[Diagnostic]
    """The diagnostics that belong to no person or term file, and the warnings that no article links
    to an entry, with those of the entries that changed written again."""
    save: Callable[[str], None]
    """Keeps the facts of the entries that changed under a new token (once the answer is known to
    be whole)."""
    failed: list[str] | None = None
    """For an answer that now has errors (`checkfailed`): the files with errors, as the check names
    them (the prose's warnings wait on them, and no facts are kept)."""


@dataclass(frozen=True, slots=True)
class Edits:
    """What changed since the last record among what `Inputs.rest` leaves out, if nothing else did."""

    pages: set[str] = field(default_factory=set)
    """The articles edited, added or deleted (by their paths in docs_dir)."""
    notes: set[str] = field(default_factory=set)
    """The notes files edited, added or deleted (by their paths)."""
    no_entry: bool = False
    """Whether the names that need no entry changed."""
    files: int = 0
    """How many annotation files came, less those gone (notes files)."""

    def __bool__(self) -> bool:
        return bool(self.pages or self.notes or self.no_entry)


Widen = Callable[
    [dict[str, Any], dict[str, tuple[Path, list[int] | None, Parsed]], set[str], set[str], list[Diagnostic], Edits],
    Widened | None,
]
"""`checkwide.widen` with the site and cache given: (record, files read again, those that are new or
changed what others read of them, those gone, the shared diagnostics, the articles, notes files and
names needing no entry that changed too)."""


def replay(
    cache: CheckCache,
    seen: Look,
    loader: AnnotationLoader,
    own_check: OwnCheck,
    wide: Widen | None = None,
) -> Replayed | None:
    """The check's answer from the last record, with the person and term files that changed read
    again, or None if the whole check must run (see the module's docstring). With `wide`, files
    that came, went or changed what others read of them are given to it (`checkwide`), and so are
    articles and notes files that changed."""
    found, last = seen.found, seen.last
    if found is None or last is None:
        return None
    edits = _edited(found, last) if wide is not None else Edits()
    if found.fixed != last.get("fixed") and not edits:
        return None
    try:
        # Copies, changed and written back: should the whole check run after all, it takes the rows
        # of the files that did not change from the last record as it was (`keeper`).
        data = {**last, "files": dict(last["files"]), "images": dict(last["images"])}
        files: dict[str, list[Any]] = data["files"]
        files_count, articles, prose_checked = data["counts"]
        images: dict[str, str | None] = data["images"]
        if any(loader.image_problem(name) != problem for name, problem in images.items()):
            return None  # An image file the entries name, which may lie outside the folders looked at.
        read: dict[str, tuple[Path, list[int] | None, Parsed]] = {}
        reach: dict[str, str] = {}
        moved: set[str] = set()
        touched = 0  # Files read again that hold the bytes their rows were made from.
        loader.real_paths.plain(seen.listing.plain)  # As `load` does: no `lstat` for a plain file.
        for key, (name, st) in found.own.items():
            old = files.get(key)
            if old is None or st is None or st != old[0]:
                if old is not None and _same_bytes(cache, loader, name, found.looked[key], old):
                    files[key] = [st, *old[1:]]
                    touched += 1
                    continue
                path = Path(name)
                again = loader.parse_file(path)
                read[key] = (path, st, again)
                reach[key] = reach_of(again)
                if old is None or reach[key] != old[1]:
                    moved.add(key)  # Other files' results may change.
        gone = set(files) - set(found.own)
        # Only now that the answer may be replayable are the 100,000 files' rows decoded.
        diagnostics = decode_diagnostics("", data["shared"])
        widened = None
        if moved or gone or edits:
            widened = wide(data, read, moved, gone, diagnostics, edits) if wide is not None else None
            if widened is None:
                return None
            diagnostics = list(widened.shared)
            files_count += len(moved - set(files)) - len(gone) + edits.files
            articles = len(found.pages)
            if widened.failed is not None:
                data["failed"], prose_checked = widened.failed, False
            data["counts"] = [files_count, articles, prose_checked]
            for key in gone:
                del files[key]
            for key in moved:
                files.setdefault(key, [None, "", True, [], None])
                entry = read[key][2].entry
                files[key][2] = entry is not None  # No entry (an error): not the site's.
                if entry is not None and entry.image is not None and not entry.image.remote:
                    images[entry.image.src] = loader.image_problem(entry.image.src)
        failed = set(data["failed"])
        for key, (_, _, registered, rows, _) in files.items():
            if key in read:
                file, st, parsed = read[key]
                mine = list(parsed.diagnostics) + own_check(loader, file, parsed, registered, failed)
                digest = cache.digest_of(loader.rel_of(file))
                files[key] = [st, reach[key], registered, encode_diagnostics(key, mine), digest]
                diagnostics += mine
            else:
                diagnostics += decode_diagnostics(key, rows)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None  # A record of another shape: ignored, and written afresh by the whole check.
    except OSError:
        return None  # A file gone or unreadable since the look (an editor saving): the whole check says so.
    if read or gone or touched or edits or seen.clean:
        data["contents"] = found.contents
        data.update(fixed=found.fixed, rest=found.rest, pages=found.pages, notes=found.notes, no_entry=found.no_entry)
        if widened is not None:
            # A new token for both files: should the check stop between the two writes, the facts
            # kept beside the record are not those of its entries, and are not used.
            data["token"] = os.urandom(12).hex()
            data["shared"] = encode_diagnostics("", widened.shared)
        keep_clean(cache, seen, bool(data["failed"]))
        cache.save_json(NAME, data)
        if widened is not None:
            widened.save(data["token"])
    return Replayed(diagnostics, files_count, articles, prose_checked, len(read) + touched)


def _edited(found: Inputs, last: dict[str, Any]) -> Edits:
    """The articles, the notes files and the names needing no entry that changed, came or went since
    the last record, if nothing else but those did (the same `rest`); else no edit."""
    pages, notes = last.get("pages"), last.get("notes")
    if found.rest is None or last.get("rest") != found.rest:
        return Edits()
    if not isinstance(pages, dict) or not isinstance(notes, dict):
        return Edits()
    count = len(set(found.notes) - set(notes)) - len(set(notes) - set(found.notes))
    return Edits(_changed(pages, found.pages), _changed(notes, found.notes), last.get("no_entry") != found.no_entry,
                 count)  # fmt: skip


def _changed(old: dict[str, Any], new: dict[str, str]) -> set[str]:
    """The keys whose value changed, came or went."""
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def _same_bytes(cache: CheckCache, loader: AnnotationLoader, path: str, st: os.stat_result, old: Any) -> bool:
    """Whether the file at `path`, whose `stat` (`st`) is not its row's (`old`), holds the very bytes the
    row was made from: a checkout, a fresh clone or a tool touched it. Then the row stands, with no
    parsing and no decoding, and the record takes the new `stat`."""
    if not isinstance(old, list) or len(old) != 5 or not isinstance(old[4], str):
        return False
    raw = loader.bytes_of(path, st)
    return raw is not None and cache.same_bytes(raw, old[4], loader.rel_of(Path(path)), st)
