"""What the variance table says about price levels: the level of each row's figures, and
each budget year approved before a dated change (evaluation.price_levels)."""

from __future__ import annotations

from typing import Any

from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.model.changes import DatedChange
from kikcalc.present.tables import Context


def price_notes(ev: Evaluated, ctx: Context) -> list[str]:
    levels = ev.price_levels
    budget = ctx.text("level_budget_fixed", year=levels.budget_prices) \
        if levels.budget_prices is not None else ctx.text("level_budget_own")
    notes = [ctx.text("price_level_note", budget=budget)]
    approved = levels.approved
    years: dict[DatedChange, list[int]] = {}  # the years each change was not budgeted for
    for year, change in levels.flagged:
        years.setdefault(change, []).append(year)
    for change, found in years.items():
        assert approved is not None, "a year is flagged only against an approval date"
        notes.append(ctx.text("approved_before", year=", ".join(map(str, found)),
                              approved=ctx.date(approved),
                              change=ctx.benefit(change.name) if change.source == "the file"
                              else change.name, date=ctx.date(change.date)))
    return notes


def price_doc(ev: Evaluated) -> dict[str, Any]:
    levels = ev.price_levels
    return {"budget": "budget_year" if levels.budget_prices is None else levels.budget_prices,
            "actual": "current",
            "budget_approved": levels.approved.isoformat() if levels.approved else None,
            "approved_before_change": [
                {"year": year, "change": change.name, "date": change.date.isoformat(),
                 "source": change.source} for year, change in levels.flagged]}
