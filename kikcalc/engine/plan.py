"""From a validated strategy file to the engine's plain inputs.

The one place that converts money units: unit costs are usually quoted in kroner while a
strategy counts in mio. kr.; the conversion is a power of ten, so Decimal keeps it exact.
"""

from __future__ import annotations

from decimal import Decimal

from kikcalc.engine.dated import Dated, Priced, priced_costs
from kikcalc.engine.drivers import (
    net_of_refusion,
    persisting,
    phase_in,
    phase_in_months,
    shares_from_counts,
)
from kikcalc.engine.perspectives import plan_perspectives
from kikcalc.engine.pricing import indexed, spell_cost
from kikcalc.engine.projection import staff_amounts
from kikcalc.engine.results import (
    Actual,
    CostLine,
    Destination,
    GrantLine,
    Group,
    Plan,
    is_partial,
)
from kikcalc.engine.retention import retention_rules, retention_share, work_gain
from kikcalc.engine.within_year import weighted_prices
from kikcalc.model.groups import Outcome, TargetGroup
from kikcalc.model.money import convert
from kikcalc.model.rates import RATES, rate_month
from kikcalc.model.schema import (
    ActualFigure,
    DatedCost,
    Figure,
    GrossCost,
    Investment,
    RateCost,
    SpellCost,
    Strategy,
)
from kikcalc.model.types import year_month


def _amount(value: Decimal | Figure) -> Decimal:
    return value.amount if isinstance(value, Figure) else value


def _converted(values: dict[int, Decimal], from_unit: str, to_unit: str) -> dict[int, Decimal]:
    return {year: convert(v, from_unit, to_unit) for year, v in values.items()}


def _cost_line(line: Investment, strategy: Strategy, from_unit: str, to_unit: str
               ) -> CostLine:
    if line.by_year is not None:
        amounts = dict(line.by_year)
    else:
        assert line.fte is not None, "rules.check_investment_lines guarantees fte"
        assert line.cost_per_fte is not None, "and cost_per_fte"
        wage = line.cost_per_fte  # a flat wage follows the wage index
        amounts = staff_amounts(line.fte, indexed(wage, strategy, "wages")
                                if isinstance(wage, Decimal) else wage)
    return CostLine(line.name, line.category, _converted(amounts, from_unit, to_unit))


def unit_costs_by_year(strategy: Strategy) -> dict[str, Decimal | dict[int, Decimal]]:
    """The net unit costs in the file's own `unit_costs.unit`, costs by month made yearly."""
    unit = strategy.unit_costs.unit if strategy.unit_costs else "kr."
    return _unit_costs(strategy, unit)


def _unit_costs(strategy: Strategy, target: str) -> dict[str, Decimal | dict[int, Decimal]]:
    return _priced(strategy, target)[0]


MonthlyPrices = dict[str, list[Decimal | None]]


def _priced(strategy: Strategy, target: str
            ) -> tuple[dict[str, Decimal | dict[int, Decimal]], MonthlyPrices]:
    """Net cost per full-year person in `target` units: gross costs net of refusion, flat
    costs indexed from the price year; by-year costs are taken as given. Beside them, the
    price in each month of the period of the benefits priced by month."""
    if strategy.unit_costs is None:
        return {}, {}
    source = strategy.unit_costs.unit
    out: dict[str, Decimal | dict[int, Decimal]] = {}
    dated: dict[str, Dated] = {}
    for benefit, cost in strategy.unit_costs.benefits.items():
        if isinstance(cost, DatedCost):
            dated[benefit] = Dated({m: convert(c, source, target) for m, c in
                                    cost.by_month.items()}, cost.until, cost.then)
        elif isinstance(cost, RateCost):
            dated[benefit] = Dated(rate_by_month(cost, strategy, target))
        elif isinstance(cost, SpellCost):
            out[benefit] = spell_cost(cost, strategy, source, target)
        elif isinstance(cost, dict):
            out[benefit] = {year: convert(c, source, target) for year, c in cost.items()}
        else:
            net = net_of_refusion(cost.gross, cost.refusion, cost.duration_mix) \
                if isinstance(cost, GrossCost) else cost
            out[benefit] = indexed(convert(net, source, target), strategy)
    found = _dated_by_year(dated, out, strategy)
    return {**out, **{b: f.yearly for b, f in found.items()}}, \
        {b: f.monthly for b, f in found.items()}


def rate_by_month(cost: RateCost, strategy: Strategy, target: str) -> dict[str, Decimal]:
    """A catalogue rate as the net cost of a full-year person, month by month over the
    period: 12 x the monthly rate (kr.), net of refusion; months the catalogue does not
    price are left out (an unknown rate prices none: the rules name it, K125).

    Worked example: the grundsats 6,955 kr. a month, everyone past week 52 (municipal share
    80 %): 6,955 x 12 x 0.8 = 66,768 kr. per full-year person."""
    if cost.rate not in RATES:
        return {}
    out: dict[str, Decimal] = {}
    for year in range(strategy.period.start, strategy.period.end + 1):
        for month in range(1, 13):
            monthly = rate_month(cost.rate, year, month)
            if monthly is not None:
                net = net_of_refusion(monthly * 12, cost.refusion, cost.duration_mix)
                out[f"{year:04d}-{month:02d}"] = convert(net, "kr.", target)
    return out


def _dated_by_year(dated: dict[str, Dated], resolved: dict[str, Decimal | dict[int, Decimal]],
                   strategy: Strategy) -> dict[str, Priced]:
    """Costs by month as the mean cost of each year of the period (a year left out where a
    month has no price: the rules report it when a group needs that year), for the benefits
    the projection prices and those they pass to; the others are never priced."""
    years = range(strategy.period.start, strategy.period.end + 1)

    def price_of(benefit: str, month: int) -> Decimal | None:
        cost = resolved.get(benefit)
        return cost.get(years[month // 12]) if isinstance(cost, dict) else cost

    wanted = sorted(priced_benefits(strategy) & dated.keys())
    found = priced_costs(dated, wanted, years, price_of)
    return {benefit: found[benefit] for benefit in dated if benefit in found}


def priced_benefits(strategy: Strategy) -> set[str]:
    """The benefits a projection prices: each group's own and its outcomes', and those an
    uncertainty moves."""
    used = {b for group in strategy.target_groups for b in (group.benefit, *(
        o.benefit for o in group.outcomes.values() if isinstance(o, Outcome)))
        if b is not None}
    return used | {u.name for u in strategy.uncertainty if u.driver == "unit_cost"}


def reduction_of(group: TargetGroup, years: range) -> dict[int, Decimal]:
    """Full-year persons fewer by year: as given, or phased in; then faded if it fades."""
    if group.phase_in is not None:
        p = group.phase_in
        custom = {year_month(k): v for k, v in (p.custom or {}).items()}
        reduction = phase_in(p.persons, year_month(p.start), year_month(p.full), p.profile,
                             years, custom)
    else:
        reduction = dict(group.reduction or {})
    if group.persistence is not None:
        reduction = persisting(reduction, group.persistence.after, group.persistence.fade)
    return reduction


def _persons_by_month(group: TargetGroup, years: range) -> dict[int, list[Decimal]]:
    """The persons fewer in each month, for a phase-in (a yearly reduction is the same in
    every month of its year)."""
    if group.phase_in is None:
        return {}
    p = group.phase_in
    custom = {year_month(k): v for k, v in (p.custom or {}).items()}
    return phase_in_months(p.persons, year_month(p.start), year_month(p.full), p.profile,
                           years, custom)


def _group(group: TargetGroup, years: range, strategy: Strategy,
           prices: MonthlyPrices | None = None, unit: str = "kr.") -> Group:
    counts = {name: o.count for name, o in group.outcomes.items()
              if isinstance(o, Outcome) and o.count is not None}
    shares = shares_from_counts(counts) if counts else {}
    destinations = tuple(
        Destination(name, shares.get(name, o.share or Decimal(0)), o.benefit, o.count)
        if isinstance(o, Outcome) else Destination(name, o, None)
        for name, o in group.outcomes.items()
    )
    within = weighted_prices(_persons_by_month(group, years), prices or {}, [
        group.benefit, *(d.benefit for d in destinations if d.benefit)], years.start) \
        if prices else {}
    grants = tuple(GrantLine(g.name, indexed(convert(g.amount, g.unit, unit), strategy,
                                              "prices"), g.per, g.outcome)
                   for g in group.grants)
    return Group(group.name, group.benefit, reduction_of(group, years), destinations,
                 group.deadweight, group.baseline, within, grants)


def _actual(year: int, value: Decimal | ActualFigure, convert_to: dict[str, str]) -> Actual:
    if isinstance(value, ActualFigure):
        return Actual(convert(value.amount, **convert_to), value.as_of,
                      is_partial(year, value.as_of), value.forecast)
    return Actual(convert(value, **convert_to))


def to_plan(strategy: Strategy, unit: str | None = None) -> Plan:
    """The engine's view of a strategy whose rules have all passed, in `unit` (default: the
    file's own), converted exactly."""
    target = unit or strategy.unit
    units = {"from_unit": strategy.unit, "to_unit": target}
    years = range(strategy.period.start, strategy.period.end + 1)
    unit_costs, prices = _priced(strategy, target)
    budget = None
    measures, actors = plan_perspectives(strategy, target)
    if strategy.budget is not None:
        budget = {year: convert(_amount(v), **units) for year, v in strategy.budget.items()}
    return Plan(
        start=strategy.period.start,
        end=strategy.period.end,
        costs=tuple(_cost_line(line, strategy, strategy.unit, target)
                    for line in strategy.investments),
        groups=tuple(_group(group, years, strategy, prices, target)
                     for group in strategy.target_groups),
        unit_costs=unit_costs,
        other_effects=tuple(CostLine(e.name, "other", _converted(e.by_year, **units))
                            for e in strategy.other_effects),
        savings_lines=tuple(CostLine(s.name, "savings", _converted(s.by_year, **units))
                            for s in strategy.savings),
        budget=budget,
        budget_as_of={year: v.as_of for year, v in (strategy.budget or {}).items()
                      if isinstance(v, Figure) and is_partial(year, v.as_of)
                      and v.as_of is not None},
        actuals={year: _actual(year, v, units) for year, v in strategy.actuals.items()},
        retention=retention_share(strategy),
        work_gain=work_gain(strategy, target),
        retention_rules=retention_rules(strategy, target),
        measures=measures,
        actors=actors,
        discount_rate=strategy.discount_rate,
    )
