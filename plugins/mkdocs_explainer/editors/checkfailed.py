"""`explainer check` after an edit that makes errors, answered from the last answer without them.

While any file has errors, the prose's warnings wait (no article links to an entry, names that
differ only in capitals, names that cross, likely names), and an entry whose file cannot be read
is not the site's. So when the last answer had no error, only person and term files changed, and
each that changed what other files read of it now has errors and gives no entry, the answer is
the last one with (`failed`):

- the own findings of the files read again, which the replay works out (their other warnings
  waiting on their errors);
- the shared findings less the prose's warnings (`_without_prose`): the warnings that nothing
  links to an entry, found by file and message from each entry's kept name and bits
  (`checkwide.row`), the crossings and the likely names, from the articles' records
  (`checklocal.seen`);
- the articles that held a name of an entry now gone, or linked to it, rendered again without it
  (an explicit link to an entry whose file has errors is no second error), their findings swapped.

A notes file edited into errors is answered the same way (`notes_failed`): its own findings are
swapped by `checkwide`, and its article is rendered again with the notes that still read.

It gives up (and the whole check runs) if two entries shared a name as the matcher folds it or a
Wikidata id (the warnings on those, among the shared findings, could not be told from the
prose's), or the kept facts are not this answer's.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, errors_only
from ..core.loader import AnnotationLoader, Parsed
from ..core.matcher import Matcher
from ..core.model import Entry, Registry
from ..mkdocs_adapter.pagesource import render_article
from ..mkdocs_adapter.sitecfg import SiteInfo
from . import checklocal
from .checklocal import END, FOUND, LINKED, LINKS, NAMED, NEAR, PATH, START, URI, id_of
from .checkreplay import Look, Widened, decode_diagnostics
from .coverage import unmentioned_message
from .sourcecheck import rules_of


def failed(
    site: SiteInfo, look: Look, wide: dict[str, Any], read: dict[str, tuple[Path, list[int] | None, Parsed]],
    moved: set[str], shared: list[Diagnostic],
) -> Widened | None:  # fmt: skip
    """The shared findings of the answer with errors after the changes in `moved` (files read again,
    in `read`, that now have errors), from the last answer's (`shared`, which had none, and
    `wide`, the facts `checkwide` kept beside it), or None (see the module's docstring)."""
    if any(read[key][2].entry is not None or not errors_only(read[key][2].diagnostics) for key in moved):
        return None
    out = _without_prose(site, wide, shared)
    if out is None:
        return None
    rows: dict[str, list[Any]] = wide["rows"]
    records: list[list[Any]] = wide["articles"]
    gone = {id_of(key) for key in moved}
    rendered = _rendered_without(site, look, records, wide["texts"], rows, gone, moved)
    if rendered is None:
        return None
    before, after = rendered
    if not checklocal.swap(out, before, after):
        return None
    # The files with errors as the whole check counts them: the loader's (an article's rendering's
    # errors hold nothing back), which the last answer had none of.
    own = [d for key in moved for d in read[key][2].diagnostics]
    return Widened(list(out.elements()), lambda token: None, sorted({d.path for d in errors_only(own)}))


def notes_failed(
    site: SiteInfo, look: Look, wide: dict[str, Any], shared: list[Diagnostic], articles: set[str], broken: set[str]
) -> Widened | None:
    """The shared findings of the answer with errors after notes files were edited, those in
    `broken` now with errors (`shared`: with their own findings already swapped,
    `checkwide._notes_redone`): the prose's warnings taken out, and the `articles` they are for
    rendered again with the notes that still read (a notes file with errors gives none)."""
    out = _without_prose(site, wide, shared)
    if out is None:
        return None
    records = [r for r in wide["articles"] if r[URI] in articles]
    rendered = checklocal.render_again(site, look, records, wide["texts"])
    if rendered is None or not checklocal.swap(out, checklocal.findings(records), checklocal.findings(rendered)):
        return None
    return Widened(list(out.elements()), lambda token: None, sorted(broken))


def _without_prose(site: SiteInfo, wide: dict[str, Any], shared: list[Diagnostic]) -> Counter[Diagnostic] | None:
    """`shared` less what waits on annotation files' errors, the prose's warnings, as the last
    answer gave them; None if they cannot be told apart or are not there."""
    rows: dict[str, list[Any]] = wide["rows"]
    if "articles" not in wide or "messages" not in wide or _shared_keys(rows):
        return None
    out = Counter(shared)
    records: list[list[Any]] = wide["articles"]
    prose = checklocal.crossings(records) + checklocal.likely_warnings(records, wide["messages"])
    if prose and not checklocal.swap(out, prose, []):
        return None
    return out if _unmentioned_taken(site, out, rows) else None


def _shared_keys(rows: dict[str, list[Any]]) -> bool:
    """Whether two entries share a name as the matcher folds it (a case twin: its warnings are the
    prose's) or a Wikidata id (its warnings are not): then neither can be told apart here."""
    seen: set[str] = set()
    for row in rows.values():
        for key in row[2]:
            if key in seen:
                return True
            seen.add(key)
    return False


def _unmentioned_taken(site: SiteInfo, out: Counter[Diagnostic], rows: dict[str, list[Any]]) -> bool:
    """The warnings that nothing links to an entry taken out of `out`, one per entry no article
    links to, found by its file and message (its name and bits are kept, not where its name is);
    False if one is not there."""
    top = site.rel(site.annotations_dir) + "/"
    expected = {(top + key.replace(os.sep, "/"), unmentioned_message(id_of(key), row[1], bool(row[5] & NAMED)))
                for key, row in rows.items() if not row[5] & LINKED}  # fmt: skip
    found = [d for d in out if d.severity == "warning" and (d.path, d.message) in expected]
    if len(found) != len(expected) or any(out[d] != 1 for d in found):
        return False
    for d in found:
        del out[d]
    return True


def _rendered_without(
    site: SiteInfo,
    look: Look,
    records: list[list[Any]],
    texts: str,
    rows: dict[str, list[Any]],
    gone: set[str],
    moved: set[str],
) -> tuple[list[Diagnostic], list[Diagnostic]] | None:
    """The findings, as recorded and as now, of the articles that held a name of an entry in `gone`
    (its file `moved`) or linked to it, rendered again without those entries; None if an entry
    they need cannot be read."""
    names = {k[2:] for key in moved for k in rows[key][2] if k.startswith("n:")}
    reached = [r for r in records
               if not gone.isdisjoint(r[LINKS]) or any(n in texts[r[START] : r[END]] for n in names)]  # fmt: skip
    if not reached:
        return [], []
    loader = AnnotationLoader(site.root, site.annotations_dir, site.docs_dir, site.options.max_image_bytes)
    own = look.found.own if look.found is not None else {}
    path_of = {id_of(key): name for key, (name, _) in own.items()}
    notes = checklocal.notes_of(site, loader, look)
    rules = rules_of(site.options)
    before: list[Diagnostic] = []
    after: list[Diagnostic] = []
    for record in reached:
        entries: dict[str, Entry] = {}
        checklocal.read_into(entries, loader, path_of, {*record[NEAR], *record[LINKS]} - gone)
        if set(entries) != {*record[NEAR], *record[LINKS]} - gone:
            return None
        registry = Registry(dict(sorted(entries.items(), key=lambda item: item[1].source_path)),
                            {record[URI]: notes.get(record[URI], [])})  # fmt: skip
        article = render_article(site, record[URI], registry, Matcher(registry.surfaces()), skip_ids=gone)
        if article.job.unknown_ids:
            return None  # Told with the closest of every entry's ids, which only all tell.
        before += decode_diagnostics(record[PATH], record[FOUND])
        after += [*article.diagnostics, *checklocal.article_sourced(article, rules)]
    return before, after
