"""What each table command shows: the tables for people and the JSON document for tools.

This module ties loading, the engine, tables and JSON together so the CLI stays thin.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kikcalc.engine.drivers import net_of_refusion
from kikcalc.engine.economics import economics
from kikcalc.engine.plan import convert, to_plan
from kikcalc.engine.projection import evaluate
from kikcalc.engine.results import Plan, Results
from kikcalc.model.schema import GrossCost, RetentionParts
from kikcalc.present import jsondoc
from kikcalc.reading.strategy import Loaded
from kikcalc.record import Record, field, replace

if TYPE_CHECKING:  # the tables are imported only when a table format is asked for
    from kikcalc.present.tables import Context, Table

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
    # ("target" or "count", group, date, persons): what the caseload rules (K207) judge
    caseload: tuple[tuple[str, str, datetime.date, Decimal], ...] = ()

    def context(self, lang: str, decimals: int | None = None) -> Context:
        from kikcalc.present.tables import Context

        return Context(self.name, self.unit, self.plan.start, self.plan.end,
                       self.decimals if decimals is None else decimals, lang, self.names)


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
        [("target", g.name, t.by, t.persons) for g in strategy.target_groups
         for t in g.caseload_targets]
        + [("count", g.name, c.date, c.persons) for g in strategy.target_groups
           for c in g.caseload])
    return Evaluated(loaded.file, strategy.name, unit, decimals, plan, results, gross,
                     strategy.indexation is not None, uncertainty, parts, names or {},
                     funding, caseload)


def _with_basis(table: Table, ev: Evaluated, ctx: Context) -> Table:
    """Gross unit costs say their declared basis under every table built on them."""
    from kikcalc.present.tables import Table, gross_note

    notes = tuple(gross_note(name, cost, net, ctx) for name, cost, net in ev.gross_costs)
    return Table(table.title, table.columns, table.rows, table.notes + notes, table.decimals)


def payback_tables(ev: Evaluated, ctx: Context) -> list[Table]:
    from kikcalc.present.tables import payback_table

    return [_with_basis(payback_table(ev.results, ctx, ev.plan), ev, ctx)]


def retention_note(ev: Evaluated, ctx: Context) -> str:
    """The share kept, and when the file builds it from its parts, the parts."""
    from kikcalc.present.formatting import format_amount, needed_decimals

    def number(value: Decimal) -> str:
        return format_amount(value, needed_decimals(value), ctx.lang)

    share = number(ev.plan.retention * 100)
    parts = ev.retention_parts
    if parts is None:
        return ctx.text("retention_note", value=share)
    net = parts.avoided_spending + parts.tax + parts.udligning
    return ctx.text("retention_parts_note", avoided=number(parts.avoided_spending),
                    tax=number(parts.tax), udligning=number(parts.udligning), net=number(net),
                    unit=parts.unit, value=share)


def net_tables(ev: Evaluated, ctx: Context) -> list[Table]:
    from kikcalc.present.tables import Table, groups_table, net_table

    projection = ev.results.projection
    if projection is None:
        return [Table(ctx.title("title_net"), (), (), (ctx.text("no_projection"),))]
    table = _with_basis(net_table(projection, ctx), ev, ctx)
    if ev.results.economics is not None:
        table = Table(table.title, table.columns, table.rows,
                      (*table.notes, retention_note(ev, ctx)), table.decimals)
    tables = [table]
    if ev.plan.groups:
        tables.append(groups_table(ev.plan, projection, ctx))
    return tables


def variance_tables(ev: Evaluated, ctx: Context) -> list[Table]:
    from kikcalc.present.tables import Table, variance_table

    if not ev.results.variance:
        return [Table(ctx.title("title_variance"), (), (), (ctx.text("no_variance"),))]
    return [variance_table(ev.results, ctx)]


def _doc(build: Callable[..., dict[str, Any]]) -> Callable[[Evaluated], dict[str, Any]]:
    def document(ev: Evaluated) -> dict[str, Any]:
        from kikcalc.present.formatting import exact

        doc = build(ev.file, ev.name, ev.unit, ev.plan, ev.results)
        doc["unit_cost_basis"] = [
            {"benefit": name, "gross": exact(cost.gross), "refusion": cost.refusion,
             "duration_mix": [exact(m) for m in cost.duration_mix], "net": exact(net)}
            for name, cost, net in ev.gross_costs]
        return doc

    return document


class View(Record):
    tables: Callable[[Evaluated, Context], list[Table]]
    document: Callable[[Evaluated], dict[str, Any]]


VIEWS = {
    "payback": View(payback_tables, _doc(jsondoc.payback_doc)),
    "net": View(net_tables, _doc(jsondoc.net_doc)),
    "variance": View(variance_tables, _doc(jsondoc.variance_doc)),
}
