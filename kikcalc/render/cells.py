"""How one cell reads, shared by the human-readable renderers."""

from __future__ import annotations

from decimal import Decimal

from kikcalc.formatting import exact, format_amount, round_half_up, signed_amount
from kikcalc.tables import Cell, Column, Table

_POINT = {"da": ",", "en": ".", "plain": "."}


def cell_text(value: Cell, column: Column, table: Table, lang: str) -> str:
    """Money rounded half-up to the table's decimals; counts exactly as given."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if column.kind == "count":
            # persons and shares as given; a phased-in or derived one to 1/100
            exponent = value.as_tuple().exponent
            shown = value if isinstance(exponent, int) and exponent >= -2 \
                else round_half_up(value, 2)
            return exact(shown).replace(".", _POINT[lang])
        decimals = table.decimals if column.decimals is None else column.decimals
        if column.kind == "delta":
            return signed_amount(value, decimals, lang)
        return format_amount(value, decimals, lang)
    return str(value)


def is_right_aligned(column: Column) -> bool:
    return column.kind != "text"
