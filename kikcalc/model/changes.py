"""Dated changes of the law that change what a benefit costs: a budget approved before
one does not know it, an actual after it does, so `variance` flags such a year.

The catalogue holds the changes kikcalc prices (`model.rates`); a file's own costs by month
(`by_month`, `until`) are changes too, found from the file.
"""

from __future__ import annotations

import datetime

from kikcalc.model.rates import LAST_MONTH_BEFORE_REFORM, RATES, SUCCESSIONS
from kikcalc.record import Record


class DatedChange(Record):
    date: datetime.date  # the first day it applies
    name: str  # as a committee reads it (Danish: the law's own name)
    benefits: tuple[str, ...]  # the benefit keys it changes
    source: str


_REFORM_BENEFITS = tuple(sorted({s.benefit for s in SUCCESSIONS
                                 if s.until == LAST_MONTH_BEFORE_REFORM}
                                | {b for s in SUCCESSIONS if s.until == LAST_MONTH_BEFORE_REFORM
                                   for b in s.then} | set(RATES)))

DATED_CHANGES: tuple[DatedChange, ...] = (
    DatedChange(datetime.date(2025, 7, 1), "kontanthjælpsreformen", _REFORM_BENEFITS,
                "lov nr. 1703 af 30. december 2024 (docs/reforms.md)"),
)
