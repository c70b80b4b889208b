"""Editors' YAML files → the model, with every error of the run and where it was written.

Files are re-read only when their modification time or size changes, so `mkdocs serve`
rebuilds after an edit cost one file's parse; the checks across files run on every build.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .diagnostics import Diagnostic, error
from .imagecheck import image_problem
from .matcher import folded_key, surface_key
from .model import Entry, Image, Note, Reference, Registry
from .names import name_problem, visible_form
from .safefiles import FileProblem, Listing, RealPaths, file_stat, read_regular, under, walk
from .schema import IMAGE_SUFFIXES, NOTES_FILE, PERSON, SLUG_PATTERN, TERM, Mapping
from .yamlnodes import Checked, read

MAX_FILE_BYTES = 1_000_000
MAX_IMAGE_BYTES = 5_000_000
"""Default of the plugin's `max_image_bytes`: every image is copied into the site as it is."""
NO_ENTRY_FILE = "no-entry-needed.txt"
"""In the annotations folder: names that need no entry, one per line (`#` starts a comment)."""
_SLUG_RE = re.compile(SLUG_PATTERN)
_FOLDERS: dict[str, tuple[str, Mapping]] = {
    "people": ("person", PERSON),
    "glossary": ("term", TERM),
    "notes": ("notes", NOTES_FILE),
}
FOLDER_KINDS = {folder: kind for folder, (kind, _) in _FOLDERS.items()}
"""Folder under annotations/ → kind of file (the name of its JSON Schema)."""


@dataclass(slots=True)
class Parsed:
    """What one annotation file gave: its entry or notes, and its errors."""

    stamp: tuple[int, int]
    entry: Entry | None = None
    notes: list[Note] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    facts: object = None
    """What the loader's `on_text` made of the file's text as it was read (None without one)."""


class ParseMemo(Protocol):
    """Results of reading person and term files kept across runs (`explainer check`'s cache)."""

    def known(self, path: Path, rel: str, st: os.stat_result, out: Parsed) -> Parsed | None:
        """`out` filled from an earlier run if the file's `stat` shows it unchanged, else None."""
        ...

    def parse(
        self, path: Path, rel: str, raw: bytes, st: os.stat_result, out: Parsed, parse: Callable[[], Parsed]
    ) -> Parsed:
        """`out` filled as `parse()` would fill it for a file of these bytes at `rel`, or `parse()`."""
        ...


class AnnotationLoader:
    """Reads an `annotations/` folder; keep one instance to reuse its cache across builds."""

    def __init__(
        self, root: Path, annotations_dir: Path, docs_dir: Path, max_image_bytes: int = MAX_IMAGE_BYTES
    ) -> None:
        self.root = root.resolve()
        self._root = str(self.root)
        self._real = RealPaths()
        self.annotations_dir = annotations_dir
        self.docs_dir = docs_dir
        self._cache: dict[Path, Parsed] = {}
        self.max_image_bytes = max_image_bytes
        self.files: list[Path] = []
        """The `.yml` files found by the last `load`."""
        self.reads = 0
        """How many files were parsed, not taken from the cache (for tests and benchmarks)."""
        self.on_text: Callable[[Path, str, str, Checked | None], object] | None = None
        """Given each file's path, kind (`FOLDER_KINDS`), text and clean reading (None if the file
        has errors) as it is parsed (not when a `memo` answers for it); what it returns is kept as
        the file's `Parsed.facts` (`facts_of`). `explainer check` works out its warnings' facts
        there: kept for a later step, 100,000 texts and readings would hold ~7 KiB a file, and a
        build needs neither."""
        self.memo: ParseMemo | None = None
        """Where to look up person and term files read by an earlier run (`explainer check`'s cache)."""
        self._early: dict[Path, Parsed] | None = None
        """While `load`'s `early` runs: what each file it has `parse_file` read gave."""
        self.stats: dict[str, os.stat_result] = {}
        """`stat`s of files, by path, that the caller has just taken (`explainer check`'s look at
        every input): each is used once, by the next read of its file, instead of a second `stat`."""

    def load(
        self, listing: Listing | None = None, early: Callable[[list[Path]], None] | None = None
    ) -> tuple[Registry, list[Diagnostic]]:
        """Every file of the annotations folder (as `listing` found it, if given: `walk`'s answer
        for the same folder, taken in the same run). `early`, if given, is called with the `.yml`
        files before they are read in order: it may read some of them first (`parse_file`), or
        have them read elsewhere (`explainer check`'s `checkshare`)."""
        self._real = RealPaths()  # Folders resolved afresh each load: one may have become a link.
        diagnostics: list[Diagnostic] = []
        parsed: list[Parsed] = []
        seen: set[Path] = set()
        if not self.annotations_dir.is_dir():
            rel = self._rel(self.annotations_dir)
            return Registry(), [error(rel, 1, 1, "the annotations folder does not exist")]
        listing = walk(self.annotations_dir) if listing is None else listing
        self._real.plain(listing.plain)  # The listing told which files are no links: no `lstat` each.
        for path, message in listing.problems:
            diagnostics.append(error(self._rel(path), 1, 1, message))
        early_read: dict[Path, Parsed] = {}
        if early is not None:
            self._early = early_read
            try:
                early([path for path in listing.files if path.suffix == ".yml"])
            finally:
                self._early = None
        for path in listing.files:
            problem = self._unexpected(path)
            if problem:
                diagnostics.append(error(self._rel(path), 1, 1, problem))
                continue
            if path.suffix != ".yml":
                continue
            seen.add(path)
            # Read by `early` a moment ago, in this load: not asked for its `stat` again.
            parsed.append(early_read.pop(path) if path in early_read else self._parse_cached(path))
        self.files = sorted(seen, key=lambda p: p.parts)  # `Path`'s order, compared in C, not by `Path.__lt__`
        for stale in set(self._cache) - seen:
            del self._cache[stale]
        registry = Registry()
        for item in parsed:
            diagnostics.extend(item.diagnostics)
        diagnostics.extend(_check_entries([p.entry for p in parsed if p.entry], registry))
        diagnostics.extend(self._check_images(registry.entries.values()))
        for item in parsed:
            for note in item.notes:
                registry.notes.setdefault(note.article, []).append(note)
        return registry, diagnostics

    @property
    def real_paths(self) -> RealPaths:
        """The links resolved by the last `load` (reuse it in the same pass only)."""
        return self._real

    def parsed_of(self, path: Path) -> Parsed | None:
        """What the last `load` (or `parse_file`) gave for the file at `path`, if it could `stat` it."""
        return self._cache.get(path)

    def parse_file(self, path: Path) -> Parsed:
        """One file read as `load` reads it, without the folder's other files (nor the steps across
        them): `explainer check` replays a whole check with the few files that changed read again."""
        parsed = self._parse_cached(path)
        if self._early is not None:
            self._early[path] = parsed
        return parsed

    def bytes_of(self, path: str, st: os.stat_result) -> bytes | None:
        """A file's bytes if `_parse` would read them as they are: a regular file of at most
        `MAX_FILE_BYTES` that is inside the repository where its links lead (None otherwise); `st`:
        its `stat`, just taken. `explainer check` digests them to tell a file touched with the same
        bytes (a checkout) from an edited one; what depends on the path alone (its folder, its
        name) is the caller's. A path as text: a `Path` costs more than the rest for 100,000 files."""
        if not self._inside_root(path):
            return None
        try:
            return read_regular(path, MAX_FILE_BYTES, known=st)
        except FileProblem:
            return None

    def facts_of(self, path: Path) -> object:
        """What `on_text` made of the file at `path` as last parsed (None: no `on_text`, or the file
        could not be decoded, or its record was used)."""
        cached = self._cache.get(path)
        return cached.facts if cached else None

    def _unexpected(self, path: Path) -> str | None:
        """Why a file found in annotations/ is not one that belongs there (None if it is)."""
        name = path.name
        if path.suffix == ".yml" or name.endswith("~") or path.suffix.lower() in IMAGE_SUFFIXES:
            return None  # `~`: an editor's backup copy.
        if path.parent == self.annotations_dir and name == NO_ENTRY_FILE:
            return self._small_text(path)
        if path.suffix.lower() in (".yml", ".yaml"):
            return f"annotation files end in `.yml`; rename this file to `{path.stem}.yml` (lowercase)"
        return (
            "this file is not an annotation file (a `.yml` file) and is not read; move it out of "
            f"the annotations folder (only `.yml` files, images and {NO_ENTRY_FILE} belong here)"
        )

    @staticmethod
    def _small_text(path: Path) -> str | None:
        try:
            read_regular(path, MAX_FILE_BYTES, f"{NO_ENTRY_FILE}")
        except FileProblem as exc:
            return str(exc)
        return None

    def _parse_cached(self, path: Path) -> Parsed:
        st = self.stats.pop(str(path), None) if self.stats else None
        if st is None:
            try:
                st = file_stat(path)
            except FileProblem as exc:
                return Parsed((0, 0), diagnostics=[error(self._rel(path), 1, 1, str(exc))])
        stamp = (st.st_mtime_ns, st.st_size)
        cached = self._cache.get(path)
        if cached is not None and cached.stamp == stamp:
            return cached
        self.reads += 1
        result = self._parse(path, stamp, st)
        self._cache[path] = result
        return result

    def _parse(self, path: Path, stamp: tuple[int, int], st: os.stat_result | None = None) -> Parsed:
        rel = self._rel(path)
        out = Parsed(stamp)
        fail = out.diagnostics.append
        inside = under(str(path), str(self.annotations_dir))  # `relative_to`, as plain string work
        parts = tuple(inside.split("/")) if inside is not None else path.relative_to(self.annotations_dir).parts
        if len(parts) < 2 or parts[0] not in _FOLDERS:
            folders = "annotations/people/, annotations/glossary/ or annotations/notes/"
            fail(error(rel, 1, 1, f"annotation files go in {folders}"))
            return out
        if not self._inside_root(path):
            fail(error(rel, 1, 1, "this file is a link to a place outside the repository"))
            return out
        kind, shape = _FOLDERS[parts[0]]
        stem = path.stem
        if kind != "notes" and (len(parts) != 2 or not _SLUG_RE.fullmatch(stem)):
            message = f"the file name is the entry's id: `{shown(stem)}` should be lowercase words joined by hyphens"
            fail(error(rel, 1, 1, f"{message}, directly in annotations/{parts[0]}/"))
            return out
        memo = self.memo if kind != "notes" else None  # Notes depend on their article too: always read.
        if memo is not None and st is not None and stat.S_ISREG(st.st_mode) and st.st_size <= MAX_FILE_BYTES:
            known = memo.known(path, rel, st, out)  # Unchanged since last run by its `stat`: not read.
            if known is not None:
                return known
        try:
            raw = read_regular(path, MAX_FILE_BYTES, known=st)
        except FileProblem as exc:
            fail(error(rel, 1, 1, str(exc)))
            return out
        if memo is not None and st is not None:
            return memo.parse(path, rel, raw, st, out, lambda: self._parse_text(path, out, rel, raw, kind, shape, stem))
        return self._parse_text(path, out, rel, raw, kind, shape, stem, parts)

    def _parse_text(
        self,
        path: Path,
        out: Parsed,
        rel: str,
        raw: bytes,
        kind: str,
        shape: Mapping,
        stem: str,
        parts: tuple[str, ...] = (),
    ) -> Parsed:
        """The part of `_parse` that depends only on the file's bytes, path and kind (and, for
        notes, on their article: `parts`)."""
        fail = out.diagnostics.append
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            fail(error(rel, line, col, "the file is not UTF-8 text; save it as UTF-8"))
            return out
        checked = read(rel, text, shape)
        out.diagnostics.extend(checked.diagnostics)
        clean = checked.value is not None and not checked.diagnostics
        if self.on_text is not None:
            out.facts = self.on_text(path, kind, text, checked if clean else None)
        if not clean:
            return out
        if kind == "notes":
            article = Path(*parts[1:]).with_suffix(".md").as_posix()
            out.notes = self._notes(checked, article, out.diagnostics)
        else:
            entry = _entry(checked, stem, kind)
            for surface, (line, col) in zip(entry.names, entry.name_locs, strict=True):
                problem = name_problem(surface)
                if problem:
                    what = "the name" if (line, col) == entry.name_locs[0] else "the alias"
                    fail(error(rel, line, col, f"{what} `{visible_form(surface)}` {problem}"))
            if not out.diagnostics:
                out.entry = entry
        return out

    def _notes(self, checked: Checked, article: str, diags: list[Diagnostic]) -> list[Note]:
        target = self.docs_dir / article
        if not target.is_file():
            message = f"there is no article `{self._rel(target)}` for these notes"
            diags.append(error(checked.path, 1, 1, f"{message} (the file's path must match the article's)"))
            return []
        if not self._inside_root(target):
            diags.append(error(checked.path, 1, 1, f"the article `{article}` lies outside the repository"))
            return []
        notes: list[Note] = []
        first: dict[str, int] = {}
        for i, raw in enumerate(checked.value["notes"]):
            loc = checked.loc("notes", i)
            if raw["id"] in first:
                line, col = checked.loc("notes", i, "id")
                message = f"duplicate note id `{raw['id']}` (first used on line {first[raw['id']]})"
                diags.append(error(checked.path, line, col, message))
                continue
            first[raw["id"]] = checked.loc("notes", i, "id")[0]
            notes.append(
                Note(
                    id=raw["id"],
                    article=article,
                    quote=raw["quote"],
                    prefix=raw.get("prefix", ""),
                    suffix=raw.get("suffix", ""),
                    title=raw["title"],
                    body=raw["body"],
                    sources=refs(checked, raw["sources"], "notes", i, "sources"),
                    reviewed=raw["reviewed"],
                    source_path=checked.path,
                    loc=checked.loc("notes", i, "quote") if "quote" in raw else loc,
                )
            )
        return notes

    def _check_images(self, entries: Iterable[Entry]) -> list[Diagnostic]:
        diags: list[Diagnostic] = []
        for entry in entries:
            if entry.image is not None:
                message = self.image_problem(entry.image.src)
                if message:
                    diags.append(error(entry.source_path, *entry.image_loc, message))
        return diags

    def image_problem(self, name: str) -> str | None:
        """Why the image file (or address) `name` cannot be shown, or None."""
        folders = (self.docs_dir, self.annotations_dir)
        return image_problem(name, self.root, folders, self.max_image_bytes)

    def _inside_root(self, path: Path | str) -> bool:
        try:
            return under(self._real(path), self._root) is not None
        except (OSError, ValueError):
            return False

    def rel_of(self, path: Path) -> str:
        """The path of a file as the loader's messages and its `memo` name it."""
        return self._rel(path)

    def _rel(self, path: Path) -> str:
        # The path as written, not where a link leads: a message names the file the editor sees.
        absolute = os.path.abspath(path)
        rel = under(absolute, self._root)
        if rel is None:
            head, name = os.path.split(absolute)
            rel = under(os.path.join(self._real.folder(head), name), self._root)
        return shown(rel if rel is not None else path.as_posix())


def shown(name: str) -> str:
    """A file name as a one-line message can show it: a newline or control character escaped."""
    return name if name.isprintable() else name.encode("unicode_escape").decode("ascii")


def refs(checked: Checked, items: list[dict[str, Any]], *where: str | int) -> tuple[Reference, ...]:
    """The references read at `where` in `checked`, each knowing where its address was written."""
    return tuple(
        Reference(i["title"], i["url"], i.get("publisher"), i.get("date"), checked.loc(*where, n, "url"))
        for n, i in enumerate(items)
    )


def _entry(checked: Checked, entry_id: str, kind: str) -> Entry:
    v = checked.value
    aliases = tuple(v.get("aliases", ()))
    name_key = "name" if kind == "person" else "term"
    locs = (checked.loc(name_key), *(checked.loc("aliases", i) for i in range(len(aliases))))
    image = v.get("image")
    return Entry(
        id=entry_id,
        type="person" if kind == "person" else "term",
        name=v[name_key],
        aliases=aliases,
        summary=v["summary"],
        body=v.get("body"),
        image=Image(image["src"], image["alt"], image["credit"], image["license"]) if image else None,
        image_loc=checked.loc("image", "src"),
        links=refs(checked, v.get("links", []), "links"),
        sources=refs(checked, v["sources"], "sources"),
        wikidata=v.get("wikidata"),
        wikidata_loc=checked.loc("wikidata"),
        same_as=tuple(v.get("same_as", ())),
        as_of=v.get("as_of"),
        reviewed=v["reviewed"],
        match_case=v.get("match_case", True),
        role=v["role"]["title"] if kind == "person" else None,
        role_as_of=v["role"]["as_of"] if kind == "person" else None,
        kind=v.get("kind"),
        date=v.get("date"),
        sort=v.get("sort"),
        source_path=checked.path,
        name_locs=locs,
    )


def _check_entries(entries: list[Entry], registry: Registry) -> list[Diagnostic]:
    """Ids unique across people and glossary; every name and alias claimed by one entry only.

    Names are compared as the matcher sees them (`surface_key`: NFC, any space as one space,
    curly apostrophes as straight ones), so `O'Brien` and `O’Brien` are one name; a clash is
    reported at both places."""
    diags: list[Diagnostic] = []
    Claim = tuple[Entry, str, tuple[int, int]]
    exact: dict[str, Claim] = {}
    folded: dict[str, Claim] = {}
    for entry in sorted(entries, key=lambda e: e.source_path):
        if entry.id in registry.entries:
            other = registry.entries[entry.id]
            message = f"id `{entry.id}` is already used by {other.source_path}; ids are shared by people and glossary"
            diags.append(error(entry.source_path, 1, 1, message))
            continue
        registry.entries[entry.id] = entry
        for surface, loc in zip(entry.names, entry.name_locs, strict=True):
            key = surface_key(surface)
            clash = exact.get(key)
            if clash is None or clash[0] is entry:
                # Different capitalisations only collide when one of the two ignores case.
                claim = folded.get(folded_key(surface))
                ignores_case = claim is not None and not (claim[0].match_case and entry.match_case)
                clash = claim if ignores_case and claim is not None and claim[0] is not entry else None
            if clash is not None:
                first, first_surface, first_loc = clash
                here = f"{entry.source_path}:{loc[0]}:{loc[1]}"
                there = f"{first.source_path}:{first_loc[0]}:{first_loc[1]}"
                same = "" if first_surface == surface else f" (`{first_surface}`, the same name to the matcher)"
                message = (
                    f"`{surface}` is already a name or alias of `{first.id}` ({there}){same}; "
                    "a name may belong to one entry only"
                )
                diags.append(error(entry.source_path, *loc, message))
                # On both files: a pull request shows it on whichever of the two the editor changed.
                back = f"`{first_surface}` is also claimed by `{entry.id}` ({here})"
                diags.append(error(first.source_path, *first_loc, f"{back}; a name may belong to one entry only"))
                continue
            exact.setdefault(key, (entry, surface, loc))
            folded.setdefault(folded_key(surface), (entry, surface, loc))
    return diags
