"""A check about to read every person and term file of a large site says so first, on standard
error: with no earlier check recorded (a first run, another version or other settings) or with
`--no-cache`; never when the cache answers, never on a small site, never among the findings."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from mkdocs_explainer.editors import check as check_module
from mkdocs_explainer.editors import cli
from mkdocs_explainer.editors.check import CheckOptions, run_check
from sitekit import Site
from test_check_cache import TODAY, cache_home, generated_site

__all__ = ["cache_home"]  # A fixture, used by name.
ENTRY_FILES = 9  # generated_site's people and terms.


def noticed(site: Site, cache: bool = True, notice_from: int = 1, jobs: int = 1) -> list[str]:
    said: list[str] = []
    options = CheckOptions(today=TODAY, cache=cache, notice=said.append, notice_from=notice_from, jobs=jobs)
    run_check(site.root, options)
    return said


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return generated_site(tmp_path / "site")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_first_check_says_it_reads_every_file_and_the_next_does_not(site: Site, jobs: int) -> None:
    count = len(list(site.root.glob("annotations/people/*.yml")) + list(site.root.glob("annotations/glossary/*.yml")))
    first = noticed(site, jobs=jobs)
    assert len(first) == 1
    assert f"reading all {count} person and term files" in first[0]
    assert "no earlier check of this site is recorded" in first[0]
    assert "the next check reuses what this one records" in first[0]
    assert noticed(site, jobs=jobs) == []  # Replayed.
    site.write("annotations/people/new-person.yml", (site.root / "annotations/people/ada-lovelace.yml").read_text()
               .replace("Ada Lovelace", "Noor Inayat").replace("[Lovelace]", "[]"))  # fmt: skip
    assert noticed(site, jobs=jobs) == []  # One file more: read from the records, no notice.


def test_no_cache_says_so_every_time(site: Site) -> None:
    for _ in range(2):
        said = noticed(site, cache=False)
        assert len(said) == 1 and said[0].startswith("explainer check: --no-cache: reading all")


def test_another_version_or_settings_is_a_first_check(site: Site) -> None:
    assert noticed(site)
    text = (site.root / "mkdocs.yml").read_text()
    (site.root / "mkdocs.yml").write_text(text.replace("- explainer", "- explainer:\n      warn_home_page_sources: false"))
    said = noticed(site)
    assert len(said) == 1 and "no earlier check" in said[0]


def test_a_small_site_or_no_listener_hears_nothing(site: Site) -> None:
    assert noticed(site, notice_from=ENTRY_FILES + 100) == []
    assert noticed(site, cache=False, notice_from=ENTRY_FILES + 100) == []
    run_check(site.root, CheckOptions(today=TODAY, cache=True))  # No `notice`: nothing to tell.


def test_the_command_prints_it_on_standard_error_only(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    def command(*extra: str) -> tuple[str, str, int]:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = cli.main(["check", str(site.root), "--today", TODAY.isoformat(), *extra])
        return out.getvalue(), err.getvalue(), code

    quiet = command("--no-cache")
    assert quiet[1] == ""  # Under NOTICE_FROM files.
    monkeypatch.setattr(check_module, "NOTICE_FROM", 1)
    told = command("--no-cache")
    assert told[0] == quiet[0] and told[2] == quiet[2]
    assert told[1].startswith("explainer check: --no-cache: reading all") and told[1].count("\n") == 1
    first = command()
    assert first[0] == quiet[0] and "no earlier check" in first[1]
    assert command()[1] == ""
