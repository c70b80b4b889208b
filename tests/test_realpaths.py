"""`RealPaths` resolves like `os.path.realpath`, `under` is `Path.relative_to` as a string (so are
the schema line's paths in `filechecks`), and `read_regular` reads a file whole in as few system
calls as it can.

`explainer check` resolves every annotation file's path (to name it in messages and to refuse
links out of the repository) with one `realpath` per folder instead of one per file; these tests
hold it to `realpath`'s answers on links of every kind.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from callcount import calls_in
from mkdocs_explainer.core.safefiles import _CHUNK, FileProblem, RealPaths, file_stat, read_regular, under, walk
from mkdocs_explainer.editors import filechecks
from mkdocs_explainer.mkdocs_adapter.sitecfg import load_site
from sitekit import Site


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


@pytest.mark.parametrize("path", ["/a/b/c.yml", "/c.yml", "c.yml", "a/c.yml", "/a b/ç/d.yml"])
def test_the_schema_lines_folder_and_file_are_the_paths_own(path: str, tmp_path: Path) -> None:
    """`filechecks` works out each file's schema line from strings: the same as from `Path`s."""
    site = load_site(Site(tmp_path).root)
    assert filechecks._folder_of(Path(path)) == str(Path(path).parent)
    for kind in ("person", "term", "notes"):
        assert filechecks._schema_file(str(site.root), kind) == str(site.schema_file(kind))


def test_files_a_listing_calls_plain_resolve_as_realpath_does_without_a_stat_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`plain` keeps the walk's set of plain files; each is answered when asked for, from its
    folder, with no `lstat` of its own (a check answered from its last record asks for a few of
    100,000), and the links among the other files still resolve through them."""
    paths = _tree(tmp_path)
    listing = walk(tmp_path / "linked")
    expected = {name: os.path.realpath(name) for name in listing.plain}
    real = RealPaths()
    resolved: list[str] = []
    realpath = os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda path, **kw: resolved.append(path) or realpath(path, **kw))
    real.plain(listing.plain)
    assert resolved == []  # Nothing resolved until asked for.
    monkeypatch.undo()
    real.folder(str(tmp_path / "linked" / "people"))  # The folders resolved first, as a check does.
    real.folder(str(tmp_path / "linked" / "people" / "up"))
    stats: list[str] = []
    lstat = os.lstat

    def counted(path: str | os.PathLike[str], *args: object, **kwargs: object) -> os.stat_result:
        stats.append(os.fspath(path))
        return lstat(path)

    monkeypatch.setattr(os, "lstat", counted)
    assert {name: real(name) for name in listing.plain} == expected
    assert stats == []
    monkeypatch.undo()
    for path in paths:
        assert real(path) == os.path.realpath(path), path


@pytest.mark.parametrize("size", [0, 1, 700, _CHUNK - 1, _CHUNK, _CHUNK + 1, 3 * _CHUNK + 5])
def test_read_regular_reads_every_byte_and_asks_once_more_only_when_it_must(tmp_path: Path, size: int) -> None:
    path = tmp_path / "a.yml"
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    path.write_bytes(data)
    limit = 4 * _CHUNK
    with calls_in("safefiles.py", {"read"}) as calls:
        assert read_regular(path, limit) == data
        assert read_regular(str(path), limit, known=file_stat(path)) == data
    # A read shorter than asked for that reaches the size `fstat` gave is the end: an annotation
    # file (far below a chunk) takes one `read`, not a second one that finds nothing.
    assert calls["read"] == 2 * (size // _CHUNK + 1)  # A whole number of chunks: one more, which finds the end.


@pytest.mark.parametrize("extra", [0, 1, 5000])
def test_read_regular_refuses_a_file_over_its_limit(tmp_path: Path, extra: int) -> None:
    path = tmp_path / "big.yml"
    limit = _CHUNK + 10
    path.write_bytes(b"x" * (limit + extra))
    if extra == 0:
        assert read_regular(path, limit) == b"x" * limit
        return
    with pytest.raises(FileProblem):
        read_regular(path, limit)


def test_read_regular_reads_a_file_that_grew_since_its_stat_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_bytes(b"first")
    old = file_stat(path)
    path.write_bytes(b"first and then more")
    assert read_regular(path, 1000, known=old) == b"first and then more"  # `fstat` after opening decides

