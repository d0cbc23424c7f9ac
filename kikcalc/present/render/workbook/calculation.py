"""The calculation sheet (*Beregning*): the yearly net effect, cumulative, payback year and
interpolated payback of every series, by live formulas from the assumptions sheet.

    net = savings + other effects - investment;  cumulative = running sum of net
    payback = the first year from which the cumulative stays >= 0 to the end
    interpolated = (payback - start) + (-cumulative the year before) / net of the payback
                   year, to 1/10,000 of a year (not for the first year or a part year)

The budget series is the budgeted net; the actual series runs to the last actual; the
forecast takes each year's full-year actual, else its full-year budget, else the
projection, as `kikcalc.engine.projection.forecast_net`. Every formula carries kikcalc's
value, so the file shows numbers before Excel (or LibreOffice) recalculates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from itertools import accumulate
from typing import Any

from kikcalc.engine.results import ZERO, Plan, Results, Series, is_partial
from kikcalc.present.render.workbook.inputs import cost_lines
from kikcalc.present.render.workbook.rows import InOrder
from kikcalc.present.render.workbook.savings import saving_formula, scalar
from kikcalc.present.render.workbook.sheet import (
    FIRST,
    HEADER,
    Sheet,
    array,
    by_year,
    cell,
    formulas,
    header,
    label,
    quoted,
    shown,
)


def write_calculation(workbook: Any, name: str, inputs: Sheet, plan: Plan, results: Results,
                      text: Callable[..., str], unit: str, factor: int,
                      formats: dict[str, Any]) -> Sheet:
    """The calculation sheet of a plan with a projection; returns it with the row of every
    value by key (`investment`, `saving:G`, `net`, `cumulative`, `payback`, `budget:net`,
    `actual:cumulative`, ...)."""
    projection = results.projection
    assert projection is not None
    calc = Sheet(name, InOrder(workbook.add_worksheet(name)), formats,
                 title=text("title_calculation", unit=unit))
    years = plan.years
    header(calc, "", years)
    span = calc.prefix + f"{cell(HEADER, FIRST, absolute=True)}:" \
        f"{cell(HEADER, FIRST + len(years) - 1, absolute=True)}"
    calc.define(workbook, "years", text("name_years"), span)
    # a running sum as one product, MMULT(row, this): 1 where the row's year <= the column's
    calc.define(workbook, "running", text("name_running_sum"), f"(TRANSPOSE({span})<={span})*1")
    columns = range(FIRST, FIRST + len(years))
    last = columns[-1]
    costs = [f"cost:{n}" for n in cost_lines(plan)]
    formulas(calc, "investment", text("investment"), columns, lambda col: (
        inputs.total(costs, col), projection.investment[years[col - FIRST]]))
    for g, (group, saved) in enumerate(zip(plan.groups, projection.groups, strict=True)):
        array(calc, f"saving:{g}", text("savings_of", name=group.name), FIRST, last,
              saving_formula(inputs, plan, g, factor), by_year(saved.total, years))
    retention = scalar(inputs, "retention")
    for n, line in enumerate(plan.savings_lines):  # known as amounts, times the retention
        array(calc, f"known:{n}", text("savings_of", name=line.name), FIRST, last,
              f"{inputs.span(f'known:{n}', FIRST, last)}*{retention}/100",
              by_year(projection.known_savings[line.name], years))
    # retention by parts: the engine's amounts by the year each reaches the budget (a part
    # moves with the groups' reductions and lags, which the sheet does not model)
    for n, (part, values) in enumerate(projection.retention_parts.items()):
        formulas(calc, f"rpart:{n}", text("retention_part_of", name=part), columns,
                 _given(values, years))
    parts = [f"saving:{g}" for g in range(len(plan.groups))] + \
        [f"known:{n}" for n in range(len(plan.savings_lines))] + \
        [f"rpart:{n}" for n in range(len(projection.retention_parts))]
    formulas(calc, "savings", text("savings"), columns, lambda col: (
        calc.total(parts, col, local=True), projection.savings[years[col - FIRST]]))
    other = [f"other:{n}" for n in range(len(plan.other_effects))]
    formulas(calc, "other", text("other_effects"), columns, lambda col: (
        inputs.total(other, col), projection.other[years[col - FIRST]]))
    formulas(calc, "net", text("net"), columns, lambda col: (
        f"{calc.local('savings', col)}+{calc.local('other', col)}"
        f"-{calc.local('investment', col)}", projection.net[years[col - FIRST]]), bold=True)
    _series(calc, "", results.series["projected"], years, plan.start, text,
            empty=("investment", "savings", "other"))
    calc.define(workbook, "cumulative", text("name_cumulative"),
              calc.span("cumulative", FIRST, last, absolute=True))
    economics = results.economics
    if economics is not None:
        rate, net = scalar(inputs, "discount_rate"), calc.span("net", FIRST, last, local=True)
        at = calc.names["years"]
        label(calc, text("npv_row", year=plan.start), bold=True)
        calc.handle.write_array_formula(
            calc.row, FIRST, calc.row, FIRST,
            f"{{=SUM({net}/(1+{rate}/100)^({at}-{plan.start}))}}", formats["money"],
            shown(economics.npv))
        calc.cells["npv"] = calc.row
        calc.row += 1
    _other_series(calc, inputs, plan, results, text)
    return calc


def _given(values: Mapping[int, Decimal], years: Sequence[int]
           ) -> Callable[[int], tuple[str, Decimal | None]]:
    """A row of figures the sheet takes as given, each to 6 decimals (Excel keeps 15
    digits), by column."""
    def cell(col: int) -> tuple[str, Decimal | None]:
        value = values[years[col - FIRST]]
        return f"{value.quantize(Decimal('0.000001'))}", value
    return cell


def _other_series(calc: Sheet, inputs: Sheet, plan: Plan, results: Results,
                  text: Callable[..., str]) -> None:
    """Budget, actual and forecast: each its net by year, cumulative and payback."""
    for name in ("budget", "actual", "forecast"):
        series = results.series.get(name)
        if series is None or not set(series.net) <= set(plan.years):
            continue  # (a figure outside the period: that series is shown as values)
        calc.row += 1
        years = range(plan.start, (series.payback.last_year or plan.end) + 1)
        first, last = FIRST, FIRST + len(years) - 1
        what = text("series_row", series=text(name), what=text("net").lower())
        if name == "forecast":
            formulas(calc, f"{name}:net", what, range(first, last + 1),
                     _forecast_cell(calc, inputs, plan, series))
        else:
            array(calc, f"{name}:net", what, first, last,  # a year with no figure: 0
                  f"{inputs.span(name, first, last)}*1", by_year(series.net, years))
        _series(calc, f"{name}:", series, years, plan.start, text, name=text(name))


def _forecast_cell(calc: Sheet, inputs: Sheet, plan: Plan, series: Series
                   ) -> Callable[[int], tuple[str, Decimal | None]]:
    def formula(col: int) -> tuple[str, Decimal | None]:
        year = plan.years[col - FIRST]
        return _forecast(calc, inputs, plan, year, col), series.net[year]
    return formula


def _forecast(calc: Sheet, inputs: Sheet, plan: Plan, year: int, col: int) -> str:
    """The forecast's source in `year`: a full-year actual, else a full-year budget, else
    the projection."""
    actual = plan.actuals.get(year)
    if actual is not None and not actual.partial:
        return inputs.ref("actual", col)
    if plan.budget is not None and year in plan.budget \
            and not is_partial(year, plan.budget_as_of.get(year)):
        return inputs.ref("budget", col)
    return calc.local("net", col)


def _series(calc: Sheet, key: str, series: Series, years: range, start: int,
            text: Callable[..., str], name: str = "", empty: tuple[str, ...] = ()) -> None:
    """Cumulative, the flags of the years it stays >= 0, payback and interpolated payback
    of one series whose net is the row `{key}net`; a series with a year missing has no
    payback (as kikcalc says)."""
    first, last = FIRST, FIRST + len(years) - 1
    cumulative = dict(zip(years, accumulate(series.net.get(y, ZERO) for y in years),
                          strict=True))  # a missing year counts 0, as a blank cell does

    def row_label(what: str) -> str:
        return text("series_row", series=name, what=what.lower()) if name else what

    net = calc.cells[f"{key}net"]
    formulas(calc, f"{key}cumulative", row_label(text("cumulative")), range(first, last + 1),
             lambda col: ((f"{calc.local(f'{key}cumulative', col - 1)}+" if col > first else "")
                          + cell(net, col), cumulative[years[col - FIRST]]), bold=True)
    if series.missing_years:
        return
    flags, stays = calc.row, dict[int, bool]()
    for col in reversed(range(first, last + 1)):
        year = years[col - FIRST]
        stays[year] = cumulative[year] >= 0 and (col == last or stays[year + 1])
        after = f",{cell(flags, col + 1)}=1" if col < last else ""
        calc.handle.write_formula(flags, col, f"=IF(AND({calc.local(f'{key}cumulative', col)}"
                                  f">=0{after}),1,0)", calc.formats["year"], int(stays[year]))
    label(calc, row_label(text("stays_positive")))
    calc.row += 1
    span = f"{cell(flags, first)}:{cell(flags, last)}"
    found = f"{cell(HEADER, last, absolute=True)}+1-SUM({span})"
    formula = f'IF(SUM({span})=0,{quoted(text("not_paid_back"))},{found})'
    if empty:  # nothing invested and nothing saved: nothing to pay back
        rows = ",".join(calc.span(k, FIRST, last, local=True) for k in empty)
        formula = f'IF(SUMSQ({rows})=0,{quoted(text("nothing_to_pay_back"))},{formula})'
    payback = series.payback
    cached: int | str = payback.year if payback.year is not None else \
        text("nothing_to_pay_back") if series.empty else text("not_paid_back")
    label(calc, row_label(text("payback_year")), bold=True)
    calc.handle.write_formula(calc.row, FIRST, "=" + formula, calc.formats["year_bold"], cached)
    calc.cells[f"{key}payback"] = calc.row
    calc.row += 1
    label(calc, row_label(text("interpolated")))
    _interpolated(calc, key, series, start, first, last, net)


def _interpolated(calc: Sheet, key: str, series: Series, start: int, first: int, last: int,
                  net: int) -> None:
    at = cell(calc.cells[f"{key}payback"], FIRST)
    skip = ",".join([f"{at}={start}", *(f"{at}={y}" for y in series.partial_years)])
    cumulative = calc.span(f"{key}cumulative", first, last, local=True)
    fraction = f"-INDEX({cumulative},{at}-{start})/INDEX({cell(net, first)}:{cell(net, last)}," \
        f"{at}-{start}+1)"
    formula = f'=IF(ISNUMBER({at}),IF(OR({skip}),"",{at}-{start}+ROUND({fraction},4)),"")'
    value: Decimal | None = series.payback.interpolated
    calc.handle.write_formula(calc.row, FIRST, formula, calc.formats["years_fraction"],
                              shown(value))
    calc.cells[f"{key}interpolated"] = calc.row
    calc.row += 1

