"""The engine the tests build with: MkDocs (default) or ProperDocs, chosen by XP_ENGINE=properdocs.

Tests name the command, the module and the logger through this file, never as "mkdocs", so the whole
suite can run under either engine. Under ProperDocs, `properdocs.replacement` is imported first:
it makes `import mkdocs...` (in the tests, the plugin and Material) load ProperDocs' modules, as
ProperDocs' own command line does.
"""

from __future__ import annotations

import os
import sys

ENGINE = os.environ.get("XP_ENGINE", "mkdocs")
if ENGINE not in ("mkdocs", "properdocs"):
    raise SystemExit(f"XP_ENGINE={ENGINE!r}: use 'mkdocs' or 'properdocs'")
if ENGINE == "properdocs":
    import properdocs.replacement  # noqa: F401

LOGGER = ENGINE
"""The engine's root logger: its own messages and the plugin's are under it."""


def command(*args: str) -> list[str]:
    """The engine's command line, run with this Python: `command("build", "--strict")`."""
    return [sys.executable, "-m", ENGINE, *args]
