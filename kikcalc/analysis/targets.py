"""Caseload targets: a promised stock (at most N persons on the benefit by a date, or a cap
on a year's average) against the observed counts.

A target by a date is *met* when a count on or before its date reaches it (the first such
count is reported); *met late* when none did by then, a count on or after the date still
did not, and a later one did; *met by* when the first count that reached it came after
the date with no count between the date and it: it may have been reached in time, and is
only known to be reached by that count's date; *missed* when no count by then reached it
and the later counts do not either; otherwise *open*: there is no count after the date
yet. The rule uses only the file's counts, never today's date, so the answer does not
change with the day it is run. Counts are stocks on a date: they are never added to
savings. A target compares only counts of its own `unit` (persons or full-year persons).

To reach a target is to be at or below it (`persons`, `at_most`), under it (`below`: "under
800" is `below: 800`, not `at_most: 799`), or at or above it (`at_least`); a `share` is a
percent of `of` or of the group's baseline ("halving" 1,008 is `share: 50`: at most 504).

A cap on a year (`year`) is judged by the year's figure: in full-year persons, the count
of that unit dated 31 December of the year (the year's full-year persons); in persons, the
mean of the year's counts once a count from December is in (ASSUMPTION: the counts are
spread evenly over the year, e.g. one a month). Before then it is open.

KIK-I: target 500 by 2018-12-31; counts 1008 (2015-06-30), 563 (2017-07-31) and 499
(2018-01-29): met on 29 January 2018.
"""

from __future__ import annotations

import datetime
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import accumulate
from typing import Literal

from kikcalc.loading.strategy import Loaded
from kikcalc.model.groups import CaseloadCount, CaseloadTarget, Direction
from kikcalc.record import Record

State = Literal["met", "met_late", "met_by", "missed", "open"]


class TargetStatus(Record):
    state: State
    # met, met late or met by: the first count that met it; else the last count by the date
    # (for a year: the year's last count)
    count: CaseloadCount | None
    figure: Decimal | None = None  # a year's cap: the year's figure judged
    counts: int = 0  # a year's cap in persons: how many counts its mean is of


def limit_of(target: CaseloadTarget, baseline: Decimal | None = None) -> Decimal | None:
    return target.limit(baseline)


def deadline(target: CaseloadTarget) -> datetime.date:
    return target.deadline


def reaches(kind: Direction, persons: Decimal, limit: Decimal) -> bool:
    return persons < limit if kind == "below" else persons >= limit \
        if kind == "at_least" else persons <= limit


def target_status(target: CaseloadTarget, counts: list[CaseloadCount]) -> TargetStatus:
    return target_states([target], counts)[0]


class _Counts:
    """The counts of one unit sorted by date once, with the best so far beside each (the
    lowest, or for `at_least` the highest) and running sums for a year's mean."""

    def __init__(self, counts: Sequence[CaseloadCount]) -> None:
        self.ordered = sorted(counts, key=lambda c: c.date)  # equal dates keep file order
        self.dates = [c.date for c in self.ordered]
        persons = [c.persons for c in self.ordered]
        self.lowest = list(accumulate(persons, min))
        self.highest = list(accumulate(persons, max))
        self.sums = [Decimal(0), *accumulate(persons)]


def target_states(targets: list[CaseloadTarget], counts: list[CaseloadCount],
                  baseline: Decimal | None = None) -> list[TargetStatus]:
    """The state of each target: the counts are sorted by date once, with the best count
    so far beside each, and every target is a few bisections in them ((T + C) log C, where
    each target sorting the counts afresh was T x C log C)."""
    by_unit: dict[str, _Counts] = {}
    states = []
    for target in targets:
        if target.unit not in by_unit:
            by_unit[target.unit] = _Counts([c for c in counts if c.unit == target.unit])
        found, limit = by_unit[target.unit], limit_of(target, baseline)
        if limit is None:  # a share of no baseline: the rules report it (K138)
            states.append(TargetStatus("open", None))
        elif target.year is not None:
            states.append(_year_state(target, found, limit))
        else:
            states.append(_dated_state(target, found, limit))
    return states


def _dated_state(target: CaseloadTarget, found: _Counts, limit: Decimal) -> TargetStatus:
    """The first count whose best-so-far reaches the target met it if it came by the date;
    after the date, late if a count on or after the date came before it, else `met_by`;
    with none, the target is missed when a count came after the date, else open."""
    kind, by = target.kind, deadline(target)
    best = found.highest if kind == "at_least" else found.lowest
    first = _first(best, lambda n: reaches(kind, n, limit))
    in_time = bisect_right(found.dates, by)
    if first < len(found.ordered):
        if first < in_time:
            state: State = "met"
        else:
            state = "met_late" if bisect_left(found.dates, by) < first else "met_by"
        return TargetStatus(state, found.ordered[first])
    return TargetStatus("missed" if in_time < len(found.ordered) else "open",
                        found.ordered[in_time - 1] if in_time else None)


def _year_state(target: CaseloadTarget, found: _Counts, limit: Decimal) -> TargetStatus:
    year = target.year or 1900
    low = bisect_left(found.dates, datetime.date(year, 1, 1))
    high = bisect_right(found.dates, datetime.date(year, 12, 31))
    if high == low:
        return TargetStatus("open", None)
    last = found.ordered[high - 1]
    if target.unit == "full_year_persons":
        if last.date != datetime.date(year, 12, 31):
            return TargetStatus("open", last)
        figure, used = last.persons, 1
    else:
        if last.date.month != 12:
            return TargetStatus("open", last)
        used = high - low
        figure = (found.sums[high] - found.sums[low]) / used
    state: State = "met" if reaches(target.kind, figure, limit) else "missed"
    return TargetStatus(state, last, figure, used)


def _first(best: list[Decimal], reached: Callable[[Decimal], bool]) -> int:
    """The first index of a monotone list (each value at least as good as the one before)
    whose value reaches the target (its length if none).

    >>> _first([Decimal(9), Decimal(5), Decimal(5), Decimal(2)], lambda n: n <= 5)
    1
    """
    return bisect_left(best, True, key=reached)


def found_targets(loaded: Loaded) -> list[tuple[str, CaseloadTarget, TargetStatus]]:
    return [(group.name, target, status) for group in loaded.strategy.target_groups
            for target, status in zip(group.caseload_targets, target_states(
                group.caseload_targets, group.caseload, group.baseline), strict=True)]
