"""How a business case's drivers become yearly figures: phase-in, persistence, indexation,
refusion and outcome counts. Pure functions on Decimal; each has a worked example a
committee member can check by hand (they run as doctests).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

ZERO, ONE, HUNDRED, TWELVE = Decimal(0), Decimal(1), Decimal(100), Decimal(12)

# Share of the gross benefit the municipality pays, by weeks on public support
# (1-4, 5-26, 27-52, 53+), since 1 January 2016. For kontanthjælp and the other benefits
# it is what the state's refusion (80 / 40 / 30 / 20 %) leaves; for a-dagpenge it is the
# municipality's co-financing (20 / 60 / 70 / 80 %). The two staircases meet in the same
# shares; they are kept apart so the declared basis is printed as the law names it.
MUNICIPAL_SHARE = {
    "refusion_2016": (Decimal("0.2"), Decimal("0.6"), Decimal("0.7"), Decimal("0.8")),
    "adagpenge_2016": (Decimal("0.2"), Decimal("0.6"), Decimal("0.7"), Decimal("0.8")),
}
MONEY_PLACES = Decimal("0.0001")  # kroner and smaller units: far below any decision


def months(start: tuple[int, int], end: tuple[int, int]) -> int:
    """Months from `start` to `end` (year, month), both included.

    >>> months((2018, 6), (2021, 12))
    43
    """
    return (end[0] - start[0]) * 12 + end[1] - start[1] + 1


def phase_in(persons: Decimal, start: tuple[int, int], full: tuple[int, int],
             profile: str, years: range,
             custom: Mapping[tuple[int, int], Decimal] | None = None) -> dict[int, Decimal]:
    """Full-year persons fewer, year by year, for a reduction reached step by step.

    Convention: the reduction counts month by month; `linear` rises in equal steps from
    the start month to the full reduction in the month `full`, `step` is full from the start
    month, `custom` holds the percent given for the latest listed month (0 before the first,
    100 from `full`); a year's full-year persons are the sum of its months / 12. Example:
    350 fewer, linear from June 2018 to December 2018 (7 months): months June-December
    carry 50, 100, ..., 350, which sum to 1,400; 1,400 / 12 = 116.67 full-year persons in
    2018, and 350 in every later year.

    >>> r = phase_in(Decimal(350), (2018, 6), (2018, 12), "linear", range(2018, 2020))
    >>> r[2018].quantize(Decimal("0.01")), r[2019]
    (Decimal('116.67'), Decimal('350'))
    """
    return {year: sum(by_month, ZERO) / TWELVE for year, by_month in
            phase_in_months(persons, start, full, profile, years, custom).items()}


def phase_in_months(persons: Decimal, start: tuple[int, int], full: tuple[int, int],
                    profile: str, years: range,
                    custom: Mapping[tuple[int, int], Decimal] | None = None
                    ) -> dict[int, list[Decimal]]:
    """The persons fewer in each month of each year (`phase_in` sums them by year).

    >>> phase_in_months(Decimal(24), (2025, 7), (2025, 7), "step", range(2025, 2026))[2025]
    ... # doctest: +NORMALIZE_WHITESPACE
    [Decimal('0'), Decimal('0'), Decimal('0'), Decimal('0'), Decimal('0'), Decimal('0'),
     Decimal('24'), Decimal('24'), Decimal('24'), Decimal('24'), Decimal('24'), Decimal('24')]
    """
    steps = months(start, full)
    out: dict[int, list[Decimal]] = {}
    for year in years:
        found = []
        for month in range(1, 13):
            since = months(start, (year, month))
            found.append(ZERO if since <= 0 else
                         persons * _share(profile, since, steps, (year, month), custom or {}))
        out[year] = found
    return out


def _share(profile: str, since: int, steps: int, month: tuple[int, int],
           custom: Mapping[tuple[int, int], Decimal]) -> Decimal:
    if profile == "step" or since >= steps:
        return ONE
    if profile == "custom":
        reached = [share for listed, share in custom.items() if listed <= month]
        return max(reached, default=ZERO) / HUNDRED
    return Decimal(since) / steps


def persisting(reduction: Mapping[int, Decimal], after: int, fade: Decimal
               ) -> dict[int, Decimal]:
    """The effect after year `after` keeps (1 - fade %) of the year before, each year.

    Example: 80 fewer every year, fading 25 % a year after 2027: 2028 keeps 60, 2029 45.

    >>> persisting({2027: Decimal(80), 2028: Decimal(80), 2029: Decimal(80)}, 2027,
    ...            Decimal(25))
    {2027: Decimal('80'), 2028: Decimal('60.00'), 2029: Decimal('45.0000')}
    """
    kept = ONE - fade / HUNDRED
    return {year: n if year <= after else n * kept ** (year - after)
            for year, n in sorted(reduction.items())}


def index_factor(year: int, price_year: int, rate: Decimal | None = None,
                 index: Mapping[int, Decimal] | None = None) -> Decimal:
    """What an amount in `price_year` prices is worth in `year`: a yearly rate, compounded,
    or the ratio of two index values.

    Example: 2 % a year from 2025: 2027 is 1.02 x 1.02 = 1.0404.

    >>> index_factor(2027, 2025, rate=Decimal(2))
    Decimal('1.0404')
    >>> index_factor(2026, 2025, index={2025: Decimal(100), 2026: Decimal(103)})
    Decimal('1.03')
    """
    if index is not None:
        return index[year] / index[price_year]
    step = ONE + (rate or ZERO) / HUNDRED
    return step ** (year - price_year) if year >= price_year else ONE / step ** (price_year - year)


def net_of_refusion(gross: Decimal, staircase: str, duration_mix: Sequence[Decimal]
                    ) -> Decimal:
    """The municipality's net cost of a gross benefit, given how the full-year persons are
    spread over the four duration steps (percent, summing to 100).

    Example: gross 140,000 kr.; 10 / 20 / 30 / 40 % in weeks 1-4 / 5-26 / 27-52 / 53+:
    140,000 x (0.1 x 0.2 + 0.2 x 0.6 + 0.3 x 0.7 + 0.4 x 0.8) = 140,000 x 0.67 = 93,800.

    >>> net_of_refusion(Decimal(140000), "refusion_2016",
    ...                 [Decimal(10), Decimal(20), Decimal(30), Decimal(40)])
    Decimal('93800.0000')
    """
    shares = MUNICIPAL_SHARE[staircase]
    weighted = sum((m / HUNDRED * s for m, s in zip(duration_mix, shares, strict=True)), ZERO)
    return (gross * weighted).quantize(MONEY_PLACES, rounding=ROUND_HALF_UP)


def shares_from_counts(counts: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Percentages from counts of people, for an outcome split given as counts.

    Example, KIK-I's status of the 1436 aktivitetsparate (February 2018): 445 self-
    supporting of 1436 = 30.99 %, shown as 31 % in the KIK-II strategy.

    >>> s = shares_from_counts({"selv": Decimal(445), "andet": Decimal(991)})
    >>> s["selv"].quantize(Decimal("0.01")), round(sum(s.values()), 20) == 100
    (Decimal('30.99'), True)
    """
    total = sum(counts.values(), ZERO)
    return {name: n * HUNDRED / total for name, n in counts.items()}
