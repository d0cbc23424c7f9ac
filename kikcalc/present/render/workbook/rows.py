"""Cells handed to the workbook row by row, and rows as tall as their wrapped text.

The workbook is written with xlsxwriter's `constant_memory`: it keeps only the row it is
on and writes each finished row to a temporary file, so a cell above that row can no
longer be written. The memo's tables are written in row order; a live sheet, whose rows
refer to rows further down, is held by `InOrder` until it is done.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from xlsxwriter.worksheet import Worksheet

# The functions xlsxwriter renames in a formula (`FILTER(` to `_xlfn._xlws.FILTER(`, ...),
# each by a pattern `\bNAME\(` (and `\SINGLE\(`), all 29 tried on every formula. A
# formula names one only if the capitals before one of its brackets are one of them.
RENAMED = frozenset((
    "ANCHORARRAY", "BYCOL", "BYROW", "CHOOSECOLS", "CHOOSEROWS", "DROP", "EXPAND", "FILTER",
    "HSTACK", "LAMBDA", "MAKEARRAY", "MAP", "RANDARRAY", "REDUCE", "SCAN", "SEQUENCE", "SORT",
    "SORTBY", "SWITCH", "TAKE", "TEXTSPLIT", "TOCOL", "TOROW", "UNIQUE", "VSTACK", "WRAPCOLS",
    "WRAPROWS", "XLOOKUP"))
CALLED = re.compile(r"([A-Z]+)\(")


class Formulas(Worksheet):  # type: ignore[misc]
    """xlsxwriter's worksheet, preparing a formula that names none of the renamed
    functions in one step: the same formula as xlsxwriter's."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if self.use_future_functions or expand_future_functions or "_xlfn." in formula or \
                "INGLE(" in formula or not RENAMED.isdisjoint(CALLED.findall(formula)):
            return str(super()._prepare_formula(formula, expand_future_functions))
        return formula.removeprefix("{").removeprefix("=").removesuffix("}")


def block_cells(handle: Any, row: int, first: int, values: Sequence[Decimal | float | str | None],
                style: Any) -> None:
    """The cached values of an array formula's cells from column `first` on in `row`
    (written row by row, the workbook pads nothing: no value is a 0)."""
    number, text = handle.write_number, handle.write_string
    for c, value in enumerate(values, start=first):
        if isinstance(value, str):
            text(row, c, value, style)
        else:  # "%.16G" in the file: no ".0" to take off
            number(row, c, float(value or 0), style)


class InOrder:
    """A worksheet whose cells may be written in any order, handed to the workbook row by
    row by `flush`: the workbook keeps one row in memory at a time (xlsxwriter's
    `constant_memory`), so a sheet written out of order is held here until it is done.
    Everything but cells and row heights goes straight to the worksheet."""

    CELLS = frozenset({"write_string", "write_number", "write_formula", "write_blank",
                       "write_array_formula", "merge_range", "set_row"})

    def __init__(self, handle: Any) -> None:
        self._handle = handle
        self._rows: dict[int, list[tuple[str, tuple[Any, ...]]]] = {}
        for name in self.CELLS:  # found before __getattr__ is asked
            setattr(self, name, partial(self._hold, name))

    def _hold(self, name: str, row: int, *args: Any) -> None:
        self._rows.setdefault(row, []).append((name, (row, *args)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def flush(self) -> None:
        """Write the held cells, row after row, in the order they were given in a row."""
        handle = self._handle
        for row in sorted(self._rows):
            for name, args in self._rows[row]:
                getattr(handle, name)(*args)
        self._rows.clear()


LINE_POINTS = 15  # a line of 11 pt text, as tall as Excel's default row


# Calibri's (and Carlito's) advance widths in 1/2048 em; a column's width unit is a digit's
DIGIT = 1038
WIDTHS = {
    **dict(zip(" abcdefghijklmnopqrstuvwxyz", (
        463, 981, 1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080,
        1076, 1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809), strict=True)),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (
        1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356,
        1058, 1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959), strict=True)),
    **dict.fromkeys("0123456789", DIGIT),
    ".": 517, ",": 511, "-": 627, ":": 548, ";": 548, "(": 621, ")": 621, "/": 788,
    "%": 1463, "æ": 1530, "ø": 1080, "å": 981, "Æ": 1700, "Ø": 1356, "Å": 1185,
}
WIDE = 1100  # any other character: wider than most


def text_width(text: str) -> float:
    """`text` in column widths (digits) of Calibri 11."""
    return sum(WIDTHS.get(c, WIDE) for c in text) / DIGIT


def text_lines(text: str, width: float, *, bold: bool = False) -> int:
    """The lines `text` takes wrapped in a column `width` digits wide: whole words to a
    line, a word longer than a line broken. Measured in LibreOffice, a line holds text
    up to about the column's width in digits (60.3 of a column of 60 did, 61.0 did not).

    >>> text_lines("Besparelse: Aktivitetsparate kontant- og uddannelseshjælpsmodtagere", 60)
    1
    >>> text_lines("Andel selvforsørgende: Aktivitetsparate kontant- og uddannelseshjælp"
    ...            "smodtagere", 60)
    2
    >>> text_lines("Uddannelseshjælp", 11, bold=True), text_lines("a\\nb", 60)
    (2, 2)
    """
    room = width / (1.07 if bold else 1)  # bold letters are wider
    space, lines = WIDTHS[" "] / DIGIT, 0
    for paragraph in text.split("\n"):
        lines, used = lines + 1, 0.0
        for word in paragraph.split(" "):
            size = text_width(word)
            if used and used + space + size > room:
                lines, used = lines + 1, 0.0
            used += size + (space if used else 0)
            while used > room:
                lines, used = lines + 1, used - room
    return lines


def fit_row(handle: Any, row: int, texts: Iterable[tuple[str, float]], *,
            bold: bool = False) -> None:
    """As tall as the most lines of `texts` (text, column width) that wrap in `row`:
    LibreOffice does not size a row to its wrapped text, so the file says how tall."""
    lines = max((text_lines(text, width, bold=bold) for text, width in texts), default=1)
    if lines > 1:
        handle.set_row(row, LINE_POINTS * lines)
