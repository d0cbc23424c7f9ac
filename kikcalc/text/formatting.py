"""Numbers as people read them: half-up rounding at display only, no "-0", Danish style.

Danish: `1.234,5`; English: `1,234.5`. JSON gets `exact`, the full decimal as a string.
"""

from __future__ import annotations

import datetime
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


def needed_decimals(value: Decimal, most: int = 2) -> int:
    """The decimals `value` shows as given, at most `most`: a column of counts is shown
    with the largest of these, so its decimals line up.

    >>> [needed_decimals(Decimal(v)) for v in ("5.43", "31.40", "7", "0.125")]
    [2, 1, 0, 2]
    """
    exponent = value.normalize().as_tuple().exponent
    return min(-exponent, most) if isinstance(exponent, int) and exponent < 0 else 0


def format_count(value: Decimal | int, lang: str = "da", decimals: int = 0) -> str:
    """Persons, draws, kroner per person: thousands separators, `decimals` shown.

    >>> format_count(100000), format_count(Decimal("5.4"), "en", 2)
    ('100.000', '5.40')
    """
    return format_amount(Decimal(value), decimals, lang)


def format_percent(value: Decimal | int, lang: str = "da", decimals: int | None = None) -> str:
    """A percentage with a space before the sign; decimals as given (at most 2) unless set.

    >>> format_percent(Decimal("76.5")), format_percent(Decimal("76.5"), "en"), format_percent(25)
    ('76,5 %', '76.5 %', '25 %')
    """
    value = Decimal(value)
    places = needed_decimals(value) if decimals is None else decimals
    return f"{format_amount(value, places, lang)} %"


MINUS = "\u2212"  # the minus sign: no line breaks after it, as one may after a hyphen
NO_BREAK_SPACE = "\u00a0"


def signed_percent(value: Decimal | int, lang: str = "da") -> str:
    """A change in percent as a heading shows it, on one line wherever it is set: the minus
    is U+2212 (Word and LibreOffice may break a line after a hyphen-minus, leaving "ved -"
    on one line and "25 %" on the next; never after a minus sign, which also has the width
    of the plus) and the space before % is no-break (U+00A0).

    >>> signed_percent(-25) == MINUS + "25" + NO_BREAK_SPACE + "%"
    True
    >>> [signed_percent(c, "da").replace(NO_BREAK_SPACE, " ") for c in (Decimal("2.5"), 0)]
    ['+2,5 %', '0 %']
    """
    value = Decimal(value)
    number = format_amount(abs(value), needed_decimals(value), lang)
    sign = MINUS if value < 0 else "+" if value > 0 else ""
    return f"{sign}{number}{NO_BREAK_SPACE}%"


def format_date(value: datetime.date | str, lang: str = "da") -> str:
    """A date as Danish readers write it (30.06.2018), in English as ISO (2018-06-30).
    Text that is not an ISO date is returned as it is.

    >>> format_date(datetime.date(2018, 6, 30)), format_date("2018-09-12", "en")
    ('30.06.2018', '2018-09-12')
    >>> format_date("2018-09-12"), format_date("september 2018")
    ('12.09.2018', 'september 2018')
    """
    if isinstance(value, str):
        try:
            day = datetime.date.fromisoformat(value.strip())
        except ValueError:
            return value
    else:
        day = value
    return day.strftime("%d.%m.%Y") if lang == "da" else day.isoformat()
