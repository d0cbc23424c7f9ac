"""How one cell reads, shared by the human-readable renderers."""

from __future__ import annotations

from decimal import Decimal

from kikcalc.numbers import exact, format_amount, signed_amount
from kikcalc.tables import Cell, Column, Table

_POINT = {"da": ",", "en": ".", "plain": "."}


def cell_text(value: Cell, column: Column, table: Table, lang: str) -> str:
    """Money rounded half-up to the table's decimals; counts exactly as given."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if column.kind == "count":
            return exact(value).replace(".", _POINT[lang])
        decimals = table.decimals if column.decimals is None else column.decimals
        if column.kind == "delta":
            return signed_amount(value, decimals, lang)
        return format_amount(value, decimals, lang)
    return str(value)


def is_right_aligned(column: Column) -> bool:
    return column.kind != "text"
