"""The ministry's benchmark (Jobindsats: expected against actual full-time persons on
public support) as a neutral table and as JSON."""

from __future__ import annotations

from typing import Any

from kikcalc.present.labels import label
from kikcalc.present.tables import Cell, Column, Table
from kikcalc.statbank.jobindsats import Expected
from kikcalc.text.formatting import exact


def expected_table(rows: tuple[Expected, ...], lang: str) -> Table:
    titles = label("jobindsats_columns", lang).split("|")
    kinds = ("text", "text", "count", "count", "delta", "money", "money", "count")
    columns = tuple(Column(t, k) for t, k in zip(titles, kinds, strict=True))  # type: ignore[arg-type]
    body: list[tuple[Cell, ...]] = [
        (r.area, r.period, r.actual, r.expected, r.difference, r.actual_share, r.expected_share,
         r.rank) for r in rows]
    return Table(label("jobindsats_title", lang), columns, tuple(body),
                 (label("jobindsats_note", lang),), 1)


def expected_doc(rows: tuple[Expected, ...]) -> dict[str, Any]:
    def x(value: Any) -> str | None:
        return None if value is None else exact(value)

    return {"expected_against_actual": [
        {"area": r.area, "period": r.period, "actual": x(r.actual), "expected": x(r.expected),
         "difference": x(r.difference), "actual_share": x(r.actual_share),
         "expected_share": x(r.expected_share), "rank": r.rank} for r in rows]}
