"""The package's three parts and what each may import: the engine boundary, held by reading the code.

`core/` (the annotation core) imports the standard library, itself and a few libraries, and never
MkDocs, ProperDocs, a theme, the adapter or the editors' tools; `mkdocs_adapter/` never imports the
editors' tools; `editors/` never imports the plugin's hooks. Every import counts, wherever it is
written (inside a function, under `TYPE_CHECKING`), and so does a module named to `importlib`.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "mkdocs_explainer"
PARTS = ("core", "mkdocs_adapter", "editors")
CORE_LIBRARIES = {"yaml", "markdown_it", "nh3", "ahocorasick", "jinja2", "markupsafe", "markdown"}
"""The third-party libraries the core uses, exactly. `markdown` (Python-Markdown, which the linking
extension plugs into) and `markupsafe` come with MkDocs and Jinja today; any engine that runs
Python-Markdown extensions has them."""
ENGINES = {"mkdocs", "properdocs", "material"}


@dataclass(frozen=True, slots=True)
class Import:
    path: Path
    line: int
    target: str
    """Absolute, dotted: `mkdocs.structure.files`, `mkdocs_explainer.core.model`."""

    def __str__(self) -> str:
        return f"{self.path.relative_to(PACKAGE.parent)}:{self.line}: imports {self.target}"


def imports_of(path: Path, source: str | None = None) -> list[Import]:
    """Every module the file names in an import, resolved against its package."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"), str(path))
    package = ["mkdocs_explainer", *path.parent.relative_to(PACKAGE).parts]
    out: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [Import(path, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                base = ".".join([*package[: len(package) - node.level + 1], *([node.module] if node.module else [])])
            if node.module is None:
                out += [Import(path, node.lineno, f"{base}.{alias.name}") for alias in node.names]
            else:
                out.append(Import(path, node.lineno, base))
        elif isinstance(node, ast.Call) and _dynamic_import(node):
            first = node.args[0] if node.args else None
            named = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else "<computed>"
            out.append(Import(path, node.lineno, named))
    return out


def _dynamic_import(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("import_module", "__import__")


def modules(part: str) -> list[Path]:
    return sorted((PACKAGE / part).rglob("*.py"))


def part_of(target: str) -> str | None:
    """The part of the package a module is in ("" for the package's own top level), or None outside it."""
    head, _, rest = target.partition(".")
    if head != "mkdocs_explainer":
        return None
    part = rest.partition(".")[0]
    return part if part in PARTS else ""


def core_problem(imp: Import) -> str | None:
    """Why the core may not import this, or None if it may."""
    top = imp.target.partition(".")[0]
    part = part_of(imp.target)
    if top in ENGINES:
        return "the core imports nothing from an engine or a theme; move this code to mkdocs_adapter/"
    if part is not None and part != "core":
        return "the core imports nothing from the other parts (nor the package's top level)"
    if part is None and top not in sys.stdlib_module_names and top not in CORE_LIBRARIES:
        return f"not one of the core's libraries ({', '.join(sorted(CORE_LIBRARIES))})"
    return None


def test_the_parts_hold_every_module() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py"], "a module belongs in core/, mkdocs_adapter/ or editors/"
    for part in PARTS:
        assert (PACKAGE / part / "__init__.py").is_file()


def test_core_imports_no_engine_and_no_other_part() -> None:
    wrong = [f"{imp}: {why}" for path in modules("core") for imp in imports_of(path) if (why := core_problem(imp))]
    assert wrong == []


def test_core_libraries_are_the_ones_it_uses() -> None:
    used = {imp.target.partition(".")[0] for path in modules("core") for imp in imports_of(path)}
    assert used - set(sys.stdlib_module_names) - {"mkdocs_explainer"} == CORE_LIBRARIES


def test_adapter_does_not_import_the_editors_tools() -> None:
    wrong = [str(imp) for path in modules("mkdocs_adapter") for imp in imports_of(path) if part_of(imp.target) == "editors"]
    assert wrong == []


def test_editors_do_not_import_the_plugin() -> None:
    plugin = "mkdocs_explainer.mkdocs_adapter.plugin"
    wrong = [
        str(imp)
        for path in modules("editors")
        for imp in imports_of(path)
        if imp.target == plugin or imp.target.startswith(plugin + ".")
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "added",
    [
        "import mkdocs",
        "from mkdocs.structure.files import File",
        "import properdocs.plugins",
        "from material.plugins import blog",
        "from ..mkdocs_adapter.config import ExplainerConfig",
        "from ..editors import check",
        "from .. import ExplainerPlugin",
        "import mkdocs_explainer.mkdocs_adapter.plugin",
        "import importlib\nimportlib.import_module('mkdocs')",
        "import requests",
        "def f() -> None:\n    from mkdocs.utils import get_relative_url",
    ],
)
def test_an_engine_import_in_the_core_is_caught(added: str) -> None:
    path = PACKAGE / "core" / "model.py"
    source = path.read_text(encoding="utf-8") + "\n" + added + "\n"
    assert [why for imp in imports_of(path, source) if (why := core_problem(imp))], added


def test_importing_the_core_loads_no_engine() -> None:
    """At run time too: the package's top level does not pull MkDocs in behind the core's back."""
    names = [f"mkdocs_explainer.core.{p.stem}" for p in modules("core") if p.stem != "__init__"]
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in names)
        + f"print(sorted(m for m in sys.modules if m.partition('.')[0] in {sorted(ENGINES)!r}"
        " or m.startswith(('mkdocs_explainer.mkdocs_adapter', 'mkdocs_explainer.editors'))))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(PACKAGE.parent)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
