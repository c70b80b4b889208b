"""The shortcuts `explainer check` takes at 100,000 entries give the answers of what they replace.

Each is held to the general code on generated inputs, the awkward cases included.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import unicodedata

import pytest
from mkdocs.structure.files import File
from mkdocs_explainer.core import matcher
from mkdocs_explainer.core.diagnostics import error, warning
from mkdocs_explainer.core.model import Entry, Image, Reference
from mkdocs_explainer.editors import checkcodec
from mkdocs_explainer.editors.clashcheck import mkdocs_dest
from mkdocs_explainer.editors.filechecks import FileFacts


def _slow_surface_key(surface: str) -> str:
    return matcher._SPACE_RUN_RE.sub(" ", matcher.normalise(unicodedata.normalize("NFC", surface))).strip(" ")


def test_the_ascii_shortcut_of_surface_key_keeps_its_answers() -> None:
    rng = random.Random(5)
    alphabet = "ab Z'’\t\n\x0b\x1c\u00a0e\u0301é-."
    samples = ["", " ", "  ", "a  b", " a b ", "O'Brien", "O’Brien", "a\tb", "a\x1cb", "Jose\u0301"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))) for _ in range(5000)]
    samples += ["".join(chr(c) for c in rng.sample(range(0x20, 0x7F), 6)) for _ in range(2000)]
    for surface in samples:
        assert matcher.surface_key(surface) == _slow_surface_key(surface), repr(surface)


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_output_paths_are_those_mkdocs_gives(use_directory_urls: bool) -> None:
    folders = ["", "people/", "glossary/", "a/b/", "x.y/", "Upper/", "./", "../", "a//", "_x/"]
    names = ["ada", "index", "README", "readme", "Index", "a.b", "x-y", "_u", "9", "über", "a b", ""]
    suffixes = [".md", ".markdown", ".MD", ".html", ".png", ""]
    for folder, name, suffix in itertools.product(folders, names, suffixes):
        uri = folder + name + suffix
        if not uri:
            continue
        assert mkdocs_dest(uri, use_directory_urls) == File(uri, None, "", use_directory_urls).dest_uri, uri


def _entries() -> list[Entry]:
    day = dt.date(2026, 1, 2)
    ref = Reference("T", "https://example.org/a", "P", day, (4, 7))
    full = Entry(
        id="ada", type="person", name="Ada", aliases=("A", "Lady Ada"), summary="S *x*", sources=(ref, ref),
        reviewed=day, source_path="annotations/people/ada.yml", body="B\n\nC", image=Image("i.png", "a", "c", "l"),
        links=(Reference("L", "https://example.org/l"),), match_case=False, role="R", role_as_of=day,
        kind="event", date=day, sort="Lovelace", wikidata="Q1", same_as=("https://x.org/ada",), as_of=day,
        wikidata_loc=(9, 11), image_loc=(7, 8), name_locs=((2, 7), (3, 11), (3, 14)),
    )  # fmt: skip
    bare = Entry("t", "term", "\udcff odd \u2019", (), "s", (ref,), day, "annotations/glossary/t.yml")
    return [full, bare]


DROPPED = {"summary": "", "body": None, "links": ()}
"""What the cache does not keep of an entry (no check reads it after the file is read)."""


def test_every_field_of_an_entry_comes_back_from_the_cache() -> None:
    import dataclasses
    import json

    full = _entries()[0]
    defaults = Entry("x", "term", "x", (), "", (), dt.date(2000, 1, 1), "p")
    for name in Entry.__slots__:
        assert getattr(full, name) != getattr(defaults, name), f"the test entry leaves `{name}` as it is by default"
    for entry in _entries():
        diags = [error(entry.source_path, 2, 3, "bad")]
        facts = FileFacts(
            [warning("w.yml", 1, 1, "schema")], [warning("w.yml", 5, 6, "twice")], [(dt.date(2025, 1, 1), "w.yml", 8, 11)]
        )
        record = json.loads(json.dumps(checkcodec.with_facts(checkcodec.encode(diags, entry, None), facts)))
        back_diags, back = checkcodec.loader_part(record, entry.source_path)
        assert back_diags == diags and back == dataclasses.replace(entry, **DROPPED)
        assert back is not None and [r.url_loc for r in back.sources] == [r.url_loc for r in entry.sources]
        assert checkcodec.facts_part(record, "w.yml") == facts


def test_a_plain_output_path_pattern_never_hides_a_dot_folder() -> None:
    assert mkdocs_dest("a/./b.md", True) == File("a/./b.md", None, "", True).dest_uri
    assert re.search(r"\\", mkdocs_dest("a/b.md", True)) is None


def test_paths_joined_for_the_working_folder_are_those_path_gives() -> None:
    from pathlib import Path

    from mkdocs_explainer.editors.cli import _joined

    cases = ["a", "a/b.yml", "../x", "..", "../../a/b", "./a", "a/./b", "a//b", "/abs", "a/", "a/.", ".a/b",
             "a/.b", "a/..", "a/../b", ".x", "a b/c", "", "é/ü.yml"]  # fmt: skip
    for prefix in cases:
        for path in cases:
            assert _joined(prefix, path) == Path(prefix, path).as_posix(), (prefix, path)
