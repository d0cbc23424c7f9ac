"""The strategy's `comparison`, its statistics files read safely, and the benchmark.

The statistics files a strategy names are read the way `unit_costs.from_table` is: a path
relative to the strategy file that stays inside its repository (or folder tree), a regular
file only, capped in size, from the disk or from a git revision. A problem is an `Issue`
(K142) at the file and line where it is, never an exception.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePosixPath

from kikcalc.engine.results import Plan
from kikcalc.loading.strategy import Loaded
from kikcalc.model.findings import Issue, Source
from kikcalc.model.message import message
from kikcalc.reading.documents import read_named
from kikcalc.reading.files import DiskFiles, Files
from kikcalc.statbank.benefits import types_for_benefit
from kikcalc.statbank.compare import (
    Claim,
    GroupBenchmark,
    Setup,
    area_series,
    at_baseline,
    compare,
    yearly,
)
from kikcalc.statbank.read import Caseloads, Observation, parse_period, read_caseloads
from kikcalc.statbank.tableinfo import COUNTRY_LABELS, match_names

CODE = "K142"


def read_statistics(loaded: Loaded, files: tuple[Files, PurePosixPath] | None = None
                    ) -> tuple[Caseloads | None, list[Issue]]:
    """Every file the comparison names, as one set of observations; None if one fails."""
    comparison = loaded.strategy.comparison
    assert comparison is not None
    files = files or DiskFiles.around(loaded.file)
    observations: list[Observation] = []
    codes: list[tuple[str, str]] = []
    issues: list[Issue] = []
    first: Caseloads | None = None
    for index, name in enumerate(comparison.statistics):
        where = Source(loaded.file, *loaded.positions.find(("comparison", "statistics", index)))
        text, label, problems = read_named(name, files, message("statistics_file"), CODE, where)
        if label is None:
            issues.extend(problems)
            continue
        data, read_problems = read_caseloads(text, label) if text is not None else (None, [])
        issues.extend(problems)
        issues.extend(Issue(CODE, p.message, Source(p.file, p.line, 1)) for p in read_problems)
        if data is not None:
            first = first or data
            observations.extend(data.observations)
            codes.extend(data.codes)
    if issues or first is None:
        return None, issues
    return Caseloads(first.file, first.source, tuple(observations), first.table,
                     first.fetched, tuple(codes)), []


def claims_of(loaded: Loaded, plan: Plan, data: Caseloads) -> tuple[list[Claim], list[Issue]]:
    """Each target group with the statistics' benefit types that count its people, as the
    statistics label them (a label of the strategy or kikcalc's default for its benefit)."""
    comparison = loaded.strategy.comparison
    assert comparison is not None
    named = comparison.benefit_types
    issues = [Issue(CODE, message("k142_not_group", name=repr(name)),
                    Source(loaded.file, *loaded.positions.find(
                        ("comparison", "benefit_types", name), key=True)))
              for name in named if name not in {g.name for g in plan.groups}]
    claims = []
    labels = {o.benefit_type for o in data.observations}
    for group in plan.groups:
        wanted = named.get(group.name) or types_for_benefit(group.benefit, data.source)
        found, missing = match_names(wanted, labels, dict(data.codes))
        if missing and group.name in named:
            where = Source(loaded.file, *loaded.positions.find(
                ("comparison", "benefit_types", group.name)))
            issues.append(Issue(CODE, f"the statistics have no benefit type {missing[0]!r} "
                                f"(they have {_listed(labels)})", where))
        types = tuple(found[w] for w in wanted if w in found) if not missing else tuple(wanted)
        if types:
            claims.append(Claim(group.name, types, group.reduction, group.deadweight))
    return claims, issues


def _listed(labels: set[str]) -> str:
    shown = sorted(labels)[:8]
    return ", ".join(repr(x[:40]) for x in shown) + (", ..." if len(labels) > 8 else "")


def areas_of(loaded: Loaded, data: Caseloads
             ) -> tuple[dict[str, str], str, list[Issue]]:
    """The comparison's areas and the whole country as the statistics label them; K142 for
    an area they do not have."""
    comparison = loaded.strategy.comparison
    assert comparison is not None
    labels, codes = {o.area for o in data.observations}, dict(data.codes)
    found, missing = match_names([comparison.municipality, *comparison.cluster], labels, codes)
    names = [comparison.country] if comparison.country else list(COUNTRY_LABELS)
    country = next(iter(match_names(names, labels, codes)[0].values()), names[0])
    where = Source(loaded.file, *loaded.positions.find(("comparison", "municipality")))
    return found, country, [Issue(CODE, f"the statistics have no area {name!r} (they have "
                                  f"{_listed(labels)})", where) for name in missing[:1]]


def benchmark(loaded: Loaded, plan: Plan, files: tuple[Files, PurePosixPath] | None = None
              ) -> tuple[tuple[GroupBenchmark, ...] | None, list[Issue]]:
    """The benchmark of a strategy with a `comparison`; (None, []) without one."""
    comparison = loaded.strategy.comparison
    if comparison is None:
        return None, []
    data, issues = read_statistics(loaded, files)
    if data is None:
        return None, issues
    baseline = parse_period(comparison.baseline)
    if baseline is None:  # the schema's pattern holds it; kept for a clear message
        where = Source(loaded.file, *loaded.positions.find(("comparison", "baseline")))
        return None, [Issue(CODE, "baseline is not a period (2015, 2015K2, 2015M06)", where)]
    claims, issues = claims_of(loaded, plan, data)
    areas, country, more = areas_of(loaded, data)
    if issues or more:
        return None, issues + more
    setup = Setup(areas[comparison.municipality], tuple(areas[a] for a in comparison.cluster),
                  baseline, country, comparison.against)
    return compare(data, setup, claims, plan.years), []


def observed_caseloads(loaded: Loaded, plan: Plan,
                       files: tuple[Files, PurePosixPath] | None = None
                       ) -> tuple[dict[str, dict[int, tuple[Decimal, bool]]],
                                  dict[str, Decimal], list[Issue]]:
    """Per target group the municipality's full-year persons by year (and whether the
    year is whole), and its caseload at the comparison's baseline period, from the
    statistics the `comparison` names."""
    comparison = loaded.strategy.comparison
    assert comparison is not None
    data, issues = read_statistics(loaded, files)
    if data is None:
        return {}, {}, issues
    claims, issues = claims_of(loaded, plan, data)
    areas, _, more = areas_of(loaded, data)
    baseline = parse_period(comparison.baseline)
    if issues or more or baseline is None:
        return {}, {}, issues + more
    observed, baselines = {}, {}
    for claim in claims:
        series = area_series(data, (areas[comparison.municipality],), claim.benefit_types)
        observed[claim.group] = {year: (value, whole) for year, (value, whole)
                                 in yearly(series).items() if value is not None}
        base = at_baseline(series, baseline)
        if base is not None:
            baselines[claim.group] = base
    return observed, baselines, []
