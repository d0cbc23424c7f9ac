"""Rules about references inside the file: cited sources exist, and uncertainty names a
driver the file has, with a distribution that can be drawn.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from kikcalc.model.findings import Finding, name_list
from kikcalc.model.message import Message, message
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
            yield Finding(("sources", i, "id"), "K128", message("k128_twice", id=source.id))
        ids.add(source.id)
    listing = name_list(sorted(ids))
    for path, cited in _cited(strategy):
        if cited not in ids:
            yield Finding(path, "K128", message("k128_unknown", cited=cited, listing=listing))



DISTRIBUTIONS = {"triangular": 3, "pert": 3, "uniform": 2, "normal": 2}



def _points_problem(kind: str, points: list[Decimal]) -> Message | None:
    """What is wrong with a distribution's numbers, or None; `simulate` draws from them."""
    if kind in ("triangular", "pert") and not points[0] <= points[1] <= points[2]:
        return message("needs_mode_between", points=tuple(points))
    if kind == "uniform" and not points[0] < points[1]:
        return message("needs_min_below_max", points=tuple(points[:2]))
    if kind == "normal" and not points[1] > 0:
        return message("needs_positive_sd", sd=points[1])
    return None



def check_uncertainty(strategy: Strategy) -> Iterator[Finding]:
    groups = {g.name for g in strategy.target_groups}
    names = {"reduction": groups, "deadweight": groups, "share": groups,
             "unit_cost": set(strategy.unit_costs.benefits) if strategy.unit_costs else set(),
             "investment": {line.name for line in strategy.investments}}
    for i, u in enumerate(strategy.uncertainty):
        given = [k for k in DISTRIBUTIONS if getattr(u, k) is not None]
        if len(given) != 1:
            yield Finding(("uncertainty", i), "K135", message(
                "k135_one", driver=u.driver, name=u.name, kinds=tuple(DISTRIBUTIONS)))
            continue
        points = getattr(u, given[0])
        if len(points) != DISTRIBUTIONS[given[0]]:
            yield Finding(("uncertainty", i, given[0]), "K135", message(
                "k135_count", kind=given[0], n=DISTRIBUTIONS[given[0]]))
        elif problem := _points_problem(given[0], points):
            yield Finding(("uncertainty", i, given[0]), "K135", message(
                "k135_points", kind=given[0], problem=problem))
        if u.name not in names[u.driver]:
            yield Finding(("uncertainty", i, "name"), "K135", message(
                "k135_name", driver=u.driver, name=u.name,
                listing=name_list(sorted(names[u.driver]))))
