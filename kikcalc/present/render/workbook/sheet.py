"""The cells of the workbook's live sheets: where a named row lives, how a row of inputs,
of formulas or of one array formula is written, and how a sheet prints.

A `Sheet` remembers the row of every named value (`cells`), so a formula on another sheet
refers to it by name (`ref`, `span`) instead of by counting rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from kikcalc.engine.results import ZERO
from kikcalc.present.render.workbook.rows import block_cells
from kikcalc.record import Record, field
from kikcalc.text.safe import xml_text

FIRST = 2  # column of the first year (C) on the assumptions and calculation sheets
HEADER = 2  # row of the column headers (the title is row 0)
TOP = HEADER + 1  # row of a table's first row

# Printing: A4 with 0.6 in side margins, in pixels at 96 dpi; Excel's default font (Calibri
# 11) is 7 pixels a character, and a column of width w is w * 7 + 5 pixels wide. LibreOffice
# (with Carlito for Calibri) fits about 7 % less on a page than that: measured, 630 of 679.
PRINTABLE = {"portrait": (8.27 - 1.2) * 96 * 0.92, "landscape": (11.69 - 1.2) * 96 * 0.92}
FONT_POINTS = 11
INPUT = "#FFF2CC"  # the colour of a cell the reader may change
SMALLEST_SCALE = 0.75  # 11 pt * 0.75 = 8.25 pt: the smallest print a reader is given


def shown(value: Decimal | float | str | None) -> float | int | str:
    """A formula's cached value as the file stores it: a whole number without ".0", no
    value as blank text (what the formula gives where kikcalc shows nothing).

    >>> shown(Decimal("68.0")), shown(Decimal("2.7546")), shown(None)
    (68, 2.7546, '')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


def quoted(text: str) -> str:
    """`text` as a string literal inside a formula.

    >>> print(quoted('a "b" c'))
    "a ""b"" c"
    """
    return '"' + text.replace('"', '""') + '"'


def sheet_prefix(name: str) -> str:
    """How a formula names another sheet: `'Beregning'!`."""
    return "'" + name.replace("'", "''") + "'!"


def cell(row: int, col: int, *, absolute: bool = False) -> str:
    return str(xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute))


class Sheet(Record, frozen=False):
    """Rows written so far on one sheet, and where each named value lives."""

    name: str
    handle: Any
    formats: dict[str, Any]
    row: int = TOP
    cells: dict[str, int] = field(default_factory=dict)  # key -> row
    widest: int = 0  # the longest label written in column A
    title: str = ""
    names: dict[str, str] = field(default_factory=dict)  # key -> the workbook's name for it
    biggest: Decimal = ZERO  # the largest amount written, for the columns' width

    def saw(self, values: Iterable[Decimal | None]) -> None:
        """Make the year columns wide enough for `values` (no `###` in a cell)."""
        self.biggest = max(self.biggest, max((abs(v) for v in values if v is not None),
                                             default=ZERO))

    @property
    def number_width(self) -> int:
        """Characters of the widest amount as the money formats show it, minus and all."""
        decimals = max(int(self.formats.get("decimals", 3)), 0)
        return len(f"{-self.biggest:,.{decimals}f}")

    def define(self, workbook: Any, key: str, name: str, refers_to: str) -> None:
        """Call `refers_to` (a cell, a range or a formula) `name` in the whole workbook,
        and refer to `key` by it from now on."""
        workbook.define_name(name, "=" + refers_to)
        self.names[key] = name

    @property
    def prefix(self) -> str:
        return sheet_prefix(self.name)

    def ref(self, key: str, col: int, *, absolute: bool = False) -> str:
        return self.prefix + cell(self.cells[key], col, absolute=absolute)

    def local(self, key: str, col: int) -> str:
        return cell(self.cells[key], col)

    def span(self, key: str, first: int, last: int, *, local: bool = False,
             absolute: bool = False) -> str:
        """The cells of row `key` from column `first` to `last` (`'Sheet'!C5:V5`)."""
        row = self.cells[key]
        return ("" if local else self.prefix) + \
            f"{cell(row, first, absolute=absolute)}:{cell(row, last, absolute=absolute)}"

    def column(self, keys: Sequence[str], col: int, *, absolute: bool = False) -> str:
        """The cells of the rows `keys`, which stand one under the other, in column `col`."""
        first, last = self.cells[keys[0]], self.cells[keys[-1]]
        assert last - first == len(keys) - 1, "rows summed as a range must be adjacent"
        return (f"{self.prefix}{cell(first, col, absolute=absolute)}:"
                f"{cell(last, col, absolute=absolute)}")

    def total(self, keys: Sequence[str], col: int, *, local: bool = False) -> str:
        """The sum of the rows `keys` in column `col`: `SUM(first:last)` when they stand
        one under the other (a formula as short for 1,000 groups as for 2), else a chain."""
        rows = [self.cells[k] for k in keys]
        if not rows:
            return "0"
        prefix = "" if local else self.prefix
        if rows == list(range(rows[0], rows[0] + len(rows))) and len(rows) > 2:
            return f"SUM({prefix}{cell(rows[0], col)}:{cell(rows[-1], col)})"
        return "+".join(prefix + cell(r, col) for r in rows)


def label(sheet: Sheet, text: str, note: str = "", bold: bool = False,
          row: int | None = None) -> None:
    """A row's label in column A (and a note in B), on the current row unless `row`."""
    at = sheet.row if row is None else row
    sheet.widest = max(sheet.widest, len(text))
    sheet.handle.write_string(at, 0, xml_text(text), sheet.formats["bold" if bold else "text"])
    if note:
        sheet.handle.write_string(at, 1, xml_text(note), sheet.formats["text"])


def inputs(sheet: Sheet, key: str, text: str, note: str, values: Mapping[int, Decimal],
           years: range, fmt: str, *, follow: bool = False, gaps: bool = False) -> None:
    """One row of drivers by year, constants the reader may change; a year without a value
    is 0, or with `gaps` blank (no figure). With `follow`, one value for every year: the
    first year is the input and each later year repeats the year before (`=C5`), so
    changing it changes them all."""
    label(sheet, text, note)
    sheet.saw(values.values())
    style = sheet.formats[fmt]
    for i, year in enumerate(years):
        if follow and i:
            sheet.handle.write_formula(sheet.row, FIRST + i, "=" + cell(sheet.row, FIRST + i - 1),
                                       sheet.formats["follows"], float(values[year]))
        elif year in values or not gaps:
            sheet.handle.write_number(sheet.row, FIRST + i, float(values.get(year, ZERO)),
                                      style)
    sheet.cells[key] = sheet.row
    sheet.row += 1


def single(sheet: Sheet, key: str, text: str, note: str, value: Decimal, fmt: str) -> None:
    label(sheet, text, note)
    sheet.saw((value,))
    sheet.handle.write_number(sheet.row, FIRST, float(value), sheet.formats[fmt])
    sheet.cells[key] = sheet.row
    sheet.row += 1


def formulas(sheet: Sheet, key: str, text: str, columns: Sequence[int],
             formula: Callable[[int], tuple[str, Decimal | None]], fmt: str = "money",
             bold: bool = False) -> None:
    """One row of formulas, one a column, each with its computed value cached."""
    label(sheet, text, bold=bold)
    sheet.cells[key] = sheet.row  # a running sum refers to its own row
    for col in columns:
        text_formula, value = formula(col)
        sheet.saw((value,))
        sheet.handle.write_formula(sheet.row, col, "=" + text_formula, sheet.formats[fmt],
                                   shown(value))
    sheet.row += 1


def array(sheet: Sheet, key: str, text: str, first: int, last: int, formula: str,
          values: Sequence[Decimal | None], fmt: str = "money") -> None:
    """One row computed by one array formula over columns `first` to `last`, each cell with
    its value cached (xlsxwriter pads an array's other cells with 0; they get theirs)."""
    label(sheet, text)
    sheet.saw(values)
    sheet.cells[key] = sheet.row
    write_array(sheet.handle, sheet.row, first, last, formula, values, sheet.formats[fmt])
    sheet.row += 1


def write_array(handle: Any, row: int, first: int, last: int, formula: str,
                values: Sequence[Decimal | float | str | None], style: Any) -> None:
    """`{=formula}` over `first`..`last` of `row`, every cell holding its cached value."""
    write_block(handle, row, first, row, last, formula, [values], style)


def write_block(handle: Any, top: int, first: int, bottom: int, last: int, formula: str,
                values: Sequence[Sequence[Decimal | float | str | None]], style: Any) -> None:
    """`{=formula}` over a block of rows and columns, every cell holding its cached value
    (xlsxwriter fills the block with 0 first; each cell then gets its own)."""
    handle.write_array_formula(top, first, bottom, last, "{=" + formula + "}", style,
                               shown(values[0][0]))
    for r, row in enumerate(values, start=top):
        block_cells(handle, r, first + (r == top), row[r == top:], style)


def by_year(values: Mapping[int, Decimal], years: range) -> list[Decimal]:
    return [values.get(year, ZERO) for year in years]


def header(sheet: Sheet, first: str, years: range, second: str = "") -> None:
    sheet.handle.write_string(HEADER, 0, first, sheet.formats["header"])
    sheet.handle.write_string(HEADER, 1, second, sheet.formats["header"])
    for i, year in enumerate(years):
        sheet.handle.write_number(HEADER, FIRST + i, year, sheet.formats["year_header"])


def wrapped(handle: Any, row: int, text: str, widths: Sequence[float],
            styles: tuple[Any, Any], points: float = FONT_POINTS) -> None:
    """`text` within the columns of these widths: text running past the last column would
    widen the printed page and shrink the print. Text that fits on one line is written as
    it is (`styles[0]`); longer text is wrapped across the columns merged (`styles[1]`),
    its row as tall as its lines."""
    across = sum(widths) * FONT_POINTS / points  # characters of this size on one line
    lines = math.ceil(len(text) * 1.1 / max(across, 1))
    if lines <= 1:
        handle.write_string(row, 0, xml_text(text), styles[0])  # never a formula
        return
    if len(widths) > 1:
        handle.merge_range(row, 0, row, len(widths) - 1, "", styles[1])
    handle.write_string(row, 0, xml_text(text), styles[1])
    handle.set_row(row, round(points * 1.4 * lines, 1))


YEAR_WIDTH = 11  # characters: the narrowest a column of years is


def printed_width(widths: Sequence[float]) -> float:
    """Pixels of the columns of these widths (characters), as Excel lays them out."""
    return sum(int(w * 7 + 5) for w in widths)


def print_setup(sheet: Any, widths: Sequence[float], header_row: int = HEADER, *,
                first_column: bool = True) -> None:
    """Frozen header (and first column); A4, header rows on every page; printed at 8.25 pt
    or more: portrait and one page wide when that keeps the print that large, else
    landscape one page wide, else landscape at 75 % over as many pages as it takes, the
    first column repeated on each."""
    sheet.freeze_panes(header_row + 1, 1 if first_column else 0)
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(0, header_row)
    sheet.set_margins(left=0.6, right=0.6, top=0.8, bottom=0.8)
    sheet.set_footer("&C&P / &N")
    width = printed_width(widths)
    if width * SMALLEST_SCALE <= PRINTABLE["portrait"]:
        sheet.fit_to_pages(1, 0)
        return
    sheet.set_landscape()
    if width * SMALLEST_SCALE <= PRINTABLE["landscape"]:
        sheet.fit_to_pages(1, 0)
        return
    sheet.set_print_scale(math.ceil(SMALLEST_SCALE * 100))
    sheet.repeat_columns(0, 0)


def layout(sheet: Sheet, years: int, note: int) -> None:
    """Column widths (the labels as wide as the longest, within reason), the title wrapped
    over them, and printing."""
    year = max(YEAR_WIDTH, sheet.number_width + 2)
    widths = [max(30, min(sheet.widest + 2, 70)), note] + [year] * years
    sheet.handle.set_column(0, 0, widths[0])
    sheet.handle.set_column(1, 1, widths[1])
    sheet.handle.set_column(FIRST, FIRST + years - 1, year)
    wrapped(sheet.handle, 0, sheet.title, widths,
            (sheet.formats["title"], sheet.formats["title_wrap"]), 12)
    print_setup(sheet.handle, widths)
    sheet.handle.flush()  # the sheet is done: into the file, row by row
