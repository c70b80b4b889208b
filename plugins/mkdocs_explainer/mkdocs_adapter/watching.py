"""`mkdocs serve`: rebuild when the annotations folder itself is deleted, moved or created.

MkDocs' server ignores events about folders, and its poller stops watching a folder for good
once the folder is gone: a deleted `annotations/` triggered no rebuild, and a recreated one was
never watched again. So the plugin also watches the folder that holds it (not recursively) and,
whenever the annotations folder disappears or appears, asks for a rebuild and watches it anew.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from .engine import plugin_logger

log = plugin_logger()


def follow(server: LiveReloadServer, folder: Path) -> None:
    """Rebuild on every change in `folder`, and when `folder` itself comes or goes."""
    folder = folder.absolute()
    changes = _Changes(server)
    if folder.is_dir():
        server.observer.schedule(changes, str(folder), recursive=True)
    if folder.parent.is_dir():
        server.observer.schedule(_Comings(server, folder, changes), str(folder.parent), recursive=False)


def _rebuild(server: LiveReloadServer) -> None:
    # The server has no public call for this; it is what its own watch callback does.
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


class _Changes(FileSystemEventHandler):
    """Any change to a file in the annotations folder."""

    def __init__(self, server: LiveReloadServer) -> None:
        self.server = server

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory and event.event_type not in ("opened", "closed", "closed_no_write"):
            _rebuild(self.server)


class _Comings(FileSystemEventHandler):
    """The annotations folder appearing in, or leaving, the folder that holds it."""

    def __init__(self, server: LiveReloadServer, folder: Path, changes: _Changes) -> None:
        self.server, self.folder, self.changes = server, folder, changes

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = {os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")}
        if str(self.folder) not in paths:
            return
        observer = self.server.observer
        # A poller whose folder was deleted has stopped: drop it, and watch a new folder afresh.
        for emitter in list(observer.emitters):
            if os.fsdecode(emitter.watch.path) == str(self.folder):
                observer.unschedule(emitter.watch)
        if self.folder.is_dir():
            observer.schedule(self.changes, str(self.folder), recursive=True)
            log.info(f"explainer: the annotations folder `{self.folder.name}` is there again; rebuilding")
        else:
            log.warning(f"explainer: the annotations folder `{self.folder.name}` is gone; rebuilding without it")
        _rebuild(self.server)
