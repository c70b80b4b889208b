"""The release job stamps the repository's address into a copy of README.md and pyproject.toml
(scripts/release_metadata.py): on the package index page every link must lead somewhere, the
install lines must be complete, and the project URLs must be there."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the release job runs 3.12

ROOT = Path(__file__).resolve().parents[1]
ADDRESS = "https://github.com/newsroom/mkdocs-explainer"
LINK = re.compile(r"(!?)\[[^\]\n]*\]\(([^)\s]+)[^)\n]*\)")
CODE = re.compile(r"^```.*?^```[^\n]*$|``[^\n]*?``|`[^`\n]+`", re.MULTILINE | re.DOTALL)


def _links(markdown: str) -> list[tuple[str, str]]:
    """(`!` or ``, target) of every link and image outside code (a `](x)` in code is not a link)."""
    return LINK.findall(CODE.sub("", markdown))


def _stamp(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(tmp_path / "scripts" / "release_metadata.py"), ADDRESS, "v9.9.9"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_the_stamped_readme_and_pyproject_point_at_the_repository(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    for name in ("README.md", "pyproject.toml", "scripts/release_metadata.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    before = (ROOT / "README.md").read_text(encoding="utf-8")
    relative = [(b, t) for b, t in _links(before) if not re.match(r"^([a-z]+:|#)", t)]
    assert relative, "the README has relative links: this test must see some"
    for _, target in relative:  # each becomes an address on the repository's host: it must exist here
        assert (ROOT / target.split("#")[0]).exists(), target

    result = _stamp(tmp_path)
    assert result.returncode == 0, result.stderr
    after = (tmp_path / "README.md").read_text(encoding="utf-8")
    targets = [t for _, t in _links(after)]
    assert all(re.match(r"^(https://|mailto:|#)", t) for t in targets), [t for t in targets if not t.startswith("http")]
    for bang, target in relative:
        kind = "raw" if bang else "blob"  # images are fetched, pages are shown
        assert f"{ADDRESS}/{kind}/v9.9.9/{target.lstrip('./')}" in after, target
    assert "<this repository's address>" not in after
    assert f"git clone {ADDRESS} mkdocs-explainer" in after and f"- repo: {ADDRESS}" in after
    assert CODE.findall(after) == [c.replace("<this repository's address>", ADDRESS) for c in CODE.findall(before)]

    urls = tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls == {"Source": ADDRESS, "Issues": f"{ADDRESS}/issues", "Changelog": f"{ADDRESS}/blob/main/CHANGELOG.md"}

    # A second run would add a second table: refused, and nothing is written.
    again = _stamp(tmp_path)
    assert again.returncode != 0 and "fresh checkout" in again.stderr + again.stdout
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == after
