"""Persons and prices that both change within a year, multiplied month by month.

A year's saving is normally its full-year persons times the year's mean price: exact when
either the persons or the price is the same in all twelve months. Where both change within
the year (a phase-in across a rate change), that product is wrong: the persons of each
month must be priced at that month's price. Worked example (docs/reforms.md): 24 persons
fewer from July 2025 (a step), a benefit of 60,000 kr. a full-year person until June and
120,000 from July. By year: 12 full-year persons x the mean price 90,000 = 1,080,000 kr.
Month by month: 6 months x 24 persons x 120,000 / 12 = 1,440,000 kr.

The month-by-month price is kept as the *person-weighted price* of the year,
``sum(p_m x c_m) / sum(p_m)``, beside the plain mean it replaces, so that full-year persons
times it is the month-by-month figure. Only years where both change get one: every other
figure stays exactly as it was. A driver that scales a unit cost (sensitivity, breakeven,
simulate) scales the weighted price with it (`price_in_year`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

# year -> benefit -> (the year's mean price, its person-weighted price)
Weighted = Mapping[int, Mapping[str, tuple[Decimal, Decimal]]]


def _varies(values: Sequence[Decimal]) -> bool:
    return any(v != values[0] for v in values)


def weighted_prices(persons: Mapping[int, Sequence[Decimal]],
                    prices: Mapping[str, Sequence[Decimal | None]],
                    benefits: Iterable[str], start: int) -> dict[int, dict[str, tuple[
                        Decimal, Decimal]]]:
    """For each year whose persons change within it, and each of `benefits` whose price
    changes within it too, the mean price and the person-weighted price.

    `persons`: the persons fewer in each month of each year; `prices`: a benefit's price in
    each month of the period (January of `start` first).

    >>> D = Decimal
    >>> weighted_prices({2025: [D(0)] * 6 + [D(24)] * 6},
    ...                 {"b": [D(60000)] * 6 + [D(120000)] * 6}, ["b"], 2025)
    {2025: {'b': (Decimal('90000'), Decimal('120000'))}}
    """
    wanted = [b for b in dict.fromkeys(benefits) if b in prices]
    out: dict[int, dict[str, tuple[Decimal, Decimal]]] = {}
    for year, by_month in persons.items():
        total = sum(by_month, Decimal(0))
        if len(by_month) != 12 or not total or not _varies(by_month):
            continue
        for benefit in wanted:
            months = prices[benefit][12 * (year - start):12 * (year - start) + 12]
            if len(months) != 12 or any(c is None for c in months):
                continue
            priced = [c for c in months if c is not None]
            if not _varies(priced):
                continue
            mean = sum(priced, Decimal(0)) / 12
            weighted = sum((p * c for p, c in zip(by_month, priced, strict=True)),
                           Decimal(0)) / total
            out.setdefault(year, {})[benefit] = (mean, weighted)
    return out


def price_in_year(weighted: Weighted, benefit: str | None, year: int,
                  price: Decimal) -> Decimal:
    """The price of `benefit` in `year` for a group: its person-weighted price where the
    group has one, scaled if the plan's price was scaled from the mean; else `price`.

    >>> w = {2025: {"b": (Decimal(90000), Decimal(120000))}}
    >>> price_in_year(w, "b", 2025, Decimal(90000)), price_in_year(w, "b", 2025,
    ...                                                           Decimal(45000))
    (Decimal('120000'), Decimal('60000'))
    """
    found = weighted.get(year, {}).get(benefit or "") if benefit is not None else None
    if found is None:
        return price
    mean, person_weighted = found
    if price == mean:
        return person_weighted
    return price * person_weighted / mean if mean else price  # a mean of 0 cannot scale
