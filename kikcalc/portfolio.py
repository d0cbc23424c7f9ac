"""A municipality's strategies side by side: projected net effect by year, one column per
strategy and a total, all in mio. kr. Years a strategy does not cover count as 0 for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from kikcalc import __version__
from kikcalc.engine import ZERO, running_sum
from kikcalc.formatting import exact
from kikcalc.labels import label
from kikcalc.tables import Cell, Column, Table
from kikcalc.views import Evaluated


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


def portfolio_doc(evaluated: Sequence[Evaluated]) -> dict[str, Any]:
    years, nets = _nets(evaluated)
    totals = {y: sum((n.get(y, ZERO) for n in nets), ZERO) for y in years}
    cumulative = running_sum(totals)
    return {"kikcalc": __version__, "format_version": 1, "unit": "mio. kr.",
            "strategies": [{"file": ev.file, "name": ev.name} for ev in evaluated],
            "years": [{"year": y, "net": [exact(n.get(y, ZERO)) for n in nets],
                       "total": exact(totals[y]), "cumulative": exact(cumulative[y])}
                      for y in years]}
