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
from typing import NamedTuple

from kikcalc.engine.results import ZERO
from kikcalc.evaluation.evaluated import Evaluated


def nets_by_year(evaluated: Sequence[Evaluated]) -> tuple[list[int], list[dict[int, Decimal]]]:
    nets = [dict(ev.results.projection.net) if ev.results.projection else {} for ev in evaluated]
    years = sorted({y for ev in evaluated for y in ev.plan.years})
    return years, nets


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
