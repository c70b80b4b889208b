"""`explainer check`'s cache: a warm run prints exactly what a run without the cache prints.

These are the tests of the per-file records (`checkcache`), with the whole-answer replay
(`checkreplay`, tests/test_check_replay.py) turned off so that the counts are of the records alone.

Every test checks a small generated site twice or more: once with the cache after some change,
once with `--no-cache` (the code path that reads every file), and asserts the same text, byte for
byte, and how many files the cached run had to parse (operations, never time).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs_explainer.editors import checkcache, cli
from mkdocs_explainer.editors.check import CheckOptions, CheckResult, run_check
from sitekit import Site

TODAY = dt.date(2026, 11, 29)
EXPLAINER = str(Path(sys.executable).parent / "explainer")


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    yield home


def schema(kind: str) -> str:
    return f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"


def person(name: str, aliases: str = "[]", reviewed: str = "2026-11-01", extra: str = "") -> str:
    return schema("person") + (
        f"name: {name}\naliases: {aliases}\nrole:\n  title: Minister\n  as_of: 2026-02-04\n"
        f"summary: About {name}.\nsources:\n  - title: Ref\n    url: https://example.org/{name.replace(' ', '_')}\n"
        f"{extra}reviewed: {reviewed}\n"
    )


def term(name: str, aliases: str = "[]", reviewed: str = "2026-11-01") -> str:
    return schema("term") + (
        f"term: {name}\naliases: {aliases}\nkind: place\nsummary: About {name}.\n"
        f"sources:\n  - title: Ref\n    url: https://example.org/{name.replace(' ', '_')}\nreviewed: {reviewed}\n"
    )


def generated_site(root: Path) -> Site:
    """Eight people and terms with warnings of every kind, two articles, one notes file; no error."""
    site = Site(root)
    site.page("index.md", "# Home\n\nAda Lovelace met Alan Turing in Paris. See [the city](explainer:paris).\n")
    site.page("second.md", "# Second\n\nGrace Hopper and Lovelace went to Lagos and to Oslo.\n")
    site.write("annotations/people/ada-lovelace.yml", person("Ada Lovelace", "[Lovelace]"))
    site.write("annotations/people/alan-turing.yml", person("Alan Turing", reviewed="2025-01-01"))  # stale
    site.write("annotations/people/grace-hopper.yml", person("Grace Hopper", reviewed="2027-06-01"))  # future
    dup = "links:\n  - title: A\n    url: https://example.org/x\n  - title: B\n    url: https://example.org/x/\n"
    site.write("annotations/people/nobody-known.yml", person("Nobody Known", extra=dup))  # unmentioned, repeats
    site.write("annotations/people/no-schema.yml", person("Ida Noschema").split("\n", 1)[1])  # no schema line
    site.write("annotations/glossary/paris.yml", term("Paris"))
    site.write("annotations/glossary/lagos.yml", term("Lagos"))
    site.write("annotations/glossary/oslo.yml", term("Oslo", reviewed="2024-01-01"))
    notes = "notes:\n  - id: n1\n    quote: in Paris\n    title: T\n    body: B.\n    sources:\n      - title: R\n"
    site.write("annotations/notes/index.yml", schema("notes") + notes + "        url: https://example.org/n\n    reviewed: 2026-11-01\n")
    return site


def text_of(result: CheckResult) -> str:
    return "\n".join([*(d.text() for d in result.diagnostics), cli._summary(result)])


def check(site: Site, cache: bool = True, today: dt.date = TODAY) -> tuple[str, int]:
    result = run_check(site.root, CheckOptions(today=today, cache=cache, replay=False))
    return text_of(result), result.parsed


def reused_across(site: Site) -> bool:
    """Checks with the cache and without; asserts the same output; whether the cached run took the
    answer of the steps across entries and articles from the cache."""
    result = run_check(site.root, CheckOptions(today=TODAY, cache=True, replay=False))
    assert text_of(result) == check(site, cache=False)[0]
    return result.across_reused


def same_as_uncached(site: Site, today: dt.date = TODAY) -> int:
    """Checks with the cache, then without; asserts the same output; returns how many files the cached run parsed."""
    warm, parsed = check(site, today=today)
    cold, _ = check(site, cache=False, today=today)
    assert warm == cold
    return parsed


@pytest.fixture
def gsite(tmp_path: Path) -> Site:
    site = generated_site(tmp_path / "site")
    # A first run fills the cache; it parses every person and term file (not the notes file).
    assert same_as_uncached(site) == ENTRY_FILES
    return site


ENTRY_FILES = 8


def add_errors(site: Site) -> None:
    """Three files with errors of the reading: YAML, encoding, a TODO left."""
    site.write("annotations/people/bad-yaml.yml", schema("person") + "name: [unclosed\n")
    (site.root / "annotations/people/latin-one.yml").write_bytes((schema("person") + "name: Jos\xe9\n").encode("latin-1"))
    site.write("annotations/glossary/todo-left.yml", term("TODO"))


def test_a_second_run_parses_nothing_and_prints_the_same(gsite: Site) -> None:
    out, parsed = check(gsite)
    assert parsed == 0
    for expected in ("days ago", "in the future", "repeats the address", "the first line should be", "is not mentioned"):
        assert expected in out
    add_errors(gsite)
    assert same_as_uncached(gsite) == 3
    out, parsed = check(gsite)
    assert parsed == 0
    for expected in ("bad-yaml.yml:2", "latin-one.yml:2:10: error", "todo-left.yml"):
        assert expected in out


def test_an_edited_file_is_parsed_again_alone(gsite: Site) -> None:
    gsite.write("annotations/people/ada-lovelace.yml", person("Ada Lovelace", "[Lovelace, Countess]", "2020-01-01"))
    assert same_as_uncached(gsite) == 1
    gsite.write("annotations/glossary/lagos.yml", "term: [broken\n")  # An error made.
    assert same_as_uncached(gsite) == 1
    gsite.write("annotations/glossary/lagos.yml", term("Lagos"))  # And fixed.
    assert same_as_uncached(gsite) == 1
    assert same_as_uncached(gsite) == 0


def test_deleted_added_and_renamed_files(gsite: Site) -> None:
    (gsite.root / "annotations/glossary/oslo.yml").unlink()
    assert same_as_uncached(gsite) == 0
    gsite.write("annotations/glossary/oslo.yml", term("Oslo"))
    assert same_as_uncached(gsite) == 1
    (gsite.root / "annotations/people/alan-turing.yml").rename(gsite.root / "annotations/people/turing.yml")
    out, parsed = check(gsite)
    assert parsed == 1 and "turing.yml" in out and "alan-turing.yml" not in out
    assert same_as_uncached(gsite) == 0
    gsite.write("annotations/people/brand-new.yml", person("Brand New"))
    assert same_as_uncached(gsite) == 1


def test_an_edit_makes_and_clears_a_problem_in_another_file(gsite: Site) -> None:
    """A name taken twice is reported at both files, the unchanged one from the cache too."""
    gsite.write("annotations/glossary/lagos.yml", term("Lagos", "[Lovelace]"))
    out, parsed = check(gsite)
    assert parsed == 1
    assert any(line.startswith("annotations/people/ada-lovelace.yml:3:") and "`lagos`" in line for line in out.split("\n"))
    assert same_as_uncached(gsite) == 0
    gsite.write("annotations/glossary/lagos.yml", term("Lagos"))
    out, parsed = check(gsite)
    assert parsed == 1 and "also claimed" not in out
    # An explicit link whose entry goes, then comes back: the article's error follows it.
    (gsite.root / "annotations/glossary/paris.yml").unlink()
    out, parsed = check(gsite)
    assert parsed == 0 and "explainer:paris" in out
    assert same_as_uncached(gsite) == 0
    gsite.write("annotations/glossary/paris.yml", term("Paris"))
    assert same_as_uncached(gsite) == 1
    # An id taken twice: a term with a person's id.
    gsite.write("annotations/glossary/ada-lovelace.yml", term("Ada"))
    out, parsed = check(gsite)
    assert parsed == 1 and "id `ada-lovelace` is already used" in out
    assert same_as_uncached(gsite) == 0


def test_the_day_and_the_age_limit_apply_to_cached_files(gsite: Site) -> None:
    later = dt.date(2027, 12, 1)
    assert same_as_uncached(gsite, today=later) == 0
    assert check(gsite, today=later)[0] != check(gsite)[0]
    result = run_check(gsite.root, CheckOptions(today=TODAY, max_age_days=0, cache=True, replay=False))
    uncached = run_check(gsite.root, CheckOptions(today=TODAY, max_age_days=0))
    assert (text_of(result), result.parsed) == (text_of(uncached), 0)


def test_a_config_change_that_moves_the_folders_starts_afresh(gsite: Site) -> None:
    gsite.configure(extra="extra:\n  unrelated: 1\n")  # Does not shape any file's reading: kept.
    assert same_as_uncached(gsite) == 0
    gsite.configure(":\n      background_domains: [example.org]")  # Shapes the warnings about sources.
    out, parsed = check(gsite)
    assert parsed == ENTRY_FILES and "is background only" in out
    assert same_as_uncached(gsite) == 0
    gsite.configure()
    shutil.move(gsite.root / "docs", gsite.root / "content")
    gsite.write("mkdocs.yml", (gsite.root / "mkdocs.yml").read_text().replace("docs_dir: docs", "docs_dir: content"))
    assert same_as_uncached(gsite) == ENTRY_FILES
    shutil.move(gsite.root / "annotations", gsite.root / "notes-of-editors")
    gsite.configure(":\n      annotations: notes-of-editors")
    gsite.write("mkdocs.yml", (gsite.root / "mkdocs.yml").read_text().replace("docs_dir: docs", "docs_dir: content"))
    assert same_as_uncached(gsite) == ENTRY_FILES


def test_a_copy_of_the_site_elsewhere_has_its_own_cache(gsite: Site, tmp_path: Path) -> None:
    copy = Site(tmp_path / "copy")
    shutil.rmtree(copy.root)
    shutil.copytree(gsite.root, copy.root)
    assert same_as_uncached(copy) == ENTRY_FILES
    assert checkcache.cache_folder(copy.root) != checkcache.cache_folder(gsite.root)


def _shards(home: Path) -> list[Path]:
    return sorted(home.glob("mkdocs-explainer/check/*/results-*.json"))


@pytest.mark.parametrize(
    "damage",
    ["truncated", "garbage", "empty", "foreign-version", "edited-body", "wrong-shapes", "a-folder", "binary"],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(gsite: Site, cache_home: Path, damage: str) -> None:
    shards = _shards(cache_home)
    assert shards
    for shard in shards:
        data = shard.read_bytes()
        head, _, body = data.partition(b"\n")
        header = json.loads(head)
        if damage == "truncated":
            shard.write_bytes(data[: len(data) // 2])
        elif damage == "garbage":
            shard.write_text("{{{ not json")
        elif damage == "empty":
            shard.write_bytes(b"")
        elif damage == "foreign-version":
            shard.write_bytes(json.dumps({**header, "format": 0}).encode() + b"\n" + body)
        elif damage == "edited-body":  # Still valid JSON, but changed by hand: the digest no longer matches.
            shard.write_bytes(head + b"\n" + body[:-1] + b" }")
        elif damage == "wrong-shapes":  # Well-formed and stamped, but records of the wrong shape.
            records = {rel: [rec[0], [[["x"]], 5, "no"]] for rel, rec in json.loads(body).items()}
            new = json.dumps(records).encode()
            header["digest"] = checkcache._digest(new)
            shard.write_bytes(json.dumps(header).encode() + b"\n" + new)
        elif damage == "a-folder":
            shard.unlink()
            shard.mkdir()
        else:
            shard.write_bytes(os.urandom(300))
    out, parsed = check(gsite)
    assert parsed == ENTRY_FILES
    assert out == check(gsite, cache=False)[0]
    if damage != "a-folder":  # Rebuilt: the next run parses nothing.
        assert check(gsite)[1] == 0


def test_an_unwritable_cache_home_only_costs_the_reuse(gsite: Site, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = cache_home.parent / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert same_as_uncached(gsite) == ENTRY_FILES
    assert same_as_uncached(gsite) == ENTRY_FILES


def test_the_cache_is_outside_the_repository_and_one_planted_inside_is_not_read(gsite: Site, cache_home: Path) -> None:
    """A pull request can write any file of the repository, so nothing there is taken as a result."""
    before = sorted(p.relative_to(gsite.root) for p in gsite.root.rglob("*"))
    for shard in _shards(cache_home):  # A copy of a real cache, with every error turned into a warning.
        planted = gsite.root / ".cache" / "mkdocs-explainer" / "check" / shard.parent.name / shard.name
        planted.parent.mkdir(parents=True, exist_ok=True)
        planted.write_bytes(shard.read_bytes().replace(b'"error"', b'"warning"'))
    shutil.rmtree(cache_home)
    out, parsed = check(gsite)
    assert parsed == ENTRY_FILES and "error" in out
    assert sorted(p.relative_to(gsite.root) for p in gsite.root.rglob("*") if ".cache" not in p.parts) == before
    assert checkcache.cache_folder(gsite.root).is_relative_to(cache_home)


def test_a_change_to_the_checkers_code_starts_a_new_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "package"
    shutil.copytree(checkcache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(checkcache, "PACKAGE", copy)
    before = checkcache.code_digest()
    loader = copy / "core" / "loader.py"
    loader.write_text(loader.read_text() + "\n# a comment is a change too\n")
    assert checkcache.code_digest() != before


def test_the_command_uses_the_cache_unless_told_not_to(gsite: Site, cache_home: Path, tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}

    def run(*args: str, home: Path) -> str:
        env["XDG_CACHE_HOME"] = str(home)
        argv = [EXPLAINER, "check", str(gsite.root), "--today", TODAY.isoformat(), *args]
        done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0 and not done.stderr
        return done.stdout

    other = tmp_path / "other-home"
    first = run(home=other)
    assert _shards(other)
    assert run(home=other) == first == run("--no-cache", home=tmp_path / "third")
    assert not (tmp_path / "third").exists()


def test_the_steps_across_files_are_reused_only_when_nothing_they_read_changed(gsite: Site) -> None:
    assert reused_across(gsite)
    gsite.write("annotations/people/ada-lovelace.yml", person("Ada Lovelace", "[Lovelace]", "2020-02-02"))
    assert reused_across(gsite)  # A date: nothing the steps read.
    gsite.write("annotations/people/ada-lovelace.yml", person("Ada Lovelace", "[Lovelace, Ada]"))
    assert not reused_across(gsite)  # An alias.
    assert reused_across(gsite)
    gsite.page("second.md", "# Second\n\nGrace Hopper went to Lagos, Oslo and Paris.\n")
    assert not reused_across(gsite)  # An article.
    notes = (gsite.root / "annotations/notes/index.yml").read_text()
    gsite.write("annotations/notes/index.yml", notes.replace("title: T", "title: U"))
    assert not reused_across(gsite)  # A note.
    gsite.write("annotations/no-entry-needed.txt", "Grace Hopper\n")
    assert not reused_across(gsite)  # The names that need no entry.
    gsite.write("docs/people/alan-turing.md", "# A page where the entry's page goes\n")
    assert not reused_across(gsite)
    assert "this page has the path of a page the explainer plugin generates" in check(gsite)[0]
    (gsite.root / "docs/people/alan-turing.md").unlink()
    gsite.write("annotations/people/ada-lovelace.yml", person("Ada Lovelace", "[Lovelace, Ada]", extra="wikidata: Q7259\n"))
    gsite.write("annotations/people/grace-hopper.yml", person("Grace Hopper", reviewed="2027-06-01", extra="wikidata: Q7259\n"))
    assert not reused_across(gsite)
    assert "Wikidata id Q7259 is also that of" in check(gsite)[0] and reused_across(gsite)
    gsite.configure(extra="use_directory_urls: false\n")
    assert not reused_across(gsite)  # The site's settings.


def test_extensions_that_may_read_other_files_turn_the_reuse_off(gsite: Site) -> None:
    gsite.configure(extra="markdown_extensions:\n  - pymdownx.snippets\n")
    assert not reused_across(gsite) and not reused_across(gsite)
    gsite.configure(extra="markdown_extensions:\n  - toc\n  - pymdownx.superfences\n")
    assert not reused_across(gsite) and reused_across(gsite)


# -- trusting a file's `stat` without reading it (as git's index does) -----------------------------

HOUR_AGO_NS = 3_600_000_000_000


def age_files(site: Site) -> None:
    """Every annotation file's modification time an hour back, out of the racy window."""
    for file in (site.root / "annotations").rglob("*.yml"):
        st = file.stat()
        os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns - HOUR_AGO_NS))


def reads(site: Site) -> tuple[int, int]:
    """(read, parsed) of a cached check whose output equals the uncached one's."""
    result = run_check(site.root, CheckOptions(today=TODAY, cache=True, replay=False))
    assert text_of(result) == check(site, cache=False)[0]
    return result.read, result.parsed


def rewrite(file: Path, old: str, new: str) -> tuple[str, str]:
    """`file` with `old` (which it must hold) replaced by `new`: (its text before, its text after)."""
    text = file.read_text()
    assert old in text
    edited = text.replace(old, new)
    file.write_text(edited)
    return text, edited


def recorded_with_stats(gsite: Site) -> None:
    """Age every file, then check once: the files recorded as racy last time are read once more,
    and this time their `stat` is kept."""
    age_files(gsite)
    assert reads(gsite) == (ENTRY_FILES, 0)


def test_files_unchanged_by_their_stat_are_not_read(gsite: Site) -> None:
    recorded_with_stats(gsite)
    assert reads(gsite) == (0, 0)
    assert reads(gsite) == (0, 0)


def test_an_edit_that_keeps_size_and_mtime_is_caught_by_the_change_time(gsite: Site) -> None:
    recorded_with_stats(gsite)
    file = gsite.root / "annotations/people/alan-turing.yml"
    before = file.stat()
    text, edited = rewrite(file, "reviewed: 2025-01-01", "reviewed: 2026-11-11")  # Same size: stale no more.
    assert len(edited) == len(text) and edited != text
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))  # Size and mtime as recorded; ctime moved.
    assert file.stat().st_size == before.st_size
    assert reads(gsite) == (1, 1)
    assert reads(gsite) == (0, 0)


def test_a_file_edited_within_the_racy_window_is_always_read(gsite: Site) -> None:
    recorded_with_stats(gsite)
    file = gsite.root / "annotations/glossary/lagos.yml"
    text, _ = rewrite(file, "About Lagos.", "About LAGOS.")  # Just now: within the window.
    assert reads(gsite) == (1, 1)
    racy = file.stat()
    # Changed again with the same size and the very same times, as a second edit within one tick
    # of a coarse clock could leave it: the record kept no `stat`, so the file is read again.
    file.write_text(text.replace("About Lagos.", "About lagos."))
    os.utime(file, ns=(racy.st_atime_ns, racy.st_mtime_ns))
    assert reads(gsite) == (1, 1)
    assert reads(gsite) == (1, 0)  # Still within the window: read and digested, not parsed.
