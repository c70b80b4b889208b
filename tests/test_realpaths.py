"""`RealPaths` resolves like `os.path.realpath`, and `under` is `Path.relative_to` as a string.

`explainer check` resolves every annotation file's path (to name it in messages and to refuse
links out of the repository) with one `realpath` per folder instead of one per file; these tests
hold it to `realpath`'s answers on links of every kind.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs_explainer.core.safefiles import RealPaths, under


def _tree(root: Path) -> list[Path]:
    (root / "real" / "people").mkdir(parents=True)
    (root / "real" / "people" / "a.yml").write_text("x")
    (root / "outside").mkdir()
    (root / "outside" / "b.yml").write_text("x")
    (root / "linked").symlink_to(root / "real")  # a folder reached through a link
    (root / "real" / "people" / "to-outside.yml").symlink_to(root / "outside" / "b.yml")
    (root / "real" / "people" / "relative.yml").symlink_to("../people/a.yml")
    (root / "real" / "people" / "dangling.yml").symlink_to(root / "nowhere.yml")
    (root / "real" / "people" / "loop.yml").symlink_to(root / "real" / "people" / "loop.yml")
    (root / "real" / "people" / "up").symlink_to(root / "outside")
    names = ["a.yml", "to-outside.yml", "relative.yml", "dangling.yml", "loop.yml", "missing.yml", "up", "."]
    paths = [root / folder / "people" / name for folder in ("real", "linked") for name in names]
    paths += [root / "linked" / "people" / "up" / "b.yml", root / "linked" / "people" / "up" / ".." / "real"]
    return paths


def test_real_paths_resolve_as_realpath_does(tmp_path: Path) -> None:
    paths = _tree(tmp_path)
    real = RealPaths()
    for path in paths * 2:  # the second round answers from the folders already resolved
        assert real(path) == os.path.realpath(path), path
        assert real(str(path)) == os.path.realpath(str(path)), path
    rel = os.path.relpath(paths[0], Path.cwd())
    assert real(rel) == os.path.realpath(rel)


@pytest.mark.parametrize(
    ("path", "root"),
    [("/a/b/c.yml", "/a"), ("/a/b", "/a/b"), ("/ab/c", "/a"), ("/a/c", "/a/b"), ("/a/b", "/"), ("/", "/")],
)
def test_under_is_relative_to(path: str, root: str) -> None:
    try:
        expected: str | None = Path(path).relative_to(root).as_posix()
    except ValueError:
        expected = None
    assert under(path, root) == expected
