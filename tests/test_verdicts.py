"""The gate's verdicts at, just inside and just outside each boundary (issue 16).

Every case is run in a strategy written in mio. kr., t.kr. and kr.: the policy's amounts are
mio. kr. and must convert exactly. The base is the worked example: net -4.42, -1.05, 3.32,
5.32, 6.32; cumulative 9.49 at 2029; payback 2028.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import kikcalc

UNITS = {"mio. kr.": Decimal(1), "t.kr.": Decimal(1000), "kr.": Decimal(1_000_000)}


def money(value: str, unit: str) -> str:
    return format((Decimal(value) * UNITS[unit]).normalize(), "f")


def strategy(unit: str = "mio. kr.", *, end: int = 2029, other: dict[int, str] | None = None,
             budget: dict[int, str] | None = None, actuals: dict[int, str] | None = None,
             funding: str | None = None) -> str:
    """The worked example in `unit`, optionally cut at `end`, with extra effects or series."""
    def years(values: dict[int, str]) -> str:
        return "{" + ", ".join(f"{y}: {money(v, unit)}" for y, v in values.items()
                               if y <= end) + "}"

    fte = {2025: 6, 2026: 6, 2027: 4, 2028: 2}
    reduction = {2025: 20, 2026: 50, 2027: 80, 2028: 80, 2029: 80}
    text = f"""kikcalc: 1
name: Eksempelby
period: {{start: 2025, end: {end}}}
unit: {unit}
retention: 100
investments:
  - name: Nye indsatser
    category: initiatives
    by_year: {years({2025: "3", 2026: "2", 2027: "1"})}
  - name: Sagsbehandlere
    category: staff
    fte: {{{", ".join(f"{y}: {n}" for y, n in fte.items() if y <= end)}}}
    cost_per_fte: {money("0.5", unit)}
unit_costs: {{unit: kr., kontanthjaelp: 100000, fleksjob: 120000}}
target_groups:
  - name: Jobparate
    benefit: kontanthjaelp
    reduction: {{{", ".join(f"{y}: {n}" for y, n in reduction.items() if y <= end)}}}
    outcomes:
      selvforsorgelse: 80
      maalgruppeskift: {{share: 15, benefit: kontanthjaelp}}
      anden_ydelse: {{share: 5, benefit: fleksjob}}
"""
    if other:
        text += f"other_effects:\n  - name: Ændring\n    by_year: {years(other)}\n"
    if budget:
        text += f"budget: {years(budget)}\n"
    if actuals:
        text += f"actuals: {years(actuals)}\n"
    if funding:
        text += f"funding:\n  - name: Pulje\n    by_year: {{2025: {money(funding, unit)}}}\n"
    return text


BUDGET = {2025: "-4.42", 2026: "-1.05", 2027: "3.32", 2028: "5.32", 2029: "6.32"}

# (case, base, proposal, policy, exit code, broken rules)
CASES = [
    ("slip at the limit", {}, {"other": {2028: "-3.18"}}, "max_payback_slip = 1", 0, []),
    ("slip past the limit", {}, {"other": {2028: "-3.18"}}, "max_payback_slip = 0", 1,
     ["payback_slip"]),
    ("cumulative 0 still pays back", {}, {"other": {2029: "-9.49"}}, "max_payback_slip = 0", 0,
     []),
    ("lost payback breaks any slip limit", {}, {"other": {2029: "-9.50"}},
     "max_payback_slip = 100", 1, ["payback_lost"]),
    ("lost by 20.51", {}, {"other": {2029: "-30"}}, "max_payback_slip = 2", 1,
     ["payback_lost"]),
    ("drop inside", {}, {"other": {2029: "-1.99"}}, "max_cumulative_drop = 2", 0, []),
    ("drop at the limit", {}, {"other": {2029: "-2"}}, "max_cumulative_drop = 2", 0, []),
    ("drop past the limit", {}, {"other": {2029: "-2.01"}}, "max_cumulative_drop = 2", 1,
     ["cumulative_drop"]),
    ("shorter horizon loses the payback", {}, {"end": 2027}, "max_payback_slip = 0\n"
     "max_cumulative_drop = 0", 1, ["payback_lost"]),
    ("longer horizon, later payback", {"end": 2028}, {"other": {2028: "-3.18"}},
     "max_payback_slip = 0", 1, ["payback_slip"]),
    ("on-budget actual is no drop", {"budget": BUDGET}, {"budget": BUDGET,
     "actuals": {2025: "-4.42", 2026: "-1.05"}}, "max_cumulative_drop = 1", 0, []),
    ("actual short of budget at the limit", {"budget": BUDGET},
     {"budget": BUDGET, "actuals": {2025: "-4.42", 2026: "-2.05"}},
     "max_cumulative_drop = 1", 0, []),
    ("actual short of budget past the limit", {"budget": BUDGET},
     {"budget": BUDGET, "actuals": {2025: "-4.42", 2026: "-2.15"}},
     "max_cumulative_drop = 1", 1, ["actual_shortfall"]),
    ("removed budget is shown, not a slip", {"budget": BUDGET}, {},
     "max_payback_slip = 0\nmax_cumulative_drop = 0", 0, []),
]


@pytest.mark.parametrize("unit", list(UNITS))
@pytest.mark.parametrize(("case", "base", "proposal", "policy", "code", "broken"), CASES,
                         ids=[c[0] for c in CASES])
def test_diff_verdict(tmp_path: Path, unit: str, case: str, base: dict[str, object],
                      proposal: dict[str, object], policy: str, code: int,
                      broken: list[str]) -> None:
    (tmp_path / "kikcalc.toml").write_text(f"[diff]\n{policy}\n", encoding="utf-8")
    old, new = tmp_path / "base.yaml", tmp_path / "proposal.yaml"
    old.write_text(strategy(unit, **base), encoding="utf-8")  # type: ignore[arg-type]
    new.write_text(strategy(unit, **proposal), encoding="utf-8")  # type: ignore[arg-type]
    as_json = kikcalc("diff", old, new, "-f", "json")
    as_text = kikcalc("diff", old, new, "--lang", "en")
    assert (as_json.exit_code, as_text.exit_code) == (code, code), as_text.stdout
    assert [b["rule"] for b in as_json.json()["broken"]] == broken
    assert ("breaks the policy" in as_text.stdout) == bool(broken)


def test_lost_payback_is_said_as_such(tmp_path: Path) -> None:
    old, new = tmp_path / "a.yaml", tmp_path / "b.yaml"
    old.write_text(strategy(), encoding="utf-8")
    new.write_text(strategy(other={2029: "-30"}), encoding="utf-8")
    run = kikcalc("diff", old, new, "--max-payback-slip", "2", "--lang", "en")
    assert run.exit_code == 1
    assert "payback (projected) is no longer reached within the period" in run.stdout
    assert "| 2028 " not in run.stdout and "no longer pays back" in run.stdout
    head = {c["key"]: c for c in kikcalc("diff", old, new, "-f", "json").json()["headline"]}
    assert head["payback:projected"]["change"] is None
    assert head["payback:projected"]["transition"] == "lost"


def test_horizon_change_is_said_and_compared_on_common_years(tmp_path: Path) -> None:
    old, new = tmp_path / "a.yaml", tmp_path / "b.yaml"
    old.write_text(strategy(), encoding="utf-8")
    new.write_text(strategy(end=2027), encoding="utf-8")
    run = kikcalc("diff", old, new, "--lang", "en", "--max-payback-slip", "0")
    assert run.exit_code == 1  # the base paid back in 2028; the shorter plan never does
    assert "The period changed from 2025-2029 to 2025-2027; the figures are compared " \
           "through 2027." in " ".join(run.stdout.split())  # the sentence wraps at 100
    assert "-1 year" not in run.stdout and "no longer pays back" in run.stdout
    doc = kikcalc("diff", old, new, "-f", "json").json()
    assert doc["horizon"] == {"base": [2025, 2029], "proposal": [2025, 2027],
                              "compared_to": 2027}
    head = {c["key"]: c for c in doc["headline"]}
    assert head["cumulative:projected"]["change"] == "0"


def test_actual_cumulative_is_labelled_with_its_last_year(tmp_path: Path) -> None:
    old, new = tmp_path / "a.yaml", tmp_path / "b.yaml"
    old.write_text(strategy(budget=BUDGET), encoding="utf-8")
    new.write_text(strategy(budget=BUDGET, actuals={2025: "-4.42", 2026: "-1.05"}),
                   encoding="utf-8")
    run = kikcalc("diff", old, new, "--lang", "en")
    assert "Cumulative 2026 (actual)" in run.stdout
    assert "Cumulative 2029 (actual)" not in run.stdout
    assert "series added" in run.stdout


def test_removed_budget_is_a_removed_series(tmp_path: Path) -> None:
    old, new = tmp_path / "a.yaml", tmp_path / "b.yaml"
    old.write_text(strategy(budget=BUDGET), encoding="utf-8")
    new.write_text(strategy(), encoding="utf-8")
    run = kikcalc("diff", old, new, "--lang", "en", "--max-payback-slip", "0")
    assert run.exit_code == 0
    assert "series removed" in run.stdout and "slips" not in run.stdout
    assert "None" not in run.stdout
    assert run.stdout.splitlines()[-2].startswith("Budgeted: series removed")


def _check(tmp_path: Path, text: str, policy: str) -> tuple[int, str]:
    (tmp_path / "kikcalc.toml").write_text(policy, encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    run = kikcalc("check", path, "-f", "text")
    return run.exit_code, run.stdout


def test_forecast_without_actuals_is_the_budget(tmp_path: Path) -> None:
    late = {**BUDGET, 2029: "-20"}  # the budget does not pay back; the projection does
    code, out = _check(tmp_path, strategy(budget=late), '[check]\nseries = "forecast"\n')
    assert code == 1 and "K201" in out and "forecast" in out
    code, _ = _check(tmp_path, strategy(budget=BUDGET), '[check]\nseries = "forecast"\n')
    assert code == 0
    # an on-budget actual does not flip the verdict
    code, _ = _check(tmp_path, strategy(budget=BUDGET, actuals={2025: "-4.42"}),
                     '[check]\nseries = "forecast"\n')
    assert code == 0


@pytest.mark.usefixtures("in_english")
def test_budget_tolerance_counts_a_missing_budget_year_as_zero(tmp_path: Path) -> None:
    budget = {y: v for y, v in BUDGET.items() if y != 2029}
    code, out = _check(tmp_path, strategy(budget=budget),
                       "[check]\nbudget_tolerance = 0.5\nrequire_sources = false\n")
    assert code == 0  # a warning
    assert "K203" in out and "budget 2029 is 0" in out, out


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("unit", list(UNITS))
def test_messages_show_the_difference_that_decided(tmp_path: Path, unit: str) -> None:
    minimum = "9.4901"  # the cumulative is 9.49: short by 0.0001 mio. kr.
    code, out = _check(tmp_path, strategy(unit),
                       f"[check]\nmin_cumulative = {minimum}\nrequire_sources = false\n")
    assert code == 1
    line = next(x for x in out.splitlines() if "K202" in x)
    assert f"{money('9.49', unit)} {unit}" in line.replace(",", "")
    assert f"{money(minimum, unit)} {unit}" in line.replace(",", "")
    code, out = _check(tmp_path, strategy(unit, funding="14.9999"),
                       "[check]\nrequire_sources = false\n")
    line = next(x for x in out.splitlines() if "K204" in x)
    assert f"short by {money('0.0001', unit)} {unit}" in line.replace(",", "")


@pytest.mark.usefixtures("in_english")
def test_part_year_actual_without_budget_says_no_budget(tmp_path: Path) -> None:
    text = strategy() + "actuals:\n  2025: {amount: -1, as_of: 2025-06-30}\n"
    _, out = _check(tmp_path, text, "[check]\nrequire_sources = false\n")
    line = next(x for x in out.splitlines() if "K205" in x)
    assert "full-year budget" not in line and "2025-06-30" in line


@pytest.mark.parametrize(("setting", "words"), [
    ('[check.severity]\nk201 = "off"\n', "'k201' is not a kikcalc code"),
    ('[check.severity]\nK2O1 = "off"\n', "'K2O1' is not a kikcalc code"),
    ('[check.severity]\nK299 = "off"\n', "'K299' is not a kikcalc code"),
    ('[check.severity]\nK121 = "off"\n', "K121 is a loading problem"),
    ('[check.severity]\nK201 = ["off"]\n', "severity must be error, warning or off"),
    ('[check]\nseverity = "off"\n', "[check.severity] must be a table"),
    ('[check]\nseries = ["budget"]\n', "'series' must be text, not a list"),
    ("[check]\nmin_cumulative = nan\n", "'min_cumulative' must be a finite number"),
    ("[check]\nmin_cumulative = inf\n", "'min_cumulative' must be a finite number"),
    ("[check]\nmin_cumulative = 1e999999\n", "'min_cumulative' must be a finite number"),
    ("[diff]\nmax_cumulative_drop = -1\n", "'max_cumulative_drop' must be a number from 0"),
    ("[diff]\nmax_cumulative_drop = nan\n", "'max_cumulative_drop' must be a number from 0"),
    ("[diff]\nmax_payback_slip = -1\n", "'max_payback_slip' must be a whole number"),
    ("[check]\nbudget_tolerance = -0.5\n", "'budget_tolerance' must be a number from 0"),
    ("check = 1\n", "[check] must be a table"),
])
def test_policy_mistakes_are_usage_errors(tmp_path: Path, setting: str, words: str) -> None:
    (tmp_path / "kikcalc.toml").write_text(setting, encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(strategy(), encoding="utf-8")
    run = kikcalc("check", path)
    assert run.exit_code == 2
    assert words in run.stderr, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("value", ["NaN", "inf", "-1", "1e999999", "lots"])
def test_drop_on_the_command_line_is_checked(tmp_path: Path, value: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(strategy(), encoding="utf-8")
    run = kikcalc("diff", path, path, "--max-cumulative-drop", value)
    assert run.exit_code == 2
    assert run.stderr.startswith("kikcalc: --max-cumulative-drop")


def test_each_municipality_is_judged_by_its_own_policy(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for town, years in (("aabenraa", 3), ("sonderborg", 4)):
        (tmp_path / town).mkdir()
        (tmp_path / town / "kikcalc.toml").write_text(
            f"[check]\nmax_payback_years = {years}\nrequire_sources = false\n", encoding="utf-8")
        (tmp_path / town / "plan.yaml").write_text(strategy(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # from the repository root, which has no policy
    run = kikcalc("check", "aabenraa/plan.yaml", "sonderborg/plan.yaml", "-f", "json")
    assert run.exit_code == 1
    files = {f["file"]: (f["failed"], f["policy"]) for f in run.json()["files"]}
    assert files == {"aabenraa/plan.yaml": (True, "aabenraa/kikcalc.toml"),
                     "sonderborg/plan.yaml": (False, "sonderborg/kikcalc.toml")}
    text = kikcalc("check", "aabenraa/plan.yaml", "sonderborg/plan.yaml").stdout
    assert "aabenraa/kikcalc.toml" in text and "sonderborg/kikcalc.toml" in text


@pytest.mark.parametrize(("actuals", "code"), [
    ("actuals:\n  2026: {amount: -40, as_of: 2026-12-30}\n", 1),  # a part year, far short
    ("actuals:\n  2026: {amount: -0.5, as_of: 2026-06-30}\n", 0),  # half the year, on track
    ("actuals:\n  2029: -20\n", 1),  # a year the budget leaves out counts as 0
    ("actuals:\n  2026: {amount: -40, forecast: true}\n", 0),  # a forecast is no actual yet
])
def test_recorded_actuals_are_held_against_the_budget_of_their_part_of_the_year(
        tmp_path: Path, actuals: str, code: int) -> None:
    budget = {y: v for y, v in BUDGET.items() if y != 2029}
    old, new = tmp_path / "a.yaml", tmp_path / "b.yaml"
    old.write_text(strategy(budget=budget), encoding="utf-8")
    new.write_text(strategy(budget=budget) + actuals, encoding="utf-8")
    run = kikcalc("diff", old, new, "--max-cumulative-drop", "1", "-f", "json")
    assert run.exit_code == code, run.stdout
    assert [b["rule"] for b in run.json()["broken"]] == (["actual_shortfall"] if code else [])


def test_a_base_that_no_longer_loads_does_not_fail_the_proposal(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    from tests.conftest import git

    git(tmp_path, "init", "-q", "-b", "main")
    plan = tmp_path / "plan.yaml"
    plan.write_text(strategy() + "bogus: 1\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    plan.write_text(strategy(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = kikcalc("diff", "--base-ref", "HEAD", "plan.yaml", "--lang", "en")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "the base version at HEAD is not a valid strategy" in run.stdout


def test_a_funding_cut_is_a_change_to_show(tmp_path: Path) -> None:
    old, new = tmp_path / "a.yaml", tmp_path / "b.yaml"
    old.write_text(strategy(funding="15"), encoding="utf-8")
    new.write_text(strategy(funding="12"), encoding="utf-8")
    run = kikcalc("diff", old, new, "--lang", "en", "-f", "json")
    head = {c["key"]: c for c in run.json()["headline"]}
    assert (head["funding"]["base"], head["funding"]["proposal"]) == ("15", "12")
    assert "Nothing material changed" not in kikcalc("diff", old, new, "--lang", "en").stdout
