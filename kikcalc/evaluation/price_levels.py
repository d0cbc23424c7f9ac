"""The price level of the figures `variance` compares, and the budget years approved before
a dated change.

A municipal budget is adopted in October of the year before (kl.dk, "Kommunal økonomi
a-z": "Kommunerne vedtager hvert år medio oktober budgettet for det kommende år"), in the
budget year's prices as forecast then; the accounts are in current prices (løbende
priser). Danmarks Statistik warns that the two cannot simply be compared, since tasks and
rules change during the year (dst.dk, "Budgetter og årsregnskaber for kommuner og
regioner"). So each variance table says the price level of both rows, and a year whose
budget was approved (`budget_approved`) before a dated change that applies in or before
that year is flagged: the actual reflects the change, the budget does not. A strategy's
budget line in fixed prices says so with `budget_prices: YEAR`.

Worked example: a budget approved on 10 October 2024; the kontanthjælp reform applies from
1 July 2025: the budget years 2025, 2026 and 2027 are flagged, 2024 is not.
"""

from __future__ import annotations

import datetime

from kikcalc.engine.plan import priced_benefits
from kikcalc.model.changes import DATED_CHANGES, DatedChange
from kikcalc.model.schema import DatedCost, Strategy
from kikcalc.record import Record


class PriceLevels(Record):
    budget_prices: int | None = None  # None: each budget year's own prices
    approved: datetime.date | None = None
    # (budget year, the change the budget did not know)
    flagged: tuple[tuple[int, DatedChange], ...] = ()


def _month_start(stamp: str) -> datetime.date:
    year, month = (int(part) for part in stamp.split("-"))
    return datetime.date(year, month, 1)


def file_changes(strategy: Strategy) -> list[DatedChange]:
    """The file's own dated costs of the benefits it prices: each month a cost changes."""
    used = priced_benefits(strategy)
    found = []
    for benefit, cost in (strategy.unit_costs.benefits if strategy.unit_costs else {}).items():
        if benefit not in used or not isinstance(cost, DatedCost):
            continue
        months = sorted(cost.by_month)[1:]
        if cost.until is not None and cost.then is not None:
            year, month = (int(p) for p in cost.until.split("-"))
            months.append(f"{year + month // 12:04d}-{month % 12 + 1:02d}")
        found += [DatedChange(_month_start(m), benefit, (benefit,), "the file") for m in months]
    return found


def price_levels(strategy: Strategy, years: list[int]) -> PriceLevels:
    """The price levels and, with `budget_approved`, the budget years that lack a change."""
    approved = strategy.budget_approved
    flagged: list[tuple[int, DatedChange]] = []
    if approved is not None and strategy.budget is not None:
        used = priced_benefits(strategy)
        known = [c for c in DATED_CHANGES if used & set(c.benefits)]
        dates = {c.date for c in known}  # a file's own cost following the law: said once
        changes = known + [c for c in file_changes(strategy) if c.date not in dates]
        flagged = [(year, change) for year in sorted(years) if year in strategy.budget
                   for change in sorted(changes, key=lambda c: c.date)
                   if approved < change.date <= datetime.date(year, 12, 31)]
    return PriceLevels(strategy.budget_prices, approved, tuple(flagged))
