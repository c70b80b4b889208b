"""`explainer check` after an edit that changes names the articles never use (`checkwide`).

Each test makes one change to the recorded site of test_check_replay.py and asserts that the cached
check prints what a check without the cache prints (`replayed` compares them), whether the answer
was replayed from the record or the whole check ran, and how many files were read. The edits are
of two kinds: those whose findings stay in the files that changed (replayed), and those that
change what the steps across entries and articles find elsewhere (the whole check runs).
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from sitekit import Site
from test_check_cache import cache_home, check, person, term
from test_check_replay import ADA, age_site, cache_file, edited, recorded, replayed, rsite, write_stamped

__all__ = ["cache_home", "rsite"]  # Each test's own cache folder; the recorded site.

NOBODY = "annotations/people/nobody-known.yml"  # Named in no article.
GRACE = "annotations/people/grace-hopper.yml"


def _all(*changes: Callable[[Site], object]) -> Callable[[Site], None]:
    def change(site: Site) -> None:
        for one in changes:
            one(site)

    return change


def _grace_q1(site: Site) -> None:
    site.write(GRACE, person("Grace Hopper", reviewed="2027-06-01", extra="wikidata: Q1\n"))


def _nobody_q1(site: Site) -> None:
    site.write(NOBODY, person("Nobody Known", extra="wikidata: Q1\n"))

REPLAYED: dict[str, tuple[Callable[[Site], None], int]] = {
    "an alias no article uses": (lambda s: s.write(ADA, person("Ada Lovelace", "[Lovelace, Countess]")), 1),
    "an alias no article uses, taken away again": (lambda s: s.write(NOBODY, person("Nobody Known")), 1),
    "a line above the name of an entry no article names": (
        lambda s: s.write(NOBODY, person("Nobody Known").replace("name:", "# moved\nname:")), 1,
    ),
    "the name of an entry no article names": (lambda s: s.write(NOBODY, person("Someone Else")), 1),
    "a line above the name of an entry the articles name": (
        lambda s: s.write(ADA, person("Ada Lovelace", "[Lovelace]").replace("name:", "# moved\nname:")), 1,
    ),
    "a new person": (lambda s: s.write("annotations/people/brand-new.yml", person("Brand New", "[Newcomer]")), 1),
    "a new term": (lambda s: s.write("annotations/glossary/reykjavik.yml", term("Reykjavik")), 1),
    "an entry no article names, deleted": (lambda s: (s.root / NOBODY).unlink(), 0),
    "a Wikidata id no other entry has": (
        lambda s: s.write(ADA, person("Ada Lovelace", "[Lovelace]", extra="wikidata: Q7259\n")), 1,
    ),
    "an entry no article names, its file renamed (a new id)": (
        lambda s: (s.root / NOBODY).rename(s.root / "annotations/people/nobody-else.yml"), 1,
    ),
    "an entry no article names, moved to a new id and given another name": (
        _all(lambda s: (s.root / NOBODY).unlink(), lambda s: s.write("annotations/people/a-nobody.yml", person("Mr Nobody"))),
        1,
    ),
    "two files at once": (
        _all(
            lambda s: s.write(ADA, person("Ada Lovelace", "[Lovelace, Countess]")),
            lambda s: s.write("annotations/people/brand-new.yml", person("Brand New")),
        ),
        2,
    ),
}


@pytest.fixture
def nobody_aliased(rsite: Site) -> Site:
    """The recorded site, with an alias no article uses given to an entry no article names."""
    rsite.write(NOBODY, person("Nobody Known", "[Mr Nobody]"))
    age_site(rsite)
    replayed(rsite)
    return rsite


@pytest.mark.parametrize("edit", REPLAYED)
def test_an_edit_whose_findings_stay_in_its_files_is_replayed(nobody_aliased: Site, edit: str) -> None:
    change, read = REPLAYED[edit]
    assert edited(nobody_aliased, change) == (True, read)
    assert replayed(nobody_aliased) == (True, 0)  # The replay recorded what changed.


def test_the_warning_that_nothing_links_to_an_entry_follows_its_name(nobody_aliased: Site) -> None:
    nobody_aliased.write(NOBODY, person("Someone Else").replace("name:", "# moved\n\nname:"))
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 1)
    out = check(nobody_aliased)[0]
    assert f"{NOBODY}:4:7: warning: `nobody-known` (Someone Else) is not mentioned" in out
    assert "(Nobody Known)" not in out


def test_edits_one_after_another_are_each_replayed(nobody_aliased: Site) -> None:
    """Each replay keeps the facts of the files it read: the next edit is judged on them."""
    for aliases in ("[Countess]", "[Countess, Enchantress of Numbers]", "[Enchantress of Numbers]"):
        nobody_aliased.write(NOBODY, person("Nobody Known", aliases))
        age_site(nobody_aliased)
        assert replayed(nobody_aliased) == (True, 1)


def _page_at_entry_path(site: Site) -> None:
    site.page("people/zed-zedson.md", "# Zed\n\nA page of its own.\n")


def _likely_name(site: Site) -> None:
    site.page("third.md", "# Third\n\nMargaret Hamilton wrote the code.\n")


# Each: (a change recorded by a whole check first, if any; the edit). (Edits to names the articles
# use that `checklocal` answers are in test_check_local.py.)
WHOLE: dict[str, tuple[Callable[[Site], object] | None, Callable[[Site], object]]] = {
    "a name another entry has": (None, lambda s: s.write(NOBODY, person("Nobody Known", "[Grace Hopper]"))),
    "a name another entry has, in other capitals": (None, lambda s: s.write(NOBODY, person("Nobody Known", "[grace hopper]"))),
    "a Wikidata id another entry has": (_grace_q1, _nobody_q1),
    "a Wikidata id no longer shared": (_all(_grace_q1, _nobody_q1), lambda s: s.write(NOBODY, person("Nobody Known"))),
    "an entry an article links to, deleted": (None, lambda s: (s.root / "annotations/glossary/paris.yml").unlink()),
    "a new entry whose id an article holds": (None, lambda s: s.write("annotations/glossary/city.yml", term("Metropolis"))),
    "a new entry whose page is an article's path": (
        _page_at_entry_path, lambda s: s.write("annotations/people/zed-zedson.yml", person("Zed Zedson")),
    ),
    "an entry whose case rule changes": (
        None, lambda s: s.write("annotations/glossary/oslo.yml", term("Oslo", reviewed="2024-01-01") + "match_case: false\n"),
    ),
    "two entries whose names differ only in capitals, both renamed at once": (
        _all(
            lambda s: s.write("annotations/people/twin-one.yml", person("Zara Quill")),
            lambda s: s.write("annotations/people/twin-two.yml", person("ZARA QUILL")),
        ),
        _all(
            lambda s: s.write("annotations/people/twin-one.yml", person("Zara Quillon")),
            lambda s: s.write("annotations/people/twin-two.yml", person("ZARA QUILLET")),
        ),
    ),
    "an error in another file beforehand": (
        lambda s: s.write("annotations/glossary/lagos.yml", "term: [unclosed\n"),
        lambda s: s.write(NOBODY, person("Nobody Known", "[Countess]")),
    ),
}


@pytest.mark.parametrize("edit", WHOLE)
def test_an_edit_that_changes_other_findings_runs_the_whole_check(nobody_aliased: Site, edit: str) -> None:
    before, change = WHOLE[edit]
    recorded(nobody_aliased, before)
    assert edited(nobody_aliased, change)[0] is False
    assert replayed(nobody_aliased) == (True, 0)  # That whole check was recorded in its turn.


@pytest.mark.parametrize("damage", ["missing", "from-another-check", "wrong-shapes"])
def test_damaged_facts_run_the_whole_check(nobody_aliased: Site, cache_home: Path, damage: str) -> None:
    file = cache_file(cache_home, "replay-wide")
    head, _, body = file.read_bytes().partition(b"\n")
    value = json.loads(body)
    if damage == "missing":
        file.unlink()
    elif damage == "from-another-check":
        write_stamped(file, json.loads(head), {**value, "token": "another"})
    else:
        write_stamped(file, json.loads(head), {**value, "rows": {key: [None] for key in value["rows"]}})
    nobody_aliased.write(NOBODY, person("Nobody Known", "[Countess]"))
    age_site(nobody_aliased)
    assert replayed(nobody_aliased)[0] is False
    nobody_aliased.write(NOBODY, person("Nobody Known", "[Count]"))
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 1)  # The whole check kept the facts afresh.


# -- edits drawn at random: whatever the check answers from, it prints what --no-cache prints ------

_WORDS = ["Lovelace", "Countess", "Oslo", "went to", "Mr Nobody", "Paris", "Grace", "Hamilton", "Turing",
          "Analytical Engine", "Lagos Lagoon", "Met", "Zed", "bra"]  # fmt: skip
_PHRASES = ["**Zed**bra", "Zed*bra*", "the Analytical *Engine*", "`Turing` machine", "Countess of Lovelace"]
"""Article phrases with inline markup, where the linker's pieces of text differ from the block's."""
"""Names to give: some the articles use (whole, or inside a longer phrase), some nobody has."""
_PEOPLE = ["ada-lovelace", "alan-turing", "grace-hopper", "nobody-known", "no-schema", "x-one", "x-two"]


def _random_edit(site: Site, rng: random.Random) -> None:
    who = rng.choice(_PEOPLE)
    path = site.root / f"annotations/people/{who}.yml"
    kind = rng.choice(["aliases", "aliases", "rename", "delete", "wikidata", "line above", "article"])
    if kind == "delete":
        path.unlink(missing_ok=True)
        return
    if kind == "article":
        site.page("third.md", f"# Third\n\n{rng.choice(_WORDS)} and {rng.choice(_PHRASES)} spoke.\n")
        return
    name = " ".join(part.capitalize() for part in who.split("-"))
    if kind == "rename":
        name = rng.choice(["Ada Byron", "Someone Else", "Margaret Hamilton", name + " Jr"])
    aliases = ", ".join(rng.sample(_WORDS, rng.randrange(3)))
    extra = f"wikidata: Q{rng.randrange(1, 4)}\n" if kind == "wikidata" else ""
    text = person(name, f"[{aliases}]", extra=extra)
    site.write(str(path.relative_to(site.root)), text.replace("name:", "# above\nname:") if kind == "line above" else text)


@pytest.mark.parametrize("seed", range(int(os.environ.get("XP_SEEDS", "4"))))
def test_random_edits_give_what_a_check_without_the_cache_gives(rsite: Site, seed: int) -> None:
    """Whichever way each check is answered (a replay, the wide replay, the articles an edit reaches
    redone, or the whole check: all occur among these seeds), it prints what --no-cache prints
    (`replayed` asserts it)."""
    rng = random.Random(seed)
    answered = []
    for _ in range(10):
        for _ in range(rng.choice([1, 1, 2])):  # Two files at once, at times: answered together.
            _random_edit(rsite, rng)
        age_site(rsite)
        answered.append(replayed(rsite)[0])
    assert len(answered) == 10


def test_facts_left_from_before_the_last_replay_are_not_used(nobody_aliased: Site, cache_home: Path) -> None:
    """A check stopped between writing its record and the facts beside it: the facts are those of
    the entries before its edit (here: without the Wikidata id), which would hide that the next
    edit shares that id. The record's new token tells them apart."""
    file = cache_file(cache_home, "replay-wide")
    before = file.read_bytes()
    nobody_aliased.write(NOBODY, person("Nobody Known", extra="wikidata: Q5\n"))
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 1)
    file.write_bytes(before)
    nobody_aliased.write(GRACE, person("Grace Hopper", reviewed="2027-06-01", extra="wikidata: Q5\n"))
    age_site(nobody_aliased)
    assert replayed(nobody_aliased)[0] is False
    assert "Wikidata id Q5 is also that of `grace-hopper`" in check(nobody_aliased)[0]


def _picture(src: str) -> str:
    return f"image:\n  src: {src}\n  alt: Ada\n  credit: Made for the test\n  license: CC0 1.0\n"


# Each: (a picture given to Ada, whose entry both articles name; whether the last answer gives it).
PICTURES: dict[str, tuple[str, bool]] = {
    "a picture in the annotations folder": ("annotations/images/ada.png", True),
    "the other picture": ("annotations/images/ada.jpg", True),
    "a picture there is not": ("annotations/images/nobody.png", False),
    "a picture beside a file of docs_dir at its copy's path (a file, not a page)": ("annotations/images/clash.png", True),
}


@pytest.mark.parametrize("edit", PICTURES)
def test_a_picture_given_to_an_entry_is_answered_from_the_last_check_if_it_can_be_shown(
    nobody_aliased: Site, edit: str
) -> None:
    """A picture's only findings across files are its errors (it cannot be shown, or its copy lands
    on a page): a picture that can be shown reaches nothing else."""
    src, answered = PICTURES[edit]

    def files(s: Site) -> None:  # Files of annotations/ and docs_dir: recorded by a whole check first.
        for name in ("ada.png", "ada.jpg", "clash.png"):
            s.write(f"annotations/images/{name}", "a picture\n")
        s.write("docs/assets/explainer/media/ada-lovelace.png", "a page's own file\n")

    recorded(nobody_aliased, files)
    assert edited(nobody_aliased, lambda s: s.write(ADA, person("Ada Lovelace", "[Lovelace]", extra=_picture(src))))[0] is answered
    if answered:  # Then taken away again.
        assert edited(nobody_aliased, lambda s: s.write(ADA, person("Ada Lovelace", "[Lovelace]"))) == (True, 1)


def test_a_new_entry_whose_picture_cannot_be_shown_runs_the_whole_check(nobody_aliased: Site) -> None:
    """The error is the loader's, among the shared findings: only the whole check gives it."""
    new = person("Brand New", extra=_picture("annotations/images/none.png"))
    assert edited(nobody_aliased, lambda s: s.write("annotations/people/brand-new.yml", new))[0] is False
    assert "none.png" in check(nobody_aliased)[0]



def test_a_name_an_article_edit_brings_in_is_known_to_the_next_name_edit(rsite: Site) -> None:
    """An alias no article used, then written in an article where it crosses another entry's name
    (answered by rendering that article again), then taken away. The entry is neither linked nor
    named there (the other name comes first), so only the note that its alias is now found there
    (`_gained`) tells the last edit that the article renders otherwise: its crossing warning goes."""
    nobody = (rsite.root / NOBODY).read_text()
    with_alias = nobody.replace("aliases: []", "aliases: [Hopper Went]")
    assert with_alias != nobody
    assert edited(rsite, lambda s: s.write(NOBODY, with_alias))[0]
    page = rsite.root / "docs" / "second.md"
    assert edited(rsite, lambda s: page.write_text(page.read_text() + "\nGrace Hopper Went home.\n"))[0]
    assert "could mean two entries" in check(rsite)[0]
    assert edited(rsite, lambda s: s.write(NOBODY, nobody))[0]  # Answered as a check without the cache.
    assert "could mean two entries" not in check(rsite)[0]
