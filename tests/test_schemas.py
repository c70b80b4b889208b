"""JSON Schemas, editor settings, workflows and hooks: generated, in agreement, and valid."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
import yaml12
from mkdocs_explainer.core.loader import AnnotationLoader
from mkdocs_explainer.core.schema import FILE_SHAPES, json_schema
from mkdocs_explainer.editors.schemafiles import expected_files, stale_files

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
BIN = Path(sys.executable).parent
KINDS = {"people": "person", "glossary": "term", "notes": "notes"}
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def schema(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return data


def corpus(base: str) -> list[Path]:
    return sorted(p for folder in KINDS for p in (FIXTURES / base / folder).glob("*.yml"))


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


# -- generated from schema.py ----------------------------------------------------------------


def test_committed_schemas_are_the_generated_ones() -> None:
    assert stale_files(ROOT / "schemas") == [], "run `explainer schemas` (or `python -m mkdocs_explainer schemas`)"
    assert sorted(p.name for p in (ROOT / "schemas").glob("*.json")) == sorted(expected_files())
    for kind in FILE_SHAPES:
        assert schema(kind) == json_schema(kind)


def test_schemas_command_writes_and_checks(tmp_path: Path) -> None:
    run = [str(BIN / "explainer"), "schemas", str(tmp_path)]
    stale = subprocess.run([*run, "--check"], capture_output=True, text=True, timeout=60)
    assert stale.returncode == 1
    assert "person.schema.json is out of date" in stale.stdout
    wrote = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert wrote.returncode == 0
    assert wrote.stdout.count("wrote ") == 3
    for name, text in expected_files().items():
        assert (tmp_path / "schemas" / name).read_text(encoding="utf-8") == text
    assert subprocess.run([*run, "--check"], capture_output=True, timeout=60).returncode == 0


@pytest.mark.parametrize("kind", sorted(FILE_SHAPES))
def test_schemas_are_valid_json_schema(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(kind))


# -- the loader and the schemas agree ------------------------------------------------------------


def loader_verdict(path: Path, tmp_path: Path) -> list[str]:
    """The loader's messages for one file, alone in a fresh repository (`line:col: severity: message`)."""
    root = tmp_path / "repo"
    folder = path.parent.name
    (root / "annotations" / folder).mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / f"{path.stem}.md").write_text("# An article\n\nText.\n", encoding="utf-8")
    (root / "annotations" / "images").mkdir()
    (root / "annotations" / "images" / "portrait.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    shutil.copy(path, root / "annotations" / folder / path.name)
    _, diagnostics = AnnotationLoader(root, root / "annotations", root / "docs").load()
    return [f"{d.line}:{d.col}: {d.severity}: {d.message}" for d in sorted(diagnostics)]


def schema_verdict(path: Path) -> list[str]:
    """What an editor's tool reports against the committed schema: [] if it accepts the file."""
    try:
        data = yaml12.load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [f"YAML: {exc}"]
    validator = jsonschema.Draft202012Validator(
        schema(KINDS[path.parent.name]), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [e.message for e in validator.iter_errors(data)]


@pytest.mark.parametrize("path", corpus("valid"), ids=case_id)
def test_valid_files_pass_loader_and_schema(path: Path, tmp_path: Path) -> None:
    assert loader_verdict(path, tmp_path) == []
    assert schema_verdict(path) == []


@pytest.mark.parametrize("path", corpus("invalid"), ids=case_id)
def test_invalid_files_fail_with_the_expected_messages(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = re.findall(r"^# expect (.+)$", text, re.M)
    assert expected, f"{path} lists no `# expect` line"
    assert loader_verdict(path, tmp_path) == expected
    accepts = re.search(r"^# schema accepts: (.+)$", text, re.M)
    if accepts:
        # A documented limit of JSON Schema or of YAML 1.2 tools: the loader is stricter here.
        assert schema_verdict(path) == [], f"the schema now rejects {path.name}: drop its `# schema accepts` line"
    else:
        assert schema_verdict(path) != [], f"the loader rejects {path.name} but the schema accepts it"


def test_check_jsonschema_agrees_with_the_corpus() -> None:
    """check-jsonschema (ruamel, YAML 1.2), as a CI or an editor would run it, on every corpus file."""
    for folder, kind in KINDS.items():
        valid = sorted((FIXTURES / "valid" / folder).glob("*.yml"))
        invalid = sorted((FIXTURES / "invalid" / folder).glob("*.yml"))
        result = subprocess.run(
            [str(BIN / "check-jsonschema"), "--output-format", "json", "--schemafile",
             str(ROOT / "schemas" / f"{kind}.schema.json"), *map(str, valid + invalid)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        report = json.loads(result.stdout)
        failed = {Path(e["filename"]).name for e in report["errors"]} | {
            Path(e["filename"]).name for e in report["parse_errors"]
        }
        expected = {p.name for p in invalid if "# schema accepts:" not in p.read_text(encoding="utf-8")}
        assert failed == expected, folder


def test_shipped_annotations_pass_their_schemas() -> None:
    files = sorted((ROOT / "annotations").rglob("*.yml"))
    assert files
    for path in files:
        kind = KINDS[path.relative_to(ROOT / "annotations").parts[0]]
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        depth = len(path.relative_to(ROOT).parts) - 1
        assert first == f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json", path
        assert schema_verdict(path) == [], path


# -- VS Code ----------------------------------------------------------------------------------


def test_vscode_maps_each_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping: dict[str, list[str]] = settings["yaml.schemas"]
    for target in mapping:
        assert (ROOT / target).is_file(), target
    samples = {
        "annotations/people/rustem-umerov.yml": "person",
        "annotations/glossary/zaporizhzhia-npp.yml": "term",
        "annotations/notes/abu-dhabi-talks.yml": "notes",
        "annotations/notes/section/article.yml": "notes",
    }
    for rel, kind in samples.items():
        hits = [Path(t).name for t, globs in mapping.items() if any(_glob(rel, g) for g in globs)]
        assert hits == [f"{kind}.schema.json"], rel
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def _glob(path: str, pattern: str) -> bool:
    """VS Code's globs: `*` stays within a folder, `**/` spans any number of them."""
    regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
    return re.fullmatch(regex, path) is not None


# -- GitHub workflows -------------------------------------------------------------------------


@pytest.mark.parametrize("schema_name", ["vendor.github-workflows", "custom.github-workflows-require-timeout"])
def test_workflows_are_valid_github_workflows(schema_name: str) -> None:
    assert [p.name for p in WORKFLOWS] == ["check.yml", "pages.yml", "release.yml"]
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", schema_name, *map(str, WORKFLOWS)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def workflow(name: str) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    return data


def steps(job: dict[str, Any]) -> str:
    return "\n".join(str(s.get("uses", "")) + " " + str(s.get("run", "")) for s in job["steps"])


def test_check_workflow_runs_on_pull_requests() -> None:
    wf = workflow("check.yml")
    assert "pull_request" in wf[True]  # PyYAML reads the key `on` as true
    job = wf["jobs"]["check"]
    text = steps(job)
    order = [
        "actions/checkout@",
        "actions/setup-python@",
        "pip install -e '.[test]'",
        "explainer check --format github",
        "mkdocs build --strict",
        'explainer diff "origin/${{ github.base_ref }}" HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"',
        "chromium",
        "make test",
    ]
    positions = [text.find(word) for word in order]
    assert -1 not in positions and positions == sorted(positions), dict(zip(order, positions, strict=True))
    # The base branch must be in the clone: for the changed lines and the impact report.
    assert job["steps"][0]["with"]["fetch-depth"] == 0
    assert wf["permissions"] == {"contents": "read"}


def test_pages_workflow_deploys_main_to_github_pages() -> None:
    wf = workflow("pages.yml")
    assert wf[True]["push"]["branches"] == ["main"]
    # Write permissions only where they are used: the deploy job.
    assert wf["permissions"] == {"contents": "read"}
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    text = steps(build)
    for word in ("actions/configure-pages@", "mkdocs build --strict", "actions/upload-pages-artifact@"):
        assert word in text
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Source** to **GitHub Actions**" in readme


def test_release_workflow_checks_the_wheel_then_publishes_on_a_tag() -> None:
    wf = workflow("release.yml")
    assert wf[True]["push"]["tags"] == ["v*"]
    assert wf["permissions"] == {"contents": "read"}
    build, publish = wf["jobs"]["build"], wf["jobs"]["publish"]
    text = steps(build)
    order = ["scripts/release_metadata.py", "python -m build", "twine check --strict dist/*", "pip install dist/*.whl", "mkdocs new", "explainer check",
             "mkdocs build --strict", "actions/upload-artifact@"]  # fmt: skip
    positions = [text.find(word) for word in order]
    assert -1 not in positions and positions == sorted(positions), dict(zip(order, positions, strict=True))
    # Trusted publishing: an OIDC token for this job only, no password.
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert [s["uses"].split("@")[0] for s in publish["steps"]] == ["actions/download-artifact", "pypa/gh-action-pypi-publish"]
    assert "password" not in str(publish)


# -- pre-commit -------------------------------------------------------------------------------


def test_pre_commit_hook_checks_annotations() -> None:
    """This repository's hooks go through `make`, which sets up .venv itself in a fresh clone."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hooks = {h["id"]: h for h in repo["hooks"]}
    check = hooks["explainer-check"]
    assert check["pass_filenames"] is False
    files = re.compile(check["files"])
    for rel in ("annotations/people/x.yml", "annotations/notes/sub/a.yml", "content/abu-dhabi-talks.md"):
        assert files.search(rel), rel
    for rel in ("README.md", "plugins/mkdocs_explainer/core/loader.py", "annotations/no-entry-needed.txt"):
        assert not files.search(rel), rel
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for hook in hooks.values():
        assert hook["language"] == "system"
        assert hook["entry"].startswith("make "), "no hand-made .venv: make creates it"
        assert ".venv" not in hook["entry"]
        result = subprocess.run(shlex.split(hook["entry"]), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hooks_for_other_sites_install_this_package() -> None:
    """`.pre-commit-hooks.yaml`: a standard `language: python` hook; pre-commit pip-installs this
    repository, whose `explainer` command is the entry."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "explainer-check"
    assert hook["language"] == "python"
    assert hook["entry"] == "explainer check"
    assert hook["pass_filenames"] is False
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'explainer = "mkdocs_explainer.editors.cli:command"' in pyproject
    files = re.compile(hook["files"])
    assert files.search("docs/index.md") and files.search("annotations/people/a.yml") and files.search("mkdocs.yml")
    assert not files.search("src/app.py")
