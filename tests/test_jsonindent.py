"""`jsonindent.dumps` writes exactly what `json.dumps(…, ensure_ascii=False, indent=1)` writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs_explainer.core import jsonindent

_TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from(['"', "\\", "\n", "\x00", "\u2028", "é", "😀"]))
_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | _TEXT
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=5)
    | st.tuples(inner, inner)
    | st.dictionaries(_TEXT | st.integers() | st.booleans(), inner, max_size=5),
    max_leaves=40,
)


@settings(max_examples=400)
@given(_JSON)
def test_same_text_as_the_standard_library(data: Any) -> None:
    assert jsonindent.dumps(data) == json.dumps(data, ensure_ascii=False, indent=1)


def test_the_shapes_of_an_export() -> None:
    data = {"a": [], "b": {}, "c": [1, True, None, "x"], "d": {"e": [{"f": "ü\"\\"}]}, "g": 10**30}
    assert jsonindent.dumps(data) == json.dumps(data, ensure_ascii=False, indent=1)
