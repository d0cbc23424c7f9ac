"""The strategy's `comparison`: its caseload against a cluster and the whole country.

Read by `kikcalc benchmark`, `check` (K210), `follow-up` and the memo. Areas and benefit
types are named as the statistics label them ("Aabenraa", "Kontanthjælp"): a CSV from
`kikcalc statbank fetch` carries the table's metadata, which turns its codes into those
labels (a code of the table, `580`, is understood too). The whole country is the area
labelled "Hele landet" unless `country` names another. Clusters change, so the cluster is a
list the file states, not a name kikcalc looks up.
"""

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from kikcalc.model.types import Name, Note, StrictModel, Text


def _code_text(value: Any) -> Any:
    """An area code may be written bare (`580`): YAML reads it as a number; keep it text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


_PERIOD = r"^[0-9]{4}([KQ][1-4]|M(0[1-9]|1[0-2]))?$"
Area = Annotated[Text, BeforeValidator(_code_text), WithJsonSchema({"anyOf": [
    {"type": "string", "minLength": 1, "maxLength": 2000}, {"type": "integer", "minimum": 0}]})]
# The pattern before the validator: pydantic checks it in the string's own schema, not in a
# function of its own that the stored validators could not name (kikcalc.reading.validators).
PeriodCode = Annotated[str, Field(pattern=_PERIOD), BeforeValidator(_code_text),
                       WithJsonSchema({"anyOf": [{"type": "string", "pattern": _PERIOD},
                                                 {"type": "integer", "minimum": 1900,
                                                  "maximum": 2200}]})]


class Comparison(StrictModel):
    """The municipality's caseload against its cluster and the country (parallel trends)."""

    municipality: Area
    cluster: list[Area] = []
    country: Area | None = None  # None: the area labelled "Hele landet"
    statistics: Annotated[list[Text], Field(min_length=1, max_length=20)]
    baseline: PeriodCode  # 2015, 2015K2 (a quarter) or 2015M06 (a month)
    against: Literal["cluster", "country"] = "cluster"
    # target group name -> the statistics' benefit types that count its people
    benefit_types: dict[Name, Annotated[list[Text], Field(min_length=1)]] = {}
    source: Text | None = None
    note: Note | None = None
