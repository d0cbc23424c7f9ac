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

*Bidrag* holds, one row a driver in the tornado's order, ``v`` (for a capped driver), ``C``
by year, ``E(c)`` for each change and the sum of ``C``. The sensitivity table is then four
formulas, each over all its rows (one formula, not one a row: a 1,000-group tornado has
3,010 rows): the cumulative at the end, ``Akkumuleret(end) + E(c) * sum(C)``; the swing,
from the first change to the last; and the payback at the first and the last change, the
first year from which ``Akkumuleret + E(c) * running sum of C`` stays >= 0:

    start + the number of years with a negative cumulative in them or after them
          = start + MMULT((MMULT(negative, TRANSPOSE(Løbende_sum)) > 0) * 1, ones)

`Løbende_sum` is the triangle of ones that makes a running sum one `MMULT`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from kikcalc.analysis.contributions import drivers
from kikcalc.present.names import driver_label
from kikcalc.present.render.workbook.contributions import (
    Contribution,
    contribution,
    persons_fewer,
)
from kikcalc.present.render.workbook.live import Live, Refs, local
from kikcalc.present.render.workbook.rows import InOrder
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
    write_block,
)
from kikcalc.present.tables import Table

CHANGE = re.compile(r"([+-]?\d+(?:\.\d+)?) %")
# The weights stand in a block of groups x benefits priced: a file of a few dozen benefits
# makes it a few dozen columns; one naming thousands would make it quadratic, so its
# tornado stays kikcalc's figures.
MOST_WEIGHTS = 250_000


def changes(table: Table) -> list[str]:
    """The changes in percent the table's columns show ("-25 %" ... "+25 %"), when its
    columns are the driver, the changes, the swing and the payback at the two ends."""
    shown = []
    for column in table.columns[1:]:
        # the headings are set to read well (a minus sign, a no-break space, a decimal
        # comma: text.formatting.signed_percent); read them back as numbers
        title = column.title.replace("\u2212", "-").replace("\u00a0", " ").replace(",", ".")
        found = CHANGE.fullmatch(title)
        if found is None:
            break
        shown.append(found.group(1).lstrip("+"))
    return shown if len(shown) >= 2 and len(table.columns) == len(shown) + 4 else []


def write_contributions(workbook: Any, name: str, table: Table, refs: Refs,
                        formats: dict[str, Any]) -> Live | None:
    """The contributions sheet for the tornado `table`; returns the tornado's formulas
    (None, and no sheet, when a row is not one the formulas can say)."""
    shown, plan, ctx = changes(table), refs.plan, refs.ctx
    known = {driver_label(d.kind, d.name, ctx.lang, ctx.names): d for d in drivers(plan)}
    found = [known.get(str(row[0])) for row in table.rows]
    benefits = list(dict.fromkeys(d.name for d in found if d is not None
                                  and d.kind == "unit_cost"))
    if not shown or not found or None in found or \
            len(benefits) * len(plan.groups) > MOST_WEIGHTS:
        return None
    sheet = Sheet(name, InOrder(workbook.add_worksheet(name)), formats,
                  title=ctx.text("title_contributions"))
    header(sheet, ctx.text("driver"), plan.years, ctx.text("capped_value"))
    sheet.row = TOP + len(table.rows) + 1  # under the drivers' rows
    fewer = persons_fewer(sheet, refs, benefits)
    made = [contribution(d, refs, sheet, fewer) for d in found if d is not None]
    if any(m is None for m in made):
        sheet.handle.flush()  # (what it has, as it was)
        return None
    rows = [m for m in made if m is not None]
    sheet.row = TOP
    for text, driver in zip(table.rows, rows, strict=True):
        label(sheet, str(text[0]))
        if driver.capped:  # the deadweight or share that caps it (0, shown blank: none)
            sheet.handle.write_formula(sheet.row, 1, "=" + driver.capped, formats["capped"],
                                       float(driver.value))
        else:
            sheet.handle.write_number(sheet.row, 1, 0, formats["capped"])
        sheet.saw(driver.values)
        sheet.saw((sum(driver.values, Decimal(0)),))  # its total, at the right
        write_array(sheet.handle, sheet.row, FIRST, refs.last,
                    driver.at(cell(sheet.row, 1, absolute=True)), driver.values,
                    formats["money"])
        sheet.row += 1
    live = _tornado(sheet, refs, rows, [Decimal(c) for c in shown], table)
    layout(sheet, len(plan.years) + len(shown) + 1, 12)
    return live


def _tornado(sheet: Sheet, refs: Refs, rows: list[Contribution], shown: list[Decimal],
             table: Table) -> Live:
    """The factors and sums on the contributions sheet, and the table's four formulas."""
    k, last, bottom = len(shown), refs.last, TOP + len(rows) - 1
    factors, total = last + 1, last + k + 1  # the columns of E(c) and of the sum of C
    handle, formats = sheet.handle, sheet.formats
    for i, change in enumerate(shown):
        handle.write_string(HEADER, factors + i, refs.ctx.text(
            "factor_at", change=_percent(change)), formats["header_right"])
    handle.write_string(HEADER, total, refs.ctx.text("total"), formats["header_right"])
    capped = f"{cell(TOP, 1)}:{cell(bottom, 1)}"
    moved = "1+{" + ",".join(_plain(c) for c in shown) + "}/100"
    write_block(handle, TOP, factors, bottom, factors + k - 1,
                f"IF({capped}*({moved})>100,100/({capped}+({capped}=0)),{moved})-1",
                [[row.factor(c) for c in shown] for row in rows], formats["factor"])
    years = f"{cell(TOP, FIRST)}:{cell(bottom, last)}"
    write_block(handle, TOP, total, bottom, total, f"MMULT({years},TRANSPOSE({refs.years()})^0)",
                [[sum(row.values, Decimal(0))] for row in rows], formats["money"])

    def column(col: int) -> str:
        return f"{sheet.prefix}{cell(TOP, col, absolute=True)}:{cell(bottom, col, absolute=True)}"

    live, end = Live(), len(rows) - 1
    live.blocks[0, 1] = (end, k, f"{refs.at_end('')}+{sheet.prefix}{cell(TOP, factors)}:"
                                 f"{cell(bottom, factors + k - 1)}*{column(total)}")
    live.blocks[0, k + 1] = (end, k + 1, f"ABS({local(0, k)}:{local(end, k)}"
                                         f"-{local(0, 1)}:{local(end, 1)})")
    running = f"MMULT({sheet.prefix}{years},{refs.calc.names['running']})"
    not_paid = refs.ctx.text("not_paid_back")
    for col, at in ((k + 2, 1), (k + 3, k)):
        negative = f"({refs.calc.names['cumulative']}+{column(factors + at - 1)}*{running}<0)*1"
        live.blocks[0, col] = (end, col, (
            f"IF({local(0, at)}:{local(end, at)}<0,{quoted(not_paid)},MIN({refs.years()})"
            f"+MMULT((MMULT({negative},TRANSPOSE({refs.calc.names['running']}))>0)*1,"
            f"TRANSPOSE({refs.years()})^0))"))
        for r, row in enumerate(table.rows):
            if not isinstance(row[col], int | Decimal):
                live.cached[r, col] = not_paid
    return live


def _plain(change: Decimal) -> str:
    return format(change.normalize(), "f")


def _percent(change: Decimal) -> str:
    return ("+" if change > 0 else "") + _plain(change) + " %"
