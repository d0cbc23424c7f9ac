"""The building blocks of the file format: exact numbers, one-line text, years, dates, and
`StrictModel`, which refuses unknown keys and reports each beside whatever else is wrong.

Numbers arrive from `strict_yaml` as `int` or `Decimal`; a quoted number is refused rather
than converted, so what a reviewer sees in the file is what the engine computes with.

The modules that define the file format's models do not postpone their annotations (no
`from __future__ import annotations`): pydantic would compile and evaluate each field's
annotation from its text when the class is made and again when its validator is built,
some 7% of a cold `kikcalc payback` (docs/performance.md; tests/test_house.py checks it).
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    Strict,
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



def as_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        hint = ""
        if isinstance(value, str) and value.replace(",", "", 1).lstrip("+-").isdigit():
            hint = (f" (write decimals with a point: {value.replace(',', '.')})" if "," in value
                    else " (write it without quotes)")
        raise PydanticCustomError("number", "expected a number, got {got}{hint}",
                                  {"got": repr(value), "hint": hint})
    return Decimal(value)



Number = Annotated[Decimal, BeforeValidator(as_number), WithJsonSchema({"type": "number"})]



NonNegative = Annotated[Decimal, BeforeValidator(as_number), Field(ge=0),
                        WithJsonSchema({"type": "number", "minimum": 0})]



Percent = Annotated[Decimal, BeforeValidator(as_number), Field(ge=0, le=100),
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
