"""Where a name is not a mention: in file, path and package names, in shouted capitals, in block titles."""

from __future__ import annotations

import re

import pytest
from mkdocs_explainer.core.matcher import Matcher
from sitekit import Site


def _finds(surfaces: list[tuple[str, str, bool]], text: str) -> list[str]:
    return [text[m.start : m.end] for m in Matcher(surfaces).find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Open search.html to search.", ["search"]),
        ("Install lunr-languages for lunr.", ["lunr"]),
        ("See docs/search or search/ or C:\\search.", []),
        ("Edit mkdocs.yml, then run mkdocs.", ["mkdocs"]),
        ("The os.path module.", []),
        ("A sentence ends with search. Next one.", ["search"]),
        ("search-based", []),
    ],
)
def test_names_inside_file_and_package_names_are_not_mentions(text: str, expected: list[str]) -> None:
    surfaces = [("search", "search", True), ("lunr", "lunr", True), ("languages", "languages", True),
                ("mkdocs", "mkdocs", True), ("path", "path", True), ("os", "os", True)]  # fmt: skip
    assert _finds(surfaces, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kyiv-based reporters", ["Kyiv"]),
        ("pro-Russian groups", ["Russian"]),
        ("the Russia-Ukraine talks", ["Russia", "Ukraine"]),
        ("Kyiv's mayor", ["Kyiv"]),
        ("Kyiv.", ["Kyiv"]),
    ],
)
def test_capitalised_names_in_compounds_still_link(text: str, expected: list[str]) -> None:
    surfaces = [(n, n.lower(), True) for n in ("Kyiv", "Russian", "Russia", "Ukraine")]
    assert _finds(surfaces, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A case-sensitive name in capitals is what the editor wrote: it still matches.
        ("IN NO EVENT SHALL THE AUTHORS BE LIABLE", ["AUTHORS"]),
        ("The event was held in May.", ["event"]),
        ("The Event was held in May.", ["Event"]),
        ("Statements from the EVENT.", ["EVENT"]),  # one word in capitals is not a run
        ("THE EVENT", []),
        ("NATO met; Nato agreed; nato said.", ["NATO", "Nato", "nato"]),
    ],
)
def test_case_free_aliases_do_not_match_in_a_capitals_run_unless_written_so(text: str, expected: list[str]) -> None:
    surfaces = [("event", "event", False), ("NATO", "nato", False), ("AUTHORS", "authors", True)]
    assert _finds(surfaces, text) == expected


def test_a_summary_of_a_collapsible_block_is_never_linked(site: Site) -> None:
    site.configure(extra="  - pymdownx.details\n  - admonition\n")
    site.term("kyiv", "Kyiv")
    site.page("index.md", '# Home\n\n??? note "Kyiv in brief"\n\n    Kyiv is the capital.\n\n!!! note "Kyiv again"\n\n    Text.\n')
    assert site.build(strict=True).ok
    html = site.article("index.html")
    summaries = re.findall(r"<summary>(.*?)</summary>", html, re.S)
    assert summaries == ["Kyiv in brief"]
    assert re.findall(r'<a class="xp-mention"[^>]*>([^<]*)</a>', html) == ["Kyiv"]
    assert html.index('id="xp-m--kyiv"') > html.index("Kyiv in brief")
    assert "Kyiv again</p>" in html  # an admonition's title is a heading: not linked either
