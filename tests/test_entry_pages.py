"""Entry pages in real builds: linked bodies, the header, mentions by article, related entries, images."""

from __future__ import annotations

import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from sitekit import Site, parse_html

UMEROV_BODY = """\
He met Abe Zed in Kyiv, and Kyiv again. Umerov's own name is never a link to his page.

### Kyiv in a heading

Code stays code: `Kyiv`. A link stays a link: [Kyiv talks](https://example.org/kyiv).
Kyivan is not Kyiv.
"""


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A small valid PNG, made here: the test image for the layout (no real portrait ships)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    rows = b"".join(b"\x00" + b"\x40\x80\xc0" * width for _ in range(height))
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("entries"))
    site.write("annotations/images/umerov.png", "")
    (site.root / "annotations/images/umerov.png").write_bytes(tiny_png())
    image = {"src": "annotations/images/umerov.png", "alt": "A test pattern", "credit": "Made by the test", "license": "CC0 1.0"}
    site.person(
        "rustem-umerov", "Rustem Umerov", ["Umerov"], role="Secretary of the NSDC",
        summary="Umerov heads the NSDC.", body=UMEROV_BODY, image=image,
    )  # fmt: skip
    site.person("abe-zed", "Abe Zed", summary="Abe Zed worked with the NSDC.")
    site.person("cy-lone", "Cy Lone", image={"src": "https://example.org/cy.jpg", "alt": "Cy", "credit": "X", "license": "CC BY 4.0"})
    site.term("kyiv", "Kyiv", kind="place")
    site.term("nsdc", "National Security and Defence Council", ["NSDC"], kind="organisation", as_of="2026-03-01")
    site.term("talks", "Abu Dhabi talks", kind="event", date="2026-02-04")
    site.page("index.md", "# Home\n\nNothing here.\n")
    site.page("b-report.md", "# B report\n\nRustem Umerov and the Abu Dhabi talks.\n\nKyiv, far from Abe Zed.\n")
    site.page("a-story.md", "# A story\n\nThe NSDC met. Rustem Umerov spoke.\n\nCy Lone was elsewhere.\n")
    result = site.build()
    assert result.ok, result.error
    return site


def entry(site: Site, rel: str) -> str:
    return site.article(rel)


def section(html: str, cls: str) -> str:
    start = html.index(f'class="{cls}"')
    return html[start : html.index("</section>", start)]


def mentions(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]*)" class="xp-mention" data-xp-entry="([^"]+)"', html)


def test_summary_and_body_link_other_entries_at_their_first_mention(built: Site) -> None:
    html = entry(built, "people/rustem-umerov/index.html")
    summary = html[html.index('class="xp-entry-summary"') : html.index('class="xp-entry-body"')]
    body = html[html.index('class="xp-entry-body"') : html.index('class="xp-backlinks"')]
    assert mentions(summary) == [("../../glossary/nsdc/", "nsdc")]
    # Kyiv once (the first of three mentions), Abe Zed once; the NSDC was linked in the summary.
    assert mentions(body) == [("../abe-zed/", "abe-zed"), ("../../glossary/kyiv/", "kyiv")]


def test_an_entry_never_links_to_itself(built: Site) -> None:
    html = entry(built, "people/rustem-umerov/index.html")
    assert [m for m in mentions(html) if m[1] == "rustem-umerov"] == []
    assert "<p>Umerov heads the" in html and "Umerov's own name is never a link" in html


def test_body_links_keep_the_articles_rules(built: Site) -> None:
    body = entry(built, "people/rustem-umerov/index.html")
    body = body[body.index('class="xp-entry-body"') : body.index('class="xp-backlinks"')]
    assert "<h3>Kyiv in a heading</h3>" in body
    assert "<code>Kyiv</code>" in body
    assert '<a href="https://example.org/kyiv" rel="noopener noreferrer">Kyiv talks</a>' in body
    assert "Kyivan is not Kyiv." in body  # a later mention, and a longer word, stay text


def test_entry_pages_carry_the_cards_of_the_entries_they_link_and_cards_stay_plain(built: Site) -> None:
    page = built.html("people/rustem-umerov/index.html")
    cards = page[page.index('<aside class="xp-cards"') :]
    cards = cards[: cards.index("</aside>")]
    # The entries its text links, and its related entries (their chips open cards too).
    assert sorted(re.findall(r'id="xp-card--([a-z0-9-]+)"', cards)) == ["abe-zed", "kyiv", "nsdc", "talks"]
    # Abe Zed's summary names the NSDC: in his card it is text, not a link (no card inside a card).
    assert "<p>Abe Zed worked with the NSDC.</p>" in cards and "xp-mention" not in cards
    # On his own page the same summary links it.
    assert mentions(entry(built, "people/abe-zed/index.html"))[0] == ("../../glossary/nsdc/", "nsdc")
    # An entry page whose text links nothing still has the cards of its related entries' chips.
    talks = built.html("glossary/talks/index.html")
    assert re.findall(r'id="xp-card--([a-z0-9-]+)"', talks) == ["rustem-umerov"]


def test_header_shows_kind_name_role_and_aliases(built: Site) -> None:
    root = parse_html(entry(built, "people/rustem-umerov/index.html"))
    header = root.find("header")
    assert "xp-entry-header" in header.classes
    texts = [n.text() for n in header.iter() if n.tag == "p"]
    assert texts[0] == "Person"
    assert "Secretary of the NSDC (as of 4 February 2026)" in texts
    assert "Also written: Umerov" in texts
    assert header.find("h1").text() == "Rustem Umerov"
    term = entry(built, "glossary/nsdc/index.html")
    assert '<p class="xp-entry-kind">Organisation</p>' in term
    assert '<span class="xp-entry-facts-asof">as of <time datetime="2026-03-01">1 March 2026</time></span>' in term
    event = entry(built, "glossary/talks/index.html")
    assert '<time class="xp-entry-date" datetime="2026-02-04">4 February 2026</time>' in event


def test_mentions_are_grouped_by_article_with_sentence_and_exact_place(built: Site) -> None:
    html = section(entry(built, "people/rustem-umerov/index.html"), "xp-backlinks")
    groups = re.findall(r'<h3 class="xp-backlink-article">([^<]+)</h3>', html)
    assert groups == ["A story", "B report"]
    assert '<p>Rustem Umerov spoke.</p></blockquote>' in html
    assert re.search(r'<a class="xp-backlink-go xp-preview" href="../../a-story/#xp-m--rustem-umerov" data-xp-passage="\d+">', html)
    assert '<p>Rustem Umerov and the Abu Dhabi talks.</p>' in html
    assert built.backlinks("people/rustem-umerov/index.html") == [
        "../../a-story/#xp-m--rustem-umerov", "../../b-report/#xp-m--rustem-umerov",
    ]  # fmt: skip


def test_related_entries_come_from_shared_passages_and_names_in_the_text(built: Site) -> None:
    def related(rel: str) -> list[str]:
        html = entry(built, rel)
        if 'class="xp-related"' not in html:
            return []
        return re.findall(r'data-xp-entry="([a-z0-9-]+)"', section(html, "xp-related"))

    # Named in his text (NSDC, Abe Zed, Kyiv: 3 each), the NSDC also in a passage with him (1 more),
    # and the talks in a passage with him only (1).
    assert related("people/rustem-umerov/index.html") == ["nsdc", "abe-zed", "kyiv", "talks"]
    # Kyiv: its name is in Umerov's body (3); Abe Zed shares the passage "Kyiv, far from Abe Zed." (1).
    assert related("glossary/kyiv/index.html") == ["rustem-umerov", "abe-zed"]
    assert related("glossary/talks/index.html") == ["rustem-umerov"]
    assert related("people/cy-lone/index.html") == []


def test_the_image_is_shown_with_credit_and_licence_and_as_a_card_thumbnail(built: Site) -> None:
    html = entry(built, "people/rustem-umerov/index.html")
    assert '<header class="xp-entry-header xp-entry-header--image">' in html
    assert '<img src="../../assets/explainer/media/rustem-umerov.png" alt="A test pattern">' in html
    assert '<span class="xp-entry-credit">Made by the test</span> · <span class="xp-entry-license">CC0 1.0</span>' in html
    assert built.html("a-story/index.html").count('<img class="xp-card-image" src="../assets/explainer/media/rustem-umerov.png"') == 1
    # An https:// image is shown from its address and not copied.
    assert '<img src="https://example.org/cy.jpg" alt="Cy">' in entry(built, "people/cy-lone/index.html")
    assert '<img class="xp-card-image" src="https://example.org/cy.jpg"' in built.html("a-story/index.html")
    assert not list((built.root / "site/assets/explainer/media").glob("cy-lone*"))


PERSON = """\
name: Ada Vale
role:
  title: Minister
  as_of: 2026-02-04
summary: A person.
sources:
  - title: Reference
    url: https://example.org/ada
reviewed: 2026-11-29
image:
"""


@pytest.mark.parametrize(
    ("image", "files", "expected"),
    [
        ("  src: images/ada.png\n  alt: Ada\n  credit: C\n  license: L\n", ["images/ada.png"],
         "annotations/people/ada-vale.yml:11:8: error: image `images/ada.png` is not in the docs or annotations "
         "folder; move it under `docs/` or `annotations/`"),
        ("  src: http://example.org/ada.png\n  alt: Ada\n  credit: C\n  license: L\n", [],
         "annotations/people/ada-vale.yml:11:8: error: image `http://example.org/ada.png` should be a file path or"
         " an https:// address"),
        ("  src: docs/ada.svg\n  alt: Ada\n  credit: C\n  license: L\n", ["docs/ada.svg"],
         "annotations/people/ada-vale.yml:11:8: error: image `docs/ada.svg` should be one of: .png, .jpg"),
        ("  src: docs/ada.png\n  alt: Ada\n  license: L\n", ["docs/ada.png"],
         "annotations/people/ada-vale.yml:11:3: error: missing required key `credit` (Who made the image"),
        ("  src: docs/ada.png\n  alt: Ada\n  credit: C\n", ["docs/ada.png"],
         "annotations/people/ada-vale.yml:11:3: error: missing required key `license` (The licence that lets"),
        ("  src: docs/ada.png\n  credit: C\n  license: L\n", ["docs/ada.png"],
         "annotations/people/ada-vale.yml:11:3: error: missing required key `alt`"),
    ],
    ids=["outside-folders", "http", "svg", "no-credit", "no-license", "no-alt"],
)
def test_image_errors_say_where_and_what_to_do(tmp_path: Path, image: str, files: list[str], expected: str) -> None:
    site = Site(tmp_path)
    for rel in files:
        (site.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (site.root / rel).write_bytes(tiny_png())
    site.write("annotations/people/ada-vale.yml", PERSON + image)
    site.page("index.md", "# Home\n\nAda Vale.\n")
    result = site.build()
    assert not result.ok
    assert expected in result.error, result.error
    assert "Traceback" not in result.error


def test_an_image_in_the_docs_folder_is_accepted(tmp_path: Path) -> None:
    site = Site(tmp_path)
    (site.root / "docs/img").mkdir(parents=True)
    (site.root / "docs/img/ada.png").write_bytes(tiny_png())
    site.write("annotations/people/ada-vale.yml", PERSON + "  src: docs/img/ada.png\n  alt: Ada\n  credit: C\n  license: L\n")
    site.page("index.md", "# Home\n\nAda Vale.\n")
    assert site.build().ok
    assert (site.root / "site/assets/explainer/media/ada-vale.png").read_bytes() == tiny_png()


def test_new_entry_scaffold_shows_the_image_block(tmp_path: Path) -> None:
    site = Site(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs_explainer", "new", "person", "Ada Vale"],
        cwd=site.root, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    text = (site.root / "annotations/people/ada-vale.yml").read_text(encoding="utf-8")
    assert "# image:\n#   src: annotations/images/ada-vale.jpg\n" in text and '#   license: "CC BY-SA 4.0"' in text
