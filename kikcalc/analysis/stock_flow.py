"""Stocks and flows that must add up: the count at a flow's start, plus its entrants, minus
its leavers, is the count at its end.

Worked example (the shape of a municipality's yearly account of a caseload): 1,008 on the
benefit at the start, 151 came and 454 left during the period, so 1,008 + 151 - 454 = 705
must be the count at the end. A file whose counts say otherwise has a count or a flow
wrong, or counts of different kinds (persons against full-year persons). Checked only where
the file has counts in persons on both the flow's start and end dates and gives both
entrants and leavers; K212 (a warning) says it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from kikcalc.model.groups import CaseloadCount, Flow
from kikcalc.record import Record


class Mismatch(Record):
    flow: int  # the flow's index in the group
    start: CaseloadCount
    end: CaseloadCount
    expected: Decimal  # start + entrants - leavers


def mismatches(flows: Sequence[Flow], counts: Sequence[CaseloadCount]) -> list[Mismatch]:
    """The flows whose counts at start and end do not add up (of two counts on one date,
    the last in the file).

    >>> counts = [CaseloadCount(date="2021-01-01", persons=1008),
    ...           CaseloadCount(date="2021-12-31", persons=700)]
    >>> [m.expected for m in mismatches([Flow(start="2021-01-01", end="2021-12-31",
    ...                                        entrants=151, leavers=454)], counts)]
    [Decimal('705')]
    """
    on: dict[datetime.date, CaseloadCount] = {c.date: c for c in counts if c.unit == "persons"}
    found = []
    for i, flow in enumerate(flows):
        first, last = on.get(flow.start), on.get(flow.end)
        if first is None or last is None or flow.entrants is None or flow.leavers is None:
            continue
        expected = first.persons + flow.entrants - flow.leavers
        if expected != last.persons:
            found.append(Mismatch(i, first, last, expected))
    return found
