"""Indexation by kind and the price level of the variance (issue 23, item 4); the worked
examples of docs/indexation.md."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from kikcalc.engine.plan import to_plan
from kikcalc.loading.strategy import load_strategy
from tests.conftest import ROOT, kikcalc

BASE = """\
kikcalc: 1
name: Indeks
period: {start: 2025, end: 2027}
unit: kr.
retention: 100
price_year: 2025
INDEXATION
investments:
  - {name: Sagsbehandler, category: staff, fte: {2025: 1, 2026: 1, 2027: 1},
     cost_per_fte: 600000}
unit_costs: {kh: 100000}
target_groups:
  - name: G
    benefit: kh
    reduction: {2025: 1, 2026: 1, 2027: 1}
    outcomes: {selvforsorgelse: 100}
"""


def _plan(tmp_path: Path, indexation: str) -> object:
    path = tmp_path / "s.yaml"
    path.write_text(BASE.replace("INDEXATION", indexation), encoding="utf-8")
    loaded, issues = load_strategy(str(path))
    assert loaded is not None, issues
    return to_plan(loaded.strategy)


def test_benefits_and_wages_follow_their_own_index(tmp_path: Path) -> None:
    """2027: 100,000 x 1.021^2 = 104,244.1; 600,000 x 1.03^2 = 636,540."""
    plan = _plan(tmp_path, "indexation: {benefits: {rate: 2.1}, wages: {rate: 3.0}}")
    assert plan.unit_costs["kh"][2027] == D("104244.100")  # type: ignore[attr-defined]
    assert plan.costs[0].amounts[2027] == D("636540.0000")  # type: ignore[attr-defined]


def test_the_single_form_moves_every_kind(tmp_path: Path) -> None:
    """`rate: 2`: both x 1.0404 in 2027: 104,040 and 624,240, as before."""
    plan = _plan(tmp_path, "indexation: {rate: 2}")
    assert plan.unit_costs["kh"][2027] == 104040  # type: ignore[attr-defined]
    assert plan.costs[0].amounts[2027] == 624240  # type: ignore[attr-defined]
    mixed = _plan(tmp_path, "indexation: {rate: 2, wages: {rate: 3.0}}")
    assert mixed.unit_costs["kh"][2027] == 104040  # type: ignore[attr-defined]
    assert mixed.costs[0].amounts[2027] == D("636540.0000")  # type: ignore[attr-defined]
    benefits_only = _plan(tmp_path, "indexation: {benefits: {rate: 2.1}}")
    assert benefits_only.costs[0].amounts[2027] == 600000  # type: ignore[attr-defined]


def test_k133_each_kind_has_one_rate_or_index(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(BASE.replace(
        "INDEXATION", "indexation: {wages: {rate: 3, index: {2025: 100}}, "
        "benefits: {index: {2025: 100, 2026: 102}}}"), encoding="utf-8")
    run = kikcalc("check", path, "--lang", "en")
    assert run.exit_code == 1
    assert "K133 indexation.wages: give either rate or index" in run.stdout, run.stdout
    assert "K133 indexation index has no value for 2027" in run.stdout, run.stdout


def test_a_grant_follows_the_pl_index(tmp_path: Path) -> None:
    """prices 2 % a year: the grant of 76,500 (2025 prices) is 76,500 x 1.02 = 78,030 in
    2026: one person into work that year brings 78,030."""
    path = tmp_path / "s.yaml"
    path.write_text(BASE.replace("INDEXATION", "indexation: {prices: {rate: 2}}").replace(
        "    outcomes: {selvforsorgelse: 100}\n", "    outcomes: {selvforsorgelse: 100}\n"
        "    grants: [{name: R, amount: 76500, per: person_into_work}]\n").replace(
        "reduction: {2025: 1, 2026: 1, 2027: 1}", "reduction: {2025: 0, 2026: 1, 2027: 1}"),
        encoding="utf-8")
    doc = kikcalc("net", path, "-f", "json").json()
    assert doc["groups"][0]["grants"][0]["by_year"][1] == {"year": 2026, "amount": "78030"}


def test_the_variance_states_its_price_levels_and_flags_the_reform() -> None:
    """youth-2025: approved 10 October 2024, before the reform of 1 July 2025: 2025-2027."""
    text = kikcalc("variance", "examples/youth-2025.yaml", "--lang", "en").stdout
    flat = " ".join(text.split())
    assert "Price level: budget figures in each budget year's own prices" in flat, text
    assert "actual figures in current prices (the accounts)" in flat
    assert "2025, 2026, 2027: the budget was approved on 2024-10-10, before " \
        "kontanthjælpsreformen from 2025-07-01" in flat, text
    doc = kikcalc("variance", "examples/youth-2025.yaml", "-f", "json").json()
    level = doc["price_level"]
    assert (level["budget"], level["actual"], level["budget_approved"]) == (
        "budget_year", "current", "2024-10-10")
    assert [(f["year"], f["date"]) for f in level["approved_before_change"]] == [
        (2025, "2025-07-01"), (2026, "2025-07-01"), (2027, "2025-07-01")]


def test_a_budget_approved_after_the_change_is_not_flagged(tmp_path: Path) -> None:
    """Approved 1 October 2025, after the reform: nothing flagged; fixed prices said."""
    text = (ROOT / "examples/youth-2025.yaml").read_text(encoding="utf-8").replace(
        "budget_approved: 2024-10-10", "budget_approved: 2025-10-01\nbudget_prices: 2025")
    path = tmp_path / "y.yaml"
    path.write_text(text, encoding="utf-8")
    doc = kikcalc("variance", path, "-f", "json").json()
    assert doc["price_level"]["approved_before_change"] == []
    assert doc["price_level"]["budget"] == 2025
    out = " ".join(kikcalc("variance", path, "--lang", "en").stdout.split())
    assert "budget figures in 2025 prices" in out, out
