"""Stamp the repository's public address into a release checkout, just before `python -m build`.

The repository does not know its own address (a fork, a mirror, a rename all change it), but the
release workflow does (`github.server_url` / `github.repository`). This script, run there:

- makes every relative link and image in README.md absolute (`<address>/blob/<ref>/…` for pages,
  `<address>/raw/<ref>/…` for images), because the package index shows the README on its own
  host where relative links lead nowhere;
- fills in the `<this repository's address>` placeholders of the install and pre-commit lines;
- adds `[project.urls]` (source, issues, changelog) to pyproject.toml.

    python scripts/release_metadata.py https://github.com/owner/mkdocs-explainer v0.2.0

It edits the files in place and refuses a second run (the working tree of a release job is
thrown away afterwards; never commit the result).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PLACEHOLDER = "<this repository's address>"
# A Markdown link or image target: `](target)` or `](target "title")`.
LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]+)(?P<rest>[^)\n]*)\)")
CODE = re.compile(r"(^```.*?^```[^\n]*$|``[^\n]*?``|`[^`\n]+`)", re.MULTILINE | re.DOTALL)
ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#|//)", re.IGNORECASE)


def absolute_links(markdown: str, address: str, ref: str) -> str:
    """Relative link and image targets outside code blocks made absolute; anchors stay as they are."""

    def stamp(match: re.Match[str]) -> str:
        target = match["target"]
        if ABSOLUTE.match(target):
            return match[0]
        kind = "raw" if match["bang"] else "blob"
        return f"{match['bang']}[{match['text']}]({address}/{kind}/{ref}/{target.lstrip('./')}{match['rest']})"

    # Code (fenced blocks, inline spans) alternates with prose: only even-numbered pieces are prose.
    pieces = CODE.split(markdown)
    return "".join(p if i % 2 else LINK.sub(stamp, p) for i, p in enumerate(pieces))


def project_urls(pyproject: str, address: str) -> str:
    """pyproject.toml with a `[project.urls]` table appended; refuses one that is already there."""
    if re.search(r"^\[project\.urls\]|^urls\s*=", pyproject, re.MULTILINE):
        raise SystemExit("pyproject.toml already has [project.urls]: run this on a fresh checkout only")
    table = (
        "\n[project.urls]\n"
        f'Source = "{address}"\n'
        f'Issues = "{address}/issues"\n'
        f'Changelog = "{address}/blob/main/CHANGELOG.md"\n'
    )
    return pyproject.rstrip("\n") + "\n" + table


def main(argv: list[str]) -> int:
    if len(argv) != 3 or not re.match(r"^https://[^\s\"'<>]+$", argv[1]):
        print("usage: release_metadata.py https://host/owner/repo REF", file=sys.stderr)
        return 2
    address, ref = argv[1].rstrip("/"), argv[2]
    root = Path(__file__).resolve().parents[1]
    readme, pyproject = root / "README.md", root / "pyproject.toml"
    text = absolute_links(readme.read_text(encoding="utf-8"), address, ref).replace(PLACEHOLDER, address)
    urls = project_urls(pyproject.read_text(encoding="utf-8"), address)
    readme.write_text(text, encoding="utf-8")
    pyproject.write_text(urls, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
