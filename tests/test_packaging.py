"""What a release ships, built offline as the release workflow builds it: the sdist and the wheel
pass `twine check`, and the wheel alone, in a clean virtual environment, builds a new site.

The clean environment gets only the wheel; its dependencies (MkDocs, Material, …) are borrowed
from the test environment through a plain path entry, which does not load the editable install
of this checkout, so every file the site needs must come from the wheel.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = Path(sys.executable).parent
pytestmark = pytest.mark.packaging

PERSON = """\
name: Rustem Umerov
role:
  title: Secretary of the National Security and Defence Council of Ukraine
  as_of: 2026-02-04
summary: Ukraine's lead negotiator.
sources:
  - title: Rustem Umerov
    url: https://en.wikipedia.org/wiki/Rustem_Umerov
reviewed: 2026-11-29
"""


def sh(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )  # fmt: skip
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_sdist_and_wheel_build_check_and_make_a_site(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    sh(sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", dist)
    (wheel,) = dist.glob("mkdocs_explainer-*-py3-none-any.whl")
    (sdist,) = dist.glob("mkdocs_explainer-*.tar.gz")
    sh(sys.executable, "-m", "twine", "check", "--strict", wheel, sdist)

    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = whl.read(meta_name).decode()
    for asset in ("explainer.js", "explainer.css"):
        assert f"mkdocs_explainer/assets/{asset}" in names
    assert "mkdocs_explainer/templates/explainer/entry.html" in names
    assert "mkdocs_explainer/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in meta
    assert "Classifier: Framework :: MkDocs" in meta
    with tarfile.open(sdist) as tar:
        members = {m.name.split("/", 1)[1] for m in tar.getmembers() if "/" in m.name}
    assert {"LICENSE", "README.md", "pyproject.toml", "CHANGELOG.md"} <= members

    # A clean environment with the wheel; dependencies by a plain path entry (no editable finder).
    clean = tmp_path / "clean"
    venv.create(clean, with_pip=False)
    python = clean / "bin" / "python"
    sh(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel)
    purelib = Path(sh(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (purelib / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    where = sh(python, "-c", "import mkdocs_explainer; print(mkdocs_explainer.__file__)").strip()
    assert Path(where).is_relative_to(clean), where

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    site = tmp_path / "sample"
    sh(python, "-m", "mkdocs", "new", site, env=env)
    with (site / "mkdocs.yml").open("a", encoding="utf-8") as fh:
        fh.write("theme:\n  name: material\nplugins:\n  - search\n  - explainer\n")
    (site / "annotations" / "people").mkdir(parents=True)
    (site / "annotations" / "people" / "rustem-umerov.yml").write_text(PERSON, encoding="utf-8")
    (site / "docs" / "talks.md").write_text("# Talks\n\nRustem Umerov led the delegation.\n", encoding="utf-8")
    sh(clean / "bin" / "explainer", "check", cwd=site, env=env)
    sh(python, "-m", "mkdocs", "build", "--strict", cwd=site, env=env)
    built = site / "site"
    assert (built / "assets" / "explainer" / "explainer.js").is_file()
    assert 'class="xp-mention"' in (built / "talks" / "index.html").read_text(encoding="utf-8")
    assert 'class="xp-entry"' in (built / "people" / "rustem-umerov" / "index.html").read_text(encoding="utf-8")


def test_make_serve_says_plainly_that_the_port_is_taken(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "serve.py"), str(port)],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        f"make serve: port {port} is already in use (another `make serve`?). Stop it, or pick another"
        f" port: make serve PORT={port + 1}\n"
    )
    bad = subprocess.run([sys.executable, str(ROOT / "scripts" / "serve.py"), "http"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "PORT must be a number" in bad.stderr
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "PORT ?= 8000" in makefile and "scripts/serve.py $(PORT)" in makefile
    # Editors' targets install the plugin alone, without the test tools.
    assert "serve: $(LIGHT)" in makefile and "check: $(LIGHT)" in makefile and "site: $(LIGHT)" in makefile
    assert "pip install --quiet -e .\n" in makefile
