"""JSON output: the interface other tools rely on (DESIGN.md "JSON output is an interface").

Amounts are exact decimal strings ("-0.7"), years integers, `null` where there is no value;
every document carries the kikcalc version; keys are sorted and there are no timestamps.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from kikcalc import __version__
from kikcalc.engine.results import Payback, Plan, Projection, Results, VarianceRow
from kikcalc.text.formatting import exact
from kikcalc.text.safe import json_visible

JSON_FORMAT_VERSION = 1


def _money(value: Decimal | None) -> str | None:
    return None if value is None else exact(value)


def _header(file: str, name: str, unit: str, plan: Plan) -> dict[str, Any]:
    return {"kikcalc": __version__, "format_version": JSON_FORMAT_VERSION, "file": file,
            "name": name, "unit": unit, "period": {"start": plan.start, "end": plan.end}}


def _payback(p: Payback, partial_years: tuple[int, ...], empty: bool) -> dict[str, Any]:
    return {"year": p.year, "years": p.years, "interpolated_years": _money(p.interpolated),
            "cumulative_at_end": exact(p.cumulative_at_end), "last_year": p.last_year,
            "partial_years": list(partial_years), "empty": empty}


def payback_doc(file: str, name: str, unit: str, plan: Plan, results: Results) -> dict[str, Any]:
    doc = _header(file, name, unit, plan)
    doc["payback"] = {key: _payback(s.payback, s.partial_years, s.empty)
                      | ({"forecast_years": list(s.forecast_years)} if key == "actual" else {})
                      for key, s in results.series.items()}
    e = results.economics
    doc["economics"] = None if e is None else {
        "discount_rate": exact(e.discount_rate), "npv": exact(e.npv), "roi": _money(e.roi),
        "bcr": _money(e.bcr), "retention": exact(e.retention)}
    doc["work_gain"] = exact(plan.work_gain)
    if results.perspectives:  # who pays and who saves: only a file that says
        doc["perspectives"] = _perspectives(results)
    return doc


def _perspectives(results: Results) -> dict[str, dict[str, str]]:
    """Who saves, by year: "measures" (the municipality's activation and casework) and
    each other actor, exact."""
    return {name: {str(year): exact(value) for year, value in values.items()}
            for name, values in results.perspectives.items()}


def _year(projection: Projection, year: int) -> dict[str, Any]:
    return {
        "year": year,
        "investment": exact(projection.investment[year]),
        "investment_by_category": {k: exact(v[year])
                                   for k, v in projection.costs_by_category.items()},
        "savings": exact(projection.savings[year]),
        "savings_by_group": {g.name: exact(g.total[year]) for g in projection.groups},
        "savings_known": {name: exact(v[year]) for name, v in projection.known_savings.items()},
        "other_effects": exact(projection.other[year]),
        "net": exact(projection.net[year]),
        "cumulative": exact(projection.cumulative[year]),
    } | ({"retention_parts": {name: exact(v[year]) for name, v in
                             projection.retention_parts.items()}}
         if projection.retention_parts else {})


def net_doc(file: str, name: str, unit: str, plan: Plan, results: Results) -> dict[str, Any]:
    """Projected yearly net effect; `investment` is a cost, so it counts positive here."""
    doc = _header(file, name, unit, plan)
    projection = results.projection
    doc["years"] = [_year(projection, y) for y in plan.years] if projection else []
    doc["groups"] = [
        {"name": g.name, "benefit": g.benefit, "deadweight": exact(g.deadweight),
         "reduction": [{"year": y, "persons": exact(g.reduction.get(y, Decimal(0)))}
                       for y in plan.years],
         "outcomes": [{"name": d.name, "share": exact(d.share), "benefit": d.benefit,
                       "count": _money(d.count),
                       "savings": exact(sum(s.by_destination[d.name].values(), Decimal(0)))}
                      for d in g.destinations],
         "saving_per_person": [{"year": y, "amount": exact(v)}
                               for y, v in sorted(s.per_person.items())],
         # grants per person (engine.grants), only where the file gives them
         **({"grants": [{"name": name, "by_year": [{"year": y, "amount": exact(v)}
                                                   for y, v in income.items()]}
                        for name, income in s.grants.items()]} if s.grants else {})}
        for g, s in zip(plan.groups, projection.groups, strict=True)
    ] if projection else []  # a follow-up file's groups have no drivers, so no projection
    if results.perspectives:  # who pays and who saves: only a file that says
        doc["perspectives"] = _perspectives(results)
    return doc


def _variance_row(row: VarianceRow) -> dict[str, Any]:
    return {"year": row.year, "budget": _money(row.budget), "actual": _money(row.actual),
            "difference": _money(row.difference), "partial": row.partial,
            "as_of": row.as_of.isoformat() if row.as_of else None,
            "budget_as_of": row.budget_as_of.isoformat() if row.budget_as_of else None,
            "forecast": row.forecast}


def variance_doc(file: str, name: str, unit: str, plan: Plan, results: Results) -> dict[str, Any]:
    doc = _header(file, name, unit, plan)
    doc["rows"] = [_variance_row(row) for row in results.variance]
    return doc


class NotJson(ValueError):
    """A result that JSON cannot carry: NaN or infinity."""


def dumps(doc: object) -> str:
    """The document as JSON text; NaN and infinity are refused, never written. A format
    character in a name is written as a JSON escape (`\\u202e`): the same value, visible."""
    try:
        text = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
        return json_visible(text) + "\n"
    except ValueError:
        raise NotJson("a result is not a finite number (NaN or infinity), which JSON "
                      "cannot carry; check the file's uncertainty and indexation") from None
