"""The check prints its answer before it records it for the next check, and one check at a time
uses a site's cache (`checklock`): in a terminal the recording goes on in a detached process
(`background`), and a check started meanwhile waits for it, says so, and answers from what it
recorded; one that waits too long goes on without the cache rather than hang."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import subprocess
import time
from pathlib import Path

import pytest
from mkdocs_explainer.editors import checklock
from mkdocs_explainer.editors.check import CheckOptions, run_check
from mkdocs_explainer.editors.checkcache import cache_folder
from sitekit import Site
from test_check_cache import EXPLAINER, TODAY, cache_home, generated_site, person
from test_check_replay import age_site

__all__ = ["cache_home"]  # A fixture, used by name.
WAITING = "is still recording its answer; waiting for it"


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """The generated site, its files older than a check's racy window: an answer recorded is replayed."""
    made = generated_site(tmp_path / "site")
    age_site(made)
    return made


def command(*extra: str) -> list[str]:
    """`explainer check` of the site it runs in (paths as the site names them)."""
    return [EXPLAINER, "check", "--today", TODAY.isoformat(), *extra]


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(home), "NO_MKDOCS_2_WARNING": "1"}


def checked(site: Site, **options: object) -> tuple[str, bool]:
    """The answer of an in-process check with the cache, as lines, and whether it was replayed."""
    result = run_check(site.root, CheckOptions(today=TODAY, cache=True, **options))  # type: ignore[arg-type]
    return "\n".join(d.text() for d in result.diagnostics), result.replayed


def held(site: Site) -> checklock.Lock:
    lock = checklock.take(cache_folder(site.root), None)
    assert lock is not None
    return lock


def test_a_check_waits_for_the_one_recording_then_answers_from_its_record(site: Site, cache_home: Path) -> None:
    answer, _ = checked(site)
    lock = held(site)  # As a check still recording would hold it.
    proc = subprocess.Popen(command(), env=environment(cache_home), cwd=site.root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stderr is not None
    try:
        said = proc.stderr.readline().strip()  # Before it waits.
        assert said == f"explainer check: another check of this site (process {os.getpid()}) {WAITING}"
        time.sleep(0.3)
        assert proc.poll() is None  # Still waiting.
    finally:
        lock.release()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "Traceback" not in err
    assert out.splitlines()[:-1] == answer.splitlines()


def test_a_check_that_waits_too_long_goes_on_without_the_cache(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer, _ = checked(site)
    monkeypatch.setattr(checklock, "WAIT_S", 0.3)
    said: list[str] = []
    lock = held(site)
    try:
        again, replayed = checked(site, notice=said.append, notice_from=1)
    finally:
        lock.release()
    assert again == answer and not replayed
    assert said[0].startswith("explainer check: another check of this site (process ") and WAITING in said[0]
    assert "still waiting after 0 s" in said[1] and "checking without the cache" in said[1]
    assert said[2].startswith("explainer check: without the cache: reading all 8 person and term files")
    assert checked(site) == (answer, True)  # The cache is as the first check left it.


def test_the_lock_is_let_go_when_the_check_fails(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("a fault inside the check")

    monkeypatch.setattr("mkdocs_explainer.editors.check._checked", broken)
    with pytest.raises(RuntimeError):
        checked(site)
    held(site).release()  # Else this would wait.


def recorder(site: Site) -> int | None:
    """Once the lock is free (waiting for it, as a check would): the process that recorded last."""
    folder = cache_folder(site.root)
    with open(folder / checklock.LOCK_FILE, "rb") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        return checklock.holder(folder)


def test_without_waiting_the_answer_comes_first_and_a_detached_process_records_it(
    site: Site, cache_home: Path
) -> None:
    proc = subprocess.Popen(command("--no-wait"), env=environment(cache_home), cwd=site.root, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and err == ""
    assert recorder(site) not in (None, proc.pid)  # Another process recorded, once this one had ended.
    answer, replayed = checked(site)
    assert replayed  # It recorded the whole answer.
    assert out.splitlines()[:-1] == answer.splitlines()
    assert out.splitlines()[-1].startswith("0 errors, ")


def test_record_after_leaves_the_record_to_the_caller(site: Site) -> None:
    result = run_check(site.root, CheckOptions(today=TODAY, cache=True, record_after=True))
    assert not (cache_folder(site.root) / "replay.json").exists()  # Not yet recorded.
    lock = result.lock
    assert lock is not None
    result.record()
    result.record()  # Once only.
    assert (cache_folder(site.root) / "replay.json").is_file()
    assert checked(site)[1]


def test_an_image_changed_before_the_answer_is_recorded_is_looked_at_again(site: Site) -> None:
    """The record holds what the answer saw of the images the entries name, not what is there once
    it is written (seconds later, in a detached process): else the next check would replay an
    answer about an image that has changed since."""
    image = "image:\n  src: pictures/ada.png\n  alt: Ada\n  credit: Made for the test\n  license: CC0 1.0\n"
    site.write("annotations/people/ada-lovelace.yml", person("Ada Lovelace", "[Lovelace]", extra=image))
    age_site(site)
    result = run_check(site.root, CheckOptions(today=TODAY, cache=True, record_after=True))
    assert any("does not exist" in d.message for d in result.diagnostics)
    site.write("pictures/ada.png", "not really a picture")  # After the answer, before its record.
    result.record()
    answer, replayed = checked(site)
    assert not replayed and "is not in the docs or annotations folder" in answer and "does not exist" not in answer


def run_in_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str, int]:
    """Run `args` with its output on a pseudo-terminal, as an editor's shell does: (code, output, pid)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(args, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # The terminal closed: every process that held it ended.
                break
            if not chunk:
                break
            chunks.append(chunk)
        elif proc.poll() is not None:
            break
    os.close(leader)
    return proc.wait(timeout=60), b"".join(chunks).decode().replace("\r\n", "\n"), proc.pid


def test_in_a_terminal_the_prompt_comes_back_before_the_record_is_written(site: Site, cache_home: Path) -> None:
    code, output, pid = run_in_terminal(command(), environment(cache_home), site.root)
    assert code == 0 and "Traceback" not in output
    assert recorder(site) not in (None, pid)
    answer, replayed = checked(site)
    assert replayed
    assert output.strip().splitlines()[:-1] == answer.splitlines()
    code, again, pid = run_in_terminal(command("--wait"), environment(cache_home), site.root)
    assert code == 0 and again == output
    assert recorder(site) == pid  # --wait: it recorded itself.
