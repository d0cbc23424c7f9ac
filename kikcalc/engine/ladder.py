"""Refusion over time: a gross benefit made a municipal net cost week by week on a refusion
ladder, with the count of weeks on public support that carries across benefits and starts
again after 52 weeks of self-support. Pure functions on Decimal; the ladders are data
(`kikcalc/model/refusion.py`), and each rule has a worked example that runs as a doctest.

The weeks a strategy saves are the last weeks of each spell, priced at the step they fall
on, not at the stock's average. Worked example (refusion_2016, gross 200,000 kr. a year):
a spell of 52 weeks shortened to 26 saves weeks 27-52, all on the step of 30 % refusion,
so each full-year person saved costs the municipality 200,000 x 0.70 = 140,000 kr.; the
average of the whole spell, (4 x 20 + 22 x 60 + 26 x 70) / 52 = 61.92 %, would price it at
123,846.15 kr.

>>> steps = LADDERS["refusion_2016"].steps
>>> net_of_ladder(Decimal(200000), steps, 27, 52)
Decimal('140000.0000')
>>> net_of_ladder(Decimal(200000), steps, 1, 52)
Decimal('123846.1538')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from kikcalc.model.refusion import LADDERS, RESTART_WEEKS, Steps

MONEY_PLACES = Decimal("0.0001")  # as `drivers.net_of_refusion`
HUNDRED = Decimal(100)


def weeks_counted_before(weeks_before: int, self_supported_weeks: int) -> int:
    """The weeks on public support a new spell counts on from: the weeks before, across
    benefits, unless the person has since had 52 whole weeks of self-support within 3
    years (§ 6), which starts the count again.

    Kontanthjælp for 60 weeks, then ledighedsydelse after 10 weeks in work: the count goes
    on from week 60 (step 4, 20 % refusion); after 52 weeks in work it starts at week 1.

    >>> weeks_counted_before(60, 10), weeks_counted_before(60, 52)
    (60, 0)
    """
    return 0 if self_supported_weeks >= RESTART_WEEKS else weeks_before


def net_of_ladder(gross: Decimal, steps: Sequence[tuple[int, Decimal]], first: int,
                  last: int, weeks_before: int = 0, self_supported_weeks: int = 0) -> Decimal:
    """The municipality's net cost per full-year person of a gross benefit over the weeks
    `first`-`last` of a spell: the gross times the mean municipal share of those weeks,
    each at the step of its week on support (the spell's week plus the weeks counted
    before it).

    Ledighedsydelse (gross 150,000) after 60 weeks on kontanthjælp: weeks 1-26 are weeks
    61-86 on support, all at 20 % refusion: 150,000 x 0.8 = 120,000. After a year in work
    the count starts again: 4 weeks at 20 % and 22 at 60 %, (4 x 20 + 22 x 60) / 26 = 53.85 %:
    150,000 x 1,400 / 2,600 = 80,769.23.

    >>> net_of_ladder(Decimal(150000), LADDERS["refusion_2016"].steps, 1, 26, 60)
    Decimal('120000.0000')
    >>> net_of_ladder(Decimal(150000), LADDERS["refusion_2016"].steps, 1, 26, 60, 52)
    Decimal('80769.2308')
    """
    offset = weeks_counted_before(weeks_before, self_supported_weeks)
    total = _percent_weeks(steps, offset + first, offset + last)
    mean = total / (last - first + 1) / HUNDRED
    return (gross * mean).quantize(MONEY_PLACES, rounding=ROUND_HALF_UP)


def _percent_weeks(steps: Sequence[tuple[int, Decimal]], first: int, last: int) -> Decimal:
    """The municipal percent summed over the weeks `first`-`last` on support, a step at a
    time (the work grows with the steps, not the weeks): before the first step the
    municipality pays all, as `municipal_percent` says.

    >>> _percent_weeks(LADDERS["refusion_2016"].steps, 1, 52)
    Decimal('3220')
    """
    bounds = [(start, percent) for start, percent in sorted(steps)]
    edges = [*(start for start, _ in bounds), last + 1]
    total = HUNDRED * max(0, min(last, edges[0] - 1) - first + 1)  # weeks before any step
    for (start, percent), end in zip(bounds, edges[1:], strict=True):
        weeks = min(last, end - 1) - max(first, start) + 1
        if weeks > 0:
            total += (HUNDRED - percent) * weeks
    return total


def ladder_in_force(ladders: Mapping[int, str], year: int) -> str | None:
    """The ladder a year is priced on when the file gives one by year: each from its year
    on (`{2009: sygedagpenge_2009, 2011: sygedagpenge_2011}` prices 2010 on the first).

    >>> ladder_in_force({2009: "a", 2011: "b"}, 2010), ladder_in_force({2009: "a"}, 2008)
    ('a', None)
    """
    started = [y for y in ladders if y <= year]
    return ladders[max(started)] if started else None


def steps_of(ladder: str | Sequence[tuple[int, Decimal]]) -> Steps | None:
    """The steps of a named ladder (None when the catalogue has no such ladder), or the
    file's own steps in week order."""
    if isinstance(ladder, str):
        found = LADDERS.get(ladder)
        return found.steps if found else None
    return tuple(sorted(ladder))
