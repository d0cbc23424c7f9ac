"""What a strategy turned out to be (`outturn`) and the optimism bias to allow for.

`outturn` records, as the organisation found it, the realised value of each driver the plan
claimed: the reduction reached in the year `as_of`, the investment spent to then, the net
unit cost per full-year person, the deadweight an evaluation found, and the year it paid
back. `kikcalc calibrate DIR` sets them against the plan's claims across a folder of
strategies (the HM Treasury Green Book's optimism bias, from the organisation's own
record). Counts in the target groups stand in for `reduction` where it is left out.

`optimism_bias` is the adjustment a strategy states per driver, in percent (timing: whole
years): `payback` and `net` then show the adjusted figures beside the plan.
"""

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from kikcalc.model.types import (
    YEAR_KEYS,
    NonNegative,
    Note,
    Percent,
    StrictModel,
    Text,
    Year,
)


class Outturn(StrictModel):
    """The realised values of the plan's drivers, as recorded."""

    as_of: Year  # the year the realised figures describe
    reduction: dict[Text, NonNegative] = {}  # group -> full-year persons fewer in `as_of`
    investment: NonNegative | None = None  # spent in all to the end of `as_of` (file's unit)
    unit_cost: dict[Text, NonNegative] = {}  # benefit -> net cost per full-year person
    deadweight: dict[Text, Percent] = {}  # group -> deadweight found, percent
    payback_year: Year | None = None  # the year it paid back; None: not (yet) paid back
    source: Text | None = None
    note: Note | None = None


class OptimismBias(StrictModel):
    """Adjustments for optimism bias per driver: percent of plan (timing: years later)."""

    reduction: Annotated[Decimal, Field(ge=0, le=100)] = Decimal(0)  # fewer persons
    unit_cost: Annotated[Decimal, Field(ge=0, le=100)] = Decimal(0)  # lower unit costs
    investment: Annotated[Decimal, Field(ge=0, le=1000)] = Decimal(0)  # overrun
    deadweight: Percent = Decimal(0)  # percentage points more deadweight
    timing: Annotated[int, Field(ge=0, le=10)] = 0  # whole years later
    source: Text | None = None


__all__ = ["YEAR_KEYS", "OptimismBias", "Outturn"]
