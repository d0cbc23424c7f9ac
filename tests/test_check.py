"""kikcalc check: every rule with a passing and a failing proposal, every output format."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from kikcalc.gate.policy import PolicyError, parse_policy
from kikcalc.model.findings import CODES
from tests.conftest import ROOT, kikcalc, write_strategy

PROPOSALS = ROOT / "examples" / "proposals"
POLICY = ("--policy", "examples/proposals/kikcalc.toml")
GOLDEN = ROOT / "tests" / "golden" / "proposals"
UPDATE = os.environ.get("KIKCALC_UPDATE_GOLDEN") == "1"
ALL = sorted(p.name for p in PROPOSALS.glob("*.yaml"))

# proposal -> (exit code, the codes it must raise)
EXPECTED = {
    "adopted.yaml": (0, set()),
    "pass-more-caseworkers.yaml": (0, set()),
    "fail-k121-split.yaml": (1, {"K121"}),
    "fail-k201-late-payback.yaml": (1, {"K201"}),
    "fail-k202-low-cumulative.yaml": (1, {"K202"}),
    "warn-k203-budget-off.yaml": (0, {"K203"}),
    "fail-k204-underfunded.yaml": (1, {"K204"}),
    "warn-k205-partial-actual.yaml": (0, {"K205"}),
    "warn-k206-no-source.yaml": (0, {"K206"}),
    "fail-k207-target-missed.yaml": (1, {"K207", "K214"}),  # its last count crosses 2027
    "warn-k208-default-retention.yaml": (0, {"K208"}),
    "fail-k210-deadweight.yaml": (1, {"K210"}),
    "fail-k224-indexation.yaml": (1, {"K224"}),
    "warn-k212-stock-flow.yaml": (0, {"K212"}),
    "warn-k213-ressourceforloeb.yaml": (0, {"K213"}),
    "warn-k214-visitation.yaml": (0, {"K214"}),
}


def test_every_proposal_is_expected() -> None:
    assert sorted(EXPECTED) == ALL


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("name", ALL)
def test_proposal_gives_its_exact_output_and_exit_code(name: str, lang: str) -> None:
    """Danish by default (tests/golden/proposals), English with --lang en (.../en)."""
    run = kikcalc("check", *POLICY, f"examples/proposals/{name}",
                  *(("--lang", "en") if lang == "en" else ()))
    code, codes = EXPECTED[name]
    assert run.exit_code == code, run.stdout
    *findings, policy, _ = run.stdout.splitlines()
    word = "politik" if lang == "da" else "policy"
    assert policy == f"{word} examples/proposals/kikcalc.toml: examples/proposals/{name}"
    assert {line.split()[1] for line in findings} == codes
    golden = (GOLDEN if lang == "da" else GOLDEN / "en") / name.replace(".yaml", ".txt")
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(run.stdout, encoding="utf-8")
    assert run.stdout == golden.read_text(encoding="utf-8")


def test_every_policy_rule_has_a_failing_and_the_adopted_a_passing_example() -> None:
    raised = set().union(*(codes for _, codes in EXPECTED.values()))
    # K209 and the gate's K220-K223 and K225-K228 need a base revision, K211 a policy on
    # the budget series: tests/test_gate.py, test_gate_attacks.py, test_gate_hostile3.py
    gate_only = {"K209", "K211", "K220", "K221", "K222", "K223", "K225", "K226", "K227",
                 "K228"}
    assert {code for code in CODES if code.startswith("K2")} - gate_only <= raised
    assert EXPECTED["adopted.yaml"] == (0, set())


@pytest.mark.parametrize(("flag", "code"), [("--strict", 1), ("--exit-zero", 0)])
def test_strict_and_exit_zero(flag: str, code: int) -> None:
    assert kikcalc("check", *POLICY, flag, "examples/proposals/warn-k203-budget-off.yaml"
                   ).exit_code == code
    assert kikcalc("check", *POLICY, "--exit-zero", "examples/proposals/fail-k204-underfunded.yaml"
                   ).exit_code == 0


def test_severity_can_be_changed_or_switched_off(tmp_path: Path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text('[check.severity]\nK205 = "error"\nK206 = "off"\n', encoding="utf-8")
    run = kikcalc("check", "--policy", policy, "examples/eksempelby.yaml")
    assert run.exit_code == 1
    assert "K205 det faktiske tal for 2026" in run.stdout
    assert "K206" not in run.stdout


def test_the_shipped_strategies_pass_the_default_policy() -> None:
    run = kikcalc("check", "strategies/kik1.yaml", "strategies/kik2.yaml", "strategies/kijos.yaml")
    assert run.exit_code == 0, run.stdout
    assert run.stdout.splitlines()[-1] == "3 filer kontrolleret, 0 afvist: 0 fejl, 1 advarsel"
    run = kikcalc("check", "--lang", "en", "strategies/kik1.yaml", "strategies/kik2.yaml")
    assert run.stdout.splitlines()[-1] == "2 files checked, 0 failed: 0 errors, 1 warning"


def test_json_format() -> None:
    run = kikcalc("check", *POLICY, "-f", "json", "--lang", "en",
                  "examples/proposals/fail-k204-underfunded.yaml",
                  "examples/proposals/adopted.yaml")
    doc = run.json()
    assert [f["failed"] for f in doc["files"]] == [True, False]
    assert doc["findings"] == [{
        "file": "examples/proposals/fail-k204-underfunded.yaml", "line": 27, "column": 1,
        "code": "K204", "severity": "error",
        "message": "funding of 12 mio. kr. does not cover the investment of 15 mio. kr. "
                   "(short by 3 mio. kr.)"}]
    assert doc["summary"] == "2 files checked, 1 failed: 1 error, 0 warnings"


def test_github_annotations_are_escaped_and_summarised(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    bad = write_strategy(tmp_path, "kikcalc: 1\nname: a, b: 50%\n", name="odd,name.yaml")
    run = kikcalc("check", bad, "examples/proposals/fail-k204-underfunded.yaml")
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"::error file={str(bad).replace(',', '%2C')},line=2,col=")
    assert lines[-3].startswith("::notice title=kikcalc policy::politik ")  # one a policy
    assert lines[-4] == ("::error file=examples/proposals/fail-k204-underfunded.yaml,line=27,"
                         "col=1,title=kikcalc K204::finansieringen på 12 mio. kr. dækker ikke "
                         "investeringen på 15 mio. kr. (mangler 3 mio. kr.)")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### ❌ kikcalc check: 2 filer kontrolleret, 2 afvist")
    assert "| examples/proposals/fail-k204-underfunded.yaml | 27 | K204 | fejl |" in text


def test_junit_is_valid_xml_with_one_case_per_file() -> None:
    run = kikcalc("check", *POLICY, "-f", "junit", "examples/proposals/adopted.yaml",
                  "examples/proposals/fail-k201-late-payback.yaml")
    root = ElementTree.fromstring(run.stdout.split("\n", 1)[1])
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == ["examples/proposals/adopted.yaml",
                                              "examples/proposals/fail-k201-late-payback.yaml"]
    assert cases[0].find("failure") is None
    assert cases[1].find("failure").get("type") == "K201"  # type: ignore[union-attr]
    assert root.get("failures") == "1"


def test_sarif_results_point_at_the_file() -> None:
    run = kikcalc("check", *POLICY, "-f", "sarif", "examples/proposals/fail-k121-split.yaml")
    doc = json.loads(run.stdout)
    assert doc["version"] == "2.1.0"
    result = doc["runs"][0]["results"][0]
    assert result["ruleId"] == "K121"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 43,
                                                                      "startColumn": 5}
    assert {r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]} == set(CODES)


@pytest.mark.parametrize(("text", "words"), [
    ("[check]\nmax_payback_years = 'four'\n",
     "'max_payback_years' must be a whole number, not text"),
    ("[check]\nmax_payback_years = 4.5\n",
     "'max_payback_years' must be a whole number, not a decimal number (4.5)"),
    ("[check]\nmax_payback_years = true\n", "must be a whole number, not true/false"),
    ("[check]\nseries = 'hoped'\n", "series must be one of"),
    ("[check]\nmax_payback = 4\n", "unknown setting [check] max_payback"),
    ("[check.severity]\nK201 = 'fatal'\n", "must be error, warning or off"),
    ("[check\n", "Expected"),
])
def test_bad_policy_is_a_usage_error(text: str, words: str, tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=None) as caught:
        parse_policy(text, "kikcalc.toml")
    assert words in str(caught.value)
    policy = tmp_path / "kikcalc.toml"
    policy.write_text(text, encoding="utf-8")
    run = kikcalc("check", "--policy", policy, "examples/eksempelby.yaml")
    assert run.exit_code == 2
    assert words in run.stderr


def test_policy_is_found_in_the_folder_above(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "kikcalc.toml").write_text("[check]\nmax_payback_years = 1\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    shutil.copy(ROOT / "examples/eksempelby.yaml", tmp_path / "sub" / "plan.yaml")
    monkeypatch.chdir(ROOT)  # found from the file, not from the current folder
    run = kikcalc("check", tmp_path / "sub" / "plan.yaml")
    assert run.exit_code == 1
    assert "senere end politikkens 1 år" in run.stdout


def test_many_files_in_one_process() -> None:
    files = [f"examples/proposals/{name}" for name in ALL] * 30
    run = kikcalc("check", *POLICY, "--exit-zero", *files)
    assert run.stdout.splitlines()[-1].startswith(f"{len(files)} filer kontrolleret, 210 afvist")
    assert len(files) == 480  # 16 proposals (fail-k224-indexation, warn-k214-visitation) x 30
