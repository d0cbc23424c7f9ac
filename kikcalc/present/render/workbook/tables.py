"""The memo's tables made live: each figure a formula back to the assumptions sheet,
directly or through the calculation sheet.

Each builder knows its table's layout (it is built from the same plan, row for row) and
checks the table's shape first: a table that does not have the rows it expects is written
as values, never with a formula in the wrong place. Rows of years are one array formula
each (`{='Beregning'!C9:V9}`), as the calculation sheet's are, so a 1,000-group memo stays
a thousand formulas, not twenty thousand.
"""

from __future__ import annotations

from decimal import Decimal

from kikcalc.engine.results import Series
from kikcalc.present.render.workbook.inputs import COST_UNIT, cost_lines, used_benefits
from kikcalc.present.render.workbook.live import Builder, Live, Refs, local
from kikcalc.present.render.workbook.savings import outcome_savings
from kikcalc.present.render.workbook.sheet import FIRST, cell, quoted
from kikcalc.present.tables import Table


def summary(table: Table, refs: Refs) -> Live | None:
    """Investment and savings in all, and each series' cumulative at its end."""
    live, rows = Live(), list[str | None]()
    if refs.results.projection is not None:
        rows += [refs.row_sum("investment"), refs.row_sum("savings")]
    for name in refs.results.series:
        key = refs.series_key(name)
        rows.append(refs.at_end(key) if key is not None else None)
    if len(rows) != len(table.rows):
        return None
    live.cells.update({(r, 1): formula for r, formula in enumerate(rows) if formula})
    return live


def payback(table: Table, refs: Refs) -> Live | None:
    """Per series: the payback year (marked `*` for a part year, `f` for a forecast), the
    years it took, the interpolated years and the cumulative at the end."""
    series = list(refs.results.series.values())
    if len(series) != len(table.rows):
        return None
    live, start = Live(), refs.plan.start
    for r, found in enumerate(series):
        key = refs.series_key(found.name)
        if key is None:
            continue
        live.cells[r, 4] = refs.at_end(key)
        if found.empty or found.missing_years or f"{key}payback" not in refs.calc.cells:
            continue  # no payback is claimed: the words stay
        year = refs.calc.ref(f"{key}payback", FIRST)
        last = found.payback.last_year
        words = refs.ctx.text("not_yet", last=last) if last is not None and last < refs.plan.end \
            else refs.ctx.text("not_within", start=start, end=refs.plan.end)
        live.cells[r, 1] = f"IF(ISNUMBER({year}),{_marked(year, found)},{quoted(words)})"
        live.cells[r, 2] = f'IF(ISNUMBER({year}),{year}-{start}+1,"")'
        live.cells[r, 3] = refs.calc.ref(f"{key}interpolated", FIRST)
    return live


def _marked(year: str, series: Series) -> str:
    """The payback year, with `*` when it is a part year and `f` when a forecast."""
    marks = {y: ("*" if y in series.partial_years else "") +
             ("f" if y in series.forecast_years else "")
             for y in (*series.partial_years, *series.forecast_years)}
    formula = year
    for y, mark in sorted(marks.items(), reverse=True):
        formula = f"IF({year}={y},{year}&{quoted(mark)},{formula})"
    return formula


def net(table: Table, refs: Refs) -> Live | None:
    """Investment by category (as minus), savings by group, other effects, net and
    cumulative, by year and in total: the calculation sheet's rows."""
    plan, projection = refs.plan, refs.results.projection
    assert projection is not None
    width = len(plan.years)
    rows: list[str | None] = [None] * len(projection.costs_by_category)
    rows += ["investment", *(f"saving:{g}" for g in range(len(plan.groups))),
             *(f"known:{n}" for n in range(len(plan.savings_lines))),
             *(f"rpart:{n}" for n in range(len(projection.retention_parts))), "savings"]
    rows += ["other"] if any(projection.other.values()) else []
    rows += ["net", "cumulative"]
    if len(rows) != len(table.rows) or len(table.columns) != width + 2:
        return None
    live = Live()
    lines = cost_lines(plan)
    for r, category in enumerate(projection.costs_by_category):
        keys = [f"cost:{n}" for n in lines if plan.costs[n].category == category]
        for i in range(width):
            live.cells[r, 1 + i] = f"-({refs.inputs.total(keys, FIRST + i)})"
    groups = [f"saving:{g}" for g in range(len(plan.groups))]
    if len(groups) > 1:  # the groups' savings, one under the other there and here: one block
        top = rows.index(groups[0])
        live.blocks[top, 1] = (top + len(groups) - 1, width, refs.calc.prefix + cell(
            refs.calc.cells[groups[0]], FIRST) + ":" + cell(refs.calc.cells[groups[-1]],
                                                           refs.last))
    for r, key in enumerate(rows):
        if key is None or (len(groups) > 1 and key in groups):
            continue
        sign = "-" if key == "investment" else ""
        live.arrays[r, 1] = (width, sign + refs.calc.span(key, FIRST, refs.last))
    # the totals of every row but the cumulative: one product with a column of ones
    end = len(rows) - 2
    live.blocks[0, width + 1] = (end, width + 1, f"MMULT({local(0, 1)}:{local(end, width)},"
                                                 f"TRANSPOSE({refs.years()})^0)")
    return live


def investment(table: Table, refs: Refs) -> Live | None:
    """Each investment line by year from the assumptions sheet, and the totals."""
    plan = refs.plan
    width, count = len(plan.years), len(plan.costs)
    if len(table.rows) != count + 1 or len(table.columns) != width + 3:
        return None
    live = Live()
    for n in range(count):
        live.arrays[n, 2] = (width + 1, refs.inputs.span(f"cost:{n}", FIRST, refs.last))
    for col in range(2, width + 3):
        if count:
            live.cells[count, col] = f"SUM({local(0, col)}:{local(count - 1, col)})"
    if count:
        live.blocks[0, width + 2] = (count - 1, width + 2, f"MMULT({local(0, 2)}:"
                                     f"{local(count - 1, width + 1)},TRANSPOSE({refs.years()})^0)")
    return live


def groups(table: Table, refs: Refs) -> Live | None:
    """Per group: its shares, its reduction and the persons of each outcome by year, and
    the savings of the group and of each outcome over the period; then the totals."""
    plan, inputs = refs.plan, refs.inputs
    width = len(plan.years)
    expected = sum(1 + len(g.destinations) for g in plan.groups) + 1
    if len(table.rows) != expected or len(table.columns) != width + 5:
        return None
    _, factor = COST_UNIT[refs.ctx.unit]
    live, r, last = Live(), 0, refs.last
    for g, group in enumerate(plan.groups):
        shares = [f"share:{g}:{d}" for d in range(len(group.destinations))]
        reduction = inputs.span(f"reduction:{g}", FIRST, last)
        if shares:
            live.cells[r, 2] = f"SUM({inputs.column(shares, FIRST)})"
        live.arrays[r, 4] = (width + 3, reduction)
        live.cells[r, width + 4] = refs.row_sum(f"saving:{g}")
        if shares:  # the outcomes' shares, and their persons: reduction times share
            column, below = inputs.column(shares, FIRST, absolute=True), r + len(shares)
            live.blocks[r + 1, 2] = (below, 2, column)
            live.blocks[r + 1, 4] = (below, width + 3, f"{reduction}*{column}/100")
            persons = f"{local(r + 1, 4)}:{local(below, width + 3)}"
            live.blocks[r + 1, width + 4] = (below, width + 4, outcome_savings(
                inputs, plan, g, persons, f"TRANSPOSE({refs.years()})^0", factor))
        r += 1 + len(shares)
    reductions = [f"reduction:{g}" for g in range(len(plan.groups))]
    for i in range(width):
        if reductions:
            live.cells[r, 4 + i] = f"SUM({inputs.column(reductions, FIRST + i)})"
    live.cells[r, width + 4] = refs.row_sum("savings")
    return live


def variance(table: Table, refs: Refs) -> Live | None:
    """Budget and actual from the assumptions sheet, and their difference, by year."""
    plan, rows = refs.plan, refs.results.variance
    if len(table.rows) != 3 or len(table.columns) != len(rows) + 1:
        return None
    live = Live()
    for c, row in enumerate(rows, start=1):
        if row.year not in plan.years:
            continue
        col = FIRST + row.year - plan.start
        if row.budget is not None:
            live.cells[0, c] = refs.inputs.ref("budget", col)
        if row.actual is not None:
            live.cells[1, c] = refs.inputs.ref("actual", col)
        if row.difference is not None:
            live.cells[2, c] = f"{local(1, c)}-{local(0, c)}"
    return live


def unit_costs(table: Table, refs: Refs) -> Live | None:
    """A unit cost that is the assumption itself (every year, or that year's) refers to
    it, in the table's unit; one the assumptions are made from (by month, before
    indexation) is the file's figure."""
    plan, ctx = refs.plan, refs.ctx
    _, factor = COST_UNIT[ctx.unit]
    by_name = {ctx.benefit(b): b for b in used_benefits(plan)}
    every_year = ctx.text("every_year")
    live = Live()
    for r, row in enumerate(table.rows):
        benefit, when, value = by_name.get(str(row[0])), row[1], row[2]
        year = plan.start if when == every_year else when
        if benefit is None or not isinstance(value, Decimal) or not isinstance(year, int) \
                or year not in plan.years:
            continue
        assumed = plan.unit_costs[benefit]
        if when == every_year and not isinstance(assumed, Decimal):
            continue  # a cost by year in the plan: not one figure for all years
        cost = (assumed if isinstance(assumed, Decimal) else assumed[year]) * factor
        ref = refs.inputs.ref(f"cost:{benefit}", FIRST + year - plan.start)
        for scale, times in (("", Decimal(1)), ("*1000", Decimal(1000)),
                             ("/1000", Decimal("0.001"))):
            if cost * times == value:
                live.cells[r, 2] = ref + scale
                break
    return live


def scenarios(table: Table, refs: Refs) -> Live | None:
    """The plan's row from the calculation sheet; the other scenarios are kikcalc's
    figures for their own assumptions, which the workbook does not recompute."""
    live = Live(notes=(refs.ctx.text("not_recalculated"),))
    if not table.rows or table.rows[0][0] != refs.ctx.text("plan"):
        return live
    year = refs.calc.ref("payback", FIRST)
    live.cells[0, 1] = refs.at_end("")
    live.cells[0, 2] = f'IF(ISNUMBER({year}),{year},{quoted(refs.ctx.text("not_paid_back"))})'
    live.cells[0, 3] = f'IF(ISNUMBER({year}),{year}-{refs.plan.start}+1,"")'
    if "npv" in refs.calc.cells:
        live.cells[0, 4] = refs.calc.ref("npv", FIRST)
    return live


def computed_elsewhere(table: Table, refs: Refs) -> Live:
    """A simulation's figures: kikcalc's, from the file; the workbook does not draw."""
    return Live(notes=(refs.ctx.text("not_recalculated"),))


BUILDERS: dict[str, Builder] = {
    "summary": summary, "payback": payback, "net": net, "investment": investment,
    "groups": groups, "variance": variance, "unit_costs": unit_costs,
    "scenarios": scenarios, "simulation": computed_elsewhere, "quantiles": computed_elsewhere,
}
