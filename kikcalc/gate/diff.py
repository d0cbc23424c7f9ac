"""What a budget proposal changes against the adopted strategy, and whether the policy allows it.

`compare` lines up two evaluated strategies (the base may be missing: a new file) and
returns the changes a reviewer looks at first: total investment, cumulative net and payback
year per series, yearly net, and savings per target group. `verdict` applies the policy's
thresholds the way a budget reviewer reads them:
- the plan series (projected, budget) are judged by their payback year within each
  version's own period and by the cumulative net over the years both versions cover; a series
  that no longer pays back (a shorter period included) breaks any slip limit; a series added
  or removed is shown, not judged as a slip;
- actuals are not a plan: years recorded are judged against the base's budget of those
  years, a correction against the base's figure it replaces (whatever its `as_of`), so an
  on-budget year passes and nothing the change brings excuses a shortfall;
- the forecast follows from the two and is shown only.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from kikcalc.engine.plan import convert
from kikcalc.engine.results import SERIES_ORDER, ZERO, Plan
from kikcalc.engine.retention import retention_parts
from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.gate.policy import Policy
from kikcalc.record import Record, replace

Value = Decimal | int | None
PLAN_SERIES = ("projected", "budget")


class Change(Record):
    key: str  # what changed, e.g. "investment", "payback:projected", "net:2021"
    base: Value
    proposal: Value
    year: int | None = None  # the year a cumulative refers to
    # payback only: "lost", "gained", "added", "removed" (a series), or None
    transition: str | None = None

    @property
    def delta(self) -> Value:
        if self.base is None or self.proposal is None:
            return None
        return self.proposal - self.base

    @property
    def changed(self) -> bool:
        return self.base != self.proposal or self.transition in ("added", "removed")


class Horizon(Record):
    base: tuple[int, int]
    proposal: tuple[int, int]

    @property
    def changed(self) -> bool:
        return self.base != self.proposal

    @property
    def common_end(self) -> int:
        return min(self.base[1], self.proposal[1])


class Comparison(Record):
    name: str
    unit: str
    end: int
    headline: tuple[Change, ...]  # investment, then per series: cumulative and payback
    yearly: tuple[Change, ...]  # projected net by year
    groups: tuple[Change, ...]  # projected savings over the period, per target group
    new_file: bool
    horizon: Horizon | None = None  # None for a new file
    actual_years: tuple[Change, ...] = ()  # actuals recorded or corrected, against budget
    # caseload targets and counts, in persons: a proposal that raises a target or adds a
    # count can turn a missed target into a met one (K207), so a reviewer must see it
    caseload: tuple[Change, ...] = ()

    @property
    def material(self) -> bool:
        return self.new_file or any(c.changed for c in (*self.headline, *self.yearly,
                                                         *self.groups, *self.caseload))


def _sum(values: Mapping[int, Decimal]) -> Decimal:
    return sum(values.values(), ZERO)


def _facts(ev: Evaluated, unit: str) -> dict[str, Value]:
    """Funding, investment, yearly net and group savings of one strategy, in `unit`."""
    facts: dict[str, Value] = {}
    projection = ev.results.projection
    if ev.funding is not None:
        facts["funding"] = convert(ev.funding, ev.unit, unit)
    if projection is not None:
        facts["investment"] = convert(_sum(projection.investment), ev.unit, unit)
        for year, net in projection.net.items():
            facts[f"net:{year}"] = convert(net, ev.unit, unit)
        for group in projection.groups:
            facts[f"group:{group.name}"] = convert(_sum(group.total), ev.unit, unit)
        for name, values in projection.known_savings.items():
            facts[f"group:{name}"] = convert(_sum(values), ev.unit, unit)
    for kind, name, when, persons in ev.caseload:  # persons: never converted
        facts[f"{kind}:{when.isoformat()}:{name}"] = persons
    return facts


def _changes(prefix: str, base: dict[str, Value], proposal: dict[str, Value]
             ) -> tuple[Change, ...]:
    keys = sorted(k for k in set(base) | set(proposal) if k.startswith(prefix))
    return tuple(Change(k, base.get(k), proposal.get(k)) for k in keys)


def _up_to(ev: Evaluated, series: str, end: int, unit: str
           ) -> tuple[int | None, Decimal, int | None]:
    """Payback year within the version's own period (a year is a year, whatever the
    horizon), and the cumulative and last year with a figure counting years up to `end`,
    the last year both versions cover."""
    found = ev.results.series[series]
    net = {y: v for y, v in found.net.items() if y <= end}
    cumulative = convert(_sum(net), ev.unit, unit)
    return found.payback.year, cumulative, max(net, default=None)


def _series_changes(base: Evaluated | None, proposal: Evaluated, unit: str, end: int
                    ) -> list[Change]:
    out: list[Change] = []
    for name in SERIES_ORDER:
        old = name in base.results.series if base else False
        new = name in proposal.results.series
        if not (old or new):
            continue
        b = _up_to(base, name, end, unit) if base and old else (None, None, None)
        p = _up_to(proposal, name, end, unit) if new else (None, None, None)
        transition = None
        if base is not None and old != new:
            transition = "added" if new else "removed"
        elif base is not None and b[0] is not None and p[0] is None:
            transition = "lost"
        elif base is not None and b[0] is None and p[0] is not None:
            transition = "gained"
        shown = transition if transition in ("added", "removed") else None
        out.append(Change(f"cumulative:{name}", b[1], p[1], p[2] or b[2], shown))
        out.append(Change(f"payback:{name}", b[0], p[0], None, transition))
        if name == "projected":
            out += _owed(base if old else None, proposal if new else None, unit, end)
    return out


def _owed(base: Evaluated | None, proposal: Evaluated | None, unit: str, end: int
          ) -> list[Change]:
    """What retention by parts books after `end` (the last year both versions cover) for
    the savings of the years up to it (a part's `lag`): a give-back moved past the
    horizon is still owed, so the cumulative is judged with it (a net gain after it is not
    counted: it has not arrived); a period lengthened in the same change cannot hide it
    either. Shown only when either version has some."""
    def owed(ev: Evaluated | None) -> Decimal | None:
        if ev is None or ev.results.projection is None or not ev.plan.retention_rules:
            return None if ev is None or ev.results.projection is None else ZERO
        _, beyond = retention_parts(replace(ev.plan, end=min(end, ev.plan.end)))
        # a give-back is owed; a gain booked after the horizon has not arrived: not counted
        return convert(min(sum(beyond.values(), ZERO), ZERO), ev.unit, unit)

    b, p = owed(base), owed(proposal)
    if not (b or p):
        return []
    return [Change("owed:projected", b, p)]


def _budget_to(plan: Plan, year: int, as_of: datetime.date | None) -> Decimal:
    """The budget of `year` for the part of it an actual covers: as given when the budget
    runs to the same date, else pro rata by days; a year the budget leaves out is 0.

    >>> _budget_to(Plan(2018, 2018, budget={2018: Decimal(365)}), 2018,
    ...            datetime.date(2018, 1, 31))
    Decimal('31')
    """
    budget = (plan.budget or {}).get(year, ZERO)
    if as_of is None or plan.budget_as_of.get(year) == as_of:
        return budget
    start = datetime.date(year, 1, 1)
    days = (datetime.date(year + 1, 1, 1) - start).days
    return budget * ((as_of - start).days + 1) / days


def _actual_years(base: Evaluated, proposal: Evaluated, unit: str) -> tuple[Change, ...]:
    """Actuals the proposal records or corrects (key `actual:YEAR`), each judged against
    what the base says, never against what the proposal itself brings:
    - a correction of a recorded actual (a new amount, or a new `as_of`) against the
      recorded figure it replaces;
    - a new actual against the base's budget of that year (for the part of the year it
      covers), so moving the budget between years in the same change cannot excuse it.
    A recorded actual deleted or turned into a forecast is a removal (`removals.py`);
    forecasts are not actuals yet and are left to the forecast series."""
    out = []
    for year, actual in sorted(proposal.plan.actuals.items()):
        if actual.forecast:
            continue
        before = base.plan.actuals.get(year)
        if before is not None and not before.forecast:
            reference = convert(before.amount, base.unit, unit)
            # compared in one unit: a new `unit` with the figures left alone rescales them
            if reference == convert(actual.amount, proposal.unit, unit) \
                    and before.as_of == actual.as_of:
                continue
        else:
            as_of = actual.as_of if actual.partial else None
            reference = convert(_budget_to(base.plan, year, as_of), base.unit, unit)
        out.append(Change(f"actual:{year}", reference, convert(actual.amount, proposal.unit,
                                                                unit)))
    return tuple(out)


def compare(base: Evaluated | None, proposal: Evaluated) -> Comparison:
    """Line up base and proposal in the proposal's unit, on the years both cover."""
    unit = proposal.unit
    plan = proposal.plan
    horizon = None if base is None else Horizon((base.plan.start, base.plan.end),
                                                (plan.start, plan.end))
    end = horizon.common_end if horizon else plan.end
    old = _facts(base, unit) if base else {}
    new = _facts(proposal, unit)
    headline = (*_changes("investment", old, new), *_changes("funding", old, new),
                *_series_changes(base, proposal, unit, end))
    actual_years = _actual_years(base, proposal, unit) if base else ()
    caseload = (*_changes("target:", old, new), *_changes("floor:", old, new),
                *_changes("count:", old, new))
    return Comparison(proposal.name, unit, end, headline, _changes("net:", old, new),
                      _changes("group:", old, new), base is None, horizon, actual_years,
                      tuple(c for c in caseload if c.changed or base is None))


def payback_slip(change: Change) -> int | None:
    """Years by which payback moved later (+) or earlier (-), when both versions pay back."""
    if isinstance(change.base, int) and isinstance(change.proposal, int):
        return change.proposal - change.base
    return None


class Breach(Record):
    """A diff threshold of the policy that the proposal breaks."""

    kind: str  # "payback_slip", "payback_lost", "cumulative_drop" or "actual_shortfall"
    series: str
    amount: Decimal | int | None  # years later, or the fall in the proposal's unit
    limit: Decimal | int


def _slip_breach(change: Change, series: str, limit: int) -> Breach | None:
    if change.transition == "lost":
        return Breach("payback_lost", series, None, limit)
    slip = payback_slip(change)
    if slip is not None and slip > limit:
        return Breach("payback_slip", series, slip, limit)
    return None


def verdict(comparison: Comparison, policy: Policy) -> list[Breach]:
    """The policy's diff thresholds that the proposal breaks."""
    if comparison.new_file:
        return []  # nothing to slip or fall from
    broken: list[Breach] = []
    limit = None if policy.max_cumulative_drop is None else \
        convert(policy.max_cumulative_drop, "mio. kr.", comparison.unit)
    owed = {c.key.partition(":")[2]: Decimal(c.delta or 0) for c in comparison.headline
            if c.key.startswith("owed:")}
    for change in comparison.headline:
        kind, _, series = change.key.partition(":")
        if series not in PLAN_SERIES or change.transition in ("added", "removed"):
            continue
        if kind == "payback" and policy.max_payback_slip is not None:
            breach = _slip_breach(change, series, policy.max_payback_slip)
            broken += [breach] if breach else []
        if kind == "cumulative" and limit is not None and change.delta is not None:
            # with what the period's parts give back after it (`_owed`)
            drop = -(Decimal(change.delta) + owed.get(series, ZERO))
            if drop > limit:
                broken.append(Breach("cumulative_drop", series, drop, limit))
    if limit is not None and comparison.actual_years:
        shortfall = -sum((Decimal(c.delta or 0) for c in comparison.actual_years), ZERO)
        if shortfall > limit:
            broken.append(Breach("actual_shortfall", "actual", shortfall, limit))
    return broken
