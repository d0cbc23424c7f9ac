"""The workbook an economist can trace: the drivers on one sheet, the yearly net effect,
cumulative and payback computed from them by live formulas on another.

Change a unit cost, a reduction, a share or an investment line on the assumptions sheet
and the net effect, the cumulative and the payback year move, exactly as kikcalc computes
them (`kikcalc.engine`):

    saving(group, year) = reduction * (1 - deadweight/100) * retention/100
                          * sum over outcomes of share/100 * (cost(group) - cost(outcome))
    (leaving support for work "costs" minus the tax the person then pays, 0 unless declared)
    net = savings + other effects - investment;  cumulative = running sum of net
    payback = the first year from which the cumulative stays >= 0 to the end

Every formula carries its computed value, so the file shows numbers before Excel (or
LibreOffice) recalculates. The values are binary doubles; the exact decimals are in JSON.

A target group's savings (and a known savings line) is one array formula over its row of
years, `{=reduction C:V * (1 - deadweight) * ...}`, its ranges taken column by column, each
cell holding its year's value: the same arithmetic as a formula per cell, but one for
xlsxwriter to prepare instead of one per year (a 1,000-group workbook wrote 20,000, at about
0.4 ms each). Totals, net, cumulative and payback stay a formula per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from kikcalc.engine.projection import project, unit_cost
from kikcalc.engine.results import ZERO, Plan, Projection
from kikcalc.text.safe import xml_text

# the unit the unit costs are shown in, and how many of it make one of the plan's unit
COST_UNIT = {"mio. kr.": ("t.kr.", 1000), "t.kr.": ("kr.", 1000), "kr.": ("kr.", 1)}
FIRST = 2  # column of the first year (C)


@dataclass
class Sheet:
    """Rows written so far on one sheet, and where each named value lives."""

    name: str
    handle: Any
    formats: dict[str, Any]
    row: int = 3
    cells: dict[str, int] = field(default_factory=dict)  # key -> row

    def ref(self, key: str, col: int, *, absolute: bool = False) -> str:
        cell = xl_rowcol_to_cell(self.cells[key], col, row_abs=absolute, col_abs=absolute)
        return f"'{self.name}'!{cell}"

    def span(self, key: str, first: int, last: int) -> str:
        """The cells of row `key` from column `first` to `last`, relative (`'Sheet'!C5:V5`)."""
        row = self.cells[key]
        return f"'{self.name}'!{xl_rowcol_to_cell(row, first)}:{xl_rowcol_to_cell(row, last)}"

    def total(self, keys: list[str], col: int, local: bool = False) -> str:
        """The sum of the rows `keys` in column `col`: `SUM(first:last)` when they stand
        one under the other (a formula as short for 1,000 groups as for 2), else a chain."""
        rows = [self.cells[k] for k in keys]
        if not rows:
            return "0"
        cells = [str(xl_rowcol_to_cell(r, col)) for r in rows]
        prefix = "" if local else f"'{self.name}'!"
        if rows == list(range(rows[0], rows[0] + len(rows))) and len(rows) > 2:
            return f"SUM({prefix}{cells[0]}:{cells[-1]})"
        return "+".join(prefix + c for c in cells)


def _label(sheet: Sheet, text: str, note: str = "", bold: bool = False) -> None:
    sheet.handle.write_string(sheet.row, 0, xml_text(text),
                              sheet.formats["bold" if bold else "text"])
    if note:
        sheet.handle.write_string(sheet.row, 1, xml_text(note), sheet.formats["text"])


def _inputs(sheet: Sheet, key: str, text: str, note: str, values: dict[int, Decimal],
            years: range, fmt: str) -> None:
    """One row of drivers by year: constants the reader may change."""
    _label(sheet, text, note)
    for i, year in enumerate(years):
        sheet.handle.write_number(sheet.row, FIRST + i, float(values.get(year, ZERO)),
                                  sheet.formats[fmt])
    sheet.cells[key] = sheet.row
    sheet.row += 1


def _single(sheet: Sheet, key: str, text: str, note: str, value: Decimal, fmt: str) -> None:
    _label(sheet, text, note)
    sheet.handle.write_number(sheet.row, FIRST, float(value), sheet.formats[fmt])
    sheet.cells[key] = sheet.row
    sheet.row += 1


def _formulas(sheet: Sheet, key: str, text: str, years: range,
              formula: Callable[[int, int], tuple[str, Decimal]], fmt: str = "money",
              bold: bool = False) -> None:
    """One row of formulas by year, each with its computed value cached."""
    _label(sheet, text, bold=bold)
    sheet.cells[key] = sheet.row  # a running sum refers to its own row
    for i, year in enumerate(years):
        text_formula, value = formula(i, year)
        sheet.handle.write_formula(sheet.row, FIRST + i, "=" + text_formula,
                                   sheet.formats[fmt], float(value))
    sheet.row += 1


def _array(sheet: Sheet, key: str, text: str, years: range, formula: str,
           values: Mapping[int, Decimal], fmt: str = "money") -> None:
    """One row computed by one array formula over the years, each cell with its year's
    value cached (xlsxwriter pads an array's other cells with 0; they get their values)."""
    _label(sheet, text)
    sheet.cells[key] = sheet.row
    handle, style, last = sheet.handle, sheet.formats[fmt], FIRST + len(years) - 1
    handle.write_array_formula(sheet.row, FIRST, sheet.row, last, "{=" + formula + "}", style,
                               float(values.get(years[0], ZERO)))
    for i, year in enumerate(years[1:], start=FIRST + 1):
        handle.write_number(sheet.row, i, float(values.get(year, ZERO)), style)
    sheet.row += 1


def _header(sheet: Sheet, first: str, years: range) -> None:
    sheet.handle.write_string(2, 0, first, sheet.formats["header"])
    sheet.handle.write_string(2, 1, "", sheet.formats["header"])
    for i, year in enumerate(years):
        sheet.handle.write_number(2, FIRST + i, year, sheet.formats["year_header"])


def write_assumptions(workbook: Any, plan: Plan, names: Callable[[str], str],
                      text: Callable[[str], str], unit: str, formats: dict[str, Any],
                      sheet_names: tuple[str, str], projection: Projection | None = None
                      ) -> tuple[Sheet, Sheet]:
    """The assumptions sheet and the calculation sheet; returns both. `projection` is the
    plan's own (`project(plan)`), given when the caller has it already."""
    years = plan.years
    shown, factor = COST_UNIT[unit]
    inputs = Sheet(sheet_names[0], workbook.add_worksheet(sheet_names[0]), formats)
    _header(inputs, text("driver"), years)
    inputs.handle.write_string(0, 0, text("title_assumptions"), formats["title"])
    used = sorted({b for g in plan.groups for b in
                   (g.benefit, *(d.benefit for d in g.destinations)) if b is not None})
    for benefit in used:
        values = {y: unit_cost(plan, benefit, y) * factor for y in years}
        _inputs(inputs, f"cost:{benefit}", names(benefit), text("per_person_in").format(
            unit=shown), values, years, "cost")
    _single(inputs, "retention", text("retention_pct"), "%", plan.retention * 100, "pct")
    _single(inputs, "work_gain", text("work_gain"), text("per_person_in").format(unit=shown),
            plan.work_gain * factor, "cost")
    for g, group in enumerate(plan.groups):
        _inputs(inputs, f"reduction:{g}", f"{text('driver_reduction_short')}: {group.name}",
                text("persons_word"), dict(group.reduction), years, "input_persons")
        _single(inputs, f"deadweight:{g}", f"{text('deadweight_short')}: {group.name}", "%",
                group.deadweight, "pct")
        for d, destination in enumerate(group.destinations):
            where = names(destination.benefit) if destination.benefit else text("no_benefit")
            _single(inputs, f"share:{g}:{d}", f"{names(destination.name)} ({where})",
                    text("share"), destination.share, "pct")
    for kind, lines in (("cost", plan.costs), ("other", plan.other_effects),
                        ("known", plan.savings_lines)):
        for n, line in enumerate(lines):
            _inputs(inputs, f"{kind}:{n}", line.name, text(f"line_{kind}").format(unit=unit),
                    dict(line.amounts), years, "input_money")
    _layout(inputs, len(years))
    calc = Sheet(sheet_names[1], workbook.add_worksheet(sheet_names[1]), formats)
    calc.handle.write_string(0, 0, text("title_calculation").format(unit=unit),
                             formats["title"])
    _header(calc, "", years)
    _calculation(calc, inputs, plan, text, factor, projection or project(plan))
    _layout(calc, len(years))
    return inputs, calc


def _saving(inputs: Sheet, plan: Plan, g: int, factor: int) -> str:
    """The array formula of one group's savings over the years (one column a year)."""
    group, last = plan.groups[g], FIRST + len(plan.years) - 1

    def scalar(key: str) -> str:
        return inputs.ref(key, FIRST, absolute=True)

    own = inputs.span(f"cost:{group.benefit}", FIRST, last)
    work_gain = f"-{scalar('work_gain')}"  # leaving for work
    parts = "+".join(
        f"{scalar(f'share:{g}:{d}')}/100*({own}-"
        f"{inputs.span(f'cost:{dest.benefit}', FIRST, last) if dest.benefit else work_gain})"
        for d, dest in enumerate(group.destinations)) or "0"
    kept = f"(1-{scalar(f'deadweight:{g}')}/100)*{scalar('retention')}/100"
    return f"{inputs.span(f'reduction:{g}', FIRST, last)}*{kept}*({parts})/{factor}"


def _sum_of(inputs: Sheet, keys: list[str]) -> Callable[[int], str]:
    return lambda col: inputs.total(keys, col)


def _calculation(calc: Sheet, inputs: Sheet, plan: Plan, text: Callable[[str], str],
                 factor: int, projection: Projection) -> None:
    years = plan.years

    def local(key: str, col: int) -> str:
        return str(xl_rowcol_to_cell(calc.cells[key], col))

    investment = _sum_of(inputs, [f"cost:{n}" for n in range(len(plan.costs))])
    _formulas(calc, "investment", text("investment"), years,
              lambda i, y: (investment(FIRST + i), projection.investment[y]))
    for g, (group, saved) in enumerate(zip(plan.groups, projection.groups, strict=True)):
        _array(calc, f"saving:{g}", text("savings_of").format(name=group.name), years,
               _saving(inputs, plan, g, factor), saved.total)
    retention, last = inputs.ref("retention", FIRST, absolute=True), FIRST + len(years) - 1
    for n, line in enumerate(plan.savings_lines):  # known as amounts, times the retention
        _array(calc, f"known:{n}", text("savings_of").format(name=line.name), years,
               f"{inputs.span(f'known:{n}', FIRST, last)}*{retention}/100",
               projection.known_savings[line.name])
    parts = [f"saving:{g}" for g in range(len(plan.groups))] + \
        [f"known:{n}" for n in range(len(plan.savings_lines))]
    _formulas(calc, "savings", text("savings"), years, lambda i, y: (
        calc.total(parts, FIRST + i, local=True), projection.savings[y]))
    other = _sum_of(inputs, [f"other:{n}" for n in range(len(plan.other_effects))])
    _formulas(calc, "other", text("other_effects"), years,
              lambda i, y: (other(FIRST + i), projection.other[y]))
    _formulas(calc, "net", text("net"), years, lambda i, y: (
        f"{local('savings', FIRST + i)}+{local('other', FIRST + i)}"
        f"-{local('investment', FIRST + i)}", projection.net[y]), bold=True)
    _formulas(calc, "cumulative", text("cumulative"), years, lambda i, y: (
        (f"{local('cumulative', FIRST + i - 1)}+" if i else "") + local("net", FIRST + i),
        projection.cumulative[y]), bold=True)
    _payback(calc, years, projection.cumulative, text)


def _payback(calc: Sheet, years: range, cumulative: Mapping[int, Decimal],
             text: Callable[[str], str]) -> None:
    """Payback from a row of flags: 1 where the cumulative stays >= 0 to the end."""
    last = FIRST + len(years) - 1
    row = calc.row
    flags: dict[int, bool] = {}
    for i in reversed(range(len(years))):
        col, year = FIRST + i, years[i]
        flags[year] = cumulative[year] >= 0 and (i == len(years) - 1 or flags[year + 1])
        cum = xl_rowcol_to_cell(calc.cells["cumulative"], col)
        after = f",{xl_rowcol_to_cell(row, col + 1)}=1" if col < last else ""
        calc.handle.write_formula(row, col, f"=IF(AND({cum}>=0{after}),1,0)",
                                  calc.formats["year"], int(flags[year]))
    _label(calc, text("stays_positive"))
    span = f"{xl_rowcol_to_cell(row, FIRST)}:{xl_rowcol_to_cell(row, last)}"
    end = xl_rowcol_to_cell(2, last, row_abs=True)
    count = sum(flags.values())
    calc.row += 1
    _label(calc, text("payback_year"), bold=True)
    calc.handle.write_formula(calc.row, FIRST, f'=IF(SUM({span})=0,"{text("not_paid_back")}",'
                              f"{end}+1-SUM({span}))", calc.formats["year_bold"],
                              years[-1] + 1 - count if count else text("not_paid_back"))
    calc.cells["payback"] = calc.row
    calc.row += 1


def _layout(sheet: Sheet, years: int) -> None:
    handle = sheet.handle
    handle.set_column(0, 0, 46)
    handle.set_column(1, 1, 16)
    handle.set_column(FIRST, FIRST + years - 1, 11)
    print_setup(handle, header_row=2, landscape=years > 6)


def print_setup(sheet: Any, header_row: int, *, landscape: bool = False) -> None:
    """Frozen header and first column; A4, one page wide, header rows on every page."""
    sheet.freeze_panes(header_row + 1, 1)
    sheet.set_paper(9)  # A4
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, header_row)
    sheet.set_margins(left=0.6, right=0.6, top=0.8, bottom=0.8)
    sheet.set_footer("&C&P / &N")

