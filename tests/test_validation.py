"""Every validation error of the plugin: its message, file, line and column, from real builds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitekit import Site

PERSON_OK = """\
name: Rustem Umerov
aliases: [Umerov]
role:
  title: Secretary of the NSDC
  as_of: 2026-02-04
summary: Ukraine's lead negotiator.
sources:
  - title: Reference
    url: https://example.org/umerov
reviewed: 2026-11-29
"""

TERM_OK = """\
term: Donbas
aliases: [Donbass]
kind: place
summary: The Donetsk and Luhansk regions.
sources:
  - title: Reference
    url: https://example.org/donbas
reviewed: 2026-11-29
"""

# (case id, file to write, its content, expected `file:line:col: error: message` lines)
CASES = [
    (
        "unknown-key",
        "annotations/people/rustem-umerov.yml",
        PERSON_OK + "xyzzy: Rusik\n",
        ["annotations/people/rustem-umerov.yml:11:1: error: unknown key `xyzzy`; expected one of: name, aliases, role,"],
    ),
    (
        "misspelt-key-suggests",
        "annotations/people/rustem-umerov.yml",
        PERSON_OK.replace("summary:", "sumary:"),
        [
            "annotations/people/rustem-umerov.yml:6:1: error: unknown key `sumary`; did you mean `summary`?",
            "annotations/people/rustem-umerov.yml:1:1: error: missing required key `summary`",
        ],
    ),
    (
        "missing-required",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("kind: place\n", ""),
        ["annotations/glossary/donbas.yml:1:1: error: missing required key `kind`"],
    ),
    (
        "empty-required",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("summary: The Donetsk and Luhansk regions.", "summary:"),
        ["annotations/glossary/donbas.yml:4:9: error: `summary` is empty"],
    ),
    (
        "blank-text",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("summary: The Donetsk and Luhansk regions.", 'summary: "   "'),
        ["annotations/glossary/donbas.yml:4:10: error: `summary` is empty"],
    ),
    (
        "wrong-type-list",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("aliases: [Donbass]", "aliases: Donbass"),
        ["annotations/glossary/donbas.yml:2:10: error: `aliases` should be a list (lines starting with `- `), not text"],
    ),
    (
        "wrong-type-mapping",
        "annotations/people/rustem-umerov.yml",
        PERSON_OK.replace("role:\n  title: Secretary of the NSDC\n  as_of: 2026-02-04\n", "role: Secretary\n"),
        ["annotations/people/rustem-umerov.yml:3:7: error: `role` should be a mapping of keys to values, not text"],
    ),
    (
        "no-becomes-boolean",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("aliases: [Donbass]", "aliases: [Donbass, no]"),
        ["annotations/glossary/donbas.yml:2:20: error: `aliases[2]` is only the word `no`, which YAML reads as yes or no: write the text it stands for"],
    ),
    (
        "on-becomes-boolean",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("term: Donbas", "term: on"),
        ["annotations/glossary/donbas.yml:1:7: error: `term` is only the word `on`, which YAML reads as yes or no: write the text it stands for"],
    ),
    (
        "quoted-yes-no-word-too",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("summary: The Donetsk and Luhansk regions.", 'summary: "No"'),
        ["annotations/glossary/donbas.yml:4:10: error: `summary` is only the word `No`, which YAML reads as yes or no: write the text it stands for"],
    ),
    (
        "kind-us-spelling",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("kind: place", "kind: Organization"),
        ["annotations/glossary/donbas.yml:3:7: error: `kind` must be one of place, organisation, concept, event, other; not `Organization`; did you mean `organisation`?"],
    ),
    (
        "placeholder-left-by-explainer-new",
        "annotations/people/rustem-umerov.yml",
        PERSON_OK.replace("title: Secretary of the NSDC", 'title: "TODO: the position, e.g. Foreign Minister of Ukraine"'),
        ["annotations/people/rustem-umerov.yml:4:10: error: `role.title` still holds the placeholder `TODO` from `explainer new`: write the real text in place of `TODO` and of the hint after it"],
    ),
    (
        "tab-indentation",
        "annotations/people/rustem-umerov.yml",
        PERSON_OK.replace("  as_of:", "\tas_of:"),
        ["annotations/people/rustem-umerov.yml:5:1: error: this line is indented with a tab; YAML indents with spaces only: replace the tab with spaces"],
    ),
    (
        "unclosed-quote-at-its-line",
        "annotations/people/rustem-umerov.yml",
        PERSON_OK.replace("name: Rustem Umerov", 'name: "Rustem Umerov').replace("title: Secretary of the NSDC", 'title: "Secretary"'),
        ['annotations/people/rustem-umerov.yml:1:7: error: this value opens a quote (`"`) that is not closed on its line: end the text with `"` (a `"` inside the text is written `\\"`)'],
    ),
    (
        "colon-in-a-value",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("summary: The Donetsk and Luhansk regions.", "summary: Two regions: Donetsk and Luhansk."),
        ['annotations/glossary/donbas.yml:4:21: error: the value of `summary` contains `: `, which YAML reads as the start of a key: put the whole value in quotes: `summary: "Two regions: Donetsk and Luhansk."`'],
    ),
    (
        "wrong-indentation",
        "annotations/people/rustem-umerov.yml",
        PERSON_OK.replace("  as_of:", "   as_of:"),
        ["annotations/people/rustem-umerov.yml:5:4: error: this line is indented by 3 spaces, which lines up with no key above it: line `as_of` up with `title` on line 4 (2 spaces)"],
    ),
    (
        "number-as-text",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("term: Donbas", "term: 1.5"),
        ['annotations/glossary/donbas.yml:1:7: error: `term`: YAML reads `1.5` as a number; put it in quotes: "1.5"'],
    ),
    (
        "bad-date",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("reviewed: 2026-11-29", "reviewed: 29/11/2026"),
        ["annotations/glossary/donbas.yml:8:11: error: `reviewed` should be a date written YYYY-MM-DD, not `29/11/2026`"],
    ),
    (
        "impossible-date",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("reviewed: 2026-11-29", "reviewed: 2026-02-30"),
        ["annotations/glossary/donbas.yml:8:11: error: `reviewed` should be a date written YYYY-MM-DD, not `2026-02-30`"],
    ),
    (
        "bad-kind",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("kind: place", "kind: region"),
        ["annotations/glossary/donbas.yml:3:7: error: `kind` must be one of place, organisation, concept, event, other; not `region`"],
    ),
    (
        "duplicate-key",
        "annotations/people/rustem-umerov.yml",
        PERSON_OK + "name: Someone Else\n",
        ["annotations/people/rustem-umerov.yml:11:1: error: duplicate key `name` (first set on line 1)"],
    ),
    (
        "no-sources",
        "annotations/people/rustem-umerov.yml",
        PERSON_OK.replace("sources:\n  - title: Reference\n    url: https://example.org/umerov\n", "sources: []\n"),
        ["annotations/people/rustem-umerov.yml:7:10: error: `sources` needs at least 1 item(s)"],
    ),
    (
        "javascript-source-url",
        "annotations/people/rustem-umerov.yml",
        PERSON_OK.replace("https://example.org/umerov", "javascript:alert(1)"),
        ["annotations/people/rustem-umerov.yml:9:10: error: `sources[1].url` `javascript:alert(1)` should be a full address starting with https://"],
    ),
    (
        "yaml-syntax",
        "annotations/people/rustem-umerov.yml",
        PERSON_OK.replace("aliases: [Umerov]", "aliases: [Umerov"),
        ["annotations/people/rustem-umerov.yml:2:10: error: this list opens with `[` but is not closed on its line: end it with `]`"],
    ),
    (
        "anchors-refused",
        "annotations/glossary/donbas.yml",
        TERM_OK.replace("term: Donbas", "term: &t Donbas").replace("aliases: [Donbass]", "aliases: [*t]"),
        ["annotations/glossary/donbas.yml:2:11: error: YAML anchors and aliases (&name / *name) are not allowed"],
    ),
    (
        "empty-file",
        "annotations/glossary/donbas.yml",
        "# nothing yet\n",
        ["annotations/glossary/donbas.yml:1:1: error: the file is empty"],
    ),
    (
        "not-utf8",
        "annotations/glossary/donbas.yml",
        None,
        ["annotations/glossary/donbas.yml:4:17: error: the file is not UTF-8 text; save it as UTF-8"],
    ),
    (
        "file-name-not-an-id",
        "annotations/glossary/Donbas_Region.yml",
        TERM_OK,
        ["annotations/glossary/Donbas_Region.yml:1:1: error: the file name is the entry's id: `Donbas_Region` should be"],
    ),
    (
        "wrong-extension",
        "annotations/glossary/donbas.yaml",
        TERM_OK,
        ["annotations/glossary/donbas.yaml:1:1: error: annotation files end in `.yml`; rename this file"],
    ),
    (
        "image-outside-repository",
        "annotations/glossary/donbas.yml",
        TERM_OK + "image:\n  src: ../../etc/passwd.png\n  alt: A map\n  credit: Made for the test\n  license: CC0 1.0\n",
        ["annotations/glossary/donbas.yml:10:8: error: image `../../etc/passwd.png` is outside the repository"],
    ),
    (
        "image-missing",
        "annotations/glossary/donbas.yml",
        TERM_OK + "image:\n  src: annotations/images/map.png\n  alt: A map\n  credit: Made for the test\n  license: CC0 1.0\n",
        ["annotations/glossary/donbas.yml:10:8: error: image `annotations/images/map.png` does not exist"],
    ),
    (
        "notes-for-missing-article",
        "annotations/notes/no-such-article.yml",
        "notes:\n  - id: a\n    quote: xyz\n    title: T\n    body: B\n    sources: [{title: R, url: 'https://e.org'}]\n"
        "    reviewed: 2026-11-29\n",
        ["annotations/notes/no-such-article.yml:1:1: error: there is no article `docs/no-such-article.md` for these notes"],
    ),
    (
        "duplicate-note-id",
        "annotations/notes/article.yml",
        "notes:\n"
        + "".join(
            f"  - id: same\n    quote: {q}\n    title: T\n    body: B\n"
            "    sources: [{title: R, url: 'https://e.org'}]\n    reviewed: 2026-11-29\n"
            for q in ("Donbas", "Umerov")
        ),
        ["annotations/notes/article.yml:8:9: error: duplicate note id `same` (first used on line 2)"],
    ),
]


def _prepare(site: Site, rel: str, content: str | None) -> None:
    site.write("annotations/people/rustem-umerov.yml", PERSON_OK)
    site.write("annotations/glossary/donbas.yml", TERM_OK)
    site.page("index.md", "# Home\n")
    site.page("article.md", "# Article\n\nUmerov went to Donbas.\n")
    if rel.endswith((".yaml",)) or "Donbas_Region" in rel:
        (site.root / "annotations/glossary/donbas.yml").unlink()
    if content is None:
        data = TERM_OK.replace("The Donetsk", "The Don\xe9tsk").encode("latin-1")
        (site.root / rel).write_bytes(data)
    else:
        site.write(rel, content)


@pytest.mark.parametrize(("case", "rel", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_validation_error(site: Site, case: str, rel: str, content: str | None, expected: list[str]) -> None:
    _prepare(site, rel, content)
    result = site.build()
    assert not result.ok
    lines = result.error.splitlines()
    for want in expected:
        assert any(line.startswith(want) for line in lines), f"{want!r} not in:\n{result.error}"
    assert not (site.root / "site" / "index.html").exists()


def test_all_errors_of_a_run_are_reported_together(site: Site) -> None:
    site.page("index.md", "# Home\n")
    site.write("annotations/people/a.yml", PERSON_OK.replace("kind", "x") + "bogus: 1\n")
    site.write("annotations/glossary/b.yml", TERM_OK.replace("kind: place", "kind: planet"))
    result = site.build()
    assert "annotations/people/a.yml:11:1: error: unknown key `bogus`" in result.error
    assert "annotations/glossary/b.yml:3:7: error: `kind` must be one of" in result.error
    assert "2 errors, 0 warnings" in result.error


def test_ids_are_unique_across_people_and_glossary(site: Site) -> None:
    site.page("index.md", "# Home\n")
    site.write("annotations/people/donbas.yml", PERSON_OK.replace("Rustem Umerov", "Don Bas").replace("Umerov]", "D]"))
    site.write("annotations/glossary/donbas.yml", TERM_OK)
    result = site.build()
    assert "annotations/people/donbas.yml:1:1: error: id `donbas` is already used by annotations/glossary/donbas.yml" in result.error


def test_an_alias_may_belong_to_one_entry_only(site: Site) -> None:
    site.page("index.md", "# Home\n")
    site.write("annotations/glossary/donbas.yml", TERM_OK)
    site.write("annotations/glossary/donbass.yml", TERM_OK.replace("term: Donbas", "term: Donbas basin"))
    result = site.build()
    assert (
        "annotations/glossary/donbass.yml:2:11: error: `Donbass` is already a name or alias of `donbas` "
        "(annotations/glossary/donbas.yml:2:11); a name may belong to one entry only"
    ) in result.error
    assert (
        "annotations/glossary/donbas.yml:2:11: error: `Donbass` is also claimed by `donbass` "
        "(annotations/glossary/donbass.yml:2:11); a name may belong to one entry only"
    ) in result.error


def test_case_free_entry_clashes_with_other_capitalisation(site: Site) -> None:
    site.page("index.md", "# Home\n")
    site.write("annotations/glossary/kremlin.yml", TERM_OK.replace("term: Donbas", "term: Kremlin").replace("[Donbass]", "[]"))
    site.write(
        "annotations/glossary/kremlin-lower.yml",
        TERM_OK.replace("term: Donbas", "term: kremlin").replace("[Donbass]", "[]") + "match_case: false\n",
    )
    result = site.build()
    assert "annotations/glossary/kremlin.yml:1:7: error: `Kremlin` is already a name or alias of `kremlin-lower`" in result.error
    # Reported on both files: the pull request shows it on whichever one the editor changed.
    assert (
        "annotations/glossary/kremlin-lower.yml:1:7: error: `kremlin` is also claimed by `kremlin`"
        " (annotations/glossary/kremlin.yml:1:7); a name may belong to one entry only"
    ) in result.error


def test_notes_file_through_symlink_outside_repository(site: Site, tmp_path: Path) -> None:
    site.page("index.md", "# Home\n")
    outside = tmp_path / "outside.yml"
    outside.write_text(TERM_OK, encoding="utf-8")
    os.symlink(outside, site.root / "annotations/glossary/donbas.yml")
    result = site.build()
    assert "annotations/glossary/donbas.yml:1:1: error: this file is a link to a place outside the repository" in result.error


def test_note_passage_not_found_names_the_note_file_and_line(site: Site) -> None:
    site.page("index.md", "# Home\n")
    site.page("article.md", "# Article\n\nUmerov went to Donbas.\n")
    site.write(
        "annotations/notes/article.yml",
        "notes:\n  - id: gone\n    title: Gone\n    quote: went to Kyiv\n    body: B\n"
        "    sources: [{title: R, url: 'https://e.org'}]\n    reviewed: 2026-11-29\n",
    )
    result = site.build()
    assert not result.ok
    assert (
        "annotations/notes/article.yml:4:12: error: note `gone`: passage “went to Kyiv” is not in the rendered text "
        "of docs/article.md"
    ) in result.error


def test_note_passage_found_twice_asks_for_prefix_or_suffix(site: Site) -> None:
    site.page("index.md", "# Home\n")
    site.page("article.md", "# Article\n\nOne fact. Another line. One fact.\n")
    site.notes("article", [{"id": "twice", "quote": "One fact"}])
    result = site.build()
    assert "note `twice`: passage “One fact” occurs 2 times in the rendered text of docs/article.md; add a `prefix`" in result.error


def test_unknown_explicit_id_names_the_page_and_line(site: Site) -> None:
    site.write("annotations/glossary/donbas.yml", TERM_OK)
    site.page("index.md", "---\ntitle: Home\n---\n# Home\n\nFirst line.\n\nSee [the region](explainer:donbass).\n")
    result = site.build()
    assert "docs/index.md:8:18: error: unknown entry id `donbass` in a link to `explainer:donbass`; did you mean `donbas`?" in result.error


def test_bad_front_matter_setting_names_the_page(site: Site) -> None:
    site.page("index.md", "---\nexplainer: {link: sometimes}\n---\n# Home\n")
    result = site.build()
    assert "docs/index.md:1:1: error: front matter `explainer.link` must be one of first, all, none; not `sometimes`" in result.error


def test_page_with_a_generated_pages_path_is_refused(site: Site) -> None:
    site.page("index.md", "# Home\n")
    site.page("people/index.md", "# My own people page\n")
    result = site.build()
    assert "docs/people/index.md:1:1: error: this page has the path of a page the explainer plugin generates" in result.error


def test_broken_front_matter_in_an_article_is_reported(site: Site) -> None:
    site.page("index.md", "---\ntitle: [unclosed\nother: x\n---\n# Home\n")
    result = site.build()
    assert not result.ok
    assert "docs/index.md:3:6: error: front matter is not valid YAML:" in result.error


def test_one_character_note_passage_is_refused(site: Site) -> None:
    site.page("index.md", "# Home\n\n1% of it.\n")
    site.write(
        "annotations/notes/index.yml",
        "notes:\n  - id: pct\n    quote: '%'\n    title: T\n    body: B\n"
        "    sources: [{title: R, url: 'https://e.org'}]\n    reviewed: 2026-11-29\n",
    )
    result = site.build()
    assert "annotations/notes/index.yml:3:12: error: `notes[1].quote` `%` is too short: write at least 3 characters" in result.error


def test_an_empty_article_builds(site: Site) -> None:
    site.page("index.md", "")
    site.term("kyiv", "Kyiv")
    assert site.build().ok


def test_plain_values_editors_tools_read_as_text_are_text(site: Site) -> None:
    """YAML 1.1 reads `2022-02-24` as a date and `12:30` as a number; YAML 1.2 tools (and the JSON
    Schemas) read both as text. The loader takes them as written, so the two agree."""
    site.write("annotations/people/rustem-umerov.yml", PERSON_OK)
    site.write("annotations/glossary/donbas.yml", TERM_OK.replace("term: Donbas", "term: 2022-02-24").replace(
        "aliases: [Donbass]", "aliases: [12:30, Donbass]").replace("reviewed: 2026-11-29", 'reviewed: "2026-11-29"'))
    site.page("index.md", "# Home\n\nOn 2022-02-24, at 12:30, Umerov went to Donbass.\n")
    result = site.build()
    assert result.ok, result.error
    page = site.html("index.html")
    assert 'data-xp-entry="donbas" data-xp-kind="term" href="glossary/donbas/" id="xp-m--donbas">2022-02-24</a>' in page


def test_a_placeholder_fails_the_build_without_strict(site: Site) -> None:
    """Unfinished text never reaches readers: `mkdocs build` (not only --strict) stops on a `TODO`."""
    site.write("annotations/people/rustem-umerov.yml", PERSON_OK.replace("Ukraine's lead negotiator.", "TODO - one to three sentences."))
    site.page("index.md", "# Home\n\nUmerov spoke.\n")
    result = site.build_cli()
    assert result.returncode == 1
    assert (
        "annotations/people/rustem-umerov.yml:6:10: error: `summary` still holds the placeholder `TODO` from"
        " `explainer new`: write the real text in place of `TODO` and of the hint after it"
    ) in result.stderr
    assert "Traceback" not in result.stderr
