"""kikcalc diff: what a proposal changes, thresholds, --base-ref, and the action's steps."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, git, kikcalc

P = "examples/proposals"


def test_diff_names_the_headline_changes() -> None:
    run = kikcalc("diff", f"{P}/adopted.yaml", f"{P}/pass-more-caseworkers.yaml", "-f", "json")
    assert run.exit_code == 0
    doc = run.json()
    head = {c["key"]: (c["base"], c["proposal"], c["change"]) for c in doc["headline"]}
    assert head["investment"] == ("15", "16", "1")
    assert head["payback:projected"] == (2028, 2028, 0)
    assert head["cumulative:projected"] == ("9.49", "10.86", "1.37")  # +10 persons x 0.079 x 3
    assert doc["material"] is True
    assert doc["broken"] == []


def test_markdown_fits_a_pull_request_comment() -> None:
    run = kikcalc("diff", f"{P}/adopted.yaml", f"{P}/fail-k201-late-payback.yaml",
                  "-f", "markdown", "--policy", f"{P}/kikcalc.toml")
    assert run.exit_code == 1
    first = run.stdout.splitlines()[0]
    assert first == ("❌ **Forslaget overskrider politikken: tilbagebetaling (beregnet) "
                     "forsinkes 1 år, mere end 0; tilbagebetaling (budgetteret) forsinkes 1 år, "
                     "mere end 0.**")
    assert "| Tilbagebetalt år (beregnet) | 2028 | 2029 | +1 år |" in run.stdout
    assert "<details><summary>" in run.stdout
    assert run.stdout.endswith("</details>\n\nVurderet efter politikken "
                               "examples/proposals/kikcalc.toml.\n")


def test_nothing_material_and_quiet() -> None:
    same = kikcalc("diff", f"{P}/adopted.yaml", f"{P}/adopted.yaml")
    assert same.exit_code == 0
    assert same.stdout.splitlines()[-2:] == [
        "Ingen væsentlige ændringer.",
        "Vurderet efter politikken examples/proposals/kikcalc.toml."]
    assert kikcalc("diff", "--quiet", f"{P}/adopted.yaml", f"{P}/adopted.yaml").stdout == ""
    sources_only = kikcalc("diff", "--quiet", f"{P}/adopted.yaml", f"{P}/warn-k206-no-source.yaml")
    assert sources_only.stdout != ""  # a new investment line is material


def test_thresholds_from_the_command_line() -> None:
    args = ("diff", f"{P}/adopted.yaml", f"{P}/fail-k202-low-cumulative.yaml")
    assert kikcalc(*args).exit_code == 1  # the folder's kikcalc.toml: a drop of at most 2
    assert kikcalc(*args, "--max-cumulative-drop", "5.5").exit_code == 0
    run = kikcalc(*args, "--max-cumulative-drop", "4.99", "--lang", "en")
    assert run.exit_code == 1
    assert "cumulative (projected) falls by 5 mio. kr., more than 4.99" in run.stdout
    assert kikcalc(*args, "--max-cumulative-drop", "lots").exit_code == 2


def test_diff_needs_two_files_or_a_base_ref() -> None:
    run = kikcalc("diff", f"{P}/adopted.yaml")
    assert run.exit_code == 2
    assert "diff takes BASE and PROPOSAL" in run.stderr


def test_an_invalid_proposal_is_reported_not_compared() -> None:
    run = kikcalc("diff", f"{P}/adopted.yaml", f"{P}/fail-k121-split.yaml")
    assert run.exit_code == 1
    assert run.stderr.startswith(f"{P}/fail-k121-split.yaml:43:5: K121")


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, str]:
    """A local repository with two commits: the adopted strategy, then a proposal."""
    repo = tmp_path / "repo"
    (repo / "strategies").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    shutil.copy(ROOT / P / "adopted.yaml", repo / "strategies" / "plan.yaml")
    shutil.copy(ROOT / P / "kikcalc.toml", repo / "kikcalc.toml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "adopted")
    base = git(repo, "rev-parse", "HEAD")
    shutil.copy(ROOT / P / "fail-k201-late-payback.yaml", repo / "strategies" / "plan.yaml")
    shutil.copy(ROOT / P / "adopted.yaml", repo / "strategies" / "new.yaml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "proposal")
    return repo, base


def test_base_ref_reads_the_base_fromgit(pull_request: tuple[Path, str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    repo, base = pull_request
    monkeypatch.chdir(repo)
    run = kikcalc("diff", "--base-ref", base, "strategies/plan.yaml", "-f", "json")
    assert run.exit_code == 1  # kikcalc.toml of the repository: payback may not slip
    head = {c["key"]: c for c in run.json()["headline"]}
    assert (head["payback:projected"]["base"], head["payback:projected"]["proposal"]) == (2028,
                                                                                          2029)
    new = kikcalc("diff", "--base-ref", base, "strategies/new.yaml")
    assert new.exit_code == 0
    assert new.stdout.splitlines()[-2:] == [
        "Ny strategi: der er ingen basis at sammenligne med.",
        f"Vurderet efter politikken {base}:kikcalc.toml."]  # the base's policy
    bad = kikcalc("diff", "--base-ref", "no-such-rev", "strategies/plan.yaml")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("kikcalc: --base-ref no-such-rev:")


# The Action's steps on a fake pull request: tests/test_action.py.
