"""The documentation (README.md and the site under docs/) is what a user reads: keep it true.

- Every command example is run: each line of a ```sh block, in a copy of the project's
  strategies and examples, as a reader would type it (`kikcalc` from this environment). A
  trailing `# exit N` says the line exits N (default: every line exits 0). A ```text block
  right after it is what the block prints (stdout and stderr as a terminal shows them); a
  line `...` in it stands for any number of lines. Set-up lines (`pip install`,
  `python3 -m venv`) are not run: this environment has the extras, and CI runs README's
  set-up commands themselves.
- A kikcalc command in any other block is an example nobody runs: not allowed.
- Every field, command and problem code is documented; the generated pages
  (docs/hooks.py) are complete; `mkdocs build --strict` passes.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from types import ModuleType

import pytest

from kikcalc.cli import COMMANDS
from kikcalc.model.comparison import Comparison
from kikcalc.model.costs import LadderStep
from kikcalc.model.findings import CODES
from kikcalc.model.groups import (
    CaseloadCount,
    CaseloadTarget,
    Flow,
    Outcome,
    Persistence,
    PhaseIn,
    TargetGroup,
)
from kikcalc.model.perspectives import Perspectives
from kikcalc.model.retention import RetentionByPart, RetentionPart
from kikcalc.model.schema import (
    ActualFigure,
    DatedCost,
    Funding,
    GrossCost,
    Indexation,
    Investment,
    RetentionParts,
    SavingsLine,
    SpellCost,
    Strategy,
    Uncertainty,
    UnitCosts,
    strategy_json_schema,
)
from tests.conftest import ROOT, git, kikcalc

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
READ = [ROOT / "README.md", *PAGES]  # everything a user reads
FENCE = re.compile(r"^```([\w-]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
SETUP = re.compile(r"^(pip install|python3 -m venv)\b")
EXPECT_EXIT = re.compile(r"\s+# exit (\d+)$")
COMMAND = re.compile(r"^\(?(cd [^&]*&& )?kikcalc\b")


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", DOCS / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOOKS = _hooks()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _rendered(path: Path) -> str:
    """A page as the site shows it: its generated parts filled in."""
    return str(HOOKS.render(_read(path), path.name))


# --- every command example is run -----------------------------------------------------------

@dataclass
class Example:
    page: str
    line: int
    script: str  # the sh block, set-up lines left out
    output: str | None  # the ```text block after it, if any
    body: str  # the sh block as written

    def __str__(self) -> str:
        return f"{self.page}:{self.line}"


def _blocks(text: str) -> list[tuple[int, str, str, int, int]]:
    """(line, language, body, start, end) of every fenced block."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(1), m.group(2), m.start(), m.end())
            for m in FENCE.finditer(text)]


def _joined(body: str) -> list[str]:
    """The block's lines, a line ending in a backslash joined to the next."""
    return body.replace("\\\n", " ").splitlines()


def examples(path: Path) -> list[Example]:
    text = _read(path)
    blocks = _blocks(text)
    found = []
    for i, (line, language, body, _, end) in enumerate(blocks):
        if language != "sh":
            continue
        lines = [ln for ln in _joined(body) if ln.strip() and not SETUP.match(ln)]
        if not lines:
            continue
        output = None
        if i + 1 < len(blocks) and blocks[i + 1][1] == "text" \
                and not text[end:blocks[i + 1][3]].strip():
            output = blocks[i + 1][2]
        found.append(Example(path.relative_to(ROOT).as_posix(), line, "\n".join(lines), output,
                             body))
    return found


EXAMPLES = [example for path in READ for example in examples(path)]


def _script(example: Example) -> str:
    """The block as bash runs it: stop at the first line that exits other than it says."""
    out = ["set -uo pipefail"]
    for line in example.script.splitlines():
        expected = EXPECT_EXIT.search(line)
        command = line[:expected.start()] if expected else line
        want = int(expected.group(1)) if expected else 0
        said = shlex.quote(f"[docs example: not exit {want}: {command}]")
        out.append(f"{command}\nstatus=$?\nif [ $status -ne {want} ]; then echo {said} "
                   "exit $status; exit 99; fi")
    return "\n".join(out) + "\n"


def matches(shown: str, printed: str) -> bool:
    """Whether `printed` is what `shown` shows; a line `...` stands for any lines."""
    chunks = re.split(r"(?m)^\.\.\.(?:\n|\Z)", shown)
    if len(chunks) == 1:
        return printed == shown
    first, *middle, last = chunks
    if not printed.startswith(first):
        return False
    position = len(first)
    for piece in middle:
        found = printed.find(piece, position)
        while found > 0 and printed[found - 1] != "\n":
            found = printed.find(piece, found + 1)
        if found < 0:
            return False
        position = found + len(piece)
    if last == "":
        return True
    return printed.endswith(last) and len(printed) - len(last) >= position \
        and (len(printed) == len(last) or printed[-len(last) - 1] == "\n")


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a reader has in the project folder, a checkout: the strategies and examples."""
    root = tmp_path_factory.mktemp("project")
    for folder in ("strategies", "examples", "schema"):
        shutil.copytree(ROOT / folder, root / folder)
    git(root, "init", "-q")
    return root


def run_example(example: Example, folder: Path) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(sys.executable).parent)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("GITHUB_", "KIKCALC_", "GIT_")) and key != "CI"}
    (folder / ".tmp").mkdir(exist_ok=True)
    env.update({"PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
                "PYTHONUNBUFFERED": "1", "TMPDIR": str(folder / ".tmp"),
                "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    return subprocess.run(["bash", "-c", _script(example)], cwd=folder, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300,
                          check=False)


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_every_command_example_runs_as_shown(example: Example, project_copy: Path,
                                              tmp_path: Path) -> None:
    folder = tmp_path / "project"
    shutil.copytree(project_copy, folder)
    run = run_example(example, folder)
    assert run.returncode == 0, f"{example}:\n{example.script}\n---\n{run.stdout}"
    if example.output is not None:
        shown, printed = example.output.rstrip("\n"), run.stdout.rstrip("\n")
        if os.environ.get("KIKCALC_UPDATE_DOCS") == "1" and not matches(shown, printed):
            _update(example, printed)
            return
        assert matches(shown, printed), (
            f"{example} does not print what it shows (KIKCALC_UPDATE_DOCS=1 pytest "
            f"tests/test_docs.py writes what it prints; read the diff); it prints:\n{run.stdout}")


def _update(example: Example, printed: str) -> None:
    """Write what the example prints into its ```text block, cut where the block was cut
    (as many lines as it showed before its first `...`)."""
    assert example.output is not None
    lines = example.output.rstrip("\n").split("\n")
    if "..." in lines:
        kept = lines.index("...")
        printed = "\n".join([*printed.split("\n")[:kept], "..."])
    path = ROOT / example.page
    text = _read(path)
    block = re.compile(f"(```sh\n{re.escape(example.body)}```\n\\s*\n```text\n)"
                       f"{re.escape(example.output)}(```)")
    updated, count = block.subn(lambda m: f"{m.group(1)}{printed}\n{m.group(2)}", text, count=1)
    assert count == 1, example
    path.write_text(updated, encoding="utf-8")


def test_the_examples_are_found() -> None:
    pages = {example.page for example in EXAMPLES}
    assert {"README.md", "docs/ci.md", "docs/commands.md"} <= pages
    assert len(EXAMPLES) >= 10


def test_no_command_example_escapes_the_runner() -> None:
    """A kikcalc command in a block that is not ```sh would be an example nobody runs."""
    unrun = []
    for path in READ:
        for line, language, body, _, _ in _blocks(_read(path)):
            if language in ("sh", "text", "yaml", "toml", "json", "csv"):
                continue
            unrun += [f"{path.name}:{line}: {ln}" for ln in _joined(body)
                      if COMMAND.match(ln.strip())]
    assert unrun == []


def test_the_matcher() -> None:
    assert matches("a\nb", "a\nb")
    assert not matches("a\nb", "a\nb\nc")
    assert matches("a\n...", "a\nb\nc")
    assert matches("a\n...\nc", "a\nb\nc")
    assert not matches("a\n...\nd", "a\nb\nc")
    assert not matches("b\n...", "a\nb")


# --- everything is documented ---------------------------------------------------------------

def test_every_field_of_the_strategy_file_is_in_the_reference() -> None:
    """The reference is generated from the schema; every model field is in it."""
    reference = HOOKS.field_reference(strategy_json_schema(), HOOKS._meanings())
    for model in (Strategy, Investment, UnitCosts, TargetGroup, Outcome, Funding,
                  CaseloadTarget, CaseloadCount, PhaseIn, Persistence, Indexation, GrossCost,
                  Uncertainty, SavingsLine, Flow, ActualFigure, RetentionParts, DatedCost,
                  Comparison, SpellCost, LadderStep, RetentionByPart, RetentionPart,
                  Perspectives):
        heading = "The top level" if model is Strategy else model.__name__
        section = reference.split(f"### {heading} ")[1].split("\n### ")[0]
        for field in model.model_fields:
            assert f"| `{field}` |" in section, f"{model.__name__}.{field} is not documented"
    assert "<!-- kikcalc: fields -->" in _read(DOCS / "strategy-file.md")


def test_a_field_without_a_meaning_stops_the_build() -> None:
    schema = strategy_json_schema()
    schema["properties"]["new_field"] = {"type": "string"}
    with pytest.raises(HOOKS.DocsError, match=r"Strategy.new_field has no meaning"):
        HOOKS.field_reference(schema, HOOKS._meanings())
    meanings = HOOKS._meanings()
    meanings["Investment"]["gone"] = "a field that was removed"
    with pytest.raises(HOOKS.DocsError, match=r"Investment.gone is in docs/fields.yml"):
        HOOKS.field_reference(strategy_json_schema(), meanings)


def test_every_command_is_documented() -> None:
    text = "".join(_read(path) for path in READ)
    readme = _read(ROOT / "README.md")
    for command in [*COMMANDS, "statbank fetch"]:
        assert f"`kikcalc {command}" in readme, f"README's command table lacks {command}"
        assert f"`kikcalc {command}" in _read(DOCS / "commands.md"), command
        assert kikcalc(*command.split(), "--help").exit_code == 0, command
    assert "`kikcalc --version`" in text


def test_every_problem_code_is_documented() -> None:
    source = "".join(path.read_text(encoding="utf-8")
                     for path in (ROOT / "kikcalc").rglob("*.py") if path.name != "findings.py")
    used = set(re.findall(r'"(K[12]\d\d)"', source))
    assert used == set(CODES)
    page = _rendered(DOCS / "codes.md")
    for code in CODES:
        assert f"| {code} |" in page


def test_the_docs_name_no_code_kikcalc_does_not_have() -> None:
    for path in READ:
        assert HOOKS.unknown_codes(_read(path)) == [], path.name


def test_the_layout_page_shows_the_stages_of_the_house() -> None:
    from tests.test_house import STAGES

    page = _read(DOCS / "layout.md")
    assert HOOKS.stages() == STAGES
    assert HOOKS.stage_table_order(page) == list(STAGES)
    rendered = _rendered(DOCS / "layout.md")
    for path in (ROOT / "kikcalc").rglob("*.py"):
        if path.name != "__init__.py":
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            assert f"- `{module}`" in rendered, module


def test_every_page_is_in_the_navigation_and_every_link_of_readme_leads_somewhere() -> None:
    config = _read(ROOT / "mkdocs.yml")
    for page in PAGES:
        assert f": {page.name}\n" in config, f"{page.name} is not in mkdocs.yml's nav"
    readme = _read(ROOT / "README.md")
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme):
        if not target.startswith(("http://", "https://")):
            assert (ROOT / target).exists(), f"README links to {target}, which is not there"


# --- the site builds ------------------------------------------------------------------------

def test_mkdocs_build_strict(tmp_path: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None:
        pytest.skip("mkdocs and mkdocs-material are not installed (pip install -e '.[test]')")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                          str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, run.stderr

    def text(page: str) -> str:
        html = (tmp_path / "site" / page / "index.html").read_text(encoding="utf-8")
        return unescape(re.sub(r"<[^>]+>", "", html))

    ci = text("ci")
    for workflow in ("examples/ci/github-workflow.yml", "examples/ci/gitlab-ci.yml"):
        for line in _read(ROOT / workflow).splitlines():
            assert line.strip() in ci, f"{workflow}: {line}"  # included whole, as it is
    assert all(code in text("codes") for code in CODES)
