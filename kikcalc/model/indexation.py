"""Indexation of flat amounts from the price year, by kind: benefits follow the
satsreguleringsprocent (lov om en satsreguleringsprocent; e.g. lov om en aktiv
beskæftigelsesindsats § 189: "En gang årligt den 1. januar reguleres ... med
satsreguleringsprocenten"), wages the municipal wage index, other prices the PL index. A
file may give one rate or index for everything (the simple form) or one for each kind.
"""

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from kikcalc.model.types import YEAR_KEYS, Note, StrictModel, Text, Year, as_number

IndexRate = Annotated[Decimal, BeforeValidator(as_number), Field(gt=-100, le=100)]
IndexValues = Annotated[dict[Year, Annotated[Decimal, BeforeValidator(as_number),
                                             Field(gt=0)]], YEAR_KEYS]
IndexKind = Literal["benefits", "wages", "prices"]


class IndexRule(StrictModel):
    """One kind's index: a yearly `rate` (percent) or an `index` by year, with its source."""

    rate: IndexRate | None = None
    index: IndexValues | None = None
    source: Text | None = None
    note: Note | None = None


class Indexation(StrictModel):
    """How unit costs and wages move from the price year: a yearly `rate` (percent) or an
    `index` by year for everything (the simple form), or one for each kind: `benefits` (the
    satsreguleringsprocent), `wages` (the municipal wage index), `prices` (the PL index of
    other prices); a kind without its own follows the simple form, if there is one."""

    rate: IndexRate | None = None
    index: IndexValues | None = None
    benefits: IndexRule | None = None
    wages: IndexRule | None = None
    prices: IndexRule | None = None

    def rule(self, kind: IndexKind) -> IndexRule | None:
        """The rate or index `kind` follows: its own, else the simple form, else none."""
        own: IndexRule | None = getattr(self, kind)
        if own is not None:
            return own
        if self.rate is None and self.index is None:
            return None
        return IndexRule(rate=self.rate, index=self.index)
