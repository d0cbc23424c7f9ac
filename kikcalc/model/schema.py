"""The strategy file, schema version 1, as pydantic models.

These models check shape only: which keys exist, what type each value has, which ranges
are allowed. Rules that relate one part of the file to another (years inside the period,
splits that sum to 100, totals that match their lines) live in `rules.py`, so each can
name the exact place in the file.

Numbers arrive from `yamlread` as `int` or `Decimal`; a quoted number is refused rather
than converted, so what a reviewer sees in the file is what the engine computes with.
"""

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    Tag,
)

from kikcalc.model.comparison import Comparison
from kikcalc.model.costs import (
    DatedCost,
    FlatOrByYear,
    GrossCost,
    LadderStep,
    RateCost,
    SpellCost,
    StaffCost,
)
from kikcalc.model.groups import TargetGroup
from kikcalc.model.indexation import Indexation
from kikcalc.model.outturn import OptimismBias, Outturn
from kikcalc.model.perspectives import Perspectives
from kikcalc.model.retention import RetentionByPart
from kikcalc.model.types import (
    YEAR_KEYS,
    IsoDate,
    MoneyUnit,
    Name,
    NonNegative,
    Note,
    Number,
    Percent,
    StrictModel,
    Text,
    Year,
    as_number,
)

# The unit costs live in `costs`; stages above read them from the schema as before.
__all__ = ["DatedCost", "GrossCost", "LadderStep", "RateCost", "SpellCost", "Strategy",
           "UnitCosts", "strategy_json_schema"]


class Period(StrictModel):
    """The horizon, both years included."""

    start: Year
    end: Year


class SourceInfo(StrictModel):
    """A document that figures come from; items cite it by `id`."""

    id: Text
    title: Text
    date: Text | None = None
    url: Text | None = None
    note: Note | None = None


class Figure(StrictModel):
    """A yearly amount with the source it was taken from; `as_of` before 31 December marks
    a figure for part of the year (a ten-month budget to compare with a ten-month actual)."""

    amount: Number
    as_of: IsoDate | None = None
    source: Text | None = None
    note: Note | None = None


class ActualFigure(Figure):
    """A realised amount; `as_of` before 31 December marks a partial year. `forecast: true`
    marks a full-year figure that is still expected (forventet regnskab), not realised."""

    forecast: bool = False


def _number_or_entry(value: Any) -> str:
    return "entry" if isinstance(value, dict) else "number"


FigureOrNumber = Annotated[
    Annotated[Number, Tag("number")] | Annotated[Figure, Tag("entry")],
    Discriminator(_number_or_entry),
]
ActualOrNumber = Annotated[
    Annotated[Number, Tag("number")] | Annotated[ActualFigure, Tag("entry")],
    Discriminator(_number_or_entry),
]


class RetentionParts(StrictModel):
    """Retention built from its parts, per full-year person moved from the benefit into work,
    as the parliament's answer sets them out (kr.: tax +30,000, udligning -23,400, avoided
    spending +68,200: net 74,800). kikcalc derives the share kept, (avoided + tax +
    udligning) / (avoided + tax), and adds the tax gain to every outcome that ends in work."""

    avoided_spending: Annotated[Decimal, BeforeValidator(as_number), Field(gt=0)]
    udligning: Annotated[Decimal, BeforeValidator(as_number), Field(le=0)]
    tax: NonNegative = Decimal(0)
    unit: MoneyUnit = "kr."
    source: Text | None = None
    note: Note | None = None


def _percent_or_parts(value: Any) -> str:
    if isinstance(value, dict):
        return "by_part" if "parts" in value else "parts"
    return "percent"


RetentionOrParts = Annotated[
    Annotated[Percent, Tag("percent")] | Annotated[RetentionParts, Tag("parts")]
    | Annotated[RetentionByPart, Tag("by_part")],
    Discriminator(_percent_or_parts),
]


class Investment(StrictModel):
    """A cost line: amounts by year, or staff as FTE by year times cost per FTE."""

    name: Name
    category: Literal["initiatives", "staff", "operations", "other"] = "other"
    by_year: Annotated[dict[Year, NonNegative], YEAR_KEYS] | None = None
    fte: Annotated[dict[Year, NonNegative], YEAR_KEYS] | None = None
    cost_per_fte: StaffCost | None = None
    total: NonNegative | None = None
    source: Text | None = None
    note: Note | None = None


class UnitCosts(BaseModel):
    """Net municipal cost per full-year person per year, by benefit name."""

    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)
    __pydantic_extra__: dict[str, FlatOrByYear] = Field(init=False)

    unit: MoneyUnit = "kr."
    from_table: Text | None = None  # a budget table file, relative to the strategy file
    source: Text | None = None
    # names readers see for benefit keys; a budget table's labels join these
    labels: dict[Text, Text] | None = None
    note: Note | None = None

    @property
    def benefits(self) -> dict[str, Decimal | dict[int, Decimal] | GrossCost | DatedCost
                                | RateCost | SpellCost]:
        return dict(self.model_extra or {})


class OtherEffect(StrictModel):
    """Any other yearly effect on the municipal budget; + = gain."""

    name: Name
    by_year: Annotated[dict[Year, Number], YEAR_KEYS]
    source: Text | None = None
    note: Note | None = None


class SavingsLine(StrictModel):
    """A saving known only as an amount (a published total with no persons behind it);
    + = saving. Retention applies to it as to the savings of target groups."""

    name: Name
    by_year: Annotated[dict[Year, Number], YEAR_KEYS]
    source: Text | None = None
    note: Note | None = None


class Funding(StrictModel):
    """Money set aside to pay for the investment (not an effect on the net)."""

    name: Name
    by_year: Annotated[dict[Year, NonNegative], YEAR_KEYS]
    source: Text | None = None
    note: Note | None = None


class Harvest(Funding):
    """Savings taken out of the budget frame in advance (rammereduktion); not on the net."""




Points = Annotated[list[Number], Field(min_length=2, max_length=3)]


class Uncertainty(StrictModel):
    """A distribution of one driver, in percent of plan, for `kikcalc simulate`."""

    driver: Literal["reduction", "deadweight", "share", "unit_cost", "investment"]
    name: Text  # the target group, benefit or investment line
    triangular: Points | None = None  # [min, mode, max]
    pert: Points | None = None  # [min, mode, max]
    uniform: Points | None = None  # [min, max]
    normal: Points | None = None  # [mean, standard deviation]
    note: Note | None = None


class Strategy(StrictModel):
    """One investment strategy: costs, drivers of savings, the budget line and actuals."""

    kikcalc: Literal[1]
    name: Name
    municipality: Text | None = None
    period: Period
    unit: MoneyUnit
    decimals: Annotated[int, Strict(), Field(ge=0, le=6)] | None = None
    price_year: Year | None = None
    indexation: Indexation | None = None
    # the year whose prices the budget line is in; left out: each budget year's own prices
    budget_prices: Year | None = None
    budget_approved: IsoDate | None = None  # when the budget line was approved
    discount_rate: Percent = Decimal(0)
    retention: RetentionOrParts | None = None
    note: Note | None = None
    sources: list[SourceInfo] = []
    investments: list[Investment] = []
    unit_costs: UnitCosts | None = None
    target_groups: list[TargetGroup] = []
    comparison: Comparison | None = None  # against cluster and country: kikcalc benchmark
    perspectives: Perspectives | None = None  # who pays and who saves, beside the kommune
    savings: list[SavingsLine] = []
    other_effects: list[OtherEffect] = []
    funding: list[Funding] = []
    harvested: list[Harvest] = []  # rammereduktion: savings taken out of the frame
    outturn: Outturn | None = None  # the realised drivers, for kikcalc calibrate
    optimism_bias: OptimismBias | None = None  # adjusted figures beside the plan
    uncertainty: list[Uncertainty] = []
    # name -> {path: value}; applied with --scenario NAME (see kikcalc/reading/overrides.py)
    scenarios: dict[Name, dict[Text, Number | Text]] = {}
    budget: Annotated[dict[Year, FigureOrNumber], YEAR_KEYS] | None = None
    actuals: Annotated[dict[Year, ActualOrNumber], YEAR_KEYS] = {}


def strategy_json_schema() -> dict[str, Any]:
    """JSON Schema of the strategy file, for editors and `kikcalc schema`."""
    schema = Strategy.model_json_schema()
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = "kikcalc strategy file, version 1"
    return schema
