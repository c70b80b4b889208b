"""`explainer diff BASE HEAD`: two real builds of a tiny git repository, compared for readers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import Site

EXPLAINER = str(Path(sys.executable).parent / "explainer")
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]


def git(root: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True, timeout=60)


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([EXPLAINER, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=240)


def test_diff_reports_links_cards_notes_entries_and_moved_passages(tmp_path: Path) -> None:
    site = Site(tmp_path / "repo")
    git(site.root, "init", "-q", "-b", "main")
    (site.root / ".gitignore").write_text("site/\n", encoding="utf-8")
    site.page("index.md", "# Home\n\nNothing here.\n")
    site.page("talks.md", "# Talks\n\nRustem Umerov met envoys in Abu Dhabi. The talks ended on Friday.\n")
    site.person("rustem-umerov", "Rustem Umerov")
    site.term("abu-dhabi", "Abu Dhabi")
    site.notes("talks", [{"id": "ended", "quote": "The talks ended"}])
    commit(site.root, "base")

    # The change: a new entry linked on the page, one entry gone, the note's passage reworded.
    (site.root / "annotations/glossary/abu-dhabi.yml").unlink()
    site.term("geneva", "Geneva")
    site.page("talks.md", "# Talks\n\nRustem Umerov met envoys in Geneva. On Friday the talks stopped.\n")
    site.notes("talks", [{"id": "ended", "quote": "the talks stopped"}])
    commit(site.root, "head")

    result = run("diff", "HEAD~1", "HEAD", cwd=site.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Impact of HEAD on the site built from HEAD~1\n"
        "\n"
        "Entry pages added: `glossary/geneva/`\n"
        "Entry pages removed: `glossary/abu-dhabi/`\n"
        "\n"
        "talks/\n"
        "  links gained: `geneva`\n"
        "  links lost: `abu-dhabi`\n"
        "  cards gained: `geneva`\n"
        "  cards lost: `abu-dhabi`\n"
        "  note `ended` now anchors “the talks stopped” (was “The talks ended”)\n"
    )
    markdown = run("diff", "HEAD~1", "--format", "markdown", cwd=site.root)
    assert markdown.stdout.startswith("## Impact of HEAD on the site built from HEAD~1\n\n**Entry pages added**: `glossary/geneva/`\n")
    assert "**`talks/`**\n- links gained: `geneva`\n" in markdown.stdout

    # Same words, another place: the note moved.
    site.page("talks.md", "# Talks\n\nOn Friday the talks stopped. Rustem Umerov met envoys in Geneva.\n")
    commit(site.root, "move")
    moved = run("diff", "HEAD~1", "HEAD", cwd=site.root)
    assert moved.stdout.splitlines()[2:] == [
        "talks/",
        "  note `ended` moved: “the talks stopped” now follows “…Talks On Friday” (was “…m Umerov met envoys in Geneva. On Friday”)",
    ]
    # Nothing changed for readers; the working copy and git's worktree list are as they were.
    same = run("diff", "HEAD", "HEAD", cwd=site.root)
    assert same.stdout.endswith("No article page gains or loses a link, card or note; no entry page appears or disappears.\n")
    listed = subprocess.run(["git", "worktree", "list"], cwd=site.root, capture_output=True, text=True, timeout=30)
    assert len(listed.stdout.splitlines()) == 1
    assert not (site.root / "site").exists()


def test_diff_explains_an_unknown_revision_and_a_broken_build(tmp_path: Path) -> None:
    site = Site(tmp_path / "repo")
    git(site.root, "init", "-q", "-b", "main")
    site.page("index.md", "# Home\n")
    site.write("annotations/no-entry-needed.txt", "")  # git keeps no empty folder
    commit(site.root, "base")
    unknown = run("diff", "no-such-branch", cwd=site.root)
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("explainer diff: git cannot use `no-such-branch`")
    site.write("annotations/people/broken.yml", "name: [unclosed\n")
    commit(site.root, "broken")
    broken = run("diff", "HEAD~1", cwd=site.root)
    assert broken.returncode == 1
    assert "explainer diff: the site at HEAD does not build (`mkdocs build`):" in broken.stderr
    assert "this list opens with `[` but is not closed on its line" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_diff_builds_a_properdocs_site_with_properdocs(tmp_path: Path) -> None:
    pytest.importorskip("properdocs", reason="ProperDocs is in the test extra: pip install -e '.[test]'")
    site = Site(tmp_path / "repo")
    git(site.root, "init", "-q", "-b", "main")
    (site.root / ".gitignore").write_text("site/\n", encoding="utf-8")
    (site.root / "mkdocs.yml").rename(site.root / "properdocs.yml")
    site.page("index.md", "# Home\n\nRustem Umerov met envoys.\n")
    site.write("annotations/no-entry-needed.txt", "")  # git keeps no empty folder
    commit(site.root, "base")
    site.person("rustem-umerov", "Rustem Umerov")
    commit(site.root, "head")

    result = run("diff", "HEAD~1", "HEAD", cwd=site.root)
    assert result.returncode == 0, result.stderr
    assert "Entry pages added: `people/rustem-umerov/`" in result.stdout
    assert "  links gained: `rustem-umerov`" in result.stdout

    # The engine is the site's own: a revision that does not build says which command failed.
    site.write("annotations/people/broken.yml", "name: [unclosed\n")
    commit(site.root, "broken")
    broken = run("diff", "HEAD~1", cwd=site.root)
    assert broken.returncode == 1
    assert "explainer diff: the site at HEAD does not build (`properdocs build`):" in broken.stderr
    assert "this list opens with `[` but is not closed on its line" in broken.stderr
