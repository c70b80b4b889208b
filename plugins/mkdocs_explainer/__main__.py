"""`python -m mkdocs_explainer ...`: the same as the `explainer` command."""

from __future__ import annotations

import sys

from .editors.cli import main

if __name__ == "__main__":
    sys.exit(main())
