"""`python -m mkdocs_explainer ...`: the same as the `explainer` command."""

from __future__ import annotations

from .editors.cli import command

if __name__ == "__main__":
    command()
