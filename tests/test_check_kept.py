"""The whole check keeps, in the answer it records, the last rows of the files that give what they gave.

When the replay cannot answer, the whole check runs and records its answer; a person or term file
whose `stat` is the recorded one, whose entry is (or is not) the site's as then and whose errors are
as then gives the same own part, so its row is written again as it was (`checkreplay.keeper`)
instead of being encoded afresh. Each test makes the whole check run with a kept row that could go
stale, then lets the next check replay that record with nothing changed, and compares both with a
check without the cache (`replayed`). (A new day and new settings keep no row: test_check_replay's
new-day and config tests replay what such a whole check recorded.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from callcount import calls_in
from mkdocs_explainer.editors import checkreplay
from mkdocs_explainer.editors.check import CheckOptions, run_check
from sitekit import Site
from test_check_cache import TODAY, cache_home, check, person, rewrite, term, text_of
from test_check_replay import age_site, edited, recorded, replayed, rsite

__all__ = ["cache_home", "rsite"]  # Each test's own cache folder; the recorded site.

TURING = "annotations/people/alan-turing.yml"  # Reviewed long ago: a warning held back while it has errors.
NOBODY = "annotations/people/nobody-known.yml"
OSLO = "annotations/glossary/oslo.yml"


def _case_rule_changed(site: Site) -> None:
    """Oslo matched in any case: what the steps across read of an entry besides its names
    (`checkwide.core`), which only the whole check answers."""
    site.write(OSLO, term("Oslo", reviewed="2024-01-01") + "match_case: false\n")


def _name_taken(site: Site) -> None:
    site.write("annotations/glossary/lagos.yml", term("Lagos", "[Alan Turing]"))


def _id_taken(site: Site) -> None:
    site.write("annotations/glossary/alan-turing.yml", term("Turing Machine"))


def _stale_and_case_rule_changed(site: Site) -> None:
    site.write(NOBODY, person("Nobody Known", reviewed="2020-01-01"))
    _case_rule_changed(site)


def _touched_and_case_rule_changed(site: Site) -> None:
    rewrite(site.root / TURING, "\n", "\n")  # The same bytes, a new `stat`.
    _case_rule_changed(site)


def _home_page_source_and_name_taken(site: Site) -> None:
    """A warning about the file's sources (given while its entry is the site's), and an error."""
    site.write(TURING, person("Alan Turing", reviewed="2025-01-01").replace("/Alan_Turing", "/"))
    _name_taken(site)


# Each: (a change recorded by a whole check first, if any; the change; what the check says of the
# file that then must not keep its row, or None).
STALE: dict[str, tuple[Callable[[Site], None] | None, Callable[[Site], None], str | None]] = {
    "another file takes a file's name: its warnings wait": (None, _name_taken, "alan-turing.yml"),
    "another file takes a file's id: its entry is not the site's": (None, _id_taken, "people/alan-turing.yml"),
    "the same, the file having an error already": (_home_page_source_and_name_taken, _id_taken, "home page"),
    "the file itself changed, and an entry's case rule changed": (
        None, _stale_and_case_rule_changed, "nobody-known.yml",
    ),
    "a file touched, its bytes the same": (None, _touched_and_case_rule_changed, None),
    "a file deleted, and an entry's case rule changed": (
        None, lambda s: ((s.root / TURING).unlink(), _case_rule_changed(s)), None,
    ),
    "a new file, and an entry's case rule changed": (
        None, lambda s: (s.write("annotations/people/brand-new.yml", person("Brand New")), _case_rule_changed(s)), None,
    ),
}


def _lines_about(site: Site, name: str) -> list[str]:
    return [line for line in check(site)[0].split("\n") if name in line]


@pytest.mark.parametrize("edit", STALE)
def test_a_row_kept_by_the_whole_check_is_the_files_answer(rsite: Site, edit: str) -> None:
    first, change, about = STALE[edit]
    recorded(rsite, first)
    before = _lines_about(rsite, about) if about is not None else []
    assert edited(rsite, change)[0] is False
    assert replayed(rsite) == (True, 0)  # The record's rows, printed: what a check without the cache prints.
    if about is not None:
        assert _lines_about(rsite, about) != before  # The file's own part did change.


def _encoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the files whose rows `checkreplay.record` encodes afresh ("" for the shared part)."""
    seen: list[str] = []
    encode = checkreplay.encode_diagnostics

    def counted(path: str, diagnostics: Iterable[Any]) -> list[Any]:
        seen.append(path)
        return encode(path, diagnostics)

    monkeypatch.setattr(checkreplay, "encode_diagnostics", counted)
    return seen


def test_the_whole_check_encodes_only_the_rows_that_changed(rsite: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    _case_rule_changed(rsite)
    age_site(rsite)
    encoded = _encoded(monkeypatch)
    assert replayed(rsite)[0] is False
    assert sorted(encoded) == ["", "glossary/oslo.yml"]
    assert replayed(rsite) == (True, 0)


def test_files_parsed_again_by_the_whole_check_complete_their_records(rsite: Site, cache_home: Path) -> None:
    """Per-file records lost (a shard deleted): the whole check parses those files, whose replay rows
    are still kept; it works their warnings out again, so that their new records hold them."""
    for shard in cache_home.glob("mkdocs-explainer/check/*/results-*.json"):
        shard.unlink()
    _case_rule_changed(rsite)
    age_site(rsite)
    assert replayed(rsite)[0] is False
    assert check(rsite) == (check(rsite, cache=False)[0], 0)  # From the records alone, none parsed.


def test_the_whole_check_takes_each_files_stat_once(rsite: Site) -> None:
    """The look at every input before the replay takes each person and term file's `stat`; the
    whole check that runs instead reads the files with those, not with a `stat` each again. (The
    replay, before it gives up, reads the edited file itself: one `stat`, as the notes file's.)"""
    _case_rule_changed(rsite)
    age_site(rsite)
    with calls_in("safefiles.py", {"file_stat"}) as cached:
        result = run_check(rsite.root, CheckOptions(today=TODAY, cache=True, jobs=1))
    with calls_in("safefiles.py", {"file_stat"}) as uncached:
        fresh = run_check(rsite.root, CheckOptions(today=TODAY, jobs=1))
    assert not result.replayed and text_of(result) == text_of(fresh)
    entry_files = [*rsite.root.glob("annotations/people/*.yml"), *rsite.root.glob("annotations/glossary/*.yml")]
    assert uncached["file_stat"] - cached["file_stat"] == len(entry_files) - 1 == 7
