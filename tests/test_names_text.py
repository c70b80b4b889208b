"""Names and text in real builds: clashes after normalisation, names that cannot be shown,
Unicode forms in names and note quotes, and names isolated from the text around them."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from mkdocs_explainer.core import ids
from sitekit import Site, simplify

NFD = "NFD"


def _nfd(text: str) -> str:
    return unicodedata.normalize(NFD, text)


# -- names that are one name to the matcher --------------------------------------------------------

SAME_NAME = [
    ("curly-apostrophe", "O'Brien", "O\u2019Brien", True),
    ("nfc-nfd", "Zoë Müller", _nfd("Zoë Müller"), True),
    ("no-break-space", "Abu Dhabi", "Abu\u00a0Dhabi", True),
    ("case-free", "Kyiv", "KYIV", False),
]


@pytest.mark.parametrize(("first", "second", "match_case"), [c[1:] for c in SAME_NAME], ids=[c[0] for c in SAME_NAME])
def test_names_equal_after_normalisation_clash_at_both_places(
    tmp_path: Path, first: str, second: str, match_case: bool
) -> None:
    site = Site(tmp_path)
    site.page("index.md", "# Home\n")
    site.term("one", "Somewhere", [first])
    site.term("two", second, match_case=match_case)
    result = site.build()
    assert not result.ok
    # Site writes JSON-style YAML: the alias of `one` stands at 5:5, the name of `two` at 3:11.
    assert (
        f"annotations/glossary/two.yml:3:11: error: `{second}` is already a name or alias of `one` "
        "(annotations/glossary/one.yml:5:5)"
    ) in result.error
    assert (
        f"annotations/glossary/one.yml:5:5: error: `{first}` is also claimed by `two` "
        "(annotations/glossary/two.yml:3:11); a name may belong to one entry only"
    ) in result.error


def test_names_that_differ_only_in_case_may_both_match_case(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.page("index.md", "# Home\n\nThe US and us.\n")
    site.term("us", "US", kind="place")
    site.term("us-pronoun", "us", kind="other")
    assert site.build().ok


# -- names that cannot be shown ------------------------------------------------------------------

REFUSED = [
    ("bidi-override", '"Andrii \\u202eSybiha"', "contains the direction control U+202E"),
    ("isolate", '"\\u2067Sybiha"', "contains the direction control U+2067"),
    ("arabic-letter-mark", '"Sybiha\\u061c"', "contains the direction control U+061C"),
    ("zero-width-only", '"\\u200b\\u2060"', "shows as nothing"),
    ("hangul-filler", '"\\u3164\\u115f"', "shows as nothing"),
    ("bom-only", '"\\ufeff"', "shows as nothing"),
    ("escaped-del", '"Andrii\\x7fSybiha"', "contains the control character U+007F"),
    ("escaped-nel", '"Andrii\\u0085Sybiha"', "contains the control character U+0085"),
    ("escaped-csi", '"Andrii\\u009bSybiha"', "contains the control character U+009B"),
    ("double-space", "Andrii  Sybiha", "has two spaces in a row; use a single space"),
    ("leading-space", '" Andrii Sybiha"', "starts or ends with a space; remove the space"),
    ("trailing-nbsp", '"Andrii Sybiha\\u00a0"', "starts or ends with a space; remove the space"),
    ("line-break", '"Andrii\\nSybiha"', "contains a line break or tab"),
]


@pytest.mark.parametrize(("written", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_names_that_cannot_be_shown_are_refused_where_written(tmp_path: Path, written: str, message: str) -> None:
    site = Site(tmp_path)
    site.page("index.md", "# Home\n")
    site.person("andrii-sybiha", "placeholder")
    path = site.root / "annotations/people/andrii-sybiha.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"name": "placeholder"', f'"name": {written}'), encoding="utf-8"
    )
    result = site.build()
    assert not result.ok
    assert re.search(r"annotations/people/andrii-sybiha\.yml:3:11: error: [^\n]*" + re.escape(message), result.error)
    assert "\u202e" not in result.error and "\u2067" not in result.error  # the message itself is not reordered


@pytest.mark.parametrize("char", ["\x7f", "\x85", "\x9b", "\x01"])
def test_raw_control_characters_are_reported_at_their_line_and_column(tmp_path: Path, char: str) -> None:
    site = Site(tmp_path)
    site.page("index.md", "# Home\n")
    site.person("andrii-sybiha", "Andrii Sybiha", summary="Foreign minister.")
    path = site.root / "annotations/people/andrii-sybiha.yml"
    text = path.read_text(encoding="utf-8").replace("Foreign minister.", f"Foreign{char} minister.")
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")  # not splitlines(): it breaks at NEL too
    line = next(i for i, ln in enumerate(lines, 1) if char in ln)
    col = lines[line - 1].index(char) + 1
    result = site.build()
    assert not result.ok
    assert (
        f"annotations/people/andrii-sybiha.yml:{line}:{col}: error: the file contains the control character "
        f"U+{ord(char):04X}, which cannot be shown; delete it"
    ) in result.error
    assert line > 1


def test_zero_width_and_direction_joiners_inside_names_where_scripts_need_them(tmp_path: Path) -> None:
    """ZWNJ in Persian and ZWJ in emoji are part of how these names are written: accepted and linked."""
    site = Site(tmp_path)
    site.page("index.md", "# Home\n\nدر می\u200cخواهم و 👩\u200d🔬 امروز.\n")
    site.term("mikhaham", "می\u200cخواهم", kind="other")
    site.term("scientist", "👩\u200d🔬", kind="other")
    result = site.build()
    assert result.ok, result.error
    assert (
        simplify(site.article("index.html")) == "<p>در [می\u200cخواهم](mikhaham) و [👩\u200d🔬](scientist) امروز.</p>"
    )


# -- Unicode forms ---------------------------------------------------------------------------------


def test_nfc_and_nfd_names_and_texts_meet(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.person("zoe-muller", "Zoë Müller")
    site.term("sao-tome", _nfd("São Tomé"))
    site.page("index.md", f"# Home\n\n{_nfd('Zoë Müller')} flew to São Tomé.\n")
    result = site.build()
    assert result.ok, result.error
    assert simplify(site.article("index.html")) == (
        f"<p>[{_nfd('Zoë Müller')}](zoe-muller) flew to [São Tomé](sao-tome).</p>"
    )


def test_an_nfc_note_quote_anchors_in_nfd_text(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.page("a.md", f"# A\n\nThe talks in {_nfd('Genève')} ended *{_nfd('à midi')}* without a deal.\n")
    site.page("b.md", "# B\n\nThe talks in Genève ended at noon.\n")
    site.notes("a.md", [{"id": "geneve", "quote": "talks in Genève ended à midi"}])
    site.notes("b.md", [{"id": "noon", "quote": _nfd("talks in Genève ended")}])
    result = site.build(strict=True)
    assert result.ok, result.error
    for page, note in (("a/index.html", "geneve"), ("b/index.html", "noon")):
        html = site.article(page)
        assert f'id="{ids.noteref(note)}"' in html
        assert f'data-xp-note="{note}"' in html


# -- names isolated where they are shown -------------------------------------------------------------


def test_names_and_roles_are_isolated_on_index_entry_and_card(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.person("benjamin-netanyahu", "בנימין נתניהו", ["Netanyahu"], role="ראש הממשלה")
    site.term("cairo", "القاهرة", ["Cairo"])
    site.page("index.md", "# Home\n\nNetanyahu spoke in Cairo.\n")
    result = site.build()
    assert result.ok, result.error
    people = site.article("people/index.html")
    assert "<bdi>בנימין נתניהו</bdi></a> — <bdi>ראש הממשלה</bdi>" in people
    assert "<bdi>القاهرة</bdi>" in site.article("glossary/index.html")
    entry = site.article("people/benjamin-netanyahu/index.html")
    assert "Also written: <bdi>Netanyahu</bdi>" in entry
    assert '<p class="xp-entry-meta"><bdi>ראש הממשלה</bdi>' in entry
    page = site.html("index.html")
    assert '<p class="xp-card-title"><bdi>בנימין נתניהו</bdi></p>' in page
    assert '<p class="xp-card-title"><bdi>القاهرة</bdi></p>' in page
