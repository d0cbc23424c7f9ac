"""The GitHub Action end to end: `action/gate.sh` (the verdict) and `action/post-comment.sh`
(posting it) run with bash against a scratch git repository (a base commit and a
pull-request commit), with a fake `gh` that records what would be posted. Each case is a
pull request someone could open. `run("gate")` runs step 1; `run("comment")` runs both
steps, as the Action does, and returns step 1's verdict."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action"
# The guard against a read that blocks (a FIFO, /proc/self/fd/1): a run that takes longer
# than this is a hang, and the test fails with TimeoutExpired.
HANG = 20

POLICY = """\
[check]
min_cumulative = 10
[diff]
max_payback_slip = 0
max_cumulative_drop = 2
"""
CUT = """
other_effects:
  - {name: Besparelse, by_year: {2019: -30}, source: notat2018}
"""
FAKE_GH = """\
#!{python}
# A fake `gh`: records each call (and the body it would send); FAKE_GH_FAIL makes it fail
# the way a read-only token does; FAKE_GH_EXISTING is the id of a comment already there.
import json, os, sys
args = sys.argv[1:]
call = {{"args": args}}
if "--input" in args:
    with open(args[args.index("--input") + 1], encoding="utf-8") as handle:
        call["body"] = json.load(handle)["body"]
with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(call) + "\\n")
if os.environ.get("FAKE_GH_FAIL") and "-X" in args:  # reading works, writing is refused
    sys.stderr.write("HTTP 403: Resource not accessible by integration\\n")
    sys.exit(1)
if "--paginate" in args and os.environ.get("FAKE_GH_EXISTING"):
    print(os.environ["FAKE_GH_EXISTING"])
"""


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class Scratch:
    """A git repository with the files of a municipality and one pull request on top."""

    def __init__(self, tmp_path: Path) -> None:
        self.repo = tmp_path / "repo"
        self.repo.mkdir()
        self.home = tmp_path / "home"
        self.home.mkdir()
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        gh = self.bin / "gh"
        gh.write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
        gh.chmod(0o755)
        self.gh_log = tmp_path / "gh.log"
        self.summary = tmp_path / "summary.md"
        self.event = tmp_path / "event.json"
        self.body = tmp_path / "comment.json"
        self.env = {
            "PATH": os.pathsep.join([str(self.bin), str(Path(sys.executable).parent),
                                     "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": str(self.home), "LANG": "C.UTF-8", "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
            "FAKE_GH_LOG": str(self.gh_log),
        }
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        run = subprocess.run(["git", *args], cwd=self.repo, env=self.env, check=True,
                             capture_output=True, text=True)
        return run.stdout.strip()

    def write(self, path: str, text: str) -> Path:
        target = self.repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def read(self, path: str) -> str:
        return (self.repo / path).read_text(encoding="utf-8")

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def pull_request(self, base: str) -> None:
        self.event.write_text(json.dumps(
            {"pull_request": {"number": 7, "base": {"sha": base}}}), encoding="utf-8")

    def run(self, step: str, timeout: float = HANG, **env: str) -> Result:
        full = {**self.env, "GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": str(self.event),
                "GITHUB_REPOSITORY": "aabenraa/strategier", "GITHUB_STEP_SUMMARY":
                str(self.summary), "GH_TOKEN": "not-a-token",
                "KIKCALC_COMMENT": str(self.body), "RUNNER_TEMP": str(self.bin.parent),
                **env}
        if self.body.exists():
            self.body.unlink()
        gate = self._script("gate.sh", full, timeout)
        if step == "gate":
            return gate
        post = self._script("post-comment.sh", full, timeout)
        assert post.exit_code == 0, post.output  # posting never changes the verdict
        return Result(gate.exit_code, gate.stdout + post.stdout, gate.stderr + post.stderr)

    def _script(self, script: str, env: dict[str, str], timeout: float) -> Result:
        run = subprocess.run(["bash", str(ACTION / script)], cwd=self.repo, env=env,
                             capture_output=True, timeout=timeout, check=False)
        return Result(run.returncode, run.stdout.decode("utf-8", "replace"),
                      run.stderr.decode("utf-8", "replace"))

    def gh_calls(self) -> list[dict[str, object]]:
        if not self.gh_log.exists():
            return []
        return [json.loads(line) for line in self.gh_log.read_text("utf-8").splitlines()]

    def comment(self) -> str:
        bodies = [str(call["body"]) for call in self.gh_calls() if "body" in call]
        assert len(bodies) == 1, self.gh_calls()
        return bodies[0]

    def summary_text(self) -> str:
        return self.summary.read_text("utf-8") if self.summary.exists() else ""


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    """The base commit: KIK-I with its budget table, a policy and a non-kikcalc YAML file."""
    repo = Scratch(tmp_path)
    repo.write("kikcalc.toml", POLICY)
    repo.write("strategies/kik1.yaml", (ROOT / "strategies/kik1.yaml").read_text("utf-8"))
    repo.write("strategies/budget-tables/aabenraa-2021.yaml",
               (ROOT / "strategies/budget-tables/aabenraa-2021.yaml").read_text("utf-8"))
    repo.write(".pre-commit-config.yaml", "repos: []\n")
    repo.write(".github/workflows/kikcalc.yml", "on: pull_request\njobs: {}\n")
    return repo


def one_line(result: Result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert re.match(r"^(::error title=kikcalc::)?kikcalc: ", lines[0]), lines[0]
    return lines[0]


# --- on this repository ------------------------------------------------------------------

def test_the_action_defaults_pass_on_this_repository() -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    run = subprocess.run(["bash", str(ACTION / "gate.sh")], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "strategies/kik1.yaml" in run.stdout
    assert "K110" not in run.stdout  # budget tables are tables, not unknown strategies


def test_the_action_selects_every_yaml_file_by_glob_and_pins_setup_python() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    files = action["inputs"]["files"]["default"].split()
    assert files == [":(glob,icase)**/*.yaml", ":(glob,icase)**/*.yml"]  # .YAML too
    uses = [step["uses"] for step in action["runs"]["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", use) for use in uses)


def test_the_pre_commit_hook_checks_kikcalc_documents_only() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["entry"].startswith("kikcalc check --only-kikcalc")
    assert hook["files"] == r"\.ya?ml$" and hook["types"] == ["yaml"]


def test_the_examples_pin_what_they_run() -> None:
    workflow = (ROOT / "examples/ci/github-workflow.yml").read_text("utf-8")
    assert re.search(r"actions/checkout@[0-9a-f]{40} # v\d", workflow)
    assert "persist-credentials: false" in workflow and "fetch-depth: 0" in workflow
    gitlab = (ROOT / "examples/ci/gitlab-ci.yml").read_text("utf-8")
    assert "pip install kikcalc" not in gitlab and "git+https://" in gitlab
    assert "python -I -m kikcalc gate --base-ref" in gitlab  # one verdict, isolated
    assert not re.search(r"^kikcalc:", gitlab, flags=re.MULTILINE)  # not a kikcalc document


# --- pull requests -------------------------------------------------------------------------

def test_a_table_only_change_shows_as_the_change_to_the_strategy(scratch: Scratch) -> None:
    base = scratch.commit("base")
    table = scratch.read("strategies/budget-tables/aabenraa-2021.yaml")
    table = table.replace("persons: 715, net: 74740", "persons: 715, net: 100000")
    table = table.replace("net: 509392", "net: 534652")
    scratch.write("strategies/budget-tables/aabenraa-2021.yaml", table)
    scratch.commit("table")
    scratch.pull_request(base)
    assert scratch.run("gate").exit_code == 0
    result = scratch.run("comment")
    assert result.exit_code == 0, result.output
    comment = scratch.comment()
    assert comment.startswith("<!-- kikcalc-diff -->")
    assert "<code>strategies/budget-tables/aabenraa-2021&#46;yaml</code> er ændret" in comment
    assert ("<code>strategies/kik1&#46;yaml</code> (uændret fil; en tabel eller statistik, den "
            "læser, er ændret)") in comment
    assert re.search(r"Akkumuleret 2019 \(beregnet\) \| 21,6 \| [0-9,]+ \| \+", comment), comment


def test_a_policy_change_is_judged_by_the_base_policy_and_flagged(scratch: Scratch) -> None:
    base = scratch.commit("base")
    scratch.write("kikcalc.toml", POLICY.replace("min_cumulative = 10", "min_cumulative = -99")
                  .replace("max_cumulative_drop = 2", "max_cumulative_drop = 99"))
    scratch.write("strategies/kik1.yaml",
                  scratch.read("strategies/kik1.yaml") + CUT.replace("-30", "-15"))
    scratch.commit("relax the policy and cut")
    scratch.pull_request(base)
    check = scratch.run("gate")
    assert check.exit_code == 1, check.output
    assert "K202" in check.output
    assert re.search(r"kikcalc\.toml.*K209", check.output)  # says that the policy changed
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    comment = scratch.comment()
    assert "**Politikken <code>kikcalc&#46;toml</code> ændres i denne pull request.**" in comment
    assert "+max_cumulative_drop = 99" in comment


def test_a_non_ascii_file_name_travels_unquoted(scratch: Scratch) -> None:
    base = scratch.commit("base")
    scratch.write("strategies/sønderborg.yaml", scratch.read("strategies/kik1.yaml"))
    scratch.commit("Sønderborg")
    scratch.pull_request(base)
    check = scratch.run("gate")
    assert check.exit_code == 0, check.output
    assert "strategies/sønderborg.yaml" in check.output and "\\303" not in check.output
    assert scratch.run("comment").exit_code == 0
    assert "#### <code>strategies/sønderborg&#46;yaml</code>" in scratch.comment()


def test_a_fifo_and_a_symlink_to_proc_are_refused_not_waited_for(scratch: Scratch) -> None:
    base = scratch.commit("base")
    kik1 = scratch.read("strategies/kik1.yaml")
    scratch.write("strategies/fifo.yaml", kik1.replace("aabenraa-2021.yaml", "pipe.yaml"))
    scratch.write("strategies/proc.yaml", kik1.replace("aabenraa-2021.yaml", "out.yaml"))
    (scratch.repo / "strategies/budget-tables/out.yaml").symlink_to("/proc/self/fd/1")
    scratch.commit("tables that block")
    os.mkfifo(scratch.repo / "strategies/budget-tables/pipe.yaml")  # git cannot commit one
    scratch.pull_request(base)
    check = scratch.run("gate", timeout=10)
    assert check.exit_code != 0
    assert "strategies/fifo.yaml" in check.output and "strategies/proc.yaml" in check.output
    assert "K140" in check.output
    comment = scratch.run("comment", timeout=10)
    assert comment.exit_code != 0
    assert "<code>strategies/proc&#46;yaml&#58;" in scratch.comment()  # its findings


def test_an_unreadable_file_among_good_ones(scratch: Scratch) -> None:
    (scratch.repo / "strategies/gone.yaml").symlink_to("nowhere.yaml")
    scratch.commit("base")
    check = scratch.run("gate", GITHUB_EVENT_PATH="")
    assert check.exit_code == 2, check.output
    assert "strategies/gone.yaml" in check.output
    assert "strategies/kik1.yaml" in check.output  # the good file is still reported


def test_a_missing_base_commit_fails_in_one_line(scratch: Scratch) -> None:
    scratch.commit("base")
    scratch.pull_request("0123456789abcdef0123456789abcdef01234567")
    result = scratch.run("gate")
    assert result.exit_code == 2
    assert "is not in this clone" in one_line(result)
    for step in ("gate", "comment"):
        result = scratch.run(step)
        assert result.exit_code == 2
    assert scratch.gh_calls() == []


def test_a_shallow_clone_without_the_base_fails_in_one_line(scratch: Scratch,
                                                            tmp_path: Path) -> None:
    base = scratch.commit("base")
    scratch.write("strategies/kik1.yaml", scratch.read("strategies/kik1.yaml") + "\n")
    scratch.commit("change")
    shallow = tmp_path / "shallow"
    scratch.git("clone", "-q", "--depth", "1", f"file://{scratch.repo}", str(shallow))
    scratch.pull_request(base)
    scratch.repo = shallow
    result = scratch.run("gate")
    assert result.exit_code == 2
    assert "fetch-depth: 0" in one_line(result)


def test_git_refusing_the_repository_fails_in_one_line(scratch: Scratch,
                                                       tmp_path: Path) -> None:
    base = scratch.commit("base")
    scratch.pull_request(base)
    not_a_repo = tmp_path / "not-a-repo"
    not_a_repo.mkdir()
    scratch.repo = not_a_repo
    result = scratch.run("gate")
    assert result.exit_code == 2
    assert "not a git repository" in one_line(result)
    for step in ("gate", "comment"):
        result = scratch.run(step)
        assert result.exit_code == 2
        assert "no tracked file" not in result.output


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the repository away")
def test_dubious_ownership_fails_in_one_line(scratch: Scratch) -> None:
    base = scratch.commit("base")
    scratch.pull_request(base)
    shutil.chown(scratch.repo, user=4242, group=4242)
    result = scratch.run("gate")
    assert result.exit_code == 2
    assert "dubious ownership" in one_line(result)


def test_a_failed_post_is_a_warning_and_the_summary(scratch: Scratch) -> None:
    base = scratch.commit("base")
    scratch.write("strategies/kik1.yaml", scratch.read("strategies/kik1.yaml") + CUT)
    scratch.commit("cut")
    scratch.pull_request(base)
    result = scratch.run("comment", FAKE_GH_FAIL="1")
    assert result.exit_code == 1  # still the gate's verdict
    assert re.search(r"^::warning title=kikcalc::the comment could not be posted "
                     r"\(HTTP 403: Resource not accessible by integration\)",
                     result.stdout, flags=re.MULTILINE), result.output
    summary = scratch.summary_text()
    assert "<!-- kikcalc-diff -->" in summary and "<code>strategies/kik1&#46;yaml</code>" in summary


def test_an_existing_comment_is_updated(scratch: Scratch) -> None:
    base = scratch.commit("base")
    scratch.write("strategies/kik1.yaml", scratch.read("strategies/kik1.yaml") + "\n")
    scratch.commit("blank line")
    scratch.pull_request(base)
    assert scratch.run("comment", FAKE_GH_EXISTING="991").exit_code == 0
    posts = [call["args"] for call in scratch.gh_calls() if "body" in call]
    assert posts == [["api", "-X", "PATCH", "repos/aabenraa/strategier/issues/comments/991",
                      "--input", posts[0][-1]]]


def test_a_renamed_strategy_is_compared_with_its_old_path(scratch: Scratch) -> None:
    base = scratch.commit("base")
    scratch.git("mv", "strategies/kik1.yaml", "strategies/kik1-renamed.yaml")
    scratch.write("strategies/kik1-renamed.yaml",
                  scratch.read("strategies/kik1-renamed.yaml") + CUT)
    scratch.commit("rename and cut 30 mio. kr.")
    scratch.pull_request(base)
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    comment = scratch.comment()
    assert ("#### <code>strategies/kik1-renamed&#46;yaml</code> (omdøbt fra "
            "<code>strategies/kik1&#46;yaml</code>)") in comment
    assert "Akkumuleret 2019 (beregnet) | 21,6 | -8,4 | -30,0" in comment


def test_a_deleted_strategy_is_judged_as_a_removal(scratch: Scratch) -> None:
    scratch.write("strategies/kik1-copy.yaml", scratch.read("strategies/kik1.yaml"))
    base = scratch.commit("base")
    scratch.git("rm", "-q", "strategies/kik1-copy.yaml", ".github/workflows/kikcalc.yml")
    scratch.commit("remove the copy")
    scratch.pull_request(base)
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    assert "strategies/kik1-copy.yaml,line=1,col=1,title=kikcalc K223" in result.output
    comment = scratch.comment()
    assert "<code>strategies/kik1-copy&#46;yaml</code> er fjernet." in comment
    assert "kikcalc.yml" not in comment  # not a kikcalc document
    # the base's policy may allow it; a policy the same change brings may not
    scratch.write("kikcalc.toml", POLICY + "allow_removal = true\n")
    scratch.commit("and allow removals")
    assert scratch.run("gate").exit_code == 1
    scratch.git("checkout", "-q", base)
    scratch.write("kikcalc.toml", POLICY + "allow_removal = true\n")
    allowed = scratch.commit("a base that allows removals")
    scratch.git("rm", "-q", "strategies/kik1-copy.yaml")
    scratch.commit("remove the copy")
    scratch.pull_request(allowed)
    assert scratch.run("gate").exit_code == 0


INJECTIONS = ["</details>", "<img src=x>", "@everyone", "\r## All strategies approved",
              "a`b`c"]


def test_names_cannot_inject_into_the_comment_or_the_summary(scratch: Scratch) -> None:
    base = scratch.commit("base")
    kik1 = scratch.read("strategies/kik1.yaml")
    for number, name in enumerate(INJECTIONS):  # "</details>" is a folder "<" and a file
        table = "../" * name.count("/") + "budget-tables/"
        scratch.write(f"strategies/{number}{name}.yaml",
                      kik1.replace("budget-tables/", table))
    scratch.commit("names")
    scratch.pull_request(base)
    scratch.run("gate")
    result = scratch.run("comment", FAKE_GH_FAIL="1")
    assert result.exit_code == 0, result.output
    comment = scratch.comment()
    for text in (comment, scratch.summary_text()):
        assert "\r" not in text
        assert not re.search(r"^\s*#+ All strategies approved", text, flags=re.MULTILINE)
        for name in INJECTIONS[:3] + INJECTIONS[4:]:
            assert f"{name}.yaml" not in text
        assert "@everyone" not in text and "<img" not in text and "a`b`c" not in text
    assert comment.count("<details>") == comment.count("</details>")
    assert "#### <code>strategies/1&#60;img src&#61;x&#62;&#46;yaml</code>" in comment


def test_the_comment_stays_under_githubs_limit(scratch: Scratch) -> None:
    base = scratch.commit("base")
    noisy = "kikcalc: 1\nname: x\nperiod: {start: 2020, end: 2022}\nunit: mio. kr.\n" + "".join(
        f"unknown_key_{n:03}_with_a_long_name_that_fills_the_comment: 1\n" for n in range(80))
    for number in range(18):  # findings: capped at 100 rows in the comment
        scratch.write(f"strategies/many/{number:02}.yaml", noisy)
    kik1 = scratch.read("strategies/kik1.yaml")
    for number in range(40):  # each new strategy's comparison fills about 2 KB
        scratch.write(f"strategies/new/{number:02}.yaml",
                      kik1.replace("name: KIK-I Aabenraa", f"name: Ny {number}")
                      .replace("budget-tables/", "../budget-tables/"))
    scratch.write("strategies/kik1.yaml", kik1 + CUT)
    scratch.commit("many")
    scratch.pull_request(base)
    result = scratch.run("comment", timeout=120)
    assert result.exit_code == 1
    comment = scratch.comment()
    assert len(comment) < 65536
    assert re.search(r"\d+ sammenlignede filer mere er udeladt her", comment)
    assert "#### <code>strategies/kik1&#46;yaml</code>" in comment  # it breaks a limit: first
    assert "og " in comment and "fund mere" in comment  # findings capped at 100 rows


def test_the_gitlab_job_compares_with_the_merge_base(scratch: Scratch, tmp_path: Path) -> None:
    scratch.write("strategies/eksempelby.yaml", (ROOT / "examples/eksempelby.yaml").read_text())
    scratch.commit("base")
    scratch.git("checkout", "-q", "-b", "proposal")
    scratch.git("mv", "strategies/kik1.yaml", "strategies/kik1-renamed.yaml")
    scratch.write("strategies/kik1-renamed.yaml",
                  scratch.read("strategies/kik1-renamed.yaml") + CUT)
    scratch.git("rm", "-q", "strategies/eksempelby.yaml")
    scratch.commit("rename, cut 30 mio. kr., remove another")
    scratch.git("checkout", "-q", "main")  # the target takes the same cut meanwhile
    scratch.write("strategies/kik1.yaml", scratch.read("strategies/kik1.yaml") + CUT)
    scratch.commit("the same cut on the target")
    clone = tmp_path / "clone"
    scratch.git("clone", "-q", "-b", "proposal", str(scratch.repo), str(clone))
    job = yaml.safe_load((ROOT / "examples/ci/gitlab-ci.yml").read_text("utf-8"))
    script = [line for line in job["kikcalc-gate"]["script"]
              if not line.startswith("apt-get") and "pip install" not in line]
    run = subprocess.run(["bash", "-c", "\n".join(script)], cwd=clone, capture_output=True,
                         text=True, timeout=120, check=False,
                         env={**scratch.env, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"})
    assert run.returncode == 1, run.stdout + run.stderr
    assert "strategies/eksempelby.yaml er fjernet." in run.stdout
    assert "-30,0" in run.stdout  # against kik1.yaml at the merge base, not the target's tip
    assert (clone / "kikcalc-junit.xml").exists()


def test_the_ci_page_includes_the_workflow_files_as_they_are() -> None:
    """The docs show each workflow file by including it (pymdownx.snippets, a missing file
    stops the build), never a copy that could drift; tests/test_docs.py builds the site and
    finds every line of both files on the page."""
    page = (ROOT / "docs" / "ci.md").read_text("utf-8")
    for example in ("examples/ci/github-workflow.yml", "examples/ci/gitlab-ci.yml"):
        assert (ROOT / example).is_file()
        assert f'```yaml\n--8<-- "{example}"\n```\n' in page, example
        first = (ROOT / example).read_text("utf-8").splitlines()[0]
        assert first not in page, f"{example} is copied into the page, not included"
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    snippets = config.split("- pymdownx.snippets:")[1].split("\n  - ")[0]
    assert 'base_path: ["."]' in snippets and "check_paths: true" in snippets
    assert "- id: kikcalc-check" in page and "## What the gate trusts" in page


# --- what is diffed, and how much: renames, kikcalc documents, tables, policies, batches ---

EKSEMPELBY = (ROOT / "examples/eksempelby.yaml").read_text("utf-8")
KIKCALC_WRAPPER = """\
#!/bin/sh
# kikcalc, with each call's arguments logged (one line a call)
printf '%s\\n' "$*" >> "$KIKCALC_LOG"
exec {real} "$@"
"""


def rewritten(text: str, kontanthjaelp: int) -> str:
    """The strategy as someone would rewrite it: re-indented, block style, comments gone,
    and the unit cost of kontanthjælp cut."""
    data = yaml.safe_load(text)
    data["unit_costs"]["kontanthjaelp"] = kontanthjaelp
    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, indent=4,
                              default_flow_style=False))


def run_gitlab(scratch: Scratch, clone: Path) -> Result:
    """The GitLab job's script on a clone of the `proposal` branch, merging into main."""
    scratch.git("clone", "-q", "-b", "proposal", str(scratch.repo), str(clone))
    job = yaml.safe_load((ROOT / "examples/ci/gitlab-ci.yml").read_text("utf-8"))
    script = [line for line in job["kikcalc-gate"]["script"]
              if not line.startswith("apt-get") and "pip install" not in line]
    run = subprocess.run(["bash", "-c", "\n".join(script)], cwd=clone, capture_output=True,
                         text=True, timeout=120, check=False,
                         env={**scratch.env, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"})
    return Result(run.returncode, run.stdout, run.stderr)


def log_kikcalc(scratch: Scratch) -> Path:
    """Put a kikcalc that logs its calls first on the scripts' PATH; the log's path."""
    real = Path(sys.executable).parent / "kikcalc"
    wrapper = scratch.bin / "kikcalc"
    wrapper.write_text(KIKCALC_WRAPPER.format(real=real), encoding="utf-8")
    wrapper.chmod(0o755)
    log = scratch.bin.parent / "kikcalc.log"
    scratch.env["KIKCALC_LOG"] = str(log)
    return log


def test_a_rename_with_a_rewrite_is_paired_by_the_strategys_name(scratch: Scratch,
                                                                  tmp_path: Path) -> None:
    scratch.write("strategies/a.yaml", EKSEMPELBY)
    base = scratch.commit("base")
    scratch.git("checkout", "-q", "-b", "proposal")
    scratch.git("rm", "-q", "strategies/a.yaml")
    scratch.write("strategies/b.yaml", rewritten(EKSEMPELBY, kontanthjaelp=60000))
    scratch.commit("rename, rewrite and cut the unit cost")
    assert scratch.git("diff", "--name-status", "-M40%", "-l0", base, "HEAD", "--",
                       "strategies").splitlines() == ["D\tstrategies/a.yaml",
                                                      "A\tstrategies/b.yaml"]
    scratch.pull_request(base)
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    comment = scratch.comment()
    assert ("#### <code>strategies/b&#46;yaml</code> (omdøbt fra "
            "<code>strategies/a&#46;yaml</code>)") in comment
    assert "**Godkendt" not in comment and "er fjernet" not in comment
    assert "tilbagebetales ikke længere" in comment
    gitlab = run_gitlab(scratch, tmp_path / "clone")
    assert gitlab.exit_code == 1, gitlab.output
    assert "er fjernet" not in gitlab.output
    assert re.search(r"Akkumuleret 2029 \(beregnet\) +9,49 +-1,05 +-10,54", gitlab.stdout)


def test_a_rename_is_followed_however_many_files_change(scratch: Scratch,
                                                        tmp_path: Path) -> None:
    scratch.write("strategies/x.yaml", EKSEMPELBY)
    base = scratch.commit("base")
    scratch.git("config", "diff.renameLimit", "1")  # git gives up on renames past this
    scratch.git("checkout", "-q", "-b", "proposal")
    scratch.git("mv", "strategies/kik1.yaml", "strategies/kik-one.yaml")
    scratch.git("mv", "strategies/x.yaml", "strategies/y.yaml")
    scratch.write("strategies/kik-one.yaml", scratch.read("strategies/kik-one.yaml")
                  .replace("name: KIK-I Aabenraa", "name: KIK-I, renamed") + CUT)
    scratch.write("strategies/y.yaml", scratch.read("strategies/y.yaml") + "\n")
    scratch.commit("two renames, one with a new name and a cut")
    scratch.pull_request(base)
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    comment = scratch.comment()
    assert ("#### <code>strategies/kik-one&#46;yaml</code> (omdøbt fra "
            "<code>strategies/kik1&#46;yaml</code>)") in comment
    assert "Akkumuleret 2019 (beregnet) | 21,6 | -8,4 | -30,0" in comment
    assert "er fjernet" not in comment
    gitlab = run_gitlab(scratch, tmp_path / "clone")
    assert gitlab.exit_code == 1 and "er fjernet" not in gitlab.output, gitlab.output
    assert "-30,0" in gitlab.stdout


FLOW = ("{{kikcalc: 1, name: Flow, period: {{start: 2025, end: 2027}}, unit: mio. kr., "
        "sources: [{{id: s, title: Notat}}], "
        "other_effects: [{{name: Gevinst, by_year: {{2025: {amount}}}, source: s}}]}}\n")
CI_JOB = "kikcalc:\n  script: [kikcalc check strategies]\n"


def test_kikcalc_decides_what_is_a_kikcalc_document(scratch: Scratch, tmp_path: Path) -> None:
    bom = "\ufeff" + EKSEMPELBY.replace("name: Eksempelby - jobparate", "name: Med BOM")
    scratch.write("strategies/bom.yaml", bom)
    scratch.write("strategies/flow.yaml", FLOW.format(amount=20))
    scratch.write(".gitlab-ci.yml", CI_JOB)
    scratch.write("docs/mkdocs.yml", "site_name: Strategier\n")
    base = scratch.commit("base")
    scratch.git("checkout", "-q", "-b", "proposal")
    scratch.write("strategies/bom.yaml", bom.replace("kontanthjaelp: 100000",
                                                     "kontanthjaelp: 60000"))
    scratch.write("strategies/flow.yaml", FLOW.format(amount=10))
    scratch.write(".gitlab-ci.yml", CI_JOB + "  stage: test\n")
    (scratch.repo / "mkdocs.yml").symlink_to("docs/mkdocs.yml")
    scratch.commit("cut the BOM and the flow strategy; touch CI and docs files")
    scratch.pull_request(base)
    check = scratch.run("gate")
    assert "strategies/bom.yaml" in check.output and "strategies/flow.yaml" in check.output
    assert "gitlab-ci" not in check.output and "mkdocs" not in check.output
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    comment = scratch.comment()
    assert "#### <code>strategies/bom&#46;yaml</code>\n" in comment
    assert "#### <code>strategies/flow&#46;yaml</code>\n" in comment
    assert "**Afvist:**" in comment and comment.count(" K221 |") == 2
    assert "gitlab" not in comment and "mkdocs" not in comment
    gitlab = run_gitlab(scratch, tmp_path / "clone")
    assert "Med BOM: " in gitlab.stdout and "Flow: " in gitlab.stdout, gitlab.output
    assert "gitlab-ci" not in gitlab.output and "mkdocs" not in gitlab.output


def test_unchanged_strategies_are_compared_only_when_what_they_read_changes(
        scratch: Scratch) -> None:
    scratch.write("strategies/other.yaml", scratch.read("strategies/kik1.yaml")
                  .replace("name: KIK-I Aabenraa", "name: Other"))
    base = scratch.commit("base")
    scratch.write("strategies/kik1.yaml", scratch.read("strategies/kik1.yaml") + "\n")
    scratch.commit("a blank line")
    scratch.pull_request(base)
    selection = ":(glob)strategies/*.yaml"  # the tables' folder is not selected
    assert scratch.run("comment", KIKCALC_FILES=selection).exit_code == 0
    comment = scratch.comment()
    assert comment.count("\n#### ") == 1 and "#### <code>strategies/kik1&#46;yaml</code>" in comment
    assert "**Godkendt:**" in comment

    scratch.gh_log.unlink()
    table = scratch.read("strategies/budget-tables/aabenraa-2021.yaml")
    scratch.write("strategies/budget-tables/aabenraa-2021.yaml", table
                  .replace("persons: 715, net: 74740", "persons: 715, net: 100000")
                  .replace("net: 509392", "net: 534652"))
    scratch.commit("and the table")
    assert scratch.run("comment", KIKCALC_FILES=selection).exit_code == 0
    comment = scratch.comment()
    assert "<code>strategies/budget-tables/aabenraa-2021&#46;yaml</code> er ændret" in comment
    assert ("<code>strategies/other&#46;yaml</code> (uændret fil; en tabel eller statistik, den "
            "læser, er ændret)") in comment


def test_many_changed_policies_keep_the_comment_under_the_limit(scratch: Scratch) -> None:
    policy = POLICY + "".join(f"# note {n:03}: {'x' * 60}\n" for n in range(70))  # ~5 KB
    for number in range(30):
        scratch.write(f"kommuner/{number:02}/kikcalc.toml", policy)
    base = scratch.commit("base")
    for number in range(30):
        scratch.write(f"kommuner/{number:02}/kikcalc.toml",
                      policy.replace("# note", "# changed note").replace("= 2", "= 9"))
    scratch.commit("every policy")
    scratch.pull_request(base)
    result = scratch.run("comment")
    assert result.exit_code == 0, result.output
    comment = scratch.comment()
    assert len(comment) < 65536 / 2
    shown = comment.count("ændres i denne pull request.**")
    assert 1 <= shown < 30
    assert f"**{30 - shown} ændrede politikker mere er udeladt her.**" in comment
    assert "**Politikken <code>kikcalc&#46;toml</code>" not in comment  # the base's is unchanged


def test_a_strategy_that_stops_being_one_fails_every_step(scratch: Scratch,
                                                          tmp_path: Path) -> None:
    base = scratch.commit("base")
    scratch.git("checkout", "-q", "-b", "proposal")
    scratch.write("strategies/kik1.yaml", CI_JOB)  # now a CI job named kikcalc
    scratch.commit("turn the strategy into a CI file")
    scratch.pull_request(base)
    check = scratch.run("gate")
    assert check.exit_code == 1, check.output
    (line,) = [line for line in check.output.splitlines() if "K110" in line]  # one line
    assert "strategies/kik1.yaml" in line and "var en kikcalc-strategi i" in line  # Danish
    english = scratch.run("gate", KIKCALC_LANG="en")  # the job's language, passed on
    assert "was a kikcalc strategy at" in english.output
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    assert "| K110 | denne fil var en kikcalc-strategi i" in scratch.comment()
    gitlab = run_gitlab(scratch, tmp_path / "clone")
    assert gitlab.exit_code == 1, gitlab.output
    assert re.search(r"^strategies/kik1\.yaml:1:1: K110 denne fil var en kikcalc-strategi",
                     gitlab.stdout, flags=re.MULTILINE), gitlab.stdout


def test_the_gitlab_job_honours_gitattributes_unless_the_request_edits_it(
        scratch: Scratch, tmp_path: Path) -> None:
    scratch.write(".gitattributes", "strategies/fail-*.yaml -kikcalc\n")
    scratch.write("strategies/fail-cut.yaml", scratch.read("strategies/kik1.yaml") + CUT)
    scratch.commit("base: a failing example, marked -kikcalc")
    scratch.git("checkout", "-q", "-b", "proposal")
    scratch.write("strategies/kik1.yaml", scratch.read("strategies/kik1.yaml") + "\n")
    scratch.commit("a blank line")
    passing = run_gitlab(scratch, tmp_path / "clone-1")
    assert passing.exit_code == 0, passing.output
    assert "fail-cut" not in passing.output
    scratch.write(".gitattributes", "strategies/fail-*.yaml -kikcalc\n"
                  "strategies/kik1.yaml -kikcalc\n")
    scratch.write("strategies/kik1.yaml", scratch.read("strategies/kik1.yaml") + CUT)
    scratch.commit("opt the strategy out and cut it")
    failing = run_gitlab(scratch, tmp_path / "clone-2")
    assert failing.exit_code == 1, failing.output
    assert "retter i .gitattributes" in failing.stdout
    assert "strategies/fail-cut.yaml" in failing.stdout  # checked too, K202
    assert "-30,0" in failing.stdout


def test_long_file_lists_are_judged_in_one_process(scratch: Scratch) -> None:
    folder = "/".join(str(n % 10) * 250 for n in range(15))  # 3,765 bytes a path
    table = scratch.read("strategies/budget-tables/aabenraa-2021.yaml")
    for number in range(600):  # 2.3 MB of names: more than one command line holds
        scratch.write(f"t/{folder}/{number:03}.yaml", table)
    scratch.commit("base")
    check = scratch.run("gate", timeout=240, GITHUB_EVENT_PATH="")
    assert check.exit_code == 0, check.output[-2000:]
    assert "Argument list too long" not in check.output
    assert re.search(r"^602 filer kontrolleret", check.stdout, re.M)


def test_an_unreadable_file_wins_and_the_others_are_still_judged(scratch: Scratch) -> None:
    scratch.write("strategies/b-cut.yaml", scratch.read("strategies/kik1.yaml") + CUT)
    scratch.commit("base")
    check = scratch.run("gate", GITHUB_EVENT_PATH="")
    assert check.exit_code == 1, check.output
    (scratch.repo / "strategies/a-gone.yaml").symlink_to("nowhere.yaml")
    scratch.commit("a link to nothing")
    check = scratch.run("gate", GITHUB_EVENT_PATH="")
    assert check.exit_code == 2, check.output
    assert "strategies/a-gone.yaml" in check.output and "K100" in check.output
    assert "strategies/b-cut.yaml" in check.output and "strategies/kik1.yaml" in check.output
