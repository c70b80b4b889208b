"""mkdocs-explainer: annotated explainers for MkDocs (people, glossary and context notes from YAML)."""

from __future__ import annotations

from typing import Any

from .core.diagnostics import AnnotationError, Diagnostic

__all__ = ["AnnotationError", "Diagnostic", "ExplainerPlugin"]


def __getattr__(name: str) -> Any:
    # Imported on first use, not here: `import mkdocs_explainer.core...` must not pull MkDocs in.
    if name == "ExplainerPlugin":
        from .mkdocs_adapter.plugin import ExplainerPlugin

        return ExplainerPlugin
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
