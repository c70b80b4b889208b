"""Broken input: a clear message, a non-zero exit, no traceback, no hang, the site left as it was."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import engine
import pytest
from sitekit import Site
from test_build_safety import tree_digest
from test_cli import EXPLAINER, run

GOOD_TERM = """\
term: Kyiv
kind: place
summary: The capital of Ukraine.
sources:
  - title: Reference
    url: https://example.org/kyiv
reviewed: 2026-11-29
"""
KYIV = "annotations/glossary/kyiv.yml"


def write(rel: str, data: bytes | str) -> Callable[[Site], None]:
    def apply(site: Site) -> None:
        path = site.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return apply


def symlink(rel: str, target_text: str) -> Callable[[Site], None]:
    def apply(site: Site) -> None:
        outside = site.root.parent / "outside" / Path(rel).name
        outside.parent.mkdir(exist_ok=True)
        outside.write_text(target_text, encoding="utf-8")
        (site.root / rel).unlink(missing_ok=True)
        os.symlink(outside, site.root / rel)

    return apply


def image_link_outside(site: Site) -> None:
    outside = site.root.parent / "outside.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (site.root / "annotations" / "images").mkdir(exist_ok=True)
    os.symlink(outside, site.root / "annotations" / "images" / "map.png")
    write(KYIV, GOOD_TERM + "image:\n  src: annotations/images/map.png\n  alt: Map\n  credit: Made for the test\n  license: CC0 1.0\n")(site)


def fifo(rel: str) -> Callable[[Site], None]:
    def apply(site: Site) -> None:
        (site.root / rel).unlink(missing_ok=True)
        os.mkfifo(site.root / rel)

    return apply


def link(rel: str, target: str | Callable[[Site], Path]) -> Callable[[Site], None]:
    """`rel` becomes a symbolic link to `target` (a path as written, or made by a function)."""

    def apply(site: Site) -> None:
        (site.root / rel).unlink(missing_ok=True)
        os.symlink(target if isinstance(target, str) else target(site), site.root / rel)

    return apply


def outside_fifo(site: Site) -> Path:
    pipe = site.root.parent / "pipe"
    os.mkfifo(pipe)
    return pipe


def unix_socket(rel: str) -> Callable[[Site], None]:
    def apply(site: Site) -> None:
        # A socket's path is limited to about 100 bytes: bind in a short folder, then move it.
        with tempfile.TemporaryDirectory(dir="/tmp") as short:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.bind(f"{short}/s")
            os.rename(f"{short}/s", site.root / rel)

    return apply


def sparse(rel: str, size: int) -> Callable[[Site], None]:
    """A file of `size` bytes that takes no room on the disk (and must never be read)."""

    def apply(site: Site) -> None:
        path = site.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            fh.truncate(size)

    return apply


def steps(*changes: Callable[[Site], None]) -> Callable[[Site], None]:
    def apply(site: Site) -> None:
        for change in changes:
            change(site)

    return apply


WITH_IMAGE = GOOD_TERM + "image:\n  src: annotations/images/map.png\n  alt: Map\n  credit: Made for the test\n  license: CC0 1.0\n"
IMAGE = "annotations/images/map.png"

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
NOTE = "notes:\n  - id: n\n    quote: '{q}'\n    title: T\n    body: B\n    sources: [{{title: R, url: 'https://e.org'}}]\n    reviewed: 2026-11-29\n"

BROKEN = [
    ("malformed-yaml", write(KYIV, GOOD_TERM.replace("kind: place", "kind: [place")), "kyiv.yml:2:7: error: this list opens with `[` but is not closed on its line: end it with `]`"),
    ("wrong-types", write(KYIV, GOOD_TERM.replace("summary: The capital of Ukraine.", "summary: [1, 2]")), "kyiv.yml:3:10: error: `summary` should be text, not a list"),
    ("tabs", write(KYIV, GOOD_TERM.replace("  - title", "\t- title")), "kyiv.yml:5:1: error: this line is indented with a tab; YAML indents with spaces only: replace the tab with spaces"),
    ("not-utf8", write(KYIV, GOOD_TERM.replace("Ukraine", "Ukra\xefne").encode("latin-1")), "kyiv.yml:3:29: error: the file is not UTF-8 text"),
    ("empty-file", write(KYIV, ""), "kyiv.yml:1:1: error: the file is empty"),
    ("ten-megabytes", write(KYIV, GOOD_TERM + "# " + "x" * 10_000_000 + "\n"), "kyiv.yml:1:1: error: the file is 10,000,"),
    ("alias-bomb", write(KYIV, BOMB), "kyiv.yml:2:8: error: YAML anchors and aliases (&name / *name) are not allowed"),
    ("five-thousand-aliases", write(KYIV, GOOD_TERM + "aliases:\n" + "".join(f"  - Name {i}\n" for i in range(5000))), "kyiv.yml:9:3: error: `aliases` has 5000 items; at most 100 are allowed"),
    ("one-character-passage", write("annotations/notes/index.yml", NOTE.format(q="K")), "index.yml:3:12: error: `notes[1].quote` `K` is too short"),
    ("front-matter-error", write("docs/index.md", "---\ntitle: [x\n---\n# Home\n"), "docs/index.md:3:1: error: front matter is not valid YAML"),
    ("image-escapes-through-symlink", image_link_outside, "kyiv.yml:9:8: error: image `annotations/images/map.png` is outside the repository"),
    ("note-file-escapes-through-symlink", symlink("annotations/notes/index.yml", NOTE.format(q="Kyiv")), "annotations/notes/index.yml:1:1: error: this file is a link to a place outside the repository"),
    ("image-path-escapes", write(KYIV, GOOD_TERM + "image:\n  src: ../outside.png\n  alt: Map\n  credit: Made for the test\n  license: CC0 1.0\n"), "kyiv.yml:9:8: error: image `../outside.png` is outside the repository"),
    ("file-name-not-an-id", write("annotations/glossary/Kyiv City.yml", GOOD_TERM), "annotations/glossary/Kyiv City.yml:1:1: error: the file name is the entry's id"),
]

# Files that are not what they seem: each must be refused by name, at once, never read whole.
FILES = [
    ("fifo", fifo(KYIV), f"{KYIV}:1:1: error: this is a named pipe (FIFO), not an ordinary file"),
    ("link-to-fifo", link("annotations/glossary/pipe.yml", outside_fifo), "annotations/glossary/pipe.yml:1:1: error: this is a named pipe (FIFO) (through a link)"),
    ("fifo-not-yml", fifo("annotations/people/pipe"), "annotations/people/pipe:1:1: error: this is a named pipe (FIFO)"),
    ("link-to-dev-zero", link("annotations/glossary/zero.yml", "/dev/zero"), "annotations/glossary/zero.yml:1:1: error: this is a character device (through a link)"),
    ("socket", unix_socket("annotations/people/socket.yml"), "annotations/people/socket.yml:1:1: error: this is a socket, not an ordinary file"),
    ("sparse-3-gb", sparse("annotations/glossary/huge.yml", 3_000_000_000), "annotations/glossary/huge.yml:1:1: error: the file is 3,000,000,000 bytes; an annotation file may be at most 1,000,000"),
    ("dangling-link", link("annotations/glossary/gone.yml", "../../nowhere/gone.yml"), "annotations/glossary/gone.yml:1:1: error: this link points to `../../nowhere/gone.yml`, which does not exist"),
    ("link-loop", steps(link("annotations/glossary/a.yml", "b.yml"), link("annotations/glossary/b.yml", "a.yml")), "annotations/glossary/a.yml:1:1: error: this link leads back to itself (a loop of links)"),
    ("link-to-itself", link("annotations/glossary/self.yml", "self.yml"), "annotations/glossary/self.yml:1:1: error: this link leads back to itself"),
    ("folder-link-loop", link("annotations/notes/again", ".."), "annotations/notes/again:1:1: error: this link leads to a folder that is read already"),
    ("upper-case-suffix", write("annotations/glossary/odesa.YML", GOOD_TERM), "annotations/glossary/odesa.YML:1:1: error: annotation files end in `.yml`; rename this file to `odesa.yml`"),
    ("mixed-case-suffix", write("annotations/people/odesa.Yml", GOOD_TERM), "annotations/people/odesa.Yml:1:1: error: annotation files end in `.yml`; rename this file to `odesa.yml`"),
    ("stray-file", write("annotations/people/umerov.md", "# Umerov\n"), "annotations/people/umerov.md:1:1: error: this file is not an annotation file"),
    ("no-entry-list-is-a-device", link("annotations/no-entry-needed.txt", "/dev/zero"), "annotations/no-entry-needed.txt:1:1: error: this is a character device"),
    ("file-name-ends-in-newline", write("annotations/glossary/odesa\n.yml", GOOD_TERM), "annotations/glossary/odesa\\n.yml:1:1: error: the file name is the entry's id: `odesa\\n`"),
    ("note-id-ends-in-newline", write("annotations/notes/index.yml", NOTE.format(q="Kyiv").replace("id: n", 'id: "n\\n"')), "index.yml:2:9: error: `notes[1].id`"),
    ("url-ends-in-newline", write(KYIV, GOOD_TERM.replace("url: https://example.org/kyiv", 'url: "https://example.org/kyiv\\n"')), "kyiv.yml:6:10: error: `sources[1].url`"),
    ("image-too-big", steps(sparse(IMAGE, 1 << 30), write(KYIV, WITH_IMAGE)), "kyiv.yml:9:8: error: image `annotations/images/map.png`: the file is 1,073,741,824 bytes; an image may be at most 5,000,000 (the plugin's `max_image_bytes`)"),
    ("image-is-a-fifo", steps(write(IMAGE, b""), fifo(IMAGE), write(KYIV, WITH_IMAGE)), "kyiv.yml:9:8: error: image `annotations/images/map.png`: this is a named pipe (FIFO)"),
    ("image-is-a-folder", steps(write("annotations/images/map.png/x", b""), write(KYIV, WITH_IMAGE)), "kyiv.yml:9:8: error: image `annotations/images/map.png`: this is a folder"),
    ("image-dangling-link", steps(write(IMAGE, b""), link(IMAGE, "gone.png"), write(KYIV, WITH_IMAGE)), "kyiv.yml:9:8: error: image `annotations/images/map.png`: this link points to `gone.png`, which does not exist"),
]
# Cases that touch kyiv.yml or the image each need a site of their own; the others share one.
ALONE = [c for c in FILES if c[0] == "fifo" or "kyiv" in c[2] or c[0].startswith("image")]
TOGETHER = [c for c in FILES if c not in ALONE]
BROKEN += ALONE


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = Site(tmp_path_factory.mktemp("broken-template") / "repo")
    site.page("index.md", "# Home\n\nNews from Kyiv.\n")
    site.write(KYIV, GOOD_TERM)
    result = site.build_cli()
    assert result.returncode == 0, result.stderr
    return site.root


@pytest.mark.parametrize(("case", "breaks", "message"), BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_input(template: Path, tmp_path: Path, case: str, breaks: Callable[[Site], None], message: str) -> None:
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    site = Site.__new__(Site)
    site.root = root
    before = tree_digest(root / "site")
    breaks(site)
    result = site.build_cli(timeout=20)  # bounded: a hang fails the test
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert message in result.stderr, result.stderr
    assert tree_digest(root / "site") == before


@pytest.mark.parametrize(
    ("case", "data"),
    [("byte-order-mark", b"\xef\xbb\xbf" + GOOD_TERM.encode()), ("crlf-line-ends", GOOD_TERM.replace("\n", "\r\n").encode())],
)
def test_accepted_variants_build_the_same_site(template: Path, tmp_path: Path, case: str, data: bytes) -> None:
    """A byte-order mark and Windows line ends are valid YAML written by common editors: accepted."""
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    site = Site.__new__(Site)
    site.root = root
    before = site.html("glossary/kyiv/index.html")
    (root / KYIV).write_bytes(data)
    result = site.build_cli()
    assert result.returncode == 0, result.stderr
    assert site.html("glossary/kyiv/index.html") == before


def copy_of(template: Path, tmp_path: Path) -> Site:
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    site = Site.__new__(Site)
    site.root = root
    return site


@pytest.mark.parametrize("command", ["build", "check"])
def test_every_file_problem_is_reported_at_once(template: Path, tmp_path: Path, command: str) -> None:
    """A build and `explainer check` report each of these files by name, in one run, without hanging."""
    site = copy_of(template, tmp_path)
    before = tree_digest(site.root / "site")
    for _, breaks, _ in TOGETHER:
        breaks(site)
    result = site.build_cli(timeout=30) if command == "build" else run("check", cwd=site.root, timeout=30)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "Traceback" not in out
    missing = [case for case, _, message in TOGETHER if message not in out]
    assert not missing, out
    assert tree_digest(site.root / "site") == before


def test_image_limit_is_an_option(template: Path, tmp_path: Path) -> None:
    site = copy_of(template, tmp_path)
    (site.root / IMAGE).parent.mkdir(parents=True, exist_ok=True)
    (site.root / IMAGE).write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 992)
    write(KYIV, WITH_IMAGE)(site)
    assert site.build_cli(timeout=20).returncode == 0
    assert (site.root / "site/assets/explainer/media/kyiv.png").stat().st_size == 1000
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(config.replace("- explainer", "- explainer:\n      max_image_bytes: 999"))
    result = site.build_cli(timeout=20)
    assert result.returncode == 1
    assert "image `annotations/images/map.png`: the file is 1,000 bytes; an image may be at most 999" in result.stderr


def _as_other_user() -> list[str] | None:
    """How to run a command as a user who is not allowed to read what it is refused (None: no way)."""
    if os.geteuid() != 0:
        return []  # Permissions apply to this user already.
    setpriv = shutil.which("setpriv")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] if setpriv else None


UNREADABLE = [
    ("file", KYIV, 0o000, f"{KYIV}:1:1: error: cannot read this file: permission denied"),
    ("folder", "annotations/glossary", 0o000, "annotations/glossary:1:1: error: cannot list this folder: permission denied"),
    ("notes-folder", "annotations/notes", 0o300, "annotations/notes:1:1: error: cannot list this folder: permission denied"),
]


@pytest.mark.parametrize(("case", "rel", "mode", "message"), UNREADABLE, ids=[u[0] for u in UNREADABLE])
@pytest.mark.parametrize("command", ["build", "check"])
def test_unreadable_file_or_folder_is_an_error(
    template: Path, case: str, rel: str, mode: int, message: str, command: str
) -> None:
    """Run as another user (root reads everything): a clear error, never a build with entries missing."""
    prefix = _as_other_user()
    if prefix is None:
        pytest.skip("running as root without setpriv: no way to make a file unreadable")
    # The other user must reach the copy: a world-readable folder outside pytest's private one.
    with tempfile.TemporaryDirectory(dir="/tmp") as scratch:
        os.chmod(scratch, 0o755)
        root = Path(scratch) / "repo"
        shutil.copytree(template, root, symlinks=True, ignore=shutil.ignore_patterns("site"))
        os.chmod(root, 0o777)  # The build writes site/ there.
        for path in root.rglob("*"):
            os.chmod(path, 0o777 if path.is_dir() else 0o666)
        os.chmod(root / rel, mode)
        tool = engine.command("build") if command == "build" else [EXPLAINER, "check"]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "HOME": scratch}
        result = subprocess.run([*prefix, *tool], cwd=root, env=env, capture_output=True, text=True, timeout=30)
        out = result.stdout + result.stderr
        assert result.returncode == 1, out
        assert "Traceback" not in out
        assert message in out, out
        assert not (root / "site").exists()


# -- generated pages that would land on other pages -------------------------------------------

CLASHES_SITE = Path(__file__).parent / "fixtures" / "clashes" / "site"
PEOPLE_INDEX = "the People index (`people_dir: people`, the default) at mkdocs.yml:9:5"


def test_check_names_both_sides_of_every_clash() -> None:
    result = run("check", "--today", "2026-11-29", cwd=CLASHES_SITE, timeout=30)
    assert result.returncode == 1
    assert result.stdout == (CLASHES_SITE / "expected.txt").read_text(encoding="utf-8")


def test_build_refuses_the_same_clashes(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(CLASHES_SITE, root)
    site = Site.__new__(Site)
    site.root = root
    result = site.build_cli(timeout=30)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = [line for line in (root / "expected.txt").read_text(encoding="utf-8").splitlines() if ": error: " in line]
    assert all(line in result.stderr for line in expected), result.stderr
    assert not (root / "site").exists()


CLASH_CASES = [
    ("person-named-index", "", {"annotations/people/index.yml": "person"},
     f"annotations/people/index.yml:1:1: error: the page of the entry `index` takes the path `people/index.md` of {PEOPLE_INDEX}"),
    ("term-named-index", "", {"annotations/glossary/index.yml": "term"},
     "annotations/glossary/index.yml:1:1: error: the page of the entry `index` takes the path `glossary/index.md` of the Glossary index"),
    ("page-at-entry-folder", "", {"docs/people/umerov/index.md": "# Mine\n"},
     "docs/people/umerov/index.md:1:1: error: this page has the path of a page the explainer plugin generates, "
     "the page of the entry `umerov` at annotations/people/umerov.yml:1:1"),
    ("page-at-entry-file", "", {"docs/people/umerov.md": "# Mine\n"},
     "docs/people/umerov.md:1:1: error: this page has the path of a page the explainer plugin generates, the page of the entry `umerov`"),
    ("page-at-timeline-folder", "", {"docs/timeline/index.md": "# Mine\n"},
     "docs/timeline/index.md:1:1: error: this page has the path of a page the explainer plugin generates, "
     "the timeline (`timeline: timeline.md`, the default) at mkdocs.yml:9:5"),
    ("page-at-timeline-file-no-directory-urls", "use_directory_urls: false\n", {"docs/timeline.md": "# Mine\n"},
     "docs/timeline.md:1:1: error: this page has the path of a page the explainer plugin generates, the timeline"),
    ("readme-at-people-index", "", {"docs/people/README.md": "# Mine\n"},
     f"docs/people/README.md:1:1: error: this page has the path of a page the explainer plugin generates, {PEOPLE_INDEX}"),
    ("image-at-media-path", "", {"docs/assets/explainer/media/umerov.png": "png", "annotations/images/u.png": "png",
                                 "annotations/people/umerov.yml": "person-with-image"},
     "docs/assets/explainer/media/umerov.png:1:1: error: this page has the path of a page the explainer plugin generates, "
     "the image of the entry `umerov` at annotations/people/umerov.yml:"),
    ("same-folder", ":\n      people_dir: team\n      glossary_dir: team/\n", {},
     "mkdocs.yml:11:21: error: the Glossary index (`glossary_dir: team/`) is the same folder as the People index "
     "(`people_dir: team`) at mkdocs.yml:10:19"),
    ("nested-folders", ":\n      glossary_dir: people/terms\n", {},
     "mkdocs.yml:10:21: error: the Glossary index (`glossary_dir: people/terms`) and the People index "
     "(`people_dir: people`, the default) at mkdocs.yml:9:5 are folders one inside the other"),
    ("timeline-in-people", ":\n      timeline: people/timeline.md\n", {},
     f"mkdocs.yml:10:17: error: the timeline (`timeline: people/timeline.md`) lies in the folder of {PEOPLE_INDEX}"),
    ("timeline-as-glossary-page", ":\n      timeline: glossary.md\n", {},
     "mkdocs.yml:10:17: error: the timeline (`timeline: glossary.md`) lies in the folder of the Glossary index"),
]


@pytest.mark.parametrize(("case", "options", "files", "message"), CLASH_CASES, ids=[c[0] for c in CLASH_CASES])
def test_generated_page_paths_never_replace_a_page(
    tmp_path: Path, case: str, options: str, files: dict[str, str], message: str
) -> None:
    site = Site(tmp_path / "repo")
    site.configure("" if options.startswith("use_") else options, options if options.startswith("use_") else "")
    site.page("index.md", "# Home\n\nUmerov met people in Kyiv.\n")
    site.person("umerov", "Rustem Umerov", ["Umerov"])
    for rel, text in files.items():
        if text in ("person", "term"):
            entry_id = Path(rel).stem
            (site.person if text == "person" else site.term)(entry_id, f"Name of {entry_id}")
        elif text == "person-with-image":
            site.person("umerov", "Rustem Umerov", ["Umerov"], image={"src": "annotations/images/u.png", "alt": "Umerov", "credit": "Test", "license": "CC0 1.0"})
        else:
            site.write(rel, text)
    result = site.build_cli(timeout=30)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr


def test_paths_that_differ_in_the_url_style_build(site: Site) -> None:
    """Without directory URLs, `timeline/index.md` and the generated `timeline.md` are two pages."""
    site.configure(extra="use_directory_urls: false\n")
    site.page("index.md", "# Home\n")
    site.page("timeline/index.md", "# My own timeline folder\n")
    site.term("talks", "The talks", kind="event", date="2026-02-04")  # the timeline needs a dated event
    assert site.build_cli(timeout=30).returncode == 0
    assert "My own timeline folder" in site.html("timeline/index.html")
    assert "xp-timeline" in site.html("timeline.html")


NEWLINE_ENDINGS = [
    ("note-id", "notes", NOTE.format(q="Kyiv").replace("id: n", 'id: "n\\n"'), "`notes[1].id`"),
    ("url", "term", GOOD_TERM.replace("url: https://example.org/kyiv", 'url: "https://example.org/kyiv\\n"'), "`sources[1].url`"),
    ("date", "term", GOOD_TERM.replace("reviewed: 2026-11-29", 'reviewed: "2026-11-29\\n"'), "`reviewed`"),
]


@pytest.mark.parametrize(("case", "kind", "text", "field"), NEWLINE_ENDINGS, ids=[c[0] for c in NEWLINE_ENDINGS])
def test_schemas_and_loader_agree_on_a_final_newline(tmp_path: Path, case: str, kind: str, text: str, field: str) -> None:
    """A value ending in a newline is refused by the JSON Schemas (whatever the regex dialect) and the loader."""
    import jsonschema
    import yaml
    from mkdocs_explainer.core.loader import AnnotationLoader

    schema = json.loads((Path(__file__).parents[1] / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    # BaseLoader: strings only, as editors' tools (YAML 1.2) read these files.
    assert not list(validator.iter_errors(yaml.load(text.replace("\\n", ""), Loader=yaml.BaseLoader)))
    assert list(validator.iter_errors(yaml.load(text, Loader=yaml.BaseLoader)))
    folder = {"notes": "notes", "term": "glossary"}[kind]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nKyiv\n", encoding="utf-8")
    (tmp_path / "annotations" / folder).mkdir(parents=True)
    (tmp_path / "annotations" / folder / ("index.yml" if kind == "notes" else "kyiv.yml")).write_text(text, encoding="utf-8")
    _, diagnostics = AnnotationLoader(tmp_path, tmp_path / "annotations", tmp_path / "docs").load()
    assert any(field in d.text() for d in diagnostics), [d.text() for d in diagnostics]
