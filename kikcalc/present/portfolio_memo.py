"""The memo of a portfolio (`kikcalc report FILE... --combine`) as neutral tables.

Key figures; plan against actual per strategy and in total, a strategy at a loss against
its budget emphasised; the yearly projected net effect of each strategy with the total and
its cumulative; and footnotes: sign, price level of each strategy, rounding, units
converted, part-year actuals and forecasts. Every strategy is evaluated in one unit
(default mio. kr.) before it gets here. Renderers decide the look, as for one strategy.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from kikcalc.analysis.portfolio import compared
from kikcalc.engine.results import ZERO
from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.loading.strategy import Loaded
from kikcalc.present.labels import label
from kikcalc.present.portfolio_view import (
    portfolio_doc,
    portfolio_variance_doc,
    portfolio_variance_table,
)
from kikcalc.present.tables import Cell, Column, Context, Table, part_year_note
from kikcalc.record import Record, replace


class PortfolioReport(Record):
    title: str
    subtitle: str
    tables: tuple[Table, ...]
    footnotes: tuple[str, ...]
    strategies: tuple[Evaluated, ...]
    context: Context
    chart_at: int | None = None  # index of the yearly net table, for the chart after it
    sensitivity_at: None = None  # a portfolio has no tornado (renderers ask)
    benchmark_at: None = None

    @property
    def source(self) -> str:
        """The files the memo is computed from, as its footer names them."""
        return ", ".join(ev.file for ev in self.strategies)


def summary_table(evaluated: Sequence[Evaluated], ctx: Context) -> Table:
    """Plan against actual in total, each strategy at a loss, and the projected total."""
    found = [compared(ev) for ev in evaluated]
    budget, actual = sum((c.budget for c in found), ZERO), sum((c.actual for c in found), ZERO)
    rows: list[tuple[Cell, ...]] = [(ctx.text("portfolio_budget"), budget),
                                    (ctx.text("portfolio_actual"), actual),
                                    (ctx.text("portfolio_difference"), actual - budget)]
    losses = [(ev, c) for ev, c in zip(evaluated, found, strict=True) if c.status == "loss"]
    emphasis = tuple(range(len(rows), len(rows) + len(losses)))
    rows += [(ctx.text("portfolio_loss_row", name=ev.name), c.difference) for ev, c in losses]
    if any(ev.results.projection is not None for ev in evaluated):
        total = sum((sum(ev.results.projection.net.values(), ZERO) for ev in evaluated
                     if ev.results.projection is not None), ZERO)
        rows.append((ctx.text("portfolio_projected", start=ctx.start, end=ctx.end), total))
    note = ctx.text("portfolio_losses", count=len(losses), total=len(evaluated),
                    names=", ".join(f"{ev.name} ({ctx.money(c.difference)})"
                                    for ev, c in losses)) if losses \
        else ctx.text("portfolio_no_losses")
    return Table(ctx.text("title_summary"), (Column("", "text"), Column(ctx.unit)),
                 tuple(rows), (note,), ctx.decimals, emphasis)


def yearly_net_table(evaluated: Sequence[Evaluated], ctx: Context) -> Table:
    """A row per strategy with a projection, years in columns (as in the memo of one
    strategy), then the total and its cumulative. A year outside a strategy's period is
    left empty (and counts 0 in the total)."""
    years = range(ctx.start, ctx.end + 1)
    rows: list[tuple[Cell, ...]] = []
    totals = dict.fromkeys(years, ZERO)
    for ev in evaluated:
        if ev.results.projection is None:
            continue  # said in a note: nothing to project from
        net = ev.results.projection.net
        for year, value in net.items():
            totals[year] += value
        rows.append((ev.name, *(net.get(y) for y in years), sum(net.values(), ZERO)))
    rows.append((ctx.text("total"), *totals.values(), sum(totals.values(), ZERO)))
    running, cumulative = ZERO, []
    for value in totals.values():
        running += value
        cumulative.append(running)
    rows.append((ctx.text("cumulative"), *cumulative, None))
    columns = (Column(ctx.text("strategy"), "text"), *(Column(str(y)) for y in years),
               Column(ctx.text("total")))
    return Table(f"{ctx.text('title_portfolio')} ({ctx.unit})", columns, tuple(rows),
                 (ctx.text("portfolio_note"),), ctx.decimals)


def price_level(loaded: Loaded, ctx: Context) -> str:
    strategy = loaded.strategy
    if strategy.indexation is not None and strategy.price_year is not None:
        return ctx.text("level_indexed", year=strategy.price_year)
    if strategy.price_year is not None:
        return ctx.text("level_year", year=strategy.price_year)
    return ctx.text("level_sources")


def footnotes(pairs: Sequence[tuple[Loaded, Evaluated]], ctx: Context) -> tuple[str, ...]:
    notes = [ctx.sign_note()]
    levels: dict[str, list[str]] = {}  # the strategies at each price level, in order
    for loaded, ev in pairs:
        levels.setdefault(price_level(loaded, ctx), []).append(ev.name)
    if len(levels) == 1:
        notes.append(ctx.text("portfolio_price_one", level=next(iter(levels))))
    else:
        notes.append(ctx.text("portfolio_price_mixed", levels="; ".join(
            f"{', '.join(names)}: {level}" for level, names in levels.items())))
    notes.append(ctx.text("rounding"))
    converted = [f"{ev.name} ({loaded.strategy.unit})" for loaded, ev in pairs
                 if loaded.strategy.unit != ctx.unit]
    if converted:
        notes.append(ctx.text("portfolio_converted", unit=ctx.unit, names=", ".join(converted)))
    return tuple(notes)


def part_year_notes(pairs: Sequence[tuple[Loaded, Evaluated]], ctx: Context
                    ) -> tuple[list[str], list[str]]:
    """What each strategy's `*` (a part year) and `f` (a forecast) in the plan-against-actual
    table stand for, strategy by strategy: they qualify that table and sit under it."""
    partial, forecast = [], []
    for _, ev in pairs:
        for row in ev.results.variance:
            if row.actual is None or row.budget is None:
                continue  # not compared, so not in the portfolio's figures
            part = part_year_note(row, ctx)
            partial += [f"* {ev.name}, {part}"] if part else []
            if row.forecast:
                forecast.append(f"f {ev.name}, {ctx.text('forecast_actual', year=row.year)}")
    return partial, forecast


def _qualified(table: Table, pairs: Sequence[tuple[Loaded, Evaluated]], ctx: Context
               ) -> Table:
    """The plan-against-actual table with its `*` and `f` said strategy by strategy in place
    of the general "* omfatter et delår" (and "f ...")."""
    partial, forecast = part_year_notes(pairs, ctx)
    notes: list[str] = []
    for note in table.notes:
        if note == ctx.text("portfolio_partial") and partial:
            notes += partial
        elif note == ctx.text("portfolio_forecast") and forecast:
            notes += forecast
        else:
            notes.append(note)
    return replace(table, notes=tuple(notes))


def _unprojected(table: Table, pairs: Sequence[tuple[Loaded, Evaluated]], ctx: Context
                 ) -> Table:
    """The yearly net table says which strategies it leaves out, having nothing to project."""
    missing = [ev.name for _, ev in pairs if ev.results.projection is None]
    note = ctx.text("portfolio_no_projection", names=", ".join(missing))
    return replace(table, notes=(*table.notes, note)) if missing else table


def _without(notes: tuple[str, ...], table: Table) -> Table:
    """Notes the footnotes say for the whole memo are not repeated under a table."""
    kept = tuple(n for n in table.notes if n not in notes)
    return Table(table.title, table.columns, table.rows, kept, table.decimals, table.emphasis)


def portfolio_context(evaluated: Sequence[Evaluated], unit: str, decimals: int,
                      lang: str, title: str) -> Context:
    start = min(ev.plan.start for ev in evaluated)
    end = max(ev.plan.end for ev in evaluated)
    return Context(title, unit, start, end, decimals, lang)


def build_portfolio_report(pairs: Sequence[tuple[Loaded, Evaluated]], unit: str,
                           decimals: int, lang: str) -> PortfolioReport:
    """`pairs`: each strategy as loaded and as evaluated in `unit`, in the order given."""

    evaluated = [ev for _, ev in pairs]
    ctx = portfolio_context(evaluated, unit, decimals, lang, label("portfolio_memo_title", lang))
    tables = [summary_table(evaluated, ctx),
              _qualified(portfolio_variance_table(evaluated, lang, decimals, unit), pairs, ctx)]
    chart_at = None
    if any(ev.results.projection is not None for ev in evaluated):
        chart_at = len(tables)
        tables.append(_unprojected(yearly_net_table(evaluated, ctx), pairs, ctx))
    notes = footnotes(pairs, ctx)
    if chart_at is None:  # no yearly table to say it under
        notes += (ctx.text("portfolio_no_projection",
                           names=", ".join(ev.name for ev in evaluated)),)
    subtitle = ctx.text("portfolio_subtitle", count=len(evaluated), start=ctx.start, end=ctx.end)
    places = {loaded.strategy.municipality for loaded, _ in pairs}
    if len(places) == 1 and None not in places:
        subtitle = f"{places.pop()}, {subtitle}"
    return PortfolioReport(ctx.name, subtitle, tuple(_without(notes, t) for t in tables),
                           notes, tuple(evaluated), ctx, chart_at)


def portfolio_report_doc(report: PortfolioReport) -> dict[str, Any]:
    """The memo's figures for tools: plan against actual (`strategies`, `total`) as
    `variance --combine` gives them, and the yearly net (`years`) as `net --combine`."""
    evaluated, unit = report.strategies, report.context.unit
    doc = portfolio_variance_doc(evaluated, unit)
    doc["years"] = portfolio_doc(evaluated, unit)["years"]
    doc["period"] = {"start": report.context.start, "end": report.context.end}
    for entry, ev in zip(doc["strategies"], evaluated, strict=True):
        entry["period"] = {"start": ev.plan.start, "end": ev.plan.end}
        entry["projected"] = ev.results.projection is not None
    return doc


def cumulative_by_strategy(report: PortfolioReport) -> list[tuple[str, dict[int, Decimal]]]:
    """What the portfolio chart draws: each strategy's cumulative projected net by year."""
    return [(ev.name, dict(ev.results.projection.cumulative)) for ev in report.strategies
            if ev.results.projection is not None]
