"""The money math of an investment strategy: pure functions on plain, frozen data.

Nothing here reads files, validates input or prints; it imports no yaml, pydantic, rich or
typer. All amounts are `Decimal` in the strategy's own money unit; sign: + = gain for the
municipality. The worked example of DESIGN.md runs through the docstrings.

Rules (DESIGN.md "Meaning"):
- saving per full-year person of group g in year t:
  ``c(g.benefit, t) - sum over destinations d of share(d) * c(d.benefit, t)``;
- gross saving ``S(g, t) = reduction(g, t) * (1 - deadweight(g)) * saving per person``;
- cost ``C(t)`` = sum of the investment lines in t;
- net ``N(t) = sum_g S(g, t) + other effects(t) - C(t)``; cumulative ``K(t)`` its running sum;
- payback: the first year with ``K(t) >= 0``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from kikcalc.engine.grants import group_grants
from kikcalc.engine.perspectives import perspective_lines
from kikcalc.engine.results import (
    HUNDRED,
    YEAR_FRACTION,
    ZERO,
    Group,
    GroupSavings,
    Payback,
    Plan,
    Projection,
    Results,
    Series,
    VarianceRow,
    is_partial,
)
from kikcalc.engine.retention import retention_parts
from kikcalc.engine.within_year import price_in_year
from kikcalc.record import replace


# ------------------------------------------------------------------------------- math
def staff_amounts(fte: Mapping[int, Decimal],
                  cost_per_fte: Decimal | Mapping[int, Decimal]) -> dict[int, Decimal]:
    """Cost of a staff line: FTE in each year times the cost per FTE (flat or that year's).

    >>> staff_amounts({2025: Decimal(6), 2026: Decimal(4)}, Decimal("0.5"))
    {2025: Decimal('3.0'), 2026: Decimal('2.0')}
    """
    if isinstance(cost_per_fte, Mapping):
        return {year: n * cost_per_fte[year] for year, n in fte.items() if year in cost_per_fte}
    return {year: n * cost_per_fte for year, n in fte.items()}


def unit_cost(plan: Plan, benefit: str | None, year: int) -> Decimal:
    """Net cost per full-year person of `benefit` in `year`; leaving support for work costs
    nothing and brings the tax the person now pays (`work_gain`, 0 unless declared)."""
    if benefit is None:
        return -plan.work_gain
    cost = plan.unit_costs[benefit]
    return cost[year] if isinstance(cost, Mapping) else cost


def running_sum(values: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """Cumulative amounts in year order.

    >>> running_sum({2016: Decimal("-18.1"), 2017: Decimal("-8.6")})
    {2016: Decimal('-18.1'), 2017: Decimal('-26.7')}
    """
    total, out = ZERO, {}
    for year in sorted(values):
        total += values[year]
        out[year] = total
    return out


def find_payback(net: Mapping[int, Decimal], start: int,
                 partial_years: tuple[int, ...] = ()) -> Payback:
    """The year from which the cumulative net stays >= 0 to the end, counted in years from
    `start`; None when the cumulative net is negative at the end.

    "Stays" matters: a strategy that is ahead in its first year, before its costs fall
    due, has not paid back if it ends behind. The interpolated figure assumes the payback
    year's net arrives evenly over the year: ``(t - start) + (-K(t-1)) / N(t)``; it is not
    given for the first year (nothing to cross) or for a year known only in part. Worked
    example (eksempelby): K(2027) = -2.15, N(2028) = 5.32, so 3 + 2.15 / 5.32 = 3.40 years.

    >>> p = find_payback({2016: Decimal("-18.1"), 2017: Decimal("-8.6"),
    ...                   2018: Decimal(4), 2019: Decimal(22)}, 2016)
    >>> p.year, p.cumulative_at_end
    (None, Decimal('-0.7'))
    >>> find_payback({2024: Decimal(0), 2025: Decimal(-5), 2026: Decimal(6)}, 2024).year
    2026
    """
    cumulative = running_sum(net)
    if not cumulative:
        return Payback(None, None, None, ZERO, None)
    years = sorted(cumulative)
    last = years[-1]
    if cumulative[last] < 0:
        return Payback(None, None, None, cumulative[last], last)
    negative = [y for y in years if cumulative[y] < 0]
    year = next(y for y in years if y > negative[-1]) if negative else years[0]
    interpolated = None
    if negative and year not in partial_years:
        fraction = -cumulative[negative[-1]] / net[year]
        interpolated = (year - start) + fraction.quantize(YEAR_FRACTION, ROUND_HALF_UP)
    return Payback(year, year - start + 1, interpolated, cumulative[last], last)


def make_series(name: str, net: Mapping[int, Decimal], start: int,
                partial_years: tuple[int, ...] = ()) -> Series:
    return Series(name, dict(net), running_sum(net),
                  find_payback(net, start, partial_years), partial_years)


def nothing_to_pay_back(series: Series) -> Series:
    """A series of yearly figures that are 0 throughout claims no payback: there is nothing
    to pay back, not a payback in its first year (a budget of {2017: 0}, a forecast of
    zeros). A series with any figure other than 0 is returned as it is.

    >>> s = nothing_to_pay_back(make_series("budget", {2017: Decimal(0)}, 2016))
    >>> s.payback.year, s.empty
    (None, True)
    """
    if any(series.net.values()):
        return series
    last = max(series.net) if series.net else None
    return replace(series, payback=Payback(None, None, None, ZERO, last), empty=True)


def actual_series(plan: Plan) -> Series:
    """Actuals as given; with a year missing between the start and the last actual there is
    no payback to report (a gap is not a zero), and the missing years are said."""
    actual = {year: a.amount for year, a in plan.actuals.items()}
    partial = tuple(sorted(y for y, a in plan.actuals.items() if a.partial))
    forecast = tuple(sorted(y for y, a in plan.actuals.items() if a.forecast))
    series = make_series("actual", actual, plan.start, partial)
    missing = tuple(y for y in range(plan.start, max(actual) + 1) if y not in actual)
    payback = series.payback if not missing else \
        Payback(None, None, None, series.payback.cumulative_at_end, max(actual))
    return Series("actual", series.net, series.cumulative, payback, partial, missing,
                  forecast_years=forecast)


def _sum_by_year(lines: list[Mapping[int, Decimal]], years: range) -> dict[int, Decimal]:
    return {year: sum((line.get(year, ZERO) for line in lines), ZERO) for year in years}


def group_savings(plan: Plan, group: Group) -> GroupSavings:
    """Savings of one target group, split by destination.

    Because the shares sum to 100 %, the saving per person equals the sum over destinations
    of ``share(d) * (c(g) - c(d))``, so each destination's part is additive. What the
    municipality keeps is then scaled by (1 - deadweight) and by the retention after
    udligning and the block grant (1 unless the file says otherwise). Worked example:
    kontanthjælp 100,000 kr.; 80 % self-sufficient (0), 15 % shift (100,000), 5 % fleksjob
    (120,000): 100,000 - 15,000 - 6,000 = 79,000 kr. per full-year person.
    """
    if not group.destinations:  # a group only observed: nothing leaves, nothing is priced
        return GroupSavings(group.name, {}, {}, dict.fromkeys(plan.years, ZERO))
    kept = (HUNDRED - group.deadweight) / HUNDRED * plan.retention
    per_person: dict[int, Decimal] = {}
    by_destination: dict[str, dict[int, Decimal]] = {d.name: {} for d in group.destinations}
    # each outcome's share and cost looked up once, not once a year (the same figures)
    left_in = _costs(plan, group.benefit, group)
    outcomes = [(d.share / HUNDRED, _costs(plan, d.benefit, group), by_destination[d.name])
                for d in group.destinations]
    total: dict[int, Decimal] = {}
    for year in plan.years:
        persons = group.reduction.get(year, ZERO)
        total[year] = ZERO
        if not persons:
            continue
        left, saved = left_in(year), ZERO
        for share, cost_in, found in outcomes:
            part = share * (left - cost_in(year))
            saved += part
            found[year] = persons * kept * part
            total[year] += found[year]  # summed in the outcomes' order, as `_sum_by_year`
        per_person[year] = saved
    if len(by_destination) != len(outcomes):  # two outcomes of one name: one of them kept
        total = _sum_by_year(list(by_destination.values()), plan.years)
    if not group.grants:
        return GroupSavings(group.name, per_person, by_destination, total)
    grants = group_grants(plan, group)
    for income in grants.values():
        total = {year: total[year] + income[year] for year in plan.years}
    return GroupSavings(group.name, per_person, by_destination, total, grants)



def _costs(plan: Plan, benefit: str | None, group: Group | None = None
           ) -> Callable[[int], Decimal]:
    """`unit_cost(plan, benefit, year)` as a lookup by year; for a group whose persons and
    this price both change within a year, that year's person-weighted price."""
    cost = -plan.work_gain if benefit is None else plan.unit_costs[benefit]
    plain: Callable[[int], Decimal] = (lambda year: cost) if isinstance(cost, Decimal) \
        else cost.__getitem__
    if group is None or benefit is None or not any(
            benefit in by_benefit for by_benefit in group.within_year.values()):
        return plain
    weighted = group.within_year
    return lambda year: price_in_year(weighted, benefit, year, plain(year))


def project(plan: Plan) -> Projection:
    """Projected yearly costs, savings and net effect from the strategy's drivers."""
    years = plan.years
    categories: dict[str, list[Mapping[int, Decimal]]] = {}
    for line in plan.costs:
        categories.setdefault(line.category, []).append(line.amounts)
    by_category = {name: _sum_by_year(lines, years) for name, lines in categories.items()}
    investment = _sum_by_year(list(by_category.values()), years)
    groups = tuple(group_savings(plan, group) for group in plan.groups)
    known = {line.name: {year: line.amounts.get(year, ZERO) * plan.retention for year in years}
             for line in plan.savings_lines}
    parts, beyond = retention_parts(plan) if plan.retention_rules else ({}, {})
    savings = _sum_by_year([*(g.total for g in groups), *known.values(), *parts.values()],
                           years)
    other = _sum_by_year([line.amounts for line in plan.other_effects], years)
    net = {year: savings[year] + other[year] - investment[year] for year in years}
    return Projection(by_category, investment, groups, savings, other, net, running_sum(net),
                      known, parts, beyond)


def budget_variance(plan: Plan) -> tuple[VarianceRow, ...]:
    """Actual minus budget per year; + = better than budget. Partial years are flagged.

    KIK-I 2016: actual 6.1 - budget (-18.1) = 24.2.
    """
    budget = plan.budget or {}
    rows = []
    for year in sorted(set(budget) | set(plan.actuals)):
        planned, actual = budget.get(year), plan.actuals.get(year)
        amount = actual.amount if actual else None
        difference = amount - planned if amount is not None and planned is not None else None
        rows.append(VarianceRow(year, planned, amount, difference,
                                bool(actual and actual.partial), actual.as_of if actual else None,
                                plan.budget_as_of.get(year), bool(actual and actual.forecast)))
    return tuple(rows)


def forecast_basis(plan: Plan, year: int, projected: bool = True) -> str:
    """Where the forecast takes `year` from: "actual" (a full-year actual), else "budget"
    (the budget's figure for the whole year; a part-year budget is not the year's), else
    "projected" (when there is a projection), else "none" (0). A part-year actual is never
    taken for the whole year, however much of the year it covers."""
    actual = plan.actuals.get(year)
    if actual is not None and not actual.partial:
        return "actual"
    if plan.budget is not None and year in plan.budget \
            and not is_partial(year, plan.budget_as_of.get(year)):
        return "budget"
    return "projected" if projected else "none"


def forecast_net(plan: Plan, projected: Mapping[int, Decimal] | None) -> dict[int, Decimal]:
    """Every year of the period: the full-year actual where there is one, else the budget's
    figure, else the projection's, else 0 (a missing year is 0, as in the budget series)."""
    source = {"actual": lambda y: plan.actuals[y].amount,
              "budget": lambda y: (plan.budget or {})[y],
              "projected": lambda y: (projected or {})[y], "none": lambda y: ZERO}
    return {year: source[forecast_basis(plan, year, projected is not None)](year)
            for year in plan.years}


def evaluate(plan: Plan) -> Results:
    """All series, their paybacks and the budget variance of one strategy."""
    projection = project(plan) if plan.has_drivers else None
    series: dict[str, Series] = {}
    if projection is not None:
        series["projected"] = make_series("projected", projection.net, plan.start)
        if not any(value for line in (projection.investment, projection.savings,
                                      projection.other) for value in line.values()):
            found = series["projected"]  # a cumulative of 0 is no payback in year 1
            series["projected"] = Series("projected", found.net, found.cumulative, Payback(
                None, None, None, ZERO, plan.end), empty=True)
    if plan.budget is not None:
        budget = {year: plan.budget.get(year, ZERO) for year in plan.years}
        part = tuple(sorted(y for y, as_of in plan.budget_as_of.items()
                            if y in plan.budget and is_partial(y, as_of)))
        series["budget"] = nothing_to_pay_back(make_series("budget", budget, plan.start, part))
    if plan.actuals:
        series["actual"] = nothing_to_pay_back(actual_series(plan))
        forecast = forecast_net(plan, projection.net if projection else None)
        series["forecast"] = nothing_to_pay_back(make_series("forecast", forecast, plan.start))
    lines = perspective_lines(plan) if plan.measures or plan.actors else {}
    return Results(projection, series, budget_variance(plan), perspectives=lines)
