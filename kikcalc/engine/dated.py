"""Unit costs that change within a year, and benefits that end and pass to another.

A dated cost holds each value from its month on; a benefit with `until` and `then` is
priced as the benefit `then` from the month after `until`. The cost of a year is the mean
of its twelve monthly prices: every month counts in full, whatever its number of days, as
in the monthly benefit rates. Worked example (2025 reform, kr. per full-year person):
uddannelseshjælp 80,000 until June 2025, kontanthjælp 100,000 from July:
(6 x 80,000 + 6 x 100,000) / 12 = 90,000 for 2025.

>>> from decimal import Decimal
>>> costs = {"uh": Dated({"2024-01": Decimal(80000)}, "2025-06", "kh")}
>>> yearly_costs(costs, ["uh"], range(2025, 2026), lambda benefit, month: Decimal(100000))
{'uh': {2025: Decimal('90000')}}

Bounded by construction: a file may list thousands of benefits and months, and chains of
`then` thousands of links long. Each benefit is priced once, only when asked for, from its
own months up to its `until` by bisection, and takes the years after from the benefit it
passes to; a chain is followed iteratively, never by recursion. The work grows with the
benefits asked for and those they pass to, and only with the logarithm of the months a
benefit lists.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import cast

from kikcalc.record import Record

MONTHS = range(1, 13)
# The price of a benefit that is not priced by month, in the month at an index of the
# period's months (0 = January of the first year), or None where it has none.
PriceOf = Callable[[str, int], Decimal | None]
Prices = list[Decimal | None]


class Dated(Record):
    by_month: Mapping[str, Decimal]  # "YYYY-MM" -> cost from that month on
    until: str | None = None  # the last month of this benefit
    then: str | None = None  # the benefit its people are priced as after `until`

    @property
    def passes_on(self) -> bool:
        return self.until is not None and self.then is not None


def months_of(years: range) -> list[str]:
    """Every month of `years` as "YYYY-MM", in order.

    >>> months_of(range(2025, 2026))[::5]
    ['2025-01', '2025-06', '2025-11']
    """
    return [f"{year:04d}-{month:02d}" for year in years for month in MONTHS]


def own_prices(dated: Dated, months: Sequence[str]) -> Prices:
    """The cost in force in each of `months` from the benefit's own list (None before its
    first month): a bisection for the price in force at the start, then a run of months
    for each listed month inside `months`."""
    listed = sorted(dated.by_month)
    at = bisect_right(listed, months[0]) if months else 0
    price = dated.by_month[listed[at - 1]] if at else None
    found: Prices = []
    for key in listed[at:]:
        change = bisect_left(months, key, lo=len(found))
        if change == len(months):
            break
        found += [price] * (change - len(found))
        price = dated.by_month[key]
    return found + [price] * (len(months) - len(found))


class Priced(Record):
    """A benefit's price in each month of the period, and the mean of each year that has
    a price in all twelve."""

    monthly: Prices
    yearly: dict[int, Decimal]


def yearly_costs(costs: Mapping[str, Dated], wanted: Iterable[str], years: range,
                 price_of: PriceOf) -> dict[str, dict[int, Decimal]]:
    """The yearly costs of each wanted benefit priced by month (`priced_costs`)."""
    return {name: found.yearly for name, found in
            priced_costs(costs, wanted, years, price_of).items()}


def priced_costs(costs: Mapping[str, Dated], wanted: Iterable[str], years: range,
                 price_of: PriceOf) -> dict[str, Priced]:
    """The monthly and yearly costs of each wanted benefit priced by month and of every benefit it
    passes to; `price_of` prices the benefits a chain ends in. A benefit in a loop has no
    price after its `until` (the rules report the loop).

    Each chain is walked forwards to a benefit already priced (or its end), then priced
    backwards: a link takes its own months up to `until` and the next link's after, and
    the means of the years after the one `until` falls in as the next link has them.
    """
    months = months_of(years)
    priced: dict[str, Priced] = {}
    ends: dict[str, Priced] = {}  # the benefits chains end in, each priced once
    for name in wanted:
        path, end = _unpriced_links(name, costs, priced)
        if end is None or end in path:  # the chain stops, or runs into a loop
            tail = Priced([None] * len(months), {})
        elif end in priced:
            tail = priced[end]
        else:
            if end not in ends:
                monthly = [price_of(end, i) for i in range(len(months))]
                ends[end] = Priced(monthly, year_means(monthly, years))
            tail = ends[end]
        for link_name in reversed(path):
            link = costs[link_name]
            cut = bisect_right(months, link.until or "") if link.passes_on else len(months)
            priced[link_name] = tail = _link(own_prices(link, months[:cut]), tail, years)
    return priced


def _link(own: Prices, tail: Priced, years: range) -> Priced:
    """A benefit's own prices for its first months, then those of the benefit it passes
    to: only the years with a month of its own are averaged again."""
    monthly = own + tail.monthly[len(own):]
    own_years = -(-len(own) // 12)
    first_shared = years.start + own_years
    yearly = year_means(monthly[:12 * own_years], years[:own_years])
    yearly.update((year, cost) for year, cost in tail.yearly.items() if year >= first_shared)
    return Priced(monthly, yearly)


def _unpriced_links(name: str, costs: Mapping[str, Dated], priced: Mapping[str, Priced]
                    ) -> tuple[dict[str, None], str | None]:
    """The links from `name` on that are not priced yet, in order, and where they lead:
    a priced benefit, one not priced by month, one of the links (a loop), or None."""
    path: dict[str, None] = {}  # ordered, and a quick test for a loop
    current: str | None = name
    while current is not None and current in costs and current not in priced \
            and current not in path:
        path[current] = None
        link = costs[current]
        current = link.then if link.passes_on else None
    return path, current


def year_means(prices: Prices, years: range) -> dict[int, Decimal]:
    """Mean of the twelve monthly prices of each year; a year with a month unpriced is
    left out. (`None in prices` would compare each Decimal with None, slowly.)"""
    out: dict[int, Decimal] = {}
    for i, year in enumerate(years):
        try:  # a month without a price (None) cannot be added: the year has no mean
            out[year] = sum(cast(list[Decimal], prices[12 * i:12 * i + 12]), Decimal(0)) / 12
        except TypeError:
            continue
    return out


def in_loops(then: Mapping[str, str]) -> set[str]:
    """The benefits whose chain of `then` leads back to themselves, in one pass: each
    benefit is followed once (linear in the number of benefits).

    >>> sorted(in_loops({"a": "b", "b": "a", "c": "a", "d": "e"}))
    ['a', 'b']
    """
    looped: set[str] = set()
    done: set[str] = set()
    for start in then:
        path: list[str] = []
        at: dict[str, int] = {}
        current: str | None = start
        while current is not None and current not in done and current not in at:
            at[current] = len(path)
            path.append(current)
            current = then.get(current)
        if current is not None and current in at:  # this walk closed a loop
            looped.update(path[at[current]:])
        done.update(path)
    return looped
