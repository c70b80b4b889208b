"""Is an entry's `image.src` something the site may show? A plain-words reason when it is not.

An image is a file the editors keep with the site, under the docs folder or the annotations folder
(so it is reviewed with the text), or an https:// address that readers' browsers load from its host.
A file must be an ordinary file, inside the repository however links lead, with an image suffix,
and small enough to copy (`max_image_bytes`); it is checked before anything is copied.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .safefiles import FileProblem, file_stat, not_regular, too_big
from .schema import IMAGE_SUFFIXES

_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HTTPS_RE = re.compile(r"https://[^\s/$.?#][^\s]*")


def image_problem(name: str, root: Path, folders: tuple[Path, ...], max_bytes: int) -> str | None:
    """Why `name` cannot be shown, or None. `root` is the repository; `folders` the docs and
    annotations folders, where image files must lie."""
    if name.startswith("https://"):
        if not _HTTPS_RE.fullmatch(name):
            return f"image `{name}` is not a usable address: write it without spaces, e.g. https://example.org/portrait.jpg"
        return None
    if _SCHEME_RE.match(name) and not Path(name).drive:
        return (
            f"image `{name}` should be a file path or an https:// address (readers' browsers would"
            " refuse or warn about anything else)"
        )
    src = root / name
    if Path(name).is_absolute() or not _inside(src, (root,)):
        return f"image `{name}` is outside the repository; use a path inside it"
    if src.suffix.lower() not in IMAGE_SUFFIXES:
        return f"image `{name}` should be one of: {', '.join(IMAGE_SUFFIXES)}"
    if not src.exists() and not src.is_symlink():
        return f"image `{name}` does not exist (paths are relative to the repository root)"
    if not _inside(src, folders):
        where = " or ".join(f"`{_rel(f, root)}/`" for f in folders)
        return f"image `{name}` is not in the docs or annotations folder; move it under {where}"
    try:
        st = file_stat(src)
    except FileProblem as exc:
        return f"image `{name}`: {exc}"
    if not stat.S_ISREG(st.st_mode):
        return f"image `{name}`: {not_regular(src, st.st_mode)}"
    if st.st_size > max_bytes:
        limit = too_big(st.st_size, max_bytes, "an image")
        return f"image `{name}`: {limit} (the plugin's `max_image_bytes`); make it smaller"
    return None


def _inside(path: Path, folders: tuple[Path, ...]) -> bool:
    try:
        real = Path(os.path.realpath(path))
        return any(real.is_relative_to(os.path.realpath(f)) for f in folders)
    except (OSError, ValueError):
        return False


def _rel(folder: Path, root: Path) -> str:
    try:
        return Path(os.path.realpath(folder)).relative_to(root).as_posix()
    except ValueError:
        return folder.as_posix()
