"""`explainer check`'s cache: what each person and term file gave, kept between runs.

An editor edits a file or two and runs the check again; every other file gives the same result as
last time, so the check looks it up instead of parsing it. A record is found by the file's path
(as the loader names it) and used only if the file's bytes have the same digest, or, without
reading the file, if its `stat` (size, modification and change times, inode, device) is the one
recorded, as git's index does. A file modified less than `RACY_NS` before the run that recorded it
started keeps no `stat` in its record (it could have changed again within the same tick of the
clock without its times showing it): it is read and digested each time until it is older. The whole cache is
stamped with a digest of the package's own source, the Python and PyYAML versions and the site
settings that shape a file's reading: a change to any of them starts a new cache.

The cache lives outside the repository, in `$XDG_CACHE_HOME/mkdocs-explainer/check/<digest of the
site's real path>/` (default `~/.cache/...`), because anyone who can change the repository (a pull
request) could otherwise plant results that hide errors. It is a few JSON files (`SHARDS`, picked by
the path's digest), each written to a temporary file then renamed over the old one, so that a
check stopped half-way or two checks at once never leave a half-written file. Each starts with a
line holding the format, the stamp and a digest of the rest: a file that is truncated, corrupt,
from another version or unreadable is ignored (one debug log line) and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from ..core.diagnostics import Diagnostic
from ..core.loader import Parsed
from . import checkcodec
from .filechecks import FileFacts

FORMAT = 2
SHARDS = 16
"""Few files (100,000 tiny ones would be slow to read), but an edit rewrites only one of them."""
RACY_NS = 2_000_000_000
"""A file modified this close to (or after) the start of the run that read it is never trusted on its `stat`."""
PACKAGE = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


def cache_home() -> Path:
    """`$XDG_CACHE_HOME` if set to an absolute path (as the XDG specification says), else ~/.cache."""
    home = os.environ.get("XDG_CACHE_HOME", "")
    return Path(home) if os.path.isabs(home) else Path.home() / ".cache"


def cache_folder(site_root: Path) -> Path:
    """The cache of the site whose mkdocs.yml is in `site_root`."""
    real = os.path.realpath(site_root)
    name = hashlib.blake2b(os.fsencode(real), digest_size=16).hexdigest()
    return cache_home() / "mkdocs-explainer" / "check" / name


def code_digest() -> str:
    """A digest of every `.py` file of the package, the Python version and PyYAML's: a change to the
    code that reads or checks files (even without a new version number) never reuses old results."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}\0{sys.version}\0{yaml.__version__}\0{getattr(yaml, '__with_libyaml__', False)}".encode())
    for file in sorted(PACKAGE.rglob("*.py")):
        h.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0")
        h.update(hashlib.blake2b(file.read_bytes(), digest_size=16).digest())
    return h.hexdigest()


def _shard(rel: str) -> int:
    return zlib.crc32(rel.encode("utf-8", "surrogatepass")) % SHARDS  # Spread, not secret: the cheapest will do.


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _stat_key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


class CheckCache:
    """The records of one site, read at the start of a check and written back at its end.

    Passed to the loader as its `memo`; `facts_of` and `keep_facts` carry the warnings' facts."""

    def __init__(self, folder: Path, settings: Iterable[str]) -> None:
        self.folder = folder
        self.started_ns = time.time_ns()
        """Before any file is looked at: a file modified since (or just before) is racy (`RACY_NS`)."""
        h = hashlib.blake2b(code_digest().encode(), digest_size=16)
        for setting in settings:
            h.update(b"\0" + setting.encode("utf-8", "surrogatepass"))
        self.stamp = h.hexdigest()
        self._old: list[dict[str, Any] | None] = [None] * SHARDS
        """Each shard's records as read, read when first asked for (`_records`): a check that
        `checkreplay` answers needs none of them."""
        self._new: list[dict[str, Any]] = [{} for _ in range(SHARDS)]
        self._hits: dict[Path, Any] = {}
        """Per file looked up and found: its record, for `facts_of`."""
        self._fresh: dict[Path, tuple[str, list[Any]]] = {}
        """Per file parsed this run: its path and record, which `keep_facts` completes."""
        self._vouched: dict[str, tuple[list[int], str]] = {}
        """Per file whose bytes `same_bytes` found those of its record though its `stat` is new: that
        `stat` and the digest (a whole check after a replay that gave up need not read it again)."""
        self._given: dict[str, list[Any]] = {}
        """Records made in this run by another process (`checkshare`), looked up before the old ones."""
        self._prose: tuple[str, int, list[Diagnostic]] | None = None
        """The answer of the steps across entries and articles to be written, under its key."""
        self.parsed = 0
        """How many person and term files were parsed because no record matched (for tests)."""
        self.digested = 0
        """How many person and term files were read and digested: their `stat` did not match (for tests)."""
        self.reused = 0
        self.shared = 0
        """How many records another process gave (`give`; for tests)."""

    # -- the loader's side ------------------------------------------------------------------

    def known(self, path: Path, rel: str, st: os.stat_result, out: Parsed) -> Parsed | None:
        """`out` filled from the record of the file at `rel` if its `stat` is the one recorded, or
        if this run found its bytes those of the record (`same_bytes`, with this `stat`): the file
        is not read. Else None."""
        shard = _shard(rel)
        record = self._answering(rel, shard, st)
        return None if record is None else self._use(path, rel, shard, record, out)

    def unknown(self, rel: str, st: os.stat_result) -> bool:
        """Whether `known` would not answer for the file at `rel` with this `stat`."""
        return self._answering(rel, _shard(rel), st) is None

    def _answering(self, rel: str, shard: int, st: os.stat_result) -> list[Any] | None:
        old = self._record_of(rel, shard)
        if old is None:
            return None
        key = _stat_key(st)
        if old[2] == key:
            return old
        if self._vouched.get(rel) != (key, old[0]):
            return None
        # The same bytes under a new `stat` (a checkout): recorded, unless too recent to trust.
        return [old[0], old[1], key if st.st_mtime_ns < self.started_ns - RACY_NS else None]

    def same_bytes(self, raw: bytes, digest: str, rel: str, st: os.stat_result) -> bool:
        """Whether `raw`, the bytes now of the file at `rel` (whose `stat` is `st`), are those whose
        digest is `digest` (`checkreplay`: a file touched by a checkout, not edited). A replay needs
        none of the records; a whole check after the replay in this run takes the file's record,
        with the new `stat`, without reading it again (`known`)."""
        self.digested += 1
        same = _digest(raw) == digest
        if same:
            self._vouched[rel] = (_stat_key(st), digest)
        return same

    def digest_of(self, rel: str) -> str | None:
        """The digest of the bytes this run's record of the file at `rel` was made from (None: no record)."""
        record = self._new[_shard(rel)].get(rel)
        return record[0] if record is not None and isinstance(record[0], str) else None

    def _record_of(self, rel: str, shard: int) -> list[Any] | None:
        """The record to use for the file at `rel`: another process's of this run, else the old one."""
        return self._given.get(rel) or self._records(shard).get(rel)

    def parse(
        self, path: Path, rel: str, raw: bytes, st: os.stat_result, out: Parsed, parse: Callable[[], Parsed]
    ) -> Parsed:
        self.digested += 1
        digest = _digest(raw)
        shard = _shard(rel)
        # The `stat` is recorded only if the file was last modified safely before this run began.
        key = _stat_key(st) if st.st_mtime_ns < self.started_ns - RACY_NS else None
        old = self._record_of(rel, shard)
        if old is not None and old[0] == digest:
            used = self._use(path, rel, shard, [digest, old[1], key], out)
            if used is not None:
                return used
        self.parsed += 1
        result = parse()
        record = [digest, checkcodec.encode(result.diagnostics, result.entry, None), key]
        self._new[shard][rel] = record
        self._fresh[path] = (rel, record)
        return result

    def _use(self, path: Path, rel: str, shard: int, record: list[Any], out: Parsed) -> Parsed | None:
        try:
            diagnostics, entry = checkcodec.loader_part(record[1], rel)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            log.debug("explainer check: cache record for %s unreadable; reading the file", rel)
            return None
        out.diagnostics.extend(diagnostics)
        out.entry = entry
        self._new[shard][rel] = record
        self._hits[path] = record[1]
        self.reused += 1
        return out

    # -- the check's side -------------------------------------------------------------------

    def used(self, path: Path) -> bool:
        """Whether the record of the file at `path` was used this run (it was not parsed)."""
        return path in self._hits

    def facts_of(self, path: Path, check_path: str) -> tuple[bool, FileFacts | None]:
        """(found, facts) of a file whose record was used this run; facts None: not decodable text."""
        record = self._hits.get(path)
        if record is None:
            return False, None
        try:
            return True, checkcodec.facts_part(record, check_path)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return False, None

    def keep_facts(self, path: Path, facts: FileFacts) -> None:
        """Complete the record of a file parsed this run with the facts its warnings depend on."""
        fresh = self._fresh.get(path)
        if fresh is not None:
            record = fresh[1]
            record[1] = checkcodec.with_facts(record[1], facts)

    def derived(self, rel: str, compute: Callable[[], list[Diagnostic]]) -> list[Diagnostic]:
        """The warnings that depend on the entry of the file at `rel` alone: from its record if they
        were stored, else `compute()`, stored for the next run."""
        record = self._new[_shard(rel)].get(rel)
        if record is not None:
            try:
                stored = checkcodec.derived_part(record[1], rel)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                stored = None
            if stored is not None:
                return stored
        computed = compute()
        if record is not None:
            self._new[_shard(rel)][rel] = [record[0], checkcodec.with_derived(record[1], computed), record[2]]
        return computed

    def made(self, rels: Iterable[str]) -> dict[str, list[Any]]:
        """The records this run made or used for the files at `rels` (for `checkshare`'s child)."""
        out: dict[str, list[Any]] = {}
        for rel in rels:
            record = self._new[_shard(rel)].get(rel)
            if record is not None:
                out[rel] = record
        return out

    def empty(self) -> bool:
        """Whether no record was kept at all (a first check, or `InMemory`)."""
        return not any(self._records(i) for i in range(SHARDS))

    def give(self, records: dict[str, list[Any]], parsed: int, digested: int) -> None:
        """Records another process made in this run from the files' bytes (`checkshare`): each is
        used as an old record would be, if the file still has its `stat` or its bytes. `parsed`
        and `digested`: the other process's counts, added to this one's."""
        self._given.update(records)
        self.parsed += parsed
        self.digested += digested
        self.shared += len(records)

    def prose(self, key: str) -> tuple[int, list[Diagnostic]] | None:
        """(articles, diagnostics) the steps across entries and articles gave last time under `key`."""
        data = self._load(self._prose_file(), {"key": key})
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        try:
            articles = data["articles"]
            diagnostics = [Diagnostic(p, line, col, sev, msg) for p, line, col, sev, msg in data["diagnostics"]]
        except (ValueError, TypeError, KeyError):
            return None
        return (articles, diagnostics) if type(articles) is int else None

    def keep_prose(self, key: str, articles: int, diagnostics: list[Diagnostic]) -> None:
        self._prose = (key, articles, diagnostics)

    def load_json(self, name: str) -> Any:
        """The value last given to `save_json(name, …)` with this stamp, or None."""
        return self._load(self.folder / f"{name}.json")

    def save_json(self, name: str, value: Any) -> None:
        """Keep `value` (plain JSON values) for the next check, under `name`; errors are logged."""
        if self._folder_made():
            self._dump(self.folder / f"{name}.json", value)

    def rename_json(self, name: str, to: str | None) -> None:
        """The value kept under `name` kept under `to` instead (None: dropped), if there is one; errors
        are logged. A rename, not a copy: the last answer is MiBs at 100,000 entries."""
        source = self.folder / f"{name}.json"
        if not source.exists():
            return
        try:
            if to is None:
                source.unlink()
            else:
                os.replace(source, self.folder / f"{to}.json")
        except OSError as exc:
            log.debug("explainer check: cannot rename the cache file %s: %s", source, exc)

    def _folder_made(self) -> bool:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            log.debug("explainer check: cannot create the cache folder %s: %s", self.folder, exc)
            return False
        return True

    def save(self) -> None:
        """Write back the shards that changed (records of files gone are dropped); errors are logged."""
        if not self._folder_made():
            return
        for i in range(SHARDS):
            if self._new[i] != self._records(i):
                self._dump(self._file(i), self._new[i])
        if self._prose is not None:
            key, articles, diagnostics = self._prose
            rows = [[d.path, d.line, d.col, d.severity, d.message] for d in diagnostics]
            self._dump(self._prose_file(), {"key": key, "articles": articles, "diagnostics": rows}, {"key": key})

    def save_touched(self) -> None:
        """Write back the records of the files looked up this run into their shards, keeping the
        shards' other records (a run that read a few files, as a replay does); errors are logged."""
        if not self._folder_made():
            return
        for i in range(SHARDS):
            if self._new[i]:
                old = self._records(i)
                merged = {**old, **self._new[i]}
                if merged != old:
                    self._dump(self._file(i), merged)

    # -- files --------------------------------------------------------------------------------

    def _file(self, shard: int) -> Path:
        return self.folder / f"results-{shard:02d}.json"

    def _prose_file(self) -> Path:
        return self.folder / "prose.json"

    def _records(self, shard: int) -> dict[str, Any]:
        old = self._old[shard]
        if old is None:
            old = self._old[shard] = self._read(shard)
        return old

    def _read(self, shard: int) -> dict[str, Any]:
        records = self._load(self._file(shard))
        if not isinstance(records, dict):
            return {}
        return {
            rel: record
            for rel, record in records.items()
            if isinstance(record, list) and len(record) == 3 and isinstance(record[0], str)
        }

    def _load(self, file: Path, label: dict[str, str] | None = None) -> Any:
        """The JSON value in `file` if it was written by `_dump` with this stamp (and `label`), else
        None. The header line is read first: a file of another stamp or label is not read further
        (the steps across's answer is 23 MB at 100,000 entries, and of another key after most edits
        that run them)."""
        expected = {"format": FORMAT, "stamp": self.stamp, **(label or {})}
        try:
            with open(file, "rb") as fh:
                header = json.loads(fh.readline())
                if not isinstance(header, dict) or {k: v for k, v in header.items() if k != "digest"} != expected:
                    raise ValueError("from another version, settings or key")
                body = fh.read()
        except OSError:
            return None  # No cache yet, or it cannot be read: start afresh.
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            log.debug("explainer check: ignoring the cache file %s (%s)", file, exc)
            return None
        try:
            if header.get("digest") != _digest(body):
                raise ValueError("changed since it was written")
            return json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            log.debug("explainer check: ignoring the cache file %s (%s)", file, exc)
            return None

    def _dump(self, target: Path, value: Any, label: dict[str, str] | None = None) -> None:
        """Write `value` to `target` under a header line with the stamp, `label` and the body's digest."""
        # ASCII: a file name may hold what UTF-8 cannot encode (a lone surrogate); JSON escapes it.
        # No check for cycles (plain values made here have none): a third of the encoding's time.
        body = json.dumps(value, separators=(",", ":"), sort_keys=True, check_circular=False).encode("ascii")
        header = json.dumps({"format": FORMAT, "stamp": self.stamp, **(label or {}), "digest": _digest(body)}).encode()
        try:
            fd, temp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(header + b"\n" + body)
                os.replace(temp, target)
            except BaseException:
                os.unlink(temp)
                raise
        except OSError as exc:
            log.debug("explainer check: cannot write the cache file %s: %s", target, exc)


class InMemory(CheckCache):
    """Records for one run only, never read from nor written to a folder: `--no-cache` on a site
    large enough for `checkshare`, whose child hands its files back as records."""

    def __init__(self, settings: Iterable[str]) -> None:
        super().__init__(Path(os.devnull), settings)

    def _load(self, file: Path, label: dict[str, str] | None = None) -> Any:
        return None

    def _folder_made(self) -> bool:
        return False
