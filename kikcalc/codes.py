"""Every problem code kikcalc reports, with a short title (README has the same table)."""

from __future__ import annotations

CODES: dict[str, str] = {
    "K101": "not readable: YAML syntax, not UTF-8, several documents, a key that is not a word",
    "K102": "duplicate key",
    "K103": "anchor or alias",
    "K104": "tag",
    "K105": "file too large or nested too deeply",
    "K110": "schema: unknown or missing key, wrong type, value out of range, unknown version",
    "K121": "outcome split not 100, or a period that runs backwards or is too long",
    "K122": "a year outside the period",
    "K123": "an investment line without by_year or fte with cost_per_fte, or with both",
    "K124": "total does not equal the sum of its years",
    "K125": "unknown benefit, or an outcome other than self-sufficiency without a benefit",
    "K126": "a by-year cost with no value for a year that needs one",
    "K127": "a reduction larger than the group's baseline",
    "K128": "a cited source that does not exist, or a source id given twice",
    "K129": "an actual dated before its year began",
    "K130": "two target groups with the same name",
    "K140": "a budget table that cannot be read or is not valid",
    "K141": "a budget table whose total does not match its rows, or a row with no persons",
    "K201": "payback not within the period, or later than the policy allows",
    "K202": "cumulative net at the horizon below the policy's minimum",
    "K203": "budget departs from the projection by more than the policy's tolerance",
    "K204": "funding does not cover the investment",
    "K205": "a part-year actual compared with a full-year budget",
    "K206": "a figure with no source",
    "K207": "a caseload target missed",
}
