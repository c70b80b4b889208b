"""Shared fixtures: a fresh real MkDocs site in a temporary folder."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # `bench`, for the tests of its code
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import engine  # noqa: F401  (first: under XP_ENGINE=properdocs it must load before mkdocs is imported)
from sitekit import Site

# No test asserts time, Hypothesis's per-example deadline included: under a loaded two-core CI
# runner an example of test_page_text took 275 ms against the default 200 ms and failed the suite.
settings.register_profile("explainer", deadline=None)
settings.load_profile("explainer")


@pytest.fixture(autouse=True, scope="session")
def _check_cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """`explainer check` keeps a cache under $XDG_CACHE_HOME: the tests' go to a folder of their own."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    yield Site(tmp_path / "site-src")
