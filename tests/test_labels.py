"""Labels and dates in the site's language (`theme.language`), and the publisher's `labels:` overrides."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from mkdocs_explainer.core.labels import LABELS, MONTHS, Labels, base_language
from sitekit import Site

ARTICLE = "# Talks\n\nUmerov went to Crimea. 20% of Ukraine is occupied.\n"


def make(site: Site, language: str, plugin_options: str = "") -> Site:
    site.configure(plugin_options)
    yml = site.root / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("  font: false\n", f"  font: false\n  language: {language}\n"))
    site.person("rustem-umerov", "Rustem Umerov", aliases=["Umerov"])
    site.term("crimea", "Crimea", kind="place", date="2014-03-01")
    site.term("invasion", "Invasion", kind="event", date="2022-02-24")
    site.page("index.md", "# Home\n")
    site.page("talks.md", ARTICLE)
    site.notes("talks", [{"id": "share", "quote": "20% of Ukraine"}])
    result = site.build(strict=True)
    assert result.ok, result.error
    return site


def test_every_language_has_every_label_and_twelve_months() -> None:
    for language, table in LABELS.items():
        assert table.keys() == LABELS["en"].keys(), language
        assert len(MONTHS[language]) == 12


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "29 November 2026"), ("uk", "29 листопада 2026"), ("ru", "29 ноября 2026"),
     ("fr", "29 novembre 2026"), ("de", "29. November 2026")],
)  # fmt: skip
def test_dates_are_written_as_the_language_writes_them(language: str, expected: str) -> None:
    assert Labels(language).date(dt.date(2026, 11, 29)) == expected


def test_french_first_of_the_month_and_regional_codes() -> None:
    assert Labels("fr").date(dt.date(2026, 5, 1)) == "1er mai 2026"
    assert base_language("de_AT") == "de" and base_language("uk-UA") == "uk"
    assert base_language("pt-BR") == "en" and base_language(None) == "en"


def test_ukrainian_site(site: Site) -> None:
    make(site, "uk")
    talks = site.html("talks/index.html")
    assert '<html lang="uk"' in talks
    assert ">Докладніше<span" in talks
    assert '(станом на <time datetime="2026-02-04">4 лютого 2026</time>)' in talks
    assert '<h2 id="xp-endnotes-title">Контекст</h2>' in talks
    assert 'aria-label="Примітка 1: Note share"' in talks
    assert "Джерела: <a" in talks and 'Перевірено <time datetime="2026-11-29">29 листопада 2026</time>' in talks
    assert 'data-xp-label-close="Закрити"' in talks and 'data-xp-label-cards-switch="Картки з поясненнями"' in talks
    person = site.html("people/rustem-umerov/index.html")
    assert '<h2 id="xp-backlinks-title">Згадано в</h2>' in person and '<h2 id="xp-sources-title">Джерела</h2>' in person
    assert "Також пишуть: <bdi>Umerov</bdi>" in person
    assert '<p class="xp-entry-kind">Особа</p>' in person and ">Читати в контексті<span" in person
    assert '<h2 id="xp-related-title">Пов’язані записи</h2>' in person
    glossary = site.html("glossary/index.html")
    assert "<title>Глосарій" in glossary and '<h2 id="xp-group-1">Місця</h2>' in glossary
    crimea = site.html("glossary/crimea/index.html")
    assert '<p class="xp-entry-kind">Місце</p>' in crimea
    assert '<time class="xp-entry-date" datetime="2014-03-01">1 березня 2014</time>' in crimea
    assert "<title>Хронологія" in site.html("timeline/index.html")
    assert "Read more" not in talks and "Context notes" not in talks and "Mentioned in" not in person


def test_french_site(site: Site) -> None:
    make(site, "fr")
    talks = site.html("talks/index.html")
    assert ">En savoir plus<span" in talks and '(au <time datetime="2026-02-04">4 février 2026</time>)' in talks
    assert "Sources\u00a0: <a" in talks and 'Vérifié le <time datetime="2026-11-29">29 novembre 2026</time>' in talks
    assert '<h2 id="xp-endnotes-title">Notes de contexte</h2>' in talks
    assert 'data-xp-label-close="Fermer"' in talks
    crimea = site.html("glossary/crimea/index.html")
    assert '<p class="xp-entry-kind">Lieu</p>' in crimea
    assert '<time class="xp-entry-date" datetime="2014-03-01">1er mars 2014</time>' in crimea


def test_an_override_in_mkdocs_yml_wins(site: Site) -> None:
    make(site, "de", ":\n      labels:\n        read_more: Mehr dazu\n        close: Zumachen")
    talks = site.html("talks/index.html")
    assert ">Mehr dazu<span" in talks and "Weiterlesen" not in talks
    assert 'data-xp-label-close="Zumachen"' in talks
    assert '<h2 id="xp-endnotes-title">Hintergrund</h2>' in talks  # the rest stays German


def test_an_unknown_label_is_a_clear_error(site: Site) -> None:
    site.configure(":\n      labels:\n        read_mroe: More")
    site.page("index.md", "# Home\n")
    result = site.build()
    assert not result.ok
    assert "mkdocs.yml:" in result.error and "plugin option `labels`: there is no label 'read_mroe'" in result.error
    assert "read_more" in result.error


def test_overrides_by_language_code_win_over_overrides_for_every_language() -> None:
    overrides = {"read_more": "More", "fr": {"read_more": "Lire la suite"}, "pt-BR": {"close": "Fechar"}}
    assert Labels("fr", overrides)["read_more"] == "Lire la suite"
    assert Labels("fr_CA", overrides)["read_more"] == "Lire la suite"
    assert Labels("de", overrides)["read_more"] == "More"
    assert Labels("pt_BR", overrides)["close"] == "Fechar"  # an unknown language's own labels still apply
    assert Labels("pt", overrides)["close"] == "Close"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"fr": {"read_mroe": "x"}}, "there is no label 'fr.read_mroe'; the labels are: "),
        ({"read_more": {"x": "y"}}, "'read_more' holds a list of labels, but it is not a language code (like `fr`)"),
        ({"fr": {"read_more": 3}}, "the label 'fr.read_more' must be text, not int"),
    ],
)
def test_a_wrong_override_by_language_says_what_is_wrong(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        Labels("en", overrides)
