"""Issue 22: a pull request written to fool, switch off or crash the gate, each against a
scratch repository with the Action's two steps run exactly as `action.yml` runs them (a
fake `gh`). Each of these passed, or crashed, before `kikcalc gate` decided the verdict in
one process from the base."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.test_action import CUT, POLICY, ROOT, Scratch

KIK1 = (ROOT / "strategies/kik1.yaml").read_text("utf-8")
ACTUAL_2017 = "  2017: {amount: 25.3, source: notat2018}\n"


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    repo = Scratch(tmp_path)
    repo.write("kikcalc.toml", POLICY.replace("min_cumulative = 10", "min_cumulative = 0"))
    repo.write("strategies/kik1.yaml", KIK1)
    repo.write("strategies/budget-tables/aabenraa-2021.yaml",
               (ROOT / "strategies/budget-tables/aabenraa-2021.yaml").read_text("utf-8"))
    return repo


def _propose(scratch: Scratch, text: str, path: str = "strategies/kik1.yaml") -> None:
    base = scratch.commit("base")
    scratch.write(path, text)
    scratch.commit("proposal")
    scratch.pull_request(base)


def test_nothing_at_the_top_of_the_pull_request_is_imported(scratch: Scratch,
                                                            tmp_path: Path) -> None:
    marker = tmp_path / "imported"
    planted = f"open({str(marker)!r}, 'a').write(__name__)\n"
    base = scratch.commit("base")
    scratch.write("strategies/kik1.yaml", KIK1 + CUT)  # fails the diff limits
    # a json.py that would rewrite the event's base SHA to HEAD, and friends
    for name in ("json.py", "yaml.py", "typer.py", "sitecustomize.py", "usercustomize.py",
                 "kikcalc/__init__.py", "kikcalc/__main__.py", "pydantic.py", "decimal.py"):
        scratch.write(name, planted + "raise SystemExit(0)\n")
    scratch.commit("cut, and plant modules")
    scratch.pull_request(base)
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    assert not marker.exists(), marker.read_text()
    assert "K221" in result.output and "K221" in scratch.comment()


@pytest.mark.parametrize("edit", [
    ACTUAL_2017.replace("25.3", "-8.0"),
    ACTUAL_2017.replace("25.3", "-8.0").replace("source", "as_of: 2017-12-31, source"),
    ACTUAL_2017.replace("25.3", "-8.0").replace("source", "forecast: true, source"),
    "",
])
def test_a_recorded_actual_cannot_be_made_worse(scratch: Scratch, edit: str) -> None:
    _propose(scratch, KIK1.replace(ACTUAL_2017, edit))
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    assert ("K222" in result.output) != ("K223" in result.output), result.output
    if edit == "" or "forecast" in edit:
        # in the action's language, Danish unless KIKCALC_LANG says otherwise
        assert "det bogførte faktiske tal for 2017 (25,3 mio. kr.)" in result.output


def test_a_new_actual_is_judged_against_the_bases_budget(scratch: Scratch) -> None:
    # 2019 has a budget of 22 at the base; the proposal records -10 (32 below) and moves
    # 2019's budget to 2016 so that its own budget says -10 for 2019
    text = KIK1.replace("  2016: {amount: -18.1, source: notat2018}",
                        "  2016: {amount: 13.9, source: notat2018}")
    text = text.replace("  2019: {amount: 22, source: notat2018}",
                        "  2019: {amount: -10, source: notat2018}")
    text += "  2019: {amount: -10, source: notat2018}\n"
    _propose(scratch, text)
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    assert "K222" in result.output


@pytest.mark.parametrize(("block", "policy", "code"), [
    ("budget:", 'series = "budget"\n', "K211"),
    ("budget:", "", "K223"),
])
def test_deleting_the_block_a_rule_needs_is_judged(scratch: Scratch, block: str, policy: str,
                                                   code: str) -> None:
    scratch.write("kikcalc.toml", POLICY.replace("[check]\n", "[check]\n" + policy)
                  .replace("min_cumulative = 10", "min_cumulative = -99"))
    start = KIK1.index("\n" + block) + 1
    end = KIK1.index("\n\n", start) + 1
    _propose(scratch, KIK1[:start] + KIK1[end:])
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    assert code in result.output


def test_deleting_funding_is_a_removal_and_adding_it_does_not_crash(scratch: Scratch) -> None:
    funding = ("funding:\n  - {name: Investeringspulje, by_year: {2016: 40, 2017: 28}, "
               "source: notat2018}\n")
    scratch.write("strategies/kik1.yaml", KIK1 + funding)
    base = scratch.commit("base with funding")
    scratch.write("strategies/kik1.yaml", KIK1)
    scratch.commit("delete the funding")
    scratch.pull_request(base)
    result = scratch.run("comment")
    assert result.exit_code == 1 and "K223" in result.output, result.output
    assert "blokken `funding` er slettet" in result.output
    # the other way round: a legitimate pull request that adds funding passes
    plain = scratch.git("rev-parse", "HEAD")  # the file without funding
    scratch.write("strategies/kik1.yaml", KIK1 + funding)
    scratch.commit("add funding")
    scratch.pull_request(plain)
    result = scratch.run("comment")
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output


def test_the_rules_read_the_bases_budget_table(scratch: Scratch) -> None:
    base = scratch.commit("base")
    # a new proposal that does not pay back, and the table it names doubled in its favour
    new = KIK1.replace("name: KIK-I Aabenraa", "name: Ny strategi") + CUT
    scratch.write("strategies/new.yaml", new)
    table = scratch.read("strategies/budget-tables/aabenraa-2021.yaml")
    scratch.write("strategies/budget-tables/aabenraa-2021.yaml",
                  table.replace("persons: 715, net: 74740", "persons: 715, net: 300000")
                  .replace("net: 509392", "net: 734652"))
    scratch.commit("new proposal and a generous table")
    scratch.pull_request(base)
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    assert "strategies/new.yaml" in result.output and "K201" in result.output


def test_a_rename_into_a_lenient_folder_keeps_the_strict_limits(scratch: Scratch) -> None:
    scratch.write("lenient/kikcalc.toml", "[check]\nmin_cumulative = -99\n[diff]\n"
                  "max_cumulative_drop = 99\nmax_payback_slip = 9\n")
    scratch.write("lenient/budget-tables/aabenraa-2021.yaml",
                  scratch.read("strategies/budget-tables/aabenraa-2021.yaml"))
    base = scratch.commit("base")
    scratch.git("mv", "strategies/kik1.yaml", "lenient/kik1.yaml")
    scratch.write("lenient/kik1.yaml", scratch.read("lenient/kik1.yaml") + CUT)
    scratch.commit("move to the lenient folder and cut")
    scratch.pull_request(base)
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    assert "K221" in result.output
    assert "(omdøbt fra <code>strategies/kik1&#46;yaml</code>)" in scratch.comment()


def test_a_rewrite_with_an_invisible_character_in_its_name_is_still_a_change(
        scratch: Scratch) -> None:
    base = scratch.commit("base")
    scratch.git("rm", "-q", "strategies/kik1.yaml")
    data = yaml.safe_load(KIK1 + CUT)
    data["name"] = "KIK-I\u200b Aabenraa"
    data["unit_costs"]["from_table"] = "../budget-tables/aabenraa-2021.yaml"
    rewritten = yaml.safe_dump(data, sort_keys=True, allow_unicode=True, indent=6,
                               default_flow_style=False)
    scratch.write("strategies/other-place/kik-one.yaml", rewritten)
    scratch.commit("a rewrite under a new path")
    scratch.pull_request(base)
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    assert "K221" in result.output or "K220" in result.output
    assert "er fjernet" not in scratch.comment()


def test_a_policy_that_links_out_of_the_repository_is_not_read(scratch: Scratch,
                                                               tmp_path: Path) -> None:
    secret = tmp_path / "runner-secret.toml"
    secret.write_text("[check]\nGH_TOKEN_VALUE = 1\n", encoding="utf-8")
    base = scratch.commit("base")
    (scratch.repo / "kikcalc.toml").unlink()
    (scratch.repo / "kikcalc.toml").symlink_to(secret)
    scratch.commit("a policy that is a link")
    scratch.pull_request(base)
    result = scratch.run("comment")
    assert "GH_TOKEN_VALUE" not in result.output + scratch.comment()
    assert "K209" in result.output


def test_a_path_that_starts_with_a_colon_is_a_path(scratch: Scratch) -> None:
    scratch.write(":strict/kikcalc.toml", POLICY)
    scratch.write(":strict/kik1.yaml", KIK1.replace("budget-tables/",
                                                    "../strategies/budget-tables/"))
    base = scratch.commit("base")
    scratch.write(":strict/kik1.yaml", scratch.read(":strict/kik1.yaml") + CUT)
    scratch.commit("cut")
    scratch.pull_request(base)
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    assert ":strict/kik1.yaml" in result.output and "K221" in result.output


def test_a_strategy_replaced_by_a_budget_table_fails(scratch: Scratch) -> None:
    _propose(scratch, scratch.read("strategies/budget-tables/aabenraa-2021.yaml"))
    result = scratch.run("comment")
    assert result.exit_code == 1, result.output
    assert "K110" in result.output


@pytest.mark.parametrize("event", ["merge_group", "pull_request_comment_false"])
def test_the_verdict_is_the_same_for_every_event_and_without_the_comment(
        scratch: Scratch, event: str) -> None:
    base = scratch.commit("base")
    scratch.write("strategies/kik1.yaml", KIK1 + CUT)
    scratch.commit("cut")
    if event == "merge_group":
        scratch.event.write_text(json.dumps({"merge_group": {"base_sha": base}}), "utf-8")
    else:
        scratch.pull_request(base)
    verdict = scratch.run("gate")  # step 1 alone: what `comment: false` runs
    assert verdict.exit_code == 1, verdict.output
    assert "K221" in verdict.output


def test_bidi_and_invisible_characters_in_names_are_shown_escaped(scratch: Scratch) -> None:
    base = scratch.commit("base")
    name = "strategies/a\u202egnp.\u2066x\u200b.yaml"
    scratch.write(name, KIK1.replace("budget-tables/", "budget-tables/") + CUT)
    scratch.commit("names")
    scratch.pull_request(base)
    scratch.run("comment")
    comment = scratch.comment()
    for char in ("\u202e", "\u2066"):
        assert char not in comment and char not in scratch.summary_text()
    assert "u202e" in comment and "u2066" in comment


# --- `kikcalc check --base-ref`, as a pre-commit hook or a local run uses it -------------

def _check(scratch: Scratch, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-I", "-m", "kikcalc", "check", *args],
                          cwd=scratch.repo, env={**scratch.env, "GITHUB_ACTIONS": ""},
                          capture_output=True, text=True, timeout=60, check=False)


def test_check_with_a_base_reads_the_bases_tables(scratch: Scratch) -> None:
    base = scratch.commit("base")
    scratch.write("strategies/new.yaml", KIK1.replace("name: KIK-I Aabenraa", "name: Ny") + CUT)
    table = scratch.read("strategies/budget-tables/aabenraa-2021.yaml")
    scratch.write("strategies/budget-tables/aabenraa-2021.yaml",
                  table.replace("persons: 715, net: 74740", "persons: 715, net: 300000")
                  .replace("net: 509392", "net: 734652"))
    scratch.commit("a generous table")
    assert _check(scratch, "strategies/new.yaml").returncode == 0  # the change's table
    run = _check(scratch, f"--base-ref={base}", "strategies/new.yaml")
    assert run.returncode == 1 and "K201" in run.stdout, run.stdout + run.stderr


def test_check_fails_a_strategy_turned_into_a_budget_table(scratch: Scratch) -> None:
    base = scratch.commit("base")
    scratch.write("strategies/kik1.yaml",
                  scratch.read("strategies/budget-tables/aabenraa-2021.yaml"))
    scratch.commit("now a table")
    run = _check(scratch, f"--base-ref={base}", "strategies/kik1.yaml")
    assert run.returncode == 1 and "K110" in run.stdout, run.stdout + run.stderr


def test_check_picks_the_policy_by_the_files_own_folder(scratch: Scratch) -> None:
    """A strategy in a strict folder that is a link to a file in a lenient folder once got
    the lenient policy when the lenient file was checked first."""
    scratch.write("a-lenient/kikcalc.toml", "[check]\nmin_cumulative = -99\n")
    scratch.write("a-lenient/kik1.yaml", KIK1.replace("budget-tables/",
                                                      "../strategies/budget-tables/") + CUT)
    (scratch.repo / "b-strict").mkdir()
    scratch.write("b-strict/kikcalc.toml", "[check]\nmin_cumulative = 10\n")
    (scratch.repo / "b-strict/kik1.yaml").symlink_to("../a-lenient/kik1.yaml")
    base = scratch.commit("base")
    run = _check(scratch, f"--base-ref={base}", "a-lenient/kik1.yaml", "b-strict/kik1.yaml")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "b-strict/kik1.yaml:" in run.stdout and "K202" in run.stdout


def test_check_does_not_read_a_policy_that_links_out(scratch: Scratch, tmp_path: Path) -> None:
    secret = tmp_path / "runner.toml"
    secret.write_text("[check]\nSECRET_KEY_NAME = 1\n", encoding="utf-8")
    base = scratch.commit("base")
    (scratch.repo / "kikcalc.toml").unlink()
    (scratch.repo / "kikcalc.toml").symlink_to(secret)
    scratch.commit("link")
    run = _check(scratch, f"--base-ref={base}", "strategies/kik1.yaml")
    assert "SECRET_KEY_NAME" not in run.stdout + run.stderr
    assert "K209" in run.stdout


def test_an_event_without_a_base_is_refused(scratch: Scratch) -> None:
    """A manual run or a comment event names no base: the change's own policy would judge
    it, so the gate stops in one line instead."""
    scratch.commit("base")
    scratch.event.write_text(json.dumps({"inputs": {}}), "utf-8")
    result = scratch.run("gate")
    assert result.exit_code == 2
    assert "names no base commit" in result.stderr
