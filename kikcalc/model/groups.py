"""A target group in the file: who leaves which benefit, how many and when, where they land
(outcomes), and the caseload targets, counts and flows that follow it up.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Tag,
)

from kikcalc.model.types import (
    YEAR_KEYS,
    IsoDate,
    MoneyUnit,
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



CountUnit = Literal["persons", "full_year_persons"]
Direction = Literal["at_most", "below", "at_least"]
LIMITS = ("persons", "at_most", "below", "at_least", "share")


class CaseloadTarget(StrictModel):
    """The stock the strategy promises, as municipalities write it: at most `persons` (or
    `at_most`), `below` a number ("under 800"), `at_least` a number, or a `share` in percent
    of `of` (or of the group's baseline: "halving" is 50); by a date (`by`), or as a cap on
    a year's average (`year`); in persons or full-year persons (`unit`). The rules hold
    exactly one limit and one of `by` and `year` (K138)."""

    persons: NonNegative | None = None
    at_most: NonNegative | None = None
    below: NonNegative | None = None
    at_least: NonNegative | None = None
    share: Percent | None = None
    of: NonNegative | None = None
    direction: Direction | None = None  # of a share; at_most unless given
    by: IsoDate | None = None
    year: Year | None = None
    unit: CountUnit = "persons"
    source: Text | None = None
    note: Note | None = None

    def limit(self, baseline: Decimal | None = None) -> Decimal | None:
        """The number promised: given, or the share of `of` (else of the baseline).

        >>> CaseloadTarget(share=50, of=1008, by="2018-12-31").limit()
        Decimal('504')
        """
        if self.share is not None:
            base = self.of if self.of is not None else baseline
            return None if base is None else self.share * base / 100
        for value in (self.persons, self.at_most, self.below, self.at_least):
            if value is not None:
                return value
        return None

    @property
    def deadline(self) -> datetime.date:
        """The date the target is judged at: `by`, or the last day of its `year`."""
        return self.by if self.by is not None else datetime.date(self.year or 1900, 12, 31)

    @property
    def kind(self) -> Direction:
        if self.share is not None:
            return self.direction or "at_most"
        return "below" if self.below is not None else \
            "at_least" if self.at_least is not None else "at_most"



class CaseloadCount(StrictModel):
    """An observed stock: persons on the benefit on a date (a count, not a flow); in
    full-year persons (`unit`), the year's full-year persons to that date."""

    date: IsoDate
    persons: NonNegative
    unit: CountUnit = "persons"
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



class Grant(StrictModel):
    """Income that follows the persons: a state grant to the municipality per person who
    leaves into an outcome (`per: person_into_work`, once, e.g. the resultattilskud) or per
    full-year person fewer in an outcome (`per: full_year_person`, each year). It moves with
    the reduction, the deadweight and the outcome's share (issue 23, item 6)."""

    name: Name
    amount: NonNegative
    unit: MoneyUnit = "kr."
    per: Literal["person_into_work", "full_year_person"]
    outcome: Text = "selvforsorgelse"  # the outcome whose persons bring it
    source: Text | None = None
    note: Note | None = None


def observed_only(group: "TargetGroup") -> bool:
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
    grants: list[Grant] = []
    source: Text | None = None
    note: Note | None = None
