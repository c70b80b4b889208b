"""Under `mkdocs serve`: the garbage collector's full passes done between rebuilds, not during them.

A preview server keeps a whole site's state across rebuilds (the tracker's snapshots, every
page's name searches, linked texts: millions of objects at 500 articles). Each rebuild makes
enough new objects that Python's collector runs a full pass over all of them, 0.6-0.9 s of a
rebuild at 500 x 2,000 spent proving that the kept state is still alive. So, shortly after a
build has returned, a thread collects everything once and then freezes what survived
(`gc.freeze`: the collector no longer looks at it): the next rebuild's passes see only what it
makes itself. Before collecting, the thread unfreezes the last build's state, so the garbage
of one rebuild is freed by the next idle collection, and none is kept for good.

A build that starts while the thread collects waits for it (the collection holds the
interpreter); a collection due while a build runs is left to the end of that build.
"""

from __future__ import annotations

import gc
import threading

DELAY = 0.5
"""Seconds after a build before collecting: the browser's reload is served first."""


class IdleCollector:
    def __init__(self) -> None:
        self.building = False
        self._timer: threading.Timer | None = None
        self.idle = threading.Event()
        """Set while no collection is due or running (the benchmark waits for it, as an editor would)."""
        self.idle.set()
        self.collections = 0

    def build_started(self) -> None:
        self.building = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.idle.set()

    def build_ended(self) -> None:
        self.building = False
        self.idle.clear()
        self._timer = threading.Timer(DELAY, self._collect)
        self._timer.name = "explainer-idle-gc"
        self._timer.daemon = True  # A server that stops need not collect first.
        self._timer.start()

    def _collect(self) -> None:
        try:
            if not self.building:
                gc.unfreeze()
                gc.collect()
                gc.freeze()
                self.collections += 1
        finally:
            self.idle.set()
