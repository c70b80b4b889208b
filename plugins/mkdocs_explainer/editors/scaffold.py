"""`explainer new`: skeleton files for a person, a glossary term or a context note.

A skeleton is valid YAML of the right shape and holds `TODO` where an editor must write; the
loader refuses a `TODO`, so `explainer check` and `mkdocs build` fail until every one is
replaced (unfinished text never reaches readers).
Nothing is ever overwritten: a new person or term refuses an existing id or name, and a new
note is appended to the article's notes file (created if needed) under an id not yet used.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.loader import AnnotationLoader
from ..core.matcher import Matcher
from ..core.model import Note, Reference, Registry
from ..core.schema import NOTES_FILE, PERSON, PLACEHOLDER, SLUG_PATTERN, TERM, TERM_KINDS, Mapping
from ..core.yamlnodes import read
from ..mkdocs_adapter.pagesource import render_article
from ..mkdocs_adapter.sitecfg import SiteInfo
from .filechecks import schema_line

_SLUG_RE = re.compile(SLUG_PATTERN)
_ITEM_RE = re.compile(r"^(\s*)-(\s+)")
ID_WORDS = 5
"""A note's id is made of at most this many words of its passage."""


class ScaffoldError(Exception):
    """Why a skeleton was not written (the file exists, the passage is not in the article, …)."""


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    entry_id: str
    created: bool
    """False when a note was appended to an existing notes file."""


def slugify(text: str) -> str:
    """`Volodymyr Zelensky` → `volodymyr-zelensky`; accents dropped, other scripts removed."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def q(text: str) -> str:
    """`text` as a YAML double-quoted string (JSON's quoting is valid YAML and always a string)."""
    return json.dumps(text, ensure_ascii=False)


def new_entry(
    site: SiteInfo,
    kind: str,
    name: str,
    *,
    entry_id: str | None = None,
    term_kind: str = "other",
    date: dt.date | None = None,
    today: dt.date | None = None,
) -> Written:
    """Write annotations/people/<id>.yml (kind `person`) or annotations/glossary/<id>.yml (`term`)."""
    name = " ".join(name.split())
    if not name:
        raise ScaffoldError("the name is empty")
    entry_id = entry_id or slugify(name)
    if not entry_id:
        raise ScaffoldError(f"cannot make an id from `{name}`; give one with --id")
    if not _SLUG_RE.match(entry_id):
        raise ScaffoldError(f"cannot use `{entry_id}` as an id: ids are lowercase words joined by hyphens (--id)")
    if term_kind not in TERM_KINDS:
        raise ScaffoldError(f"kind must be one of {', '.join(TERM_KINDS)}; not `{term_kind}`")
    folder = "people" if kind == "person" else "glossary"
    path = site.annotations_dir / folder / f"{entry_id}.yml"
    for other in ("people", "glossary"):
        existing = site.annotations_dir / other / f"{entry_id}.yml"
        if existing.exists():
            raise ScaffoldError(
                f"{site.rel(existing)} already exists (people and glossary share ids);"
                " edit it, or choose another id with --id"
            )
    registry = _registry(site)
    for entry in registry.entries.values():
        # The same test as the loader's: exact, or in any case when the other entry ignores case.
        if name in entry.names or (not entry.match_case and name.casefold() in {n.casefold() for n in entry.names}):
            raise ScaffoldError(f"`{name}` is already a name or alias of `{entry.id}` ({entry.source_path})")
    day = (today or dt.date.today()).isoformat()
    header = schema_line(site, path, kind)
    if kind == "person":
        text = _PERSON.format(header=header, name=q(name), day=day, todo=PLACEHOLDER, id=entry_id)
        shape: Mapping = PERSON
    else:
        when = f"date: {date.isoformat()}" if date else "# date: YYYY-MM-DD" + _DATE_HINT
        kinds = " | ".join(TERM_KINDS)
        text = _TERM.format(
            header=header, term=q(name), kind=term_kind, kinds=kinds, date=when, day=day, todo=PLACEHOLDER, id=entry_id
        )
        shape = TERM
    _validate(site.rel(path), text, shape)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as fh:  # "x": never replace a file that appeared meanwhile
        fh.write(text)
    return Written(path, entry_id, True)


def new_note(
    site: SiteInfo,
    article: str,
    passage: str,
    *,
    note_id: str | None = None,
    title: str | None = None,
    prefix: str = "",
    suffix: str = "",
    today: dt.date | None = None,
) -> Written:
    """Append a note on `passage` to the notes file of `article`, once the passage is found once."""
    src_uri = resolve_article(site, article)
    passage = " ".join(passage.split())
    if not passage:
        raise ScaffoldError("the passage is empty")
    path = site.annotations_dir / "notes" / Path(src_uri).with_suffix(".yml")
    rel = site.rel(path)
    old = path.read_text(encoding="utf-8-sig") if path.exists() else None
    taken: set[str] = set()
    if old is not None:
        checked = read(rel, old, NOTES_FILE, placeholders_ok=True)
        if checked.diagnostics:
            raise ScaffoldError(f"{rel} has errors; fix them first (explainer check), then add the note")
        taken = {n["id"] for n in checked.value["notes"]}
    if note_id is not None:
        if not _SLUG_RE.match(note_id):
            raise ScaffoldError(f"cannot use `{note_id}` as an id: ids are lowercase words joined by hyphens")
        if note_id in taken:
            raise ScaffoldError(f"{rel} already has a note `{note_id}`; choose another id with --id")
    else:
        note_id = _free_id(slugify(" ".join(passage.split()[:ID_WORDS])) or "note", taken)

    registry = _registry(site)
    unsourced = (Reference("", ""),)
    probe = Note(note_id, src_uri, passage, title or "", "", unsourced, dt.date.min, rel, (1, 1), prefix, suffix)
    result = render_article(site, src_uri, registry, Matcher(registry.surfaces()), notes=[probe])
    for _, count in result.job.note_problems:
        where = site.rel(site.docs_dir / src_uri)
        if count == 0:
            raise ScaffoldError(
                f"the passage “{passage}” is not in the rendered text of {where};"
                " copy it exactly as a reader sees it, within one paragraph"
            )
        raise ScaffoldError(
            f"the passage “{passage}” occurs {count} times in {where};"
            " pick one with --prefix (text just before) or --suffix (text just after)"
        )

    day = (today or dt.date.today()).isoformat()
    fields = [f"id: {note_id}", f"quote: {q(passage)}"]
    fields += [f"prefix: {q(prefix)}"] * bool(prefix) + [f"suffix: {q(suffix)}"] * bool(suffix)
    fields += [
        f"title: {q(title) if title else q(PLACEHOLDER + ': a short heading for the note')}",
        "body: >-",
        f"  {PLACEHOLDER}: the context, in neutral words; attribute every claim (\"according to …\").",
        "sources:",
        f"  - title: \"{PLACEHOLDER}: title of a public page that backs the note\"",
        f"    url: https://example.com/{PLACEHOLDER}",
        f"reviewed: {day}",
    ]
    if old is None:
        text = f"{schema_line(site, path, 'notes')}\nnotes:\n" + _item(fields, "  ", "    ")
    else:
        text = _append(rel, old, fields)
    _validate(rel, text, NOTES_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    if old is None:
        with path.open("x", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return Written(path, note_id, old is None)


def resolve_article(site: SiteInfo, article: str) -> str:
    """`content/a.md`, `a.md` or `a` → `a.md`, the article's path inside docs_dir."""
    docs = site.docs_dir.resolve()
    for candidate in (Path(article), site.root / article):
        resolved = candidate.resolve()
        if resolved.is_file() and resolved.is_relative_to(docs):
            return resolved.relative_to(docs).as_posix()
    uri = article if article.endswith(".md") else f"{article}.md"
    if (docs / uri).is_file():
        return uri
    raise ScaffoldError(f"there is no article `{article}` in {site.rel(site.docs_dir)}/")


def _registry(site: SiteInfo) -> Registry:
    registry, _ = AnnotationLoader(site.root, site.annotations_dir, site.docs_dir).load()
    return registry


def _free_id(base: str, taken: set[str]) -> str:
    n, candidate = 1, base
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _item(fields: list[str], dash_indent: str, indent: str) -> str:
    lines = [f"{dash_indent}-{' ' * (len(indent) - len(dash_indent) - 1)}{fields[0]}"]
    lines += [f"{indent}{f}" for f in fields[1:]]
    return "\n".join(lines) + "\n"


def _append(rel: str, text: str, fields: list[str]) -> str:
    """`text` with one more item at the end of its `notes:` list, indented like the others."""
    refuse = f"cannot add a note to {rel} automatically"
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ScaffoldError(f"{refuse}: it is not valid YAML ({exc}); fix it first (explainer check)") from exc
    notes = None
    if isinstance(root, yaml.MappingNode):
        notes = next((v for k, v in root.value if getattr(k, "value", None) == "notes"), None)
    if not isinstance(notes, yaml.SequenceNode) or notes.flow_style or not notes.value:
        raise ScaffoldError(f"{refuse}: its `notes:` is not a list written with `- ` lines; add the note by hand")
    first = notes.value[0].start_mark
    line = text.splitlines()[first.line]
    m = _ITEM_RE.match(line)
    if m is None:
        raise ScaffoldError(f"{refuse}: its list items do not start their lines with `- `; add the note by hand")
    dash_indent = m.group(1)
    indent = " " * first.column
    return text.rstrip("\n") + "\n" + _item(fields, dash_indent, indent)


def _validate(rel: str, text: str, shape: Mapping) -> None:
    problems = read(rel, text, shape, placeholders_ok=True).diagnostics
    if problems:  # A bug in the templates above, never an editor's mistake.
        raise RuntimeError("explainer new wrote an invalid skeleton:\n" + "\n".join(d.text() for d in problems))


_DATE_HINT = "  # for events: the day; it puts the entry on the timeline"

# The part every entry shares, from the summary on.
_ENTRY_TAIL = """\
summary: >-
  {todo}: one to three neutral sentences for the hover card. Attribute claims ("according to …").
# Public pages that back every claim, at least one:
sources:
  - title: "{todo}: title of the page, as a reader should see it"
    url: https://example.com/{todo}
    # publisher: "Who published it"
    # date: YYYY-MM-DD
# A picture for the card and the page: a file under the docs or annotations folder (path from the
# repository root) or an https:// address, with who made it and the licence that lets you use it:
# image:
#   src: annotations/images/{id}.jpg
#   alt: "What the picture shows, for readers who cannot see it"
#   credit: "Who made it"
#   license: "CC BY-SA 4.0"
# The Wikidata item, only if a source you cite establishes it, and other pages that identify it:
# wikidata: Q123
# same_as: ["https://…"]
# The day the facts that can change describe (who holds a post, who holds a city):
# as_of: {day}
# The day you last checked the entry against its sources:
reviewed: {day}
"""

_PERSON = """\
{header}
name: {name}
# Other spellings or short forms the articles use; each one is linked:
# aliases: ["Surname"]
role:
  title: "{todo}: the position, e.g. Foreign Minister of Ukraine"
  # The day on which the role is known to hold:
  as_of: {day}
""" + _ENTRY_TAIL

_TERM = """\
{header}
term: {term}
# Other spellings or short forms the articles use; each one is linked:
# aliases: ["Short form"]
# One of {kinds}:
kind: {kind}
{date}
""" + _ENTRY_TAIL
