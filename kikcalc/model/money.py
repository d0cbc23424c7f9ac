"""Money units: kr., t.kr. and mio. kr., converted exactly (a power of ten in Decimal).

The bottom of the pipeline: the reader of budget tables, the engine and every later stage
convert with it.
"""

from __future__ import annotations

from decimal import Decimal

UNIT_FACTORS = {"kr.": Decimal(1), "t.kr.": Decimal(1000), "mio. kr.": Decimal(1_000_000)}


def convert(amount: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Exact conversion between kr., t.kr. and mio. kr.

    >>> convert(Decimal(79000), "kr.", "mio. kr.")
    Decimal('0.079')
    """
    if from_unit == to_unit:
        return amount
    return amount * UNIT_FACTORS[from_unit] / UNIT_FACTORS[to_unit]
