"""Rules about benefits and their unit costs: every benefit priced, every year a group needs
priced, and a benefit that ends passing to a priced one, never in a loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from kikcalc.engine.dated import in_loops
from kikcalc.engine.plan import unit_costs_by_year
from kikcalc.model.findings import Finding, name_list
from kikcalc.model.groups import Outcome, observed_only
from kikcalc.model.message import message
from kikcalc.model.rates import RATES
from kikcalc.model.refusion import LADDERS
from kikcalc.model.schema import DatedCost, GrossCost, RateCost, SpellCost, Strategy
from kikcalc.model.types import SELF_SUFFICIENCY
from kikcalc.reading.strict_yaml import Path
from kikcalc.validation.rules_groups import group_years


def _known_benefits(strategy: Strategy
                    ) -> dict[str, Decimal | dict[int, Decimal] | GrossCost | DatedCost
                               | RateCost | SpellCost]:
    return strategy.unit_costs.benefits if strategy.unit_costs else {}



def check_benefits(strategy: Strategy) -> Iterator[Finding]:
    known = _known_benefits(strategy)
    listing = name_list(known, message("no_unit_costs"))
    for i, group in enumerate(strategy.target_groups):
        if group.benefit not in known and not observed_only(group):
            yield Finding(("target_groups", i, "benefit"), "K125",
                          message("k125_unknown", group=group.name, benefit=group.benefit,
                                  listing=listing))
        for name, outcome in group.outcomes.items():
            path: Path = ("target_groups", i, "outcomes", name)
            benefit = outcome.benefit if isinstance(outcome, Outcome) else None
            if benefit is None and name.lower() not in SELF_SUFFICIENCY:
                yield Finding(path, "K125", message("k125_needs", group=group.name,
                                                    outcome=name))
            elif benefit is not None and benefit not in known:
                yield Finding((*path, "benefit"), "K125",
                              message("k125_unknown", group=group.name, benefit=benefit,
                                      listing=listing))



def check_unit_cost_years(strategy: Strategy) -> Iterator[Finding]:
    known = _known_benefits(strategy)
    by_month: dict[str, Decimal | dict[int, Decimal]] | None = None  # priced once, if needed
    for group in strategy.target_groups:
        if observed_only(group):
            continue
        used = {group.benefit} | {
            o.benefit for o in group.outcomes.values() if isinstance(o, Outcome) and o.benefit
        }
        years = group_years(group, strategy)
        for benefit in sorted(used):
            costs = known.get(benefit)
            if isinstance(costs, SpellCost) and not _ladder_known(costs):
                continue  # check_ladders names the ladder; its years are not known
            if isinstance(costs, DatedCost | RateCost | SpellCost):  # each year, where priced
                by_month = _dated_years(strategy) if by_month is None else by_month
                costs = by_month.get(benefit)
            if isinstance(costs, dict):
                missing = [year for year in years if year not in costs]
                if missing:
                    yield Finding(("unit_costs", benefit), "K126",
                                  message("k126_years", benefit=benefit, years=tuple(missing),
                                          group=group.name))



def _ladder_known(cost: SpellCost) -> bool:
    """Every ladder a cost names is in the catalogue, and its weeks run forwards."""
    names = [] if isinstance(cost.ladder, list) else list(cost.ladder.values()) \
        if isinstance(cost.ladder, dict) else [cost.ladder]
    return all(name in LADDERS for name in names) and cost.weeks[0] <= cost.weeks[1]



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
            yield Finding(path, "K125", message("k125_until", name=name))
        elif cost.then is not None and cost.then not in costs:
            yield Finding((*path, "then"), "K125",
                          message("k125_then", name=name, then=cost.then))
        elif name in looped:
            yield Finding((*path, "then"), "K125", message("k125_loop", name=name))



def check_rates(strategy: Strategy) -> Iterator[Finding]:
    """A unit cost priced by a rate names a rate of the built-in catalogue."""
    costs = strategy.unit_costs.benefits if strategy.unit_costs else {}
    for name, cost in costs.items():
        if isinstance(cost, RateCost) and cost.rate not in RATES:
            yield Finding(("unit_costs", name, "rate"), "K125",
                          message("k125_rate", name=name, rate=cost.rate,
                                  listing=name_list(RATES)))



def check_ladders(strategy: Strategy) -> Iterator[Finding]:
    """A cost on a refusion ladder names a ladder of the catalogue or gives steps from
    week 1, each week once, and its weeks run forwards."""
    costs = strategy.unit_costs.benefits if strategy.unit_costs else {}
    for name, cost in costs.items():
        if not isinstance(cost, SpellCost):
            continue
        path: Path = ("unit_costs", name)
        first, last = cost.weeks
        if first > last:
            yield Finding((*path, "weeks"), "K150",
                          message("k150_weeks", name=name, first=first, last=last))
        if isinstance(cost.ladder, list):
            weeks = [step.from_week for step in cost.ladder]
            if min(weeks) != 1 or len(set(weeks)) != len(weeks):
                yield Finding((*path, "ladder"), "K150", message("k150_steps", name=name))
            continue
        named = cost.ladder.items() if isinstance(cost.ladder, dict) else [(None, cost.ladder)]
        for year, ladder in named:
            if ladder not in LADDERS:
                yield Finding((*path, "ladder") if year is None else (*path, "ladder", year),
                              "K150", message("k150_unknown", name=name, ladder=ladder,
                                              listing=name_list(LADDERS)))



def check_perspectives(strategy: Strategy) -> Iterator[Finding]:
    """Each actor's costs and the measures name priced benefits; measures `from_table`
    need a budget table."""
    found = strategy.perspectives
    if found is None:
        return
    priced = _known_benefits(strategy)
    listing = name_list(priced, message("no_unit_costs"))
    for actor in ("stat", "region", "person", "measures"):
        costs = getattr(found, actor)
        if costs == "from_table":
            yield Finding(("perspectives", "measures"), "K152", message("k152_table"))
            continue
        for benefit in costs or {}:
            if benefit not in priced:
                yield Finding(("perspectives", actor, benefit), "K152", message(
                    "k152_benefit", actor=actor, benefit=benefit, listing=listing), at_key=True)
