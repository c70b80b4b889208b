"""`explainer check` on a large site: the person and term files it must parse, shared with other processes.

Reading and checking each file is most of a cold check's time at newsroom scale (100,000 files),
and each file's result depends on that file alone. Where the machine has more than one core and
Python can fork, child processes (one per core but one, `--jobs`) and the check take the files
the cache cannot answer from the two ends of their list, the check from the front and the
children from the back, a batch at a time, until they meet (whichever is faster, or given more
of the machine, reads more). Each child works out what the later steps read of its files
(`filechecks`' facts, the warnings about each entry's sources) and hands back each file's record,
as `checkcache` keeps it. The parent then reads the children's files as a warm check reads
unchanged ones: from their records, which name the `stat` and the bytes they were made from, so
a file changed in between is parsed again. A child that fails, is killed or answers garbage
costs time only: the parent parses its files as if it had never run.

`--no-cache` shares too, with records kept in memory for the run (`checkcache.InMemory`).

The fork comes before the files are read, while the process is small: forked later, with the
files' results in memory, both processes would copy most of its pages as they touch the objects
in them (CPython counts references in the objects), which cost more than running the steps
across entries and articles beside the rest saved (tried: 14 s of system time at 100,000 files).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from ..core.loader import AnnotationLoader
from ..core.safefiles import FileProblem, file_stat
from .checkcache import CheckCache, InMemory

SHARE_FROM = 2_000
"""Fewer files than this to parse: one process (a fork and the records' round trip cost more
than they save on a small site)."""
BATCH = 200
"""Files taken at a time by each process: few enough for both to end together, enough for the
lock between them to cost nothing."""
MAX_JOBS = 8
"""Processes at most, whatever `--jobs` says: each adds a child's memory and its records' round trip."""
_ENTRY_FOLDERS = ("people", "glossary")
log = logging.getLogger(__name__)


def cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # Not Linux.
        return os.cpu_count() or 1


def can_fork() -> bool:
    # A lock that another thread holds at the fork stays held in the child for ever: only a
    # process with no other thread forks (the command has none).
    return hasattr(os, "fork") and threading.active_count() == 1


def _end(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view[: 1 << 20]) :]


class Share:
    """One check's sharing of its files: `early` is what `AnnotationLoader.load` calls first."""

    def __init__(
        self,
        loader: AnnotationLoader,
        cache: CheckCache | None,
        settings: Callable[[], list[str]],
        finish: Callable[[CheckCache, Path], None],
        jobs: int,
        share_from: int = SHARE_FROM,
    ) -> None:
        self.loader = loader
        self.records = cache
        """Where the files' records are: the cache; without one, `InMemory` records if the files
        were shared, else None (the check then reads every file itself, as it always did)."""
        self.settings = settings
        self.finish = finish
        """Called in the child after each of its files is parsed: keeps in the records what the
        check's later steps read of the file."""
        self.jobs = jobs
        self.share_from = share_from
        self.shared = 0
        """How many files the child handed back (for tests)."""

    def early(self, paths: list[Path]) -> None:
        """Share the files the records cannot answer, if there are `share_from` or more."""
        if self.jobs < 2 or not can_fork():
            return
        memo = self.records if self.records is not None else InMemory(self.settings())
        todo = _unanswered(self.loader, memo, paths)
        if len(todo) < self.share_from:
            return
        children = min(self.jobs, MAX_JOBS) - 1
        if _share(self.loader, memo, functools.partial(self.finish, memo), todo, children):
            self.records = memo
            self.shared = memo.shared


def entry_paths(loader: AnnotationLoader, paths: list[Path]) -> list[Path]:
    """The person and term files among `paths` (those the records can answer)."""
    return [p for p in paths if p.parent.name in _ENTRY_FOLDERS and p.parent.parent == loader.annotations_dir]


def _unanswered(loader: AnnotationLoader, memo: CheckCache, paths: list[Path]) -> list[Path]:
    """The person and term files among `paths` whose records (if any) do not match their `stat`."""
    entries = entry_paths(loader, paths)
    if memo.empty():
        return entries  # A first check: no need to `stat` each file twice.
    out = []
    for path in entries:
        try:
            st = file_stat(path)
        except FileProblem:
            continue  # The loader says what is wrong with it.
        if memo.unknown(loader.rel_of(path), st):
            out.append(path)
    return out


class _Ends:
    """Two processes taking files from the two ends of one list until they meet, a batch at a
    time: whichever runs faster (or is given more of the machine) reads more."""

    def __init__(self, count: int) -> None:
        import multiprocessing  # Only when sharing: its import costs more than a small check.

        self._ends = multiprocessing.RawArray("q", [0, count])
        self._lock = multiprocessing.Lock()

    def take(self, front: bool) -> range:
        """The next batch from the front (the parent) or the back (the child); empty when they meet."""
        with self._lock:
            start, stop = self._ends[0], self._ends[1]
            if front:
                end = min(start + BATCH, stop)
                self._ends[0] = end
                return range(start, end)
            begin = max(stop - BATCH, start)
            self._ends[1] = begin
            return range(begin, stop)


def _share(
    loader: AnnotationLoader, memo: CheckCache, finish: Callable[[Path], None], todo: list[Path], children: int
) -> bool:
    """Parse `todo` here and in `children` forked children, the parent from its front, they from
    its back; whether any child's records were given to `memo`."""
    try:
        ends = _Ends(len(todo))
    except OSError as exc:  # No shared memory (a container without /dev/shm, say).
        log.debug("explainer check: cannot share memory with another process (%s); reading every file here", exc)
        return False
    started: list[tuple[int, BinaryIO]] = []
    try:
        for _ in range(children):
            first = ends.take(front=False)  # Taken before the fork: each child has a batch to read.
            if not first:
                break
            read_end, write_end = os.pipe()
            try:
                pid = os.fork()
            except OSError as exc:
                os.close(read_end)
                os.close(write_end)
                log.debug("explainer check: cannot fork (%s); reading the files here", exc)
                break
            if pid == 0:  # A child: never returns.
                os.close(read_end)
                for _, pipe in started:
                    pipe.close()  # The other children's pipes are the parent's.
                _child(loader, memo, finish, todo, ends, first, write_end)
            os.close(write_end)
            started.append((pid, os.fdopen(read_end, "rb")))
        while batch := ends.take(front=True):
            for i in batch:
                loader.parse_file(todo[i])  # Kept by the loader: `load` finds it read.
        answers = [pipe.read() for _, pipe in started]
    except BaseException:  # Ctrl-C, or a failure here: the children's work is of no use any more.
        for pid, _ in started:
            _end(pid)
        raise
    finally:
        for _, pipe in started:
            pipe.close()
    given = False
    for (pid, _), data in zip(started, answers, strict=True):
        _, status = os.waitpid(pid, 0)
        answer = _decoded(data) if os.waitstatus_to_exitcode(status) == 0 else None
        if answer is None:
            log.debug("explainer check: a process reading files gave no answer; reading its files here")
            continue
        memo.give(*answer)
        given = True
    if given:
        loader.memo = memo  # Without a cache (`InMemory`), for the children's files only: the rest are read.
    return given


def _child(
    loader: AnnotationLoader,
    memo: CheckCache,
    finish: Callable[[Path], None],
    todo: list[Path],
    ends: _Ends,
    batch: range,
    out: int,
) -> None:
    code = 1
    try:
        loader.memo = memo
        before = (memo.parsed, memo.digested)
        done: list[Path] = []
        while batch:
            for i in reversed(batch):
                loader.parse_file(todo[i])
                finish(todo[i])
                done.append(todo[i])
            batch = ends.take(front=False)
        records = memo.made(loader.rel_of(path) for path in done)
        counts = [memo.parsed - before[0], memo.digested - before[1]]
        body = json.dumps({"counts": counts, "records": records}, separators=(",", ":"))
        _write_all(out, body.encode("ascii"))  # JSON's escapes: a lone surrogate in a path too.
        code = 0
    except BaseException:  # Whatever it was, the parent reads these files itself.
        code = 1
    finally:
        os._exit(code)  # Not `sys.exit`: no atexit handler, no buffer of the parent's flushed twice.


def _decoded(data: bytes) -> tuple[dict[str, list[Any]], int, int] | None:
    try:
        value = json.loads(data)
        records, (parsed, digested) = value["records"], value["counts"]
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(records, dict) or type(parsed) is not int or type(digested) is not int:
        return None
    return records, parsed, digested
