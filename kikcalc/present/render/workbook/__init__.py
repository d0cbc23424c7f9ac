"""The workbook an economist can trace, live on every sheet.

*Forudsætninger* holds every assumption (`inputs`); *Beregning* computes the yearly net,
cumulative, payback and interpolated payback of each series from them (`calculation`);
*Bidrag* holds each sensitivity driver's contribution (`tornado`); and every figure of
the memo's tables (*Nøgletal*, *Tilbagebetaling*, *Nettoeffekt*, ...) is a formula back to
them (`tables`). Change one assumption and every sheet moves, exactly as kikcalc computes
it. Every formula carries kikcalc's value, so the file shows numbers before Excel (or
LibreOffice) recalculates; the values are binary doubles, the exact decimals are in JSON.

What stays a value: the text and the years that label a table, recorded counts and
statistics (caseload targets, flows, the comparison with other municipalities), the
file's own figures behind an assumption (a unit cost by month, before indexation), and
the scenarios and simulation, which are kikcalc's figures for other assumptions or for
random draws (their sheets say so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kikcalc.present.render.workbook.calculation import write_calculation
from kikcalc.present.render.workbook.inputs import (
    COST_UNIT,
    input_decimals,
    money_formats,
    write_inputs,
)
from kikcalc.present.render.workbook.live import Live, Refs
from kikcalc.present.render.workbook.sheet import layout
from kikcalc.present.render.workbook.tables import BUILDERS
from kikcalc.present.render.workbook.tornado import write_contributions
from kikcalc.present.tables import Table
from kikcalc.record import Record

if TYPE_CHECKING:
    from collections.abc import Callable

    from kikcalc.present.memo import Report

__all__ = ["Live", "LiveBook", "live_workbook"]


class LiveBook(Record, frozen=False):
    """The formulas of each table of one report (none when it has no projection)."""

    refs: Refs | None = None
    tornado: Live | None = None
    # why the tables hold values where they would hold formulas, said on each such sheet
    fixed: str = ""

    def table(self, table: Table) -> Live | None:
        if self.refs is None:
            wanted = table.kind == "sensitivity" or table.kind in BUILDERS
            return Live(notes=(self.fixed,)) if self.fixed and wanted else None
        if table.kind == "sensitivity":
            return self.tornado
        build = BUILDERS.get(table.kind)
        return build(table, self.refs) if build is not None else None


def live_workbook(workbook: Any, report: Report, formats: dict[str, Any],
                  name: Callable[[str], str]) -> LiveBook:
    """The assumptions, calculation and contributions sheets of `report`, added to
    `workbook` after the tables' sheets; `name` makes a sheet name unique in the book."""
    ev, ctx = report.evaluated, report.context
    if ev.results.projection is None:
        return LiveBook()
    if any(g.grants or g.within_year for g in ev.plan.groups):
        # grants per person and prices month by month are not formulas yet: the tables
        # keep kikcalc's values, so the book never shows a formula that disagrees, and
        # each sheet says so
        grants = any(g.grants for g in ev.plan.groups)
        return LiveBook(fixed=ctx.text("values_grants" if grants else "values_by_month"))
    decimals = input_decimals(ev.plan, ctx.unit, ctx.decimals)
    formats.update(money_formats(workbook, decimals), decimals=max(decimals.values()))
    inputs = write_inputs(workbook, ev.plan, name(ctx.text("sheet_assumptions")), ctx.text,
                          ctx.benefit, ctx.unit, formats)
    _, factor = COST_UNIT[ctx.unit]
    layout(inputs, len(ev.plan.years), 18)
    calc = write_calculation(workbook, name(ctx.text("sheet_calculation")), inputs, ev.plan,
                             ev.results, ctx.text, ctx.unit, factor, formats)
    layout(calc, len(ev.plan.years), 2)
    refs = Refs(inputs, calc, ev.plan, ev.results, ctx)
    tornado = next((t for t in report.tables if t.kind == "sensitivity"), None)
    found = write_contributions(workbook, name(ctx.text("sheet_contributions")), tornado,
                                refs, formats) if tornado is not None else None
    return LiveBook(refs, found)
