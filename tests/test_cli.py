"""The `explainer` command, run as editors and CI run it: real sites, real processes, exact output."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs_explainer.core.diagnostics import Diagnostic
from mkdocs_explainer.editors import coverage
from sitekit import Site

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
ERRORS_SITE = FIXTURES / "invalid" / "site"
WARNINGS_SITE = FIXTURES / "valid" / "site-with-warnings"
EXPLAINER = str(Path(sys.executable).parent / "explainer")
TODAY = "2026-11-29"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
"""`UPDATE_GOLDEN=1 pytest tests/test_cli.py` rewrites the expected outputs (then read the diff)."""


GITHUB_ENV = ("GITHUB_BASE_REF", "EXPLAINER_BASE", "GITHUB_STEP_SUMMARY")
"""Set when these tests run in a pull request's workflow; each test sets its own."""


def run(*args: str, cwd: Path = ROOT, timeout: float = 60, **env_vars: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in GITHUB_ENV}
    env.update({"NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8", **env_vars})
    return subprocess.run([EXPLAINER, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def golden(path: Path, text: str) -> None:
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def schema_line(kind: str) -> str:
    return f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"


def small_site(root: Path) -> Site:
    """A clean site: one article, one person, one term, one note, all with proper schema lines."""
    site = Site(root)
    site.page("index.md", "# Home\n\nRustem Umerov met officials in Abu Dhabi on 4 February 2026.\n")
    site.write("annotations/people/rustem-umerov.yml", schema_line("person") + PERSON)
    site.write("annotations/glossary/abu-dhabi.yml", schema_line("term") + TERM)
    site.write("annotations/notes/index.yml", schema_line("notes") + NOTES)
    return site


PERSON = """\
name: Rustem Umerov
aliases: [Umerov]
role:
  title: Secretary of the National Security and Defence Council of Ukraine
  as_of: 2026-02-04
summary: Ukraine's lead negotiator.
sources:
  - title: Rustem Umerov — Wikipedia
    url: https://en.wikipedia.org/wiki/Rustem_Umerov
  - title: Umerov appointed
    url: https://www.example.org/news/umerov-appointed
reviewed: 2026-11-29
"""
TERM = """\
term: Abu Dhabi
kind: place
summary: The capital of the United Arab Emirates.
sources:
  - title: Abu Dhabi — Wikipedia
    url: https://en.wikipedia.org/wiki/Abu_Dhabi
  - title: About Abu Dhabi
    url: https://www.example.org/abu-dhabi/about
reviewed: 2026-11-29
"""
NOTES = """\
notes:
  - id: the-day
    quote: 4 February 2026
    title: The day
    body: A Wednesday.
    sources:
      - title: Calendar
        url: https://example.org/calendar
    reviewed: 2026-11-29
"""


# -- the shipped content ---------------------------------------------------------------------


def test_shipped_content_has_no_errors() -> None:
    # Speed of the check is measured in bench/, not asserted here (a loaded CI machine varies).
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^0 errors, \d+ warnings? in \d+ annotation files and \d+ articles$", result.stdout, re.M)


def test_shipped_content_passes_strictly() -> None:
    result = run("check", "--strict")
    assert result.returncode == 0, result.stdout


# -- exact output on the fixture sites --------------------------------------------------------


def test_every_cross_file_and_page_error_with_its_place() -> None:
    result = run("check", "--today", TODAY, cwd=ERRORS_SITE)
    assert result.returncode == 1
    assert result.stderr == ""
    golden(ERRORS_SITE / "expected.txt", result.stdout)


def test_github_format_of_the_same_errors(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = run("check", "--format", "github", "--today", TODAY, cwd=ERRORS_SITE, GITHUB_STEP_SUMMARY=str(summary))
    assert result.returncode == 1
    golden(ERRORS_SITE / "expected-github.txt", result.stdout)
    text = run("check", "--today", TODAY, cwd=ERRORS_SITE).stdout.splitlines()
    github = result.stdout.splitlines()
    commands = [line for line in github if line.startswith(("::error ", "::warning "))]
    # GitHub shows 10 errors and 10 warnings per step: the rest are plain lines after a notice.
    assert sum(c.startswith("::error ") for c in commands) == 10
    (notice,) = [line for line in github if line.startswith("::notice ")]
    assert notice == (
        "::notice title=explainer::14 more problems are not annotated (GitHub shows 10 errors and 10 warnings"
        " per step): they are listed below and in the job summary"
    )
    plain = github[github.index(notice) + 1 : -1]
    assert sorted(plain + [_as_text(c) for c in commands]) == sorted(text[:-1])
    assert text[-1] == github[-1]
    # The job summary lists every problem in a table.
    table = summary.read_text(encoding="utf-8")
    assert table.startswith("## explainer check\n\n" + text[-1] + "\n\n| | Where | Problem |\n|---|---|---|\n")
    assert table.count("\n| ❌ error | ") == 24 and table.count("\n| ⚠️ warning | ") == 2
    assert "| ❌ error | `content/timeline.md:1:1` | this page has the path of a page the explainer plugin generates, the timeline" in table


def _as_text(command: str) -> str:
    m = re.fullmatch(r"::(error|warning) file=(.+?),line=(\d+),col=(\d+),title=explainer \w+::(.*)", command)
    assert m, command
    severity, path, line, col, message = m.groups()
    unescape = lambda v: v.replace("%3A", ":").replace("%2C", ",").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")  # noqa: E731
    return Diagnostic(unescape(path), int(line), int(col), severity, unescape(message)).text()  # type: ignore[arg-type]


def test_annotations_put_the_lines_a_pull_request_changed_first(tmp_path: Path) -> None:
    """In a git repository, `--base` (or origin/$GITHUB_BASE_REF) puts problems on changed lines first."""
    site = small_site(tmp_path / "site")
    for n in range(12):
        site.person(f"person-{n}", f"Person {n}", summary="TODO - fill in")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@e.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=site.root, check=True, timeout=30)
    subprocess.run([*git, "add", "-A"], cwd=site.root, check=True, timeout=30)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=site.root, check=True, timeout=30)
    edited = site.root / "annotations/people/rustem-umerov.yml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Ukraine's lead negotiator.", "TODO"), encoding="utf-8")
    result = run("check", "--format", "github", "--base", "main", cwd=site.root)
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=annotations/people/rustem-umerov.yml,line=7,col=10,"), result.stdout
    assert "::notice title=explainer::5 more problems are not annotated" in result.stdout
    # Outside a repository it still annotates, in file order, and says why.
    elsewhere = small_site(tmp_path / "not-a-repo")
    plain = run("check", "--format", "github", "--base", "main", cwd=elsewhere.root, GIT_CEILING_DIRECTORIES=str(tmp_path))
    assert plain.returncode == 0 and "cannot tell which lines changed since main" in plain.stderr


def test_every_warning_with_its_place() -> None:
    result = run("check", "--today", TODAY, cwd=WARNINGS_SITE)
    assert result.returncode == 0
    golden(WARNINGS_SITE / "expected.txt", result.stdout)


def test_strict_fails_on_warnings() -> None:
    assert run("check", "--strict", "--today", TODAY, cwd=WARNINGS_SITE).returncode == 1


def test_paths_are_relative_to_where_the_command_runs() -> None:
    result = run("check", "--today", TODAY, str(WARNINGS_SITE.relative_to(ROOT)))
    prefix = WARNINGS_SITE.relative_to(ROOT).as_posix() + "/"
    lines = result.stdout.splitlines()[:-1]
    assert lines and all(line.startswith(prefix) for line in lines)
    expected = (WARNINGS_SITE / "expected.txt").read_text(encoding="utf-8").splitlines()[:-1]
    assert [line.removeprefix(prefix) for line in lines] == expected


def test_python_dash_m_is_the_same_command() -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    args = [sys.executable, "-m", "mkdocs_explainer", "check", "--today", TODAY]
    result = subprocess.run(args, cwd=WARNINGS_SITE, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout == (WARNINGS_SITE / "expected.txt").read_text(encoding="utf-8")


def test_a_reader_that_stops_early_ends_the_check_quietly(tmp_path: Path) -> None:
    """`explainer check | head -1`: the report is more than a pipe holds (about 3,000 warnings that
    an entry is not mentioned), the reader goes after one line, and the command, which ends without
    freeing what it made (`cli.command`), still ends with its code and no traceback."""
    site = small_site(tmp_path / "site")
    person = (site.root / "annotations/people/rustem-umerov.yml").read_text(encoding="utf-8")
    for i in range(3000):
        words = f"Zed{i:04d}".translate(str.maketrans("0123456789", "abcdefghij"))
        site.write(f"annotations/people/p{i:04d}.yml", person.replace("Rustem Umerov", f"Quill {words.title()}")
                   .replace("[Umerov]", "[]"))  # fmt: skip
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.Popen([EXPLAINER, "check", "--today", TODAY, "--no-cache"], cwd=site.root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert first.startswith("annotations/people/p0000.yml:") and "is not mentioned" in first
    assert "Traceback" not in err and "Exception ignored" not in err


# -- GitHub annotations ------------------------------------------------------------------------


def test_github_commands_escape_data_and_properties(tmp_path: Path) -> None:
    """GitHub's rules: in the message %, CR and LF are escaped; in properties also `:` and `,`."""
    site = small_site(tmp_path / "site")
    site.page("odd, name: 1.md", "# Odd\n\nAbout half of it.\n")
    notes = schema_line("notes") + NOTES.replace("4 February 2026", "|-\n      50%\n      of it")
    site.write("annotations/notes/odd, name: 1.yml", notes)
    result = run("check", "--format", "github", "--today", TODAY, cwd=site.root)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=annotations/notes/odd%2C name%3A 1.yml,line=4,col=12,title=explainer error::"
        "note `the-day`: passage “50%25%0Aof it” is not in the rendered text of docs/odd, name: 1.md"
        " (quote it exactly as a reader sees it, within one paragraph)"
    )
    d = Diagnostic("a:b,c.yml", 3, 4, "warning", "100% sure:\r\nyes, really")
    assert d.github() == "::warning file=a%3Ab%2Cc.yml,line=3,col=4,title=explainer warning::100%25 sure:%0D%0Ayes, really"


# -- exit codes and usage ----------------------------------------------------------------------


def test_a_clean_site_exits_0_even_with_strict(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    result = run("check", "--strict", "--today", TODAY, cwd=site.root)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "0 errors, 0 warnings in 3 annotation files and 1 article\n"


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--format", "xml"),
        ("check", "--today", "29/11/2026"),
        ("check", "--max-age-days", "-3"),
        ("check", "--jobs", "0"),
        ("check", "--jobs", "two"),
        ("check", "no/such/folder"),
        ("frobnicate",),
        (),
        ("new", "planet", "Mars"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr


def test_a_site_without_the_plugin_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Plain\n", encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.returncode == 2
    assert "the `explainer` plugin is not enabled" in result.stderr


def test_help_documents_the_exit_codes() -> None:
    text = run("check", "--help").stdout
    assert "exit status:" in text
    for line in ("0  no errors", "1  errors were found", "2  usage error"):
        assert line in text
    assert "explainer new note ARTICLE" in run("--help").stdout


def test_max_age_days_and_today(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    stale = "`reviewed` is 2026-11-29, 200 days ago (more than 180)"
    result = run("check", "--today", "2027-06-17", cwd=site.root)
    assert result.returncode == 0
    assert result.stdout.count(stale) == 3  # the person, the term and the note
    assert stale not in run("check", "--today", "2027-06-17", "--max-age-days", "200", cwd=site.root).stdout
    assert "days ago" not in run("check", "--today", "2030-01-01", "--max-age-days", "0", cwd=site.root).stdout
    future = run("check", "--today", "2026-11-27", cwd=site.root).stdout
    assert "`reviewed` is 2026-11-29, a date in the future" in future
    assert "future" not in run("check", "--today", "2026-11-28", cwd=site.root).stdout  # one day of slack


# -- explainer new -----------------------------------------------------------------------------


def test_new_skeletons_fail_the_check_and_the_build_until_every_todo_is_replaced(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    site.page("index.md", "# Home\n\nRustem Umerov met Ursula von der Leyen in Abu Dhabi on 4 February 2026.\n\nSloviansk is held.\n")
    person = run("new", "person", "Ursula von der Leyen", cwd=site.root)
    assert person.returncode == 0, person.stderr
    assert person.stdout == "wrote annotations/people/ursula-von-der-leyen.yml: replace every TODO, then run `explainer check`\n"
    term = run("new", "term", "Sloviansk", "--kind", "place", cwd=site.root)
    assert term.returncode == 0, term.stderr
    event = run("new", "term", "The talks", "--kind", "event", "--date", "2026-02-04", "--id", "talks", cwd=site.root)
    assert event.returncode == 0, event.stderr
    path = site.root / "annotations/people/ursula-von-der-leyen.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(schema_line("person") + 'name: "Ursula von der Leyen"\n')
    assert "date: 2026-02-04\n" in (site.root / "annotations/glossary/talks.yml").read_text(encoding="utf-8")

    check = run("check", cwd=site.root)
    assert check.returncode == 1, check.stdout
    problems = check.stdout.splitlines()[:-1]
    assert problems and all("still holds the placeholder `TODO` from `explainer new`: write" in p for p in problems)
    assert (
        "annotations/people/ursula-von-der-leyen.yml:6:10: error: `role.title` still holds the placeholder `TODO`"
        " from `explainer new`: write the real text in place of `TODO` and of the hint after it"
    ) in problems
    built = site.build()
    assert not built.ok and "`role.title` still holds the placeholder `TODO`" in built.error, "not only under --strict"

    # Filled in, the same files pass both.
    for rel in ("people/ursula-von-der-leyen.yml", "glossary/sloviansk.yml", "glossary/talks.yml"):
        file = site.root / "annotations" / rel
        filled = re.sub(r"TODO[^\n\"]*", "Filled in", file.read_text(encoding="utf-8"))
        file.write_text(filled.replace("https://example.com/Filled in", f"https://example.org/{file.stem}"), encoding="utf-8")
    check = run("check", cwd=site.root)
    assert check.returncode == 0, check.stdout
    assert site.build(strict=False).ok


def test_new_refuses_to_overwrite_or_to_take_a_name(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    path = site.root / "annotations/people/rustem-umerov.yml"
    before = path.read_bytes()
    again = run("new", "person", "Rustem Umerov", cwd=site.root)
    assert again.returncode == 1
    assert again.stderr == (
        "explainer new: annotations/people/rustem-umerov.yml already exists (people and glossary share ids);"
        " edit it, or choose another id with --id\n"
    )
    assert path.read_bytes() == before
    same_id_other_folder = run("new", "term", "Rustem Umerov", "--id", "rustem-umerov", cwd=site.root)
    assert same_id_other_folder.returncode == 1
    assert not (site.root / "annotations/glossary/rustem-umerov.yml").exists()
    alias = run("new", "person", "Umerov", cwd=site.root)
    assert alias.returncode == 1
    assert "`Umerov` is already a name or alias of `rustem-umerov`" in alias.stderr
    assert not (site.root / "annotations/people/umerov.yml").exists()
    bad_id = run("new", "person", "Ана", cwd=site.root)
    assert bad_id.returncode == 1
    assert bad_id.stderr == "explainer new: cannot make an id from `Ана`; give one with --id\n"
    site.write("annotations/glossary/kremlin.yml", schema_line("term") + TERM.replace("Abu Dhabi", "Kremlin") + "match_case: false\n")
    folded = run("new", "term", "KREMLIN", "--id", "kremlin-caps", cwd=site.root)
    assert folded.returncode == 1
    assert "`KREMLIN` is already a name or alias of `kremlin`" in folded.stderr


def test_new_note_appends_to_the_articles_notes_file(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    path = site.root / "annotations/notes/index.yml"
    before = path.read_text(encoding="utf-8")
    result = run("new", "note", "docs/index.md", "Rustem Umerov met officials", cwd=site.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("added note `rustem-umerov-met-officials` to annotations/notes/index.yml")
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before) :].startswith('  - id: rustem-umerov-met-officials\n    quote: "Rustem Umerov met officials"\n')
    check = run("check", cwd=site.root)
    assert check.returncode == 1, check.stdout
    assert "annotations/notes/index.yml:13:12: error: `notes[2].title` still holds the placeholder `TODO`" in check.stdout


def test_new_note_creates_the_file_and_matches_its_indentation(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    site.page("sub/page.md", "# Page\n\nThe talks went on. The talks ended.\n")
    created = run("new", "note", "sub/page", "The talks ended", "--title", "The end", "--id", "end", cwd=site.root)
    assert created.returncode == 0, created.stderr
    path = site.root / "annotations/notes/sub/page.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/notes.schema.json\nnotes:\n  - id: end\n")
    assert 'title: "The end"' in text
    flush = (FIXTURES / "valid/notes/indented-zero.yml").read_text(encoding="utf-8")
    site.page("flush.md", "# Flush\n\nPolls say most Ukrainians oppose giving up more land, and polls agree.\n")
    site.write("annotations/notes/flush.yml", flush.replace("../../../../", "../../"))
    appended = run("new", "note", "flush", "polls agree", cwd=site.root)
    assert appended.returncode == 0, appended.stderr
    assert "\n- id: polls-agree\n  quote: " in (site.root / "annotations/notes/flush.yml").read_text(encoding="utf-8")
    # Appending twice to a file that still holds TODOs works: the skeleton's own placeholders are expected.
    again = run("new", "note", "flush", "Polls say", cwd=site.root)
    assert again.returncode == 0, again.stderr
    check = run("check", cwd=site.root).stdout
    assert sum("flush.yml" in line and "still holds the placeholder" in line for line in check.splitlines()) == 2 * 4


def test_new_note_wants_the_passage_exactly_once(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    site.page("talks.md", "# Talks\n\nThe talks went on. The talks ended.\n")
    missing = run("new", "note", "talks.md", "The talks stopped", cwd=site.root)
    assert missing.returncode == 1
    assert "is not in the rendered text of docs/talks.md" in missing.stderr
    twice = run("new", "note", "talks.md", "The talks", cwd=site.root)
    assert twice.returncode == 1
    assert "occurs 2 times in docs/talks.md; pick one with --prefix" in twice.stderr
    assert not (site.root / "annotations/notes/talks.yml").exists()
    picked = run("new", "note", "talks.md", "The talks", "--suffix", " ended", cwd=site.root)
    assert picked.returncode == 0, picked.stderr
    assert 'suffix: " ended"' in (site.root / "annotations/notes/talks.yml").read_text(encoding="utf-8")
    assert "still holds the placeholder" in run("check", cwd=site.root).stdout
    nothing = run("new", "note", "no-such-page", "anything", cwd=site.root)
    assert nothing.returncode == 1
    assert "there is no article `no-such-page`" in nothing.stderr


# -- the coverage heuristic on its own ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("He met the US Secretary of State at the Supreme Court.", ["US", "Supreme Court"]),
        ("Talks with Mohamed bin Zayed Al Nahyan and Ursula von der Leyen.", ["Mohamed bin Zayed Al Nahyan", "Ursula von der Leyen"]),
        ("On Monday, President Trump said the Foreign Minister of France was wrong.", ["Trump", "France"]),
        ("A U-shaped table, an X-ray, Russian-backed forces, US-brokered talks and Kyiv's plan.", ["US", "Kyiv"]),
        ("Ukrainian and French officials, and Europeans, met in May.", []),
        ("Sloviansk is held. It was. “Kramatorsk too,” he said.", []),
        ("The Institute for the\nStudy of War, the Bank of England and the Russian General Staff.", ["Institute for the\nStudy of War", "Bank of England"]),
        ("The Prime Minister of the United Kingdom and Kyiv of the future.", ["United Kingdom", "Kyiv"]),
    ],
)
def test_capitalised_runs(text: str, names: list[str]) -> None:
    assert [text[a:b] for a, b in coverage._runs(text)] == names


# -- the documentation -------------------------------------------------------------------------

MESSAGE_MODULES = [
    "yamlnodes", "yamlsyntax", "loader", "safefiles", "pathclash", "pagecheck", "articles", "filechecks", "coverage",
    "check", "articlemeta", "sourcecheck", "imagecheck",
]  # fmt: skip
MESSAGE_CALLS = {"error", "warning", "err", "fail", "Diagnostic"}
NOT_MESSAGES = {"[", "]", "`", ".", ": ", ", ", " (", ")"}


def message_fragments(module: str) -> list[str]:
    """The fixed words of every message a module can show an editor, as written in its code."""
    (path,) = (ROOT / "plugins/mkdocs_explainer").glob(f"*/{module}.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    fragments: list[str] = []

    def collect(node: ast.AST) -> None:
        for sub in ast.walk(node):
            if isinstance(sub, ast.JoinedStr):
                fragments.extend(v.value for v in sub.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                fragments.append(sub.value)

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in MESSAGE_CALLS:
                for arg in node.args[-1:]:
                    collect(arg)
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in ("message", "problem", "hint", "limit") for t in targets):
                collect(node.value)
        elif isinstance(node, ast.Return) and node.value is not None and _in_message_helper(tree, node):
            collect(node.value)
    return [f for f in fragments if len(f.strip(" `.,;:()“”")) >= 4 and f not in NOT_MESSAGES]


def _in_message_helper(tree: ast.Module, ret: ast.Return) -> bool:
    helpers = ("_unknown_key", "page_mode", "front_matter_problem", "image_problem")
    return any(
        isinstance(fn, ast.FunctionDef) and fn.name in helpers and any(n is ret for n in ast.walk(fn))
        for fn in ast.walk(tree)
    )


def test_contributing_explains_every_message() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    missing = []
    for module in MESSAGE_MODULES:
        for fragment in message_fragments(module):
            core = fragment.strip(" `.,;:()“”")
            if core not in guide:
                missing.append(f"{module}.py: {core!r}")
    assert not missing, "CONTRIBUTING.md does not explain:\n" + "\n".join(missing)


def test_copied_fixture_sites_are_untouched() -> None:
    """The fixture sites are read in place: a check must never write into the folder it checks."""
    before = {p: p.stat().st_mtime_ns for p in ERRORS_SITE.rglob("*")}
    run("check", cwd=ERRORS_SITE)
    assert {p: p.stat().st_mtime_ns for p in ERRORS_SITE.rglob("*")} == before
    assert not (ERRORS_SITE / "site").exists()
