"""One `explainer check` at a time reads and writes a site's cache.

A check reads the records, answers, and writes them back; the command prints the answer before
writing (`CheckResult.record`), and in a terminal leaves the writing to a process of its own
(`background`). An editor who saves and checks again within those seconds would otherwise read
the records as they were before the last answer, and run the whole check instead of replaying.
So each check holds a lock on the cache folder (`flock` on a `lock` file in it) from before it
reads the records until they are written; the next one waits for it, saying so, and if it still
waits after `WAIT_S` (a check stopped with Ctrl-Z holds it) goes on without the cache rather
than hang. Where there is no `flock` (Windows) or the folder cannot be made, there is no lock:
each file of the cache is still written whole (`checkcache`), so checks at once lose only speed.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock.
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = "lock"
WAIT_S = 120.0
"""How long a check waits for another one to finish recording before it goes on without the cache."""
POLL_S = 0.05
log = logging.getLogger(__name__)


class Lock:
    """The lock on one site's cache folder, held from `take` until `release` (or the process ends)."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def claim(self) -> None:
        """Write this process's id in the lock's file: the process that holds the lock now (a
        detached one, once the check has answered), which a check that waits names."""
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
                os.pwrite(self._fd, str(os.getpid()).encode(), 0)
            except OSError as exc:
                log.debug("explainer check: cannot write in the cache's lock file: %s", exc)

    def release(self) -> None:
        """Close the lock's file: the lock goes with it, unless a process forked from this one still
        holds the file open (`background`: the recording goes on there)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def take(folder: Path, notice: Callable[[str], None] | None, wait_s: float | None = None) -> Lock | None:
    """The lock on `folder`, waited for if another check holds it; None if it was still held after
    `wait_s` seconds (default `WAIT_S`; the caller then does without the cache). A lock that cannot
    be had at all (no `flock`, a folder that cannot be made) is an empty one: the check goes on as
    before."""
    wait_s = WAIT_S if wait_s is None else wait_s
    if fcntl is None:
        return Lock(None)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        log.debug("explainer check: no lock on the cache folder %s: %s", folder, exc)
        return Lock(None)
    if _got(fd):
        return _claimed(fd)
    if notice is not None:
        pid = _pid_in(fd)
        who = "another check of this site" + (f" (process {pid})" if pid is not None else "")
        notice(f"explainer check: {who} is still recording its answer; waiting for it")
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        time.sleep(POLL_S)
        if _got(fd):
            return _claimed(fd)
    os.close(fd)
    if notice is not None:
        notice(f"explainer check: still waiting after {wait_s:.0f} s (is another check stopped?); "
               "checking without the cache")  # fmt: skip
    return None


def holder(folder: Path) -> int | None:
    """The id of the process that last held the lock on `folder` (`Lock.claim`), if any."""
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDONLY)
    except OSError:
        return None
    try:
        return _pid_in(fd)
    finally:
        os.close(fd)


def _pid_in(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii")
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _claimed(fd: int) -> Lock:
    lock = Lock(fd)
    lock.claim()
    return lock


def _got(fd: int) -> bool:
    assert fcntl is not None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:  # A file system without locks: go on as if there were none.
        log.debug("explainer check: cannot lock the cache folder: %s", exc)
    return True
