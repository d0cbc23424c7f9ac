"""How sure is the payback: one driver at a time, and the values at which it switches.

A *driver* is one input of the projection that a committee may doubt: a target group's
reduction, its deadweight, its self-sufficiency share, a benefit's unit cost, an
investment line (for a staff line: the cost per FTE). `scaled` returns the plan with one
driver multiplied by a factor; everything else is the engine as always. Pure functions.

- `sensitivity`: each driver moved by +-10 % and +-25 %; the effect on the cumulative net
  at the horizon and on the payback year, largest swing first (a tornado table).
- `switching_value`: the factor at which the cumulative net at the end of a given year
  is exactly 0. The projection is linear in every driver but the self-sufficiency share
  (which moves the other shares too), so the factor is solved exactly from two points
  where the line through them also holds at a third; otherwise it is found by bisection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from kikcalc.analysis.contributions import HUNDRED, SELF, Contributions, Driver, drivers, scaled
from kikcalc.engine.projection import find_payback, project
from kikcalc.engine.results import ZERO, Plan
from kikcalc.record import Record

__all__ = ["HUNDRED", "SELF", "Driver", "drivers", "scaled", "sensitivity", "switching_value"]


class Outcome(Record):
    cumulative_at_end: Decimal
    payback_year: int | None


def outcome(plan: Plan) -> Outcome:
    return _outcome(project(plan).net, plan.start)


def _outcome(net: Mapping[int, Decimal], start: int) -> Outcome:
    payback = find_payback(net, start)
    return Outcome(payback.cumulative_at_end, payback.year)


class SensitivityRow(Record):
    driver: Driver
    results: Mapping[Decimal, Outcome]  # by change in percent, e.g. -25, -10, 10, 25

    @property
    def swing(self) -> Decimal:
        values = [o.cumulative_at_end for o in self.results.values()]
        return max(values) - min(values)


#: The last plan analysed, its steps and the result: the memo's tornado table and its
#: chart ask for the same analysis, which at 1,000 target groups takes seconds.
_LAST: list[tuple[Plan, tuple[Decimal, ...], Outcome, tuple[SensitivityRow, ...]]] = []


def sensitivity(plan: Plan, steps: Sequence[Decimal] = (Decimal(10), Decimal(25))
                ) -> tuple[Outcome, list[SensitivityRow]]:
    """The base outcome and one row per driver, largest swing first.

    Worked example (eksempelby): the reduction of Jobparate drives all savings (24.49 mio.
    kr.), so -25 % takes 6.1225 off the cumulative 9.49, leaving 3.3675.
    """
    key = tuple(steps)
    if _LAST and _LAST[0][0] is plan and _LAST[0][1] == key:  # the same plan, not an equal one
        return _LAST[0][2], list(_LAST[0][3])
    changes = sorted({-s for s in steps} | set(steps))
    moved = Contributions(plan)  # each driver then costs its own years, not a projection
    rows = [SensitivityRow(d, {c: _outcome(moved.net(d, 1 + c / HUNDRED), plan.start)
                               for c in changes})
            for d in drivers(plan)]
    rows.sort(key=lambda r: (-r.swing, r.driver.kind, r.driver.name))
    base = _outcome(moved.base.net, plan.start)
    _LAST[:] = [(plan, key, base, tuple(rows))]
    return base, rows


def cumulative_at(plan: Plan, year: int) -> Decimal:
    return _cumulative(project(plan).net, year)


def _cumulative(net: Mapping[int, Decimal], year: int) -> Decimal:
    return sum((v for y, v in net.items() if y <= year), ZERO)


def switching_value(plan: Plan, driver: Driver, year: int,
                    contributions: Contributions | None = None) -> Decimal | None:
    """The factor on `driver` at which the cumulative net at the end of `year` is 0, or
    None if no factor from 0 to 10 gets there.

    Worked example (eksempelby, by 2028): the cumulative net at 2028 is 3.17 with savings
    of 18.17 to then, so the reduction may fall to 1 - 3.17 / 18.17 = 82.55 % of plan.
    """
    moved = contributions or Contributions(plan)

    def scaled_at(factor: Decimal) -> Decimal:  # the cumulative with the driver so scaled
        return _cumulative(moved.net(driver, factor), year)

    at = {f: scaled_at(Decimal(f)) for f in (0, 1, 2)}
    slope = at[1] - at[0]
    if at[2] - at[1] == slope:  # linear in this driver: solve
        return None if slope == 0 else -at[0] / slope
    low, high = Decimal(0), Decimal(10)
    f_low, f_high = scaled_at(low), scaled_at(high)
    if (f_low < 0) == (f_high < 0):
        return None
    for _ in range(80):
        middle = (low + high) / 2
        value = scaled_at(middle)
        if (value < 0) == (f_low < 0):
            low = middle
        else:
            high = middle
    return (low + high) / 2


def possible_factors(plan: Plan, driver: Driver) -> tuple[Decimal, Decimal | None]:
    """The factors that leave `driver` possible: no driver below 0, and a deadweight or a
    self-sufficiency share of at most 100 % (no upper bound: None).

    Example: a deadweight of 20 % may be scaled from 0 to 5 times (100 %)."""
    if driver.kind not in ("deadweight", "share"):
        return ZERO, None
    group = next(g for g in plan.groups if g.name == driver.name)
    value = group.deadweight if driver.kind == "deadweight" else next(
        d.share for d in group.destinations if d.name.lower() in SELF)
    return ZERO, (HUNDRED / value if value > 0 else None)


def switching_values(plan: Plan, year: int) -> list[tuple[Driver, Decimal | None, str]]:
    """Each driver's switching value by the end of `year` (None: it does not switch inside
    what the driver can be), and whether the driver's value is a `min` or a `max` for a
    cumulative net of at least 0."""
    found = []
    moved = Contributions(plan)  # one projection for all drivers
    for driver in drivers(plan):
        factor = switching_value(plan, driver, year, moved)
        low, high = possible_factors(plan, driver)
        if factor is not None and (factor < low or (high is not None and factor > high)):
            factor = None  # it would switch only where the driver cannot go
        rising = _cumulative(moved.net(driver, Decimal(2)), year) > \
            _cumulative(moved.base.net, year)
        found.append((driver, factor, "min" if rising else "max"))
    return found
