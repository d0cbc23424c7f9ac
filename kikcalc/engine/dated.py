"""Unit costs that change within a year, and benefits that end and pass to another.

A dated cost holds each value from its month on; a benefit with `until` and `then` is
priced as the benefit `then` from the month after `until`. The cost of a year is the mean
of its twelve monthly prices: every month counts in full, whatever its number of days, as
in the monthly benefit rates. Worked example (2025 reform, kr. per full-year person):
uddannelseshjælp 80,000 until June 2025, kontanthjælp 100,000 from July:
(6 x 80,000 + 6 x 100,000) / 12 = 90,000 for 2025.

>>> from decimal import Decimal
>>> dated = Dated({"2024-01": Decimal(80000)}, "2025-06", "kontanthjaelp")
>>> year_cost(dated, 2025, lambda benefit, year, month: Decimal(100000))
Decimal('90000')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from kikcalc.record import Record

MONTHS = range(1, 13)
# The price of another benefit in a year and month, or None where it has none.
PriceOf = Callable[[str, int, int], Decimal | None]


class Dated(Record):
    by_month: Mapping[str, Decimal]  # "YYYY-MM" -> cost from that month on
    until: str | None = None  # the last month of this benefit
    then: str | None = None  # the benefit its people are priced as after `until`


def month_price(dated: Dated, year: int, month: int, price_of: PriceOf) -> Decimal | None:
    """The cost in force in one month, or None when nothing is given for it yet."""
    key = f"{year:04d}-{month:02d}"
    if dated.until is not None and dated.then is not None and key > dated.until:
        return price_of(dated.then, year, month)
    in_force = [k for k in dated.by_month if k <= key]
    return dated.by_month[max(in_force)] if in_force else None


def year_cost(dated: Dated, year: int, price_of: PriceOf) -> Decimal | None:
    """Mean of the twelve monthly prices of `year`; None if a month has no price."""
    prices = [month_price(dated, year, month, price_of) for month in MONTHS]
    if any(p is None for p in prices):
        return None
    return sum((p for p in prices if p is not None), Decimal(0)) / 12


def successors(name: str, costs: Mapping[str, object]) -> list[str]:
    """The chain of benefits `name` passes to, stopping before a loop or an unknown name.

    >>> successors("a", {"a": Dated({}, "2025-06", "b"), "b": Dated({}, "2026-06", "a")})
    ['b', 'a']
    """
    chain: list[str] = []
    current = costs.get(name)
    while isinstance(current, Dated) and current.then is not None and current.then not in chain:
        chain.append(current.then)
        current = costs.get(current.then)
    return chain
