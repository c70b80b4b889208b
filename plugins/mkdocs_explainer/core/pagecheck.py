"""Per-page settings and the messages about an article that only its rendering can find."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from typing import Any, cast

import yaml

from .diagnostics import Diagnostic, Severity, error, warning
from .linker import EXPLICIT_SCHEME, LinkMode, PageJob

MODES = ("first", "all", "none")


def page_mode(meta: Any, default: str) -> tuple[LinkMode, str | None]:
    """The link mode from a page's `explainer:` front matter, or the problem with it."""
    if meta is None:
        return cast(LinkMode, default), None
    if not isinstance(meta, dict) or set(meta) - {"link"}:
        problem = "front matter `explainer` should be a mapping like `explainer: {link: none}`"
        return cast(LinkMode, default), problem
    mode = meta.get("link", default)
    if mode not in MODES:
        problem = f"front matter `explainer.link` must be one of first, all, none; not `{mode}`"
        return cast(LinkMode, default), problem
    return cast(LinkMode, mode), None


def front_matter_problem(front_matter: str | None) -> tuple[int, int, str, Severity] | None:
    """MkDocs silently shows a broken front matter block as text; say where it breaks instead.

    Broken YAML is an error. YAML that is not keys and values (`---`, a line of text, `---`) is
    what MkDocs reads as content, a thematic break around a paragraph, so it is only a warning.
    """
    if front_matter is None:
        return None
    try:
        data = yaml.load(front_matter, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 2, mark.column + 1) if mark else (1, 1)
        return line, col, f"front matter is not valid YAML: {exc.problem or exc}", "error"
    except yaml.YAMLError as exc:
        return 1, 1, f"front matter is not valid YAML: {exc}", "error"
    except ValueError:  # PyYAML reads `2026-02-30` as a date, then fails to build it.
        return _impossible_date(front_matter)
    if data is not None and not isinstance(data, dict):
        message = (
            "the page opens with `---`, text and `---`: MkDocs shows that as part of the page, not as front"
            " matter; if it is meant as front matter, write keys and values (`title: ...`); if it is"
            " content, write `***` for the first thematic break to silence this warning"
        )
        return 2, 1, message, "warning"
    return None


def page_diagnostics(
    job: PageJob, source: str, rel_path: str, known_ids: Collection[str] | None = None
) -> list[Diagnostic]:
    """The errors of a page's render; `source` is the whole file, to say where things were written.
    A link to an entry there is not names the closest of `known_ids` (default: the job's entries;
    `explainer check` renders an article with a few entries and gives every id of the site)."""
    out: list[Diagnostic] = []
    # Sorted only when needed, not once per page: O(pages x entries).
    known = sorted(job.entries if known_ids is None else known_ids) if job.unknown_ids else []
    for entry_id in dict.fromkeys(job.unknown_ids):
        line, col = _locate(source, EXPLICIT_SCHEME + entry_id)
        close = difflib.get_close_matches(entry_id, known, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else " (ids are the annotation files' names)"
        message = f"unknown entry id `{entry_id}` in a link to `{EXPLICIT_SCHEME}{entry_id}`{hint}"
        out.append(error(rel_path, line, col, message))
    for note, count in job.note_problems:
        where = f"the rendered text of {rel_path}"
        if count == 0:
            message = (
                f"note `{note.id}`: passage “{note.quote}” is not in {where}"
                " (quote it exactly as a reader sees it, within one paragraph)"
            )
        else:
            message = (
                f"note `{note.id}`: passage “{note.quote}” occurs {count} times in {where};"
                " add a `prefix` or `suffix` to pick one"
            )
        out.append(error(note.source_path, *note.loc, message))
    for note in job.notes_refused:
        message = (
            f"note `{note.id}` is not shown: its passage “{note.quote}” in {rel_path} is inside a raw"
            " HTML link (`<a …>`) that is not closed in its paragraph, and the note's marker is a"
            " link itself; close the link with `</a>` or quote text outside it"
        )
        out.append(warning(note.source_path, *note.loc, message))
    return out


def _locate(source: str, needle: str) -> tuple[int, int]:
    index = source.find(needle)
    if index < 0:
        return 1, 1
    line = source.count("\n", 0, index) + 1
    col = index - (source.rfind("\n", 0, index) + 1) + 1
    return line, col


def _impossible_date(text: str) -> tuple[int, int, str, Severity] | None:
    """Where an unquoted date that does not exist was written (the explainer's own keys say it themselves)."""
    from .schema import ARTICLE_META

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    top = root.value if isinstance(root, yaml.MappingNode) else []
    ours = {id(v) for k, v in top if k.value in ARTICLE_META.by_name}
    stack: list[yaml.Node] = [root] if root is not None else []
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.MappingNode):
            stack[:0] = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack[:0] = list(node.value)
        elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.SafeLoader("").construct_yaml_timestamp(node)
            except ValueError:
                if id(node) in ours:
                    return None
                m = node.start_mark
                message = f"front matter: `{node.value}` is not a real date; correct it, or quote it if not a date"
                return m.line + 2, m.column + 1, message, "error"
    return None
