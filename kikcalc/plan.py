"""From a validated strategy file to the engine's plain inputs.

The one place that converts money units: unit costs are usually quoted in kroner while a
strategy counts in mio. kr.; the conversion is a power of ten, so Decimal keeps it exact.
"""

from __future__ import annotations

from decimal import Decimal

from kikcalc.engine import (
    Actual,
    CostLine,
    Destination,
    Group,
    Plan,
    is_partial,
    staff_amounts,
)
from kikcalc.model import ActualFigure, Figure, Investment, Outcome, Strategy, TargetGroup

UNIT_FACTORS = {"kr.": Decimal(1), "t.kr.": Decimal(1000), "mio. kr.": Decimal(1_000_000)}


def convert(amount: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Exact conversion between kr., t.kr. and mio. kr.

    >>> convert(Decimal(79000), "kr.", "mio. kr.")
    Decimal('0.079')
    """
    if from_unit == to_unit:
        return amount
    return amount * UNIT_FACTORS[from_unit] / UNIT_FACTORS[to_unit]


def _amount(value: Decimal | Figure) -> Decimal:
    return value.amount if isinstance(value, Figure) else value


def _converted(values: dict[int, Decimal], from_unit: str, to_unit: str) -> dict[int, Decimal]:
    return {year: convert(v, from_unit, to_unit) for year, v in values.items()}


def _cost_line(line: Investment, from_unit: str, to_unit: str) -> CostLine:
    if line.by_year is not None:
        amounts = dict(line.by_year)
    else:
        assert line.fte is not None, "rules.check_investment_lines guarantees fte"
        assert line.cost_per_fte is not None, "and cost_per_fte"
        amounts = staff_amounts(line.fte, line.cost_per_fte)
    return CostLine(line.name, line.category, _converted(amounts, from_unit, to_unit))


def _unit_costs(strategy: Strategy, target: str) -> dict[str, Decimal | dict[int, Decimal]]:
    if strategy.unit_costs is None:
        return {}
    source = strategy.unit_costs.unit
    out: dict[str, Decimal | dict[int, Decimal]] = {}
    for benefit, cost in strategy.unit_costs.benefits.items():
        if isinstance(cost, dict):
            out[benefit] = {year: convert(c, source, target) for year, c in cost.items()}
        else:
            out[benefit] = convert(cost, source, target)
    return out


def _group(group: TargetGroup) -> Group:
    destinations = tuple(
        Destination(name, o.share, o.benefit) if isinstance(o, Outcome)
        else Destination(name, o, None)
        for name, o in group.outcomes.items()
    )
    return Group(group.name, group.benefit, dict(group.reduction), destinations,
                 group.deadweight, group.baseline)


def _actual(year: int, value: Decimal | ActualFigure, convert_to: dict[str, str]) -> Actual:
    if isinstance(value, ActualFigure):
        return Actual(convert(value.amount, **convert_to), value.as_of,
                      is_partial(year, value.as_of))
    return Actual(convert(value, **convert_to))


def to_plan(strategy: Strategy, unit: str | None = None) -> Plan:
    """The engine's view of a strategy whose rules have all passed, in `unit` (default: the
    file's own), converted exactly."""
    target = unit or strategy.unit
    units = {"from_unit": strategy.unit, "to_unit": target}
    budget = None
    if strategy.budget is not None:
        budget = {year: convert(_amount(v), **units) for year, v in strategy.budget.items()}
    return Plan(
        start=strategy.period.start,
        end=strategy.period.end,
        costs=tuple(_cost_line(line, strategy.unit, target) for line in strategy.investments),
        groups=tuple(_group(group) for group in strategy.target_groups),
        unit_costs=_unit_costs(strategy, target),
        other_effects=tuple(CostLine(e.name, "other", _converted(e.by_year, **units))
                            for e in strategy.other_effects),
        budget=budget,
        actuals={year: _actual(year, v, units) for year, v in strategy.actuals.items()},
    )
