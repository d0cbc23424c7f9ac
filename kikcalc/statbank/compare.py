"""The comparison: the municipality's caseload against its cluster and the whole country.

Pure and exact: plain data and `Decimal` in, plain data out; no I/O. Per target group and
year of the strategy's period, with M the municipality's caseload (full-year persons: the
mean of the year's quarters or months), C the cluster's (the sum over its municipalities), N
the country's, and b the baseline period:

    index        I_M = 100 x M / M_b     (and I_C, I_N alike)
    expected     E = M_b x C / C_b       (had the municipality followed the cluster;
                                          M_b x N / N_b for the country)
    supported    S = E - M               (the fall beyond the benchmark's)
    implied dw   d = 100 x (1 - S / R)   (R: the reduction the strategy claims that year)

The implied deadweight is the deadweight that makes the strategy's claim, R x (1 - d/100),
equal to what the data supports; over the period, d = 100 x (1 - sum S / sum R) over the
years that have both. Worked example (KIK-I, constructed series): M_b = 1008, C from 3000
to 2850 (index 95) in 2016, M = 800: E = 1008 x 0.95 = 957.6, S = 157.6, and with R = 200
the implied deadweight is 100 x (1 - 157.6 / 200) = 21.2 %.

This is a comparison, not a causal estimate. It assumes parallel trends: that without the
strategy the municipality's caseload would have moved by the same percentage as the
benchmark's. Years are flagged where that is doubtful: the cluster's index jumps by more
than `UNSTABLE_POINTS` from one year to the next, the cluster and the country disagree by
more than that, a year is only partly observed, or the series breaks (the 2025 merge; the
2027 move of everyone on kontanthjælp to jobparat, for a group that counts some visitation
categories).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, localcontext
from typing import Literal

from kikcalc.record import Record
from kikcalc.statbank.benefits import MERGE_YEAR, SeriesBreak, series_break, visitation_break
from kikcalc.statbank.read import PARTS, Caseloads, Period

Against = Literal["cluster", "country"]
HUNDRED = Decimal(100)
UNSTABLE_POINTS = Decimal(15)


class Setup(Record):
    """The strategy's `comparison`, as plain data."""

    municipality: str
    cluster: tuple[str, ...]
    baseline: Period
    country: str = "Hele landet"
    against: Against = "cluster"


class Claim(Record):
    """What the strategy says of one target group."""

    group: str
    benefit_types: tuple[str, ...]
    reduction: Mapping[int, Decimal]
    deadweight: Decimal  # percent


class YearRow(Record):
    year: int
    municipality: Decimal | None
    cluster: Decimal | None
    country: Decimal | None
    index_municipality: Decimal | None
    index_cluster: Decimal | None
    index_country: Decimal | None
    expected_cluster: Decimal | None
    expected_country: Decimal | None
    supported: Decimal | None  # against the chosen benchmark
    claimed: Decimal | None
    implied_deadweight: Decimal | None
    flags: tuple[str, ...]


class GroupBenchmark(Record):
    group: str
    benefit_types: tuple[str, ...]
    against: Against
    baseline: Period
    base: tuple[Decimal | None, Decimal | None, Decimal | None]  # municipality, cluster, country
    rows: tuple[YearRow, ...]
    supported_total: Decimal | None
    claimed_total: Decimal | None
    implied_deadweight: Decimal | None
    assumed_deadweight: Decimal
    flags: tuple[str, ...]
    series_break: SeriesBreak | None
    visitation_break: int | None = None  # the 2027 move of everyone to jobparat


def area_series(data: Caseloads, areas: Iterable[str], types: Iterable[str]
                ) -> dict[Period, Decimal | None]:
    """The sum over areas and benefit types per period; None where a part is missing."""
    wanted_areas, wanted_types = set(areas), set(types)
    parts: dict[Period, list[Decimal | None]] = {}
    for o in data.observations:
        if o.area in wanted_areas and o.benefit_type in wanted_types:
            parts.setdefault(o.period, []).append(o.persons)
    size = len(wanted_areas) * len(wanted_types)
    return {p: _sum(values) if len(values) == size else None
            for p, values in sorted(parts.items())}


def _sum(values: list[Decimal | None]) -> Decimal | None:
    total = Decimal(0)
    for value in values:
        if value is None:
            return None
        total += value
    return total


def yearly(series: Mapping[Period, Decimal | None]) -> dict[int, tuple[Decimal | None, bool]]:
    """Per year: the mean of its finest periods (full-year persons) and whether it is whole."""
    kinds = {p.kind for p in series}
    kind = next(k for k in ("month", "quarter", "year") if k in kinds) if kinds else "year"
    years: dict[int, list[Decimal | None]] = {}
    for period, value in series.items():
        if period.kind == kind:
            years.setdefault(period.year, []).append(value)
    return {y: (None if None in v else _mean(v), len(v) == PARTS[kind])  # type: ignore[arg-type]
            for y, v in years.items()}


def _mean(values: list[Decimal]) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        return sum(values, Decimal(0)) / len(values)


def at_baseline(series: Mapping[Period, Decimal | None], baseline: Period) -> Decimal | None:
    """The caseload in the baseline period (a year: the mean of its periods)."""
    if baseline in series:
        return series[baseline]
    if baseline.kind == "year":
        value, _ = yearly(series).get(baseline.year, (None, False))
        return value
    return None


def _ratio(value: Decimal | None, base: Decimal | None, scale: Decimal) -> Decimal | None:
    if value is None or base is None or base == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 60
        return scale * value / base


def compare_group(data: Caseloads, setup: Setup, claim: Claim, years: range) -> GroupBenchmark:
    """The benchmark of one target group over the strategy's years (see the module)."""
    cluster = tuple(a for a in setup.cluster if a != setup.municipality)
    against: Against = setup.against if cluster else "country"
    series = [area_series(data, areas, claim.benefit_types)
              for areas in ((setup.municipality,), cluster, (setup.country,))]
    m_base, c_base, n_base = (at_baseline(s, setup.baseline) for s in series)
    base = (m_base, c_base, n_base)
    annual = [yearly(s) for s in series]
    split = series_break(claim.benefit_types)
    moved = visitation_break(claim.benefit_types)
    rows, previous = [], HUNDRED
    for year in years:
        row = _row(year, annual, base, claim, against, split, previous, moved)
        previous = row.index_cluster if row.index_cluster is not None else previous
        rows.append(row)
    counted = [r for r in rows if r.supported is not None and r.claimed
               and "break" not in r.flags]
    supported = sum((r.supported for r in counted if r.supported is not None), Decimal(0))
    claimed = sum((r.claimed for r in counted if r.claimed is not None), Decimal(0))
    ratio = _ratio(supported, claimed, HUNDRED) if counted else None
    implied = HUNDRED - ratio if ratio is not None else None
    flags = _group_flags(setup, cluster, base, rows)
    return GroupBenchmark(claim.group, claim.benefit_types, against, setup.baseline,
                          base, tuple(rows), supported if counted else None,
                          claimed if counted else None, implied, claim.deadweight,
                          flags, split, moved)


def _row(year: int, annual: list[dict[int, tuple[Decimal | None, bool]]],
         base: tuple[Decimal | None, ...], claim: Claim, against: Against,
         split: SeriesBreak | None, previous: Decimal, moved: int | None = None) -> YearRow:
    (m, m_whole), (c, c_whole), (n, n_whole) = (a.get(year, (None, False)) for a in annual)
    i_m, i_c, i_n = (_ratio(v, b, HUNDRED) for v, b in zip((m, c, n), base, strict=True))
    index = (i_m, i_c, i_n)
    expected_c = _ratio(c, base[1], base[0]) if base[0] is not None else None
    expected_n = _ratio(n, base[2], base[0]) if base[0] is not None else None
    expected = expected_c if against == "cluster" else expected_n
    supported = expected - m if expected is not None and m is not None else None
    claimed = claim.reduction.get(year)
    implied = None
    if supported is not None and claimed:
        implied = HUNDRED - (_ratio(supported, claimed, HUNDRED) or Decimal(0))
    flags = []
    if None in (m, c, n):
        flags.append("missing")
    elif not (m_whole and c_whole and n_whole):
        flags.append("partial")
    if index[1] is not None and abs(index[1] - previous) > UNSTABLE_POINTS:
        flags.append("unstable")
    if index[1] is not None and index[2] is not None \
            and abs(index[1] - index[2]) > UNSTABLE_POINTS:
        flags.append("disagree")
    if (split is not None and not split.bridged and year >= MERGE_YEAR) \
            or (moved is not None and year >= moved):
        flags.append("break")
    if implied is not None and implied < 0:
        flags.append("more_than_claimed")
    if supported is not None and claimed and supported <= 0:
        flags.append("none_supported")
    return YearRow(year, m, c, n, i_m, i_c, i_n, expected_c, expected_n, supported, claimed,
                   implied, tuple(flags))


def _group_flags(setup: Setup, cluster: tuple[str, ...], base: tuple[Decimal | None, ...],
                 rows: list[YearRow]) -> tuple[str, ...]:
    flags = []
    if setup.municipality in setup.cluster:
        flags.append("cluster_without_municipality")
    if not cluster:
        flags.append("no_cluster")
    if None in base:
        flags.append("no_baseline")
    if any("unstable" in r.flags for r in rows):
        flags.append("unstable")
    if any("break" in r.flags for r in rows):
        flags.append("break")
    return tuple(flags)


def compare(data: Caseloads, setup: Setup, claims: Iterable[Claim], years: range
            ) -> tuple[GroupBenchmark, ...]:
    """The benchmark of every target group the comparison names."""
    return tuple(compare_group(data, setup, claim, years) for claim in claims)
