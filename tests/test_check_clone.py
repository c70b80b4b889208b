"""`explainer check` after a fresh clone or a checkout: every file written again with the same bytes.

A clone (CI restoring the last check's cache from the main branch, an editor's second clone) gives
every file a new `stat`. The check then reads and digests each file instead of trusting its `stat`,
and answers from the last record as if nothing had changed: nothing parsed, the same text as a run
without the cache. What changed in the clone is found as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from mkdocs_explainer.editors import checkcache
from mkdocs_explainer.editors.check import CheckOptions, run_check
from sitekit import Site
from test_check_cache import TODAY, cache_home, person, term, text_of
from test_check_replay import ADA, age_site, replayed, rsite

from bench.check import clone_in_place

__all__ = ["cache_home", "rsite"]  # Fixtures.

OWN_FILES = 8


def reclone(site: Site, keep_times: bool = True) -> None:
    """The site as a fresh clone leaves it at the same place (`bench.check.clone_in_place`), aged out
    of the racy window."""
    clone_in_place(site.root, keep_times)
    age_site(site)


def counts(site: Site) -> tuple[bool, int, int]:
    """(replayed, files read, files parsed) of a cached check that printed what an uncached one prints."""
    result = run_check(site.root, CheckOptions(today=TODAY, cache=True))
    assert text_of(result) == text_of(run_check(site.root, CheckOptions(today=TODAY)))
    return result.replayed, result.read, result.parsed


@pytest.mark.parametrize("keep_times", [True, False], ids=["times-kept", "times-new"])
def test_a_fresh_clone_is_answered_from_the_last_check_with_every_file_digested_and_none_parsed(
    rsite: Site, keep_times: bool
) -> None:
    reclone(rsite, keep_times)
    assert counts(rsite) == (True, OWN_FILES, 0)
    assert replayed(rsite) == (True, 0)  # The records took the files' new `stat`s.


def test_a_file_edited_in_the_clone_is_the_only_one_parsed(rsite: Site) -> None:
    reclone(rsite)
    rsite.write(ADA, person("Ada Lovelace", "[Lovelace]").replace("About Ada", "On Ada"))
    age_site(rsite)
    assert counts(rsite) == (True, OWN_FILES, 1)
    assert replayed(rsite) == (True, 0)


def test_an_article_edited_in_the_clone_is_rendered_again_and_no_entry_is_parsed(rsite: Site) -> None:
    reclone(rsite)
    page = rsite.root / "docs" / "second.md"
    page.write_text(page.read_text().replace("went to Lagos", "flew to Lagos"))
    age_site(rsite)
    assert counts(rsite) == (True, OWN_FILES, 0)  # Its body alone changed: that article rendered again.
    assert replayed(rsite) == (True, 0)  # Each row kept, with its new `stat`.


def _notes_added(site: Site) -> None:
    notes = (site.root / "annotations/notes/index.yml").read_text().replace("in Paris", "to Lagos")
    site.write("annotations/notes/second.yml", notes)


@pytest.mark.parametrize(
    ("added", "answered", "read"),
    # The whole check after the replay that gave up takes the records of the files whose bytes
    # the replay found the same: each file digested once.
    [(_notes_added, True, OWN_FILES), (lambda s: s.page("people/third.md", "# Third\n\nOslo.\n"), False, OWN_FILES)],
    ids=["notes file (its article rendered again)", "article where entries' pages go (the whole check)"],
)
def test_a_file_added_in_the_clone_parses_no_entry(
    rsite: Site, added: Callable[[Site], None], answered: bool, read: int
) -> None:
    reclone(rsite)
    added(rsite)
    age_site(rsite)
    assert counts(rsite) == (answered, read, 0)
    assert replayed(rsite) == (True, 0)  # The answer kept each row, with its new `stat`.


def test_an_entry_edit_in_the_clone_that_needs_the_whole_check_reads_each_file_once(rsite: Site) -> None:
    """A case rule changed in a clone (CI: main's cache, a pull request's checkout): the replay
    digests every touched file and gives up; the whole check takes the records of those with the
    bytes of their record instead of reading them again, and parses the edited one alone."""
    reclone(rsite)
    rsite.write("annotations/glossary/oslo.yml", term("Oslo", reviewed="2024-01-01") + "match_case: false\n")
    age_site(rsite)
    # The 7 others digested once; the edited one compared and parsed by the replay, parsed again by
    # the whole check (17 files read before the whole check took the replay's findings).
    assert counts(rsite) == (False, OWN_FILES - 1 + 3, 2)
    assert replayed(rsite) == (True, 0)  # The records took the new `stat`s.


@pytest.mark.parametrize("other", ["docs/second.md", "annotations/notes/index.yml", "mkdocs.yml"])
def test_another_input_touched_with_the_same_bytes_is_replayed(rsite: Site, other: str) -> None:
    os.utime(rsite.root / other)
    age_site(rsite)
    assert replayed(rsite) == (True, 0)


def test_a_file_become_a_link_out_of_the_repository_with_the_same_bytes_is_refused(
    rsite: Site, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_bytes((rsite.root / ADA).read_bytes())
    (rsite.root / ADA).unlink()
    (rsite.root / ADA).symlink_to(outside)
    age_site(rsite)
    assert replayed(rsite) == (True, 1)  # An error: the last answer less what waits on it (`checkfailed`).
    result = run_check(rsite.root, CheckOptions(today=TODAY, cache=True))
    assert any("outside the repository" in d.message for d in result.diagnostics if d.path.endswith("ada-lovelace.yml"))


# -- CI: main's workflow keeps the cache, a pull request's only restores it -----------------------

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"


def _steps(name: str) -> list[dict[str, object]]:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text())
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _cache_steps(name: str) -> list[dict[str, object]]:
    return [s for s in _steps(name) if str(s.get("uses", "")).startswith("actions/cache")]


def test_the_pages_workflow_saves_the_check_cache_and_a_pull_request_only_restores_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = checkcache.cache_folder(tmp_path).parent  # Where the check keeps every site's cache.
    expected = "~/" + folder.relative_to(tmp_path).as_posix()
    (saver,) = _cache_steps("pages.yml")
    (restorer,) = _cache_steps("check.yml")
    assert str(saver["uses"]).startswith("actions/cache@")  # Restores, and saves at the job's end.
    assert str(restorer["uses"]).startswith("actions/cache/restore@")  # A pull request never saves.
    saved, restored = saver["with"], restorer["with"]
    assert isinstance(saved, dict) and isinstance(restored, dict)
    assert saved["path"] == restored["path"] == expected
    assert str(saved["key"]).startswith(restored["restore-keys"])
    for name in ("pages.yml", "check.yml"):
        runs = [str(s.get("run", "")) for s in _steps(name)]
        checks = [r for r in runs if "explainer check" in r]
        assert checks and not any("--no-cache" in r for r in checks)
