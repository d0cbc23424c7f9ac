"""README is the first thing a user reads: keep it true."""

from __future__ import annotations

import re

from kikcalc.model.comparison import Comparison
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
from kikcalc.model.schema import (
    ActualFigure,
    DatedCost,
    Funding,
    GrossCost,
    Indexation,
    Investment,
    RetentionParts,
    SavingsLine,
    Strategy,
    Uncertainty,
    UnitCosts,
)
from tests.conftest import ROOT, kikcalc

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_two_setup_commands_one_running_the_main_job_one_the_tests() -> None:
    commands = re.findall(r"^python3 -m venv .*$", README, flags=re.MULTILINE)
    assert len(commands) == 2
    assert commands[0].endswith("kikcalc payback strategies/kik1.yaml")
    assert commands[1].endswith("pip install -e '.[test]' && pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'grep -m1 -E "^python3 -m venv .venv .*pytest$" README.md' in ci
    assert "exit 1" in ci.split('"$status" -eq 5')[1]
    # from a deep path, so that nothing in the suite leans on a short checkout (issue 25)
    assert '-lt 150 ]' in ci and 'cd "$deep"' in ci


def test_every_field_of_the_strategy_file_is_documented() -> None:
    for model in (Strategy, Investment, UnitCosts, TargetGroup, Outcome, Funding,
                  CaseloadTarget, CaseloadCount, PhaseIn, Persistence, Indexation, GrossCost,
                  Uncertainty, SavingsLine, Flow, ActualFigure, RetentionParts, DatedCost,
                  Comparison):
        for field in model.model_fields:
            assert f"`{field}`" in README, f"{model.__name__}.{field} is not in README"


def test_every_command_is_documented() -> None:
    for command in ("payback", "net", "variance", "check", "diff", "report", "unitcosts",
                    "targets", "sensitivity", "breakeven", "simulate", "scenarios",
                    "schema", "benchmark", "statbank fetch"):
        assert f"`kikcalc {command}" in README
        assert kikcalc(*command.split(), "--help").exit_code == 0, command


def test_the_quick_start_output_is_what_kikcalc_prints() -> None:
    shown = README.split("What the first command prints:\n\n```\n")[1].split("...\n")[0]
    assert kikcalc("payback", "strategies/kik1.yaml").stdout.startswith(shown)


def test_every_problem_code_is_documented() -> None:
    source = "".join(path.read_text(encoding="utf-8")
                     for path in (ROOT / "kikcalc").rglob("*.py") if path.name != "findings.py")
    used = set(re.findall(r'"(K[12]\d\d)"', source))
    assert used == set(CODES)
    for code in CODES:
        assert f"| {code} |" in README
