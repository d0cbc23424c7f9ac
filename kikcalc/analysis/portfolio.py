"""A municipality's strategies side by side, all in mio. kr.

- The plan: projected net effect by year, one column per strategy and a total. Years a
  strategy does not cover count as 0 for it.
- Plan against actual (`variance --combine`): per strategy, the budget and the actual of
  the years that have an actual, and their difference, then the total. A year with no
  actual is not compared; a part year is compared as given and marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from kikcalc import __version__
from kikcalc.engine.projection import running_sum
from kikcalc.engine.results import ZERO
from kikcalc.present.formatting import exact
from kikcalc.present.labels import label
from kikcalc.present.tables import Cell, Column, Table
from kikcalc.present.views import Evaluated


def _nets(evaluated: Sequence[Evaluated]) -> tuple[list[int], list[dict[int, Decimal]]]:
    nets = [dict(ev.results.projection.net) if ev.results.projection else {} for ev in evaluated]
    years = sorted({y for ev in evaluated for y in ev.plan.years})
    return years, nets


def portfolio_table(evaluated: Sequence[Evaluated], lang: str, decimals: int) -> Table:
    years, nets = _nets(evaluated)
    totals = {y: sum((n.get(y, ZERO) for n in nets), ZERO) for y in years}
    cumulative = running_sum(totals)
    rows: list[tuple[Cell, ...]] = [
        (y, *(n.get(y, ZERO) for n in nets), totals[y], cumulative[y]) for y in years]
    rows.append((label("total", lang), *(sum(n.values(), ZERO) for n in nets),
                 sum(totals.values(), ZERO), None))
    columns = (Column(label("year", lang), "year"), *(Column(ev.name) for ev in evaluated),
               Column(label("total", lang)), Column(label("cumulative", lang)))
    notes = (label("sign", lang, unit="mio. kr."), label("portfolio_note", lang),
             label("rounding", lang))
    return Table(f"{label('title_portfolio', lang)} (mio. kr.)", columns, tuple(rows), notes,
                 decimals)


def _compared(ev: Evaluated) -> tuple[list[int], Decimal, Decimal, bool]:
    """Years with both an actual and a budget, their budget and actual sums, any part year."""
    rows = [r for r in ev.results.variance if r.actual is not None and r.budget is not None]
    return ([r.year for r in rows], sum((r.budget or ZERO for r in rows), ZERO),
            sum((r.actual or ZERO for r in rows), ZERO),
            any(r.partial or r.budget_as_of for r in rows))


def _span(years: list[int]) -> str:
    return f"{years[0]}-{years[-1]}" if len(years) > 1 else "".join(map(str, years))


def portfolio_variance_table(evaluated: Sequence[Evaluated], lang: str, decimals: int) -> Table:
    rows: list[tuple[Cell, ...]] = []
    total_budget = total_actual = ZERO
    for ev in evaluated:
        years, budget, actual, partial = _compared(ev)
        total_budget, total_actual = total_budget + budget, total_actual + actual
        shown = (_span(years) + ("*" if partial else "")) if years else label("none", lang)
        rows.append((ev.name, shown, budget, actual, actual - budget))
    rows.append((label("total", lang), "", total_budget, total_actual,
                 total_actual - total_budget))
    columns = (Column(label("strategy", lang), "text"), Column(label("years", lang), "text"),
               Column(label("budget", lang)), Column(label("actual", lang)),
               Column(label("difference", lang)))
    notes = (label("sign", lang, unit="mio. kr."), label("portfolio_variance_note", lang),
             label("rounding", lang))
    return Table(f"{label('title_portfolio_variance', lang)} (mio. kr.)", columns,
                 tuple(rows), notes, decimals)


def portfolio_variance_doc(evaluated: Sequence[Evaluated]) -> dict[str, Any]:
    strategies, total_budget, total_actual = [], ZERO, ZERO
    for ev in evaluated:
        years, budget, actual, partial = _compared(ev)
        total_budget, total_actual = total_budget + budget, total_actual + actual
        strategies.append({"file": ev.file, "name": ev.name, "years": years,
                           "partial": partial, "budget": exact(budget),
                           "actual": exact(actual), "difference": exact(actual - budget)})
    return {"kikcalc": __version__, "format_version": 1, "unit": "mio. kr.",
            "strategies": strategies,
            "total": {"budget": exact(total_budget), "actual": exact(total_actual),
                      "difference": exact(total_actual - total_budget)}}


def portfolio_doc(evaluated: Sequence[Evaluated]) -> dict[str, Any]:
    years, nets = _nets(evaluated)
    totals = {y: sum((n.get(y, ZERO) for n in nets), ZERO) for y in years}
    cumulative = running_sum(totals)
    return {"kikcalc": __version__, "format_version": 1, "unit": "mio. kr.",
            "strategies": [{"file": ev.file, "name": ev.name} for ev in evaluated],
            "years": [{"year": y, "net": [exact(n.get(y, ZERO)) for n in nets],
                       "total": exact(totals[y]), "cumulative": exact(cumulative[y])}
                      for y in years]}
