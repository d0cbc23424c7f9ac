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


@pytest.mark.usefixtures("in_english")  # reads an English message
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


def _kik1_pair(tmp_path: Path, change: str, to: str) -> tuple[Path, Path]:
    for side in ("base", "proposal"):
        shutil.copytree(ROOT / "strategies", tmp_path / side)
    proposal = tmp_path / "proposal/kik1.yaml"
    text = proposal.read_text(encoding="utf-8")
    assert change in text
    proposal.write_text(text.replace(change, to), encoding="utf-8")
    return tmp_path / "base/kik1.yaml", proposal


COUNT = "{date: 2018-01-29, persons: 499, source: kik2}"


def test_a_loosened_target_or_a_new_count_is_shown(tmp_path: Path) -> None:
    """Raising a target from 500 to 1,200 persons, or adding a count that meets it, turns a
    missed target into a met one (K207) without moving a krone: the reviewer must see it."""
    base, proposal = _kik1_pair(tmp_path, "{persons: 500, by: 2018-12-31",
                                "{persons: 1200, by: 2018-12-31")
    text = proposal.read_text(encoding="utf-8").replace(
        COUNT, COUNT + "\n      - {date: 2018-11-30, persons: 450, source: kik2}")
    proposal.write_text(text, encoding="utf-8")
    run = kikcalc("diff", base, proposal, "-f", "json")
    assert run.exit_code == 0
    doc = run.json()
    assert doc["material"] is True
    group = "Aktivitetsparate kontanthjælpsmodtagere"
    assert doc["caseload"] == [
        {"key": f"target:2018-12-31:{group}", "base": "500", "proposal": "1200",
         "change": "700"},
        {"key": f"count:2018-11-30:{group}", "base": None, "proposal": "450",
         "change": None}]
    md = kikcalc("diff", base, proposal, "-f", "markdown").stdout
    assert md.startswith("✅ **2 sagstalsmål eller optællinger ændret**")
    assert f"| Mål for {group} senest 31.12.2018 | 500 | 1.200 | 700 |" in md
    text_run = kikcalc("diff", base, proposal, "--lang", "en").stdout
    assert f"Count of {group} on 2018-11-30" in text_run
    assert kikcalc("diff", "--quiet", base, base).stdout == ""


def test_thousands_of_new_counts_stay_within_the_comment(tmp_path: Path) -> None:
    counts = "".join(f"\n      - {{date: 2017-{1 + i // 28:02d}-{1 + i % 28:02d}, "
                     f"persons: {600 + i}, source: kik2}}" for i in range(300))
    base, proposal = _kik1_pair(tmp_path, COUNT, COUNT + counts)
    md = kikcalc("diff", base, proposal, "-f", "markdown").stdout
    assert len(md) < 65_536
    assert md.count("| Optælling af ") == 50
    assert "250 rækker mere er ikke vist" in md


def test_the_verdict_rounds_the_fall_as_the_table_does(tmp_path: Path) -> None:
    """Issue 22: "falder 7,2784816" stood beside a table saying -7,3."""
    base = tmp_path / "kik1.yaml"
    shutil.copy(ROOT / "strategies/kik1.yaml", base)
    shutil.copytree(ROOT / "strategies/budget-tables", tmp_path / "budget-tables")
    proposal = tmp_path / "cut.yaml"
    proposal.write_text(base.read_text("utf-8") + "\nother_effects:\n  - {name: Besparelse, "
                        "by_year: {2019: -7.2784816}, source: notat2018}\n", "utf-8")
    run = kikcalc("diff", base, proposal, "--max-cumulative-drop", "2")
    assert run.exit_code == 1
    assert "7,3" in run.stdout and "7,2784816" not in run.stdout
    close = kikcalc("diff", base, proposal, "--max-cumulative-drop", "7.25")
    assert "7,28" in close.stdout  # finer where 7,3 would not tell it from the limit 7,25
