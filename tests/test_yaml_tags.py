"""The strict reader's own tag resolution (`yamlnodes._Loader`) gives every node PyYAML's tag.

It replaces PyYAML's general resolver for speed; these cases are the YAML 1.1 classes the walker's
messages depend on (booleans, nulls, numbers, dates, merge and value keys), written plain, quoted
and as keys, in mappings and lists, so a difference in any one of them shows.
"""

from __future__ import annotations

import re

import yaml
from mkdocs_explainer.core import yamlnodes

PLAIN = [
    "yes", "No", "ON", "off", "y", "n", "true", "False", "~", "null", "Null", "", "0", "-1", "+7",
    "0x1F", "0o17", "0b101", "1_000", "12:30", "3.5", ".inf", "-.Inf", ".nan", "1e3", "2026-02-04",
    "2026-02-04T10:00:00Z", "2026-2-4", "<<", "=", "Zaporizhzhia NPP", "Donbas", "9 to 5", "1st",
    "+", ".", "O'Brien", "é", "Y2K", "no-show", "Not yet",
]  # fmt: skip


def _tags(node: yaml.Node) -> list[tuple[str, str | None]]:
    """Every node's tag, in document order, with each scalar's value."""
    if isinstance(node, yaml.ScalarNode):
        return [(node.tag, node.value)]
    out: list[tuple[str, str | None]] = [(node.tag, None)]
    for item in node.value:
        for part in item if isinstance(item, tuple) else (item,):
            out += _tags(part)
    return out


def _document() -> str:
    lines = [f"k{i}: {value}" for i, value in enumerate(PLAIN)]
    lines += [f"q{i}: " + "'" + value.replace("'", "''") + "'" for i, value in enumerate(PLAIN)]
    lines += ["list:"] + [f"  - {value}" for value in PLAIN]
    lines += [f"{value}: key" for value in PLAIN if value and value not in ("~", "<<")]
    lines += ["flow: [yes, 1, 'no', {a: ~}]", "block: |", "  yes", "folded: >-", "  12:30"]
    return "\n".join(lines) + "\n"


def test_every_node_gets_pyyaml_s_own_tag() -> None:
    text = _document()
    ours = yaml.compose(text, Loader=yamlnodes._Loader)
    theirs = yaml.compose(text, Loader=yaml.SafeLoader)
    assert ours is not None and theirs is not None
    assert _tags(ours) == _tags(theirs)
    assert ("tag:yaml.org,2002:bool", "ON") in _tags(ours)  # The classes above are really there.
    assert ("tag:yaml.org,2002:timestamp", "2026-02-04") in _tags(ours)


def test_a_resolver_added_to_pyyaml_at_run_time_does_not_change_an_editor_s_file() -> None:
    class Other(yaml.SafeLoader):
        pass

    # What another package might do to its own loader: ours reads the table PyYAML ships.
    Other.add_implicit_resolver("tag:example,2026:shout", re.compile(r"^[A-Z]+$"), list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    node = yaml.compose("name: NATO\n", Loader=yamlnodes._Loader)
    assert isinstance(node, yaml.MappingNode)
    assert node.value[0][1].tag == "tag:yaml.org,2002:str"
