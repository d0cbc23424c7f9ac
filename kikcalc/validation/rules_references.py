"""Rules about references inside the file: cited sources exist, and uncertainty names a
driver the file has, with a distribution that can be drawn.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from kikcalc.model.findings import Finding, name_list
from kikcalc.model.schema import Figure, Strategy
from kikcalc.reading.strict_yaml import Path


def _cited(strategy: Strategy) -> Iterator[tuple[Path, str]]:
    for field in ("investments", "target_groups", "savings", "other_effects", "funding"):
        for i, item in enumerate(getattr(strategy, field)):
            if item.source is not None:
                yield (field, i, "source"), item.source
    for i, group in enumerate(strategy.target_groups):
        for j, target in enumerate(group.caseload_targets):
            if target.source is not None:
                yield ("target_groups", i, "caseload_targets", j, "source"), target.source
        for j, count in enumerate(group.caseload):
            if count.source is not None:
                yield ("target_groups", i, "caseload", j, "source"), count.source
    if strategy.unit_costs and strategy.unit_costs.source:
        yield ("unit_costs", "source"), strategy.unit_costs.source
    for field in ("budget", "actuals"):
        for year, value in (getattr(strategy, field) or {}).items():
            if isinstance(value, Figure) and value.source is not None:
                yield (field, year, "source"), value.source



def check_sources(strategy: Strategy) -> Iterator[Finding]:
    ids: set[str] = set()
    for i, source in enumerate(strategy.sources):
        if source.id in ids:
            yield Finding(("sources", i, "id"), "K128", f"source id '{source.id}' is given twice")
        ids.add(source.id)
    listing = name_list(sorted(ids))
    for path, cited in _cited(strategy):
        if cited not in ids:
            yield Finding(path, "K128", f"unknown source '{cited}'; sources has {listing}")



DISTRIBUTIONS = {"triangular": 3, "pert": 3, "uniform": 2, "normal": 2}



def _points_problem(kind: str, points: list[Decimal]) -> str | None:
    """What is wrong with a distribution's numbers, or None; `simulate` draws from them."""
    if kind in ("triangular", "pert") and not points[0] <= points[1] <= points[2]:
        return f"min <= mode <= max, got {', '.join(map(str, points))}"
    if kind == "uniform" and not points[0] < points[1]:
        return f"min < max, got {points[0]}, {points[1]}"
    if kind == "normal" and not points[1] > 0:
        return f"a standard deviation above 0, got {points[1]}"
    return None



def check_uncertainty(strategy: Strategy) -> Iterator[Finding]:
    groups = {g.name for g in strategy.target_groups}
    names = {"reduction": groups, "deadweight": groups, "share": groups,
             "unit_cost": set(strategy.unit_costs.benefits) if strategy.unit_costs else set(),
             "investment": {line.name for line in strategy.investments}}
    for i, u in enumerate(strategy.uncertainty):
        given = [k for k in DISTRIBUTIONS if getattr(u, k) is not None]
        if len(given) != 1:
            yield Finding(("uncertainty", i), "K135", f"uncertainty of {u.driver} '{u.name}': "
                          f"give one of {', '.join(DISTRIBUTIONS)}")
            continue
        points = getattr(u, given[0])
        if len(points) != DISTRIBUTIONS[given[0]]:
            yield Finding(("uncertainty", i, given[0]), "K135", f"{given[0]} takes "
                          f"{DISTRIBUTIONS[given[0]]} numbers (percent of plan)")
        elif problem := _points_problem(given[0], points):
            yield Finding(("uncertainty", i, given[0]), "K135", f"{given[0]} needs {problem}")
        if u.name not in names[u.driver]:
            yield Finding(("uncertainty", i, "name"), "K135", f"no {u.driver} named "
                          f"'{u.name}'; known: {name_list(sorted(names[u.driver]))}")
