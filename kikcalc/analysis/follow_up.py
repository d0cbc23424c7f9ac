"""Follow-up: the planned caseload against the observed one, and the forecast it updates.

Pure and exact (`Decimal`); the observations come in as plain data. Per target group g and
year t of the period, with B the group's baseline (full-year persons) and R(g, t) the
planned reduction as the engine computes it (the `reduction` path, or the `phase_in` ramp,
then `persistence`):

    planned      P(g, t) = B - R(g, t)
    observed     O(g, t)   (the statistics' mean of the year's periods, else the year's
                            counts of the file; a count is a stock on its date)
    realised     B - O(g, t)
    gap          P - O                 (+ = fewer on the benefit than planned: ahead)
    gap in kr.   (P - O) x v(g, t)     (+ = gain for the municipality)
    share        (B - O) / R           (percent of the planned reduction realised)

where v(g, t) is what the engine counts one full-year person fewer as worth: the benefit's
net unit cost less the cost of the destinations (`outcomes`), times (1 - deadweight) and
the share kept after udligning (`retention`). The realised share *to date* is the sum of
the realised reductions over the observed years divided by the sum of the planned ones.

Forecast: the observed years keep what was observed; every other year gets the planned
reduction times the group's realised share to date (the observed realisation rate carried
forward); the range uses the lowest and the highest share of a single observed year. The
updated net is the plan's projected net plus the change in savings, and its payback is
found as the engine finds any payback.

KIK-I (strategies/kik1.yaml): B = 1008, R = 200 / 400 / 500 / 500, counts 563 on 31 July
2017 and 499 on 29 January 2018. Planned 808 / 608 / 508 / 508; 2017: realised 445 of 400
(111.25 %), 45 ahead; 2018: 509 of 500 (101.8 %), 9 ahead; to date 954 / 900 = 106 %.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Literal

from kikcalc.engine.projection import make_series, nothing_to_pay_back, unit_cost
from kikcalc.engine.results import Group, Payback, Plan
from kikcalc.record import Record

HUNDRED = Decimal(100)
ZERO = Decimal(0)


class Observed(Record):
    persons: Decimal  # full-year persons (statistics) or persons on a date (a count)
    as_of: str  # the count's date, or the year (and whether the statistics cover it whole)
    kind: Literal["count", "statistics"]
    whole: bool = True  # False: the statistics cover only part of the year


class GroupYear(Record):
    year: int
    planned_reduction: Decimal
    planned: Decimal
    observed: Observed | None
    realised: Decimal | None  # B - O
    gap: Decimal | None  # P - O, + = ahead of plan
    value: Decimal  # one full-year person fewer, in the plan's unit
    gap_amount: Decimal | None  # gap x value, + = gain
    share: Decimal | None  # percent of the planned reduction realised this year


class GroupFollowUp(Record):
    group: str
    baseline: Decimal
    rows: tuple[GroupYear, ...]
    realised_share: Decimal | None  # percent, to date
    low_share: Decimal | None  # the lowest share of one observed year
    high_share: Decimal | None
    behind_since: GroupYear | None  # first of the observed years, to the last, behind plan
    planned: bool = True  # False: a group only observed (counts, no reduction, no outcomes)

    @property
    def gap_to_date(self) -> Decimal:
        return sum((r.gap_amount for r in self.rows if r.gap_amount is not None), ZERO)


class Forecast(Record):
    name: str  # planned | central | low | high
    savings: Mapping[int, Decimal]
    net: Mapping[int, Decimal]
    payback: Payback


class FollowUp(Record):
    groups: tuple[GroupFollowUp, ...]
    skipped: tuple[str, ...]  # groups with no baseline: nothing to plan against
    forecasts: tuple[Forecast, ...]  # planned, central, low, high
    # savings taken out of the budget frame by year (rammereduktion), in the plan's unit
    harvested: Mapping[int, Decimal] = {}
    drivers: bool = True  # False: a follow-up file (budget, actuals, counts): no forecast
    # a follow-up file's budget line and actuals: its plan and what was realised
    budget: Mapping[int, Decimal] = {}
    actual: Mapping[int, Decimal] = {}


def person_value(plan: Plan, group: Group, year: int) -> Decimal:
    """What the engine counts one full-year person fewer in `year` as worth (see module);
    0 for a group only observed (no outcomes: nothing is priced)."""
    if not group.destinations:
        return ZERO
    left = unit_cost(plan, group.benefit, year)
    per_person = sum((d.share / HUNDRED * (left - unit_cost(plan, d.benefit, year))
                      for d in group.destinations), ZERO)
    return per_person * (HUNDRED - group.deadweight) / HUNDRED * plan.retention


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return part / whole * HUNDRED if whole else None


def follow_group(plan: Plan, group: Group, baseline: Decimal,
                 observed: Mapping[int, Observed]) -> GroupFollowUp:
    rows = []
    for year in plan.years:
        reduction = group.reduction.get(year, ZERO)
        seen = observed.get(year)
        value = person_value(plan, group, year)
        realised = baseline - seen.persons if seen else None
        gap = realised - reduction if realised is not None else None
        priced = gap is not None and bool(group.destinations)
        rows.append(GroupYear(year, reduction, baseline - reduction, seen, realised, gap, value,
                              gap * value if priced and gap is not None else None,
                              _ratio(realised, reduction) if realised is not None else None))
    seen_rows = [r for r in rows if r.realised is not None]
    planned = sum((r.planned_reduction for r in seen_rows), ZERO)
    shares = [r.share for r in seen_rows if r.share is not None]
    behind = None
    for row in reversed(seen_rows):
        if row.gap is None or row.gap >= 0:
            break
        behind = row
    return GroupFollowUp(group.name, baseline, tuple(rows),
                         _ratio(sum((r.realised or ZERO for r in seen_rows), ZERO), planned),
                         min(shares) if shares else None, max(shares) if shares else None,
                         behind, bool(group.reduction or group.destinations))


def _forecast(name: str, plan: Plan, followed: Sequence[tuple[Group, GroupFollowUp]],
              savings: Mapping[int, Decimal], net: Mapping[int, Decimal],
              pick: str) -> Forecast:
    change = dict.fromkeys(plan.years, ZERO)
    for _, result in followed if pick != "planned" else ():
        rate = {"central": result.realised_share, "low": result.low_share,
                "high": result.high_share}.get(pick)
        for row in result.rows:
            if row.realised is not None:
                expected = row.realised
            elif rate is not None:
                expected = row.planned_reduction * rate / HUNDRED
            else:
                expected = row.planned_reduction
            change[row.year] += (expected - row.planned_reduction) * row.value
    updated = {y: net.get(y, ZERO) + change[y] for y in plan.years}
    # all zeros (a file of targets and counts only) is nothing to pay back, not a payback
    payback = nothing_to_pay_back(make_series(name, updated, plan.start)).payback
    return Forecast(name, {y: savings.get(y, ZERO) + change[y] for y in plan.years}, updated,
                    payback)


def follow_up(plan: Plan, savings: Mapping[int, Decimal], net: Mapping[int, Decimal],
              observed: Mapping[str, Mapping[int, Observed]],
              baselines: Mapping[str, Decimal] | None = None,
              harvested: Mapping[int, Decimal] | None = None) -> FollowUp:
    """Every target group against what was observed of it, and the forecasts (see module).

    `savings` and `net` are the plan's projected series; `baselines` gives a baseline to a
    group whose file has none (the statistics at the comparison's baseline period);
    `harvested` the savings taken out of the budget frame by year, set against the savings
    of the forecast (a frame cut larger than them is the strain a department feels).
    """
    followed, skipped = [], []
    for group in plan.groups:
        baseline = group.baseline if group.baseline is not None \
            else (baselines or {}).get(group.name)
        if baseline is None:
            skipped.append(group.name)
            continue
        followed.append((group, follow_group(plan, group, baseline,
                                             observed.get(group.name, {}))))
    forecasts = tuple(_forecast(name, plan, followed, savings, net, name)
                      for name in ("planned", "central", "low", "high"))
    return FollowUp(tuple(r for _, r in followed), tuple(skipped), forecasts,
                    dict(harvested or {}), plan.has_drivers, dict(plan.budget or {}),
                    {y: a.amount for y, a in plan.actuals.items()})


class HarvestYear(Record):
    year: int
    cut: Decimal  # taken out of the frame
    planned: Decimal | None  # the plan's savings (a follow-up file: its budget line)
    realised: Decimal | None  # the central forecast's savings: observed where observed (a
    #                           follow-up file: its actuals, None where there is none)
    difference: Decimal | None  # realised - cut; negative: the strain


def harvest_rows(result: FollowUp) -> tuple[HarvestYear, ...]:
    """Per year of the period from the first frame cut: the cut against the savings (a
    follow-up file, with no drivers: against its budget line and actuals).

    >>> f = Forecast("x", {2019: Decimal(15)}, {}, None)
    >>> r = FollowUp((), (), (f, f), {2019: Decimal("20.5")})
    >>> harvest_rows(r)[0].difference
    Decimal('-5.5')
    """
    if not result.harvested:
        return ()
    planned, central = result.forecasts[0], result.forecasts[1]
    first = min(result.harvested)
    rows = []
    for y in planned.savings:
        if y < first:
            continue
        cut = result.harvested.get(y, ZERO)
        plan, done = ((planned.savings[y], central.savings[y]) if result.drivers else
                      (result.budget.get(y), result.actual.get(y)))
        rows.append(HarvestYear(y, cut, plan, done, None if done is None else done - cut))
    return tuple(rows)


def observed_from_counts(counts: Sequence[tuple[str, Decimal]]) -> dict[int, Observed]:
    """A year's observation from the file's counts (ISO date, persons): the mean of the
    counts dated in that year, as of the last of them.

    >>> observed_from_counts([("2017-07-31", Decimal(563))])[2017].persons
    Decimal('563')
    """
    years: dict[int, list[tuple[str, Decimal]]] = {}
    for date, persons in sorted(counts):
        years.setdefault(int(date[:4]), []).append((date, persons))
    return {year: Observed(sum((p for _, p in found), ZERO) / len(found), found[-1][0], "count")
            for year, found in years.items()}


class Alert(Record):
    group: str
    realised_share: Decimal | None  # percent, to date
    shortfall: Decimal | None  # percentage points below 100
    gap: Decimal  # to date, in the plan's unit; + = ahead
    since: str | None  # the first observation of the run behind plan


def alerts(result: FollowUp, max_shortfall: Decimal | None, max_gap: Decimal | None
           ) -> list[Alert]:
    """The groups behind plan by more than a threshold: a realised share to date more than
    `max_shortfall` points below 100 %, or a gap to date of more than `max_gap` (the plan's
    unit) behind plan.

    >>> g = GroupFollowUp("Jobparate", Decimal(400), (), Decimal(70), None, None, None)
    >>> alerts(FollowUp((g,), (), ()), Decimal(20), None)[0].shortfall
    Decimal('30')
    """
    found = []
    for g in result.groups:
        shortfall = HUNDRED - g.realised_share if g.realised_share is not None else None
        short = max_shortfall is not None and shortfall is not None and shortfall > max_shortfall
        gap = g.gap_to_date
        if short or (max_gap is not None and -gap > max_gap):
            first = g.behind_since or next((r for r in g.rows if r.gap is not None and r.gap < 0),
                                           None)
            since = first.observed.as_of if first and first.observed else None
            found.append(Alert(g.group, g.realised_share, shortfall, gap, since))
    return found
