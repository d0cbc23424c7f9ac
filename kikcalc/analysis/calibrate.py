"""Calibration: what the organisation's strategies realised against what they claimed.

For each strategy with an `outturn` (or counts in its target groups) and each driver:

    reduction    realised / claimed x 100   (the reduction in the year `as_of`, or, from
                                             counts, the realised share to date)
    unit_cost    realised / claimed x 100   (net cost per full-year person in `as_of`)
    investment   realised / claimed x 100   (spent to the end of `as_of`: > 100 is overrun)
    deadweight   realised - claimed          (percentage points)
    timing       realised - claimed          (years: the payback year; not paid back by the
                                             end of the period counts as the year after it)

Across the folder each driver's record is a distribution (n, min, P25, median, P75, max).
The HM Treasury Green Book asks appraisers to adjust for optimism bias from the
organisation's own evidence of past projects where it has it; the default adjustment here
is the median shortfall of that record (reduction and unit cost: 100 - median; investment:
median - 100; deadweight and timing: the median difference; never below 0). The median is
a central value, an ASSUMPTION of ours: the Green Book leaves the statistic to the
appraiser. The priors for `simulate` are triangular distributions in percent of plan:
[min, median, max] of the record.

`adjusted` applies a strategy's own `optimism_bias`: reductions x (1 - r), every unit cost
x (1 - u), investment x (1 + i), deadweight + d points (at most 100), the reduction path t
whole years later.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_CEILING, Decimal

from kikcalc.analysis.contributions import HUNDRED, Driver, scaled
from kikcalc.analysis.follow_up import Observed, follow_up
from kikcalc.engine.projection import find_payback, project
from kikcalc.engine.results import ZERO, Plan
from kikcalc.model.outturn import OptimismBias, Outturn
from kikcalc.record import Record, replace

RATIO_DRIVERS = ("reduction", "unit_cost", "investment")
DRIVERS = (*RATIO_DRIVERS, "deadweight", "timing")


class DriverRecord(Record):
    """One driver of one strategy: claimed, realised, and their ratio or difference."""

    strategy: str
    driver: str
    name: str  # the group, benefit or "" (the whole strategy)
    claimed: Decimal
    realised: Decimal
    value: Decimal  # percent of plan (ratio drivers) or the difference (points, years)
    note: str = ""  # "counts": from the group's counts; "not_paid_back"


class Spread(Record):
    driver: str
    n: int
    low: Decimal
    p25: Decimal
    median: Decimal
    p75: Decimal
    high: Decimal


class Calibration(Record):
    records: tuple[DriverRecord, ...]
    spreads: tuple[Spread, ...]
    bias: Mapping[str, Decimal]  # the default adjustment per driver
    strategies: int


def _quantile(values: Sequence[Decimal], q: Decimal) -> Decimal:
    """Linear interpolation between order statistics (as numpy's default).

    >>> _quantile([Decimal(1), Decimal(2), Decimal(3), Decimal(4)], Decimal("0.5"))
    Decimal('2.5')
    """
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def _ratio(realised: Decimal, claimed: Decimal) -> Decimal | None:
    return realised / claimed * HUNDRED if claimed else None


def strategy_records(name: str, plan: Plan, outturn: Outturn | None,
                     counts: Mapping[str, Mapping[int, Observed]], kr_per_unit: Decimal
                     ) -> list[DriverRecord]:
    """The realised against the claimed value of each driver the strategy has a record of.
    `kr_per_unit` converts the plan's unit to kroner (unit costs are compared in kr.)."""
    found: list[DriverRecord] = []

    def add(driver: str, who: str, claimed: Decimal, realised: Decimal, note: str = "") -> None:
        if driver in RATIO_DRIVERS:
            value = _ratio(realised, claimed)
            if value is None:
                return
        else:
            value = realised - claimed
        found.append(DriverRecord(name, driver, who, claimed, realised, value, note))

    projection = project(plan) if plan.has_drivers else None
    for who, claimed, realised, note in _reductions(plan, outturn, counts):
        add("reduction", who, claimed, realised, note)
    if outturn is None:
        return found
    for group in plan.groups:
        if group.name in outturn.deadweight:
            add("deadweight", group.name, group.deadweight, outturn.deadweight[group.name])
    for benefit, realised in outturn.unit_cost.items():
        cost = plan.unit_costs.get(benefit)
        priced: Decimal | None = cost.get(outturn.as_of) if isinstance(cost, Mapping) else cost
        if priced is not None:
            add("unit_cost", benefit, priced * kr_per_unit, realised)
    if outturn.investment is not None:
        spent = sum((v for line in plan.costs for y, v in line.amounts.items()
                     if y <= outturn.as_of), ZERO)
        add("investment", "", spent, outturn.investment)
    if projection is not None:
        planned = find_payback(projection.net, plan.start).year
        if planned is not None:
            if outturn.payback_year is not None:
                add("timing", "", Decimal(planned), Decimal(outturn.payback_year))
            elif outturn.as_of >= plan.end:
                add("timing", "", Decimal(planned), Decimal(plan.end + 1), "not_paid_back")
    return found


def _reductions(plan: Plan, outturn: Outturn | None,
                counts: Mapping[str, Mapping[int, Observed]]
                ) -> list[tuple[str, Decimal, Decimal, str]]:
    """Per group: (name, claimed, realised, note) from the outturn, else from the counts."""
    given = outturn.reduction if outturn else {}
    projection = project(plan) if plan.has_drivers else None
    followed = follow_up(plan, projection.savings if projection else {},
                         projection.net if projection else {}, counts)
    found = []
    for group in plan.groups:
        if group.name in given and outturn is not None:
            found.append((group.name, group.reduction.get(outturn.as_of, ZERO),
                          given[group.name], ""))
            continue
        result = next((g for g in followed.groups if g.group == group.name), None)
        seen = [r for r in result.rows if r.realised is not None] if result else []
        if seen:
            found.append((group.name, sum((r.planned_reduction for r in seen), ZERO),
                          sum((r.realised or ZERO for r in seen), ZERO), "counts"))
    return found


def calibrate(records: Iterable[DriverRecord], strategies: int) -> Calibration:
    """The distribution of each driver's record and the default adjustment (see module)."""
    kept = tuple(records)
    spreads = []
    bias: dict[str, Decimal] = {}
    for driver in DRIVERS:
        values = [r.value for r in kept if r.driver == driver]
        if not values:
            continue
        q = [_quantile(values, Decimal(x)) for x in ("0", "0.25", "0.5", "0.75", "1")]
        spreads.append(Spread(driver, len(values), *q))
        median = q[2]
        shortfall = {"reduction": HUNDRED - median, "unit_cost": HUNDRED - median,
                     "investment": median - HUNDRED}.get(driver, median)
        if driver == "timing":
            shortfall = shortfall.to_integral_value(ROUND_CEILING)
        bias[driver] = max(shortfall, ZERO)
    return Calibration(kept, tuple(spreads), bias, strategies)


class Prior(Record):
    driver: str  # reduction | unit_cost | investment
    name: str
    triangular: tuple[Decimal, Decimal, Decimal]  # percent of plan


def priors_for(plan: Plan, calibration: Calibration) -> tuple[Prior, ...]:
    """Triangular priors [min, median, max] for each driver of `plan` the record covers
    (with two or more observations)."""
    spreads = {s.driver: s for s in calibration.spreads if s.n >= 2}
    points = {d: (s.low, s.median, s.high) for d, s in spreads.items() if d in RATIO_DRIVERS}
    found = []
    if "reduction" in points:
        found += [Prior("reduction", g.name, points["reduction"]) for g in plan.groups
                  if g.reduction]
    if "unit_cost" in points:
        used = sorted({g.benefit for g in plan.groups if g.destinations})
        found += [Prior("unit_cost", b, points["unit_cost"]) for b in used]
    if "investment" in points:
        found += [Prior("investment", c.name, points["investment"]) for c in plan.costs]
    return tuple(found)


def adjusted(plan: Plan, bias: OptimismBias) -> Plan:
    """The plan adjusted for optimism bias (see module)."""
    out = plan
    for group in plan.groups:
        if bias.reduction:
            out = scaled(out, Driver("reduction", group.name), 1 - bias.reduction / HUNDRED)
    if bias.unit_cost:
        for benefit in plan.unit_costs:
            out = scaled(out, Driver("unit_cost", benefit), 1 - bias.unit_cost / HUNDRED)
    if bias.investment:
        for line in plan.costs:
            out = scaled(out, Driver("investment", line.name), 1 + bias.investment / HUNDRED)
    groups = []
    for group in out.groups:
        reduction = {y + bias.timing: v for y, v in group.reduction.items()
                     if y + bias.timing <= plan.end}
        deadweight = min(group.deadweight + bias.deadweight, HUNDRED)
        groups.append(replace(group, reduction=reduction, deadweight=deadweight))
    return replace(out, groups=tuple(groups))
