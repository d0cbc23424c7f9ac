"""How one cell reads, shared by the human-readable renderers."""

from __future__ import annotations

import re
from decimal import Decimal

from kikcalc.present.tables import Cell, Column, Table
from kikcalc.text.formatting import format_amount, format_count, needed_decimals, signed_amount

# The decimals of each column, per table, found once and only for the columns asked about
# (the columns of counts): hashing a whole table for every cell (as a cache keyed by the
# table would) made a 1,000-group workbook quadratic.
_COLUMN_DECIMALS: dict[int, tuple[Table, dict[int, int]]] = {}
MOST_DECIMALS = 2


def count_decimals(table: Table, index: int) -> int:
    """The decimals of a column of counts: as many as its most precise cell shows, at most
    2 (a phased-in or derived count), so that the whole column lines up."""
    found = _COLUMN_DECIMALS.get(id(table))
    if found is None or found[0] is not table:
        if len(_COLUMN_DECIMALS) > 64:
            _COLUMN_DECIMALS.clear()
        found = (table, {})
        _COLUMN_DECIMALS[id(table)] = found
    columns = found[1]
    if index not in columns:
        most = 0
        for row in table.rows:
            cell = row[index]
            if isinstance(cell, Decimal):
                most = max(most, needed_decimals(cell, MOST_DECIMALS))
                if most == MOST_DECIMALS:  # no cell can ask for more
                    break
        columns[index] = most
    return columns[index]


def cell_text(value: Cell, column: Column, table: Table, lang: str) -> str:
    """Money rounded half-up to the table's decimals; counts with the column's decimals."""
    if value is None:
        return ""
    if column.kind == "count" and isinstance(value, Decimal | int):
        index = next(i for i, c in enumerate(table.columns) if c is column)
        return format_count(value, lang, count_decimals(table, index))
    if isinstance(value, Decimal):
        decimals = table.decimals if column.decimals is None else column.decimals
        if column.kind == "delta":
            return signed_amount(value, decimals, lang)
        return format_amount(value, decimals, lang)
    return str(value)


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection"): a sign, `=`,
# `@`, or a tab or carriage return in front of one of them. A bare signed number or
# percentage, or a lone dash (no value), cannot call or reference anything: those stay.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_SIGNED = re.compile("[+-]([0-9][0-9.,]*([ \u00a0]?%)?)?")


def inert_text(text: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula: an apostrophe in
    front when it begins like one. Numbers are written as numbers, not through here.

    >>> print(inert_text('=HYPERLINK("http://x")'), inert_text("-x"), inert_text("-25 %"))
    '=HYPERLINK("http://x") '-x -25 %
    """
    if text.startswith(_FORMULA_START) and not _PLAIN_SIGNED.fullmatch(text):
        return f"'{text}"
    return text


def is_right_aligned(column: Column) -> bool:
    return column.kind != "text"
