"""The scheduled follow-up (`action/follow-up.sh`, issue 24) end to end, in a scratch git
repository with a bare `origin`, a fake `gh` that records what it is asked, and a fake
network: a Python wrapper that runs the real `python -I -m kikcalc` with the StatBank API's
answers replaced by recorded ones (CONSTRUCTED test data, as examples/benchmark/ says).

Run 1 fetches the statistics, commits them on kikcalc/follow-up and opens the pull request;
run 2 fetches a newer release in which Aabenraa is behind plan: the same pull request is
updated, and the job fails with one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "action" / "follow-up.sh"
HANG = 120  # a guard against a hang, not a timing assertion

FAKE_GH = """\
#!{python}
import json, os, sys
args = sys.argv[1:]
call = {{"args": args}}
if "--body-file" in args:
    with open(args[args.index("--body-file") + 1], encoding="utf-8") as handle:
        call["body"] = handle.read()
with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(call) + "\\n")
if args[:2] == ["pr", "list"] and os.environ.get("FAKE_GH_OPEN"):
    print(os.environ["FAKE_GH_OPEN"])
"""

# The network, faked: `statbank fetch` gets the recorded answers; everything else runs as is.
FAKE_PYTHON = """\
#!{python}
import io, os, runpy, sys, urllib.request
args = sys.argv[1:]
if args[:3] != ["-I", "-m", "kikcalc"]:
    os.execv({python!r}, [{python!r}, *args])
answers = os.environ["FAKE_STATBANK"]
def recorded(request, timeout):
    name = request.full_url.rsplit("/", 1)[1]
    with open(os.path.join(answers, name), "rb") as handle:
        return io.BytesIO(handle.read())
urllib.request.urlopen = recorded
sys.argv = ["kikcalc", *args[3:]]
runpy.run_module("kikcalc", run_name="__main__")
"""


class Scratch:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.repo = tmp_path / "repo"
        self.origin = tmp_path / "origin.git"
        self.bin = tmp_path / "bin"
        self.answers = tmp_path / "answers"
        for folder in (self.repo, self.bin, self.answers):
            folder.mkdir()
        for name, text in (("gh", FAKE_GH), ("python", FAKE_PYTHON)):
            path = self.bin / name
            path.write_text(text.format(python=sys.executable), encoding="utf-8")
            path.chmod(0o755)
        self.gh_log = tmp_path / "gh.log"
        self.env = {
            "PATH": os.pathsep.join([str(self.bin), "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": str(tmp_path), "LANG": "C.UTF-8", "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
            "FAKE_GH_LOG": str(self.gh_log), "FAKE_STATBANK": str(self.answers),
            "GITHUB_ACTIONS": "true", "GH_TOKEN": "not-a-token", "RUNNER_TEMP": str(tmp_path),
            "KIKCALC_FETCH": "strategies/kik1.yaml strategies/constructed-auk01.csv",
            "KIKCALC_LANG": "en",
        }
        subprocess.run(["git", "init", "-q", "--bare", str(self.origin)], check=True,
                       env=self.env)
        self.git("init", "-q", "-b", "main")
        self.git("remote", "add", "origin", str(self.origin))

    def git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.repo, env=self.env, check=True,
                              capture_output=True, text=True).stdout.strip()

    def release(self, behind: bool) -> None:
        """The StatBank answers of one release: the tableinfo and the data, from the
        constructed statistics of examples/benchmark/ (Aabenraa at 800 in 2018-2019 when
        `behind`: 64.5 % of the planned reduction realised to date)."""
        lines = (ROOT / "examples/benchmark/constructed-auk01.csv").read_text("utf-8")
        meta = next(x for x in lines.splitlines() if x.startswith("# kikcalc-tableinfo: "))
        info = json.loads(meta.split(": ", 1)[1])
        info["variables"].append({"id": "Tid", "text": "tid", "time": True, "values": []})
        (self.answers / "tableinfo").write_text(json.dumps(info), encoding="utf-8")
        rows = [x for x in lines.splitlines() if not x.startswith("#")]
        if behind:
            rows = [x.replace(";504", ";800") if x.startswith("580;KT;TOT;TOT;201") else x
                    for x in rows]
        (self.answers / "data").write_text("\n".join(rows) + "\n", encoding="utf-8")

    def run(self, **env: str) -> subprocess.CompletedProcess[str]:
        self.git("checkout", "-q", "main")
        return subprocess.run(["bash", str(SCRIPT)], cwd=self.repo, env={**self.env, **env},
                              capture_output=True, text=True, timeout=HANG, check=False)

    def gh_calls(self) -> list[dict[str, object]]:
        if not self.gh_log.exists():
            return []
        return [json.loads(line) for line in self.gh_log.read_text("utf-8").splitlines()]


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    repo = Scratch(tmp_path)
    strategy = (ROOT / "examples/benchmark/kik1.yaml").read_text("utf-8")
    strategy = strategy.replace("../../strategies/budget-tables/", "budget-tables/")
    files = {"strategies/kik1.yaml": strategy,
             "strategies/budget-tables/aabenraa-2021.yaml":
                 (ROOT / "strategies/budget-tables/aabenraa-2021.yaml").read_text("utf-8"),
             "strategies/constructed-auk01.csv":
                 (ROOT / "examples/benchmark/constructed-auk01.csv").read_text("utf-8"),
             "kikcalc.toml": "[follow-up]\nmax_realisation_shortfall = 20\n"}
    for name, text in files.items():
        (repo.repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo.repo / name).write_text(text, encoding="utf-8")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "base")
    repo.git("push", "-q", "origin", "main")
    return repo


def test_one_pull_request_opened_then_updated_and_behind_plan_fails(scratch: Scratch) -> None:
    scratch.release(behind=False)
    first = scratch.run()
    assert first.returncode == 0, first.stderr
    assert first.stdout == "" and first.stderr == ""
    calls = scratch.gh_calls()
    assert [c["args"][:2] for c in calls] == [["pr", "list"], ["pr", "create"]]
    created = calls[1]
    assert created["args"][2:8] == ["--base", "main", "--head", "kikcalc/follow-up",
                                    "--title", "Follow-up: plan against observed"]
    body = str(created["body"])
    assert body.startswith("<!-- kikcalc-follow-up -->\n")
    assert "plan against observed" in body and "Behind plan" not in body
    # the fetched statistics are committed on the branch, with the metadata of the release
    log = scratch.git("log", "--format=%s", "origin/kikcalc/follow-up")
    assert log.splitlines()[0].startswith("Follow-up: the newest statistics (")
    fetched = scratch.git("show", "origin/kikcalc/follow-up:strategies/constructed-auk01.csv")
    assert fetched.startswith("# kikcalc: table AUK01, fetched ")
    assert scratch.git("rev-parse", "main") == scratch.git("rev-parse", "origin/main")

    # run 2: a newer release, Aabenraa behind plan; the pull request #12 is there
    scratch.gh_log.unlink()
    scratch.release(behind=True)
    second = scratch.run(FAKE_GH_OPEN="12")
    assert second.returncode == 1, second.stderr
    assert second.stdout == ""
    (line,) = second.stderr.splitlines()  # one line
    assert line.startswith("strategies/kik1.yaml:")
    assert "is behind plan: realised 64.5 % of the planned reduction to date" in line
    calls = scratch.gh_calls()
    assert [c["args"][:3] for c in calls] == [["pr", "list", "--head"], ["pr", "edit", "12"]]
    body = str(calls[1]["body"])
    assert body.startswith("<!-- kikcalc-follow-up -->\n> **Behind plan:**")
    assert "64.5" in body
    assert len(scratch.git("rev-list", "origin/main..origin/kikcalc/follow-up").split()) == 1


def test_without_a_network_the_job_fails_in_one_line(scratch: Scratch) -> None:
    # no recorded answers: the fake opener cannot open them, as urlopen cannot reach a host
    (scratch.bin / "python").write_text(FAKE_PYTHON.format(python=sys.executable).replace(
        "with open(os.path.join(answers, name), \"rb\") as handle:",
        "raise OSError(-3, 'Temporary failure in name resolution')\n    with open('x') as handle:"
    ), encoding="utf-8")
    run = scratch.run()
    assert run.returncode == 2
    assert run.stdout == ""
    (line,) = run.stderr.splitlines()
    assert line.startswith("kikcalc: cannot reach the StatBank API")
    assert scratch.gh_calls() == []


def test_the_example_workflows_run_the_script_on_a_schedule() -> None:
    github = yaml.safe_load((ROOT / "examples/ci/github-follow-up.yml").read_text("utf-8"))
    assert github[True]["schedule"][0]["cron"]  # `on:` reads as True in YAML 1.1
    steps = github["jobs"]["follow-up"]["steps"]
    assert any("follow-up.sh" in str(step.get("run", "")) for step in steps)
    assert github["permissions"] == {"contents": "write", "pull-requests": "write"}
    gitlab = yaml.safe_load((ROOT / "examples/ci/gitlab-follow-up.yml").read_text("utf-8"))
    job = gitlab["kikcalc-follow-up"]
    assert job["rules"][0]["if"] == '$CI_PIPELINE_SOURCE == "schedule"'
    assert any("follow-up.sh" in line for line in job["script"])
    for text in (ROOT / "examples/ci/github-follow-up.yml",
                 ROOT / "examples/ci/gitlab-follow-up.yml"):
        assert "python -I -m pip install" in text.read_text("utf-8")


FAKE_CURL = """\
#!{python}
# A fake `curl` for the GitLab API: lists FAKE_MR_OPEN's merge request (or none) and records
# each call with the JSON it would send.
import json, os, sys
args = sys.argv[1:]
call = {{"args": [a for a in args if not a.startswith("PRIVATE-TOKEN")]}}
if "--data-binary" in args:
    with open(args[args.index("--data-binary") + 1][1:], encoding="utf-8") as handle:
        call["body"] = json.load(handle)
with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(call) + "\\n")
if "-X" not in args:
    iid = os.environ.get("FAKE_MR_OPEN")
    print(json.dumps([{{"iid": int(iid)}}] if iid else []))
"""


def test_a_gitlab_pipeline_schedule_opens_then_updates_one_merge_request(
        scratch: Scratch) -> None:
    curl = scratch.bin / "curl"
    curl.write_text(FAKE_CURL.format(python=sys.executable), encoding="utf-8")
    curl.chmod(0o755)
    gitlab = {"GITLAB_CI": "true", "CI_API_V4_URL": "https://gitlab.invalid/api/v4",
              "CI_PROJECT_ID": "42", "KIKCALC_GITLAB_TOKEN": "not-a-token"}
    scratch.release(behind=False)
    first = scratch.run(**gitlab)
    assert first.returncode == 0, first.stderr
    calls = scratch.gh_calls()
    assert calls[0]["args"][-1] == ("https://gitlab.invalid/api/v4/projects/42/merge_requests"
                                    "?state=opened&source_branch=kikcalc/follow-up")
    assert calls[1]["args"][:3] == ["-fsS", "-X", "POST"]
    body = calls[1]["body"]
    assert (body["source_branch"], body["target_branch"]) == ("kikcalc/follow-up", "main")
    assert body["description"].startswith("<!-- kikcalc-follow-up -->")
    scratch.gh_log.unlink()
    scratch.release(behind=True)
    second = scratch.run(FAKE_MR_OPEN="5", **gitlab)
    assert second.returncode == 1 and len(second.stderr.splitlines()) == 1, second.stderr
    calls = scratch.gh_calls()
    assert calls[1]["args"][:3] == ["-fsS", "-X", "PUT"]
    assert calls[1]["args"][-1].endswith("/merge_requests/5")
