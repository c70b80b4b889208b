"""`explainer check` after an edit to an article's text: only that article rendered again.

A reporter's edit to an article's body changes what the steps across entries and articles find
in that article only: `checkwide.widen` has `checklocal` render it again with the entries
whose names are inside its new text, and work out again what is made of all the articles
together. Each test edits the recorded site of test_check_replay.py and asserts that the cached
check prints what a check without the cache prints (`replayed` compares them), whether it was
answered from the last check, and which articles were rendered again. Articles and notes files
that come or go, and names listed as needing no entry, are answered the same way; the edits that
must run the whole check are tested too.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sitekit import Site
from test_check_cache import cache_home, check, person, term
from test_check_local import _corpus_edit, _rendered, random_edits
from test_check_replay import ADA, age_site, edited, replayed, rsite
from test_check_wide import NOBODY, nobody_aliased

__all__ = ["cache_home", "nobody_aliased", "rsite"]  # Each test's own cache folder; the recorded sites.

SECOND = "# Second\n\nGrace Hopper and Lovelace went to Lagos and to Oslo.\n"
HOME = "# Home\n\nAda Lovelace met Alan Turing in Paris. See [the city](explainer:paris).\n"


NOTES = "annotations/notes/index.yml"
THIRD = "# Third\n\nOslo in winter.\n"
SOURCED = "---\nsources:\n  - title: Report\n    url: {url}\n---\n" + SECOND


def _second(text: str) -> Callable[[Site], object]:
    return lambda s: s.page("second.md", text)


def _note(change: Callable[[str], str]) -> Callable[[Site], object]:
    """The notes file of index.md, changed by `change`."""
    return lambda s: s.write(NOTES, change((s.root / NOTES).read_text()))


# Each: (the edit; the articles rendered again, in order).
LOCAL: dict[str, tuple[Callable[[Site], object], list[str]]] = {
    "a sentence that names no entry": (_second(SECOND + "\nThey met again in spring.\n"), ["second.md"]),
    "a name the article did not hold": (_second(SECOND + "\nAlan Turing was there too.\n"), ["second.md"]),
    "the only mention of an entry taken away": (_second("# Second\n\nGrace Hopper and Lovelace went to Lagos.\n"), ["second.md"]),
    "a mention of an entry no article named": (_second(SECOND + "\nNobody Known stayed home.\n"), ["second.md"]),
    "a link to an entry": (_second(SECOND + "\nSee [the port](explainer:lagos).\n"), ["second.md"]),
    "the only link to an entry taken away": (
        lambda s: s.page("index.md", "# Home\n\nAda Lovelace met Alan Turing in Paris.\n"), ["index.md"],
    ),
    "an alias of an entry, inside a word": (_second(SECOND + "\nthe lovelaces left.\n"), ["second.md"]),
    "a name right after another": (_second(SECOND + "\nGrace Hopper Lovelace and Oslo spoke.\n"), ["second.md"]),
    "only the blank lines": (_second(SECOND.replace("\n\n", "\n\n\n")), ["second.md"]),
    "a link to another entry, its text the same": (
        lambda s: s.page("index.md", HOME.replace("explainer:paris", "explainer:lagos")), ["index.md"],
    ),
    "a context note's body": (_note(lambda n: n.replace("body: B.", "body: Changed.")), ["index.md"]),
    "a context note's quote, another passage": (_note(lambda n: n.replace("quote: in Paris", "quote: met Alan")), ["index.md"]),
    "a context note's review date, now stale": (_note(lambda n: n.replace("2026-11-01", "2025-01-01")), ["index.md"]),
    "a context note's source, now a home page": (
        _note(lambda n: n.replace("https://example.org/n", "https://example.org/")), ["index.md"],
    ),
    "a context note and its article at once": (
        lambda s: (_note(lambda n: n.replace("body: B.", "body: C."))(s), s.page("index.md", HOME + "\nOslo too.\n")),
        ["index.md"],
    ),
    "front matter added, linking off": (_second("---\nexplainer: {link: none}\n---\n" + SECOND), ["second.md"]),
    "a title in the front matter": (_second("---\ntitle: Two\n---\n" + SECOND), ["second.md"]),
    "front matter that is no mapping (a warning)": (_second("---\n- a\n- b\n---\n" + SECOND), ["second.md"]),
    "a likely name no check looked up": (_second(SECOND + "\nThey met Margaret Hamilton there.\n"), ["second.md"]),
    "a likely name that is part of a person's name": (_second(SECOND + "\nThey met Hopper there.\n"), ["second.md"]),
    # Errors of the article's rendering: its own findings, which hold no warning back.
    "front matter that YAML cannot read": (_second("---\ntitle: [unclosed\n---\n" + SECOND), ["second.md"]),
    "a date in the front matter that is no date": (_second("---\npublished: 2026-02-30\n---\n" + SECOND), ["second.md"]),
    "the passage of a context note taken away": (
        lambda s: s.page("index.md", "# Home\n\nAda Lovelace met Alan Turing.\n"), ["index.md"],
    ),
    "a context note's quote no longer in its article": (_note(lambda n: n.replace("quote: in Paris", "quote: in Rome")), ["index.md"]),
    "a source in the front matter, a site's home page": (_second(SOURCED.format(url="https://example.org/")), ["second.md"]),
    "a link to an entry there is not": (_second(SECOND + "\nSee [x](explainer:atlantis).\n"), ["second.md"]),
    "a link to an entry there is not, its id close to one an article does not name": (
        _second(SECOND + "\nSee [x](explainer:nobody-know).\n"), ["second.md"],
    ),
    "two articles at once": (
        lambda s: (s.page("second.md", SECOND + "\nOslo again.\n"), s.page("index.md", HOME + "\nLagos too.\n")),
        ["index.md", "second.md"],
    ),
}

WHOLE: dict[str, Callable[[Site], object]] = {
    "an article deleted, its notes file kept": lambda s: (s.root / "docs/index.md").unlink(),
    "a new article in the folder of the people's pages": lambda s: s.page("people/third.md", THIRD),
    "a new article at an entry's page": lambda s: s.page("glossary/oslo.md", THIRD),
}


@pytest.mark.parametrize("edit", LOCAL)
def test_an_edit_to_an_article_s_text_renders_that_article_alone(
    nobody_aliased: Site, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    change, expected = LOCAL[edit]
    rendered = _rendered_by(nobody_aliased, monkeypatch, change)
    # Each twice: once alone (its text as searched), once with the entries inside that text.
    assert sorted(set(rendered)) == expected and len(rendered) == 2 * len(expected)


def _rendered_by(site: Site, monkeypatch: pytest.MonkeyPatch, change: Callable[[Site], object]) -> list[str]:
    """The articles the check after `change` renders again, each as often as it does, having
    asserted that it is answered from the last check; and that the check after it renders none
    (the answer was recorded)."""
    rendered = _rendered(monkeypatch)
    change(site)
    age_site(site)
    assert replayed(site) == (True, 0)
    out = list(rendered)
    rendered.clear()
    assert replayed(site) == (True, 0)
    assert rendered == []
    return out


@pytest.mark.parametrize("edit", WHOLE)
def test_other_edits_to_articles_run_the_whole_check(nobody_aliased: Site, edit: str) -> None:
    WHOLE[edit](nobody_aliased)
    age_site(nobody_aliased)
    assert replayed(nobody_aliased)[0] is False
    assert replayed(nobody_aliased) == (True, 0)  # That whole check was recorded in its turn.


def _notes_for(article: str, quote: str) -> Callable[[Site], object]:
    """A new notes file for `article`, its one note on `quote`."""
    notes = f"annotations/notes/{article[:-3]}.yml"
    return lambda s: s.write(notes, (s.root / NOTES).read_text().replace("in Paris", quote))


# Each: (articles or notes files that came or went; the articles rendered again, each as often as it is).
CAME_OR_WENT: dict[str, tuple[Callable[[Site], object], list[str]]] = {
    "a new article": (lambda s: s.page("third.md", THIRD), ["third.md"] * 2),
    "a new article, first in order": (lambda s: s.page("a-first.md", THIRD), ["a-first.md"] * 2),
    "a new article in a folder of its own": (lambda s: s.page("news/third.md", THIRD), ["news/third.md"] * 2),
    "a new article naming an entry no article named": (
        lambda s: s.page("third.md", THIRD + "\nNobody Known stayed home.\n"), ["third.md"] * 2,
    ),
    "a new article linking to an entry": (lambda s: s.page("third.md", THIRD + "\nSee [it](explainer:lagos).\n"), ["third.md"] * 2),
    "a new article with a likely name already warned about": (
        lambda s: s.page("a-first.md", THIRD + "\nThey met Margaret Hamilton.\n"), ["a-first.md"] * 2,
    ),
    "a new article and its notes file": (
        lambda s: (s.page("third.md", THIRD), _notes_for("third.md", "in winter")(s)), ["third.md"] * 2,
    ),
    "an article deleted": (lambda s: (s.root / "docs/second.md").unlink(), []),
    "an article deleted, another added": (
        lambda s: ((s.root / "docs/second.md").unlink(), s.page("third.md", SECOND)), ["third.md"] * 2,
    ),
    "a new notes file for the other article": (_notes_for("second.md", "went to Lagos"), ["second.md"] * 2),
    "the notes file deleted": (lambda s: (s.root / NOTES).unlink(), ["index.md"] * 2),
    "the notes file and its article deleted": (lambda s: ((s.root / NOTES).unlink(), (s.root / "docs/index.md").unlink()), []),
    "the name warned about listed as needing no entry": (
        lambda s: s.write("annotations/no-entry-needed.txt", "Margaret Hamilton\n"), ["index.md", "second.md"],
    ),
}


@pytest.fixture
def likely_named(nobody_aliased: Site) -> Site:
    """The recorded site, with a likely name in its second article (whose warning the record keeps)."""
    assert edited(nobody_aliased, _second(SECOND + "\nThey met Margaret Hamilton there.\n")) == (True, 0)
    return nobody_aliased


@pytest.mark.parametrize("edit", CAME_OR_WENT)
def test_an_article_or_notes_file_that_came_or_went_renders_only_the_articles_it_reaches(
    likely_named: Site, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    change, expected = CAME_OR_WENT[edit]
    assert sorted(_rendered_by(likely_named, monkeypatch, change)) == sorted(expected)


def test_a_name_taken_out_of_those_needing_no_entry_is_warned_about_again(likely_named: Site) -> None:
    """Its warning, no longer looked up, is worked out again from the people whose names hold its words."""
    assert edited(likely_named, CAME_OR_WENT["the name warned about listed as needing no entry"][0]) == (True, 0)
    assert "Margaret Hamilton" not in check(likely_named)[0]
    assert edited(likely_named, lambda s: s.write("annotations/no-entry-needed.txt", "Someone Else\n")) == (True, 0)
    assert "`Margaret Hamilton` looks like a name" in check(likely_named)[0]


def test_a_new_likely_name_that_two_people_s_names_hold_names_both(nobody_aliased: Site) -> None:
    """The people are found from the names kept for every entry, then read, in the order a whole
    check lists them."""
    assert edited(nobody_aliased, lambda s: s.write(NOBODY, person("Nobody Known", "[Mr Nobody, Grace Nobody]"))) == (True, 1)
    assert edited(nobody_aliased, _second(SECOND + "\nThey said Grace was right.\n")) == (True, 0)
    expected = "`Grace` could mean `grace-hopper` (Grace Hopper) or `nobody-known` (Nobody Known)"
    assert expected in check(nobody_aliased)[0]


def test_articles_that_come_and_go_one_after_another_are_each_answered(likely_named: Site) -> None:
    """Each answer keeps the articles' records in their order: the next edit starts from them."""
    steps: list[Callable[[Site], object]] = [
        lambda s: s.page("third.md", THIRD + "\nGrace Hopper.\n"),
        lambda s: (s.root / "docs/second.md").unlink(),
        _notes_for("third.md", "in winter"),
        lambda s: s.page("second.md", SECOND),
        lambda s: (s.root / "annotations/notes/third.yml").unlink(),
        lambda s: (s.root / "docs/third.md").unlink(),
    ]
    for step in steps:
        assert edited(likely_named, step) == (True, 0)
    likely_named.write(NOBODY, person("Nobody Known", "[Oslo in]"))  # A name edit after them, in no text.
    age_site(likely_named)
    assert replayed(likely_named) == (True, 1)


def test_a_notes_file_deleted_that_was_a_link_runs_the_whole_check(nobody_aliased: Site) -> None:
    """Its findings named the file it led to, which the record cannot tell once it is gone."""
    kept = nobody_aliased.root / "elsewhere.yml"
    kept.write_text((nobody_aliased.root / NOTES).read_text())
    (nobody_aliased.root / NOTES).unlink()
    (nobody_aliased.root / NOTES).symlink_to(kept)
    age_site(nobody_aliased)
    replayed(nobody_aliased)
    assert edited(nobody_aliased, lambda s: (s.root / NOTES).unlink())[0] is False


def test_an_article_and_a_summary_edited_at_once(nobody_aliased: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary's file is read again for its own findings, the article rendered again."""
    rendered = _rendered(monkeypatch)
    _second(SECOND + "\nOslo again.\n")(nobody_aliased)
    nobody_aliased.write(ADA, person("Ada Lovelace", "[Lovelace]").replace("About Ada", "On Ada"))
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 1)
    assert sorted(set(rendered)) == ["second.md"]


# Each: (the edit, made with an alias or an entry changed in the same run; files read again).
WITH_NAMES: dict[str, tuple[Callable[[Site], object], int]] = {
    "an alias the edited article uses": (
        lambda s: (s.page("second.md", SECOND + "\nMore.\n"), s.write(NOBODY, person("Nobody Known", "[went to]"))), 1,
    ),
    "an alias that only the new text holds": (
        lambda s: (s.page("second.md", SECOND + "\nThe Countess spoke.\n"), s.write(NOBODY, person("Nobody Known", "[Countess]"))),
        1,
    ),
    "an alias the old text held, taken away with the text": (
        lambda s: (s.page("second.md", SECOND.replace("Lovelace went", "she went")), s.write(ADA, person("Ada Lovelace"))), 1,
    ),
    "a new entry named in the new text": (
        lambda s: (s.page("second.md", SECOND + "\nThey flew to Reykjavik.\n"),
                   s.write("annotations/glossary/reykjavik.yml", term("Reykjavik"))),
        1,
    ),
    "a note and an alias no article uses": (
        lambda s: (_note(lambda n: n.replace("body: B.", "body: C."))(s), s.write(NOBODY, person("Nobody Known", "[Mr Nobody, Sir Nobody]"))),
        1,
    ),
}


@pytest.mark.parametrize("edit", WITH_NAMES)
def test_an_article_edited_with_a_name_in_the_same_run_is_answered_from_the_last_check(nobody_aliased: Site, edit: str) -> None:
    """The articles that hold a changed name, before or after, are rendered again beside the edited ones."""
    change, read = WITH_NAMES[edit]
    assert edited(nobody_aliased, change) == (True, read)
    assert replayed(nobody_aliased) == (True, 0)


def test_the_warnings_about_an_article_s_sources_follow_its_front_matter(nobody_aliased: Site) -> None:
    """They are kept with the article's findings: a home page listed, then replaced, then the
    sources taken away again, each answered by rendering that article alone."""
    for url, warned in (("https://example.org/", True), ("https://example.org/report-2026", False)):
        _second(SOURCED.format(url=url))(nobody_aliased)
        age_site(nobody_aliased)
        assert replayed(nobody_aliased) == (True, 0)
        assert ("is a site's home page" in check(nobody_aliased)[0]) is warned
    _second(SECOND)(nobody_aliased)
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 0)


def test_the_warnings_across_articles_follow_the_article(nobody_aliased: Site) -> None:
    """An entry named nowhere else gets its warning when the article stops naming it, and loses it
    when an article names it again."""
    out = check(nobody_aliased)[0]
    assert "`oslo` (Oslo) is not mentioned" not in out
    LOCAL["the only mention of an entry taken away"][0](nobody_aliased)
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 0)
    assert "`oslo` (Oslo) is not mentioned in any article" in check(nobody_aliased)[0]
    LOCAL["a name right after another"][0](nobody_aliased)
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 0)
    assert "`oslo` (Oslo) is not mentioned" not in check(nobody_aliased)[0]


def test_edits_one_after_another_then_an_entry_edit_are_each_answered(nobody_aliased: Site) -> None:
    """Each answer keeps the per-article records and texts it worked out: the next edit, to an
    article or to the names the articles use, starts from them."""
    for extra in ("\nOslo again.\n", "\nNobody Known came.\n", "", "\nthe lovelaces.\n"):
        _second(SECOND + extra)(nobody_aliased)
        age_site(nobody_aliased)
        assert replayed(nobody_aliased) == (True, 0), extra
    nobody_aliased.write(NOBODY, person("Nobody Known", "[lovelaces]"))  # Found only in the edited text.
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 1)
    nobody_aliased.write(ADA, person("Ada Lovelace"))  # Its alias, in both articles now, a likely name.
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 1)


def _article_edit(site: Site, rng: random.Random) -> None:
    """`_one_article_edit` or, a fifth of the time, `_came_or_went`; and a third of the time a name
    edited in the same run (`_corpus_edit`)."""
    if rng.random() < 0.2:
        _came_or_went(site, rng)
    else:
        _one_article_edit(site, rng)
    if rng.random() < 0.33:
        _corpus_edit(site, rng)


def _came_or_went(site: Site, rng: random.Random) -> None:
    """An article added (paragraphs of others), or one deleted (its notes file too, mostly); a notes
    file deleted; or a capitalised pair of words from an article listed as needing no entry."""
    content = site.root / "content"
    articles = sorted(content.rglob("*.md"))
    notes = sorted((site.root / "annotations" / "notes").rglob("*.yml"))
    kind = rng.choice(["add", "add", "delete", "notes", "no-entry"])
    if kind == "add" or len(list(content.glob("*.md"))) < 4:  # `_corpus_edit` takes its phrases from those.
        paragraphs = [p for a in rng.sample(articles, 2) for p in a.read_text().split("\n\n")[1:]]
        body = "\n\n".join(rng.sample(paragraphs, min(3, len(paragraphs))))
        (content / f"added-{rng.randrange(10**6)}.md").write_text(f"# Added\n\n{body}\n")
    elif kind == "delete":
        target = rng.choice(articles)
        target.unlink()
        note = site.root / "annotations" / "notes" / target.relative_to(content).with_suffix(".yml")
        if note.exists() and rng.random() < 0.8:
            note.unlink()
    elif kind == "notes" and notes:
        rng.choice(notes).unlink()
    else:
        words = re.findall(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", rng.choice(articles).read_text())
        listed = site.root / "annotations" / "no-entry-needed.txt"
        before = listed.read_text() if listed.exists() else ""
        listed.write_text(before + "".join(f"{w}\n" for w in rng.sample(words, min(2, len(words)))))


def _one_article_edit(site: Site, rng: random.Random) -> None:
    """A paragraph of an article moved, doubled or taken away, or a phrase of another article's
    text written into it: other names in it, and other crossings and likely names; or its front
    matter changed; or a context note's title or review date changed."""
    notes = sorted((site.root / "annotations" / "notes").rglob("*.yml"))
    if notes and rng.random() < 0.25:  # A context note's title or review date.
        note = rng.choice(notes)
        text = note.read_text()
        if rng.random() < 0.5:
            note.write_text(text.replace('title: "', 'title: "New ', 1))
        else:
            note.write_text(text.replace("reviewed: 2026", "reviewed: 2025", 1))
        return
    articles = sorted((site.root / "content").rglob("*.md"))
    target = rng.choice(articles)
    text = target.read_text()
    head, sep, body = text.partition("\n---\n") if text.startswith("---") else ("", "", text)
    if rng.random() < 0.2:  # Front matter: none, a home page as its source, linking off, a title.
        front = rng.choice(["", "sources:\n  - title: R\n    url: https://example.org/", "explainer: {link: none}", "title: T"])
        target.write_text(f"---\n{front}\n---\n{body}" if front else body)
        return
    paragraphs = body.split("\n\n")
    kind = rng.choice(["drop", "double", "swap", "borrow"])
    i = rng.randrange(1, len(paragraphs)) if len(paragraphs) > 1 else 0
    if kind == "drop" and len(paragraphs) > 2:
        del paragraphs[i]
    elif kind == "double":
        paragraphs.insert(i, paragraphs[i])
    elif kind == "swap" and len(paragraphs) > 2:
        j = rng.randrange(1, len(paragraphs))
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    else:
        other = rng.choice(articles).read_text().split("\n\n")
        paragraphs.insert(i, rng.choice(other[1:] or other))
    target.write_text(head + sep + "\n\n".join(paragraphs))


@pytest.mark.parametrize("seed", range(int(os.environ.get("XP_SEEDS", "2"))))
def test_random_article_edits_on_a_generated_corpus_give_what_a_check_without_the_cache_gives(
    tmp_path: Path, seed: int
) -> None:
    """`bench.corpus`'s articles (headings, lists, tables, links, bold, notes, names matching case
    or not): paragraphs moved, doubled, dropped and borrowed at random, articles and notes files
    added and deleted; each check prints what --no-cache prints (`replayed` asserts it), and some
    are answered by rendering one article."""
    calls = random_edits(tmp_path, seed, _article_edit, 10)
    assert any(calls) or None in calls, "no edit was answered by rendering the edited article alone, and none made an error"


def test_an_error_of_an_article_s_rendering_holds_nothing_back(nobody_aliased: Site) -> None:
    """A note's passage not in its article: the prose's warnings are still given (only annotation
    files' errors hold them back), so the edits after it, and its fix, are answered as usual."""
    assert edited(nobody_aliased, _note(lambda n: n.replace("quote: in Paris", "quote: in Rome"))) == (True, 0)
    out = check(nobody_aliased)[0]
    assert "passage “in Rome” is not in" in out and "is not mentioned in any article" in out
    assert edited(nobody_aliased, lambda s: s.write(NOBODY, person("Nobody Known", "[Mr Nobody, Sir Nobody]"))) == (True, 1)
    assert edited(nobody_aliased, _second(SECOND + "\nOslo again.\n")) == (True, 0)
    assert edited(nobody_aliased, _note(lambda n: n.replace("quote: in Rome", "quote: in Paris"))) == (True, 0)
    assert "in Rome" not in check(nobody_aliased)[0]


def test_a_link_to_an_entry_there_is_not_names_the_closest_of_every_id(nobody_aliased: Site) -> None:
    """Rendered again with the few entries its text holds, the article's error still names the
    closest id of the whole site (`nobody-known`, which no article names or links to)."""
    _second(SECOND + "\nSee [x](explainer:nobody-know).\n")(nobody_aliased)
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 0)
    out = check(nobody_aliased)[0]
    assert "unknown entry id `nobody-know` in a link to `explainer:nobody-know`; did you mean `nobody-known`?" in out
    _second(SECOND)(nobody_aliased)  # The link taken away again: answered too.
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 0)
    assert "unknown entry id" not in check(nobody_aliased)[0]
