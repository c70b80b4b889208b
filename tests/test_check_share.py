"""`explainer check` sharing its files with a second process (`checkshare`): it prints what one process prints.

Each test lowers the number of files that makes the check share (`share_from`) so that a small
generated site is shared, and compares the output with a check in one process without the cache
(the reference), byte for byte. The child's failures and a file changed after the child read it
are made to happen for real, in the forked child.
"""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from callcount import calls_in
from mkdocs_explainer.editors import check as check_module
from mkdocs_explainer.editors import checkshare
from mkdocs_explainer.editors.check import CheckOptions, CheckResult, run_check
from sitekit import Site
from test_check_cache import TODAY, cache_home, generated_site, person, term, text_of
from test_check_replay import age_site, rsite
from test_check_wide import _random_edit

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="sharing needs os.fork")
Finish = Callable[..., None]
__all__ = ["cache_home", "rsite"]  # Fixtures, used by name.


def shared_run(site: Site, cache: bool, replay: bool = True, jobs: int = 2) -> CheckResult:
    """A check that shares any file to parse, asserted to print what one process without the cache prints."""
    shared = run_check(site.root, CheckOptions(today=TODAY, cache=cache, replay=replay, jobs=jobs, share_from=1))
    alone = run_check(site.root, CheckOptions(today=TODAY, jobs=1))
    assert alone.shared == 0
    assert text_of(shared) == text_of(alone)
    return shared


REAL_CAN_FORK = checkshare.can_fork


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two files at a time: the child's first two are taken before it starts, so it reads some.
    And a fork even where an earlier test in this process left a thread running (a server's, say):
    the child runs only the check's own code, and the locks it takes (logging's, the import
    system's) are made anew in a forked child."""
    monkeypatch.setattr(checkshare, "BATCH", 2)
    monkeypatch.setattr(checkshare, "can_fork", lambda: hasattr(os, "fork"))


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """The generated site (8 person and term files, warnings of every kind), with errors added:
    a YAML error, a missing key, and two files that give one name (caught across the two processes)."""
    out = generated_site(tmp_path / "site")
    out.write("annotations/people/broken-yaml.yml", person("Broken Yaml").replace("aliases: []", "aliases: [oops"))
    out.write("annotations/glossary/no-kind.yml", term("No Kind").replace("kind: place\n", ""))
    out.write("annotations/people/ada-twin.yml", person("Ada Lovelace"))
    return out


def test_without_the_cache_the_files_are_shared_and_nothing_is_kept(site: Site, cache_home: Path) -> None:
    result = shared_run(site, cache=False)
    assert 2 <= result.shared <= 11
    assert not cache_home.exists() or not any(cache_home.rglob("*.json"))


def test_with_the_cache_cold_then_warm_then_edited(site: Site) -> None:
    age_site(site)
    cold = shared_run(site, cache=True, replay=False)
    assert cold.shared >= 2
    assert cold.parsed == cold.read == 11  # Each file read and parsed once, here or in the child.
    warm = shared_run(site, cache=True, replay=False)  # Every record matches by `stat`: nothing to share.
    assert (warm.shared, warm.parsed) == (0, 0)
    for name in ("Ada Lovelace", "Alan Turing", "Grace Hopper"):
        slug = name.lower().replace(" ", "-")
        site.write(f"annotations/people/{slug}.yml", person(name, reviewed="2026-10-02"))
    edited = shared_run(site, cache=True, replay=False)
    assert edited.shared >= 2
    assert edited.parsed == 3
    assert shared_run(site, cache=True, replay=False).parsed == 0  # The child's records were kept.
    assert shared_run(site, cache=True).replayed is False  # No answer recorded without `replay`...
    assert shared_run(site, cache=True).replayed is True  # ... and then the last one is replayed.


def _child_does(monkeypatch: pytest.MonkeyPatch, after: Callable[[Finish, object, Path], None]) -> None:
    """Make the child call `after(finish, records, file)` instead of `_finish(..., records, file)`."""
    real = check_module._finish

    def finish(*args: object) -> None:
        *head, records, file = args
        after(lambda: real(*head, records, file), records, file)  # type: ignore[arg-type]

    monkeypatch.setattr(check_module, "_finish", finish)


def test_a_child_that_fails_costs_time_only(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(finish: Finish, records: object, file: Path) -> None:
        raise RuntimeError("the child fails")

    _child_does(monkeypatch, fail)
    assert shared_run(site, cache=False).shared == 0
    assert shared_run(site, cache=True).shared == 0


def test_a_child_killed_costs_time_only(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    def die(finish: Finish, records: object, file: Path) -> None:
        os.kill(os.getpid(), 9)

    _child_does(monkeypatch, die)
    assert shared_run(site, cache=True).shared == 0


@pytest.mark.parametrize("cache", [False, True])
def test_files_changed_after_the_child_read_them_are_read_again(site: Site, monkeypatch: pytest.MonkeyPatch, cache: bool) -> None:
    def change(finish: Finish, records: object, file: Path) -> None:
        finish()  # Its record made, the file changes: another size, a YAML error.
        file.write_text(person("Someone Else").replace("role:", "role: [") + "# changed\n", encoding="utf-8")

    with monkeypatch.context() as patched:
        _child_does(patched, change)
        result = shared_run(site, cache=cache)  # The reference runs after the change: it sees the new text.
    changed = [f for f in site.root.glob("annotations/*/*.yml") if f.read_text(encoding="utf-8").endswith("# changed\n")]
    assert result.shared == len(changed) >= 2
    out = text_of(result)
    for file in changed:
        assert f"annotations/{file.parent.name}/{file.name}:" in out
    if cache:
        assert shared_run(site, cache=True, replay=False).parsed == 0  # What was kept is the new text's.


def test_one_process_when_asked_or_when_few_files_need_reading(site: Site) -> None:
    assert run_check(site.root, CheckOptions(today=TODAY, jobs=1, share_from=1)).shared == 0
    assert run_check(site.root, CheckOptions(today=TODAY, jobs=2)).shared == 0  # 11 files: fewer than SHARE_FROM


def test_a_process_with_another_thread_does_not_fork(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkshare, "can_fork", REAL_CAN_FORK)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert shared_run(site, cache=False).shared == 0
    finally:
        stop.set()
        other.join()


def test_a_failure_in_the_parent_ends_the_child(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs_explainer.core.loader import AnnotationLoader

    real = AnnotationLoader.parse_file
    parent = os.getpid()
    children: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        children.extend([pid] if pid else [])
        return pid

    def parse_file(self: AnnotationLoader, path: Path) -> object:
        if os.getpid() == parent:
            raise KeyboardInterrupt
        return real(self, path)

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(AnnotationLoader, "parse_file", parse_file)
    with pytest.raises(KeyboardInterrupt):
        run_check(site.root, CheckOptions(today=TODAY, jobs=2, share_from=1))
    (child,) = children
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # Already waited for: killed and reaped.


@pytest.mark.parametrize("seed", range(int(os.environ.get("XP_SEEDS", "3"))))
def test_random_edits_shared_give_what_one_process_gives(rsite: Site, seed: int) -> None:
    """The wide replay's random edits (names the articles use or not, renames, deletions, Wikidata
    ids, articles), each checked with the cache and shared, and without the cache shared."""
    rng = random.Random(seed)
    for _ in range(6):
        _random_edit(rsite, rng)
        age_site(rsite)
        shared_run(rsite, cache=True)
        shared_run(rsite, cache=rng.random() < 0.5, replay=False)


def test_no_shared_memory_means_one_process(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    def refused(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "no /dev/shm here")

    monkeypatch.setattr(multiprocessing, "Lock", refused)
    assert shared_run(site, cache=False).shared == 0


@pytest.mark.parametrize("cache", [False, True])
def test_more_processes_each_read_some(site: Site, cache: bool) -> None:
    result = shared_run(site, cache=cache, jobs=4)  # Three children, each given two files first.
    assert result.shared >= 6
    assert result.parsed == 11 or not cache


def test_the_check_takes_no_more_stats_shared_than_alone(site: Site) -> None:
    """The files the check parsed while the child read its own are not asked for their `stat`
    again when the loader goes through the folder's files in order (`AnnotationLoader.load`'s
    `early`): sharing adds no system call per file in the check's own process."""
    options = CheckOptions(today=TODAY, jobs=2, share_from=1)
    with calls_in("safefiles.py", {"file_stat"}) as shared:
        result = run_check(site.root, options)
    with calls_in("safefiles.py", {"file_stat"}) as alone:
        run_check(site.root, CheckOptions(today=TODAY, jobs=1))
    assert result.shared >= 2
    assert shared["file_stat"] == alone["file_stat"] > 11
