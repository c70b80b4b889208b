"""Passage cards written without Jinja (`passagecards.block`) are what the plugin's
`passage_cards.html` renders, for any title, heading, paragraph and address, in every language."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs_explainer.core import pages, passagecards, previews
from mkdocs_explainer.core.labels import Labels
from sitekit import Site

_TEXT = st.lists(st.sampled_from([*"ab <>&\"'#;:/é\u00a0\n{}%", "&amp;", "<b>", "{{ x }}"]), max_size=8).map("".join)
_PASSAGE = st.builds(
    previews.PassageTarget, _TEXT, _TEXT, st.builds(previews.PassageContext, _TEXT, _TEXT, _TEXT, _TEXT)
)


@pytest.fixture(scope="module")
def renderers() -> list[tuple[pages.Renderer, Labels]]:
    out = []
    for language in ("en", "uk", "ru"):
        labels = Labels(language) if language != "en" else Labels()
        out.append((pages.Renderer(pages.make_env([], labels)), labels))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(_PASSAGE, max_size=4), st.integers(0, 2))
def test_block_is_what_the_template_renders(
    renderers: list[tuple[pages.Renderer, Labels]], passages: list[previews.PassageTarget], which: int
) -> None:
    renderer, labels = renderers[which]
    numbered = list(enumerate(passages, start=1))
    assert passagecards.block(numbered, labels["go_to_passage"]) == renderer.passage_cards(numbered)


def test_an_overridden_template_is_rendered_through_jinja(tmp_path: Path) -> None:
    site = Site(tmp_path)
    yml = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    site.write("mkdocs.yml", yml.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"))
    site.write(
        "overrides/explainer/passage_cards.html",
        '<aside class="xp-cards" hidden data-search-exclude>{% for n, p in passages %}'
        '<div class="xp-card-data" data-xp-passage="{{ n }}">OWN {{ p.title }}</div>{% endfor %}</aside>',
    )
    site.person("ada", "Ada Lovelace")
    site.page("index.md", "# Home\n\nAda Lovelace wrote notes.\n")
    result = site.build(strict=True)
    assert result.ok, result.error
    page = site.html("people/ada/index.html")
    assert '<div class="xp-card-data" data-xp-passage="1">OWN Home</div>' in page
    assert "xp-passage-context" not in page
