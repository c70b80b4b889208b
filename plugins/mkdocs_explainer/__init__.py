"""mkdocs-explainer: annotated explainers for MkDocs (people, glossary and context notes from YAML)."""

from .diagnostics import AnnotationError, Diagnostic
from .plugin import ExplainerPlugin

__all__ = ["AnnotationError", "Diagnostic", "ExplainerPlugin"]
