"""A portfolio's tables and JSON (`net --combine`, `variance --combine`, the portfolio
memo), in mio. kr. by default; the sums come from `kikcalc.analysis.portfolio`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kikcalc import __version__
from kikcalc.analysis.portfolio import Compared, compared, nets_by_year
from kikcalc.engine.projection import running_sum
from kikcalc.engine.results import ZERO
from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.present.labels import label
from kikcalc.present.tables import Cell, Column, Table
from kikcalc.text.formatting import exact


def portfolio_table(evaluated: Sequence[Evaluated], lang: str, decimals: int,
                    unit: str = "mio. kr.") -> Table:
    years, nets = nets_by_year(evaluated)
    totals = {y: sum((n.get(y, ZERO) for n in nets), ZERO) for y in years}
    cumulative = running_sum(totals)
    # a year outside a strategy's period is an empty cell, not a 0 it never projected
    rows: list[tuple[Cell, ...]] = [
        (y, *(n.get(y) for n in nets), totals[y], cumulative[y]) for y in years]
    rows.append((label("total", lang), *(sum(n.values(), ZERO) if n else None for n in nets),
                 sum(totals.values(), ZERO), None))
    columns = (Column(label("year", lang), "year"), *(Column(ev.name) for ev in evaluated),
               Column(label("total", lang)), Column(label("cumulative", lang)))
    unprojected = [ev.name for ev, n in zip(evaluated, nets, strict=True) if not n]
    notes = (label("sign", lang, unit=unit), label("portfolio_note", lang),
             *([label("portfolio_no_projection", lang, names=", ".join(unprojected))]
               if unprojected else []),
             label("rounding", lang))
    return Table(f"{label('title_portfolio', lang)} ({unit})", columns, tuple(rows), notes,
                 decimals)


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
    years, nets = nets_by_year(evaluated)
    totals = {y: sum((n.get(y, ZERO) for n in nets), ZERO) for y in years}
    cumulative = running_sum(totals)
    return {"kikcalc": __version__, "format_version": 1, "unit": unit,
            "strategies": [{"file": ev.file, "name": ev.name} for ev in evaluated],
            "years": [{"year": y, "net": [exact(n[y]) if y in n else None for n in nets],
                       "total": exact(totals[y]), "cumulative": exact(cumulative[y])}
                      for y in years]}
