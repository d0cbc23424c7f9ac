"""A loaded strategy evaluated in a unit: the plan, the engine's results and the facts
about the file that every later stage (analyses, the gate, statistics, presentation) reads.
It sits below them all, so none of them reaches up into presentation for it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from kikcalc.engine.drivers import net_of_refusion
from kikcalc.engine.economics import economics
from kikcalc.engine.plan import convert, to_plan
from kikcalc.engine.projection import evaluate
from kikcalc.engine.results import Plan, Results
from kikcalc.evaluation.price_levels import PriceLevels, price_levels
from kikcalc.loading.strategy import Loaded
from kikcalc.model.outturn import OptimismBias
from kikcalc.model.schema import GrossCost, RetentionParts
from kikcalc.record import Record, field, replace

DEFAULT_DECIMALS = {"mio. kr.": 1, "t.kr.": 0, "kr.": 0}


class Evaluated(Record):
    file: str
    name: str
    unit: str
    decimals: int
    plan: Plan
    results: Results
    gross_costs: tuple[tuple[str, GrossCost, Decimal], ...] = ()  # benefit, declared, net
    indexed: bool = False  # unit costs and wages move from a price year
    # (driver kind, driver name, distribution, points in percent of plan)
    uncertainty: tuple[tuple[str, str, str, tuple[Decimal, ...]], ...] = ()
    retention_parts: RetentionParts | None = None  # retention built from its parts
    names: Mapping[str, str] = field(default_factory=dict)  # benefit key -> name
    funding: Decimal | None = None  # money set aside, in `unit`; None when the file has none
    # ("target", "floor" or "count", group, date, persons): what the caseload rules (K207)
    # judge; a floor is an `at_least` target
    caseload: tuple[tuple[str, str, datetime.date, Decimal], ...] = ()
    optimism_bias: OptimismBias | None = None  # adjusted figures shown beside the plan
    price_levels: PriceLevels = field(default_factory=PriceLevels)  # of the variance


def evaluate_loaded(loaded: Loaded, unit: str | None = None) -> Evaluated:
    """Evaluate in `unit` (default: the file's own unit and `decimals`)."""
    strategy = loaded.strategy
    unit = unit or strategy.unit
    plan = to_plan(strategy, unit)
    decimals = strategy.decimals if unit == strategy.unit else None
    if decimals is None:
        decimals = DEFAULT_DECIMALS[unit]
    costs = strategy.unit_costs.benefits if strategy.unit_costs else {}
    gross = tuple((name, c, net_of_refusion(c.gross, c.refusion, c.duration_mix))
                  for name, c in costs.items() if isinstance(c, GrossCost))
    results = evaluate(plan)
    if results.projection is not None:
        results = replace(results, economics=economics(plan, results.projection))
    uncertainty = tuple(
        (u.driver, u.name, kind, tuple(getattr(u, kind)))
        for u in strategy.uncertainty for kind in ("triangular", "pert", "uniform", "normal")
        if getattr(u, kind) is not None)
    parts = strategy.retention if isinstance(strategy.retention, RetentionParts) else None
    funding = sum((convert(v, strategy.unit, unit) for f in strategy.funding
                   for v in f.by_year.values()), Decimal(0)) if strategy.funding else None
    names = strategy.unit_costs.labels if strategy.unit_costs else None
    caseload = tuple(
        [("floor" if t.kind == "at_least" else "target", g.name, t.deadline, limit)
         for g in strategy.target_groups for t in g.caseload_targets
         if (limit := t.limit(g.baseline)) is not None]
        + [("count", g.name, c.date, c.persons) for g in strategy.target_groups
           for c in g.caseload])
    levels = price_levels(strategy, [row.year for row in results.variance])
    return Evaluated(loaded.file, strategy.name, unit, decimals, plan, results, gross,
                     strategy.indexation is not None, uncertainty, parts, names or {},
                     funding, caseload, strategy.optimism_bias, levels)
