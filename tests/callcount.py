"""Counting the calls a piece of the plugin makes, for tests that assert work, never time.

`calls_in("linker.py", {"insert", "index"})` counts, while the block runs, the calls of Python
functions defined in files whose name ends with the suffix and the calls of C functions
(`list.index`, `str.find`) made from such files. With `names=None` every name is counted, so a
test can compare the total work of two input sizes. Counters may be nested.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any


@contextmanager
def calls_in(suffix: str, names: set[str] | None = None) -> Iterator[Counter[str]]:
    counts: Counter[str] = Counter(dict.fromkeys(names or (), 0))
    outer = sys.getprofile()  # Nested counters each see every call.

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if outer is not None:
            outer(frame, event, arg)
        if not frame.f_code.co_filename.endswith(suffix):
            return  # e.g. Python-Markdown's own inline processing inserts an element per `*said*`
        if event == "c_call":
            name = arg.__name__
        elif event == "call":
            name = frame.f_code.co_name
        else:
            return
        if names is None or name in names:
            counts[name] += 1

    sys.setprofile(profile)
    try:
        yield counts
    finally:
        sys.setprofile(outer)
