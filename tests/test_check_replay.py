"""`explainer check` answered from the last check (`checkreplay`): the same text as a run without the cache.

Every test ages the site's files out of the racy window (so that their `stat` is trusted), makes
one change, ages the files again (so that the change is found by comparing `stat`s, not by a file
being too new), and asserts that the cached check prints what a check without the cache prints,
whether the answer was replayed, and how many files the replay read (operations, never time).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs_explainer.editors import checkcache
from mkdocs_explainer.editors.check import CheckOptions, run_check
from sitekit import Site
from test_check_cache import HOUR_AGO_NS, TODAY, cache_home, check, generated_site, person, rewrite, term, text_of

__all__ = ["cache_home"]  # The fixture that gives each test its own cache folder.


def age_site(site: Site) -> None:
    """Every file of the site (annotations, articles, config) modified in the last hour: an hour earlier."""
    an_hour_ago = time.time_ns() - HOUR_AGO_NS
    for file in site.root.rglob("*"):
        st = file.stat()
        if file.is_file() and st.st_mtime_ns > an_hour_ago:
            os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns - HOUR_AGO_NS))


def replayed(site: Site, today: object = TODAY) -> tuple[bool, int]:
    """(replayed, files read) of a cached check, having asserted that it prints what an uncached one does."""
    result = run_check(site.root, CheckOptions(today=today, cache=True))  # type: ignore[arg-type]
    uncached = run_check(site.root, CheckOptions(today=today))  # type: ignore[arg-type]
    assert text_of(result) == text_of(uncached)
    return result.replayed, result.read


def edited(site: Site, change: Callable[[Site], object]) -> tuple[bool, int]:
    """`replayed` after `change`, the site aged."""
    change(site)
    age_site(site)
    return replayed(site)


def recorded(site: Site, change: Callable[[Site], object] | None) -> None:
    """`change` (if any) made and checked once: the next check starts from its record."""
    if change is not None:
        edited(site, change)


@pytest.fixture
def rsite(tmp_path: Path) -> Site:
    """The generated site, aged and checked once: its answer is recorded for a replay."""
    site = generated_site(tmp_path / "site")
    age_site(site)
    assert replayed(site) == (False, 8)
    return site


def test_an_unchanged_site_is_answered_from_the_last_check_without_reading_a_file(rsite: Site) -> None:
    assert replayed(rsite) == (True, 0)
    assert replayed(rsite) == (True, 0)
    out = check(rsite)[0]
    for expected in ("days ago", "in the future", "repeats the address", "the first line should be", "is not mentioned"):
        assert expected in out


ADA = "annotations/people/ada-lovelace.yml"
OSLO = "annotations/glossary/oslo.yml"
OWN_EDITS: dict[str, Callable[[Site], None]] = {
    "summary": lambda s: s.write(ADA, person("Ada Lovelace", "[Lovelace]").replace("About Ada", "On Ada")),
    "stale date": lambda s: s.write(ADA, person("Ada Lovelace", "[Lovelace]", reviewed="2020-01-01")),
    "repeated link": lambda s: s.write(
        ADA, person("Ada Lovelace", "[Lovelace]", extra="links:\n  - title: A\n    url: https://a.org/\n  - title: B\n    url: https://a.org\n")
    ),
    "schema line wrong": lambda s: _rewrite(s, ADA, "../../schemas/", "../schemas/"),
    "same bytes, touched": lambda s: os.utime(s.root / ADA),
    # What places an entry in the indexes and the timeline, which no check across files reads.
    "kind": lambda s: s.write(OSLO, term("Oslo", reviewed="2024-01-01").replace("kind: place", "kind: event")),
    "date": lambda s: s.write(OSLO, term("Oslo", reviewed="2024-01-01").replace("kind: place", "kind: event\ndate: 2026-02-04")),
    "sort key": lambda s: s.write(ADA, person("Ada Lovelace", "[Lovelace]", extra="sort: Byron\n")),
}


@pytest.mark.parametrize("edit", OWN_EDITS)
def test_an_edit_that_stays_inside_its_file_is_replayed_with_that_file_read_again(rsite: Site, edit: str) -> None:
    OWN_EDITS[edit](rsite)
    age_site(rsite)
    assert replayed(rsite) == (True, 1)
    assert replayed(rsite) == (True, 0)  # The replay recorded the file's new `stat`.


def _rewrite(site: Site, rel: str, old: str, new: str) -> None:
    rewrite(site.root / rel, old, new)


def _share_wikidata(site: Site) -> None:
    site.write(ADA, person("Ada Lovelace", "[Lovelace]", extra="wikidata: Q1\n"))
    site.write("annotations/people/grace-hopper.yml", person("Grace Hopper", reviewed="2027-06-01", extra="wikidata: Q1\n"))


WIDE_EDITS: dict[str, Callable[[Site], None]] = {
    "name taken twice": lambda s: s.write("annotations/glossary/lagos.yml", term("Lagos", "[Lovelace]")),
    "stray file": lambda s: s.write("annotations/people/readme.txt", "hello\n"),
    "config": lambda s: s.configure(":\n      background_domains: [example.org]"),
    "wikidata shared": _share_wikidata,
}
"""Edits that reach other files' findings (`checkwide` answers those that do not: test_check_wide.py;
`checklocal` some that do: test_check_local.py, and edits to the articles, the notes files and the names
needing no entry, those that came or went too: test_check_pages.py)."""


@pytest.mark.parametrize("edit", WIDE_EDITS)
def test_an_edit_that_reaches_other_files_runs_the_whole_check(rsite: Site, edit: str) -> None:
    WIDE_EDITS[edit](rsite)
    age_site(rsite)
    assert replayed(rsite)[0] is False
    assert replayed(rsite) == (True, 0)  # And that whole check was recorded in its turn.


def test_an_image_outside_the_folders_looked_at_is_looked_at_again(rsite: Site) -> None:
    """An entry may name an image outside docs_dir and annotations/ (an error whose words depend on
    whether the file exists): a replay asks again, as the whole check would."""
    image = "image:\n  src: pictures/ada.png\n  alt: Ada\n  credit: Made for the test\n  license: CC0 1.0\n"
    rsite.write(ADA, person("Ada Lovelace", "[Lovelace]", extra=image))
    age_site(rsite)
    assert replayed(rsite)[0] is False
    assert "does not exist" in check(rsite)[0]
    rsite.write("pictures/ada.png", "not really a picture")
    assert replayed(rsite)[0] is False
    assert "is not in the docs or annotations folder" in check(rsite)[0]
    assert replayed(rsite) == (True, 0)


def test_an_alias_added_then_taken_away_is_a_change_both_times(rsite: Site) -> None:
    """What others read of a file is recorded afresh when it changes, not carried over from the
    record before: taking the alias away again is a change too. (Adding a name no article uses is
    answered by `checkwide`; taking a name from an entry the articles name, by `checklocal`.)"""
    before = (rsite.root / ADA).read_text()
    rsite.write(ADA, person("Ada Lovelace", "[Lovelace, Countess]"))
    age_site(rsite)
    assert replayed(rsite) == (True, 1)
    (rsite.root / ADA).write_text(before)
    age_site(rsite)
    assert replayed(rsite) == (True, 1)
    assert replayed(rsite) == (True, 0)


def test_a_new_day_runs_the_whole_check(rsite: Site) -> None:
    later = TODAY.replace(year=TODAY.year + 1)
    assert replayed(rsite, later)[0] is False
    assert replayed(rsite, later) == (True, 0)
    assert replayed(rsite)[0] is False


def test_a_file_with_an_error_from_another_file_keeps_its_warnings_held_back_in_a_replay(rsite: Site) -> None:
    """A name taken twice is an error at both files; a replay of an edit to one of them still
    knows that both have errors (their `reviewed` warnings wait, as in a whole check)."""
    rsite.write("annotations/glossary/lagos.yml", term("Lagos", "[Lovelace]", reviewed="2020-01-01"))
    age_site(rsite)
    assert replayed(rsite)[0] is False
    _rewrite(rsite, "annotations/glossary/lagos.yml", "About Lagos.", "On Lagos.")
    age_site(rsite)
    assert replayed(rsite) == (True, 1)
    assert "days ago" not in "\n".join(line for line in check(rsite)[0].split("\n") if "lagos.yml" in line)


def test_files_written_just_before_the_recording_check_are_read_again(tmp_path: Path) -> None:
    site = generated_site(tmp_path / "site")
    assert replayed(site)[0] is False  # Articles written just now: not trusted, nothing recorded.
    assert replayed(site)[0] is False
    age_site(site)
    assert replayed(site)[0] is False
    site.write(ADA, person("Ada Lovelace", "[Lovelace]", reviewed="2020-01-01"))  # Now: within the window.
    assert replayed(site) == (True, 1)
    assert replayed(site) == (True, 1)  # Its `stat` is not trusted yet: read each time.


def cache_file(home: Path, name: str = "replay") -> Path:
    (found,) = home.glob(f"mkdocs-explainer/check/*/{name}.json")
    return found


def write_stamped(file: Path, header: dict[str, object], value: object) -> None:
    """`value` written as the cache writes it, with `header`'s stamp: only the content is damaged."""
    new = json.dumps(value).encode()
    file.write_bytes(json.dumps({**header, "digest": checkcache._digest(new)}).encode() + b"\n" + new)


@pytest.mark.parametrize("damage", ["garbage", "edited-body", "wrong-shapes", "wrong-types", "stat-of-another-file"])
def test_a_damaged_record_is_ignored(rsite: Site, cache_home: Path, damage: str) -> None:
    file = cache_file(cache_home)
    head, _, body = file.read_bytes().partition(b"\n")
    header = json.loads(head)
    value = json.loads(body)
    if damage == "garbage":
        file.write_text("{{{ not json")
    elif damage == "edited-body":
        file.write_bytes(head + b"\n" + body.replace(b"days ago", b"days ahead"))
    else:
        if damage == "wrong-shapes":
            value["files"] = {key: [None, 5] for key in value["files"]}
        elif damage == "wrong-types":  # Each row's line a string: a sort of the answer would fail on it.
            for record in value["files"].values():
                for row in record[3]:
                    row[1] = str(row[1])
        else:  # Well-formed and stamped, but a record that cannot be this site's: stats swapped.
            keys = sorted(value["files"])
            value["files"][keys[0]][0], value["files"][keys[1]][0] = value["files"][keys[1]][0], value["files"][keys[0]][0]
        write_stamped(file, header, value)
    assert replayed(rsite)[0] is (damage == "stat-of-another-file")
    assert replayed(rsite)[0] is True


def test_a_site_whose_articles_may_read_other_files_is_never_replayed(rsite: Site) -> None:
    rsite.configure(extra="markdown_extensions:\n  - pymdownx.snippets\n")
    age_site(rsite)
    assert replayed(rsite)[0] is False
    assert replayed(rsite)[0] is False


def test_files_touched_with_the_same_bytes_are_looked_up_not_parsed(rsite: Site) -> None:
    """A checkout or a tool that touches every file: the replay reads each one again, and finds its
    bytes in the per-file records instead of parsing it (the records of those files are kept)."""
    for folder in ("people", "glossary"):
        for file in (rsite.root / "annotations" / folder).glob("*.yml"):
            os.utime(file)
    age_site(rsite)
    result = run_check(rsite.root, CheckOptions(today=TODAY, cache=True))
    assert text_of(result) == text_of(run_check(rsite.root, CheckOptions(today=TODAY)))
    assert (result.replayed, result.read, result.parsed) == (True, 8, 0)
    assert replayed(rsite) == (True, 0)


def test_a_replay_keeps_the_per_file_records_of_the_files_it_read(rsite: Site) -> None:
    """After a replay that read one edited file, a whole check finds every file, that one too, in
    the per-file records: the replay added its record and kept the others."""
    OWN_EDITS["summary"](rsite)
    age_site(rsite)
    assert replayed(rsite) == (True, 1)
    assert check(rsite)[1] == 0  # The whole check (replay off), no file parsed.
