"""A build killed (kill -9) or interrupted (Ctrl-C) at any point never loses the published site.

Each case starts from a copy of one built site, changes the article, and runs `mkdocs build` with
a hook (tests/fixtures/hooks/pause.py) that holds it still at one point, including between the two
renames of the swap; the test then signals it. Right after, the site is the old one or the complete
new one, never a mixture, or (killed between the renames) moved aside whole. The next build, whose
annotations are broken so that it fails, must put the site back and delete every leftover folder.
The builds that are not interrupted run in this process, which is faster.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import engine
import pytest
from sitekit import Site
from test_build_safety import tree_digest

HOOK = Path(__file__).parent / "fixtures" / "hooks" / "pause.py"
OLD_TEXT = "# Home\n\nUmerov met people in Kyiv.\n"
NEW_TEXT = "# Home\n\nUmerov met people in Kyiv again.\n"
HOOKS = f"hooks:\n  - {HOOK}\n"
TIMEOUT = 60.0


def pages(folder: Path) -> dict[str, str]:
    """Digest of a built site without the sitemap, which carries the build date."""
    return {k: v for k, v in tree_digest(folder).items() if "sitemap" not in k}


def signal_state() -> str:
    """What this process passes on to a child about Ctrl-C: a child that starts with SIGINT
    blocked or ignored never sees it (a build then ends with 0), and the message says so."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    return f"\n(test process: SIGINT handler {signal.getsignal(signal.SIGINT)!r}, blocked {sorted(s.name for s in blocked)})"


@contextmanager
def ctrl_c_passed_on() -> Iterator[None]:
    """A test runner started in the background by a shell without job control ignores SIGINT, and
    a child inherits an ignored signal (exec resets only handled ones to their default), so its
    build would never see the Ctrl-C. Handled here while the child starts, it reaches the child
    as a terminal's Ctrl-C does."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if ".explainer-" in p.name)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A built site (with the old text) to copy, and the digests of the old and the new site."""
    site = Site(tmp_path_factory.mktemp("reference") / "src")
    site.person("rustem-umerov", "Rustem Umerov", ["Umerov"])
    site.term("kyiv", "Kyiv")
    site.page("index.md", NEW_TEXT)
    assert site.build().ok
    new = pages(site.root / "site")
    site.page("index.md", OLD_TEXT)
    assert site.build().ok
    return site.root, pages(site.root / "site"), new

CASES = [
    # (pause point, signal, what `site/` holds right after the signal). A half-written staging
    # folder (`page`) and a complete one (`post_build`) stand for every moment of the build.
    ("page", signal.SIGKILL, "old"),
    ("post_build", signal.SIGKILL, "old"),
    ("between_renames", signal.SIGKILL, "moved aside"),
    ("after_swap", signal.SIGKILL, "new"),
    ("post_build", signal.SIGINT, "old"),
    # Ctrl-C during the swap takes effect once the swap is done.
    ("between_renames", signal.SIGINT, "new"),
]


@pytest.mark.parametrize(("point", "sig", "state"), CASES, ids=[f"{c[1].name}-{c[0]}" for c in CASES])
def test_interrupted_build_keeps_a_complete_site(
    reference: tuple[Path, dict[str, str], dict[str, str]], tmp_path: Path, point: str, sig: int, state: str
) -> None:
    source, old, new = reference
    root = tmp_path / "src"
    shutil.copytree(source, root, symlinks=True)
    site = Site(root)
    site.configure(extra=HOOKS)
    site.page("index.md", NEW_TEXT)
    pause_dir = tmp_path / "pause"
    pause_dir.mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XP_PAUSE_AT": point, "XP_PAUSE_DIR": str(pause_dir)}
    with (tmp_path / "out.txt").open("w") as out:
        with ctrl_c_passed_on():
            proc = subprocess.Popen(
                engine.command("build"), cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        try:
            deadline = time.monotonic() + TIMEOUT
            while not (pause_dir / "paused").exists():
                assert proc.poll() is None, (tmp_path / "out.txt").read_text()
                assert time.monotonic() < deadline, f"the build never reached {point}"
                time.sleep(0.02)
            proc.send_signal(sig)
            (pause_dir / "go").touch()
            proc.wait(timeout=TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=TIMEOUT)
    output = (tmp_path / "out.txt").read_text()
    assert proc.returncode != 0, output + signal_state()
    assert "Traceback" not in output

    if state == "moved aside":
        assert not (root / "site").exists()
        (aside,) = [p for p in root.iterdir() if ".explainer-old-" in p.name]
        assert pages(aside) == old
    else:
        # Killed right after the swap, the complete new site still holds the staging marker.
        now = {k: v for k, v in pages(root / "site").items() if k != ".explainer-staging.json"}
        assert now == (old if state == "old" else new)
    if sig == signal.SIGINT:
        # Ctrl-C: the build cleans up after itself before it exits.
        assert leftovers(root) == []

    # The next build fails on a broken annotation, after repairing what the dead one left. It runs
    # in this process (faster), without the hook, which would patch `os.rename` here too.
    site.configure()
    site.write("annotations/glossary/kyiv.yml", "term: Kyiv\n")
    result = site.build()
    assert not result.ok
    assert "annotations/glossary/kyiv.yml:1:1: error: missing required key" in result.error
    assert pages(root / "site") == (new if state == "new" else old)
    assert not (root / "site" / ".explainer-staging.json").exists()
    assert leftovers(root) == []
    # A build in this process leaves the signal mask as it found it (the swap blocks Ctrl-C).
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
