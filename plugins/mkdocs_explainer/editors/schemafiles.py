"""The JSON Schemas under schemas/, written from `schema.json_schema` and compared with it."""

from __future__ import annotations

import json
from pathlib import Path

from ..core.schema import FILE_SHAPES, json_schema


def schema_text(kind: str) -> str:
    """The exact text of schemas/<kind>.schema.json."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def expected_files() -> dict[str, str]:
    """File name → text, for every kind of annotation file."""
    return {f"{kind}.schema.json": schema_text(kind) for kind in FILE_SHAPES}


def stale_files(folder: Path) -> list[str]:
    """Names of schema files in `folder` that are missing or differ from the generated ones."""
    stale = []
    for name, text in expected_files().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def write_files(folder: Path) -> list[str]:
    """Write every schema into `folder`; return the names of those that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = stale_files(folder)
    for name in changed:
        (folder / name).write_text(expected_files()[name], encoding="utf-8")
    return changed
