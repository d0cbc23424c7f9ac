"""Rules that relate one part of a strategy file to another.

Each rule is a small function that takes a valid-shaped `Strategy` and yields `Finding`s,
collected in `RULES` (the beancount way). A finding names a path into the file; `load.py`
turns the path into `file:line:column`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal

from kikcalc.engine.projection import staff_amounts
from kikcalc.model import rules_drivers
from kikcalc.model.findings import Finding, name_list
from kikcalc.model.schema import (
    SELF_SUFFICIENCY,
    ActualFigure,
    DatedCost,
    Figure,
    GrossCost,
    Outcome,
    Strategy,
    TargetGroup,
    year_month,
)
from kikcalc.reading.strict_yaml import Path

MAX_PERIOD_YEARS = 60


def _year_maps(strategy: Strategy) -> Iterator[tuple[Path, dict[int, object]]]:
    """Every year-keyed mapping whose years must lie inside the period."""
    for i, line in enumerate(strategy.investments):
        if line.by_year is not None:
            yield ("investments", i, "by_year"), dict(line.by_year)
        if line.fte is not None:
            yield ("investments", i, "fte"), dict(line.fte)
    for i, group in enumerate(strategy.target_groups):
        if group.reduction is not None:
            yield ("target_groups", i, "reduction"), dict(group.reduction)
    for i, effect in enumerate(strategy.other_effects):
        yield ("other_effects", i, "by_year"), dict(effect.by_year)
    for i, known in enumerate(strategy.savings):
        yield ("savings", i, "by_year"), dict(known.by_year)
    for i, funding in enumerate(strategy.funding):
        yield ("funding", i, "by_year"), dict(funding.by_year)
    if strategy.budget is not None:
        yield ("budget",), dict(strategy.budget)
    yield ("actuals",), dict(strategy.actuals)


def check_period(strategy: Strategy) -> Iterator[Finding]:
    start, end = strategy.period.start, strategy.period.end
    if end < start:
        yield Finding(("period", "end"), "K121", f"period ends ({end}) before it starts ({start})")
    elif end - start + 1 > MAX_PERIOD_YEARS:
        yield Finding(("period", "end"), "K121", f"period is longer than {MAX_PERIOD_YEARS} years")


def check_years_in_period(strategy: Strategy) -> Iterator[Finding]:
    start, end = strategy.period.start, strategy.period.end
    if end < start:
        return  # check_period has said it; every year would be "outside"
    for path, values in _year_maps(strategy):
        for year in values:
            if not start <= year <= end:
                yield Finding((*path, year), "K122",
                              f"year {year} is outside the period {start}-{end}", at_key=True)


def check_investment_lines(strategy: Strategy) -> Iterator[Finding]:
    for i, line in enumerate(strategy.investments):
        path: Path = ("investments", i)
        staff = line.fte is not None or line.cost_per_fte is not None
        if line.by_year is not None and staff:
            yield Finding(path, "K123", f"investment '{line.name}': give either by_year, "
                          "or fte with cost_per_fte, not both")
        elif line.by_year is None and not (line.fte is not None and line.cost_per_fte is not None):
            yield Finding(path, "K123", f"investment '{line.name}' needs by_year, "
                          "or fte together with cost_per_fte")
        elif isinstance(line.cost_per_fte, dict) and line.fte is not None:
            for year in line.fte:
                if year not in line.cost_per_fte:
                    yield Finding((*path, "cost_per_fte"), "K126",
                                  f"investment '{line.name}': cost_per_fte has no value for {year}")


def check_totals(strategy: Strategy) -> Iterator[Finding]:
    for i, line in enumerate(strategy.investments):
        if line.total is None:
            continue
        if line.by_year is not None:
            amounts = line.by_year
        elif line.fte is not None and line.cost_per_fte is not None:
            amounts = staff_amounts(line.fte, line.cost_per_fte)
        else:
            continue
        found = sum(amounts.values(), Decimal(0))
        if found != line.total:
            yield Finding(("investments", i, "total"), "K124",
                          f"investment '{line.name}': total {line.total} does not equal "
                          f"the sum of its years, {found}")


def _known_benefits(strategy: Strategy
                    ) -> dict[str, Decimal | dict[int, Decimal] | GrossCost | DatedCost]:
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
    for group in strategy.target_groups:
        used = {group.benefit} | {
            o.benefit for o in group.outcomes.values() if isinstance(o, Outcome) and o.benefit
        }
        years = group_years(group, strategy)
        for benefit in sorted(used):
            costs = known.get(benefit)
            if isinstance(costs, DatedCost):  # the mean of each year's months, where priced
                costs = _dated_years(strategy, benefit)
            if isinstance(costs, dict):
                missing = [year for year in years if year not in costs]
                if missing:
                    yield Finding(("unit_costs", benefit), "K126",
                                  f"unit cost of '{benefit}' has no value for "
                                  f"{', '.join(map(str, missing))} (used by group '{group.name}')")


def _dated_years(strategy: Strategy, benefit: str) -> dict[int, Decimal] | None:
    """A cost by month as yearly means; None where other problems (already reported,
    e.g. an index with gaps) leave it unknown."""
    from kikcalc.engine.plan import unit_costs_by_year

    try:
        found = unit_costs_by_year(strategy).get(benefit)
    except (KeyError, ArithmeticError):
        return None
    return found if isinstance(found, dict) else None


def group_years(group: TargetGroup, strategy: Strategy) -> list[int]:
    """The years in which a group's reduction may be non-zero."""
    if group.reduction is not None:
        return [year for year, n in group.reduction.items() if n]
    start = year_month(group.phase_in.start)[0] if group.phase_in else strategy.period.start
    return list(range(max(start, strategy.period.start), strategy.period.end + 1))


def share_of(outcome: Decimal | Outcome) -> Decimal:
    if isinstance(outcome, Outcome):
        return outcome.share if outcome.share is not None else Decimal(0)
    return outcome


def check_splits(strategy: Strategy) -> Iterator[Finding]:
    for i, group in enumerate(strategy.target_groups):
        if rules_drivers.uses_counts(group):
            continue
        total = sum((share_of(o) for o in group.outcomes.values()), Decimal(0))
        if total == 100:
            continue
        hint = ""
        if total == 1:
            hint = "; the shares look like fractions: write percentages (80, not 0.8)"
        yield Finding(("target_groups", i, "outcomes"), "K121",
                      f"outcome split of group '{group.name}' sums to {total}, not 100{hint}",
                      at_key=True)


def check_baselines(strategy: Strategy) -> Iterator[Finding]:
    for i, group in enumerate(strategy.target_groups):
        if group.baseline is None:
            continue
        reduction = group.reduction if group.reduction is not None else (
            {year_month(group.phase_in.full)[0]: group.phase_in.persons} if group.phase_in else {})
        for year, n in reduction.items():
            if n > group.baseline:
                yield Finding(("target_groups", i, "reduction", year), "K127",
                              f"group '{group.name}': reduction {n} in {year} exceeds "
                              f"the baseline of {group.baseline} full-year persons")


def _cited(strategy: Strategy) -> Iterator[tuple[Path, str]]:
    for field in ("investments", "target_groups", "savings", "other_effects", "funding"):
        for i, item in enumerate(getattr(strategy, field)):
            if item.source is not None:
                yield (field, i, "source"), item.source
    for i, group in enumerate(strategy.target_groups):
        for j, target in enumerate(group.caseload_targets):
            if target.source is not None:
                yield ("target_groups", i, "caseload_targets", j, "source"), target.source
        for j, count in enumerate(group.caseload):
            if count.source is not None:
                yield ("target_groups", i, "caseload", j, "source"), count.source
    if strategy.unit_costs and strategy.unit_costs.source:
        yield ("unit_costs", "source"), strategy.unit_costs.source
    for field in ("budget", "actuals"):
        for year, value in (getattr(strategy, field) or {}).items():
            if isinstance(value, Figure) and value.source is not None:
                yield (field, year, "source"), value.source


def check_sources(strategy: Strategy) -> Iterator[Finding]:
    ids: set[str] = set()
    for i, source in enumerate(strategy.sources):
        if source.id in ids:
            yield Finding(("sources", i, "id"), "K128", f"source id '{source.id}' is given twice")
        ids.add(source.id)
    listing = name_list(sorted(ids))
    for path, cited in _cited(strategy):
        if cited not in ids:
            yield Finding(path, "K128", f"unknown source '{cited}'; sources has {listing}")


def check_actual_dates(strategy: Strategy) -> Iterator[Finding]:
    for field, figures in (("actuals", strategy.actuals), ("budget", strategy.budget or {})):
        what = "actual" if field == "actuals" else "budget"
        for year, value in figures.items():
            as_of = value.as_of if isinstance(value, Figure) else None
            if as_of is not None and as_of < datetime.date(year, 1, 1):
                yield Finding((field, year, "as_of"), "K129",
                              f"{what} for {year} is dated {as_of}, before the year began")
    for year, value in strategy.actuals.items():
        if isinstance(value, ActualFigure) and value.forecast and value.as_of is not None \
                and value.as_of < datetime.date(year, 12, 31):
            yield Finding(("actuals", year, "forecast"), "K129",
                          f"actual for {year} is a forecast for the whole year; as_of "
                          f"{value.as_of} says part of it: give one or the other")


def check_group_names(strategy: Strategy) -> Iterator[Finding]:
    """Savings are reported by group name, so two groups may not share one."""
    seen: set[str] = set()
    for i, group in enumerate(strategy.target_groups):
        if group.name in seen:
            yield Finding(("target_groups", i, "name"), "K130",
                          f"two target groups are named '{group.name}'")
        seen.add(group.name)


def check_flows(strategy: Strategy) -> Iterator[Finding]:
    """A flow counts people over a period that runs forwards, and counts something."""
    for i, group in enumerate(strategy.target_groups):
        for j, flow in enumerate(group.flows):
            path = ("target_groups", i, "flows", j)
            if flow.end < flow.start:
                yield Finding((*path, "end"), "K137", f"group '{group.name}': flow ends "
                              f"{flow.end}, before it starts ({flow.start})")
            if flow.entrants is None and flow.leavers is None and flow.passed_through is None:
                yield Finding(path, "K137", f"group '{group.name}': a flow gives none of "
                              "entrants, leavers and passed_through")


# A rule reads a valid strategy and yields its findings (the beancount way).
Rule = Callable[[Strategy], Iterator[Finding]]

RULES: tuple[Rule, ...] = (
    check_period,
    rules_drivers.check_reduction_kind,
    rules_drivers.check_outcome_kinds,
    rules_drivers.check_money_over_time,
    rules_drivers.check_indexed_size,
    rules_drivers.check_uncertainty,
    check_years_in_period,
    check_investment_lines,
    check_totals,
    check_benefits,
    rules_drivers.check_successions,
    check_unit_cost_years,
    check_splits,
    check_baselines,
    check_sources,
    check_actual_dates,
    check_group_names,
    check_flows,
)


def apply_rules(strategy: Strategy) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(strategy)]
