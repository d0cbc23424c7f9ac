"""Caseload targets: a promised stock (at most N persons on the benefit by a date) against
the observed counts.

A target is *met* when a count on or before its date is at or below it (the first such
count is reported); *met late* when no count by then reached it but a later one did (the
first such count, with its date, is reported); *missed* when no count by then reached it
and the later counts do not either; otherwise *open*: there is no count after the date yet. The rule
uses only the file's counts, never today's date, so the answer does not change with the
day it is run. Counts are stocks on a date: they are never added to savings.

KIK-I: target 500 by 2018-12-31; counts 1008 (2015-06-30), 563 (2017-07-31) and 499
(2018-01-29): met on 29 January 2018.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from decimal import Decimal
from itertools import accumulate
from typing import Literal

from kikcalc.loading.strategy import Loaded
from kikcalc.model.groups import CaseloadCount, CaseloadTarget
from kikcalc.record import Record

State = Literal["met", "met_late", "missed", "open"]


class TargetStatus(Record):
    state: State
    # met or met late: the first count that met it; else the last count by the date
    count: CaseloadCount | None


def target_status(target: CaseloadTarget, counts: list[CaseloadCount]) -> TargetStatus:
    return target_states([target], counts)[0]


def target_states(targets: list[CaseloadTarget], counts: list[CaseloadCount]
                  ) -> list[TargetStatus]:
    """The state of each target: the counts are sorted by date once, with the lowest count
    so far beside each, and every target is two bisections in them ((T + C) log C, where
    each target sorting the counts afresh was T x C log C).

    The first count at or below a target is the first whose lowest-so-far is: it met the
    target if it came by the date, met it late if after; with none, the target is missed
    when a count came after the date, else open.
    """
    ordered = sorted(counts, key=lambda c: c.date)  # stable: equal dates keep file order
    dates = [c.date for c in ordered]
    lowest = list(accumulate((c.persons for c in ordered), min))
    states = []
    for target in targets:
        first = _first_at_or_below(lowest, target.persons)
        in_time = bisect_right(dates, target.by)
        if first < len(ordered):
            states.append(TargetStatus("met" if first < in_time else "met_late",
                                       ordered[first]))
        else:
            states.append(TargetStatus("missed" if in_time < len(ordered) else "open",
                                       ordered[in_time - 1] if in_time else None))
    return states


def _first_at_or_below(lowest: list[Decimal], persons: Decimal) -> int:
    """The first index of a non-increasing list at or below `persons` (its length if none).

    >>> _first_at_or_below([Decimal(9), Decimal(5), Decimal(5), Decimal(2)], Decimal(5))
    1
    """
    return bisect_left(lowest, True, key=lambda n: n <= persons)


def found_targets(loaded: Loaded) -> list[tuple[str, CaseloadTarget, TargetStatus]]:
    return [(group.name, target, status) for group in loaded.strategy.target_groups
            for target, status in zip(group.caseload_targets, target_states(
                group.caseload_targets, group.caseload), strict=True)]
