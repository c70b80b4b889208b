"""Live preview: `mkdocs serve` follows annotation edits, survives a broken one, recovers on the fix.

While a rebuild is failing, MkDocs' own server holds new page requests until the next good
build ("the server will appear stuck until build errors are resolved"); pages already open in
a browser stay as they were. So during the broken state this test looks at the site the
server serves from disk (its folder is made under our TMPDIR) instead of asking over HTTP.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import engine
import pytest
from sitekit import Site, i18n_plugin

PERSON = "annotations/people/rustem-umerov.yml"
ENTRY_PAGE = "people/rustem-umerov/"
START_TIMEOUT = 120.0
"""The first build (Material theme, a cold machine shared with other jobs) may take a while."""
CHANGE_TIMEOUT = 60.0


def person(summary: str, reviewed: str = "2026-11-29") -> str:
    return f"""\
# yaml-language-server: $schema=../../schemas/person.schema.json
name: Rustem Umerov
role:
  title: Secretary of the National Security and Defence Council of Ukraine
  as_of: 2026-02-04
summary: {summary}
sources:
  - title: Rustem Umerov — Wikipedia
    url: https://en.wikipedia.org/wiki/Rustem_Umerov
reviewed: {reviewed}
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """A `mkdocs serve` process whose output is collected by a thread, so the pipe never fills."""

    def __init__(self, root: Path, tmp: Path, *args: str) -> None:
        self.port = free_port()
        self.tmp = tmp
        tmp.mkdir()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmp)}
        self.proc = subprocess.Popen(
            [*engine.command("serve"), "--dev-addr", f"127.0.0.1:{self.port}", *args],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, ""
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, ""

    def wait_for(self, what: str, done: Callable[[], bool], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"mkdocs serve exited ({self.proc.returncode}) waiting for {what}:\n{self.output}")
            if done():
                return
            time.sleep(0.3)
        pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}; server output:\n{self.output}")

    def served_file(self, rel: str) -> str:
        """A file of the site the server serves, read from its folder (`mkdocs_*` in TMPDIR)."""
        (folder,) = self.tmp.glob("mkdocs_*")
        return (folder / rel).read_text(encoding="utf-8")

    def page_shows(self, text: str) -> Callable[[], bool]:
        def check() -> bool:
            status, body = self.get(ENTRY_PAGE)
            return status == 200 and text in body

        return check

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)
        self.reader.join(timeout=5)


# `make serve` runs `--dirty` (incremental rebuilds); `make serve FULL=1` the plain command.
@pytest.fixture(params=["--dirty", "full"])
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Site, Server]]:
    site = Site(tmp_path / "site")
    # As in the shipped mkdocs.yml: MkDocs watches docs/ and mkdocs.yml; annotations/ is added here.
    site.configure(extra="watch:\n  - annotations\n")
    site.page("index.md", "# Home\n\nRustem Umerov led the Ukrainian team.\n")
    site.write(PERSON, person("First summary."))
    server = Server(site.root, tmp_path / "tmp", *([] if request.param == "full" else [request.param]))
    try:
        yield site, server
    finally:
        server.stop()


def edit(site: Site, rel: str, text: str) -> None:
    path = site.root / rel
    path.write_text(text, encoding="utf-8")
    # Some file systems keep whole-second times: make sure the loader sees a new stamp.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_serve_follows_annotation_edits_and_survives_a_broken_one(served: tuple[Site, Server]) -> None:
    site, server = served
    server.wait_for("the first build", server.page_shows("First summary."), START_TIMEOUT)

    edit(site, PERSON, person("Second summary."))
    server.wait_for("the edited summary", server.page_shows("Second summary."), CHANGE_TIMEOUT)

    before = len(server.lines)
    edit(site, PERSON, person("Broken summary.", reviewed="soon"))
    message = f"{PERSON}:10:11: error: `reviewed` should be a date written YYYY-MM-DD, not `soon`"
    server.wait_for("the error in the output", lambda: message in "".join(server.lines[before:]), CHANGE_TIMEOUT)
    time.sleep(1.0)  # let a (wrong) rebuild finish, if one were to happen
    assert server.proc.poll() is None, "the server must keep running after a broken edit"
    page = server.served_file(ENTRY_PAGE + "index.html")
    assert "Second summary." in page, "the last good site stays in place"
    assert "Broken summary." not in page

    edit(site, PERSON, person("Third summary."))
    server.wait_for("the fixed summary", server.page_shows("Third summary."), CHANGE_TIMEOUT)
    status, home = server.get("")
    assert status == 200
    assert "Third summary." in home, "the article's hover card follows the entry"


def test_serve_with_i18n_rebuilds_every_language_s_entry_pages(tmp_path: Path) -> None:
    """mkdocs-static-i18n builds each language inside the preview's build: each keeps its own pages."""
    site = Site(tmp_path / "site")
    site.configure(extra="watch:\n  - annotations\n")
    yml = site.root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  - search\n", "  - search\n" + i18n_plugin("en", "fr")))
    site.page("index.md", "# Home\n\nRustem Umerov led the Ukrainian team.\n")
    site.page("index.fr.md", "# Accueil\n\nRustem Umerov menait l'équipe.\n")
    site.write(PERSON, person("First summary."))
    server = Server(site.root, tmp_path / "tmp")

    def shows(path: str, *texts: str) -> Callable[[], bool]:
        def check() -> bool:
            status, body = server.get(path)
            return status == 200 and all(text in body for text in texts)

        return check

    try:
        server.wait_for("the first build", shows(f"fr/{ENTRY_PAGE}", "First summary.", "Cité dans"), START_TIMEOUT)
        edit(site, PERSON, person("Second summary."))
        for path, heading in ((ENTRY_PAGE, "Mentioned in"), (f"fr/{ENTRY_PAGE}", "Cité dans")):
            server.wait_for(f"the edit on {path}", shows(path, "Second summary.", heading), CHANGE_TIMEOUT)
        assert re.search(r'<h3 class="xp-backlink-article">Accueil</h3>', server.get(f"fr/{ENTRY_PAGE}")[1])
        assert "Accueil" not in server.get(ENTRY_PAGE)[1]
    finally:
        server.stop()
