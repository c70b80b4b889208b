"""`explainer check` after an edit to names the articles use (`checklocal`).

Each test edits the recorded site of test_check_replay.py so that some article renders otherwise,
and asserts that the cached check prints what a check without the cache prints (`replayed`
compares them), that it was answered from the last check with only the changed files read, and,
where it matters, which articles were rendered again and which warnings moved. Edits that the
redo must refuse (a likely name no check looked up, an entry gone that an article links to) are in
test_check_wide.py's `WHOLE`.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from mkdocs_explainer.editors import checklocal, coverage
from mkdocs_explainer.editors.check import CheckOptions, run_check
from sitekit import Site
from test_check_cache import TODAY, cache_home, check, person, term
from test_check_replay import ADA, age_site, cache_file, edited, recorded, replayed, rsite, write_stamped
from test_check_wide import NOBODY, _all, _likely_name, nobody_aliased

from bench.check import write_site

__all__ = ["cache_home", "nobody_aliased", "rsite"]  # Each test's own cache folder; the recorded sites.

OSLO = "annotations/glossary/oslo.yml"


def _zedbra(site: Site) -> None:
    site.page("third.md", "# Third\n\nThe **Zed**bra ran.\n")  # One word to the block, "Zed" to the linker.


def _link_off(site: Site) -> None:
    site.page("fourth.md", "---\nexplainer: {link: none}\n---\n# Fourth\n\nThe Vienna Circle met.\n")


def _reykjavik(site: Site) -> None:
    site.page("third.md", "# Third\n\nThey flew to Reykjavik on Monday.\n")


def _case_twins(site: Site) -> None:
    """Two entries whose names match case and differ only in capitals, both named (where linking is
    off, so that only the entries listed as near the article say they are there) in an article that
    an alias the articles use also reaches."""
    site.write("annotations/glossary/apple-corps.yml", term("Apple Corps"))
    site.write("annotations/glossary/apple-caps.yml", term("APPLE CORPS"))
    site.page("fifth.md", "---\nexplainer: {link: none}\n---\n# Fifth\n\nAPPLE CORPS and Apple Corps went to Lagos.\n")


def _short_form(site: Site) -> None:
    site.page("third.md", "# Third\n\nMargaret Hamilton wrote the code. They said Hamilton was right.\n")


# Each: (a change recorded by a whole check first, if any; the edit; files read by the replay).
LOCAL: dict[str, tuple[Callable[[Site], object] | None, Callable[[Site], object], int]] = {
    "an alias an article uses": (None, lambda s: s.write(NOBODY, person("Nobody Known", "[went to]")), 1),
    "an alias inside a word of a block, at the edge of bold text": (
        _zedbra, lambda s: s.write(NOBODY, person("Nobody Known", "[Zed]")), 1,
    ),
    "that alias taken away again": (
        _all(_zedbra, lambda s: s.write(NOBODY, person("Nobody Known", "[Zed]"))),
        lambda s: s.write(NOBODY, person("Nobody Known")), 1,
    ),
    "a new entry whose name was a likely name": (
        _reykjavik, lambda s: s.write("annotations/glossary/reykjavik.yml", term("Reykjavik")), 1,
    ),
    "a new person whose name was a likely name": (
        _likely_name, lambda s: s.write("annotations/people/margaret-hamilton.yml", person("Margaret Hamilton")), 1,
    ),
    "a new person whose name holds a likely name": (
        _likely_name, lambda s: s.write("annotations/people/margaret-h.yml", person("Margaret Hamilton Wright")), 1,
    ),
    "a person's name that a likely name is part of, changed": (
        _all(_likely_name, lambda s: s.write(NOBODY, person("Margaret Hamilton Jones"))),
        lambda s: s.write(NOBODY, person("Margaret Hamilton Smith")), 1,
    ),
    "a person whose name holds a likely name, deleted": (
        _all(_likely_name, lambda s: s.write(NOBODY, person("Margaret Hamilton Jones"))), lambda s: (s.root / NOBODY).unlink(), 0,
    ),
    "a new person named by the likely name, its short form written too": (
        _short_form, lambda s: s.write("annotations/people/margaret-hamilton.yml", person("Margaret Hamilton")), 1,
    ),
    "an alias that crosses another entry's name": (
        None, lambda s: s.write(NOBODY, person("Nobody Known", "[Hopper and Lovelace]")), 1,
    ),
    "an alias moved from one entry to another": (
        None,
        _all(lambda s: s.write(ADA, person("Ada Lovelace")), lambda s: s.write(NOBODY, person("Nobody Known", "[Lovelace]"))),
        2,
    ),
    "an entry the articles name, deleted, its name now another's alias": (
        None,
        _all(lambda s: (s.root / OSLO).unlink(), lambda s: s.write(NOBODY, person("Nobody Known", "[Oslo]"))),
        1,
    ),
    "an alias in the article with a context note and a link to an entry": (
        None, lambda s: s.write(NOBODY, person("Nobody Known", "[Alan, met]")), 1,
    ),
    "an alias in an article that holds two names differing only in capitals": (
        _case_twins, lambda s: s.write(NOBODY, person("Nobody Known", "[went to]")), 1,
    ),
    "a file renamed: its entry's id changes": (
        None, lambda s: (s.root / ADA).rename(s.root / "annotations/people/lovelace.yml"), 1,
    ),
    "an alias taken from an entry the articles name (now a likely name)": (None, lambda s: s.write(ADA, person("Ada Lovelace")), 1),
    "an entry an article names, deleted (its name now a likely name)": (None, lambda s: (s.root / OSLO).unlink(), 0),
    "an alias named only where linking is off": (
        _link_off, lambda s: s.write(NOBODY, person("Nobody Known", "[Vienna Circle]")), 1,
    ),
    "an alias the articles use, given to an entry named only where linking is off": (
        _all(_link_off, lambda s: s.write(NOBODY, person("Nobody Known", "[Vienna Circle]"))),
        lambda s: s.write(NOBODY, person("Nobody Known", "[Vienna Circle, went to]")), 1,
    ),
}


@pytest.mark.parametrize("edit", LOCAL)
def test_an_edit_to_names_the_articles_use_is_answered_from_the_last_check(nobody_aliased: Site, edit: str) -> None:
    before, change, read = LOCAL[edit]
    recorded(nobody_aliased, before)
    assert edited(nobody_aliased, change) == (True, read)
    assert replayed(nobody_aliased) == (True, 0)  # The replay recorded what changed.


def _rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The articles `checklocal` renders again, in order."""
    seen: list[str] = []
    render = checklocal.render_article

    def counted(site: object, src_uri: str, *args: object, **kwargs: object) -> object:
        seen.append(src_uri)
        return render(site, src_uri, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checklocal, "render_article", counted)
    return seen


def test_only_the_articles_that_hold_a_changed_name_are_rendered_again(
    nobody_aliased: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    _reykjavik(nobody_aliased)
    age_site(nobody_aliased)
    replayed(nobody_aliased)
    rendered = _rendered(monkeypatch)
    nobody_aliased.write(NOBODY, person("Nobody Known", "[went to]"))  # In second.md only.
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 1)
    assert rendered == ["second.md"]
    rendered.clear()
    nobody_aliased.write(NOBODY, person("Nobody Known", "[Monday]"))  # Taken from second.md, into third.md.
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 1)
    assert sorted(rendered) == ["second.md", "third.md"]


def test_the_warnings_across_articles_follow_the_edit(nobody_aliased: Site) -> None:
    """The likely name goes with the entry that covers it, and the crossing names' warning comes."""
    _reykjavik(nobody_aliased)
    age_site(nobody_aliased)
    replayed(nobody_aliased)
    assert "`Reykjavik` looks like a name that no entry covers" in check(nobody_aliased)[0]
    nobody_aliased.write("annotations/glossary/reykjavik.yml", term("Reykjavik"))
    nobody_aliased.write(NOBODY, person("Nobody Known", "[Hopper and Lovelace]"))
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 2)
    out = check(nobody_aliased)[0]
    assert "`Reykjavik` looks like a name" not in out
    assert "“Grace Hopper and Lovelace” could mean two entries" in out


def test_edits_one_after_another_are_each_answered(nobody_aliased: Site) -> None:
    """Each answer keeps the per-article records it worked out: the next edit starts from them."""
    for aliases in ("[went to]", "[went to, Lagos and]", "[Lagos and]", "[]", "[Oslo Fjord, to Oslo]"):
        nobody_aliased.write(NOBODY, person("Nobody Known", aliases))
        age_site(nobody_aliased)
        assert replayed(nobody_aliased) == (True, 1), aliases


def test_records_naming_an_article_the_site_has_not_run_the_whole_check(
    nobody_aliased: Site, cache_home: Path
) -> None:
    """Damaged records (here an article that is not there) are refused before anything is read."""
    file = cache_file(cache_home, "replay-wide")
    head, _, body = file.read_bytes().partition(b"\n")
    value = json.loads(body)
    value["articles"][-1][0] = "gone.md"
    write_stamped(file, json.loads(head), value)
    nobody_aliased.write(NOBODY, person("Nobody Known", "[went to]"))
    age_site(nobody_aliased)
    assert replayed(nobody_aliased)[0] is False


def test_facts_without_the_articles_records_run_the_whole_check(nobody_aliased: Site, cache_home: Path) -> None:
    """Facts kept by an older check, without the per-article records: the whole check runs, and
    keeps them for the next edit."""
    file = cache_file(cache_home, "replay-wide")
    head, _, body = file.read_bytes().partition(b"\n")
    value = json.loads(body)
    del value["articles"]
    write_stamped(file, json.loads(head), value)
    nobody_aliased.write(NOBODY, person("Nobody Known", "[went to]"))
    age_site(nobody_aliased)
    assert replayed(nobody_aliased)[0] is False
    nobody_aliased.write(NOBODY, person("Nobody Known", "[to Lagos]"))
    age_site(nobody_aliased)
    assert replayed(nobody_aliased) == (True, 1)


# -- edits drawn at random on a generated corpus: richer text than the small site's --------------

@dataclass(frozen=True)
class _Folder:
    """A site written by `bench.check.write_site`, edited as `Site` edits its own."""

    root: Path

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path


_WORD_RUN = re.compile(r"[A-Za-z][\w'-]*(?: [A-Za-z][\w'-]*){0,2}")


_BROKEN = "oops: 1\n"
"""A key no schema knows: the file has an error and gives no entry (`checkfailed`)."""


def _corpus_edit(site: Site, rng: random.Random) -> None:
    """An alias taken from an article's text (1-3 words, as written), an alias taken away, a new
    entry named by such a phrase, or an entry deleted; now and then a file broken, or every broken
    file mended."""
    files = sorted((site.root / "annotations").glob("[pg]*/*.yml"))
    target = rng.choice(files)
    text = target.read_text()
    if rng.random() < 0.15:
        broken = [f for f in files if f.read_text().endswith(_BROKEN)]
        if broken and rng.random() < 0.6:
            for file in broken:
                file.write_text(file.read_text()[: -len(_BROKEN)])
        else:
            target.write_text(text + _BROKEN)
        return
    articles = sorted((site.root / "content").glob("*.md"))
    body = rng.choice(articles).read_text().split("\n---\n", 1)[-1]
    phrase = rng.choice(_WORD_RUN.findall(body) or ["Nothing Here"])
    kind = rng.choice(["alias", "alias", "unalias", "new", "delete"])
    if kind == "delete":
        target.unlink()
    elif kind == "new":
        slug = re.sub(r"[^a-z0-9]+", "-", phrase.lower()).strip("-") or "x"
        site.write(f"annotations/glossary/zz-{slug}.yml", term(phrase))
    elif kind == "unalias":
        target.write_text(re.sub(r'(?m)^aliases: \[.*\]$', "aliases: []", text, count=1))
    else:
        target.write_text(text.replace("aliases: [", f'aliases: ["{phrase}", ', 1).replace(", ]", "]"))


@pytest.mark.parametrize("seed", range(int(os.environ.get("XP_SEEDS", "2"))))
def test_random_edits_on_a_generated_corpus_give_what_a_check_without_the_cache_gives(
    tmp_path: Path, seed: int
) -> None:
    """`bench.corpus`'s articles (headings, lists, links, bold, notes, names matching case or not):
    names taken from their text, added and taken away at random; each check prints what
    --no-cache prints (`replayed` asserts it), and some are answered by `checklocal`."""
    calls = random_edits(tmp_path, seed, _corpus_edit, 12)
    assert any(calls) or None in calls, "no edit was answered by checklocal, and none made an error"


def random_edits(
    tmp_path: Path, seed: int, edit: Callable[[Site, random.Random], None], rounds: int
) -> list[bool | None]:
    """`rounds` edits drawn by `edit` on a `bench.corpus` site of seed `seed`, each checked with and
    without the cache (`replayed` asserts the same output): whether `checklocal.redo` answered, per
    call; None for an edit whose check found errors (the steps across wait on them, and every edit
    after it until one fixes them runs the whole check: a seed may draw one early)."""
    site = cast(Site, _Folder(write_site(tmp_path / "corpus", 6, 150, seed)))  # Its own mkdocs.yml kept.
    age_site(site)
    replayed(site)
    rng = random.Random(seed)
    redone = checklocal.redo
    calls: list[bool | None] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        out = redone(*args, **kwargs)
        calls.append(out is not None)
        return out

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checklocal, "redo", counted)
        for _ in range(rounds):
            edit(site, rng)
            age_site(site)
            replayed(site)
            if run_check(site.root, CheckOptions(today=TODAY, cache=True)).errors:  # Answered from its record.
                calls.append(None)
    return calls


def test_a_likely_name_is_located_once_per_article_only_when_the_records_are_kept(
    rsite: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding where a likely name is written is the costly part of the likely-name check: a check
    without the cache locates each name once, where it is first written; one that keeps the
    per-article records, once in each article that has it."""
    for page in ("third.md", "fourth.md", "fifth.md"):
        rsite.page(page, "# Page\n\nThey flew to Reykjavik and to Tromsdalen.\n")
    located: list[tuple[int, int]] = []
    locate = coverage._locate

    def counted(*args: Any) -> tuple[int, int]:
        located.append(locate(*args))
        return located[-1]

    monkeypatch.setattr(coverage, "_locate", counted)
    uncached = check(rsite, cache=False)[0]
    assert len(located) == 2
    located.clear()
    assert check(rsite)[0] == uncached
    assert len(located) == 2 * 3


def test_a_likely_name_s_warning_follows_the_people_its_words_are_in(nobody_aliased: Site) -> None:
    """An entry made for a likely name, whose short form the article writes too: that short form's
    warning now names the new person (worked out again from the people whose names hold it)."""
    recorded(nobody_aliased, _short_form)
    assert "`Hamilton` looks like a name that no entry covers" in check(nobody_aliased)[0]
    assert edited(nobody_aliased, LOCAL["a new person named by the likely name, its short form written too"][1]) == (True, 1)
    assert "`Hamilton` looks like a short form of `margaret-hamilton` (Margaret Hamilton)" in check(nobody_aliased)[0]
    assert edited(nobody_aliased, lambda s: (s.root / "annotations/people/margaret-hamilton.yml").unlink()) == (True, 0)
    assert "`Hamilton` looks like a name that no entry covers" in check(nobody_aliased)[0]
