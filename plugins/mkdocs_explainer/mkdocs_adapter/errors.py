"""The core's errors in MkDocs' own type, so that MkDocs prints them without a traceback and stops."""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs.exceptions import PluginError

from ..core.diagnostics import AnnotationError, Diagnostic


class ExplainerError(PluginError):
    """An `AnnotationError` as MkDocs reports it: the same message, the same diagnostics."""

    def __init__(self, error: AnnotationError) -> None:
        self.diagnostics = error.diagnostics
        super().__init__(str(error))


def refusal(diagnostics: Iterable[Diagnostic]) -> ExplainerError:
    """What a hook raises to stop the build on these errors."""
    return ExplainerError(AnnotationError(diagnostics))
