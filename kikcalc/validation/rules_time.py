"""Rules about time: the period, years inside it, dates of actuals and budgets, flows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from kikcalc.model.findings import Finding
from kikcalc.model.message import message
from kikcalc.model.schema import ActualFigure, Figure, Strategy
from kikcalc.reading.strict_yaml import Path

MAX_PERIOD_YEARS = 60



def _year_maps(strategy: Strategy) -> Iterator[tuple[Path, dict[int, object]]]:
    """Every year-keyed mapping whose years must lie inside the period."""
    for i, line in enumerate(strategy.investments):
        if line.by_year is not None:
            yield ("investments", i, "by_year"), dict(line.by_year)
        if line.fte is not None:
            yield ("investments", i, "fte"), dict(line.fte)
    for i, group in enumerate(strategy.target_groups):
        if group.reduction is not None:
            yield ("target_groups", i, "reduction"), dict(group.reduction)
    for i, effect in enumerate(strategy.other_effects):
        yield ("other_effects", i, "by_year"), dict(effect.by_year)
    for i, known in enumerate(strategy.savings):
        yield ("savings", i, "by_year"), dict(known.by_year)
    for i, funding in enumerate(strategy.funding):
        yield ("funding", i, "by_year"), dict(funding.by_year)
    if strategy.budget is not None:
        yield ("budget",), dict(strategy.budget)
    yield ("actuals",), dict(strategy.actuals)



def check_period(strategy: Strategy) -> Iterator[Finding]:
    start, end = strategy.period.start, strategy.period.end
    if end < start:
        yield Finding(("period", "end"), "K121", message("k121_backwards", start=start, end=end))
    elif end - start + 1 > MAX_PERIOD_YEARS:
        yield Finding(("period", "end"), "K121", message("k121_long", n=MAX_PERIOD_YEARS))



def check_years_in_period(strategy: Strategy) -> Iterator[Finding]:
    start, end = strategy.period.start, strategy.period.end
    if end < start:
        return  # check_period has said it; every year would be "outside"
    for path, values in _year_maps(strategy):
        for year in values:
            if not start <= year <= end:
                yield Finding((*path, year), "K122",
                              message("k122", year=year, start=start, end=end), at_key=True)



def check_actual_dates(strategy: Strategy) -> Iterator[Finding]:
    for field, figures in (("actuals", strategy.actuals), ("budget", strategy.budget or {})):
        for year, value in figures.items():
            as_of = value.as_of if isinstance(value, Figure) else None
            if as_of is not None and as_of < datetime.date(year, 1, 1):
                yield Finding((field, year, "as_of"), "K129",
                              message(f"k129_{field}", year=year, as_of=as_of))
    for year, value in strategy.actuals.items():
        if isinstance(value, ActualFigure) and value.forecast and value.as_of is not None \
                and value.as_of < datetime.date(year, 12, 31):
            yield Finding(("actuals", year, "forecast"), "K129",
                          message("k129_forecast", year=year, as_of=value.as_of))



def check_flows(strategy: Strategy) -> Iterator[Finding]:
    """A flow counts people over a period that runs forwards, and counts something."""
    for i, group in enumerate(strategy.target_groups):
        for j, flow in enumerate(group.flows):
            path = ("target_groups", i, "flows", j)
            if flow.end < flow.start:
                yield Finding((*path, "end"), "K137", message(
                    "k137_backwards", group=group.name, start=flow.start, end=flow.end))
            if flow.entrants is None and flow.leavers is None and flow.passed_through is None:
                yield Finding(path, "K137", message("k137_empty", group=group.name))
