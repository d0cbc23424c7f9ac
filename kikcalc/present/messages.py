"""What `check`, `gate` and loading find, said in the reader's language.

A finding carries a `Message` (a key and raw values, `kikcalc.model.message`); here it
becomes a sentence from the catalogue part `messages` (`catalogue/da.messages.toml`,
`en.messages.toml`), each value in the language's style: amounts `4,49 mio. kr.` in Danish
and `4.49 mio. kr.` in English, dates `30.06.2018` and `2018-06-30`, years as written.
Text that is no `Message` (a YAML parser's or pydantic's words) is shown as it is.

>>> from kikcalc.model.message import Amount, message
>>> found = message("k204", funded=Amount(Decimal("12.5"), "mio. kr."),
...                 invested=Amount(Decimal(15), "mio. kr."),
...                 short=Amount(Decimal("2.5"), "mio. kr."))
>>> message_text(found, "da")
'finansieringen på 12,5 mio. kr. dækker ikke investeringen på 15 mio. kr. (mangler 2,5 mio. kr.)'
>>> message_text(found, "en")
'funding of 12.5 mio. kr. does not cover the investment of 15 mio. kr. (short by 2.5 mio. kr.)'
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from kikcalc.model.findings import Issue, Severity
from kikcalc.model.message import Amount, Joined, Message, Names, Term, Text, Value
from kikcalc.present.labels import catalogue, label
from kikcalc.text.formatting import format_amount, format_date
from kikcalc.text.safe import printable, truncate

#: Decimals a number in a message may show: as many as its value has (rounded already).
MOST_DECIMALS = 12
#: Characters of one message as a report shows it; a message quotes names that may be long.
MAX_MESSAGE = 1000


def number(value: Decimal, lang: str) -> str:
    """A number as the language writes it, with the decimals it carries: `1.0` stays `1,0`
    (a sum of fractions reads differently from a sum of percentages); a rounded amount is
    given without trailing zeros by the code that rounds it.

    >>> number(Decimal("4.49"), "da"), number(Decimal("1234.5"), "en"), number(Decimal("1.0"), "da")
    ('4,49', '1,234.5', '1,0')
    """
    exponent = value.as_tuple().exponent
    decimals = min(-exponent, MOST_DECIMALS) if isinstance(exponent, int) and exponent < 0 else 0
    return format_amount(value, decimals, lang)


def _names(names: Names, lang: str) -> str:
    if not names.names:
        return value_text(names.empty, lang)
    shown = ", ".join(names.names[:names.limit])
    left = len(names.names) - names.limit
    if left <= 0:
        return shown
    return f"{shown} {message_text(Message('and_more', (('n', Decimal(left)),)), lang)}"


def _scalar_text(value: str | int | Decimal | datetime.date | Amount, lang: str) -> str:
    if isinstance(value, int):  # a year, a count of years: as written, never `2.029`
        return str(value)
    if isinstance(value, Decimal):
        return number(value, lang)
    if isinstance(value, Amount):
        return f"{number(value.value, lang)} {value.unit}"
    if isinstance(value, datetime.date):
        return format_date(value, lang)
    return value


def value_text(value: Value, lang: str) -> str:
    """One field of a message in the reader's language."""
    if isinstance(value, Message):
        return message_text(value, lang)
    if isinstance(value, Term):
        return label(value.key, lang).lower()
    if isinstance(value, Names):
        return _names(value, lang)
    if isinstance(value, Joined):
        return value.separator.join(value_text(item, lang) for item in value.items)
    if isinstance(value, tuple):
        said = [value_text(item, lang) for item in value]
        # Danish decimal commas would run into the commas between: 0,8; 1,2; 1,5
        return ("; " if any("," in text for text in said) else ", ").join(said)
    return _scalar_text(value, lang)


def message_text(text: Text, lang: str) -> str:
    """The sentence a finding says, in `lang` ("da" or "en")."""
    if isinstance(text, str):
        return text
    template: str = catalogue(lang, "messages")[text.key]
    return template.format(**{name: value_text(value, lang) for name, value in text.fields})


def said(issue: Issue, lang: str) -> str:
    """What an issue says in `lang`, at most `MAX_MESSAGE` characters."""
    return truncate(message_text(issue.message, lang), MAX_MESSAGE)


def severity_word(severity: Severity, lang: str) -> str:
    """`error` or `warning` in the reader's language: `fejl`, `advarsel`."""
    return message_text(Message(f"severity_{severity.value}"), lang)


def issue_line(issue: Issue, lang: str, text: str | None = None) -> str:
    """`file:line:column: CODE message`, a warning marked, no raw control character;
    `text` is the message already worded (and perhaps shortened)."""
    kind = f"{severity_word(issue.severity, lang)}: " \
        if issue.severity is Severity.WARNING else ""
    said = message_text(issue.message, lang) if text is None else text
    return printable(f"{issue.source}: {issue.code} {kind}{said}")
