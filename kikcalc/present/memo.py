"""The committee memo's content as neutral tables: what `kikcalc report` puts in every format.

Summary, payback, yearly net effect, investment by line, savings by target group and
outcome, the budget variance, the unit costs and sources behind the figures, and the
footnotes (sign, price level, rounding); a note that qualifies one table (a part-year
actual, an interpolated payback) is under that table. Renderers decide the look.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from kikcalc.engine.drivers import net_of_refusion
from kikcalc.engine.plan import rate_by_month
from kikcalc.engine.pricing import spell_cost
from kikcalc.engine.results import ZERO
from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.loading.strategy import Loaded
from kikcalc.model.rates import RATES
from kikcalc.model.schema import DatedCost, GrossCost, RateCost, SpellCost
from kikcalc.present import optimism_view
from kikcalc.present.benchmark_view import benchmark_tables
from kikcalc.present.follow_up import follow_up_tables
from kikcalc.present.perspectives_view import perspectives_table
from kikcalc.present.price_notes import price_notes
from kikcalc.present.tables import (
    Cell,
    Column,
    Context,
    Table,
    gross_note,
    groups_table,
    net_table,
    payback_table,
    variance_table,
)
from kikcalc.present.targets_view import flows_table, targets_table
from kikcalc.present.views import retention_note
from kikcalc.record import Record, replace
from kikcalc.text.formatting import format_date

if TYPE_CHECKING:
    from kikcalc.analysis.follow_up import FollowUp
    from kikcalc.statbank.compare import GroupBenchmark


class Report(Record):
    title: str
    subtitle: str
    tables: tuple[Table, ...]
    footnotes: tuple[str, ...]
    evaluated: Evaluated
    context: Context
    sensitivity_at: int | None = None  # index of the tornado table, for its chart
    benchmark: tuple[GroupBenchmark, ...] = ()  # against cluster and country (`comparison`)
    benchmark_at: int | None = None  # index of the first benchmark table, for its chart
    follow_up: FollowUp | None = None  # plan against observed, when the file has observations
    follow_up_at: int | None = None  # index of the first follow-up table, for its chart

    @property
    def source(self) -> str:
        """The file the memo is computed from, as its footer names it."""
        return self.evaluated.file


def summary_table(ev: Evaluated, ctx: Context) -> Table:
    projection = ev.results.projection
    rows: list[tuple[Cell, ...]] = []
    if projection is not None:
        rows.append((ctx.text("investment"), sum(projection.investment.values(), ZERO)))
        rows.append((ctx.text("savings"), sum(projection.savings.values(), ZERO)))
    for name, series in ev.results.series.items():
        as_of, last = part_year_end(ev, name), series.payback.last_year
        key = "summary_cumulative_forecast" if last in series.forecast_years \
            else "summary_cumulative"
        text = ctx.text("summary_cumulative_as_of", series=ctx.text(name).lower(),
                        date=ctx.date(as_of)) if as_of else \
            ctx.text(key, series=ctx.text(name).lower(), year=last)
        rows.append((text, series.payback.cumulative_at_end))
    columns = (Column("", "text"), Column(ctx.unit))
    return Table(ctx.text("title_summary"), columns, tuple(rows), (), ctx.decimals,
                 kind="summary")


def part_year_end(ev: Evaluated, name: str) -> datetime.date | None:
    """The date a series' last figure runs to, when that is before the end of its year: an
    actual or a budget known for part of its last year."""
    series = ev.results.series[name]
    last = series.payback.last_year
    if name not in ("actual", "budget") or last is None or last not in series.partial_years:
        return None
    if name == "budget":
        return ev.plan.budget_as_of.get(last)
    return ev.plan.actuals[last].as_of


def investment_table(ev: Evaluated, ctx: Context) -> Table:
    years = ev.plan.years
    rows: list[tuple[Cell, ...]] = []
    for line in ev.plan.costs:
        cells = [line.amounts.get(y, ZERO) for y in years]
        rows.append((line.name, ctx.text(line.category), *cells, sum(cells, ZERO)))
    totals = [sum((line.amounts.get(y, ZERO) for line in ev.plan.costs), ZERO) for y in years]
    rows.append((ctx.text("total"), "", *totals, sum(totals, ZERO)))
    columns = (Column(ctx.text("line"), "text"), Column(ctx.text("category"), "text"),
               *(Column(str(y)) for y in years), Column(ctx.text("total")))
    return Table(ctx.title("title_investment"), columns, tuple(rows), (), ctx.decimals,
                 kind="investment")


def used_benefits(loaded: Loaded, ev: Evaluated) -> set[str]:
    """The benefits the projection prices: the groups' own and their outcomes', and the
    benefit a dated cost passes to."""
    used = {b for g in ev.plan.groups for b in (g.benefit, *(d.benefit for d in g.destinations))
            if b is not None}
    costs = loaded.strategy.unit_costs.benefits if loaded.strategy.unit_costs else {}
    return used | {c.then for b, c in costs.items()
                   if b in used and isinstance(c, DatedCost) and c.then is not None}


def _rate_rows(loaded: Loaded, key: str, cost: RateCost, ctx: Context, unit: str
               ) -> list[tuple[Cell, ...]]:
    """A catalogue rate's net cost per full-year person from each month it changes."""
    rows: list[tuple[Cell, ...]] = []
    last = None
    for month, value in rate_by_month(cost, loaded.strategy, unit).items():
        if value != last:
            rows.append((ctx.benefit(key), ctx.text("from_month", month=month), value))
            last = value
    return rows


def _ladder_rows(loaded: Loaded, benefit: str, cost: SpellCost, ctx: Context, unit: str
                 ) -> list[tuple[Cell, ...]]:
    """A cost on a refusion ladder: the net cost of each year, or one for every year."""
    net = spell_cost(cost, loaded.strategy, unit, unit)
    if isinstance(net, dict):
        return [(benefit, year, value) for year, value in sorted(net.items())]
    return [(benefit, ctx.text("every_year"), net)]


def _ladder_name(ladder: object) -> str:
    if isinstance(ladder, dict):
        return ", ".join(f"{name} ({year})" for year, name in sorted(ladder.items()))
    if isinstance(ladder, list):
        return " / ".join(f"{step.from_week}: {step.refusion} %" for step in ladder)
    return str(ladder)


def unit_costs_table(loaded: Loaded, ctx: Context, used: set[str] | None = None
                     ) -> Table | None:
    """The unit costs of the benefits in `used` (default: all the file has)."""
    unit_costs = loaded.strategy.unit_costs
    if unit_costs is None:
        return None
    rows: list[tuple[Cell, ...]] = []
    notes = [ctx.text("unit_cost_source", source=_source_title(loaded, unit_costs.source))] \
        if unit_costs.source else []
    for key, cost in unit_costs.benefits.items():
        if used is not None and key not in used:
            continue
        benefit = ctx.benefit(key)
        if isinstance(cost, dict):
            rows += [(benefit, year, value) for year, value in sorted(cost.items())]
        elif isinstance(cost, DatedCost):
            rows += [(benefit, ctx.text("from_month", month=month), value)
                     for month, value in sorted(cost.by_month.items())]
            if cost.then is not None:
                rows.append((benefit, ctx.text("after_month", month=cost.until),
                             ctx.text("priced_as", benefit=ctx.benefit(cost.then))))
        elif isinstance(cost, RateCost):
            rows += _rate_rows(loaded, key, cost, ctx, unit_costs.unit)
            if cost.rate in RATES:
                notes.append(ctx.text("rate_note", benefit=benefit,
                                      rate=RATES[cost.rate].name))
        elif isinstance(cost, SpellCost):
            rows += _ladder_rows(loaded, benefit, cost, ctx, unit_costs.unit)
            notes.append(ctx.text("ladder_basis", benefit=benefit, first=cost.weeks[0],
                                  last=cost.weeks[1], ladder=_ladder_name(cost.ladder),
                                  before=cost.weeks_before))
        elif isinstance(cost, GrossCost):
            net = net_of_refusion(cost.gross, cost.refusion, cost.duration_mix)
            rows.append((benefit, ctx.text("every_year"), net))
            notes.append(gross_note(key, cost, net, ctx))
        else:
            rows.append((benefit, ctx.text("every_year"), cost))
    if not rows and used is not None:  # nothing the projection prices: no empty table
        return None
    columns = (Column(ctx.text("benefit"), "text"), Column(ctx.text("year"), "text"),
               Column(ctx.text("unit_cost", unit=unit_costs.unit), "count"))
    return Table(ctx.text("title_unit_costs"), columns, tuple(rows), tuple(notes), ctx.decimals,
                 kind="unit_costs")


def _source_title(loaded: Loaded, source: str) -> str:
    """A source as readers know it, by its title; the id is for the file's own use."""
    return next((s.title for s in loaded.strategy.sources if s.id == source), source)


def sources_table(loaded: Loaded, ctx: Context) -> Table | None:
    sources = loaded.strategy.sources
    if not sources:
        return None
    rows = tuple((s.title, format_date(s.date, ctx.lang) if s.date else "", s.note or "")
                 for s in sources)
    columns = (Column(ctx.text("source_title"), "text"), Column(ctx.text("date"), "text"),
               Column(ctx.text("source_notes"), "text"))
    return Table(ctx.text("title_sources"), columns, rows, (), ctx.decimals, kind="sources")


def footnotes(ev: Evaluated, ctx: Context) -> tuple[str, ...]:
    """What the whole memo rests on: sign, price level, rounding. A note that qualifies
    one table (a part year's `*`, the interpolated payback) stays under that table."""
    strategy_basis = ctx.text("price_level") if not ev.indexed and (
        ev.results.economics is None or not ev.results.economics.discount_rate) \
        else ctx.text("price_level_indexed")
    return (ctx.sign_note(), strategy_basis, ctx.text("rounding"))


def _without(notes: tuple[str, ...], table: Table) -> Table:
    """Notes that every table repeats are said once, in the report's footnotes."""
    kept = tuple(n for n in table.notes if n not in notes)
    return replace(table, notes=kept)


def build_report(loaded: Loaded, ev: Evaluated, ctx: Context,
                 uncertainty: Sequence[Table] = (),
                 benchmark: Sequence[GroupBenchmark] = (),
                 followed: FollowUp | None = None) -> Report:
    tables: list[Table | None] = [summary_table(ev, ctx), payback_table(ev.results, ctx, ev.plan)]
    projection = ev.results.projection
    if projection is not None:
        net = net_table(projection, ctx)
        if ev.plan.retention_rules:  # retention by parts: each part, its lag and ceiling
            net = replace(net, notes=(*net.notes, retention_note(ev, ctx)))
        tables += [net,
                   perspectives_table(ev.results, ev.plan, ctx), investment_table(ev, ctx)]
        if ev.optimism_bias is not None:  # the file's own adjustment, beside the plan
            tables.append(optimism_view.net_table(ev, ctx))
        if ev.plan.groups:
            tables.append(groups_table(ev.plan, projection, ctx))
    if ev.results.variance:
        tables.append(variance_table(ev.results, ctx, tuple(price_notes(ev, ctx))))
    groups = loaded.strategy.target_groups
    if any(group.caseload_targets for group in groups):
        tables.append(targets_table(loaded, ctx.lang))
    if any(group.flows for group in groups):  # beside the counts, never in the savings
        tables.append(flows_table(loaded, ctx.lang))
    benchmark_at = len([t for t in tables if t is not None]) if benchmark else None
    if benchmark:
        tables += benchmark_tables(benchmark, ev.name, ctx.lang)
    follow_up_at = None
    if followed is not None and followed.groups:  # plan against observed, then the forecast
        follow_up_at = len([t for t in tables if t is not None])
        tables += follow_up_tables(followed, ev.name, ev.unit, ev.decimals, ctx.lang)
    sensitivity_at = len([t for t in tables if t is not None]) if uncertainty else None
    tables += list(uncertainty)
    tables += [unit_costs_table(loaded, ctx, used_benefits(loaded, ev)),
               sources_table(loaded, ctx)]
    municipality = loaded.strategy.municipality
    period = f"{ev.plan.start}-{ev.plan.end}"
    subtitle = f"{municipality}, {period}" if municipality else period
    notes = footnotes(ev, ctx)
    return Report(ev.name, subtitle, tuple(_without(notes, t) for t in tables if t is not None),
                  notes, ev, ctx, sensitivity_at, tuple(benchmark), benchmark_at,
                  followed if follow_up_at is not None else None, follow_up_at)


def cumulative_by_series(ev: Evaluated) -> dict[str, dict[int, Decimal]]:
    """What the payback chart draws: cumulative net by year for each series."""
    return {name: dict(series.cumulative) for name, series in ev.results.series.items()}
