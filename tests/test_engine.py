"""The engine on its own: rules, worked examples and invariants (hypothesis)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kikcalc.engine.projection import (
    evaluate,
    find_payback,
    forecast_net,
    group_savings,
    running_sum,
)
from kikcalc.engine.results import Actual, CostLine, Destination, Group, Plan

D = Decimal
money = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
amounts = st.lists(money, min_size=1, max_size=12)


def _by_year(values: list[Decimal], start: int = 2020) -> dict[int, Decimal]:
    return {start + i: v for i, v in enumerate(values)}


ZERO, TEN = D(0), D(10)


def _group(deadweight: Decimal = ZERO, reduction: Decimal = TEN) -> Group:
    return Group("G", "kh", {2025: reduction, 2026: reduction},
                 (Destination("selvforsorgelse", D(80), None),
                  Destination("skift", D(15), "kh"), Destination("fleks", D(5), "fj")),
                 deadweight)


def _plan(**changes: object) -> Plan:
    base: dict[str, object] = {
        "start": 2025, "end": 2026, "groups": (_group(),),
        "unit_costs": {"kh": D("0.1"), "fj": D("0.12")},
    }
    base.update(changes)
    return Plan(**base)  # type: ignore[arg-type]


def test_saving_per_person_matches_the_design() -> None:
    savings = group_savings(_plan(), _group())
    assert savings.per_person[2025] == D("0.079")
    assert savings.total[2025] == D("0.79")
    assert {k: v[2025] for k, v in savings.by_destination.items()} == {
        "selvforsorgelse": D("0.8"), "skift": D(0), "fleks": D("-0.01")}


def test_by_year_unit_costs_are_used_year_by_year() -> None:
    plan = _plan(unit_costs={"kh": {2025: D("0.1"), 2026: D("0.2")}, "fj": D("0.12")})
    per_person = group_savings(plan, _group()).per_person
    assert per_person[2025] == D("0.079")
    assert per_person[2026] == D("0.2") - D("0.15") * D("0.2") - D("0.05") * D("0.12")


def test_deadweight_takes_its_share() -> None:
    savings = group_savings(_plan(), _group(deadweight=D(25)))
    assert savings.total[2025] == D("0.79") * D("0.75")


@given(st.decimals(min_value=0, max_value=10_000, places=2))
def test_full_deadweight_means_no_savings(reduction: Decimal) -> None:
    savings = group_savings(_plan(), _group(deadweight=D(100), reduction=reduction))
    assert all(v == 0 for v in savings.total.values())


@given(amounts)
def test_cumulative_is_the_running_sum(values: list[Decimal]) -> None:
    cumulative = running_sum(_by_year(values))
    assert list(cumulative.values()) == [sum(values[: i + 1], D(0)) for i in range(len(values))]


@given(amounts)
def test_payback_is_the_year_from_which_cumulative_stays_at_or_above_zero(
        values: list[Decimal]) -> None:
    net = _by_year(values)
    payback = find_payback(net, 2020)
    cumulative = running_sum(net)
    assert payback.cumulative_at_end == cumulative[max(cumulative)]
    if payback.year is None:
        assert cumulative[max(cumulative)] < 0
        return
    assert payback.years == payback.year - 2020 + 1
    assert all(cumulative[y] >= 0 for y in cumulative if y >= payback.year)
    assert payback.year == 2020 or cumulative[payback.year - 1] < 0
    if payback.interpolated is not None:
        assert payback.years - 1 <= payback.interpolated <= payback.years


def test_a_plan_that_never_pays_back_reports_the_shortfall() -> None:
    payback = find_payback({2016: D("-18.1"), 2017: D("-8.6"), 2018: D(4), 2019: D(22)}, 2016)
    assert (payback.year, payback.years, payback.cumulative_at_end) == (None, None, D("-0.7"))


def test_exactly_zero_counts_as_paid_back() -> None:
    payback = find_payback({2020: D(-1), 2021: D(1)}, 2020)
    assert (payback.year, payback.years, payback.interpolated) == (2021, 2, D(2))


def test_paid_back_in_the_first_year_has_no_interpolation() -> None:
    payback = find_payback({2020: D(5), 2021: D(-1)}, 2020)
    assert (payback.year, payback.interpolated) == (2020, None)


def test_an_early_gain_that_ends_behind_is_not_a_payback() -> None:
    payback = find_payback({2024: D(0), 2025: D(-5), 2026: D(1), 2027: D(1)}, 2024)
    assert (payback.year, payback.cumulative_at_end) == (None, D(-3))


def test_a_part_year_payback_is_not_interpolated() -> None:
    payback = find_payback({2025: D(-4), 2026: D(5)}, 2025, partial_years=(2026,))
    assert (payback.year, payback.interpolated) == (2026, None)


def test_actuals_with_a_gap_claim_no_payback() -> None:
    plan = Plan(2025, 2028, budget={2025: D(-4), 2026: D(-1), 2027: D(3), 2028: D(5)},
                actuals={2026: Actual(D("0.5"))})
    actual = evaluate(plan).series["actual"]
    assert (actual.payback.year, actual.missing_years) == (None, (2025,))
    forecast = evaluate(plan).series["forecast"]
    assert list(forecast.net) == [2025, 2026, 2027, 2028]


def test_a_series_of_zeros_claims_no_payback() -> None:
    """Issue 23: a budget of {2017: 0} paid back in its first year, and an all-zero
    forecast "paid back in 2016"; zero throughout is nothing to pay back."""
    budget_only = evaluate(Plan(2016, 2019, budget={2017: D(0)})).series["budget"]
    assert (budget_only.payback.year, budget_only.payback.years, budget_only.empty) \
        == (None, None, True)
    zeros = evaluate(Plan(2016, 2017, budget={2016: D(0), 2017: D(0)},
                          actuals={2016: Actual(D(0))})).series
    assert [(n, s.payback.year, s.empty) for n, s in zeros.items()] \
        == [("budget", None, True), ("actual", None, True), ("forecast", None, True)]
    one_gain = evaluate(Plan(2016, 2017, budget={2016: D(0), 2017: D(1)})).series["budget"]
    assert (one_gain.payback.year, one_gain.empty) == (2016, False)


def test_forecast_takes_full_year_actuals_then_budget_then_projection() -> None:
    plan = Plan(2016, 2020, budget={2016: D(-1), 2017: D(-2), 2018: D(3), 2019: D(4)},
                actuals={2016: Actual(D(6)),
                         2017: Actual(D(7), datetime.date(2017, 12, 31)),
                         2018: Actual(D(8), datetime.date(2018, 6, 30), partial=True)})
    projected = {year: D(100) for year in plan.years}
    assert forecast_net(plan, projected) == {2016: D(6), 2017: D(7), 2018: D(3), 2019: D(4),
                                             2020: D(100)}


def test_series_exist_only_where_the_file_gives_them() -> None:
    assert list(evaluate(Plan(2020, 2021)).series) == []
    assert list(evaluate(Plan(2020, 2021, budget={2020: D(1)})).series) == ["budget"]
    costs = (CostLine("x", "staff", {2020: D(1)}),)
    results = evaluate(Plan(2020, 2021, costs=costs, actuals={2020: Actual(D(1))}))
    assert list(results.series) == ["projected", "actual", "forecast"]


def test_variance_flags_a_partial_year_and_leaves_missing_values_empty() -> None:
    plan = Plan(2016, 2019, budget={2016: D("-18.1"), 2018: D(4), 2019: D(22)},
                actuals={2016: Actual(D("6.1")),
                         2018: Actual(D("11.4"), datetime.date(2018, 6, 30), partial=True)})
    rows = evaluate(plan).variance
    assert [(r.year, r.difference, r.partial) for r in rows] == [
        (2016, D("24.2"), False), (2018, D("7.4"), True), (2019, None, False)]


@given(st.lists(st.tuples(money.map(abs), money.map(abs)), min_size=1, max_size=6))
def test_net_is_savings_plus_other_minus_investment(pairs: list[tuple[Decimal, Decimal]]) -> None:
    years = range(2020, 2020 + len(pairs))
    costs = dict(zip(years, (p[0] for p in pairs), strict=True))
    other = dict(zip(years, (p[1] for p in pairs), strict=True))
    plan = Plan(2020, years[-1], costs=(CostLine("c", "staff", costs),),
                other_effects=(CostLine("o", "other", other),))
    projection = evaluate(plan).projection
    assert projection is not None
    for year, (cost, other) in zip(years, pairs, strict=True):
        assert projection.net[year] == other - cost
