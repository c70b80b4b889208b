"""Broken input: a clear message, a non-zero exit, no traceback, no hang, the site left as it was."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sitekit import Site
from test_build_safety import tree_digest

GOOD_TERM = """\
term: Kyiv
kind: place
summary: The capital of Ukraine.
sources:
  - title: Reference
    url: https://example.org/kyiv
reviewed: 2026-11-29
"""
KYIV = "annotations/glossary/kyiv.yml"


def write(rel: str, data: bytes | str) -> Callable[[Site], None]:
    def apply(site: Site) -> None:
        path = site.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return apply


def symlink(rel: str, target_text: str) -> Callable[[Site], None]:
    def apply(site: Site) -> None:
        outside = site.root.parent / "outside" / Path(rel).name
        outside.parent.mkdir(exist_ok=True)
        outside.write_text(target_text, encoding="utf-8")
        (site.root / rel).unlink(missing_ok=True)
        os.symlink(outside, site.root / rel)

    return apply


def image_link_outside(site: Site) -> None:
    outside = site.root.parent / "outside.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (site.root / "images").mkdir(exist_ok=True)
    os.symlink(outside, site.root / "images" / "map.png")
    write(KYIV, GOOD_TERM + "image:\n  src: images/map.png\n  alt: Map\n")(site)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
NOTE = "notes:\n  - id: n\n    quote: '{q}'\n    title: T\n    body: B\n    sources: [{{title: R, url: 'https://e.org'}}]\n    reviewed: 2026-11-29\n"

BROKEN = [
    ("malformed-yaml", write(KYIV, GOOD_TERM.replace("kind: place", "kind: [place")), "kyiv.yml:3:8: error: YAML syntax error"),
    ("wrong-types", write(KYIV, GOOD_TERM.replace("summary: The capital of Ukraine.", "summary: [1, 2]")), "kyiv.yml:3:10: error: `summary` should be text, not a list"),
    ("tabs", write(KYIV, GOOD_TERM.replace("  - title", "\t- title")), "kyiv.yml:5:1: error: YAML syntax error"),
    ("not-utf8", write(KYIV, GOOD_TERM.replace("Ukraine", "Ukra\xefne").encode("latin-1")), "kyiv.yml:3:29: error: the file is not UTF-8 text"),
    ("empty-file", write(KYIV, ""), "kyiv.yml:1:1: error: the file is empty"),
    ("ten-megabytes", write(KYIV, GOOD_TERM + "# " + "x" * 10_000_000 + "\n"), "kyiv.yml:1:1: error: the file is 10,000,"),
    ("alias-bomb", write(KYIV, BOMB), "kyiv.yml:2:8: error: YAML anchors and aliases (&name / *name) are not allowed"),
    ("five-thousand-aliases", write(KYIV, GOOD_TERM + "aliases:\n" + "".join(f"  - Name {i}\n" for i in range(5000))), "kyiv.yml:9:3: error: `aliases` has 5000 items; at most 100 are allowed"),
    ("one-character-passage", write("annotations/notes/index.yml", NOTE.format(q="K")), "index.yml:3:12: error: `notes[1].quote` `K` is too short"),
    ("front-matter-error", write("docs/index.md", "---\ntitle: [x\n---\n# Home\n"), "docs/index.md:3:1: error: front matter is not valid YAML"),
    ("image-escapes-through-symlink", image_link_outside, "kyiv.yml:9:8: error: image `images/map.png` is outside the repository"),
    ("note-file-escapes-through-symlink", symlink("annotations/notes/index.yml", NOTE.format(q="Kyiv")), "annotations/notes/index.yml:1:1: error: this file is a link to a place outside the repository"),
    ("image-path-escapes", write(KYIV, GOOD_TERM + "image:\n  src: ../outside.png\n  alt: Map\n"), "kyiv.yml:9:8: error: image `../outside.png` is outside the repository"),
    ("file-name-not-an-id", write("annotations/glossary/Kyiv City.yml", GOOD_TERM), "annotations/glossary/Kyiv City.yml:1:1: error: the file name is the entry's id"),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = Site(tmp_path_factory.mktemp("broken-template") / "repo")
    site.page("index.md", "# Home\n\nNews from Kyiv.\n")
    site.write(KYIV, GOOD_TERM)
    result = site.build_cli()
    assert result.returncode == 0, result.stderr
    return site.root


@pytest.mark.parametrize(("case", "breaks", "message"), BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_input(template: Path, tmp_path: Path, case: str, breaks: Callable[[Site], None], message: str) -> None:
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    site = Site.__new__(Site)
    site.root = root
    before = tree_digest(root / "site")
    breaks(site)
    result = site.build_cli(timeout=20)  # bounded: a hang fails the test
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert message in result.stderr, result.stderr
    assert tree_digest(root / "site") == before


@pytest.mark.parametrize(
    ("case", "data"),
    [("byte-order-mark", b"\xef\xbb\xbf" + GOOD_TERM.encode()), ("crlf-line-ends", GOOD_TERM.replace("\n", "\r\n").encode())],
)
def test_accepted_variants_build_the_same_site(template: Path, tmp_path: Path, case: str, data: bytes) -> None:
    """A byte-order mark and Windows line ends are valid YAML written by common editors: accepted."""
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    site = Site.__new__(Site)
    site.root = root
    before = site.html("glossary/kyiv/index.html")
    (root / KYIV).write_bytes(data)
    result = site.build_cli()
    assert result.returncode == 0, result.stderr
    assert site.html("glossary/kyiv/index.html") == before
