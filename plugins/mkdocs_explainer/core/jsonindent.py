"""Indented JSON, the bytes `json.dumps(data, ensure_ascii=False, indent=1)` writes, about twice as fast.

With `indent`, the standard library encodes in pure Python (a generator per container, several
type checks per value); the site-wide exports are megabytes of it on every build. This writes the
same text with the C string encoder and one list of pieces. Only what JSON has natively (str, int,
bool, None, list, tuple, dict with str keys) takes the fast path; anything else goes to `json.dumps`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any


class _Other(Exception):
    """A value the fast path does not write exactly as `json.dumps` would (floats, other keys)."""


def dumps(data: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=1)`."""
    try:
        return _fast(data)
    except (_Other, RecursionError):
        return json.dumps(data, ensure_ascii=False, indent=1)


def _fast(data: Any) -> str:
    out: list[str] = []
    _value(data, "", out.append)
    return "".join(out)


# A module-level function, not a closure inside `_fast`: a recursive closure is a reference cycle
# (the function holds its own cell), which kept every call's list of pieces alive until the
# collector ran: megabytes while the exports were written an item at a time.
def _value(o: Any, indent: str, put: Callable[[str], None]) -> None:
    if isinstance(o, str):
        put(encode_basestring(o))
    elif o is None:
        put("null")
    elif o is True:
        put("true")
    elif o is False:
        put("false")
    elif isinstance(o, int):
        put(int.__repr__(o))
    elif isinstance(o, (list, tuple, dict)):
        keyed = isinstance(o, dict)
        opening, closing = ("{", "}") if keyed else ("[", "]")
        if not o:
            put(opening + closing)
            return
        inner = indent + " "
        between = ",\n" + inner
        put(opening + "\n" + inner)
        # A list item is paired with itself (its "key" is never read).
        pairs = o.items() if isinstance(o, dict) else zip(o, o, strict=True)
        for i, (key, item) in enumerate(pairs):
            if i:
                put(between)
            if keyed:
                if not isinstance(key, str):
                    raise _Other
                put(encode_basestring(key))
                put(": ")
            _value(item, inner, put)
        put("\n" + indent + closing)
    else:
        raise _Other
