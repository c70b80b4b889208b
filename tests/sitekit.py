"""Builds small real MkDocs sites in temporary folders and reads the HTML they write."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import engine
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

MKDOCS_YML = """\
site_name: Test site
docs_dir: docs
site_dir: site
theme:
  name: material
  font: false
plugins:
  - search
  - explainer{plugin_options}
markdown_extensions:
  - attr_list
  - tables
"""


CONTENT_PROBE = """\
# Test hook: keeps what every other plugin saw as page.content, once the page is written.
import json
import pathlib

from mkdocs.plugins import event_priority


@event_priority(-1000)
def on_post_page(output, page, config):
    path = pathlib.Path(config.config_file_path).parent / "probe.jsonl"
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"src_uri": page.file.src_uri, "content": page.content or ""}) + "\\n")
    return output
"""


@dataclass
class BuildResult:
    ok: bool
    error: str = ""
    logs: list[str] = field(default_factory=list)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.levelname}: {record.getMessage()}")


class Site:
    def __init__(self, root: Path, plugin_options: str = "") -> None:
        self.root = root
        (root / "docs").mkdir(parents=True, exist_ok=True)
        for sub in ("people", "glossary", "notes"):
            (root / "annotations" / sub).mkdir(parents=True, exist_ok=True)
        self.configure(plugin_options)

    def configure(self, plugin_options: str = "", extra: str = "") -> None:
        self.write("mkdocs.yml", MKDOCS_YML.format(plugin_options=plugin_options) + extra)

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def page(self, rel: str, text: str) -> Path:
        return self.write(f"docs/{rel}", text)

    def person(self, entry_id: str, name: str, aliases: list[str] | None = None, **extra: Any) -> Path:
        fields = {
            "name": name,
            "aliases": aliases or [],
            "role": {"title": extra.pop("role", f"Role of {name}"), "as_of": "2026-02-04"},
            "summary": extra.pop("summary", f"Summary of *{name}*."),
            "sources": [{"title": f"{name} reference", "url": f"https://example.org/{entry_id}"}],
            "reviewed": "2026-11-29",
            **extra,
        }
        return self.write(f"annotations/people/{entry_id}.yml", _yaml(fields))

    def term(
        self, entry_id: str, term: str, aliases: list[str] | None = None, kind: str = "place", **extra: Any
    ) -> Path:
        fields = {
            "term": term,
            "aliases": aliases or [],
            "kind": kind,
            "summary": extra.pop("summary", f"Summary of {term}."),
            "sources": [{"title": f"{term} reference", "url": f"https://example.org/{entry_id}"}],
            "reviewed": "2026-11-29",
            **extra,
        }
        return self.write(f"annotations/glossary/{entry_id}.yml", _yaml(fields))

    def notes(self, article: str, notes: list[dict[str, Any]]) -> Path:
        full = [
            {
                "title": f"Note {n['id']}",
                "body": f"Body of note {n['id']}.",
                "sources": [{"title": "Ref", "url": "https://example.org/note"}],
                "reviewed": "2026-11-29",
                **n,
            }
            for n in notes
        ]
        return self.write(f"annotations/notes/{article.removesuffix('.md')}.yml", _yaml({"notes": full}))

    def build(self, strict: bool = False) -> BuildResult:
        """Build in this process (fast), capturing MkDocs' log."""

        def run() -> None:
            cfg = load_config(str(self.root / "mkdocs.yml"), strict=strict)
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                build(cfg)
            finally:
                cfg.plugins.on_shutdown()

        return self.captured(run)

    def captured(self, run: Callable[[], None]) -> BuildResult:
        """Run a build in this process, in the site's folder, capturing MkDocs' log."""
        capture = _Capture()
        logger = logging.getLogger(engine.LOGGER)
        logger.addHandler(capture)
        old_level = logger.level
        logger.setLevel(logging.DEBUG)
        cwd = os.getcwd()
        try:
            os.chdir(self.root)
            run()
            return BuildResult(True, logs=capture.records)
        except (Abort, PluginError) as exc:
            errors = [r.split(": ", 1)[1] for r in capture.records if r.startswith("ERROR")]
            return BuildResult(False, error="\n".join([*errors, str(exc)]), logs=capture.records)
        finally:
            os.chdir(cwd)
            logger.removeHandler(capture)
            logger.setLevel(old_level)

    def build_cli(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        return subprocess.run(
            engine.command("build", *args),
            cwd=self.root, env=env, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip

    def add_content_probe(self) -> str:
        """Writes a hook that records page.content; returns the `hooks:` line for mkdocs.yml."""
        self.write("probe.py", CONTENT_PROBE)
        return "hooks:\n  - probe.py\n"

    def probed_contents(self) -> dict[str, str]:
        """src_uri → page.content as the last plugin saw it, from the probe hook."""
        import json

        lines = (self.root / "probe.jsonl").read_text(encoding="utf-8").splitlines()
        return {(row := json.loads(line))["src_uri"]: row["content"] for line in lines}

    def html(self, rel: str) -> str:
        return (self.root / "site" / rel).read_text(encoding="utf-8")

    def backlinks(self, entry_page: str) -> list[str]:
        """The hrefs of an entry page's backlinks; each must resolve to a written page and anchor."""
        html = self.html(entry_page)
        section = html[html.index('<section class="xp-backlinks"') :]
        section = section[: section.index("</section>")]
        hrefs = re.findall(r'href="([^"]+)"', section)
        base = (self.root / "site" / entry_page).parent
        for href in hrefs:
            path, _, anchor = href.partition("#")
            target = (base / path).resolve()
            target = target if path.endswith(".html") else target / "index.html"
            written = target.read_text(encoding="utf-8")
            if anchor:
                assert f'id="{anchor}"' in written, href
        return hrefs

    def article(self, rel: str) -> str:
        """The rendered article body of a page (`rel` like `a/index.html`)."""
        page = self.html(rel)
        start = page.index('<article class="md-content__inner md-typeset">')
        end = page.index("</article>", start)
        return page[start:end]


def i18n_plugin(*locales: str, structure: str = "suffix") -> str:
    """The `plugins:` item of mkdocs-static-i18n building every one of `locales`; the first is the default."""
    items = "".join(
        f"        - locale: {code}\n          name: {code}\n          build: true\n"
        + ("          default: true\n" if n == 0 else "")
        for n, code in enumerate(locales)
    )
    return f"  - i18n:\n      docs_structure: {structure}\n      languages:\n{items}"


class ServeSession:
    """Builds as `mkdocs serve [--dirty]` does: `on_startup` once, then a fresh config and a build per edit."""

    URL = "http://127.0.0.1:8000/"

    def __init__(self, site: Site, dirty: bool = True) -> None:
        self.site, self.dirty = site, dirty
        self.started = False
        self.plugin: Any = None
        """The explainer plugin of the last build (the same instance across a session's builds)."""

    def build(self) -> BuildResult:
        def run() -> None:
            cfg = load_config(str(self.site.root / "mkdocs.yml"))
            if not self.started:
                cfg.plugins.on_startup(command="serve", dirty=self.dirty)
                self.started = True
            cfg.site_url = self.URL
            self.plugin = cfg.plugins["explainer"]
            build(cfg, serve_url=self.URL, dirty=self.dirty)

        return self.site.captured(run)


_MENTION_RE = re.compile(r'<a class="xp-mention"[^>]*?data-xp-entry="([^"]+)"[^>]*>(.*?)</a>', re.S)
_CARDS_RE = re.compile(r"<aside class=\"xp-cards\" hidden data-search-exclude>.*?</aside>", re.S)


def simplify(article_html: str) -> str:
    """Article HTML with mentions as `[text](entry-id)` and without the hidden cards."""
    body = _CARDS_RE.sub("", article_html)
    body = body.split("</h1>", 1)[-1] if "</h1>" in body else body.split(">", 1)[1]
    body = _MENTION_RE.sub(lambda m: f"[{m.group(2)}]({m.group(1)})", body)
    lines = [line.strip() for line in body.splitlines()]
    return "\n".join(line for line in lines if line)


VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})


@dataclass(eq=False)
class Node:
    """An element of a written page, as a browser would see the tree (enough for our own HTML)."""

    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def ancestors(self) -> Iterator[Node]:
        up = self.parent
        while up is not None:
            yield up
            up = up.parent

    def find(self, tag: str) -> Node:
        return next(n for n in self.iter() if n.tag == tag)

    def text(self, skip: Callable[[Node], bool] = lambda n: False) -> str:
        """The text a reader sees, whitespace collapsed; `skip` leaves whole elements out."""
        parts: list[str] = []

        def visit(node: Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif child.tag not in ("script", "style") and not skip(child):
                    visit(child)

        visit(self)
        return " ".join("".join(parts).split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.open = Node("#document", {})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.open)
        self.open.children.append(node)
        if tag not in VOID:
            self.open = node

    def handle_endtag(self, tag: str) -> None:
        for node in (self.open, *self.open.ancestors()):
            if node.tag == tag:
                self.open = node.parent or self.root
                return

    def handle_data(self, data: str) -> None:
        self.open.children.append(data)


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _yaml(data: Any) -> str:
    import json

    # JSON is YAML; dates stay quoted strings, which the loader accepts.
    return "# yaml-language-server: $schema=test\n" + json.dumps(data, indent=2, ensure_ascii=False) + "\n"
