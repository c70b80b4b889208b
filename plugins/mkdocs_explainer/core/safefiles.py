"""Reading editors' files without trusting the file system.

Only regular files are opened (a FIFO would block the build for ever, a device would never end),
their size is checked before the first byte is read and reads stop after the limit, so a sparse
file of many gigabytes is refused without reading it. Walking a folder reports every folder it
cannot list, every link that leads nowhere or in a circle and every entry that is not a file or a
folder, instead of leaving it out of the build in silence.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

_CHUNK = 1 << 16
_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)
_REPLACE = "replace it with an ordinary file or delete it"


class FileProblem(Exception):
    """A file that cannot be used; the message is for the editor and says what to do."""


def kind_of(mode: int) -> str:
    """What a file of this mode is, in plain words ("a named pipe (FIFO)", …)."""
    return next((name for test, name in _KINDS if test(mode)), "not an ordinary file")


def not_regular(path: Path | str, mode: int) -> str:
    through = " (through a link)" if Path(path).is_symlink() else ""
    return f"this is {kind_of(mode)}{through}, not an ordinary file, so it is not read; {_REPLACE}"


def os_problem(path: Path | str, exc: OSError, what: str = "file") -> str:
    """The reason `exc` gives for not using `path`, with the fix."""
    if exc.errno == errno.ELOOP:
        return f"this link leads back to itself (a loop of links); point it at a real {what} or delete it"
    if exc.errno in (errno.EACCES, errno.EPERM):
        fix = "`chmod a+r`" if what == "file" else "`chmod a+rx`"
        verb = "read" if what == "file" else "list"
        return f"cannot {verb} this {what}: permission denied; let the user who runs the build {verb} it ({fix})"
    if exc.errno == errno.ENOENT and Path(path).is_symlink():
        return f"this link points to `{os.readlink(path)}`, which does not exist; fix the link or delete it"
    return f"cannot read this {what}: {exc.strerror or exc}"


def file_stat(path: Path) -> os.stat_result:
    """`stat` of what `path` leads to; raises `FileProblem` with the reason it cannot be used."""
    try:
        return path.stat()
    except OSError as exc:
        raise FileProblem(os_problem(path, exc)) from exc


def too_big(size: int, limit: int, what: str = "an annotation file") -> str:
    return f"the file is {size:,} bytes; {what} may be at most {limit:,}"


def read_regular(
    path: Path | str, limit: int, what: str = "an annotation file", known: os.stat_result | None = None
) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them, else `FileProblem`.

    `known`: the `file_stat` of `path` the caller has just made (it is checked the same way)."""
    st = known or file_stat(Path(path))
    if not stat.S_ISREG(st.st_mode):
        raise FileProblem(not_regular(path, st.st_mode))
    if st.st_size > limit:
        raise FileProblem(too_big(st.st_size, limit, what))
    # O_NONBLOCK: should a FIFO take the file's place after the check, opening it does not wait.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileProblem(os_problem(path, exc)) from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileProblem(not_regular(path, st.st_mode))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            want = min(_CHUNK, limit + 1 - size)
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if len(chunk) < want and size == st.st_size:
                break  # A regular file read short, to the size it had just now: its end, without asking again.
    except OSError as exc:
        raise FileProblem(os_problem(path, exc)) from exc
    finally:
        os.close(fd)
    if size > limit:  # It grew after the check.
        raise FileProblem(too_big(size, limit, what))
    return b"".join(chunks)


def under(path: str, root: str) -> str | None:
    """`path` relative to the folder `root` as `Path.relative_to(...).as_posix()` gives it, or None
    if it lies outside (both absolute and normalised; plain string work, ~10x faster than `Path`)."""
    if path == root:
        return "."
    prefix = root if root.endswith(os.sep) else root + os.sep
    return path[len(prefix) :].replace(os.sep, "/") if path.startswith(prefix) else None


class RealPaths:
    """`os.path.realpath` of many files in few folders: each folder is resolved once.

    For a last part that is a name and not a link, `realpath(folder/name)` is `realpath(folder)`
    joined with the name (that is how `realpath` resolves it); anything else takes the full walk.
    Keep one instance for one pass only: a folder may become a link between two builds."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}
        self._files: dict[str, str] = {}
        """Answers already given: the loader and the check ask for each file once each in one pass."""
        self._plain: list[AbstractSet[str]] = []

    def folder(self, folder: str) -> str:
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(folder)
        return real

    def __call__(self, path: str | os.PathLike[str]) -> str:
        text = os.fspath(path)
        known = self._files.get(text)
        if known is None:
            known = self._files[text] = self._resolve(text)
        return known

    def plain(self, files: AbstractSet[str]) -> None:
        """Take `files` as known not to be links themselves (a folder listing said so): each one's
        answer, once asked for, is its folder's, joined with its name, without asking the system
        again. The set is kept, not walked: a check answered from its last record asks for a few
        of 100,000 files."""
        self._plain.append(files)

    def _resolve(self, text: str) -> str:
        head, name = os.path.split(text)
        if not head or name in ("", ".", ".."):
            return os.path.realpath(text)
        if any(text in files for files in self._plain):
            return os.path.join(self.folder(head), name)
        try:
            link = stat.S_ISLNK(os.lstat(text).st_mode)
        except OSError:
            link = True  # Let `realpath` decide what a missing or unreadable file resolves to.
        return os.path.realpath(text) if link else os.path.join(self.folder(head), name)


@dataclass(slots=True)
class Listing:
    """What a walk found: the regular files, and every path it could not use, with why."""

    names: list[str] = field(default_factory=list)
    """The regular files' paths as text (`files` makes them `Path`s, which costs ~5 µs each: a
    check answered from its last record needs only the text of 100,000 paths)."""
    problems: list[tuple[Path, str]] = field(default_factory=list)
    plain: set[str] = field(default_factory=set)
    """The files whose own name is no link (as the folder listed them), for `RealPaths.plain`."""
    _files: list[Path] | None = None

    @property
    def files(self) -> list[Path]:
        """The regular files, in the walk's order."""
        if self._files is None:
            self._files = [Path(name) for name in self.names]
        return self._files


def walk(folder: Path) -> Listing:
    """Every regular file under `folder` (following links), names starting with "." left out.

    The folder's listing says which names are plain files, folders or links: only links (and what
    a listing does not tell) cost a `stat`, not each of 100,000 files."""
    out = Listing()
    seen: set[str] = set()

    def visit(current: Path) -> None:
        seen.add(os.path.realpath(current))
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda entry: entry.name)
        except OSError as exc:
            out.problems.append((current, os_problem(current, exc, "folder")))
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_file(follow_symlinks=False):
                    out.names.append(entry.path)  # `str(current / name)`, without making the `Path`.
                    out.plain.add(entry.path)
                    continue
            except OSError as exc:
                out.problems.append((current / name, os_problem(current / name, exc)))
                continue
            path = current / name
            try:
                mode = entry.stat().st_mode  # A link (followed), a folder, or something else.
            except OSError as exc:
                out.problems.append((path, os_problem(path, exc)))
                continue
            if stat.S_ISDIR(mode):
                if os.path.realpath(path) in seen:
                    message = "this link leads to a folder that is read already (a loop, or a second way in)"
                    out.problems.append((path, f"{message}; delete the link"))
                else:
                    visit(path)
            elif stat.S_ISREG(mode):
                out.names.append(str(path))
            else:
                out.problems.append((path, not_regular(path, mode)))

    visit(folder)
    return out
