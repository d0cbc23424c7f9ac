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

The budget guarantee may also list investment lines (`lines`): the strategy's own spending
on øvrig vejledning og opkvalificering (ØVO) and mentor support, which the guarantee gives
back like any spending on its areas. From 2026 that spending counts in the guarantee only up
to a ceiling (`BUDGET_GUARANTEE_CEILING`, a dated rule with its source): the bill L 77
2025-26 (fremsat 7 November 2025, lov om en aktiv beskæftigelsesindsats § 203 a, ft.dk
20251_l77_som_fremsat; polspy.org/dk/dokumenter/1192492) makes the full-time persons of the
act's target groups (§ 6, nr. 1-10) times a ceiling per full-time person an upper limit for
the municipal spending on ØVO and mentor in the settlement (efterregulering) of the budget
guarantee (lov om kommunal udligning § 14, stk. 2, nr. 5).
"""

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, Strict

from kikcalc.model.types import (
    YEAR_KEYS,
    MoneyUnit,
    Name,
    NonNegative,
    Note,
    Number,
    StrictModel,
    Text,
    Year,
    as_number,
)
from kikcalc.record import Record

#: The parts that are an amount per full-year person into work; the others are a percent
#: of the spending on the benefits they list.
PER_PERSON_KINDS = frozenset({"tax", "udligning"})


class GuaranteeCeiling(Record):
    """A dated rule: from `first_year` spending on the lines it covers counts in the budget
    guarantee only up to `per_person` kr. per full-time person of the target groups."""

    first_year: int
    per_person: dict[int, Decimal]  # kr. per full-time person, from each year on
    covers: str
    source: str
    assumption: str


BUDGET_GUARANTEE_CEILING = GuaranteeCeiling(
    2026, {2026: Decimal(10602)},
    "the municipal spending on øvrig vejledning og opkvalificering m.v. and mentor support",
    "L 77 2025-26, lov om ændring af lov om en aktiv beskæftigelsesindsats, lov om kommunal "
    "udligning og generelle tilskud til kommuner ... (Grænse for kommunernes udgifter til "
    "øvrig vejledning og opkvalificering m.v. samt til mentorstøtte i forhold til den "
    "kommunale budgetgaranti ...), fremsat 7 November 2025, § 1 (new § 203 a); the amount "
    "from the draft bill, BEU Alm.del 2024-25 Bilag 299: 'Der fastsættes i 2026 en grænse "
    "på [10.602] kr. pr. fuldtidsperson (2026-niveau) i målgruppen'",
    "ASSUMPTIONS: the bill is enacted as fremsat and its 2026 amount is the draft's 10,602 "
    "kr. (the stored sources hold the draft's amount in brackets, not the act's); later "
    "years (set under § 203 a, stk. 7) keep 10,602 unless the file gives its own; the "
    "law's ceiling is for all municipalities together, and a municipality's spending is "
    "taken to be at or above its share of it unless the file gives its persons and "
    "spending (`ceiling`), so nothing of a strategy's ØVO and mentor spending is given back "
    "from 2026")


class CeilingData(StrictModel):
    """What the file knows of the ceiling: the full-time persons of the target groups and
    the spending on ØVO and mentor without the strategy, by year; the room under the
    ceiling is persons x the ceiling per person - spending."""

    persons: Annotated[dict[Year, NonNegative], YEAR_KEYS] = {}
    spent: Annotated[dict[Year, NonNegative], YEAR_KEYS] = {}
    per_person: Annotated[dict[Year, NonNegative], YEAR_KEYS] = {}
    source: Text | None = None
    note: Note | None = None


class RetentionPart(StrictModel):
    """One part of what the municipality keeps: an amount per full-year person into work
    (`per_person`), or a percent of the change in spending on `benefits` (`share`), booked
    `lag` years after the year the persons leave."""

    name: Name
    kind: Literal["tax", "udligning", "budget_guarantee", "beskaeftigelsestilskud", "other"]
    per_person: Number | None = None
    share: Annotated[Decimal, BeforeValidator(as_number), Field(ge=-100, le=100)] | None = None
    benefits: list[Text] = []
    lines: list[Text] = []
    ceiling: CeilingData | None = None
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
