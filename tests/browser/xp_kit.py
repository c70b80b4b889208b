"""Helpers shared by the browser tests (tests/browser) and scripts/screenshots.py.

* ``find_browser()``   -- Playwright's own Chromium if installed, else Debian's /usr/bin/chromium.
* ``write_tiny_site()`` -- a small, deterministic MkDocs project (two articles, two people, two
  glossary terms, two context notes).  With the explainer plugin installed it is a real
  ``plugins: [search, explainer]`` project built from YAML annotations (FORMAT.md); without it,
  the same pages are written with the plugin's HTML (HTML-CONTRACT.md) by hand, so the
  front-end can be tested before/independently of the plugin.
* ``build_site()``      -- ``mkdocs build`` in a subprocess.
* ``StaticServer``      -- http.server on 127.0.0.1 (free port) in a daemon thread.
"""

from __future__ import annotations

import functools
import html
import http.server
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import zlib
from pathlib import Path
from typing import Any

import engine

REPO = Path(__file__).resolve().parents[2]
ASSETS = REPO / "plugins" / "mkdocs_explainer" / "assets"
SITE_SRC = REPO / "site_src"

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
DEBIAN_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
INSTALL_HINT = (
    "no Chromium for the browser tests: run `python -m playwright install chromium` "
    "(or `apt-get install chromium` on Debian/Ubuntu)"
)


# --------------------------------------------------------------------------------------------
# Browser discovery
# --------------------------------------------------------------------------------------------
def find_browser(own_chromium: str | None = None, candidates: tuple[str, ...] = DEBIAN_CHROMIUM) -> str | None:
    """Which Chromium to launch: "" = Playwright's own (installed), a path = Debian's, None = none.

    ``own_chromium`` is ``playwright.chromium.executable_path`` when the caller already has a
    Playwright instance; otherwise one is started briefly to ask. XP_NO_BROWSER=1 pretends
    that there is none (to test the skip/fail behaviour).
    """
    if os.environ.get("XP_NO_BROWSER") == "1":
        return None
    if own_chromium is None:
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                own_chromium = p.chromium.executable_path
        except Exception:  # playwright missing or its driver cannot start
            own_chromium = ""
    if own_chromium and Path(own_chromium).exists():
        return ""
    for cand in candidates:
        if Path(cand).exists():
            return cand
    return None


def launch_kwargs(executable: str) -> dict[str, Any]:
    kw: dict[str, Any] = {"args": list(LAUNCH_ARGS)}
    if executable:
        kw["executable_path"] = executable
    return kw


# --------------------------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}  # noqa: RUF012  (class-level default, replaced per server)

    def end_headers(self) -> None:
        for k, v in self.extra_headers.items():
            self.send_header(k, v)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # the browser dropped a connection (navigation, closed context)
        super().handle_error(request, client_address)


class StaticServer:
    """Serve ``root`` on 127.0.0.1:<free port> in a daemon thread."""

    def __init__(self, root: Path, headers: dict[str, str] | None = None) -> None:
        handler_cls = type("H", (_QuietHandler,), {"extra_headers": dict(headers or {})})
        handler = functools.partial(handler_cls, directory=str(root))
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------------------------
# Plugin detection and build
# --------------------------------------------------------------------------------------------
def plugin_available() -> bool:
    """True when the `explainer` MkDocs plugin is installed (entry point + importable)."""
    if os.environ.get("XP_FORCE_CONTRACT_SITE") == "1":
        return False
    try:
        from importlib.metadata import entry_points

        eps = [e for e in entry_points(group="mkdocs.plugins") if e.name == "explainer"]
        if not eps:
            return False
        eps[0].load()
        return True
    except Exception:
        return False


def build_site(config_file: Path, site_dir: Path) -> str:
    """Run `mkdocs build`; return its log; raise with the log on failure."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        engine.command("build", "-f", str(config_file), "-d", str(site_dir)),
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stderr


# --------------------------------------------------------------------------------------------
# The tiny site
# --------------------------------------------------------------------------------------------
def png(width: int, height: int) -> bytes:
    """A small gradient PNG (no Pillow needed)."""
    rows = b"".join(
        b"\x00" + bytes(v for x in range(width) for v in (60 + x % 120, 90 + y % 100, 160)) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


PEOPLE: dict[str, dict[str, Any]] = {
    "rustem-umerov": {
        "name": "Rustem Umerov",
        "role": "Secretary of the National Security and Defence Council of Ukraine",
        "as_of": ("2026-02-04", "4 February 2026"),
        "summary": "Ukraine's lead negotiator at the *Abu Dhabi* talks; earlier "
        "[Minister of Defence](https://en.wikipedia.org/wiki/Ministry_of_Defence_(Ukraine)).",
        "image": ("images/umerov.png", "Portrait placeholder for Rustem Umerov"),
    },
    "steve-witkoff": {
        "name": "Steve Witkoff",
        "role": "United States Special Envoy for Peace Missions",
        "as_of": ("2026-02-04", "4 February 2026"),
        "summary": "A real-estate investor who became the **US envoy** in the talks.",
        "image": None,
    },
}
TERMS: dict[str, dict[str, Any]] = {
    "zaporizhzhia-npp": {
        "term": "Zaporizhzhia nuclear power plant",
        "kind": ("place", "Place"),
        "date": None,
        "summary": "Europe's largest nuclear power plant, occupied since March 2022.",
    },
    "minsk-agreements": {
        "term": "Minsk agreements",
        "kind": ("event", "Event"),
        "date": ("2015-02-12", "12 February 2015"),
        "summary": "Ceasefire deals for eastern Ukraine signed in `2014` and 2015.",
    },
}
NOTES: dict[str, list[dict[str, Any]]] = {
    "talks": [
        {
            "id": "twenty-percent",
            "quote": "about 20% of Ukraine",
            "title": "What the 20% includes",
            "body": "The figure includes *Crimea* and the parts of Donbas held since 2014.",
            "sources": [("Example source", "https://example.org/source")],
        },
        {
            "id": "late-note",
            "quote": "the final communique",
            "title": "The communique",
            "body": "No joint text was published.",
            "sources": [("Another source", "https://example.org/other")],
        },
    ],
}

FILLER = (
    "The delegations met again in the afternoon, and the mediators kept the agenda short "
    "so that each side could report back before the evening. Observers said the tone was "
    "businesslike, and that technical groups would continue the work on the following days."
)

# Articles: `[text](explainer:<id>)` marks a mention (FORMAT.md explicit link).
ARTICLES: dict[str, str] = {
    "talks": f"""# Abu Dhabi talks

The Ukrainian delegation was led by [Rustem Umerov](explainer:rustem-umerov), who arrived
on Tuesday morning. Russia occupies about 20% of Ukraine, according to the mediators.

{FILLER}

The American side was represented by [Steve Witkoff](explainer:steve-witkoff), who flew in
from Washington for the second round.

{FILLER}

{FILLER}

Safety at the [Zaporizhzhia nuclear power plant](explainer:zaporizhzhia-npp) was raised
by the observers.

{FILLER}

{FILLER}

{FILLER}

{FILLER}

Several delegates recalled the [Minsk agreements](explainer:minsk-agreements) when the
talks ended, and the final communique was short.

Continue with the [second article](second.md).
""",
    "second": f"""# Second article

A week later [Rustem Umerov](explainer:rustem-umerov) briefed parliament, and
[the negotiator](explainer:rustem-umerov) listed next steps.

{FILLER}
""",
}


def _md_inline(text: str) -> str:
    import markdown

    out = markdown.markdown(text)
    return out


def _mention(entry: str, text: str, n: int = 1) -> str:
    kind = "person" if entry in PEOPLE else "term"
    folder = "people" if kind == "person" else "glossary"
    suffix = f"--{n}" if n > 1 else ""
    return (
        f'<a class="xp-mention" href="../{folder}/{entry}/" data-xp-entry="{entry}" '
        f'data-xp-kind="{kind}" id="xp-m--{entry}{suffix}">{html.escape(text)}</a>'
    )


def _card(entry: str) -> str:
    if entry in PEOPLE:
        p = PEOPLE[entry]
        date_iso, date_txt = p["as_of"]
        meta = (
            f'<p class="xp-card-meta">{html.escape(p["role"])} <span class="xp-card-asof">'
            f'(as of <time datetime="{date_iso}">{date_txt}</time>)</span></p>'
        )
        title, kind, folder = p["name"], "person", "people"
        image = ""
        if p["image"]:
            image = (
                f'<img class="xp-card-image" src="../{p["image"][0]}" '
                f'alt="{html.escape(p["image"][1])}" loading="lazy">'
            )
    else:
        t = TERMS[entry]
        extra = ""
        if t["date"]:
            extra = f' · <time datetime="{t["date"][0]}">{t["date"][1]}</time>'
        meta = f'<p class="xp-card-meta"><span class="xp-card-kind">{t["kind"][1]}</span>{extra}</p>'
        title, kind, folder, image = t["term"], "term", "glossary", ""
        p = t
    return (
        f'<div class="xp-card-data" id="xp-card--{entry}" data-xp-entry="{entry}" data-xp-kind="{kind}">\n'
        f'<p class="xp-card-title">{html.escape(title)}</p>\n{meta}\n{image}\n'
        f'<div class="xp-card-summary">{_md_inline(p["summary"])}</div>\n'
        f'<p class="xp-card-more"><a href="../{folder}/{entry}/">Read more'
        f'<span class="xp-visually-hidden">: {html.escape(title)}</span></a></p>\n</div>'
    )


def _contract_article(slug: str, source: str) -> str:
    """Render an article the way the plugin does (HTML-CONTRACT.md), as Markdown + raw HTML."""
    used: list[str] = []
    seen: list[str] = []

    def sub(m: re.Match[str]) -> str:
        entry = m.group(2)
        if entry not in used:
            used.append(entry)
        n = sum(1 for e in seen if e == entry) + 1
        seen.append(entry)
        return _mention(entry, m.group(1).replace("\n", " "), n)

    text = re.sub(r"\[([^\]]+)\]\(explainer:([a-z0-9-]+)\)", sub, source)
    notes = NOTES.get(slug, [])
    for n, note in enumerate(notes, start=1):
        quote = note["quote"]
        nid = note["id"]
        rep = (
            f'<span class="xp-note-passage" data-xp-note="{nid}">{html.escape(quote)}</span>'
            f'<sup class="xp-note-ref"><a href="#xp-note--{nid}" id="xp-noteref--{nid}" '
            f'data-xp-note="{nid}" role="doc-noteref" '
            f'aria-label="Context note {n}: {html.escape(note["title"])}">[{n}]</a></sup>'
        )
        text = text.replace(quote, rep, 1)
    cards = "\n".join(_card(e) for e in used)
    text += f'\n\n<div class="xp-cards" hidden data-search-exclude>\n{cards}\n</div>\n'
    if notes:
        items = []
        for note in notes:
            nid = note["id"]
            srcs = "; ".join(f'<a href="{u}">{html.escape(t)}</a>' for t, u in note["sources"])
            items.append(
                f'<li class="xp-endnote" id="xp-note--{nid}" data-xp-note="{nid}">\n'
                f'<p class="xp-endnote-title">{html.escape(note["title"])}</p>\n'
                f'<div class="xp-endnote-body">{_md_inline(note["body"])}</div>\n'
                f'<p class="xp-endnote-sources">Sources: {srcs}</p>\n'
                f'<p class="xp-endnote-reviewed">Reviewed <time datetime="2026-11-29">'
                f"29 November 2026</time></p>\n"
                f'<a class="xp-endnote-back" href="#xp-noteref--{nid}" role="doc-backlink" '
                f'aria-label="Back to the text">↩</a>\n</li>'
            )
        text += (
            '\n<section class="xp-endnotes" role="doc-endnotes" '
            'aria-labelledby="xp-endnotes-title">\n<h2 id="xp-endnotes-title">Context notes</h2>\n'
            "<ol>\n" + "\n".join(items) + "\n</ol>\n</section>\n"
        )
    return text


def _contract_entry(entry: str) -> str:
    is_person = entry in PEOPLE
    d = PEOPLE[entry] if is_person else TERMS[entry]
    title = d["name"] if is_person else d["term"]
    kind = "person" if is_person else "term"
    meta = d["role"] if is_person else d["kind"][1]
    return (
        f"# {title}\n\n"
        f'<div class="xp-entry" data-xp-entry="{entry}" data-xp-kind="{kind}">\n'
        f'<p class="xp-entry-meta">{html.escape(meta)}</p>\n'
        f'<div class="xp-entry-summary">{_md_inline(d["summary"])}</div>\n'
        f'<section class="xp-backlinks"><h2>Mentioned in</h2><ul><li>'
        f'<a href="../../talks/#xp-m--{entry}">Abu Dhabi talks</a>'
        f'<blockquote class="xp-backlink-sentence">… {html.escape(title)} …</blockquote>'
        f"</li></ul></section>\n"
        f'<p class="xp-entry-reviewed">Reviewed 29 November 2026</p>\n</div>\n'
    )


def _contract_index(folder: str) -> str:
    items = PEOPLE if folder == "people" else TERMS
    title = "People" if folder == "people" else "Glossary"
    lis = "".join(
        f'<li><a href="{e}/">{html.escape(d.get("name") or d["term"])}</a></li>' for e, d in sorted(items.items())
    )
    return f'# {title}\n\n<div class="xp-index">\n<ul>{lis}</ul>\n</div>\n'


def _yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write_annotations(root: Path) -> None:
    (root / "annotations" / "people").mkdir(parents=True, exist_ok=True)
    (root / "annotations" / "glossary").mkdir(parents=True, exist_ok=True)
    (root / "annotations" / "notes").mkdir(parents=True, exist_ok=True)
    for pid, p in PEOPLE.items():
        lines = [
            f"name: {_yaml_str(p['name'])}",
            "role:",
            f"  title: {_yaml_str(p['role'])}",
            f"  as_of: {p['as_of'][0]}",
            f"summary: {_yaml_str(p['summary'])}",
        ]
        if p["image"]:
            lines += [
                "image:",
                f"  src: annotations/{p['image'][0]}",
                f"  alt: {_yaml_str(p['image'][1])}",
                "  credit: Generated placeholder",
                "  license: CC0 1.0",
            ]
        lines += [
            "sources:",
            "  - title: Example",
            "    url: https://example.org/",
            "reviewed: 2026-11-29",
        ]
        (root / "annotations" / "people" / f"{pid}.yml").write_text("\n".join(lines) + "\n")
    for tid, t in TERMS.items():
        lines = [
            f"term: {_yaml_str(t['term'])}",
            f"kind: {t['kind'][0]}",
        ]
        if t["date"]:
            lines.append(f"date: {t['date'][0]}")
        lines += [
            f"summary: {_yaml_str(t['summary'])}",
            "sources:",
            "  - title: Example",
            "    url: https://example.org/",
            "reviewed: 2026-11-29",
        ]
        (root / "annotations" / "glossary" / f"{tid}.yml").write_text("\n".join(lines) + "\n")
    for slug, notes in NOTES.items():
        lines = ["notes:"]
        for note in notes:
            lines += [
                f"  - id: {note['id']}",
                f"    quote: {_yaml_str(note['quote'])}",
                f"    title: {_yaml_str(note['title'])}",
                f"    body: {_yaml_str(note['body'])}",
                "    sources:",
            ]
            for t, u in note["sources"]:
                lines += [f"      - title: {_yaml_str(t)}", f"        url: {u}"]
            lines.append("    reviewed: 2026-11-29")
        (root / "annotations" / "notes" / f"{slug}.yml").write_text("\n".join(lines) + "\n")


THEME_YAML = """\
theme:
  name: material
  custom_dir: {site_src}
  font: false
  features:
    - navigation.instant
    - navigation.instant.progress
    - content.tooltips
    - search.highlight
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle:
        icon: material/brightness-4
        name: Switch to light mode
"""


def write_tiny_site(dest: Path, site_url: str, use_plugin: bool | None = None) -> Path:
    """Write the tiny project into ``dest``; return the path of its mkdocs.yml."""
    if use_plugin is None:
        use_plugin = plugin_available()
    dest.mkdir(parents=True, exist_ok=True)
    docs = dest / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text(
        "# Tiny explainer\n\nRead the [Abu Dhabi talks](talks.md) or the [second article](second.md).\n"
    )
    theme = THEME_YAML.format(site_src=SITE_SRC.as_posix())
    if use_plugin:
        for slug, src in ARTICLES.items():
            (docs / f"{slug}.md").write_text(src)
        _write_annotations(dest)
        (dest / "annotations" / "images").mkdir(parents=True, exist_ok=True)
        (dest / "annotations" / "images" / "umerov.png").write_bytes(png(96, 120))
        cfg = (
            f"site_name: Tiny explainer\nsite_url: {site_url}\ndocs_dir: docs\n"
            f"{theme}plugins:\n  - search\n  - explainer\n"
            "markdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n"
        )
    else:
        for slug, src in ARTICLES.items():
            (docs / f"{slug}.md").write_text(_contract_article(slug, src))
        for folder, items in (("people", PEOPLE), ("glossary", TERMS)):
            (docs / folder).mkdir(exist_ok=True)
            (docs / folder / "index.md").write_text(_contract_index(folder))
            for entry in items:
                (docs / folder / f"{entry}.md").write_text(_contract_entry(entry))
        (docs / "images").mkdir(exist_ok=True)
        (docs / "images" / "umerov.png").write_bytes(png(96, 120))
        # what the plugin does: copy the assets and add them to every page
        (docs / "assets" / "explainer").mkdir(parents=True, exist_ok=True)
        for name in ("explainer.js", "explainer.css"):
            shutil.copy(ASSETS / name, docs / "assets" / "explainer" / name)
        cfg = (
            f"site_name: Tiny explainer\nsite_url: {site_url}\ndocs_dir: docs\n{theme}"
            "plugins:\n  - search\n"
            "markdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n"
            "extra_css:\n  - assets/explainer/explainer.css\n"
            "extra_javascript:\n  - assets/explainer/explainer.js\n"
        )
    cfg_path = dest / "mkdocs.yml"
    cfg_path.write_text(cfg)
    return cfg_path


# --------------------------------------------------------------------------------------------
# Page helpers for the tests and the screenshot script
# --------------------------------------------------------------------------------------------
def js_constant(name: str) -> int:
    """A timing constant from explainer.js (so tests follow the shipped values)."""
    src = (ASSETS / "explainer.js").read_text()
    m = re.search(rf"\b{name}\s*=\s*(\d+)", src)
    if not m:
        raise LookupError(name)
    return int(m.group(1))


OPEN_DELAY = js_constant("OPEN_DELAY")
CLOSE_DELAY = js_constant("CLOSE_DELAY")

# Records when the open card appears/disappears (performance.now()), for delay checks.
CARD_WATCH = """() => {
  window.__xp = {opened: [], closed: []};
  new MutationObserver(ms => {
    for (const m of ms) {
      for (const n of m.addedNodes) if (n.classList && n.classList.contains('xp-card'))
        window.__xp.opened.push(performance.now());
      for (const n of m.removedNodes) if (n.classList && n.classList.contains('xp-card'))
        window.__xp.closed.push(performance.now());
    }
  }).observe(document.body, {childList: true, subtree: true});
}"""


def watch(page: Any) -> list[str]:
    """The console errors, uncaught exceptions and CSP violations of `page`, collected as they
    happen; the violation listener is installed in every document the page loads."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('CSP violation: ' + e.violatedDirective))"
    )
    return problems


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector`` (real keyboard focus)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def rect(page: Any, selector: str) -> dict[str, float]:
    r = page.evaluate(
        "s => { const e = document.querySelector(s); return e && e.getBoundingClientRect().toJSON(); }",
        selector,
    )
    if r is None:
        raise AssertionError(f"no element {selector}")
    return dict(r)


GENERATED_DIRS = {"people", "glossary", "timeline", "search", "assets", "stylesheets"}


def article_paths(root: Path) -> list[str]:
    """URL paths (relative to the site root) of built pages that have mentions, sorted."""
    found = []
    for page in sorted(root.rglob("index.html")):
        rel = page.relative_to(root)
        if rel.parts[0] in GENERATED_DIRS:
            continue
        if 'class="xp-mention"' in page.read_text(encoding="utf-8"):
            found.append(rel.parent.as_posix() + "/" if rel.parent.parts else "")
    return found


def axe_violations(page: Any, impacts: tuple[str, ...] = ("minor", "moderate", "serious", "critical")) -> list[str]:
    """axe-core's violations of the given impacts on the page, one line each.

    ``preload: false``: axe would otherwise fetch cross-origin stylesheets (Material's web
    fonts) with XHR, which a site's own CSP (connect-src 'self') rightly blocks.
    """
    from axe_playwright_python.sync_playwright import Axe

    res = Axe().run(page, options={"resultTypes": ["violations"], "preload": False})
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in res.response["violations"]
        if v["impact"] in impacts
    ]


def axe_blocking(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page."""
    return axe_violations(page, ("serious", "critical"))


def ax_node(page: Any, selector: str) -> dict[str, Any]:
    """What Chromium's accessibility tree says about the first element matching ``selector``:
    {"role": ..., <property>: <value>, ...} (through the DevTools protocol, not Playwright's
    own computation, so it shows what assistive technology gets)."""
    cdp = page.context.new_cdp_session(page)
    try:
        doc = cdp.send("DOM.getDocument")
        node = cdp.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"], "selector": selector})
        tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False})
    finally:
        cdp.detach()
    ax = tree["nodes"][0]
    out: dict[str, Any] = {"role": ax["role"]["value"]}
    for prop in ax.get("properties", []):
        out[prop["name"]] = prop["value"].get("value")
    return out


def tab_stops(page: Any, limit: int = 600) -> int:
    """How many Tab presses it takes to go once through the page, from its top."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    first = None
    for n in range(1, limit + 1):
        page.keyboard.press("Tab")
        key = page.evaluate(
            "() => { const a = document.activeElement; if (!a || a === document.body) return null;"
            " if (!a.__xpStop) a.__xpStop = Math.random(); return a.__xpStop; }"
        )
        if key is None or key == first:
            return n - 1
        if first is None:
            first = key
    raise AssertionError(f"more than {limit} tab stops")
