"""Retention by its parts, each where it applies and when it reaches the budget: the third
form of `retention` (beside one percent and the parliament's three amounts).

- `tax` and `udligning`: an amount per full-year person whose outcome is work (the tax
  the person now pays, and what udligning takes back of it), booked `lag` years later:
  the tax base reaches the budget through the guaranteed or self-budgeted base and its
  settlement three years on (the settlement for budget year 2024 comes in 2027,
  dataproces.dk "statsgaranti eller selvbudgettering"); no other outcome gains tax, and an
  extra expense (a move to fleksjob) is not refunded by udligning.
- `budget_guarantee` and `beskaeftigelsestilskud`: a percent of the change in spending on
  the benefits listed (+ kept, - given back), `lag` years later. The budget guarantee
  moves the block grant of all municipalities with their spending in total (fm.dk
  "Budgetgarantien": kontanthjælp, ledighedsydelse, revalidering, førtidspension, ...), so
  one municipality gives back about its share of the population; the
  beskæftigelsestilskud for a-dagpenge follows the municipality's own grant and
  unemployment two years before the grant year (star.dk "Beskæftigelsestilskud";
  lov om kommunal udligning § 23 a, stk. 6, ft.dk L 184 2011-12).
- `other`: an amount per person into work, or a percent of a benefit's spending, as the
  file says.
"""

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, Strict

from kikcalc.model.types import MoneyUnit, Name, Note, Number, StrictModel, Text, as_number

#: The parts that are an amount per full-year person into work; the others are a percent
#: of the spending on the benefits they list.
PER_PERSON_KINDS = frozenset({"tax", "udligning"})


class RetentionPart(StrictModel):
    """One part of what the municipality keeps: an amount per full-year person into work
    (`per_person`), or a percent of the change in spending on `benefits` (`share`), booked
    `lag` years after the year the persons leave."""

    name: Name
    kind: Literal["tax", "udligning", "budget_guarantee", "beskaeftigelsestilskud", "other"]
    per_person: Number | None = None
    share: Annotated[Decimal, BeforeValidator(as_number), Field(ge=-100, le=100)] | None = None
    benefits: list[Text] = []
    lag: Annotated[int, Strict(), Field(ge=0, le=10)] = 0
    unit: MoneyUnit = "kr."
    source: Text | None = None
    note: Note | None = None


class RetentionByPart(StrictModel):
    """Retention as parts, each where it applies and with its lag; the savings of the
    groups are then kept whole and each part is its own line of the net effect."""

    parts: Annotated[list[RetentionPart], Field(min_length=1, max_length=50)]
    source: Text | None = None
    note: Note | None = None
