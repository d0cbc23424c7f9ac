"""Rules about benefits and their unit costs: every benefit priced, every year a group needs
priced, and a benefit that ends passing to a priced one, never in a loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from kikcalc.engine.dated import in_loops
from kikcalc.engine.plan import unit_costs_by_year
from kikcalc.model.findings import Finding, name_list
from kikcalc.model.groups import Outcome
from kikcalc.model.rates import RATES
from kikcalc.model.schema import DatedCost, GrossCost, RateCost, Strategy
from kikcalc.model.types import SELF_SUFFICIENCY
from kikcalc.reading.strict_yaml import Path
from kikcalc.validation.rules_groups import group_years


def _known_benefits(strategy: Strategy
                    ) -> dict[str, Decimal | dict[int, Decimal] | GrossCost | DatedCost
                               | RateCost]:
    return strategy.unit_costs.benefits if strategy.unit_costs else {}



def check_benefits(strategy: Strategy) -> Iterator[Finding]:
    known = _known_benefits(strategy)
    listing = name_list(known, "nothing (add a unit_costs block)")
    for i, group in enumerate(strategy.target_groups):
        if group.benefit not in known:
            yield Finding(("target_groups", i, "benefit"), "K125",
                          f"group '{group.name}': unknown benefit '{group.benefit}'; "
                          f"unit_costs has {listing}")
        for name, outcome in group.outcomes.items():
            path: Path = ("target_groups", i, "outcomes", name)
            benefit = outcome.benefit if isinstance(outcome, Outcome) else None
            if benefit is None and name.lower() not in SELF_SUFFICIENCY:
                yield Finding(path, "K125", f"group '{group.name}': outcome '{name}' needs "
                              "a benefit, e.g. {share: 5, benefit: fleksjob}; only "
                              "selvforsorgelse costs nothing")
            elif benefit is not None and benefit not in known:
                yield Finding((*path, "benefit"), "K125",
                              f"group '{group.name}': unknown benefit '{benefit}'; "
                              f"unit_costs has {listing}")



def check_unit_cost_years(strategy: Strategy) -> Iterator[Finding]:
    known = _known_benefits(strategy)
    by_month: dict[str, Decimal | dict[int, Decimal]] | None = None  # priced once, if needed
    for group in strategy.target_groups:
        used = {group.benefit} | {
            o.benefit for o in group.outcomes.values() if isinstance(o, Outcome) and o.benefit
        }
        years = group_years(group, strategy)
        for benefit in sorted(used):
            costs = known.get(benefit)
            if isinstance(costs, DatedCost | RateCost):  # each year's months, where priced
                by_month = _dated_years(strategy) if by_month is None else by_month
                costs = by_month.get(benefit)
            if isinstance(costs, dict):
                missing = [year for year in years if year not in costs]
                if missing:
                    yield Finding(("unit_costs", benefit), "K126",
                                  f"unit cost of '{benefit}' has no value for "
                                  f"{', '.join(map(str, missing))} (used by group '{group.name}')")



def _dated_years(strategy: Strategy) -> dict[str, Decimal | dict[int, Decimal]]:
    """Costs by month as yearly means; empty where other problems (already reported,
    e.g. an index with gaps) leave them unknown."""

    try:
        return unit_costs_by_year(strategy)
    except (KeyError, ArithmeticError):
        return {}



def check_successions(strategy: Strategy) -> Iterator[Finding]:
    """A benefit that ends (`until`) passes to a priced benefit (`then`), never in a loop."""

    costs = strategy.unit_costs.benefits if strategy.unit_costs else {}
    looped = in_loops({name: c.then for name, c in costs.items()
                       if isinstance(c, DatedCost) and c.then is not None})
    for name, cost in costs.items():
        if not isinstance(cost, DatedCost):
            continue
        path = ("unit_costs", name)
        if (cost.until is None) != (cost.then is None):
            yield Finding(path, "K125", f"unit cost of '{name}': give both `until` (the last "
                          "month) and `then` (the benefit that follows), or neither")
        elif cost.then is not None and cost.then not in costs:
            yield Finding((*path, "then"), "K125", f"unit cost of '{name}': `then` names "
                          f"'{cost.then}', which unit_costs does not price")
        elif name in looped:
            yield Finding((*path, "then"), "K125", f"unit cost of '{name}': the benefits "
                          "it passes to lead back to it")



def check_rates(strategy: Strategy) -> Iterator[Finding]:
    """A unit cost priced by a rate names a rate of the built-in catalogue."""
    costs = strategy.unit_costs.benefits if strategy.unit_costs else {}
    for name, cost in costs.items():
        if isinstance(cost, RateCost) and cost.rate not in RATES:
            yield Finding(("unit_costs", name, "rate"), "K125",
                          f"unit cost of '{name}': unknown rate '{cost.rate}'; the built-in "
                          f"catalogue has {name_list(RATES, 'none')}")
