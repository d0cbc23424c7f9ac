"""The strategy file, schema version 1, as pydantic models.

These models check shape only: which keys exist, what type each value has, which ranges
are allowed. Rules that relate one part of the file to another (years inside the period,
splits that sum to 100, totals that match their lines) live in `rules.py`, so each can
name the exact place in the file.

Numbers arrive from `yamlread` as `int` or `Decimal`; a quoted number is refused rather
than converted, so what a reviewer sees in the file is what the engine computes with.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    ModelWrapValidatorHandler,
    Strict,
    Tag,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

SCHEMA_VERSION = 1
#: Destination names that mean "off public support": the only ones that may cost nothing
#: without naming a benefit.
SELF_SUFFICIENCY = ("selvforsorgelse", "selvforsørgelse")


def _as_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        hint = ""
        if isinstance(value, str) and value.replace(",", "", 1).lstrip("+-").isdigit():
            hint = (f" (write decimals with a point: {value.replace(',', '.')})" if "," in value
                    else " (write it without quotes)")
        raise PydanticCustomError("number", "expected a number, got {got}{hint}",
                                  {"got": repr(value), "hint": hint})
    return Decimal(value)


Number = Annotated[Decimal, BeforeValidator(_as_number), WithJsonSchema({"type": "number"})]
NonNegative = Annotated[Decimal, BeforeValidator(_as_number), Field(ge=0),
                        WithJsonSchema({"type": "number", "minimum": 0})]
Percent = Annotated[Decimal, BeforeValidator(_as_number), Field(ge=0, le=100),
                    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100})]
# In YAML a year key is a number; editors validating against the schema see it as text.
YEAR_KEYS = Field(json_schema_extra={"propertyNames": {"pattern": "^[0-9]{4}$"}})
Year = Annotated[int, Strict(), Field(ge=1900, le=2200)]
MoneyUnit = Literal["kr.", "t.kr.", "mio. kr."]


def _one_line(value: str) -> str:
    """Names, ids, titles and keys head tables, cells and log lines: one line each.
    (`yamlread` has already refused every other control character in every string.)"""
    if "\n" in value:
        raise PydanticCustomError("one_line", "must be one line (only a note may break lines)")
    return value


# Text that lands in one cell or line: ids, titles, benefit names, sources, keys.
Text = Annotated[str, Strict(), Field(min_length=1, max_length=2000), AfterValidator(_one_line)]
# Free text that may break lines (`note:`), still without other control characters.
Note = Annotated[str, Strict(), Field(min_length=1, max_length=2000)]
# Names head tables and memos: one line, no control characters.
Name = Annotated[str, Strict(), Field(min_length=1, max_length=200, json_schema_extra={
    "pattern": r"^[^\x00-\x1f\x7f]+$"}), AfterValidator(_one_line)]


def _iso_date(value: Any) -> Any:
    """Dates are written YYYY-MM-DD; a bare number is not read as a Unix timestamp."""
    if not isinstance(value, str):
        raise PydanticCustomError("date_text", "write the date as YYYY-MM-DD, got {got}",
                                  {"got": repr(value)})
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]

YearMonth = Annotated[str, Strict(), Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]


def year_month(text: str) -> tuple[int, int]:
    """'2018-06' as (2018, 6)."""
    return int(text[:4]), int(text[5:7])



class StrictModel(BaseModel):
    """Unknown keys fail with the list of allowed keys (a typo should not be ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @model_validator(mode="wrap")
    @classmethod
    def _known_keys(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        """Each unknown key is an error, reported with whatever else is wrong here."""
        unknown = [k for k in data if k not in cls.model_fields] if isinstance(data, dict) \
            else []
        if not unknown:
            return handler(data)
        allowed = ", ".join(cls.model_fields)
        errors = [InitErrorDetails(type=PydanticCustomError(
            "unknown_key", "unknown key '{key}'; allowed keys: {allowed}",
            {"key": key, "allowed": allowed}), loc=(), input=data[key]) for key in unknown]
        try:
            handler({k: v for k, v in data.items() if k not in unknown})
        except ValidationError as error:
            errors += [_error_again(e) for e in error.errors()]
        raise ValidationError.from_exception_data(cls.__name__, errors)


_BUILT_IN_ERRORS = frozenset(get_args(ErrorType))


def _error_again(error: ErrorDetails) -> InitErrorDetails:
    """An error of a nested validation, raised once more beside the unknown keys."""
    ctx = dict(error.get("ctx") or {})
    if error["type"] in _BUILT_IN_ERRORS:
        return InitErrorDetails(type=error["type"], loc=error["loc"], input=error["input"],
                                ctx=ctx)
    # The message is final: the template only places it, so no text in it is read again.
    return InitErrorDetails(type=PydanticCustomError(error["type"], "{message}", {
        **ctx, "message": error["msg"]}), loc=error["loc"], input=error["input"])


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


def _mapping_or_number(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("gross", "by_month"):
            if key in value:
                return key
        return "by_year"
    return "flat"


# One number for every year, a number per year, a gross cost with its refusion, or a cost
# by month.
FlatOrByYear = Annotated[
    Annotated[NonNegative, Tag("flat")]
    | Annotated[dict[Year, NonNegative], YEAR_KEYS, Tag("by_year")]
    | Annotated[GrossCost, Tag("gross")]
    | Annotated[DatedCost, Tag("by_month")],
    Discriminator(_mapping_or_number),
]
StaffCost = Annotated[
    Annotated[NonNegative, Tag("flat")]
    | Annotated[dict[Year, NonNegative], YEAR_KEYS, Tag("by_year")],
    Discriminator(_mapping_or_number),
]


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
    note: Note | None = None

    @property
    def benefits(self) -> dict[str, Decimal | dict[int, Decimal] | GrossCost | DatedCost]:
        return dict(self.model_extra or {})


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


class TargetGroup(StrictModel):
    """People on one benefit whose number the strategy reduces."""

    name: Name
    benefit: Text
    baseline: NonNegative | None = None
    reduction: Annotated[dict[Year, NonNegative], YEAR_KEYS] | None = None
    phase_in: PhaseIn | None = None
    persistence: Persistence | None = None
    outcomes: dict[Text, ShareOrOutcome]
    deadweight: Percent = Decimal(0)
    caseload_targets: list[CaseloadTarget] = []
    caseload: list[CaseloadCount] = []
    flows: list[Flow] = []
    source: Text | None = None
    note: Note | None = None


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


class Indexation(StrictModel):
    """How unit costs and wages move from the price year: a yearly `rate` (percent) or an
    `index` by year."""

    rate: Annotated[Decimal, BeforeValidator(_as_number), Field(gt=-100, le=100)] | None = None
    index: Annotated[dict[Year, Annotated[Decimal, BeforeValidator(_as_number),
                                          Field(gt=0)]], YEAR_KEYS] | None = None


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
    discount_rate: Percent = Decimal(0)
    retention: Percent | None = None
    note: Note | None = None
    sources: list[SourceInfo] = []
    investments: list[Investment] = []
    unit_costs: UnitCosts | None = None
    target_groups: list[TargetGroup] = []
    savings: list[SavingsLine] = []
    other_effects: list[OtherEffect] = []
    funding: list[Funding] = []
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
