"""`explainer diff BASE HEAD`: what a change does to the published site, from two real builds.

Each revision is checked out with `git worktree` into a temporary folder and built with the site's
engine (`mkdocs build`, or `properdocs build` for a properdocs.yml); the two sites are then compared
through the plugin's HTML contract (README): which article pages gain or lose links
(`a.xp-mention`), cards (`div.xp-card-data`) and notes (`li.xp-endnote`), which entry pages appear
or disappear, and which notes' passages moved (other words, or the same words in another place).
Nothing in the working copy is touched.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..mkdocs_adapter.sitecfg import engine_for, find_config

BUILD_TIMEOUT = 600
_MENTION_RE = re.compile(r'<a class="xp-mention" data-xp-entry="([^"]+)"')
_CARD_RE = re.compile(r'<div class="xp-card-data" id="xp-card--([^"]+)"')
_NOTE_RE = re.compile(r'<li class="xp-endnote" id="xp-note-([^"]+)"')
_PASSAGE_RE = re.compile(r'<span class="xp-note-passage" data-xp-note="([^"]+)">(.*?)</span>', re.S)
_ENTRY_RE = re.compile(r'<div class="xp-entry" data-xp-entry="([^"]+)"')
_GENERATED_RE = re.compile(r'class="xp-(?:entry|index|timeline)"')
_ARTICLE_RE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_TAG_RE = re.compile(r"<[^>]+>")
_CONTEXT = 40
"""Characters of text before a passage that say where it is."""


class DiffError(Exception):
    """A revision cannot be checked out or built; the message says which and why."""


@dataclass(slots=True)
class Page:
    links: Counter[str] = field(default_factory=Counter)
    cards: set[str] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)
    passages: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Note id → (the passage's words, the text just before it)."""


@dataclass(slots=True)
class Site:
    articles: dict[str, Page] = field(default_factory=dict)
    """Page URL (e.g. `abu-dhabi-talks/`) → what the plugin put on it."""
    entries: set[str] = field(default_factory=set)
    """URLs of entry pages."""


@dataclass(slots=True)
class Impact:
    base: str
    head: str
    entries_added: list[str] = field(default_factory=list)
    entries_removed: list[str] = field(default_factory=list)
    pages: dict[str, list[str]] = field(default_factory=dict)
    """Article URL → one line per change on it."""

    @property
    def empty(self) -> bool:
        return not (self.entries_added or self.entries_removed or self.pages)


def read_site(folder: Path) -> Site:
    """The plugin's output in a built site, read through the HTML contract."""
    site = Site()
    for path in sorted(folder.rglob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        m = _ARTICLE_RE.search(text)
        if m is None:
            continue
        url = path.relative_to(folder).as_posix().removesuffix("index.html")
        body = m.group(1)
        if _ENTRY_RE.search(body):
            site.entries.add(url)
        if _GENERATED_RE.search(body):
            continue
        page = Page(Counter(_MENTION_RE.findall(body)), set(_CARD_RE.findall(body)), set(_NOTE_RE.findall(body)))
        page.passages = _passages(body)
        site.articles[url] = page
    return site


def _passages(body: str) -> dict[str, tuple[str, str]]:
    words: dict[str, list[str]] = {}
    before: dict[str, str] = {}
    for m in _PASSAGE_RE.finditer(body):
        note = m.group(1)
        words.setdefault(note, []).append(_plain(m.group(2)))
        if note not in before:
            context = _plain(body[: m.start()])
            before[note] = " ".join(context.split())[-_CONTEXT:]
    return {note: (" ".join("".join(parts).split()), before[note]) for note, parts in words.items()}


def _plain(fragment: str) -> str:
    return html.unescape(_TAG_RE.sub("", fragment))


def compare(base: Site, head: Site, base_name: str, head_name: str) -> Impact:
    impact = Impact(base_name, head_name)
    impact.entries_added = sorted(head.entries - base.entries)
    impact.entries_removed = sorted(base.entries - head.entries)
    for url in sorted(base.articles.keys() | head.articles.keys()):
        old, new = base.articles.get(url), head.articles.get(url)
        lines: list[str] = []
        if old is None:
            lines.append("new page")
            old = Page()
        if new is None:
            lines.append("page removed")
            new = Page()
        gained = sorted(new.links.keys() - old.links.keys())
        lost = sorted(old.links.keys() - new.links.keys())
        if gained:
            lines.append("links gained: " + _ids(gained))
        if lost:
            lines.append("links lost: " + _ids(lost))
        recount = [e for e in sorted(old.links.keys() & new.links.keys()) if old.links[e] != new.links[e]]
        for entry_id in recount:
            lines.append(f"links to `{entry_id}`: {old.links[entry_id]} → {new.links[entry_id]}")
        for label, before, after in (("cards", old.cards, new.cards), ("notes", old.notes, new.notes)):
            if after - before:
                lines.append(f"{label} gained: " + _ids(sorted(after - before)))
            if before - after:
                lines.append(f"{label} lost: " + _ids(sorted(before - after)))
        for note in sorted(old.passages.keys() & new.passages.keys()):
            (old_words, old_ctx), (new_words, new_ctx) = old.passages[note], new.passages[note]
            if old_words != new_words:
                lines.append(f"note `{note}` now anchors “{new_words}” (was “{old_words}”)")
            elif old_ctx != new_ctx:
                lines.append(f"note `{note}` moved: “{new_words}” now follows “…{new_ctx}” (was “…{old_ctx}”)")
        if lines:
            impact.pages[url] = lines
    return impact


def _ids(ids: list[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids)


def report(impact: Impact, markdown: bool) -> str:
    title = f"Impact of {impact.head} on the site built from {impact.base}"
    out = [f"## {title}" if markdown else title, ""]
    if impact.empty:
        out.append("No article page gains or loses a link, card or note; no entry page appears or disappears.")
        return "\n".join(out) + "\n"
    bullet = "- " if markdown else "  "
    for label, urls in (("Entry pages added", impact.entries_added), ("Entry pages removed", impact.entries_removed)):
        if urls:
            out.append(f"{'**' + label + '**' if markdown else label}: " + ", ".join(f"`{u}`" for u in urls))
    if impact.entries_added or impact.entries_removed:
        out.append("")
    for url, lines in impact.pages.items():
        out.append(f"**`{url or '/'}`**" if markdown else f"{url or '/'}")
        out += [bullet + line for line in lines]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def build_revision(repo: Path, site_rel: Path, rev: str, work: Path, name: str) -> Path:
    """Check `rev` out into `work/name` and build its site into `work/name-site`."""
    tree = work / name
    _git(repo, "worktree", "add", "--detach", "--quiet", str(tree), rev)
    out = work / f"{name}-site"
    config = find_config(tree / site_rel)
    if config is None:
        raise DiffError(f"{rev} has no {(site_rel / 'mkdocs.yml').as_posix()} (or properdocs.yml)")
    engine = engine_for(config)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    args = [sys.executable, "-m", engine, "build", "--quiet", "-f", str(config), "-d", str(out)]
    try:
        result = subprocess.run(
            args, cwd=tree / site_rel, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT
        )
    except subprocess.TimeoutExpired as exc:
        raise DiffError(f"building {rev} took more than {BUILD_TIMEOUT} s") from exc
    if result.returncode != 0:
        raise DiffError(f"the site at {rev} does not build (`{engine} build`):\n{result.stderr.strip()}")
    return out


def diff(site_root: Path, base: str, head: str) -> Impact:
    """Build `base` and `head` of the git repository holding `site_root`, and compare them."""
    top = Path(_git(site_root, "rev-parse", "--show-toplevel").strip()).resolve()
    site_rel = site_root.resolve().relative_to(top)
    for rev in (base, head):
        _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    work = Path(tempfile.mkdtemp(prefix="explainer-diff-"))
    try:
        before = read_site(build_revision(top, site_rel, base, work, "base"))
        after = read_site(build_revision(top, site_rel, head, work, "head"))
        return compare(before, after, base, head)
    finally:
        for name in ("base", "head"):
            if (work / name).exists():
                subprocess.run(["git", "worktree", "remove", "--force", str(work / name)], cwd=top,
                               capture_output=True, timeout=60)  # fmt: skip
        subprocess.run(["git", "worktree", "prune"], cwd=top, capture_output=True, timeout=60)
        shutil.rmtree(work, ignore_errors=True)


def _git(cwd: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DiffError(f"cannot run git: {exc}") from exc
    if result.returncode != 0:
        what = args[-1].removesuffix("^{commit}") if args[:2] == ("rev-parse", "--verify") else " ".join(args)
        detail = result.stderr.strip() or "not a commit"
        raise DiffError(f"git cannot use `{what}`: {detail}")
    return result.stdout
