"""A YAML 1.2 (core schema) reader for tests: what editors' tools see when they apply our JSON Schemas.

VS Code's YAML extension (yaml-language-server) and check-jsonschema read YAML 1.2. PyYAML reads
YAML 1.1, where `no`, `on`, `yes` are booleans, `12:30` is a number and `2026-02-04` is a date
object, none of which is JSON. This loader keeps PyYAML's parser and swaps the 1.1 resolvers for
the 1.2 core schema: only `true`/`false` (any case style) are booleans, only `~`/`null`/empty are
null, numbers are plain decimal/octal/hex/float, and there are no timestamps, so a date stays the
string `2026-02-04` that the schemas' date pattern checks. Duplicate keys are an error, as YAML 1.2
says and editors' tools report.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode


class Yaml12Loader(yaml.SafeLoader):
    yaml_implicit_resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
            if key in seen:
                raise ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_CORE = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]
for _tag, _pattern, _first in _CORE:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def load(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)
