"""Income that follows the persons: a state grant per person, moving with the reduction.

Two kinds (docs/grants.md):

- `full_year_person`: an amount a year for each full-year person fewer in the outcome,
  ``reduction(t) x share(outcome) x (1 - deadweight) x amount``;
- `person_into_work`: an amount once for each person who leaves into the outcome, e.g. the
  resultattilskud for a refugee in ordinary employment (integrationsloven § 45, stk. 8,
  nr. 1: 76,500 kr. at 2017 prices, bekendtgørelse nr. 1591 af 15. december 2017, § 11).
  ASSUMPTION: the persons who leave in a year are the year's rise in full-year persons
  fewer, ``max(0, reduction(t) - reduction(t-1))``, so over the years each person of the
  highest reduction brings the grant once, in the year the reduction first reaches them.

Both are scaled by (1 - deadweight), since who would have left anyway would have brought
the grant anyway, and not by the retention after udligning: a grant is not a saved
expense, and udligning does not take it back (ASSUMPTION, as the block grant is not
regulated by it). Worked example: 20 refugees fewer on the benefit in 2026 and 40 from
2027, 75 % into work, no deadweight, 76,500 kr. once: 2026 20 x 0.75 x 76,500 =
1,147,500; 2027 (40 - 20) x 0.75 x 76,500 = 1,147,500; 2028 nothing.

>>> from decimal import Decimal as D
>>> line = GrantLine("r", D(76500), "person_into_work", "selv")
>>> grant_income(line, {2026: D(20), 2027: D(40), 2028: D(40)}, D("0.75"), D(1),
...              range(2026, 2029))
{2026: Decimal('1147500.00'), 2027: Decimal('1147500.00'), 2028: Decimal('0.00')}
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from kikcalc.engine.results import GrantLine, Group, Plan

ZERO, HUNDRED = Decimal(0), Decimal(100)


def persons_for(line: GrantLine, reduction: Mapping[int, Decimal], years: range
                ) -> dict[int, Decimal]:
    """The persons a grant is paid for, by year, before the outcome's share."""
    if line.per == "full_year_person":
        return {year: reduction.get(year, ZERO) for year in years}
    before = reduction.get(years.start - 1, ZERO)
    out = {}
    for year in years:
        now = reduction.get(year, ZERO)
        out[year] = max(ZERO, now - before)
        before = now
    return out


def grant_income(line: GrantLine, reduction: Mapping[int, Decimal], share: Decimal,
                 kept: Decimal, years: range) -> dict[int, Decimal]:
    """The grant's income by year: persons x the outcome's share (a fraction) x `kept`
    (1 - deadweight) x the amount."""
    return {year: n * share * kept * amount_in(line, year)
            for year, n in persons_for(line, reduction, years).items()}


def amount_in(line: GrantLine, year: int) -> Decimal:
    """The grant's amount in `year`: flat, or indexed by the PL index (other prices)."""
    return line.amount[year] if isinstance(line.amount, Mapping) else line.amount


def group_grants(plan: Plan, group: Group) -> dict[str, dict[int, Decimal]]:
    """A group's grants by name and year; net of the deadweight, not of the retention."""
    kept = (HUNDRED - group.deadweight) / HUNDRED
    shares = {d.name: d.share / HUNDRED for d in group.destinations}
    found: dict[str, dict[int, Decimal]] = {}
    for line in group.grants:
        income = grant_income(line, group.reduction, shares.get(line.outcome, ZERO), kept,
                              plan.years)
        before = found.get(line.name, {})
        found[line.name] = {y: before.get(y, ZERO) + v for y, v in income.items()}
    return found
