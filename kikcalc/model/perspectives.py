"""Who pays and who saves: the optional `perspectives` section of the strategy file.

kikcalc's own figures are the municipality's (its net cost after refusion and, when the
file says so, after udligning); business-case methods count every actor (SØM prices per
actor, kommune, region and stat, after refusion and without udligning). The section gives,
per full-year person, what each other actor pays on each benefit and gains when the person
is in work, and the activation and casework the municipality spends on each benefit beside
its forsørgelse (Aabenraa 2022: ordinary measures for kontant- og uddannelseshjælp 12,103
t.kr. for 557 full-year persons, 21.7 t.kr. a person beside 104.8 of forsørgelse;
Beskæftigelsesplan 2022, "Budget").
"""

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from kikcalc.model.types import MoneyUnit, NonNegative, Note, Number, StrictModel, Text

Costs = Annotated[dict[Text, NonNegative], Field(max_length=1000)]

#: The actors beside the municipality, in the order their columns are shown.
ACTORS = ("stat", "region", "person")


class Perspectives(StrictModel):
    """Per full-year person, in `unit`: the state's and the region's cost on each benefit
    (the state's refusion or its share of the gross), the person's income on each benefit,
    what each gains when the person is in work (`work`: the state's and region's taxes, the
    person's disposable income), and the municipality's activation and casework on each
    benefit (`measures`, or `from_table`: the budget table's `measures` column / persons)."""

    unit: MoneyUnit = "kr."
    stat: Costs = {}
    region: Costs = {}
    person: Costs = {}
    work: dict[Literal["stat", "region", "person"], Number] = {}
    measures: Costs | Literal["from_table"] | None = None
    source: Text | None = None
    note: Note | None = None


def signed_costs(perspectives: Perspectives, actor: str) -> dict[str, Decimal]:
    """An actor's cost per full-year person on each benefit: the person's income counts as
    a cost of minus that income, so a gain is always a cost that falls."""
    values = dict(getattr(perspectives, actor))
    return {b: -v for b, v in values.items()} if actor == "person" else values
