"""Sensitivity and switching values, checked against hand computation on the worked example."""

from __future__ import annotations

from decimal import Decimal

from kikcalc.load import load_strategy
from kikcalc.sensitivity import Driver, scaled, sensitivity, switching_value
from kikcalc.views import evaluate_loaded
from tests.conftest import ROOT, kikcalc

D = Decimal


def _plan():  # type: ignore[no-untyped-def]
    loaded, _ = load_strategy(str(ROOT / "examples" / "eksempelby.yaml"))
    assert loaded is not None
    return evaluate_loaded(loaded).plan


def test_a_quarter_less_reduction_by_hand() -> None:
    base, rows = sensitivity(_plan())
    assert (base.cumulative_at_end, base.payback_year) == (D("9.49"), 2028)
    row = next(r for r in rows if r.driver == Driver("reduction", "Jobparate"))
    # all savings (24.49) come from this reduction: -25 % takes 6.1225 off 9.49
    assert row.results[D(-25)].cumulative_at_end == D("3.3675")
    assert row.results[D(-25)].payback_year == 2029
    assert rows[0].swing >= rows[-1].swing


def test_switching_value_by_hand() -> None:
    plan = _plan()
    # savings to 2028: 1.58 + 3.95 + 6.32 + 6.32 = 18.17; investment to 2028: 15
    factor = switching_value(plan, Driver("reduction", "Jobparate"), 2028)
    assert factor == D(15) / D("18.17")
    investment = switching_value(plan, Driver("investment", "Nye indsatser"), 2028)
    assert investment is not None
    assert investment == 1 + D("3.17") / 6  # the 6.0 of initiatives may grow by 3.17


def test_scaling_a_share_keeps_the_split_at_100() -> None:
    plan = scaled(_plan(), Driver("share", "Jobparate"), D("1.1"))
    shares = {d.name: d.share for d in plan.groups[0].destinations}
    assert shares["selvforsorgelse"] == 88
    assert sum(shares.values()) == 100


def test_cli_tornado_and_breakeven() -> None:
    text = kikcalc("sensitivity", "examples/eksempelby.yaml").stdout
    assert "Reduktion: Jobparate               3,37   7,04  11,94  15,61    12,25  2029" in text
    doc = kikcalc("breakeven", "examples/eksempelby.yaml", "--by", "2028", "-f", "json").json()
    values = {(v["kind"], v["name"]): (v["factor"], v["bound"]) for v in doc["switching_values"]}
    assert values[("reduction", "Jobparate")] == ("0.825537", "min")
    assert values[("investment", "Sagsbehandlere")][1] == "max"
    assert kikcalc("sensitivity", "examples/eksempelby.yaml", "--steps", "0").exit_code == 2
