"""Serve rebuilds reuse the site-wide work of the build before (the matcher, entry texts, passage
contexts), and the site they write is byte for byte the one a fresh build of the same sources writes.

The work is counted (`callcount.calls_in`), never timed: a rebuild with unchanged inputs builds no
matcher, links no entry's text and reads no article for passage previews again; an edit redoes the
part it touches only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from callcount import calls_in
from mkdocs.config import load_config
from mkdocs.structure.files import Files
from mkdocs_explainer.mkdocs_adapter import themecache
from sitekit import Site
from test_cache import Rebuild, edit, serving
from test_i18n import _i18n_site

ARTICLE = """\
# Talks

Anna Petrenko met Borys Lysenko in Vorenka. Vorenka Dam was not discussed.

Later, Petrenko flew home; Lysenko stayed at the dam.
"""
SECOND = "# Aftermath\n\nVorenka Dam reopened. Anna Petrenko said little.\n"


def populate(site: Site) -> None:
    site.person("anna-petrenko", "Anna Petrenko", ["Petrenko"], summary="Petrenko met *Borys Lysenko* in Vorenka.")
    site.person("borys-lysenko", "Borys Lysenko", ["Lysenko"], summary="Lysenko runs Vorenka Dam.")
    site.term("vorenka", "Vorenka", summary="A town near the dam; Anna Petrenko was born there.")
    site.term("vorenka-dam", "Vorenka Dam", ["the dam"], summary="The dam above Vorenka.")
    site.page("index.md", "# Home\n\nSee [the talks](talks.md) and [Lysenko](people/borys-lysenko.md).\n")
    site.page("talks.md", ARTICLE)
    site.page("aftermath.md", SECOND)
    site.notes("talks.md", [{"id": "dam", "quote": "was not discussed"}])


def written(site: Site) -> dict[str, str]:
    """Every file of the built site → a digest of its bytes."""
    root = site.root / "site"
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def same_as_fresh_build(site: Site, rebuild: Rebuild) -> None:
    rebuild()
    served = written(site)
    result = site.build()  # a new plugin instance, no memos
    assert result.ok, result.error
    fresh = written(site)
    assert served.keys() == fresh.keys()
    assert [k for k in served if served[k] != fresh[k]] == []


def counts(rebuild: Rebuild) -> dict[str, int]:
    """What a rebuild computes again: matchers built, entry texts linked, articles read for previews."""
    with (
        calls_in("matcher.py", {"__init__"}) as matchers,
        calls_in("entrylinks.py", {"link_entry"}) as linked,
        calls_in("previews.py", {"passage_contexts"}) as contexts,
    ):
        rebuild()
    return {"matchers": matchers["__init__"], "linked": linked["link_entry"], "contexts": contexts["passage_contexts"]}


def served_after(site: Site, change: Callable[[], None]) -> dict[str, int]:
    """Serve the site, make `change`, rebuild: what the rebuild computed again (`counts`). Then
    checks that the site written is the one a fresh build writes."""
    populate(site)
    with serving(site) as rebuild:
        rebuild()
        change()
        work = counts(rebuild)
        same_as_fresh_build(site, rebuild)
    return work


def test_a_rebuild_with_nothing_changed_redoes_no_site_wide_step(site: Site) -> None:
    # (Not the first build's counts: MkDocs may hand this test a plugin instance an earlier test
    # of the process built, with its caches, when the configuration is the same.)
    assert served_after(site, lambda: None) == {"matchers": 0, "linked": 0, "contexts": 0}


def test_a_summary_edit_relinks_that_entry_only(site: Site) -> None:
    path = site.root / "annotations/people/borys-lysenko.yml"
    work = served_after(site, lambda: edit(path, "Lysenko runs", "Lysenko, Anna Petrenko's rival, runs"))
    assert work == {"matchers": 0, "linked": 1, "contexts": 0}
    assert 'data-xp-entry="anna-petrenko"' in site.html("people/borys-lysenko/index.html")


def test_a_new_alias_builds_a_new_matcher_and_relinks_the_texts_it_changes(site: Site) -> None:
    """Vorenka (its alias) and Vorenka Dam (its summary) change; the other texts do not name the alias."""

    def change() -> None:
        edit(site.root / "annotations/glossary/vorenka.yml", '"aliases": []', '"aliases": ["the town"]')
        edit(site.root / "annotations/glossary/vorenka-dam.yml", "The dam above Vorenka.", "The dam above the town.")

    assert served_after(site, change) == {"matchers": 1, "linked": 2, "contexts": 0}
    assert 'data-xp-entry="vorenka"' in site.html("glossary/vorenka-dam/index.html")


def test_an_article_edit_reads_that_article_again(site: Site) -> None:
    work = served_after(site, lambda: site.page("aftermath.md", SECOND + "\nBorys Lysenko disagreed.\n"))
    assert work == {"matchers": 0, "linked": 0, "contexts": 1}


def test_texts_that_link_a_moved_page_are_linked_again(site: Site) -> None:
    """Same names (so the same matcher), new addresses: a kept text is checked against them."""
    work = served_after(site, lambda: site.configure(":\n      people_dir: who"))
    # Vorenka links Anna Petrenko, now under who/. The others link entries whose address from
    # them is the same (Anna Petrenko → Borys Lysenko is `../borys-lysenko/` in both folders).
    # The articles' mentions of people change address too, so both are read again.
    assert work == {"matchers": 0, "linked": 1, "contexts": 2}
    assert "../../who/anna-petrenko/" in site.html("glossary/vorenka/index.html")


def test_an_entry_that_moves_folder_keeps_the_site_as_a_fresh_build(site: Site) -> None:
    def change() -> None:
        (site.root / "annotations/people/borys-lysenko.yml").unlink()
        site.term(
            "borys-lysenko", "Borys Lysenko", ["Lysenko"], kind="organisation", summary="Lysenko runs Vorenka Dam."
        )

    served_after(site, change)
    assert "../../glossary/borys-lysenko/" in site.html("people/anna-petrenko/index.html")


def test_every_language_of_an_i18n_site_as_a_fresh_build(site: Site) -> None:
    """mkdocs-static-i18n builds each language inside the first build: one set of caches serves all."""
    _i18n_site(site)
    with serving(site) as rebuild:
        rebuild()
        edit(site.root / "annotations/people/ada.yml", "Summary of", "Edited summary of")
        rebuild()
        assert "Edited summary of" in site.html("fr/people/ada/index.html")
        same_as_fresh_build(site, rebuild)


def card_renders(rebuild: Rebuild) -> int:
    """Cards rendered through the template by a rebuild (the others were kept)."""
    with calls_in("cardcache.py", {"_one"}) as rendered:
        rebuild()
    return rendered["_one"]


def test_a_rebuild_renders_again_only_the_cards_of_the_entry_that_changed(site: Site) -> None:
    """Card blocks are put together from cards kept across rebuilds (cardcache.py), the same HTML."""
    populate(site)
    with serving(site) as rebuild:
        rebuild()
        assert card_renders(rebuild) == 0
        edit(site.root / "annotations/people/borys-lysenko.yml", "Lysenko runs", "Lysenko still runs")
        # His card, once for each address it is written at (home, article, entry pages at two depths).
        assert 1 <= card_renders(rebuild) <= 5
        assert "Lysenko still runs" in site.html("talks/index.html")
        same_as_fresh_build(site, rebuild)


def test_an_overridden_cards_template_is_rendered_whole(site: Site) -> None:
    populate(site)
    yml = site.root / "mkdocs.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    )
    site.write("overrides/explainer/cards.html", "{% for c in cards %}<i>{{ loop.index }}</i>{% endfor %}")
    with serving(site) as rebuild:
        rebuild()
        assert "<i>1</i>" in site.html("talks/index.html") and "<i>2</i>" in site.html("talks/index.html")
        same_as_fresh_build(site, rebuild)


def test_the_theme_listed_once_gives_mkdocs_the_same_files(site: Site) -> None:
    """themecache.py: the installed theme's listing kept, dot folders left out before MkDocs' patterns."""
    config = load_config(str(site.root / "mkdocs.yml"))
    plain = Files([])
    plain.add_files_from_theme(config.theme.get_env(), config)
    themecache.install(config.theme, site.root)
    for _ in range(2):  # The second from the listing kept.
        listed = Files([])
        listed.add_files_from_theme(config.theme.get_env(), config)
        assert [f.src_uri for f in listed] == [f.src_uri for f in plain]
    assert len(plain) > 10
