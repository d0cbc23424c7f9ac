"""The ministry's benchmark (Jobindsats: expected against actual full-time persons on
public support) as a neutral table and as JSON."""

from __future__ import annotations

from typing import Any

from kikcalc.present.tables import Cell, Column, Table
from kikcalc.statbank.jobindsats import Expected
from kikcalc.text.formatting import exact

_TEXT = {
    "title": {"da": "Beskæftigelsesministeriets benchmark: faktisk mod forventet antal "
                    "fuldtidspersoner på offentlig forsørgelse",
              "en": "The ministry's benchmark: actual against expected full-time persons on "
                    "public support"},
    "columns": {"da": "Område|Periode|Faktisk|Forventet|Faktisk - forventet|Faktisk andel %|"
                      "Forventet andel %|Placering",
                "en": "Area|Period|Actual|Expected|Actual - expected|Actual share %|"
                      "Expected share %|Rank"},
    "note": {"da": "Forventet: hvad kommunens rammevilkår lader forvente (ministeriets "
                   "benchmarkinganalyse); et negativt tal er færre på offentlig forsørgelse "
                   "end forventet. Læst fra en Jobindsats-eksport (kolonnerne er en antagelse).",
             "en": "Expected: what the municipality's framework conditions lead one to expect "
                   "(the ministry's benchmarking analysis); a negative figure is fewer on "
                   "public support than expected. Read from a Jobindsats export (its columns "
                   "are an assumption)."},
}


def expected_table(rows: tuple[Expected, ...], lang: str) -> Table:
    titles = _TEXT["columns"][lang].split("|")
    kinds = ("text", "text", "count", "count", "delta", "money", "money", "count")
    columns = tuple(Column(t, k) for t, k in zip(titles, kinds, strict=True))  # type: ignore[arg-type]
    body: list[tuple[Cell, ...]] = [
        (r.area, r.period, r.actual, r.expected, r.difference, r.actual_share, r.expected_share,
         r.rank) for r in rows]
    return Table(_TEXT["title"][lang], columns, tuple(body), (_TEXT["note"][lang],), 1)


def expected_doc(rows: tuple[Expected, ...]) -> dict[str, Any]:
    def x(value: Any) -> str | None:
        return None if value is None else exact(value)

    return {"expected_against_actual": [
        {"area": r.area, "period": r.period, "actual": x(r.actual), "expected": x(r.expected),
         "difference": x(r.difference), "actual_share": x(r.actual_share),
         "expected_share": x(r.expected_share), "rank": r.rank} for r in rows]}
