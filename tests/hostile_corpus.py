"""A hostile corpus: script in every field of every kind of annotation file, as a real site.

Shared by tests/test_hostile.py (the HTML written) and tests/browser (the same site in Chromium).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from sitekit import Site

MARKDOWN_VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[a](javascript:alert(1))",
    "[b](JaVaScRiPt:alert(1))",
    "[c](java&#x09;script:alert(1))",
    "[d](&#106;avascript:alert(1))",
    "[e](vbscript:msgbox(1))",
    "[f](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "[g](<javascript:alert(1)>)",
    "[h](%20javascript:alert(1))",
    "![i](javascript:alert(1))",
    '[j](https://example.org "t\\" onmouseover=\\"alert(1)")',
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    "</template><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</aside><script>alert(1)</script>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">k</a>',
    "[l][ref]\n\n[ref]: javascript:alert(1)",
    "<style>body{display:none}</style>",
    "<form action=javascript:alert(1)><button>m</button></form>",
    "<object data=javascript:alert(1)></object>",
    "<details open ontoggle=alert(1)>n</details>",
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
    "&lt;script&gt;alert(1)&lt;/script&gt; &#60;script&#62;",
    "line\u2028separator\u2029paragraph",
    "<!-- --><script>alert(1)</script><!-- -->",
    "[o](file:///etc/passwd)",
    # Link titles: Material's content.tooltips writes a title into the page as HTML.
    '[p](https://example.org "<img src=x onerror=alert(1)>")',
    '[q](https://example.org "<img src=https://evil.example/title.png>")',
    "[r](https://example.org '\"><svg onload=alert(1)>')",
    '[s](https://example.org "&lt;img src=x onerror=alert(1)&gt;")',
    "[t](https://example.org (<img src=https://evil.example/paren.png>))",
    '[u][tref]\n\n[tref]: https://example.org "<img src=https://evil.example/ref.png>"',
    '![alt <img src=https://evil.example/alt.png>](https://evil.example/i.png "<img src=x onerror=alert(1)>")',
    '<a href="https://example.org" title="<img src=https://evil.example/raw.png>">v</a>',
]
TEXT_VECTORS = [
    '"><img src=x onerror=alert(1)>',
    "' autofocus onfocus='alert(1)",
    "</template></script></aside><script>alert(1)</script>",
    "<svg/onload=alert(1)>",
    "Name\u202eevil\u202c",
    "Zero\u200bWidth",
    "{{ config }}",
    "<img src=https://evil.example/text.png>",
    "&lt;img src=x onerror=alert(1)&gt; &#60;svg onload=alert(1)&#62;",
    '"><svg onload=alert(1)>',
]
URL_VECTORS = [
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/?q=<svg/onload=alert(1)>",
    "https://example.org/'onmouseover='alert(1)'",
    "mailto:x@example.org?body=<script>alert(1)</script>",
]
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "form", "svg", "math", "style", "base", "meta", "link"}
BAD_URL = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)


def name_part(text: str) -> str:
    """A text vector as it may appear in a name: names are page titles, and may not hold `<>`."""
    return text.replace("<", "").replace(">", "")


def as_name(text: str) -> str:
    """`text` as a name or alias may hold it: names refuse direction controls and invisible
    characters (tests/test_names_text.py), so those vectors reach every field but names and aliases."""
    return "".join(c for c in text if c not in "\u202e\u202c\u200b")


def _person(i: int, text: str, md: str, url: str) -> dict[str, object]:
    return {
        "name": f"Person{i} {as_name(name_part(text))}",
        "aliases": [f"Alias{i} {as_name(text)}"],
        "role": {"title": text, "as_of": "2026-02-04"},
        "summary": md,
        "body": f"{md}\n\n{text}",
        "links": [{"title": text, "url": url}],
        "sources": [{"title": text, "url": url}],
        "reviewed": "2026-11-29",
    }


def _term(i: int, text: str, md: str, url: str) -> dict[str, object]:
    return {
        "term": f"Term{i} {as_name(name_part(text))}", "aliases": [f"Other{i} {as_name(text)}"], "kind": "event", "date": "2026-02-04",
        "summary": md, "body": md, "sources": [{"title": text, "url": url}], "reviewed": "2026-11-29",
        "image": {"src": "annotations/images/p.png", "alt": text, "credit": text, "license": text},
    }  # fmt: skip


REPO_CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"


def shipped_theme_config() -> str:
    """The shipped site's Material features (content.tooltips, navigation.instant…) as config
    for a test site, so payloads meet the same theme JavaScript as readers' browsers run."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_constructor("!ENV", lambda loader, node: None)
    features = yaml.load(REPO_CONFIG.read_text(encoding="utf-8"), Loader=_Loader)["theme"]["features"]
    # Instant navigation reads the sitemap, which needs an address; the local one is never fetched.
    return "site_url: http://127.0.0.1/\n" + yaml.safe_dump(
        {"theme": {"name": "material", "font": False, "features": features}}
    )


def build_hostile_site(root: Path, extra_config: str = "", plugin_options: str = "") -> Site:
    """Write the corpus into a new site at `root` and build it (in this process)."""
    site = Site(root)
    if extra_config or plugin_options:
        site.configure(plugin_options, extra=extra_config)
    (site.root / "annotations" / "images").mkdir(parents=True, exist_ok=True)
    (site.root / "annotations" / "images" / "p.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    prose = []
    notes = []
    for i, md in enumerate(MARKDOWN_VECTORS):
        text = TEXT_VECTORS[i % len(TEXT_VECTORS)]
        url = URL_VECTORS[i % len(URL_VECTORS)]
        site.write(f"annotations/people/p{i}.yml", json.dumps(_person(i, text, md, url)))
        site.write(f"annotations/glossary/t{i}.yml", json.dumps(_term(i, text, md, url)))
        prose.append(f"Person{i} {as_name(name_part(text))} met Other{i} {as_name(text)} at passage{i} here.")
        notes.append({
            "id": f"n{i}", "quote": f"passage{i} here", "title": text, "body": md,
            "sources": [{"title": text, "url": url}], "reviewed": "2026-11-29",
        })  # fmt: skip
    # The same paragraphs as prose, escaped for Markdown only where a reader would see the text.
    body = "\n\n".join(p.replace("<", "&lt;") for p in prose)
    site.page("index.md", f"# Hostile corpus\n\n{body}\n\nAn alias equal to a common word: the end.\n")
    site.write("annotations/glossary/common.yml", json.dumps({
        "term": "Common word", "aliases": ["the"], "kind": "other", "summary": "s",
        "sources": [{"title": "t", "url": "https://example.org"}], "reviewed": "2026-11-29",
    }))  # fmt: skip
    site.write("annotations/notes/index.yml", json.dumps({"notes": notes}))
    result = site.build()
    assert result.ok, result.error
    return site
