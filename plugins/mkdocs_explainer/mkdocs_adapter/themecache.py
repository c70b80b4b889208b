"""Under `mkdocs serve`: the installed theme's list of files read once per process, not on every rebuild.

Each build MkDocs lists every file of the theme's folders (`Files.add_files_from_theme`) to copy
its static files, and tests each name against ~20 patterns: Material's folder holds 14,500 files,
nearly all icons in its `.icons` folder, which those patterns refuse; a rebuild at 500 x 2,000
spent ~0.7 s on it. An installed theme does not change while a server runs (its folder's time
is checked all the same); the site's own override folders are listed every time. And the names
in a dot folder, which MkDocs' patterns `.*` and `*/.*` refuse, are left out before its patterns
are tried: the same list, by a cheaper test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from pathlib import Path

import jinja2
from mkdocs.theme import Theme

_listings: dict[tuple[str, int], list[str]] = {}
"""(installed theme folder, its modification time) → the names of its files."""
MKDOCS_FILTER = "Files.add_files_from_theme.<locals>.filter"


class ListedOnce(jinja2.FileSystemLoader):
    """A theme's loader whose folders outside the site are listed once."""

    def __init__(self, searchpath: list[str], root: Path) -> None:
        super().__init__(searchpath)
        self.root = root

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for path in self.searchpath:
            if Path(path).resolve().is_relative_to(self.root):
                found.update(jinja2.FileSystemLoader(path).list_templates())
                continue
            key = (path, os.stat(path).st_mtime_ns)
            if key not in _listings:
                _listings[key] = jinja2.FileSystemLoader(path).list_templates()
            found.update(_listings[key])
        return sorted(found)


def install(theme: Theme, root: Path) -> None:
    """Make `theme.get_env()`, for this build, give environments that list the theme as above."""
    made = theme.get_env

    def get_env() -> jinja2.Environment:
        env = made()
        if type(env.loader) is not jinja2.FileSystemLoader:
            return env  # Another plugin's loader: leave it as it is.
        env.loader = ListedOnce(list(env.loader.searchpath), root)
        plain = env.list_templates

        def list_templates(
            extensions: Collection[str] | None = None, filter_func: Callable[[str], bool] | None = None
        ) -> list[str]:
            if extensions is None and getattr(filter_func, "__qualname__", "") == MKDOCS_FILTER:
                assert env.loader is not None and filter_func is not None
                names = env.loader.list_templates()
                return [n for n in names if not (n.startswith(".") or "/." in n) and filter_func(n)]
            return plain(extensions, filter_func)

        setattr(env, "list_templates", list_templates)  # noqa: B010 - an instance attribute shadows the method
        return env

    setattr(theme, "get_env", get_env)  # noqa: B010
