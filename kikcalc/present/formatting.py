"""Numbers as people read them: half-up rounding at display only, no "-0", Danish style.

Danish: `1.234,5`; English: `1,234.5`. JSON gets `exact`, the full decimal as a string.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_SEPARATORS = {"da": (".", ","), "en": (",", "."), "plain": ("", ".")}  # (thousands, point)


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round as a committee member would by hand; -0 becomes 0.

    >>> round_half_up(Decimal("0.05"), 1), round_half_up(Decimal("-0.04"), 1)
    (Decimal('0.1'), Decimal('0.0'))
    """
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def format_amount(value: Decimal, decimals: int, lang: str = "da") -> str:
    """A rounded amount with thousands separators.

    >>> format_amount(Decimal("-1234.56"), 1), format_amount(Decimal("-1234.56"), 1, "en")
    ('-1.234,6', '-1,234.6')
    """
    thousands, point = _SEPARATORS[lang]
    text = f"{round_half_up(value, decimals):,.{decimals}f}"
    return text.replace(",", "\0").replace(".", point).replace("\0", thousands)


def signed_amount(value: Decimal, decimals: int, lang: str = "da") -> str:
    """A change, with its sign always shown: `+4,0`, `-7,9`, `0,0`.

    >>> signed_amount(Decimal("4"), 1), signed_amount(Decimal("-0.01"), 1)
    ('+4,0', '0,0')
    """
    text = format_amount(value, decimals, lang)
    return text if text.startswith("-") or round_half_up(value, decimals).is_zero() \
        else "+" + text


def exact(value: Decimal) -> str:
    """The exact value as a plain decimal string, without exponent or trailing zeros.

    >>> exact(Decimal("1.580000")), exact(Decimal("1.58E+6")), exact(Decimal("-0.0"))
    ('1.58', '1580000', '0')
    """
    if value.is_zero():
        return "0"
    return format(value.normalize(), "f")
