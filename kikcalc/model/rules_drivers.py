"""Rules for the business-case drivers: how reductions are given (by year or phased in),
outcome splits as shares or counts, indexation and gross unit costs. Collected in
`rules.RULES` with the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from kikcalc.engine.drivers import index_factor, net_of_refusion
from kikcalc.model.findings import Finding, name_list
from kikcalc.model.schema import DatedCost, GrossCost, Outcome, Strategy, TargetGroup
from kikcalc.reading.strict_yaml import MAX_MAGNITUDE


def uses_counts(group: TargetGroup) -> bool:
    return any(isinstance(o, Outcome) and o.count is not None for o in group.outcomes.values())


def check_outcome_kinds(strategy: Strategy) -> Iterator[Finding]:
    for i, group in enumerate(strategy.target_groups):
        counted = uses_counts(group)
        for name, o in group.outcomes.items():
            has_share = not isinstance(o, Outcome) or o.share is not None
            has_count = isinstance(o, Outcome) and o.count is not None
            if has_share == has_count or has_count != counted:
                yield Finding(("target_groups", i, "outcomes", name), "K132",
                              f"group '{group.name}': give every outcome either a share "
                              "(percent) or a count of people, not both or a mix")
        if counted and sum((o.count or 0 for o in group.outcomes.values()
                            if isinstance(o, Outcome)), Decimal(0)) == 0:
            yield Finding(("target_groups", i, "outcomes"), "K132",
                          f"group '{group.name}': the outcome counts add up to 0", at_key=True)


def check_reduction_kind(strategy: Strategy) -> Iterator[Finding]:
    for i, group in enumerate(strategy.target_groups):
        if (group.reduction is None) == (group.phase_in is None):
            yield Finding(("target_groups", i), "K131", f"group '{group.name}': give either "
                          "reduction (by year) or phase_in, not both")
        elif group.phase_in and group.phase_in.full < group.phase_in.start:
            yield Finding(("target_groups", i, "phase_in", "full"), "K131",
                          f"group '{group.name}': phase_in is full ({group.phase_in.full}) "
                          f"before it starts ({group.phase_in.start})")
        elif group.phase_in and (group.phase_in.profile == "custom") != bool(
                group.phase_in.custom):
            yield Finding(("target_groups", i, "phase_in"), "K131",
                          f"group '{group.name}': phase_in gives `custom` percentages "
                          "exactly when the profile is custom", at_key=True)


DISTRIBUTIONS = {"triangular": 3, "pert": 3, "uniform": 2, "normal": 2}


def _points_problem(kind: str, points: list[Decimal]) -> str | None:
    """What is wrong with a distribution's numbers, or None; `simulate` draws from them."""
    if kind in ("triangular", "pert") and not points[0] <= points[1] <= points[2]:
        return f"min <= mode <= max, got {', '.join(map(str, points))}"
    if kind == "uniform" and not points[0] < points[1]:
        return f"min < max, got {points[0]}, {points[1]}"
    if kind == "normal" and not points[1] > 0:
        return f"a standard deviation above 0, got {points[1]}"
    return None


def check_uncertainty(strategy: Strategy) -> Iterator[Finding]:
    groups = {g.name for g in strategy.target_groups}
    names = {"reduction": groups, "deadweight": groups, "share": groups,
             "unit_cost": set(strategy.unit_costs.benefits) if strategy.unit_costs else set(),
             "investment": {line.name for line in strategy.investments}}
    for i, u in enumerate(strategy.uncertainty):
        given = [k for k in DISTRIBUTIONS if getattr(u, k) is not None]
        if len(given) != 1:
            yield Finding(("uncertainty", i), "K135", f"uncertainty of {u.driver} '{u.name}': "
                          f"give one of {', '.join(DISTRIBUTIONS)}")
            continue
        points = getattr(u, given[0])
        if len(points) != DISTRIBUTIONS[given[0]]:
            yield Finding(("uncertainty", i, given[0]), "K135", f"{given[0]} takes "
                          f"{DISTRIBUTIONS[given[0]]} numbers (percent of plan)")
        elif problem := _points_problem(given[0], points):
            yield Finding(("uncertainty", i, given[0]), "K135", f"{given[0]} needs {problem}")
        if u.name not in names[u.driver]:
            yield Finding(("uncertainty", i, "name"), "K135", f"no {u.driver} named "
                          f"'{u.name}'; known: {name_list(sorted(names[u.driver]))}")


def check_money_over_time(strategy: Strategy) -> Iterator[Finding]:
    indexation = strategy.indexation
    if indexation is not None:
        if strategy.price_year is None:
            yield Finding(("indexation",), "K133", "indexation needs price_year: the year "
                          "whose prices the unit costs and wages are given in", at_key=True)
        if (indexation.rate is None) == (indexation.index is None):
            yield Finding(("indexation",), "K133", "indexation: give either rate or index",
                          at_key=True)
        elif indexation.index is not None:
            needed = {strategy.period.start, strategy.period.end, strategy.price_year or 0}
            missing = sorted(y for y in set(range(strategy.period.start,
                                                  strategy.period.end + 1)) | needed
                             if y and y not in indexation.index)
            if missing:
                yield Finding(("indexation", "index"), "K133", "indexation index has no "
                              f"value for {', '.join(map(str, missing))}", at_key=True)
    costs = strategy.unit_costs.benefits if strategy.unit_costs else {}
    for name, cost in costs.items():
        if isinstance(cost, GrossCost) and sum(cost.duration_mix, Decimal(0)) != 100:
            yield Finding(("unit_costs", name, "duration_mix"), "K134",
                          f"unit cost '{name}': duration_mix sums to "
                          f"{sum(cost.duration_mix, Decimal(0))}, not 100")


def _indexed_amounts(strategy: Strategy) -> Iterator[tuple[str, Decimal]]:
    """The flat amounts that indexation moves from the price year: unit costs and wages."""
    for name, cost in (strategy.unit_costs.benefits if strategy.unit_costs else {}).items():
        if isinstance(cost, GrossCost):
            yield f"unit cost '{name}'", net_of_refusion(cost.gross, cost.refusion,
                                                         cost.duration_mix)
        elif isinstance(cost, Decimal):
            yield f"unit cost '{name}'", cost
    for line in strategy.investments:
        if isinstance(line.cost_per_fte, Decimal):
            yield f"cost_per_fte of '{line.name}'", line.cost_per_fte


def check_indexed_size(strategy: Strategy) -> Iterator[Finding]:
    """An indexed amount keeps to the digits a figure in the file may have, so the sums
    and products of the engine stay exact (a rate compounded over a century does not)."""
    indexation, price_year, period = strategy.indexation, strategy.price_year, strategy.period
    if indexation is None or price_year is None or period.end < period.start \
            or (indexation.rate is None) == (indexation.index is None):
        return
    years = range(period.start, period.end + 1)
    if indexation.index is not None and any(
            y not in indexation.index for y in (*years, price_year)):
        return  # check_money_over_time names the missing years
    factor = max(index_factor(y, price_year, indexation.rate, indexation.index) for y in years)
    for what, amount in _indexed_amounts(strategy):
        indexed = amount * factor
        if indexed and indexed.adjusted() >= MAX_MAGNITUDE:
            yield Finding(("indexation", "rate" if indexation.rate is not None else "index"),
                          "K133", f"indexation from {price_year} makes {what} "
                          f"{indexed:.2E}, more than {MAX_MAGNITUDE} digits before the point; "
                          "check rate and price_year")
            return


def check_successions(strategy: Strategy) -> Iterator[Finding]:
    """A benefit that ends (`until`) passes to a priced benefit (`then`), never in a loop."""
    from kikcalc.engine.dated import Dated, successors

    costs = strategy.unit_costs.benefits if strategy.unit_costs else {}
    chains = {name: Dated({}, c.until, c.then) for name, c in costs.items()
              if isinstance(c, DatedCost)}
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
        elif name in successors(name, chains):
            yield Finding((*path, "then"), "K125", f"unit cost of '{name}': the benefits "
                          "it passes to lead back to it")
