"""Who pays and who saves, as tables beside the municipality's own: the municipality's net
effect as kikcalc computes it, its activation and casework saved, and each other actor's
saving (state, region, the person), by year and over the period. Shown only for a file with
`perspectives`, so every other output stays as it was."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from kikcalc.engine.results import ZERO, Plan, Results
from kikcalc.model.perspectives import ACTORS
from kikcalc.present.tables import Cell, Column, Context, Table


def _row(title: str, values: Mapping[int, Decimal], years: range) -> tuple[Cell, ...]:
    cells = [values.get(year, ZERO) for year in years]
    return (title, *cells, sum(cells, ZERO))


def _kommune_lines(results: Results, ctx: Context) -> list[tuple[str, Mapping[int, Decimal]]]:
    projection = results.projection
    assert projection is not None
    lines: list[tuple[str, Mapping[int, Decimal]]] = [(ctx.text("who_kommune"),
                                                       projection.net)]
    measures = results.perspectives.get("measures")
    if measures is not None:
        lines.append((ctx.text("who_measures"), measures))
        lines.append((ctx.text("who_kommune_total"), {
            year: value + measures.get(year, ZERO) for year, value in projection.net.items()}))
    return lines


def perspectives_table(results: Results, plan: Plan, ctx: Context) -> Table | None:
    """The net effect for the municipality as today, its activation and casework saved,
    and each other actor's saving, by year; + = gain for that actor."""
    if not results.perspectives or results.projection is None:
        return None
    years = plan.years
    rows = [_row(title, values, years) for title, values in _kommune_lines(results, ctx)]
    rows += [_row(ctx.text(f"who_{actor}"), results.perspectives[actor], years)
             for actor in ACTORS if actor in results.perspectives]
    columns = (Column("", "text"), *(Column(str(y), "money") for y in years),
               Column(ctx.text("total"), "money"))
    notes = (ctx.text("who_sign", unit=ctx.unit), ctx.text("who_note"), ctx.text("rounding"))
    return Table(ctx.title("title_who"), columns, tuple(rows), notes, ctx.decimals,
                 kind="perspectives")


def perspectives_totals(results: Results, plan: Plan, ctx: Context) -> Table | None:
    """Each actor's net over the period, beside the payback of the municipality."""
    table = perspectives_table(results, plan, ctx)
    if table is None:
        return None
    rows = tuple((row[0], row[-1]) for row in table.rows)
    columns = (Column(ctx.text("who_actor"), "text"),
               Column(ctx.text("who_period", start=plan.start, end=plan.end), "money"))
    return Table(ctx.title("title_who_total"), columns, rows, table.notes, ctx.decimals,
                 kind="perspectives_total")

