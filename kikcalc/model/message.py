"""A message as data: a catalogue key and the raw values it speaks of, in no language yet.

A rule says *what* it found (`Message("k202", ...)` with the amounts as `Decimal`s, the
years as `int`s, the dates as `date`s); the presentation stage says it in the reader's
language (`kikcalc.present.messages`), with the numbers and dates in that language's
style: Danish `4,49 mio. kr.` and `30.06.2018`, English `4.49 mio. kr.` and `2018-06-30`.
A message that no catalogue holds (a YAML parser's or pydantic's words) stays a `str`.

>>> message("k204", funded=Amount(Decimal(12), "mio. kr."))
Message(key='k204', fields=(('funded', Amount(value=Decimal('12'), unit='mio. kr.')),))
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from kikcalc.record import Record


class Amount(Record):
    """Money in a message: the value as it is to be shown (rounded already) and its unit."""

    value: Decimal
    unit: str


class Term(Record):
    """A word of the label catalogue (`projected`, `budget`): said in the reader's language."""

    key: str


class Names(Record):
    """Names listed in a message, at most `limit` of them before "and N more"; `empty` is
    said when there are none."""

    names: tuple[str, ...]
    empty: Value = ""
    limit: int = 10


class Joined(Record):
    """Parts said one after another with `separator` between (a tuple uses commas)."""

    items: tuple[Value, ...]
    separator: str = "; "


class Message(Record):
    """A key of the message catalogue and its fields, in the order the code gives them."""

    key: str
    fields: tuple[tuple[str, Value], ...] = ()

    def __str__(self) -> str:  # for a developer's eyes only; readers get `message_text`
        shown = ", ".join(f"{name}={value!s}" for name, value in self.fields)
        return f"{self.key}({shown})"


#: What a field may hold: each kind is shown by the presentation stage in its own way.
Value = (str | int | Decimal | datetime.date | Amount | Term | Names | Joined | Message
         | tuple["Value", ...])
#: What a finding says: a catalogue message, or text in English only (YAML's, pydantic's).
Text = str | Message


def message(key: str, /, **fields: Value) -> Message:
    """The message `key` with its fields given by name."""
    return Message(key, tuple(fields.items()))


def order_key(text: Text) -> str:
    """A stable order for findings at one place: by key and values, or by the text."""
    return str(text)
