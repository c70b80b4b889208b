"""`mkdocs serve` notices the annotations folder itself being deleted and created again.

MkDocs' own watcher ignores folder events and stops for good once a watched folder is gone.
Both set-ups are tried: the plugin's own watch alone, and the folder also listed under `watch`
in mkdocs.yml (as in the shipped site), where MkDocs refuses the configuration while it is gone.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitekit import Site
from test_serve import CHANGE_TIMEOUT, PERSON, START_TIMEOUT, Server, edit, person


@pytest.fixture(params=["plugin-watch", "config-watch"])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Site, Server, str]]:
    site = Site(tmp_path / "site")
    if request.param == "config-watch":
        site.configure(extra="watch:\n  - annotations\n")
    site.page("index.md", "# Home\n\nRustem Umerov led the Ukrainian team.\n")
    site.write(PERSON, person("First summary."))
    server = Server(site.root, tmp_path / "tmp")
    try:
        yield site, server, request.param
    finally:
        server.stop()


def test_deleted_and_recreated_annotations_folder(served: tuple[Site, Server, str]) -> None:
    site, server, how = served
    server.wait_for("the first build", server.page_shows("First summary."), START_TIMEOUT)

    before = len(server.lines)
    shutil.rmtree(site.root / "annotations")
    gone = "explainer: the annotations folder `annotations` is gone; rebuilding without it"
    # The rebuild then reports the missing folder: the plugin, or MkDocs checking `watch`.
    why = "annotations:1:1: error: the annotations folder does not exist"
    if how == "config-watch":
        why = "annotations' isn't an existing file or directory"

    def reported() -> bool:
        out = "".join(server.lines[before:])
        return gone in out and why in out.split(gone, 1)[1]

    server.wait_for("the message that the folder is gone", reported, CHANGE_TIMEOUT)
    assert "Traceback" not in "".join(server.lines[before:])

    site.write(PERSON, person("Recreated summary."))
    server.wait_for("the recreated folder", server.page_shows("Recreated summary."), CHANGE_TIMEOUT)
    # The new folder is watched, not only noticed once.
    edit(site, PERSON, person("Edited summary."))
    server.wait_for("an edit in the recreated folder", server.page_shows("Edited summary."), CHANGE_TIMEOUT)
    assert "Traceback" not in server.output
