"""The shipped Abu Dhabi explainer: built strictly, complete, every entry sourced and linked."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import engine
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "content" / "abu-dhabi-talks.md"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        engine.command("build", "--strict", "-d", str(out)),
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out


def _entries(kind: str) -> dict[str, dict[str, object]]:
    folder = REPO / "annotations" / kind
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yml"))}


def _words(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(re.findall(r"[\w’'–-]+", text))


def test_article_length() -> None:
    assert 900 <= _words(ARTICLE) <= 1400


def test_counts_of_people_terms_and_notes() -> None:
    assert len(_entries("people")) >= 16
    assert len(_entries("glossary")) >= 15
    notes = yaml.safe_load((REPO / "annotations/notes/abu-dhabi-talks.yml").read_text(encoding="utf-8"))["notes"]
    assert len(notes) >= 10


def test_every_person_and_term_is_linked_in_an_article(site: Path) -> None:
    html = "".join(
        (site / page / "index.html").read_text(encoding="utf-8") for page in ("abu-dhabi-talks", "key-questions")
    )
    linked = set(re.findall(r'class="xp-mention" data-xp-entry="([a-z0-9-]+)"', html))
    everything = set(_entries("people")) | set(_entries("glossary"))
    assert everything - linked == set()


def test_the_article_links_each_name_once_and_places_every_note(site: Path) -> None:
    html = (site / "abu-dhabi-talks" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'class="xp-mention" data-xp-entry="[a-z0-9-]+" data-xp-kind="\w+" href="[^"]+" id="([^"]+)"', html)
    auto = [i for i in ids if not re.search(r"-\d+$", i)]
    assert len(auto) == len(set(auto)) >= 30
    notes = yaml.safe_load((REPO / "annotations/notes/abu-dhabi-talks.yml").read_text(encoding="utf-8"))["notes"]
    for note in notes:
        assert f'id="xp-noteref--{note["id"]}"' in html
        assert f'<li class="xp-endnote" id="xp-note--{note["id"]}"' in html


def test_every_entry_page_has_sources_and_a_reviewed_date(site: Path) -> None:
    for kind in ("people", "glossary"):
        for entry_id in _entries(kind):
            page = (site / kind / entry_id / "index.html").read_text(encoding="utf-8")
            sources = page[page.index('<section class="xp-entry-sources"') :]
            assert re.search(r'<li><a href="https?://[^"]+" rel="noopener">[^<]+</a></li>', sources), entry_id
            assert re.search(r'<p class="xp-entry-reviewed">Reviewed <time datetime="\d{4}-\d{2}-\d{2}">', page), entry_id
            assert "<h2 id=\"xp-backlinks-title\">Mentioned in</h2>" in page
            assert "No article mentions this entry yet." not in page, entry_id


def test_every_note_has_sources_and_a_reviewed_date() -> None:
    for path in (REPO / "annotations" / "notes").glob("*.yml"):
        for note in yaml.safe_load(path.read_text(encoding="utf-8"))["notes"]:
            assert note["sources"] and all(s["url"].startswith("http") for s in note["sources"])
            assert note["reviewed"]


def test_spellings_readers_meet_are_aliases() -> None:
    names = {
        n for e in [*_entries("people").values(), *_entries("glossary").values()]
        for n in [e.get("name") or e.get("term"), *(e.get("aliases") or [])]  # type: ignore[list-item]
    }  # fmt: skip
    for spelling in ("Zelensky", "Zelenskyy", "Donbas", "Donbass", "ZNPP", "NSDC", "UAE", "GRU", "Kremlin"):
        assert spelling in names


def test_timeline_lists_the_dated_events_in_order(site: Path) -> None:
    html = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    dates = re.findall(r'<li class="xp-timeline-event"><time datetime="([\d-]+)">', html)
    assert len(dates) >= 8 and dates == sorted(dates)
    # The background a reader needs: 2014 in Donbas, the invasion, the IAEA's arrival, the 2022
    # annexation claims, the 2025 Istanbul talks, the energy truce and the talks themselves.
    for day in ("2014-04-12", "2022-02-24", "2022-09-01", "2022-09-30", "2025-05-16", "2026-01-29", "2026-02-04"):
        assert day in dates, day
    # Same-day events keep the order in which they happened: the talks opened, then the market was hit.
    ids = re.findall(r'<li class="xp-timeline-event"><time datetime="2026-02-04">.*?href="[^"]*?/([a-z0-9-]+)/"', html, flags=re.S)
    assert ids.index("abu-dhabi-talks") < ids.index("market-strike"), ids


def test_key_questions_page_answers_the_five_questions() -> None:
    text = (REPO / "content" / "key-questions.md").read_text(encoding="utf-8")
    questions = re.findall(r"^#{2,3} (.+)$", text, flags=re.M)
    assert len(questions) >= 5
    for topic in ("negotiat", "Zaporizhzhia", "China", "France"):
        assert any(topic in q for q in questions), topic


CARD_WORD_LIMIT = 45
"""Card summaries and context notes are read in a small popup: each must stay under this many words."""


def _plain_words(text: str) -> int:
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(re.findall(r"[\w’'–-]+", text))


def test_every_card_summary_and_note_is_under_the_word_limit() -> None:
    too_long = []
    for kind in ("people", "glossary"):
        for entry_id, entry in _entries(kind).items():
            if _plain_words(str(entry["summary"])) >= CARD_WORD_LIMIT:
                too_long.append(f"{kind}/{entry_id}: {_plain_words(str(entry['summary']))} words")
    for path in sorted((REPO / "annotations" / "notes").glob("*.yml")):
        for note in yaml.safe_load(path.read_text(encoding="utf-8"))["notes"]:
            if _plain_words(str(note["body"])) >= CARD_WORD_LIMIT:
                too_long.append(f"{path.name}#{note['id']}: {_plain_words(str(note['body']))} words")
    assert too_long == [], too_long


def test_no_kiev_spelling() -> None:
    for path in [*(REPO / "content").rglob("*.md"), *(REPO / "annotations").rglob("*.yml")]:
        assert "Kiev" not in path.read_text(encoding="utf-8"), path


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_content_has_no_generated_files() -> None:
    # Entry pages are generated at build time: nothing may be written into content/.
    assert not (REPO / "content" / "people").exists() and not (REPO / "content" / "glossary").exists()


def test_the_article_shows_its_dateline_and_sources_and_dated_entries_say_as_of(site: Path) -> None:
    article = (site / "abu-dhabi-talks" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="xp-dateline".*?<time datetime="2026-02-05">', article, re.S)
    sources = article.split('class="xp-article-sources"', 1)[1]
    assert len(re.findall(r"<li\b", sources.split("</section>", 1)[0])) >= 5
    # Every entry whose facts can change carries its own date, on its page and in its card.
    dated = {i: e["as_of"] for kind in ("people", "glossary") for i, e in _entries(kind).items() if "as_of" in e}
    assert {"kostiantynivka", "sloviansk", "zaporizhzhia-npp"} <= dated.keys()
    page = (site / "glossary" / "kostiantynivka" / "index.html").read_text(encoding="utf-8")
    assert f'<time datetime="{dated["kostiantynivka"].isoformat()}">' in page.split("xp-entry-facts-asof", 1)[1][:200]
    card = article.split('id="xp-card--kostiantynivka"', 1)[1].split('class="xp-card-summary"', 1)[0]
    assert f'xp-card-facts-asof">as of <time datetime="{dated["kostiantynivka"].isoformat()}">' in card
