"""The gate holds against the change it judges (issue 10): what it reads, and from where."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, git, kikcalc

KIK1 = (ROOT / "strategies/kik1.yaml").read_text(encoding="utf-8")
TABLE = "strategies/budget-tables/aabenraa-2021.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of this repository's strategies and tables, committed once (the base)."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "strategies", root / "strategies")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    return root


def _from_table(tmp_path: Path, target: str) -> Path:
    """KIK-I with `from_table` pointing at `target`, in a repository of its own."""
    folder = tmp_path / "r"
    folder.mkdir(exist_ok=True)
    (folder / ".git").mkdir(exist_ok=True)
    text = KIK1.replace("from_table: budget-tables/aabenraa-2021.yaml",
                        f"from_table: {target}")
    assert text != KIK1
    path = folder / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _check_quickly(path: Path) -> subprocess.CompletedProcess[str]:
    """`kikcalc check` in a child whose stdout is a pipe, as on a CI runner."""
    return subprocess.run([sys.executable, "-m", "kikcalc", "check", str(path)],
                          capture_output=True, text=True, timeout=20, check=False)


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize(("target", "words"), [
    ("/proc/self/fd/1", "refused: an absolute path"),
    ("/dev/stdin", "refused: an absolute path"),
    ("/etc/passwd", "refused: an absolute path"),
    ("../../../../etc/passwd", "refused: leaves the repository"),
    ("fifo", "refused: is not a regular file"),
    ("link-to-stdout", "refused: leads out of the repository"),
    ("link-outside", "refused: leads out of the repository"),
    ("notes.yaml", "not a kikcalc budget table"),
])
def test_from_table_reads_only_regular_files_in_the_repository(
        tmp_path: Path, target: str, words: str) -> None:
    path = _from_table(tmp_path, target)
    folder = path.parent
    os.mkfifo(folder / "fifo")
    (folder / "link-to-stdout").symlink_to("/proc/self/fd/1")
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    (folder / "link-outside").symlink_to(secret)
    (folder / "notes.yaml").write_text("password: hunter2\n", encoding="utf-8")
    run = _check_quickly(path)  # a FIFO or stdout would hang it: the timeout guards
    assert run.returncode == 1
    assert "K140" in run.stdout and words in run.stdout, run.stdout
    assert "hunter2" not in run.stdout + run.stderr and "root:" not in run.stdout


def test_a_fifo_on_the_command_line_is_unreadable_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.yaml")
    run = _check_quickly(tmp_path / "p.yaml")
    assert run.returncode == 2
    assert "ikke en almindelig fil" in run.stderr


def test_an_unreadable_file_does_not_hide_the_others(tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    run = kikcalc("check", "strategies/kik1.yaml", tmp_path / "missing.yaml",
                  "examples/eksempelby.yaml", "-f", "junit", "-o", junit)
    assert run.exit_code == 2
    assert "kan ikke læse" in run.stderr and "missing.yaml" in run.stderr
    xml = junit.read_text(encoding="utf-8")
    assert 'tests="3"' in xml and "kik1.yaml" in xml and "eksempelby.yaml" in xml
    text = kikcalc("check", "strategies/kik1.yaml", tmp_path / "missing.yaml")
    assert "strategies/kik1.yaml" in text.stdout and "K100" in text.stdout


def test_budget_tables_are_checked_as_tables(tmp_path: Path) -> None:
    run = kikcalc("check", "strategies/kik1.yaml", TABLE, "strategies/budget-tables/"
                  "aabenraa-2022.yaml")
    assert run.exit_code == 0, run.stdout
    bad = tmp_path / "t.yaml"
    bad.write_text((ROOT / TABLE).read_text(encoding="utf-8").replace(
        "kikcalc_table: 1", "kikcalc_table: 1\nextra: 1"), encoding="utf-8")
    run = kikcalc("check", bad)
    assert run.exit_code == 1 and "K110" in run.stdout and "extra" in run.stdout


@pytest.mark.usefixtures("in_english")
def test_only_kikcalc_leaves_other_yaml_alone(tmp_path: Path) -> None:
    ci = tmp_path / ".gitlab-ci.yml"
    ci.write_text("kikcalc:\n  script: [kikcalc check]\n", encoding="utf-8")
    workflow = tmp_path / "w.yaml"
    workflow.write_text("on: [push]\njobs: {a: {runs-on: x}}\n", encoding="utf-8")
    run = kikcalc("check", "--only-kikcalc", ci, workflow, "strategies/kik1.yaml", TABLE)
    assert run.exit_code == 0
    assert run.stdout.splitlines()[-1].startswith("2 files checked")
    # a strategy cannot leave the gate by breaking its YAML or quoting its marker
    broken = tmp_path / "b.yaml"
    broken.write_text("'kikcalc': 1\nname: [x\n", encoding="utf-8")
    run = kikcalc("check", "--only-kikcalc", broken)
    assert run.exit_code == 1 and "K101" in run.stdout


def test_diff_base_ref_reads_tables_from_the_base(repo: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    table = repo / TABLE
    before = table.read_text(encoding="utf-8")
    text = before.replace("persons: 715, net: 74740", "persons: 715, net: 84740").replace(
        "net: 509392", "net: 519392")  # 10 mio. kr. more for the benefit KIK-I leaves
    assert text != before
    table.write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a table-only change")
    for folder in (repo, repo / "strategies"):  # from the root and from inside
        monkeypatch.chdir(folder)
        name = "kik1.yaml" if folder.name == "strategies" else "strategies/kik1.yaml"
        run = kikcalc("diff", "--base-ref", "HEAD~1", name, "-f", "json")
        assert run.exit_code == 0, run.stderr
        doc = run.json()
        assert doc["material"] is True
        head = {c["key"]: c for c in doc["headline"]}
        assert head["cumulative:projected"]["change"] not in ("0", None)
        same = kikcalc("diff", "--base-ref", "HEAD", name)
        assert same.exit_code == 0 and "Ingen væsentlige ændringer." in same.stdout


def test_policy_is_the_base_s_and_a_changed_one_is_said(repo: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "kikcalc.toml").write_text("[check]\nmax_payback_years = 2\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "policy")
    (repo / "kikcalc.toml").write_text('[check]\nmax_payback_years = 9\n'
                                       '[check.severity]\nK201 = "off"\n', encoding="utf-8")
    monkeypatch.chdir(repo)
    plain = kikcalc("check", "strategies/kik1.yaml")
    assert plain.exit_code == 0  # the working tree's policy switches K201 off
    run = kikcalc("check", "--base-ref", "HEAD", "strategies/kik1.yaml")
    assert run.exit_code == 1, run.stdout
    assert "K201" in run.stdout
    assert "K209" in run.stdout and "max_payback_years 2 -> 9" in run.stdout
    diff = kikcalc("diff", "--base-ref", "HEAD", "strategies/kik1.yaml", "-f", "markdown")
    assert "max_payback_years 2 -&gt; 9" in diff.stdout  # escaped for the comment
    assert "HEAD:kikcalc.toml" in diff.stdout


def test_a_renamed_strategy_is_compared_with_its_old_self(repo: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    (repo / "kikcalc.toml").write_text("[diff]\nmax_cumulative_drop = 5\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "policy")
    git(repo, "mv", "strategies/kijos.yaml", "strategies/kijos-2.yaml")
    path = repo / "strategies/kijos-2.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "other_effects:\n  - name: Cut\n"
                    "    by_year: {2021: -30}\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    new = kikcalc("diff", "--base-ref", "HEAD", "strategies/kijos-2.yaml")
    assert new.exit_code == 0 and "Ny strategi" in new.stdout  # without the old name
    run = kikcalc("diff", "--base-ref", "HEAD", "--base-path", "strategies/kijos.yaml",
                  "strategies/kijos-2.yaml")
    assert run.exit_code == 1, run.stdout + run.stderr
    missing = kikcalc("diff", "--base-ref", "HEAD", "--base-path", "nope.yaml",
                      "strategies/kijos-2.yaml")
    assert missing.exit_code == 2 and "--base-path nope.yaml" in missing.stderr


@pytest.mark.usefixtures("in_english")
def test_base_tables_refuse_symlinks_in_git(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = repo / TABLE
    table.unlink()
    table.symlink_to("/proc/self/fd/1")
    git(repo, "commit", "-q", "-am", "a symlinked table")
    monkeypatch.chdir(repo)
    run = kikcalc("diff", "--base-ref", "HEAD", "strategies/kik1.yaml")
    assert run.exit_code == 1
    assert "refused: leads out of the repository" in run.stderr


def test_a_table_linked_inside_the_repository_reads_alike_at_the_base(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = repo / TABLE
    real = table.with_name("real-2021.yaml")
    table.rename(real)
    table.symlink_to(real.name)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a table that is a link to another inside")
    monkeypatch.chdir(repo)
    assert kikcalc("check", "strategies/kik1.yaml").exit_code == 0
    run = kikcalc("diff", "--base-ref", "HEAD", "strategies/kik1.yaml")
    assert run.exit_code == 0, run.stderr
    assert "Ingen væsentlige ændringer." in run.stdout


@pytest.mark.usefixtures("in_english")
def test_a_strategy_cannot_leave_the_gate_by_dropping_its_marker(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = repo / "strategies/kijos.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kikcalc: 1\n", ""),
                    encoding="utf-8")
    monkeypatch.chdir(repo)
    run = kikcalc("check", "--only-kikcalc", "--base-ref", "HEAD", "strategies/kijos.yaml")
    assert run.exit_code == 1
    assert "was a kikcalc strategy at HEAD" in run.stdout
    assert kikcalc("check", "--only-kikcalc", "strategies/kijos.yaml").stdout.startswith(
        "0 files checked")  # without a base there is nothing to hold it to


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("content", [b"by: K\xf8benhavn\n", b"x: " + b"a" * 1_100_000 + b"\n"])
def test_only_kikcalc_skips_other_yaml_that_is_not_even_text_we_read(
        tmp_path: Path, content: bytes) -> None:
    other = tmp_path / "config.yml"
    other.write_bytes(content)
    run = kikcalc("check", "--only-kikcalc", other)
    assert run.exit_code == 0 and run.stdout.startswith("0 files checked")
    broken = tmp_path / "plan.yaml"
    broken.write_bytes(b"kikcalc: 1\nname: K\xf8ge\n")
    run = kikcalc("check", "--only-kikcalc", broken)
    assert run.exit_code == 1 and "K101" in run.stdout


def test_a_strategy_that_links_out_of_the_repository_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    (folder / ".git").mkdir(parents=True)
    secret = tmp_path / "secret.yaml"
    secret.write_text("kikcalc: 1\npassword: hunter2\n", encoding="utf-8")
    (folder / "plan.yaml").symlink_to(secret)
    (folder / "env.yaml").symlink_to("/proc/self/environ")
    run = kikcalc("check", folder / "plan.yaml", folder / "env.yaml")
    assert run.exit_code == 2
    assert run.stdout.count("a link that leads out of the repository") == 2
    assert "hunter2" not in run.stdout + run.stderr


@pytest.mark.parametrize("command", ["check", "payback"])
def test_a_system_file_named_plainly_is_not_opened(command: str) -> None:
    """`/proc/self/environ` is a regular file to fstat; its first line would have told a
    pull request the length of the runner's first environment variable."""
    run = kikcalc(command, "/proc/self/environ", "/sys/kernel/mm/transparent_hugepage/enabled")
    assert run.exit_code == 2
    said = run.stdout + run.stderr
    for path in ("/proc/self/environ", "/sys/kernel/mm/transparent_hugepage/enabled"):
        assert f"{path}: en systemfil (/proc, /sys, /dev), ikke et dokument" in said \
            or f"{path}:1:1: K100 kan ikke læses: a system file" in said
    assert "K101" not in said


def test_a_file_name_cannot_start_a_workflow_command(tmp_path: Path) -> None:
    name = tmp_path / "evil\n::error title=approved::all good\n.yaml"
    run = kikcalc("check", name)
    assert run.exit_code == 2
    assert not any(line.startswith("::") for line in (run.stdout + run.stderr).splitlines())
