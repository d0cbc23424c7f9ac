"""The engine's data: a `Plan` in (frozen records of Decimals, in the strategy's
own money unit; + = gain for the municipality) and `Results` out. No I/O, no pydantic.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from kikcalc.record import Record, field

ZERO = Decimal(0)



HUNDRED = Decimal(100)



SERIES_ORDER = ("projected", "budget", "actual", "forecast")



# A division rarely ends: interpolated payback is kept to 1/10,000 of a year.
YEAR_FRACTION = Decimal("0.0001")



# ----------------------------------------------------------------------------- inputs
class CostLine(Record):
    name: str
    category: str
    amounts: Mapping[int, Decimal]  # a missing year is 0



class Destination(Record):
    name: str
    share: Decimal  # percent of the reduction
    benefit: str | None  # None: off public support, costs nothing
    count: Decimal | None = None  # people, when the share was derived from counts



class GrantLine(Record):
    """A grant per person (model.groups.Grant) in the plan's unit."""

    name: str
    # per person into the outcome, or per full-year person fewer in it; by year if indexed
    amount: Decimal | Mapping[int, Decimal]
    per: str  # person_into_work | full_year_person
    outcome: str  # the destination whose share of the reduction brings it



class Group(Record):
    name: str
    benefit: str
    reduction: Mapping[int, Decimal]  # full-year persons fewer, by year
    destinations: tuple[Destination, ...]
    deadweight: Decimal = ZERO  # percent that would have happened anyway
    baseline: Decimal | None = None
    # year -> benefit -> (mean price, person-weighted price): only where the persons and
    # the price both change within the year (engine.within_year)
    within_year: Mapping[int, Mapping[str, tuple[Decimal, Decimal]]] = field(
        default_factory=dict)
    grants: tuple[GrantLine, ...] = ()  # income that follows the persons (engine.grants)



class Actual(Record):
    amount: Decimal
    as_of: datetime.date | None = None  # the date the figure runs to, if stated
    partial: bool = False  # it covers only part of its year
    forecast: bool = False  # a full-year figure still expected, not yet realised



def is_partial(year: int, as_of: datetime.date | None) -> bool:
    """A figure runs to `as_of`; before 31 December of its year it is part of the year.

    >>> is_partial(2018, datetime.date(2018, 6, 30)), is_partial(2018, datetime.date(2019, 3, 1))
    (True, False)
    """
    return as_of is not None and as_of < datetime.date(year, 12, 31)



class RetentionRule(Record):
    """A part of retention where it applies, booked `lag` years after the persons leave:
    an amount per full-year person whose outcome is work (`per_person`, in the plan's
    unit), or a percent of the change in spending on `benefits` (`share`)."""

    name: str
    lag: int = 0
    per_person: Decimal | None = None
    share: Decimal | None = None
    benefits: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()  # investment lines whose spending the part follows
    # the most of those lines' spending that counts, by year (a ceiling); a year not
    # listed counts in full
    cap: Mapping[int, Decimal] = field(default_factory=dict)



class Plan(Record):
    start: int
    end: int
    costs: tuple[CostLine, ...] = ()
    groups: tuple[Group, ...] = ()
    unit_costs: Mapping[str, Mapping[int, Decimal] | Decimal] = field(default_factory=dict)
    other_effects: tuple[CostLine, ...] = ()  # + = gain
    savings_lines: tuple[CostLine, ...] = ()  # savings known as amounts, before retention
    budget: Mapping[int, Decimal] | None = None
    budget_as_of: Mapping[int, datetime.date] = field(default_factory=dict)  # part-year budgets
    actuals: Mapping[int, Actual] = field(default_factory=dict)
    retention: Decimal = Decimal(1)  # share of savings kept after udligning and block grant
    work_gain: Decimal = Decimal(0)  # tax gained per full-year person whose outcome is work
    retention_rules: tuple[RetentionRule, ...] = ()  # retention by parts, each where it applies
    # who pays and who saves: activation and casework per full-year person by benefit
    # (the municipality's, beside its forsørgelse), and each other actor's costs per
    # full-year person by benefit with its gain per person in work
    measures: Mapping[str, Decimal] = field(default_factory=dict)
    actors: Mapping[str, tuple[Mapping[str, Decimal], Decimal]] = field(default_factory=dict)
    discount_rate: Decimal = ZERO  # percent a year; 0 as in municipal budgets

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)

    @property
    def has_drivers(self) -> bool:
        # a group only observed (counts, no reduction, no outcomes) drives nothing
        driving = any(g.reduction or g.destinations for g in self.groups)
        return bool(self.costs or driving or self.other_effects or self.savings_lines)



# ---------------------------------------------------------------------------- results
class Payback(Record):
    year: int | None  # first year with cumulative >= 0, or None
    years: int | None  # year - start + 1: "after 4 years" is year 4
    interpolated: Decimal | None  # years to the zero crossing, linear, to 0.0001 year
    cumulative_at_end: Decimal
    last_year: int | None  # the year `cumulative_at_end` refers to



class Series(Record):
    name: str
    net: Mapping[int, Decimal]
    cumulative: Mapping[int, Decimal]
    payback: Payback
    partial_years: tuple[int, ...] = ()
    missing_years: tuple[int, ...] = ()  # no figure, so no payback is claimed
    empty: bool = False  # nothing invested and nothing saved: no payback is claimed
    forecast_years: tuple[int, ...] = ()  # years whose figure is a forecast, not realised



class GroupSavings(Record):
    name: str
    per_person: Mapping[int, Decimal]  # saving per full-year person, by year
    by_destination: Mapping[str, Mapping[int, Decimal]]  # + = saving
    total: Mapping[int, Decimal]  # the destinations' savings and the grants
    grants: Mapping[str, Mapping[int, Decimal]] = field(default_factory=dict)  # + = income



class Projection(Record):
    costs_by_category: Mapping[str, Mapping[int, Decimal]]
    investment: Mapping[int, Decimal]
    groups: tuple[GroupSavings, ...]
    savings: Mapping[int, Decimal]
    other: Mapping[int, Decimal]
    net: Mapping[int, Decimal]
    cumulative: Mapping[int, Decimal]
    # savings known as amounts, after retention, by line name (included in `savings`)
    known_savings: Mapping[str, Mapping[int, Decimal]] = field(default_factory=dict)
    # retention by parts, by part name, in the year each reaches the budget (in `savings`)
    retention_parts: Mapping[str, Mapping[int, Decimal]] = field(default_factory=dict)
    # what each part books after the last year of the period: outside the horizon
    retention_beyond: Mapping[str, Decimal] = field(default_factory=dict)



class VarianceRow(Record):
    year: int
    budget: Decimal | None
    actual: Decimal | None
    difference: Decimal | None  # actual - budget; + = better than budget
    partial: bool
    as_of: datetime.date | None
    budget_as_of: datetime.date | None = None  # a budget for part of the year, to this date
    forecast: bool = False  # the actual is a forecast of the whole year

    @property
    def like_with_like(self) -> bool:
        """Budget and actual cover the same part of the year (or both the whole year)."""
        return self.as_of == self.budget_as_of if self.partial or self.budget_as_of \
            else True



class Economics(Record):
    """The projection in one line each: discounted net, return and benefit-cost ratio."""

    discount_rate: Decimal  # percent
    npv: Decimal  # sum of net(t) / (1 + r) ** (t - start)
    roi: Decimal | None  # (savings + other - investment) / investment, undiscounted
    bcr: Decimal | None  # discounted (savings + other) / discounted investment
    retention: Decimal  # fraction of the savings the municipality keeps



class Results(Record):
    projection: Projection | None
    series: Mapping[str, Series]  # in SERIES_ORDER, only those that exist
    variance: tuple[VarianceRow, ...]
    economics: Economics | None = None  # of the projection
    # who saves: "measures" (the municipality's activation and casework) and each other
    # actor's saving by year; empty when the file has no perspectives
    perspectives: Mapping[str, Mapping[int, Decimal]] = field(default_factory=dict)
