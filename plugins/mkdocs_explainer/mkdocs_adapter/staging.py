"""Build into a staging folder and swap it in only when the build is complete; recover from crashes.

MkDocs empties `site_dir` before it renders anything, so an error found while rendering (a note
whose passage is gone, a full disk) would leave readers with half a site. The plugin points
`site_dir` at a sibling folder, `.<site>.explainer-staging-<pid>`, and swaps it in once the build
is complete, by two renames in the same folder:

    site → .site.explainer-old-<pid>        (the published site, whole, under another name)
    .site.explainer-staging-<pid> → site    (the new site, whole)
    .site.explainer-old-<pid> → .site.explainer-trash-<pid> → deleted

Nothing is ever emptied or copied: at every instant each folder is either a complete old site or
a complete new one. Where a rename cannot work (site_dir is a mount point) the build is refused
before it starts. A process killed at any point leaves folders that the next build recognises by
their names and its marker file, and repairs: an `old` folder while `site` is missing is the
published site and is put back; `trash` is deleted; a `staging` folder whose marker is no longer
locked belongs to a dead build and is deleted. Swaps and repairs of one parent folder take an
exclusive lock on it, so concurrent builds never take each other's folders.

Under `mkdocs serve`, an incremental rebuild's files are moved into the published site instead
(`Stage.merge`: each file old or new at every instant, which suits a preview), and otherwise the
replaced site becomes `.site.explainer-trash-<pid>-<n>` and a thread
deletes it once the rebuild has returned (thousands of folders can take seconds); recovery leaves
the ones this process is deleting alone, and deletes them if the process died first.
"""

from __future__ import annotations

import atexit
import errno
import fcntl
import json
import logging
import os
import re
import shutil
import signal
import socket
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

from .engine import ROOT_LOGGER, plugin_logger

log = plugin_logger()

MARKER = ".explainer-staging.json"
"""In a staging folder: says it is ours; its lock is held for as long as its build runs.
MkDocs' clean step keeps dot files, and the marker is removed once the folder is the site."""

LOCK_TIMEOUT = 60.0
"""How long a build waits for another build of the same folder to finish its swap."""

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}
_NO_RENAME = {errno.EXDEV, errno.EBUSY}


def target(site_dir: str) -> Path:
    """The folder the swap replaces: a symlink's target, so that the link stays a link."""
    return Path(os.path.realpath(os.path.abspath(site_dir)))


def _names(final: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(final.name)}\.explainer-(staging|old|trash)-(\d+)(?:-\d+)?")


def _sibling(final: Path, kind: str) -> Path:
    return final.with_name(f".{final.name}.explainer-{kind}-{os.getpid()}")


def _show(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


# -- the lock on the parent folder, and the markers -------------------------------------------


@contextmanager
def _locked(parent: Path) -> Iterator[None]:
    """An exclusive lock on `parent` (the folder itself: no lock file is left behind)."""
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise PluginError(
                        f"explainer: another build has held the lock on `{_show(parent)}` for "
                        f"{LOCK_TIMEOUT:.0f} s; wait for it to finish (or stop it) and build again"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def _owner_gone(marker: Path) -> bool:
    """True if no running build holds the marker's lock (it dies with its process, even kill -9)."""
    try:
        fd = os.open(marker, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def _is_marker(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("made_by") == "mkdocs-explainer"


def _mount_points() -> set[str]:
    """Every mount point, bind mounts included (`os.path.ismount` misses a bind mount of the same disk)."""
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return set()
    # Field 5 is the mount point, with spaces and the like written as octal escapes.
    unescape = re.compile(r"\\([0-7]{3})")
    return {unescape.sub(lambda m: chr(int(m.group(1), 8)), ln.split()[4]) for ln in lines if len(ln.split()) > 4}


def _is_mount_point(path: Path) -> bool:
    return os.path.ismount(path) or str(path) in _mount_points()


# -- repairing what dead builds left --------------------------------------------------------


def recover(site_dir: str) -> None:
    """Put back a published site that a killed build had moved aside, and delete dead builds' folders."""
    final = target(site_dir)
    if not final.parent.is_dir():
        return
    names = _names(final)
    try:
        leftovers = sorted(p for p in final.parent.iterdir() if names.fullmatch(p.name))
    except OSError:
        return
    if not leftovers and not (final / MARKER).exists():
        return
    try:
        with _locked(final.parent):
            _recover_locked(final)
    except OSError:
        pass  # The build's own set-up of its staging folder tries again, and says plainly what is wrong.


def _recover_locked(final: Path) -> None:
    names = _names(final)
    for path in sorted(final.parent.iterdir()):
        match = names.fullmatch(path.name)
        if match is None:
            continue
        kind, pid = match.group(1), match.group(2)
        if path in _tidying:
            continue  # This process is deleting it.
        if kind == "old" and not os.path.lexists(final):
            # The build was stopped between the two renames of its swap: this is the published site.
            os.rename(path, final)
            log.info(f"explainer: put back the published site `{_show(final)}` that build {pid} had moved aside")
        elif kind in ("old", "trash"):
            # Seen under the lock, so its build died during or after its swap.
            _delete(path)
            log.info(f"explainer: deleted `{_show(path)}`, left by build {pid}, which was stopped")
        elif (path / MARKER).is_file() and _is_marker(path / MARKER) and _owner_gone(path / MARKER):
            _delete(path)
            log.info(f"explainer: deleted the unfinished build `{_show(path)}` of build {pid}, which was stopped")
    marker = final / MARKER
    if marker.is_file() and _is_marker(marker) and _owner_gone(marker):
        marker.unlink()  # Killed just after its swap: the site is complete, only the marker is left.


def _delete(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


_tidying: set[Path] = set()
"""Replaced sites this process is deleting (under `mkdocs serve`, after a swap)."""
_tidied = iter(range(1, 1 << 62))


def _tidy_later(old: Path, final: Path) -> None:
    """Delete a replaced site in a thread, under a name of its own (`trash-<pid>-<n>`), so that the
    next build neither waits for it nor takes it for a dead build's leftover."""
    trash = _sibling(final, "trash")
    trash = trash.with_name(f"{trash.name}-{next(_tidied)}")
    try:
        os.rename(old, trash)
    except OSError:
        _delete(old)
        return
    _tidying.add(trash)

    def run() -> None:
        try:
            _delete(trash)
        finally:
            _tidying.discard(trash)

    # Not a daemon: a server that stops while it runs waits for it at exit.
    threading.Thread(target=run, name="explainer-tidy").start()


# -- one build's stage ------------------------------------------------------------------------


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Ctrl-C or SIGTERM during the swap takes effect after it, not between its two renames."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _refusal(what: str, path: Path, exc: OSError) -> PluginError:
    """A plain one-line error for an `OSError` of the file system, naming the fix."""
    reason = exc.strerror or str(exc)
    if exc.errno in _FULL:
        fix = (
            "the new site is built beside the old one, so the disk needs room for both; "
            "free some space (or point site_dir at a larger disk) and build again"
        )
    elif exc.errno in _NO_RENAME:
        fix = (
            "it is a mount point or on another file system than its folder, so the new site cannot be "
            "renamed into place; point site_dir at a folder inside the mount, or set the explainer "
            "option `staging: false`"
        )
    elif exc.errno in _DENIED:
        fix = "make the site folder and the folder that holds it writable (`chmod`, `chattr -i`, a read-write mount)"
    else:
        fix = "fix the file system problem and build again"
    return PluginError(f"explainer: cannot {what} `{_show(path)}`: {reason}; {fix}. The published site is unchanged.")


def explain(error: BaseException, stage: Stage | None) -> PluginError | None:
    """The one-line error for a file-system failure of the build (a full disk), else None."""
    if not isinstance(error, OSError) or error.errno not in _FULL | _DENIED:
        return None
    where = Path(error.filename) if isinstance(error.filename, str) else None
    # A failed copy names its source, not the full disk it was writing to.
    if stage is not None and (error.errno in _FULL or where is None or where.is_relative_to(stage.staging)):
        return _refusal("write the new site next to", stage.final, error)
    if error.errno in _FULL:
        return _refusal("write", where or Path("."), error)
    return None


def strict_warnings(config: MkDocsConfig) -> bool:
    """True if `--strict` will fail this build for its warnings (MkDocs checks only after `on_post_build`)."""
    if not config.strict:
        return False
    counters = [h for h in logging.getLogger(ROOT_LOGGER).handlers if isinstance(h, CountHandler)]
    return any(h.get_counts() for h in counters)


def _folders(rel: str) -> list[str]:
    """The folders a relative path is in: `a/b/c.html` → `a/b`, `a`."""
    out = []
    while "/" in rel:
        rel = rel.rsplit("/", 1)[0]
        out.append(rel)
    return out


def files_under(root: Path) -> set[str]:
    """Every file below `root`, as a path relative to it with `/` between folders."""
    found: set[str] = set()
    for folder, _, names in os.walk(root):
        rel = os.path.relpath(folder, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in names)
    return found


_live: set[Stage] = set()
"""Stages of this process not yet swapped in or aborted: removed at exit (Ctrl-C)."""


@atexit.register
def _abort_live() -> None:
    for stage in list(_live):
        stage.abort()


@dataclass(eq=False)
class Stage:
    config: MkDocsConfig
    requested: str
    """`site_dir` as configured (perhaps a symlink), given back to MkDocs after the build."""
    final: Path
    staging: Path
    marker_fd: int = field(default=-1)

    @classmethod
    def begin(cls, config: MkDocsConfig) -> Stage:
        requested = config.site_dir
        final = target(requested)
        if final.is_dir() and _is_mount_point(final):
            raise _refusal("build into", final, OSError(errno.EBUSY, "it is a mount point"))
        staging = _sibling(final, "staging")
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            with _locked(final.parent):
                _recover_locked(final)
                _delete(staging)
                staging.mkdir()
                # Created and locked under the parent's lock: no other build can see it unlocked.
                fd = os.open(staging / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                fcntl.flock(fd, fcntl.LOCK_EX)
                info = {"made_by": "mkdocs-explainer", "pid": os.getpid(), "host": socket.gethostname()}
                os.write(fd, json.dumps(info).encode())
        except OSError as exc:
            _delete(staging)
            raise _refusal("create a staging folder next to", final, exc) from None
        stage = cls(config, requested, final, staging, fd)
        _live.add(stage)
        config.site_dir = str(staging)
        return stage

    def commit(self, config: MkDocsConfig, tidy_later: bool = False) -> None:
        """Swap the built site in. `tidy_later` (a server between rebuilds): the replaced site is
        deleted by a thread, after the build returns."""
        old, trash = _sibling(self.final, "old"), _sibling(self.final, "trash")
        with _locked(self.final.parent), _signals_deferred():
            had_old = os.path.lexists(self.final)
            try:
                if had_old:
                    os.rename(self.final, old)
            except OSError as exc:
                raise _refusal("replace", self.final, exc) from None
            try:
                os.rename(self.staging, self.final)
            except OSError as exc:
                if had_old:
                    os.rename(old, self.final)
                raise _refusal("replace", self.final, exc) from None
            self._release()
            # The new site is in place: what follows is tidying, which the next build redoes if need be.
            with suppress(OSError):
                (self.final / MARKER).unlink(missing_ok=True)
            if had_old and tidy_later:
                _tidy_later(old, self.final)
            elif had_old:
                with suppress(OSError):
                    os.rename(old, trash)
                _delete(trash)
                _delete(old)
        config.site_dir = self.requested

    def merge(self, config: MkDocsConfig, kept: Collection[str], published: set[str]) -> set[str] | None:
        """Serve rebuilds only: move the files this build wrote into the published site, one rename
        each, and delete the published files it neither wrote nor `kept`, rather than swap in a
        whole new site (for which every kept file had to be linked into the stage, and the old
        site deleted: thousands of folders, seconds of a 2,500-page rebuild). `published`: every
        file of the published site. Returns the files of the site now, or None (nothing moved)
        where a written file would replace a folder or sit below a file: then swap as usual.

        Each file is old or new at every instant, not the site as a whole, which suits a preview
        (the browser reloads once the build has returned). A failed build never gets here, and a
        process killed while moving leaves a mixed site that the next process's first build, a
        full one, replaces whole."""
        written = files_under(self.staging) - {MARKER}
        for rel in written:
            if any(folder in published for folder in _folders(rel)) or os.path.isdir(self.final / rel):
                return None
        keep = (set(kept) & published) - written
        gone = published - written - keep
        made: set[str] = set()  # Not `folders`: the published site may have lost some since it was listed.
        with _locked(self.final.parent), _signals_deferred():
            self.final.mkdir(exist_ok=True)  # Deleted by hand since the last build: its pages were written again.
            for rel in sorted(written):
                try:
                    os.replace(self.staging / rel, self.final / rel)
                except FileNotFoundError:  # A new folder (or one deleted by hand): make it, once.
                    parent = os.path.dirname(rel)
                    if not parent or parent in made:
                        raise
                    os.makedirs(self.final / parent, exist_ok=True)
                    made.add(parent)
                    os.replace(self.staging / rel, self.final / rel)
            emptied: set[str] = set()
            for rel in gone:
                with suppress(FileNotFoundError):
                    os.unlink(self.final / rel)
                emptied.update(_folders(rel))
            for folder in sorted(emptied, key=lambda f: -f.count("/")):
                with suppress(OSError):  # Not empty: it holds files of the new site.
                    os.rmdir(self.final / folder)
            self._release()
        _tidy_later(self.staging, self.final)  # Only the folders of the files moved out are left.
        config.site_dir = self.requested
        return written | keep

    def abort(self) -> None:
        self._release()
        _delete(self.staging)
        self.config.site_dir = self.requested

    def _release(self) -> None:
        _live.discard(self)
        if self.marker_fd >= 0:
            os.close(self.marker_fd)
            self.marker_fd = -1
