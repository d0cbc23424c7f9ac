"""What a budget proposal changes against the adopted strategy.

`compare` lines up two evaluated strategies (the base may be missing: a new file) and
returns the changes a reviewer looks at first: total investment, cumulative net at the
horizon and payback year per series, yearly net, and savings per target group. `verdict`
applies the policy's thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kikcalc.engine import SERIES_ORDER, ZERO
from kikcalc.plan import convert
from kikcalc.policy import Policy
from kikcalc.views import Evaluated

Value = Decimal | int | None


@dataclass(frozen=True)
class Change:
    key: str  # what changed, e.g. "investment", "payback:projected", "net:2021"
    base: Value
    proposal: Value

    @property
    def delta(self) -> Value:
        if self.base is None or self.proposal is None:
            return None
        return self.proposal - self.base

    @property
    def changed(self) -> bool:
        return self.base != self.proposal


@dataclass(frozen=True)
class Comparison:
    name: str
    unit: str
    end: int
    headline: tuple[Change, ...]  # investment, then per series: cumulative at end, payback
    yearly: tuple[Change, ...]  # projected net by year
    groups: tuple[Change, ...]  # projected savings over the period, per target group
    new_file: bool

    @property
    def material(self) -> bool:
        return self.new_file or any(c.changed for c in (*self.headline, *self.yearly,
                                                         *self.groups))


def _in_unit(value: Decimal, ev: Evaluated, unit: str) -> Decimal:
    return convert(value, ev.unit, unit)


def _facts(ev: Evaluated | None, unit: str) -> dict[str, Value]:
    """Every comparable figure of one strategy, in `unit`, keyed as in `Change.key`."""
    if ev is None:
        return {}
    facts: dict[str, Value] = {}
    projection = ev.results.projection
    if projection is not None:
        facts["investment"] = _in_unit(sum(projection.investment.values(), ZERO), ev, unit)
        for year, net in projection.net.items():
            facts[f"net:{year}"] = _in_unit(net, ev, unit)
        for group in projection.groups:
            facts[f"group:{group.name}"] = _in_unit(sum(group.total.values(), ZERO), ev, unit)
    for name, series in ev.results.series.items():
        facts[f"cumulative:{name}"] = _in_unit(series.payback.cumulative_at_end, ev, unit)
        facts[f"payback:{name}"] = series.payback.year
    return facts


def _changes(keys: list[str], base: dict[str, Value], proposal: dict[str, Value]
             ) -> tuple[Change, ...]:
    return tuple(Change(k, base.get(k), proposal.get(k)) for k in keys
                 if k in base or k in proposal)


def compare(base: Evaluated | None, proposal: Evaluated) -> Comparison:
    """Line up base and proposal in the proposal's unit."""
    unit = proposal.unit
    old, new = _facts(base, unit), _facts(proposal, unit)
    keys = sorted(set(old) | set(new))
    series_keys = [f"{kind}:{name}" for name in SERIES_ORDER for kind in ("cumulative", "payback")]
    headline = _changes(["investment", *series_keys], old, new)
    yearly = _changes([k for k in keys if k.startswith("net:")], old, new)
    groups = _changes([k for k in keys if k.startswith("group:")], old, new)
    return Comparison(proposal.name, unit, proposal.plan.end, headline, yearly, groups,
                      base is None)


def payback_slip(change: Change, end: int) -> int | None:
    """Years by which payback moved later (+) or earlier (-); not paying back counts as
    one year past the proposal's horizon."""
    if change.base is None and change.proposal is None:
        return None
    base = change.base if change.base is not None else end + 1
    proposal = change.proposal if change.proposal is not None else end + 1
    return int(proposal) - int(base)


@dataclass(frozen=True)
class Breach:
    """A diff threshold of the policy that the proposal breaks."""

    kind: str  # "payback_slip" or "cumulative_drop"
    series: str
    amount: Decimal | int  # years later, or the fall in the proposal's unit
    limit: Decimal | int


def verdict(comparison: Comparison, policy: Policy) -> list[Breach]:
    """The policy's diff thresholds that the proposal breaks."""
    broken: list[Breach] = []
    if comparison.new_file:
        return broken  # nothing to slip or fall from
    for change in comparison.headline:
        kind, _, series = change.key.partition(":")
        if kind == "payback" and policy.max_payback_slip is not None:
            slip = payback_slip(change, comparison.end)
            if slip is not None and slip > policy.max_payback_slip:
                broken.append(Breach("payback_slip", series, slip, policy.max_payback_slip))
        if kind == "cumulative" and policy.max_cumulative_drop is not None:
            drop = -Decimal(change.delta or 0)
            limit = convert(policy.max_cumulative_drop, "mio. kr.", comparison.unit)
            if drop > limit:
                broken.append(Breach("cumulative_drop", series, drop, limit))
    return broken
