"""Work left to a process of its own, so that the command's prompt comes back at once.

`explainer check` in a terminal prints its answer, then leaves the recording of it for the next
check (seconds at 100,000 entries) to a detached process, as `git gc --auto` does: the editor reads
the answer meanwhile, and a check started before the recording ends waits for it (`checklock`).
The process is a grandchild in a session of its own (no zombie for a caller that lives on, no
Ctrl-C from the terminal), with standard input and output on the null device: it prints nothing,
and an error in it costs only the next check's speed, never a file half written (`checkcache`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from .checkshare import can_fork


def detached(work: Callable[[], None]) -> bool:
    """Run `work` in a detached process and return at once: True if it runs there, False if this
    system cannot fork (the caller then runs it itself)."""
    if not can_fork():  # Windows, or another thread that could hold a lock the child would need.
        return False
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # Else what is buffered would be written twice, once by each process.
    try:
        child = os.fork()
    except OSError:
        return False
    if child:
        os.waitpid(child, 0)  # The child forks again and ends at once.
        return True
    code = 0
    try:
        os.setsid()
        if os.fork():
            os._exit(0)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        work()
    except BaseException:
        code = 1
    finally:
        os._exit(code)
