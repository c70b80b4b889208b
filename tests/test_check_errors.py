"""`explainer check` after an edit that makes an error, and after the fix: both answered from the last answer.

An editor's loop often is: an edit makes an error, the check says so, the editor fixes it and runs
the check again. The answer with an error is the last one less what waits on the errors (the
prose's warnings) and with the broken file's entry gone (`checkfailed`). It keeps none of the facts
the steps across saw, so nothing after the fix could be answered from it: the last record without
errors is kept while newer ones have errors (`checkreplay.CLEAN`), and the check after the fix
answers from it, as if everything done since were one edit. Each test asserts (through
`replayed`) that the cached check prints what a check without the cache prints.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs_explainer.editors import checkcache, checkreplay
from sitekit import Site
from test_check_cache import cache_home, check, person, term
from test_check_replay import ADA, cache_file, edited, replayed, rsite

__all__ = ["cache_home", "rsite"]  # The recorded site, in its own cache folder.

WAS = person("Ada Lovelace", "[Lovelace]")
NOTES = "annotations/notes/index.yml"
OSLO = "annotations/glossary/oslo.yml"
NOBODY = "annotations/people/nobody-known.yml"


def _clean_kept(site: Site) -> bool:
    return (checkcache.cache_folder(site.root) / f"{checkreplay.CLEAN}.json").exists()


def _broken(site: Site) -> None:
    site.write(ADA, "name: [unclosed\n")


# Each: (the fix; person and term files read again by the check after it).
FIXES: dict[str, tuple[Callable[[Site], object], int]] = {
    "the file as it was": (lambda s: s.write(ADA, WAS), 1),
    "the file with another summary": (lambda s: s.write(ADA, WAS.replace("About Ada", "On Ada")), 1),
    "the file with an alias no article uses": (lambda s: s.write(ADA, person("Ada Lovelace", "[Lovelace, Countess]")), 1),
    "the file with an alias an article uses": (lambda s: s.write(ADA, person("Ada Lovelace", "[Lovelace, Alan]")), 1),
}


@pytest.mark.parametrize("fix", FIXES)
def test_an_error_made_then_fixed_is_answered_from_the_last_answer_without_errors(rsite: Site, fix: str) -> None:
    change, read = FIXES[fix]
    assert edited(rsite, _broken) == (True, 1)  # The prose's warnings wait on the error.
    assert _clean_kept(rsite)
    assert edited(rsite, change) == (True, read)
    assert not _clean_kept(rsite)  # Superseded by the answer just recorded.
    assert replayed(rsite) == (True, 0)


def test_a_file_with_an_error_deleted_is_answered_as_the_entry_deleted(rsite: Site) -> None:
    """The entry no article mentions, whose deletion `checkwide` answers."""
    assert edited(rsite, lambda s: s.write(NOBODY, "name: [unclosed\n")) == (True, 1)
    assert edited(rsite, lambda s: (s.root / NOBODY).unlink()) == (True, 0)
    assert "nobody-known" not in check(rsite)[0]


def test_edits_while_there_are_errors_are_answered_with_the_fix(rsite: Site) -> None:
    """Another error, an edit that stays inside its file, an article and a notes file edited: all
    since the last answer without errors, answered with the fixes."""
    edited(rsite, _broken)
    assert edited(rsite, lambda s: s.write(ADA, "name: [still unclosed\n")) == (True, 1)  # Its own errors only.
    edited(rsite, lambda s: s.write(OSLO, "name: {\n"))
    assert edited(rsite, lambda s: s.page("second.md", "# Second\n\nGrace Hopper went to Oslo.\n"))[0] is False
    assert _clean_kept(rsite)
    notes = (rsite.root / NOTES).read_text()
    rsite.write(NOTES, notes.replace("body: B.", "body: Changed."))
    rsite.write(ADA, WAS)
    assert edited(rsite, lambda s: s.write(OSLO, term("Oslo", reviewed="2024-01-01"))) == (True, 2)
    assert not _clean_kept(rsite)


def test_an_error_fixed_after_the_whole_check_ran_with_errors_again(rsite: Site) -> None:
    """The kept record is the last one without errors, however many answers with errors follow."""
    edited(rsite, _broken)
    edited(rsite, lambda s: s.page("third.md", "# Third\n\nSee [x](explainer:atlantis).\n"))  # An error too.
    assert _clean_kept(rsite)
    (rsite.root / "docs/third.md").unlink()
    assert edited(rsite, lambda s: s.write(ADA, WAS)) == (True, 1)


def test_a_new_error_after_the_fix_keeps_the_new_answer_without_errors(rsite: Site) -> None:
    edited(rsite, _broken)
    edited(rsite, lambda s: s.write(ADA, WAS.replace("About Ada", "On Ada")))
    edited(rsite, _broken)
    assert _clean_kept(rsite)
    assert edited(rsite, lambda s: s.write(ADA, WAS.replace("About Ada", "On Ada"))) == (True, 1)




# Each: an edit that makes an error, answered from the last answer without errors (`checkfailed`).
MADE: dict[str, Callable[[Site], object]] = {
    "YAML that cannot be read, in an entry both articles name": _broken,
    "a key the schema does not know, in an entry no article names": lambda s: s.write(
        NOBODY, person("Nobody Known", "[Mr Nobody, Mr Nobody]") + "oops: 1\n"
    ),
    "an entry an article links to": lambda s: s.write("annotations/glossary/paris.yml", "term: [\n"),
    "two files at once": lambda s: (_broken(s), s.write(OSLO, "name: {\n")),
    "a key no schema knows, in a notes file": lambda s: s.write(NOTES, (s.root / NOTES).read_text() + "oops: 1\n"),
    "a notes file that YAML cannot read": lambda s: s.write(NOTES, "notes: [\n"),
    "a notes file for an article there is not": lambda s: s.write("annotations/notes/third.yml", (s.root / NOTES).read_text()),
    "an error and a summary edited elsewhere": lambda s: (
        _broken(s), s.write(NOBODY, person("Nobody Known").replace("About Nobody", "On Nobody"))
    ),
}


@pytest.mark.parametrize("edit", MADE)
def test_an_edit_that_makes_an_error_is_answered_from_the_last_answer(rsite: Site, edit: str) -> None:
    assert edited(rsite, MADE[edit])[0] is True
    assert "wait until the errors are fixed" in check(rsite)[0]
    assert _clean_kept(rsite)
    assert replayed(rsite) == (True, 0)


# Each: an error made that the last answer cannot give (the whole check runs).
WHOLE: dict[str, Callable[[Site], object]] = {
    "a name another entry has (an error of both files)": lambda s: s.write(NOBODY, person("Nobody Known", "[Lovelace]")),
    "an error and an article edited at once": lambda s: (_broken(s), s.page("second.md", "# Second\n\nOslo.\n")),
    "an error and an entry deleted at once": lambda s: (_broken(s), (s.root / NOBODY).unlink()),
}


@pytest.mark.parametrize("edit", WHOLE)
def test_an_error_the_last_answer_cannot_give_runs_the_whole_check(rsite: Site, edit: str) -> None:
    assert edited(rsite, WHOLE[edit])[0] is False
    assert replayed(rsite) == (True, 0)  # Its answer, with errors, recorded in its turn.


def test_an_error_while_two_entries_share_a_wikidata_id_runs_the_whole_check(rsite: Site) -> None:
    """Their warnings are among the shared findings, where they cannot be told from the prose's."""
    edited(rsite, lambda s: (s.write(ADA, WAS + "wikidata: Q1\n"), s.write(NOBODY, person("Nobody Known", extra="wikidata: Q1\n"))))
    assert "Wikidata id Q1 is also that of" in check(rsite)[0]
    assert edited(rsite, lambda s: s.write(OSLO, "name: {\n"))[0] is False


def test_a_notes_file_broken_then_mended_is_answered_both_times(rsite: Site) -> None:
    """Its notes are gone from its article while it has errors; they come back with the fix."""
    was = (rsite.root / NOTES).read_text()
    assert edited(rsite, lambda s: s.write(NOTES, "notes: [\n")) == (True, 0)
    assert edited(rsite, lambda s: s.write(NOTES, was.replace("body: B.", "body: Mended."))) == (True, 0)
    assert not _clean_kept(rsite)


def _recorded_failed(home: Path) -> list[str]:
    return list(json.loads(cache_file(home).read_bytes().partition(b"\n")[2])["failed"])


def test_an_answer_with_errors_records_the_files_with_errors_as_the_whole_check_does(
    rsite: Site, cache_home: Path
) -> None:
    """The annotation files' errors, not an article's rendering's (a note's passage not in its
    article), which hold nothing back: the record a replay writes is the one the whole check writes."""
    notes = (rsite.root / NOTES).read_text()
    assert edited(rsite, lambda s: s.write(NOTES, notes.replace("quote: in Paris", "quote: in Rome"))) == (True, 0)
    assert edited(rsite, _broken) == (True, 1)
    replayed_failed = _recorded_failed(cache_home)
    shutil.rmtree(cache_home)
    assert replayed(rsite)[0] is False  # The whole check, recording afresh.
    assert replayed_failed == _recorded_failed(cache_home) == ["annotations/people/ada-lovelace.yml"]
