"""The unit costs of the strategy file: one net number, a number by year, a gross benefit
with its refusion (a duration mix or a ladder by weeks on support), a cost by month, or a
rate of the built-in catalogue. `schema` joins them into `UnitCosts`."""

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Strict, Tag

from kikcalc.model.types import (
    YEAR_KEYS,
    NonNegative,
    Percent,
    StrictModel,
    Text,
    Year,
    YearMonth,
)


class GrossCost(StrictModel):
    """A gross benefit with the refusion staircase that makes it a municipal net cost."""

    gross: NonNegative
    refusion: Literal["refusion_2016", "adagpenge_2016"]
    duration_mix: Annotated[list[Percent], Field(min_length=4, max_length=4)]


class DatedCost(StrictModel):
    """A unit cost that changes within a year: each value holds from its month on
    (`by_month: {2024-01: 100000, 2025-07: 104000}`); with `until` and `then`, the benefit
    ends after the month `until` and its people are priced as the benefit `then` (in 2025
    uddannelseshjælp became kontanthjælp from 1 July: `until: 2025-06, then: kontanthjaelp`).
    A year's cost is the mean of its twelve months, each month priced in full."""

    by_month: Annotated[dict[YearMonth, NonNegative], Field(min_length=1)]
    until: YearMonth | None = None
    then: Text | None = None


class RateCost(StrictModel):
    """A rate of the built-in catalogue (`kikcalc/model/rates.py`) with its refusion: the
    gross cost of a month is twelve times the rate in force, net of refusion as for
    `gross` (`{rate: kontanthjaelp_grundsats, refusion: refusion_2016, duration_mix: [...]}`)."""

    rate: Text
    refusion: Literal["refusion_2016", "adagpenge_2016"]
    duration_mix: Annotated[list[Percent], Field(min_length=4, max_length=4)]


MAX_WEEKS = 5200  # a hundred years of weeks: far beyond any spell, small enough to price


class LadderStep(StrictModel):
    """A step of a refusion ladder the catalogue lacks: from this week on support, the
    state refunds `refusion` percent of the gross benefit."""

    from_week: Annotated[int, Strict(), Field(ge=1, le=MAX_WEEKS)]
    refusion: Percent


Week = Annotated[int, Strict(), Field(ge=1, le=MAX_WEEKS)]
Weeks = Annotated[int, Strict(), Field(ge=0, le=MAX_WEEKS)]


class SpellCost(StrictModel):
    """A gross benefit priced week by week on a refusion ladder: the municipal net cost of a
    full-year person is the gross times the mean municipal share over `weeks` (the weeks of
    each spell the strategy saves, or the spell's weeks for a stock), counted on from the
    weeks the person was already on public support (`weeks_before`, across benefits); 52
    whole weeks of self-support within 3 years start the count again. The ladder is named
    (`kikcalc/model/refusion.py`), given by year (each from its year on), or as steps."""

    gross: NonNegative | Annotated[dict[Year, NonNegative], YEAR_KEYS]
    ladder: Text | Annotated[dict[Year, Text], YEAR_KEYS] | Annotated[
        list[LadderStep], Field(min_length=1, max_length=100)]
    weeks: Annotated[list[Week], Field(min_length=2, max_length=2)]
    weeks_before: Weeks = 0
    self_supported_weeks: Weeks = 0


def _mapping_or_number(value: Any) -> str:
    if isinstance(value, dict):
        if "ladder" in value:
            return "ladder"
        for key in ("gross", "by_month", "rate"):
            if key in value:
                return key
        return "by_year"
    return "flat"


# One number for every year, a number per year, a gross cost with its refusion, a cost by
# month, or a rate of the built-in catalogue.
FlatOrByYear = Annotated[
    Annotated[NonNegative, Tag("flat")]
    | Annotated[dict[Year, NonNegative], YEAR_KEYS, Tag("by_year")]
    | Annotated[GrossCost, Tag("gross")]
    | Annotated[DatedCost, Tag("by_month")]
    | Annotated[RateCost, Tag("rate")]
    | Annotated[SpellCost, Tag("ladder")],
    Discriminator(_mapping_or_number),
]
StaffCost = Annotated[
    Annotated[NonNegative, Tag("flat")]
    | Annotated[dict[Year, NonNegative], YEAR_KEYS, Tag("by_year")],
    Discriminator(_mapping_or_number),
]
