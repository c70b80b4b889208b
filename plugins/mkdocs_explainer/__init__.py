"""mkdocs-explainer: annotated explainers for MkDocs (people, glossary and context notes from YAML)."""

from .core.diagnostics import AnnotationError, Diagnostic
from .mkdocs_adapter.plugin import ExplainerPlugin

__all__ = ["AnnotationError", "Diagnostic", "ExplainerPlugin"]
