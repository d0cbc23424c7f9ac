"""A target group in the file: who leaves which benefit, how many and when, where they land
(outcomes), and the caseload targets, counts and flows that follow it up.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Tag,
)

from kikcalc.model.types import (
    YEAR_KEYS,
    IsoDate,
    Name,
    NonNegative,
    Note,
    Percent,
    StrictModel,
    Text,
    Year,
    YearMonth,
)


class Outcome(StrictModel):
    """Where part of the reduction goes, and the benefit (cost) it lands on: a `share` in
    percent, or a `count` of people from which the share is derived."""

    share: Percent | None = None
    count: NonNegative | None = None
    benefit: Text | None = None
    note: Note | None = None



def _share_or_outcome(value: Any) -> str:
    return "outcome" if isinstance(value, dict) else "share"



ShareOrOutcome = Annotated[
    Annotated[Percent, Tag("share")] | Annotated[Outcome, Tag("outcome")],
    Discriminator(_share_or_outcome),
]



class CaseloadTarget(StrictModel):
    """The stock the strategy promises: at most `persons` on the benefit by a date."""

    persons: NonNegative
    by: IsoDate
    source: Text | None = None
    note: Note | None = None



class CaseloadCount(StrictModel):
    """An observed stock: persons on the benefit on a date (a count, not a flow)."""

    date: IsoDate
    persons: NonNegative
    source: Text | None = None
    note: Note | None = None



class Flow(StrictModel):
    """People who moved through the group in a period: a flow, never a stock. Flows are
    shown beside the counts and are never added to savings (a full-year person is a stock).
    KIK-I: 1,008 at the start and 428 new, so 1,436 passed through."""

    start: IsoDate
    end: IsoDate
    entrants: NonNegative | None = None
    leavers: NonNegative | None = None
    passed_through: NonNegative | None = None
    source: Text | None = None
    note: Note | None = None



class PhaseIn(StrictModel):
    """A reduction reached step by step: `persons` fewer from `start` to `full` (YYYY-MM)."""

    persons: NonNegative
    start: YearMonth
    full: YearMonth
    profile: Literal["linear", "step", "custom"] = "linear"
    custom: dict[YearMonth, Percent] | None = None  # percent reached from each month on



class Persistence(StrictModel):
    """After year `after` the effect fades by `fade` percent a year (0: it all persists)."""

    after: Year
    fade: Percent



def observed_only(group: TargetGroup) -> bool:
    """A group with counts and no drivers: no reduction, no phase-in, no outcomes. A
    follow-up file holds such groups beside its budget and actuals (issue 24)."""
    return group.reduction is None and group.phase_in is None and not group.outcomes


class TargetGroup(StrictModel):
    """People on one benefit whose number the strategy reduces."""

    name: Name
    benefit: Text
    baseline: NonNegative | None = None
    reduction: Annotated[dict[Year, NonNegative], YEAR_KEYS] | None = None
    phase_in: PhaseIn | None = None
    persistence: Persistence | None = None
    outcomes: dict[Text, ShareOrOutcome] = {}  # none: a group only observed (counts)
    deadweight: Percent = Decimal(0)
    caseload_targets: list[CaseloadTarget] = []
    caseload: list[CaseloadCount] = []
    flows: list[Flow] = []
    source: Text | None = None
    note: Note | None = None
