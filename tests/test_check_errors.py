"""`explainer check` after an error is fixed: answered from the last answer without errors.

An editor's loop often is: an edit makes an error, the check says so, the editor fixes it and runs
the check again. The answer with an error has no warnings about the prose and keeps none of the
facts the steps across saw, so nothing after the fix could be answered from it: the whole check
ran again (15 s at 100,000 entries). Now the last record without errors is kept while newer ones
have errors (`checkreplay.CLEAN`), and the check after the fix answers from it, as if everything
done since were one edit. Each test asserts (through `replayed`) that the cached check prints what
a check without the cache prints.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from mkdocs_explainer.editors import checkcache, checkreplay
from sitekit import Site
from test_check_cache import check, person, term
from test_check_replay import ADA, edited, replayed, rsite

__all__ = ["rsite"]  # The recorded site, in its own cache folder.

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
    assert edited(rsite, _broken)[0] is False  # The whole check: the prose's warnings wait on the errors.
    assert _clean_kept(rsite)
    assert edited(rsite, change) == (True, read)
    assert not _clean_kept(rsite)  # Superseded by the answer just recorded.
    assert replayed(rsite) == (True, 0)


def test_a_file_with_an_error_deleted_is_answered_as_the_entry_deleted(rsite: Site) -> None:
    """The entry no article mentions, whose deletion `checkwide` answers."""
    assert edited(rsite, lambda s: s.write(NOBODY, "name: [unclosed\n"))[0] is False
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


