"""Drivers of the projection and each one's own contribution to the net, so that moving
one driver costs the years of what it touches, not a whole projection.

A *driver* is one input a committee may doubt: a target group's reduction, its
deadweight, its self-sufficiency share, a benefit's unit cost, an investment line.
`scaled` gives the plan with one driver multiplied by a factor. `Contributions(plan)`
projects the plan once and keeps every sum of the engine (savings over target groups,
costs over lines and categories) with the terms it was made of; `net(driver, factor)` then
recomputes only the terms the driver changes, with the engine's own `group_savings`, and
puts them in place of the old ones.

Exactly as the engine: a sum with one term replaced is `total - old + new`, which equals
the engine's sum in order whenever no partial sum is rounded. That holds when every term
has at most `precision` digits from the largest sum of magnitudes down to the smallest
exponent, which is checked for each year; where it does not hold (only figures near the
precision can fail it), that year's sum is made again in the engine's order. The result
is given the exponent the engine's sum would have, so even `Decimal('5.0')` against
`Decimal('5')` agree.
"""

from __future__ import annotations

import decimal
import itertools
import operator
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

from kikcalc.engine.projection import group_savings, project
from kikcalc.engine.results import ZERO, Group, Plan
from kikcalc.record import Record, replace

HUNDRED = Decimal(100)
SELF = ("selvforsorgelse", "selvforsørgelse")


class Driver(Record):
    kind: str  # reduction | deadweight | share | unit_cost | investment
    name: str  # the group, benefit or investment line


def drivers(plan: Plan) -> Iterator[Driver]:
    for group in plan.groups:
        yield Driver("reduction", group.name)
        if group.deadweight:
            yield Driver("deadweight", group.name)
        if any(d.name.lower() in SELF for d in group.destinations) and len(group.destinations) > 1:
            yield Driver("share", group.name)
    used = {g.benefit for g in plan.groups} | {d.benefit for g in plan.groups
                                               for d in g.destinations if d.benefit}
    for benefit in sorted(used):
        yield Driver("unit_cost", benefit)
    for line in plan.costs:
        yield Driver("investment", line.name)


def _times(values: Mapping[int, Decimal], factor: Decimal) -> dict[int, Decimal]:
    return {year: v * factor for year, v in values.items()}


def scaled_group(group: Group, driver: Driver, factor: Decimal) -> Group:
    """The group with its reduction, deadweight or self-sufficiency share times `factor`
    (shares and deadweight capped at 100; the other shares make room in proportion)."""
    if driver.kind == "reduction":
        return replace(group, reduction=_times(group.reduction, factor))
    if driver.kind == "deadweight":
        return replace(group, deadweight=min(group.deadweight * factor, HUNDRED))
    own = next(d for d in group.destinations if d.name.lower() in SELF)
    new_share = min(own.share * factor, HUNDRED)
    rest = HUNDRED - own.share
    keep = (HUNDRED - new_share) / rest if rest else ZERO
    destinations = tuple(replace(d, share=new_share if d is own else d.share * keep)
                         for d in group.destinations)
    return replace(group, destinations=destinations)


def scaled_cost(cost: Mapping[int, Decimal] | Decimal, factor: Decimal
                ) -> Mapping[int, Decimal] | Decimal:
    return _times(cost, factor) if isinstance(cost, Mapping) else cost * factor


def scaled(plan: Plan, driver: Driver, factor: Decimal) -> Plan:
    """The plan with one driver multiplied by `factor` (shares and deadweight capped at 100)."""
    if driver.kind in ("reduction", "deadweight", "share"):
        groups = tuple(scaled_group(g, driver, factor) if g.name == driver.name else g
                       for g in plan.groups)
        return replace(plan, groups=groups)
    if driver.kind == "unit_cost":
        new = scaled_cost(plan.unit_costs[driver.name], factor)
        return replace(plan, unit_costs={**plan.unit_costs, driver.name: new})
    costs = tuple(replace(c, amounts=_times(c.amounts, factor))
                  if c.name == driver.name else c for c in plan.costs)
    return replace(plan, costs=costs)


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # amounts are finite
    return exponent


class _Sums:
    """`sum((term.get(year, ZERO) for term in terms), ZERO)` for each year, as the engine
    makes it, with what is needed to replace some terms without adding all again."""

    def __init__(self, terms: Sequence[Mapping[int, Decimal]], years: range) -> None:
        self.terms, self.years = terms, years
        self.total: dict[int, Decimal] = {}
        self.size: dict[int, Decimal] = {}  # sum of magnitudes
        self.low: dict[int, int] = {}  # smallest exponent, ZERO (where the sum starts) too
        self.exponents: dict[int, Counter[int]] = {}  # how many terms have each
        self.columns: dict[int, list[Decimal]] = {}  # the terms of each year, in order
        self.prefixes: dict[int, list[Decimal]] = {}  # their partial sums, when needed
        for year in years:
            values = self.columns[year] = [term.get(year, ZERO) for term in terms]
            exponents = [0, *map(_exponent, values)]
            self.total[year] = sum(values, ZERO)
            self.size[year] = sum(map(abs, values), ZERO)
            self.low[year] = min(exponents)
            self.exponents[year] = Counter(exponents)

    def replaced(self, new: Mapping[int, Mapping[int, Decimal]]) -> dict[int, Decimal]:
        """The sums with term i replaced by `new[i]` for each i in `new`."""
        precision = decimal.getcontext().prec
        out = {}
        for year in self.years:
            old = [self.terms[i].get(year, ZERO) for i in new]
            now = [term.get(year, ZERO) for term in new.values()]
            low, lowest_new = self.low[year], min(map(_exponent, now), default=0)
            size = self.size[year] + sum(map(abs, now), ZERO)
            if size and size.adjusted() - min(low, lowest_new) + 2 > precision:
                out[year] = self._in_order(year, new)  # a partial sum could round
                continue
            total = self.total[year] - sum(old, ZERO) + sum(now, ZERO)
            if lowest_new > low:  # the engine's sum has the exponent of its own terms
                gone = Counter(map(_exponent, old))
                kept = min(e for e, n in self.exponents[year].items() if n > gone[e])
                total = total.quantize(Decimal(1).scaleb(min(kept, lowest_new)))
            out[year] = total
        return out

    def _in_order(self, year: int, new: Mapping[int, Mapping[int, Decimal]]) -> Decimal:
        """The engine's sum, partial sum by partial sum, from the first term replaced on:
        the partial sums before it are the base's (kept once a year is asked for)."""
        first = min(new, default=len(self.terms))
        prefixes = self.prefixes.get(year)
        if prefixes is None:
            prefixes = self.prefixes[year] = list(
                itertools.accumulate(self.columns[year], operator.add, initial=ZERO))
        values = self.columns[year][first:]
        for i, term in new.items():
            values[i - first] = term.get(year, ZERO)
        return sum(values, prefixes[first])


class Contributions:
    """The plan projected once; `net(driver, factor)` is `project(scaled(...)).net`."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        projection = project(plan)
        self.base = projection
        self.savings = _Sums([g.total for g in projection.groups], plan.years)
        self.categories: dict[str, list[int]] = {}  # cost lines by category, first seen first
        for i, line in enumerate(plan.costs):
            self.categories.setdefault(line.category, []).append(i)
        self.by_category = {name: _Sums([plan.costs[i].amounts for i in lines], plan.years)
                            for name, lines in self.categories.items()}
        self.investment = _Sums(list(projection.costs_by_category.values()), plan.years)
        self.users: dict[str, list[int]] = {}  # groups whose savings a unit cost moves
        self.named: dict[str, list[int]] = {}  # groups by name (a name may repeat)
        for i, group in enumerate(plan.groups):
            self.named.setdefault(group.name, []).append(i)
            for benefit in {group.benefit, *(d.benefit for d in group.destinations)}:
                if benefit is not None:
                    self.users.setdefault(benefit, []).append(i)

    def net(self, driver: Driver, factor: Decimal) -> dict[int, Decimal]:
        """Net effect by year with `driver` times `factor`, equal to the whole projection's."""
        plan, base = self.plan, self.base
        if plan.retention_rules:  # the parts follow the groups and the lines: project again
            return dict(project(scaled(plan, driver, factor)).net)
        savings, investment = base.savings, base.investment
        if driver.kind == "investment":
            investment = self._investment(driver.name, factor)
        else:
            savings = self.savings.replaced(self._groups(driver, factor))
        return {year: savings[year] + base.other[year] - investment[year]
                for year in plan.years}

    def _groups(self, driver: Driver, factor: Decimal) -> dict[int, Mapping[int, Decimal]]:
        """The new savings of each target group the driver moves, by its position."""
        plan = self.plan
        if driver.kind == "unit_cost":
            cost = scaled_cost(plan.unit_costs[driver.name], factor)
            out: dict[int, Mapping[int, Decimal]] = {}
            for i in self.users.get(driver.name, []):
                group = plan.groups[i]
                # the unit costs this group reads, one of them moved: not a copy of them all
                costs = {b: cost if b == driver.name else plan.unit_costs[b]
                         for b in (group.benefit, *(d.benefit for d in group.destinations))
                         if b is not None}
                out[i] = group_savings(replace(plan, unit_costs=costs), group).total
            return out
        return {i: group_savings(plan, scaled_group(plan.groups[i], driver, factor)).total
                for i in self.named.get(driver.name, [])}

    def _investment(self, name: str, factor: Decimal) -> dict[int, Decimal]:
        lines = self.plan.costs
        changed: dict[int, Mapping[int, Decimal]] = {}
        for position, (category, members) in enumerate(self.categories.items()):
            new = {k: _times(lines[i].amounts, factor)
                   for k, i in enumerate(members) if lines[i].name == name}
            if new:
                changed[position] = self.by_category[category].replaced(new)
        return self.investment.replaced(changed)
