"""The sensitivity table made live, and its contributions sheet (*Bidrag*).

Every driver of the tornado moves the net linearly (`kikcalc.analysis.contributions`):
with the driver times `1 + c`, each year's net changes by ``E(c) * C(year)``, where
``C`` is the driver's contribution (what +100 % of it adds) and

    E(c) = c                                   reduction, unit cost, investment line
    E(c) = min(v * (1 + c), 100) / v - 1       deadweight or self-sufficiency share v,
                                               capped at 100 % as kikcalc caps it
    C = the group's savings                    reduction (an investment line: its minus)
    C = -savings before deadweight * v / 100   deadweight v
    C = (self-sufficient part * 100 - savings * v) / (100 - v)    share v (the other
                                               outcomes make room in proportion)
    C = persons fewer on the benefit * its unit cost             unit cost

*Bidrag* holds each driver's running sum of ``C`` by year (one `MMULT` with a triangle of
ones, `(TRANSPOSE(years) <= years) * 1`), so the sensitivity table is the calculation
sheet's cumulative plus ``E(c)`` times it: the cumulative at the end for each change, and
the payback year as the first year from which that stays >= 0. The persons fewer on a
benefit (after deadweight and retention) are summed from one row per group and benefit.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import accumulate
from typing import Any

from kikcalc.analysis.contributions import drivers
from kikcalc.present.names import driver_label
from kikcalc.present.render.workbook.contributions import (
    Contribution,
    contribution,
    persons_fewer,
)
from kikcalc.present.render.workbook.live import Live, Refs, local, local_span
from kikcalc.present.render.workbook.sheet import (
    FIRST,
    HEADER,
    TOP,
    Sheet,
    cell,
    header,
    label,
    layout,
    quoted,
    write_array,
)
from kikcalc.present.tables import Table

CHANGE = re.compile(r"([+-]?\d+(?:\.\d+)?) %")


def changes(table: Table) -> list[str]:
    """The changes in percent the table's columns show ("-25 %" ... "+25 %"), when its
    columns are the driver, the changes, the swing and the payback at the two ends."""
    shown = []
    for column in table.columns[1:]:
        found = CHANGE.fullmatch(column.title)
        if found is None:
            break
        shown.append(found.group(1).lstrip("+"))
    return shown if len(shown) >= 2 and len(table.columns) == len(shown) + 4 else []


def write_contributions(workbook: Any, name: str, table: Table, refs: Refs,
                        formats: dict[str, Any]) -> Live | None:
    """The contributions sheet for the tornado `table`; returns the tornado's formulas."""
    shown = changes(table)
    plan, ctx = refs.plan, refs.ctx
    known = {driver_label(d.kind, d.name, ctx.lang, ctx.names): d for d in drivers(plan)}
    found = [known.get(str(row[0])) for row in table.rows]
    if not shown or not any(found):
        return None
    sheet = Sheet(name, workbook.add_worksheet(name), formats,
                  title=ctx.text("title_contributions"))
    header(sheet, ctx.text("driver"), plan.years)
    benefits = list(dict.fromkeys(d.name for d in found if d is not None
                                  and d.kind == "unit_cost"))
    sheet.row = TOP + len(table.rows) + 1  # under the drivers' rows
    fewer = persons_fewer(sheet, refs, benefits)
    sheet.row = TOP
    live = Live()
    for r, driver in enumerate(found):
        made = contribution(driver, refs, sheet, fewer) if driver is not None else None
        if made is not None:
            label(sheet, str(table.rows[r][0]))
            sheet.cells[f"driver:{r}"] = sheet.row
            write_array(sheet.handle, sheet.row, FIRST, refs.last,
                        f"MMULT({made.formula},{refs.calc.names['running']})",
                        list(accumulate(made.values)), formats["money"])
            _tornado_row(live, r, shown, made, sheet, refs, table)
        sheet.row += 1
    layout(sheet, len(plan.years), 6)
    return live


def _tornado_row(live: Live, r: int, shown: list[str], made: Contribution, sheet: Sheet,
                 refs: Refs, table: Table) -> None:
    """The cumulative at the end for each change, the swing, and the payback at the first
    and the last change, for the tornado's row `r`."""
    k, key = len(shown), f"driver:{r}"
    at_end = sheet.ref(key, refs.last)
    live.arrays[r, 1] = (k, f"{refs.at_end('')}+{made.scale('{' + ','.join(shown) + '}')}"
                            f"*{at_end}")
    live.cells[r, k + 1] = f"MAX({local_span(r, 1, k)})-MIN({local_span(r, 1, k)})"
    cumulative = refs.calc.names["cumulative"]
    running = sheet.span(key, FIRST, refs.last)
    not_paid = refs.ctx.text("not_paid_back")
    for col, change, end in ((k + 2, shown[0], 1), (k + 3, shown[-1], k)):
        live.arrays[r, col] = (col, f"IF({local(r, end)}<0,{quoted(not_paid)},MAX(IF("
                                    f"{cumulative}+{made.scale(change)}*{running}<0,"
                                    f"{refs.years()},{refs.plan.start - 1}))+1)")
        if not isinstance(table.rows[r][col], int | Decimal):
            live.cached[r, col] = not_paid
