"""The strategy's `comparison`, its statistics files read safely, and the benchmark.

The statistics files a strategy names are read the way `unit_costs.from_table` is: a path
relative to the strategy file that stays inside its repository (or folder tree), a regular
file only, capped in size, from the disk or from a git revision. A problem is an `Issue`
(K142) at the file and line where it is, never an exception.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from kikcalc.engine.results import Plan
from kikcalc.model.findings import Issue, Source
from kikcalc.model.message import message
from kikcalc.reading.documents import read_named
from kikcalc.reading.files import DiskFiles, Files
from kikcalc.reading.strategy import Loaded
from kikcalc.statbank.benefits import types_for_benefit
from kikcalc.statbank.compare import Claim, GroupBenchmark, Setup, compare
from kikcalc.statbank.read import Caseloads, Observation, parse_period, read_caseloads

CODE = "K142"


def read_statistics(loaded: Loaded, files: tuple[Files, PurePosixPath] | None = None
                    ) -> tuple[Caseloads | None, list[Issue]]:
    """Every file the comparison names, as one set of observations; None if one fails."""
    comparison = loaded.strategy.comparison
    assert comparison is not None
    files = files or DiskFiles.around(loaded.file)
    observations: list[Observation] = []
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
    if issues or first is None:
        return None, issues
    return Caseloads(first.file, first.source, tuple(observations), first.table,
                     first.fetched), []


def claims_of(loaded: Loaded, plan: Plan, source: str) -> tuple[list[Claim], list[Issue]]:
    """Each target group with the statistics' benefit types that count its people."""
    comparison = loaded.strategy.comparison
    assert comparison is not None
    named = comparison.benefit_types
    issues = [Issue(CODE, message("k142_not_group", name=repr(name)),
                    Source(loaded.file, *loaded.positions.find(
                        ("comparison", "benefit_types", name), key=True)))
              for name in named if name not in {g.name for g in plan.groups}]
    claims = []
    for group in plan.groups:
        types = tuple(named.get(group.name) or types_for_benefit(group.benefit, source))
        if types:
            claims.append(Claim(group.name, types, group.reduction, group.deadweight))
    return claims, issues


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
    claims, issues = claims_of(loaded, plan, data.source)
    if issues:
        return None, issues
    setup = Setup(comparison.municipality, tuple(comparison.cluster), baseline,
                  comparison.country, comparison.against)
    return compare(data, setup, claims, plan.years), []
