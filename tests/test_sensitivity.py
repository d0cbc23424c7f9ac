"""Sensitivity and switching values, checked against hand computation on the worked example."""

from __future__ import annotations

from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kikcalc.analysis.contributions import Contributions
from kikcalc.analysis.sensitivity import (
    Driver,
    cumulative_at,
    drivers,
    outcome,
    scaled,
    sensitivity,
    switching_value,
)
from kikcalc.engine.projection import project
from kikcalc.engine.results import HUNDRED, CostLine, Destination, Group, Plan
from kikcalc.evaluation.evaluated import evaluate_loaded
from kikcalc.loading.strategy import load_strategy
from tests.conftest import EXAMPLES, ROOT, STRATEGIES, kikcalc

D = Decimal


def _plan() -> Plan:
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


# Each driver from its own contribution must be the whole re-projection, to the last digit
# and exponent: the tornado and the switching values are published figures.
FACTORS = [D(0), D(1), D(2), D("0.75"), D("0.9"), D("1.1"), D("1.25"), D(10), D(1) / D(3),
           D("5.000001"), D("0.123456789012345678901234567")]


def _same_as_projection(plan: Plan) -> None:
    moved = Contributions(plan)
    assert moved.base.net == project(plan).net
    for driver in drivers(plan):
        for factor in FACTORS:
            expected = project(scaled(plan, driver, factor)).net
            got = moved.net(driver, factor)
            assert [str(v) for v in got.values()] == [str(v) for v in expected.values()], \
                (driver, factor)


@pytest.mark.parametrize("path", [*STRATEGIES, *EXAMPLES,
                                  *sorted((ROOT / "examples" / "proposals").glob("*.yaml"))],
                         ids=lambda p: p.name)
def test_contributions_are_the_whole_projection_on_the_shipped_files(path: Path) -> None:
    loaded, _ = load_strategy(str(path))
    if loaded is None:
        pytest.skip("not a valid strategy")
    plan = evaluate_loaded(loaded).plan
    _same_as_projection(plan)
    with localcontext() as ctx:  # where sums round, the figures are made in the engine's order
        ctx.prec = 9
        _same_as_projection(plan)


def test_tornado_and_breakeven_are_the_whole_projection() -> None:
    plan = _plan()
    base, rows = sensitivity(plan)
    assert base == outcome(plan)
    for row in rows:
        for change, result in row.results.items():
            assert result == outcome(scaled(plan, row.driver, 1 + change / 100))
    for driver in drivers(plan):
        for year in plan.years:
            assert switching_value(plan, driver, year) == _switching_by_projection(
                plan, driver, year)


def _switching_by_projection(plan: Plan, driver: Driver, year: int) -> D | None:
    """The switching value as it was computed before, one whole projection per factor."""
    at = {f: cumulative_at(scaled(plan, driver, D(f)), year) for f in (0, 1, 2)}
    slope = at[1] - at[0]
    if at[2] - at[1] == slope:
        return None if slope == 0 else -at[0] / slope
    low, high = D(0), D(10)
    f_low = cumulative_at(scaled(plan, driver, low), year)
    if (f_low < 0) == (cumulative_at(scaled(plan, driver, high), year) < 0):
        return None
    for _ in range(80):
        middle = (low + high) / 2
        if (cumulative_at(scaled(plan, driver, middle), year) < 0) == (f_low < 0):
            low = middle
        else:
            high = middle
    return (low + high) / 2


amount = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False)
percent = st.decimals(min_value=0, max_value=100, places=2)
by_year = st.dictionaries(st.integers(2024, 2029), amount, max_size=6)
BENEFIT_NAMES = ("kh", "fj", "ydelse")


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """Plans with several groups (names may repeat), costs in categories, flat and yearly
    unit costs, deadweight, retention and long figures that make sums round."""
    long = st.decimals(min_value=-10**12, max_value=10**12, places=12, allow_nan=False)
    unit_costs = {b: draw(st.one_of(amount, st.dictionaries(
        st.sampled_from(range(2024, 2030)), amount, min_size=6, max_size=6).filter(
        lambda d: len(d) == 6))) for b in BENEFIT_NAMES}
    groups = []
    for i in range(draw(st.integers(0, 4))):
        own = draw(percent)
        shifted = draw(st.sampled_from(BENEFIT_NAMES))
        destinations = (Destination("selvforsorgelse", own, None),
                        Destination("skift", HUNDRED - own, shifted))
        groups.append(Group(draw(st.sampled_from(["a", "b", f"g{i}"])),
                            draw(st.sampled_from(BENEFIT_NAMES)),
                            draw(st.dictionaries(st.integers(2024, 2029),
                                                 st.one_of(amount, long.map(abs)))),
                            destinations[: draw(st.integers(1, 2))] if own == 100
                            else destinations, draw(percent)))
    costs = tuple(CostLine(draw(st.sampled_from(["x", "y", f"c{i}"])),
                           draw(st.sampled_from(["staff", "other"])),
                           draw(st.dictionaries(st.integers(2024, 2029),
                                                st.one_of(amount, long.map(abs)))))
                  for i in range(draw(st.integers(0, 4))))
    other = tuple(CostLine("o", "other", draw(st.dictionaries(st.integers(2024, 2029), long)))
                  for _ in range(draw(st.integers(0, 1))))
    return Plan(2024, 2029, costs, tuple(groups), unit_costs, other,
                retention=draw(percent) / 100)


@settings(max_examples=60, deadline=None)
@given(plans(), st.sampled_from([60, 28, 12]))
def test_contributions_are_the_whole_projection_on_generated_plans(plan: Plan,
                                                                   precision: int) -> None:
    with localcontext() as ctx:
        ctx.prec = precision
        _same_as_projection(plan)


def test_report_computes_uncertainty_only_where_it_is_shown(monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    import kikcalc.present.sensitivity_view as module

    def refuse(*_: object) -> None:
        raise AssertionError("uncertainty computed for a format that does not show it")

    monkeypatch.setattr(module, "sensitivity_table", refuse)
    for fmt in ("json", "svg"):
        assert kikcalc("report", "examples/eksempelby.yaml", "-f", fmt,
                       "-o", tmp_path / f"memo.{fmt}").exit_code == 0
    with pytest.raises(AssertionError, match="uncertainty computed"):
        kikcalc("report", "examples/eksempelby.yaml", "-f", "markdown")
