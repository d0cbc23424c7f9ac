"""A municipality's strategies side by side, all in mio. kr.

- The plan: projected net effect by year, one column per strategy and a total. Years a
  strategy does not cover count as 0 for it.
- Plan against actual (`variance --combine`): per strategy, the budget and the actual of
  the years that have an actual, and their difference, then the total. A year with no
  actual is not compared; a year with an actual but no budget counts with a budget of 0
  (as in the single-file gate), and a note names it; a part year (`*`) and a forecast
  (`f`) are compared as given and marked. A strategy whose actual falls short of its
  budget is marked as a loss against the budget, so that one losing project among many
  is not lost in the total.

Both take a `unit` (default mio. kr.); the strategies are evaluated in it beforehand.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

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


def portfolio_table(evaluated: Sequence[Evaluated], lang: str, decimals: int,
                    unit: str = "mio. kr.") -> Table:
    years, nets = _nets(evaluated)
    totals = {y: sum((n.get(y, ZERO) for n in nets), ZERO) for y in years}
    cumulative = running_sum(totals)
    rows: list[tuple[Cell, ...]] = [
        (y, *(n.get(y, ZERO) for n in nets), totals[y], cumulative[y]) for y in years]
    rows.append((label("total", lang), *(sum(n.values(), ZERO) for n in nets),
                 sum(totals.values(), ZERO), None))
    columns = (Column(label("year", lang), "year"), *(Column(ev.name) for ev in evaluated),
               Column(label("total", lang)), Column(label("cumulative", lang)))
    notes = (label("sign", lang, unit=unit), label("portfolio_note", lang),
             label("rounding", lang))
    return Table(f"{label('title_portfolio', lang)} ({unit})", columns, tuple(rows), notes,
                 decimals)


class Compared(NamedTuple):
    """One strategy's years with an actual, summed; a year with no budget counts as 0."""

    years: list[int]
    budget: Decimal
    actual: Decimal
    partial: bool  # a part-year actual or budget among them
    forecast: bool  # an actual that is a forecast among them
    unbudgeted: tuple[int, ...] = ()  # years with an actual but no budget (counted as 0)

    @property
    def difference(self) -> Decimal:
        return self.actual - self.budget

    @property
    def status(self) -> str | None:
        """`loss` (actual below budget), `as_budgeted`, `better`; None with nothing compared."""
        if not self.years:
            return None
        return "loss" if self.difference < 0 else "better" if self.difference > 0 \
            else "as_budgeted"


def compared(ev: Evaluated) -> Compared:
    """Every year with an actual; a missing budget counts as 0 (issue 23: a forecast actual
    of 1.5 mio. kr. in a year with no budget fell out of the portfolio's total)."""
    rows = [r for r in ev.results.variance if r.actual is not None]
    return Compared([r.year for r in rows], sum((r.budget or ZERO for r in rows), ZERO),
                    sum((r.actual or ZERO for r in rows), ZERO),
                    any(r.partial or r.budget_as_of for r in rows), any(r.forecast for r in rows),
                    tuple(r.year for r in rows if r.budget is None))


def _span(c: Compared) -> str:
    years = f"{c.years[0]}-{c.years[-1]}" if len(c.years) > 1 else "".join(map(str, c.years))
    return years + ("*" if c.partial else "") + ("f" if c.forecast else "")


def portfolio_variance_table(evaluated: Sequence[Evaluated], lang: str, decimals: int,
                             unit: str = "mio. kr.") -> Table:
    """Budget, actual and difference per strategy, its verdict, and the total; a strategy
    behind its budget is emphasised (its row index in `Table.emphasis`)."""
    rows: list[tuple[Cell, ...]] = []
    found = [compared(ev) for ev in evaluated]
    for ev, c in zip(evaluated, found, strict=True):
        if not c.years:  # nothing to compare: empty, not a difference of 0
            rows.append((ev.name, label("none", lang), None, None, None, ""))
            continue
        rows.append((ev.name, _span(c), c.budget, c.actual, c.difference,
                     label(f"status_{c.status}", lang)))
    budget, actual = sum((c.budget for c in found), ZERO), sum((c.actual for c in found), ZERO)
    rows.append((label("total", lang), "", budget, actual, actual - budget, ""))
    columns = (Column(label("strategy", lang), "text"), Column(label("years", lang), "text"),
               Column(label("budget", lang)), Column(label("actual", lang)),
               Column(label("difference", lang)), Column(label("assessment", lang), "text"))
    notes = [label("sign", lang, unit=unit), label("portfolio_variance_note", lang)]
    notes += [label("portfolio_partial", lang)] if any(c.partial for c in found) else []
    notes += [label("portfolio_forecast", lang)] if any(c.forecast for c in found) else []
    unbudgeted = [f"{ev.name} {', '.join(map(str, c.unbudgeted))}"
                  for ev, c in zip(evaluated, found, strict=True) if c.unbudgeted]
    notes += [label("portfolio_unbudgeted", lang, items="; ".join(unbudgeted))] \
        if unbudgeted else []
    notes.append(label("rounding", lang))
    return Table(f"{label('title_portfolio_variance', lang)} ({unit})", columns, tuple(rows),
                 tuple(notes), decimals,
                 emphasis=tuple(i for i, c in enumerate(found) if c.status == "loss"))


def portfolio_variance_doc(evaluated: Sequence[Evaluated], unit: str = "mio. kr."
                           ) -> dict[str, Any]:
    strategies, total_budget, total_actual = [], ZERO, ZERO
    for ev in evaluated:
        c = compared(ev)
        total_budget, total_actual = total_budget + c.budget, total_actual + c.actual
        strategies.append({"file": ev.file, "name": ev.name, "years": c.years,
                           "partial": c.partial, "forecast": c.forecast, "status": c.status,
                           "unbudgeted_years": list(c.unbudgeted),
                           "budget": exact(c.budget), "actual": exact(c.actual),
                           "difference": exact(c.difference)})
    return {"kikcalc": __version__, "format_version": 1, "unit": unit,
            "strategies": strategies,
            "total": {"budget": exact(total_budget), "actual": exact(total_actual),
                      "difference": exact(total_actual - total_budget)}}


def portfolio_doc(evaluated: Sequence[Evaluated], unit: str = "mio. kr.") -> dict[str, Any]:
    years, nets = _nets(evaluated)
    totals = {y: sum((n.get(y, ZERO) for n in nets), ZERO) for y in years}
    cumulative = running_sum(totals)
    return {"kikcalc": __version__, "format_version": 1, "unit": unit,
            "strategies": [{"file": ev.file, "name": ev.name} for ev in evaluated],
            "years": [{"year": y, "net": [exact(n.get(y, ZERO)) for n in nets],
                       "total": exact(totals[y]), "cumulative": exact(cumulative[y])}
                      for y in years]}
