"""Linking rules, from fixture cases built into one real site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitekit import Site, simplify

FIXTURES = Path(__file__).parent / "fixtures" / "linking.txt"


def read_cases(path: Path) -> list[tuple[str, str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("# ")]
    cases, i = [], 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i]
        assert lines[i + 1] == ".", f"case {title!r}: expected '.'"
        j = lines.index(".", i + 2)
        k = lines.index(".", j + 1)
        cases.append((title, "\n".join(lines[i + 2 : j]), "\n".join(lines[j + 1 : k])))
        i = k + 1
    return cases


CASES = read_cases(FIXTURES)


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("linking"))
    site.person("volodymyr-zelensky", "Volodymyr Zelensky", ["Zelensky", "Zelenskyy"])
    site.term("kyiv", "Kyiv")
    site.term("donetsk", "Donetsk")
    site.term("donetsk-region", "Donetsk region", ["Donetsk oblast"])
    site.term("donbas", "Donbas", ["Donbass"])
    site.term("kremlin", "Kremlin", kind="organisation", match_case=False)
    site.term("zaporizhzhia-npp", "Zaporizhzhia nuclear power plant", ["ZNPP"])
    site.term("cote-divoire", "Côte d'Ivoire")
    # Names that meet Python-Markdown's placeholders, and names in scripts written without spaces.
    site.term("number-42", "42", kind="other")
    site.term("number-91", "91", kind="other")
    site.term("wzxhzdk", "wzxhzdk", kind="other", match_case=False)
    site.person("xi-jinping", "习近平")
    site.term("beijing", "北京")
    site.person("kishida", "岸田文雄")
    site.term("tokyo", "東京")
    site.term("toyota", "トヨタ", kind="organisation")
    site.term("seoul", "서울")
    site.term("bangkok", "กรุงเทพ")
    site.term("woman", "\U0001f469", kind="other")
    site.page("index.md", "# Home\n")
    for title, source, _ in CASES:
        front, _, body = source.rpartition("---\n") if source.startswith("---\n") else ("", "", source)
        site.page(f"{slug(title)}.md", f"{front}---\n" * bool(front) + f"# {title}\n\n{body}\n")
    (site.root / "docs" / "night.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = site.build()
    assert result.ok, result.error
    return site


@pytest.mark.parametrize(("title", "source", "expected"), CASES, ids=[slug(c[0]) for c in CASES])
def test_linking(built: Site, title: str, source: str, expected: str) -> None:
    got = simplify(built.article(f"{slug(title)}/index.html"))
    assert got == expected.strip()


def test_mention_markup_follows_the_contract(built: Site) -> None:
    html = built.article("first-mention-only/index.html")
    assert (
        '<a class="xp-mention" data-xp-entry="volodymyr-zelensky" data-xp-kind="person" '
        'href="../people/volodymyr-zelensky/" id="xp-m--volodymyr-zelensky">Zelensky</a>'
    ) in html
    assert 'id="xp-m--kyiv"' in html


def test_link_all_numbers_later_mentions(built: Site) -> None:
    html = built.article("front-matter-link-all/index.html")
    assert re.findall(r'id="(xp-m--kyiv[-0-9]*)"', html) == ["xp-m--kyiv", "xp-m--kyiv--2", "xp-m--kyiv--3"]


def test_visible_text_is_unchanged_by_linking(built: Site) -> None:
    """Linking adds markup only: with tags and mention markers removed, the text is the same."""

    def text(html: str) -> str:
        html = re.sub(r"\[([^\]]*)\]\([a-z0-9-]+\)", r"\1", html)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()

    for title, _, expected in CASES:
        assert text(simplify(built.article(f"{slug(title)}/index.html"))) == text(expected), title
