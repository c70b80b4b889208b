"""`explainer check`: every error a build would raise, and the editors' warnings, without a build.

Errors come from the plugin's own code: the loader (YAML, shapes, ids, names, images) and the
rendering of each article with the plugin's Markdown extension (note passages, explicit links,
front matter). Warnings come from `filechecks` (one file at a time) and `coverage` (the prose).
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.articles import Article
from ..core.diagnostics import Diagnostic, errors_only
from ..core.loader import NO_ENTRY_FILE, AnnotationLoader, Parsed
from ..core.matcher import Matcher
from ..core.model import Entry, Registry
from ..core.schema import FILE_SHAPES
from ..core.yamlnodes import Checked, read
from ..mkdocs_adapter.pagesource import article_uris, render_article
from ..mkdocs_adapter.sitecfg import SiteInfo, load_site
from . import checklocal, checklock, checkreplay, checkshare, checkwide
from .checkcache import CheckCache, cache_folder
from .clashcheck import generated_clashes
from .coverage import (
    Located,
    Overlap,
    case_twin_warnings,
    coverage_warnings,
    mentioned_ids,
    overlap_warnings,
    read_no_entry,
    unmentioned_warning,
)
from .filechecks import FileFacts, Freshness, file_facts
from .prosekey import prose_key
from .sourcecheck import SourceRules, cited, entry_cited, rules_of, shared_wikidata, source_warnings

DEFAULT_MAX_AGE_DAYS = 180
NOTICE_FROM = 10_000
"""Person and term files to read, every one of them, from which a check says so first
(`CheckOptions.notice`): at newsroom scale such a check takes a minute on a laptop."""
FULL_EVERY = 100
"""During a check, the collector walks its oldest generation after this many collections of the
middle one (Python's default is 10; `_collector_spared`)."""


@dataclass(frozen=True, slots=True)
class CheckOptions:
    today: dt.date = field(default_factory=dt.date.today)
    """The day `reviewed` dates are measured from (a parameter, so that tests can fix it)."""
    max_age_days: int = DEFAULT_MAX_AGE_DAYS
    cache: bool = False
    """Reuse what earlier checks found in files that did not change (`checkcache`); the command
    turns it on unless given `--no-cache`."""
    replay: bool = True
    """With the cache: answer from the last check when only files whose change stays inside them
    changed (`checkreplay`). Tests of the per-file cache alone turn it off."""
    process_ends: bool = False
    """The check is the last thing the process does (the command): what it made stays out of the
    garbage collector's sight to the end, instead of being walked once more (~1 s at 100,000
    entries). It is still freed as usual when no longer used, bar reference cycles."""
    jobs: int | None = None
    """Processes that read a large site's files (`checkshare`, at most `MAX_JOBS`); None: one per
    core; 1: this process alone."""
    share_from: int = checkshare.SHARE_FROM
    """How many files to parse make the check share them (a parameter, so that tests can share)."""
    notice: Callable[[str], None] | None = None
    """Given a line to show before a long check reads every person and term file (no earlier check
    recorded for this version and these settings, or no cache), so that an editor who waits knows
    why, and that the next check is quick. The command prints it on standard error."""
    notice_from: int | None = None
    """How many such files make the notice worth giving; None: `NOTICE_FROM`."""
    record_after: bool = False
    """The caller keeps the answer for the next check itself, once it has shown it, by calling
    `CheckResult.record` (the command: an editor reads the answer while it is recorded, which takes
    seconds at 100,000 entries). Otherwise `run_check` records it before it returns."""


@dataclass(slots=True)
class CheckResult:
    site: SiteInfo
    diagnostics: list[Diagnostic]
    files: int
    articles: int
    prose_checked: bool
    """False when annotation errors kept the warnings about the articles' prose from running."""
    parsed: int = 0
    """How many person and term files were parsed, not taken from the cache (for tests)."""
    read: int = 0
    """How many person and term files were read, their `stat` not matching the cache's (for tests)."""
    across_reused: bool = False
    """Whether the steps across entries and articles gave last run's answer from the cache (for tests)."""
    replayed: bool = False
    """Whether the whole answer was last run's, with only the files that changed read (`checkreplay`)."""
    shared: int = 0
    """How many person and term files a second process read (`checkshare`; for tests)."""
    keep: Callable[[], None] | None = None
    """What is left to do to keep this answer for the next check (`record`)."""
    lock: checklock.Lock | None = None
    """The lock on the cache this check holds until its answer is recorded (`checklock`)."""
    held: tuple[object, ...] = ()
    """With `process_ends`: what the check made, held here so that none of it is freed before the
    process ends (the command ends without freeing anything: `cli.command`)."""

    def record(self) -> None:
        """Keep this answer for the next check, and let the next check read the cache: once
        (`run_check` does it unless told `record_after`)."""
        keep, self.keep = self.keep, None
        try:
            if self.lock is not None:
                self.lock.claim()  # The process that records: this one, or one detached from it.
            if keep is not None:
                keep()
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    def handed_on(self) -> None:
        """The recording went to a process forked from this one (`background`): this process lets
        go of its copy of the lock's file, which the recording process holds to its end."""
        self.keep = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    @property
    def errors(self) -> int:
        return len(errors_only(self.diagnostics))

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


def run_check(path: Path, options: CheckOptions | None = None) -> CheckResult:
    """Check the site whose mkdocs.yml is in `path`. Raises `SiteError` if there is no such site."""
    options = options or CheckOptions()
    site = load_site(path)
    cache: CheckCache | None = None
    lock: checklock.Lock | None = None
    if options.cache:
        lock = checklock.take(cache_folder(site.root), options.notice)
        cache = _open_cache(site) if lock is not None else None  # None: another check holds it.
    try:
        result = _checked(site, options, cache)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    result.lock = lock
    if not options.record_after:
        result.record()
    return result


def _checked(site: SiteInfo, options: CheckOptions, cache: CheckCache | None) -> CheckResult:
    fresh = Freshness(options.today, options.max_age_days)
    day = (options.today.isoformat(), options.max_age_days)
    with _collector_spared(options.process_ends) as loaded:
        seen = checkreplay.look(site, cache, *day) if cache is not None and options.replay else None
        if cache is not None and seen is not None:
            own_check = functools.partial(_own_warnings, site, fresh, rules_of(site.options), cache)
            # The files read again are looked up in the per-file records too: after a checkout that
            # touched many files, most have the bytes they had, and need no parsing.
            again = _loader(site)
            again.memo = cache
            note_part = functools.partial(_note_part, site, fresh, rules_of(site.options))
            wide = functools.partial(checkwide.widen, site, cache, seen, note_part=note_part)
            replayed = checkreplay.replay(cache, seen, again, own_check, wide)
            clean = checkreplay.clean_look(seen, cache) if replayed is None else None
            if clean is not None:  # The errors may have been fixed: an edit since the last answer without them.
                wide = functools.partial(checkwide.widen, site, cache, clean, note_part=note_part)
                replayed = checkreplay.replay(cache, clean, again, own_check, wide)
            if replayed is not None:
                answer = _replayed(site, replayed, cache.parsed)
                answer.keep = cache.save_touched
                return answer
        loader = _loader(site)
        loader.memo = cache
        if seen is not None and seen.found is not None:  # Each person and term file's `stat`, just taken.
            looked = seen.found.looked
            loader.stats = {path: looked[key] for key, (path, _) in seen.found.own.items() if key in looked}
        jobs = checkshare.cores() if options.jobs is None else options.jobs
        changed = seen.changed() if seen is not None else None
        if changed is not None and changed < options.share_from:
            jobs = 1  # The last record says few files changed: not worth a `stat` of each to count them.
        finish = functools.partial(_finish, site, loader, fresh, rules_of(site.options))
        share = checkshare.Share(loader, cache, functools.partial(_settings, site), finish, jobs, options.share_from)
        early = functools.partial(_noticed, options, cache, loader, share.early)
        registry, diagnostics = loader.load(None if seen is None else seen.listing, early)
        records = share.records  # The cache, or the records of the files a second process read.
        failed = {d.path for d in errors_only(diagnostics)}
        files = loader.files
        real = loader.real_paths  # Each file's link resolved once, by the loader, in this pass.
        rels = {file: site.rel(file, real) for file in files}
        kept = _kept_rows(site, loader, registry, cache, seen, rels, failed) if cache is not None and seen else {}
        given = {file: found for file, (_, found) in kept.items() if found is not None}
        worked_out = functools.partial(_file_warnings, site, loader, records)
        warnings_of = {f: given[f] if f in given else worked_out(f, rels[f], failed, fresh) for f in files}
        for found in warnings_of.values():
            diagnostics += found
        loaded()
        # The files whose kept rows gave their warnings gave those about their sources too.
        done = {entry.source_path for file in given if (entry := _entry_of(loader, file)) is not None}
        result, derived, across = _check_prose(site, registry, diagnostics, files, rels, failed, cache, records, done)
    if options.process_ends:
        result.held = (loader, registry, share, records, rels, warnings_of, derived, across)
    result.shared = share.shared
    result.parsed = loader.reads if cache is None else cache.parsed
    result.read = loader.reads if cache is None else cache.digested
    if cache is not None:
        counts = (result.files, result.articles, result.prose_checked)
        own = (warnings_of, derived, failed, kept)  # What each file's own part is made of.
        images = _images(loader, registry) if seen is not None else {}  # As the answer saw them.
        seen_as = (counts, across, images)
        keep = functools.partial(_record, site, cache, seen, loader, registry, diagnostics, *own, *seen_as)
        result.keep = functools.partial(_spared, options.process_ends, keep)
    return result


def _spared(process_ends: bool, keep: Callable[[], None]) -> None:
    """Record with what the check made set aside from the collector, as the check itself runs
    (`_collector_spared`): recording the answer makes a million more objects."""
    with _collector_spared(process_ends) as loaded:
        loaded()
        keep()


def _noticed(
    options: CheckOptions,
    cache: CheckCache | None,
    loader: AnnotationLoader,
    early: Callable[[list[Path]], None],
    paths: list[Path],
) -> None:
    """`early(paths)`, once `options.notice` was told if every person and term file is to be read
    and they are many: without the cache, or with none recorded for this version and settings."""
    count = len(checkshare.entry_paths(loader, paths)) if options.notice is not None else 0
    limit = NOTICE_FROM if options.notice_from is None else options.notice_from
    if options.notice is not None and count >= limit and (cache is None or cache.empty()):
        if cache is None:  # Asked for, or another check held the cache too long (`checklock`).
            why = "without the cache" if options.cache else "--no-cache"
            options.notice(f"explainer check: {why}: reading all {count:,} person and term files;"
                           " that takes a while at this size")  # fmt: skip
        else:
            options.notice(f"explainer check: no earlier check of this site is recorded for this version and"
                           f" these settings: reading all {count:,} person and term files; that takes a while"
                           " at this size, and the next check reuses what this one records")  # fmt: skip
    early(paths)


def _loader(site: SiteInfo) -> AnnotationLoader:
    loader = AnnotationLoader(site.root, site.annotations_dir, site.docs_dir, site.options.max_image_bytes)
    loader.on_text = functools.partial(_text_facts, site, loader)  # Parsed once, for the errors and the warnings.
    return loader


def _replayed(site: SiteInfo, replayed: checkreplay.Replayed, parsed: int) -> CheckResult:
    ordered = _ordered(replayed.diagnostics)
    result = CheckResult(site, ordered, replayed.files, replayed.articles, replayed.prose_checked)
    result.read, result.parsed = replayed.read, parsed
    result.across_reused = result.replayed = True
    return result


def _own_warnings(
    site: SiteInfo,
    fresh: Freshness,
    rules: SourceRules,
    cache: CheckCache,
    loader: AnnotationLoader,
    file: Path,
    parsed: Parsed,
    registered: bool,
    failed: set[str],
) -> list[Diagnostic]:
    """The warnings of one person or term file, read again for a replay (`checkreplay`)."""
    out = _file_warnings(site, loader, cache, file, site.rel(file, loader.real_paths), failed, fresh)
    entry = parsed.entry
    if registered and entry is not None:
        out += cache.derived(entry.source_path, functools.partial(source_warnings, [entry_cited(entry)], rules))
    return out


def _note_part(site: SiteInfo, fresh: Freshness, rules: SourceRules, file: Path) -> tuple[str, list[Diagnostic], bool]:
    """A notes file's own findings, read again for `checkwide.widen`: its path as the check
    names it, what a whole check finds in it alone (what the loader says of it, its warnings,
    which wait on its errors, those about its notes' sources), and whether it has errors."""
    loader = _loader(site)
    parsed = loader.parse_file(file)
    rel = site.rel(file, loader.real_paths)
    broken = bool(errors_only(parsed.diagnostics))
    mine = list(parsed.diagnostics) + _file_warnings(site, loader, None, file, rel, {rel} if broken else set(), fresh)
    return rel, mine + source_warnings(cited(Registry(notes={"": parsed.notes})), rules), broken


def _record(
    site: SiteInfo,
    cache: CheckCache,
    seen: checkreplay.Look | None,
    loader: AnnotationLoader,
    registry: Registry,
    diagnostics: list[Diagnostic],
    warnings_of: dict[Path, list[Diagnostic]],
    derived: dict[str, list[Diagnostic]],
    failed: set[str],
    kept: dict[Path, tuple[list[Any], list[Diagnostic] | None]],
    counts: tuple[int, int, bool],
    across: Across,
    images: dict[str, str | None],
) -> None:
    """Keep the records of the files (`CheckCache.save`), and this check's answer, split by person
    and term file, for the next check to replay (with no `seen`: the records alone); and beside
    it, if nothing failed, the facts `checkwide` needs."""
    cache.save()
    if seen is None:
        return
    if across.facts is not None:
        across.facts.complete()
    found = seen.found
    own: dict[str, checkreplay.OwnPart] = {}
    theirs: set[int] = set()  # The diagnostics of the own parts, by identity: the rest are shared.
    rows: dict[str, list[Any]] = {}  # The facts `checkwide` keeps, if the steps across ran this time.
    parts = across.facts.parts_looked_up() if across.facts is not None else {}
    own_key = checkreplay.own_keys(site)
    for file in loader.files:
        key = own_key(file)
        if key is None:
            continue
        parsed = loader.parsed_of(file)
        if parsed is None:  # It could not be `stat`ed: the listing's own error, nothing to replay.
            found = None
            break
        entry = parsed.entry
        registered = entry is not None and registry.entries.get(entry.id) is entry
        mine = parsed.diagnostics + warnings_of[file]
        if registered and entry is not None:
            mine += derived.get(entry.source_path, [])
        theirs.update(map(id, mine))
        # Most files were not read again and give what they gave last time: their rows as they were.
        last = kept[file][0] if file in kept else None
        if last is not None:
            part = checkreplay.OwnPart(last[1], registered, [], last)
        else:
            digest = cache.digest_of(loader.rel_of(file))
            part = checkreplay.OwnPart(seen.reach(key, parsed), registered, mine, digest=digest)
        own[key] = part
        if across.facts is not None and registered and entry is not None:
            rows[key] = checkwide.row(entry, across.facts, parts)
    shared = [d for d in diagnostics if id(d) not in theirs]
    token = os.urandom(12).hex()
    checkreplay.keep_clean(cache, seen, bool(failed))
    checkreplay.record(cache, found, own, shared, failed, images, counts, token)
    if found is None or failed:
        return
    if across.facts is not None and len(rows) == len(own):
        facts = across.facts
        checkwide.record_wide(cache, token, across.key, facts.texts, facts.looked_up, rows, facts.articles,
                              facts.messages)  # fmt: skip
    elif across.last is not None and set(across.last["rows"]) == set(own):
        kept_wide = across.last
        checkwide.record_wide(cache, token, across.key, kept_wide["texts"], kept_wide["considered"],
                              kept_wide["rows"], kept_wide.get("articles"), kept_wide.get("messages"))  # fmt: skip


def _images(loader: AnnotationLoader, registry: Registry) -> dict[str, str | None]:
    """Why each image file the entries name cannot be shown (None: it can), for the replay to compare."""
    named = {e.image.src for e in registry.entries.values() if e.image is not None}
    return {name: loader.image_problem(name) for name in sorted(named) if not name.startswith("https://")}


def _kept_rows(
    site: SiteInfo,
    loader: AnnotationLoader,
    registry: Registry,
    cache: CheckCache,
    seen: checkreplay.Look,
    rels: dict[Path, str],
    failed: set[str],
) -> dict[Path, tuple[list[Any], list[Diagnostic] | None]]:
    """Per person or term file whose row in the last record is this check's own part for it
    (`checkreplay.keeper`): that row, which the record keeps, and, if the file's per-file record
    was used whole (nothing of it to complete), the row's diagnostics after the loader's (its
    warnings and, if its entry is the site's, those about its sources, in the order a whole check
    finds them), which the check takes instead of working them out again (else None)."""
    kept = checkreplay.keeper(seen)
    own_key = checkreplay.own_keys(site)
    out: dict[Path, tuple[list[Any], list[Diagnostic] | None]] = {}
    if kept is None:
        return out
    for file in loader.files:
        key = own_key(file)
        parsed = loader.parsed_of(file)
        if key is None or parsed is None:
            continue
        entry = parsed.entry
        registered = entry is not None and registry.entries.get(entry.id) is entry
        row = kept(key, rels[file], registered, rels[file] in failed, cache.digest_of(loader.rel_of(file)))
        if row is None:
            continue
        found = None
        if cache.used(file):
            mine, first = checkreplay.decode_row(key, row), parsed.diagnostics
            if mine[: len(first)] == first:  # Always, the row being this file's.
                found = mine[len(first) :]
        out[file] = (row, found)
    return out


def _entry_of(loader: AnnotationLoader, file: Path) -> Entry | None:
    parsed = loader.parsed_of(file)
    return None if parsed is None else parsed.entry


def _open_cache(site: SiteInfo) -> CheckCache:
    return CheckCache(cache_folder(site.root), _settings(site))


def _settings(site: SiteInfo) -> list[str]:
    # What shapes a file's reading besides its bytes and path: where the site's folders and schemas are.
    settings = [str(site.root), str(site.annotations_dir), str(site.docs_dir)]
    settings += [str(site.schema_file(kind)) for kind in sorted(FILE_SHAPES)]
    settings.append(repr(rules_of(site.options)))  # The warnings about an entry's sources (`derived`).
    return settings


def _finish(
    site: SiteInfo, loader: AnnotationLoader, fresh: Freshness, rules: SourceRules, records: CheckCache, file: Path
) -> None:
    """In `checkshare`'s child, after the file is parsed: what the later steps read of it, kept in
    its record (the facts of its warnings, and the warnings about its entry's sources)."""
    _file_warnings(site, loader, records, file, site.rel(file, loader.real_paths), set(), fresh)
    entry = _entry_of(loader, file)
    if entry is not None:
        records.derived(entry.source_path, functools.partial(source_warnings, [entry_cited(entry)], rules))


def _file_warnings(
    site: SiteInfo,
    loader: AnnotationLoader,
    cache: CheckCache | None,
    file: Path,
    rel: str,
    failed: set[str],
    fresh: Freshness,
) -> list[Diagnostic]:
    """The warnings of one annotation file, from the cache if its record was used."""
    valid = rel not in failed
    if cache is not None:
        found, facts = cache.facts_of(file, rel)
        if found:
            return [] if facts is None else facts.warnings(valid, fresh)
    made = loader.facts_of(file)
    if not isinstance(made, FileFacts):  # Not read or decoded (an error already), or not an annotation file.
        return []
    if cache is not None:
        cache.keep_facts(file, made)
    return made.warnings(valid, fresh)


def _text_facts(
    site: SiteInfo, loader: AnnotationLoader, file: Path, kind: str, text: str, checked: Checked | None
) -> FileFacts:
    """The loader's `on_text`: the facts of a file's warnings, worked out as it is parsed, so that
    neither its text nor its reading is kept to the end of the check."""
    rel = site.rel(file, loader.real_paths)
    if checked is not None and checked.path != rel:  # A link: its warnings name the file it leads to.
        checked = read(rel, text, FILE_SHAPES[kind])
    return file_facts(site, file, rel, text, kind, checked)


def _check_prose(
    site: SiteInfo,
    registry: Registry,
    diagnostics: list[Diagnostic],
    files: list[Path],
    rels: dict[Path, str],
    failed: set[str],
    cache: CheckCache | None,
    records: CheckCache | None,
    done: set[str] | None = None,
) -> tuple[CheckResult, dict[str, list[Diagnostic]], Across]:
    """The checks of the articles and across entries, once every annotation file is read; the
    warnings about each entry's sources, by its file (but those of the files in `done`, already
    among `diagnostics`); and what the steps across saw (`Across`)."""
    # An explicit link to an entry whose file has errors is not a second error.
    skip_ids = {f.stem for f in files if rels[f] in failed and f.parent.name in ("people", "glossary")}
    key = prose_key(site, registry, failed, skip_ids) if cache is not None else None
    known = cache.prose(key) if cache is not None and key is not None else None
    reused = known is not None
    across = Across(key)
    if known is None:
        across.facts = checkwide.ArticleFacts() if cache is not None and not failed else None
        known = _across(site, registry, failed, skip_ids, across.facts)
        if cache is not None and key is not None:
            cache.keep_prose(key, *known)
    elif cache is not None:
        across.last = checkwide.reused(cache, key)
    articles, found = known
    diagnostics += found
    rules = rules_of(site.options)
    derived: dict[str, list[Diagnostic]] = {}
    for entry in registry.entries.values():  # Each entry's warnings depend on it alone: kept in the cache.
        if done and entry.source_path in done:
            continue
        compute = functools.partial(source_warnings, [entry_cited(entry)], rules)
        mine = compute() if records is None else records.derived(entry.source_path, compute)
        derived[entry.source_path] = mine
        diagnostics += mine
    result = CheckResult(site, _ordered(diagnostics), len(files), articles, not failed, across_reused=reused)
    return result, derived, across


def _ordered(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    # The dataclass's own order, as a tuple compared in C: its generated `__lt__` is Python, called
    # millions of times when 100,000 files have a warning or two each.
    return sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.col, d.severity, d.message))


@dataclass(slots=True)
class Across:
    """What the steps across entries and articles saw, for `checkwide`."""

    key: str | None
    """Their `prose_key`."""
    facts: checkwide.ArticleFacts | None = None
    """What they saw, if they ran (and nothing failed)."""
    last: dict[str, Any] | None = None
    """If their answer was last time's: the facts kept then under the same key, if any."""


def _across(
    site: SiteInfo,
    registry: Registry,
    failed: set[str],
    skip_ids: set[str],
    facts: checkwide.ArticleFacts | None = None,
) -> tuple[int, list[Diagnostic]]:
    """(articles, diagnostics) of the steps across entries and articles (what `prose_key` digests);
    `facts`, if given, receives what they saw."""
    diagnostics: list[Diagnostic] = []
    matcher = Matcher(registry.surfaces())
    articles = [render_article(site, uri, registry, matcher, skip_ids=skip_ids) for uri in article_uris(site)]
    for article in articles:
        diagnostics += article.diagnostics
    diagnostics += generated_clashes(site, registry)
    rules = rules_of(site.options)
    sourced = [checklocal.article_sourced(a, rules) for a in articles]  # Kept with each article's findings.
    diagnostics += source_warnings(cited(Registry(notes=registry.notes)), rules)
    for found in sourced:
        diagnostics += found
    diagnostics += shared_wikidata(registry.entries.values())
    if not failed:  # The prose's warnings wait until the errors are fixed.
        seen = facts or checkwide.ArticleFacts()
        seen.linked = {entry_id for a in articles for entry_id in a.job.linked}
        named = [mentioned_ids([a], matcher) for a in articles]
        seen.named = set().union(*named)
        diagnostics += [unmentioned_warning(e, e.id in seen.named)
                        for e in registry.entries.values() if e.id not in seen.linked]  # fmt: skip
        diagnostics += case_twin_warnings(registry)
        overlaps: list[list[Overlap]] = []
        # The matcher's automata give every name's occurrences too, overlapping ones (`Matcher.find_all`).
        diagnostics += overlap_warnings(articles, matcher, None if facts is None else facts.occurring, overlaps)
        no_entry = read_no_entry(site.annotations_dir)
        likely: list[list[Located]] = []  # Only for the records: locating each name in each article costs.
        per_article = (likely, facts.messages) if facts is not None else (None, None)
        diagnostics += coverage_warnings(articles, registry, matcher, no_entry, seen.looked_up, *per_article)
        if facts is not None:  # Only the record reads them: worked out once the answer is shown.
            pending = (facts, articles, matcher, named, overlaps, likely, sourced)
            facts.pending = functools.partial(_article_facts, *pending)
    return len(articles), diagnostics


def _article_facts(
    facts: checkwide.ArticleFacts,
    articles: list[Article],
    finder: Matcher,
    named: list[set[str]],
    overlaps: list[list[Overlap]],
    likely: list[list[Located]],
    sourced: list[list[Diagnostic]],
) -> None:
    """Per article, what `checklocal` needs to redo the steps across for it alone."""
    spans = facts.add_texts(articles)
    near = [finder.near([facts.texts[start:end]]) for start, end in spans]  # No name holds a NUL.
    each = zip(articles, spans, named, overlaps, likely, near, sourced, strict=True)
    facts.articles = [checklocal.seen(*one) for one in each]


@contextmanager
def _collector_spared(process_ends: bool = False) -> Iterator[Callable[[], None]]:
    """Reading 100,000 files makes millions of objects (nodes, values, places), many of which stay to
    the end, and no reference cycles: the cyclic garbage collector would walk them again and again
    for nothing. It is off while the files are read; calling the function this yields then sets what
    was made so far aside (`gc.freeze`) for the rest of the check, and the collector runs as usual
    on what is made after. (The check calls it again once the steps across have run: else their
    results are walked again and again while the answer is recorded.) Meanwhile the collector
    walks the oldest objects not set aside ten times less often than it would (`FULL_EVERY`). At
    the end what was set aside is given back to the collector, unless the process ends with the
    check, and the collector's thresholds are as they were."""
    enabled = gc.isenabled()
    thresholds = gc.get_threshold()
    gc.disable()
    # A full collection walks every object made since the last `freeze` and still alive: at 100,000
    # entries the steps across and the record make millions, and the default third threshold (10)
    # walked them ~3 s in all. The young generations, where the articles' cycles die, are as usual.
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], FULL_EVERY))

    def loaded() -> None:
        gc.freeze()
        if enabled:
            gc.enable()

    try:
        yield loaded
    finally:
        if process_ends:
            gc.freeze()
        else:
            gc.unfreeze()
        gc.set_threshold(*thresholds)
        if enabled:
            gc.enable()


__all__ = ["NO_ENTRY_FILE", "CheckOptions", "CheckResult", "run_check"]
