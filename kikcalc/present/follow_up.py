"""The follow-up as neutral tables (text, Markdown, CSV) and as JSON.

One table per target group, planned against observed by year, and one table of the
forecast that what has been observed updates. Every table says its sign (+ = ahead of
plan, a gain for the municipality) and the method in one sentence under it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kikcalc.analysis.follow_up import FollowUp, Forecast, GroupFollowUp, harvest_rows
from kikcalc.engine.results import Payback
from kikcalc.present.labels import label
from kikcalc.present.tables import Cell, Column, Table
from kikcalc.text.formatting import exact, format_amount, format_date


def _t(key: str, lang: str, **values: object) -> str:
    """This view's text `key` from the catalogue (its keys begin `follow_up_`)."""
    return label(f"follow_up_{key}", lang).format(**values)


def _n(value: Decimal | None, lang: str, decimals: int = 1) -> str:
    return "-" if value is None else format_amount(value, decimals, lang)


def group_table(g: GroupFollowUp, name: str, unit: str, decimals: int, lang: str) -> Table:
    titles = _t("group_columns", lang, unit=unit).split("|")
    kinds = ("year", "count", "count", "count", "text", "count", "delta", "delta", "money")
    columns = tuple(Column(t, k, {6: 1, 7: 2, 8: 1}.get(i))  # type: ignore[arg-type]
                    for i, (t, k) in enumerate(zip(titles, kinds, strict=True)))
    rows: list[tuple[Cell, ...]] = []
    for r in g.rows:
        seen = r.observed
        as_of = "" if seen is None else (format_date(seen.as_of, lang)
                                          + ("" if seen.whole else " *"))
        rows.append((r.year, r.planned_reduction, r.planned, seen.persons if seen else None, as_of,
                     r.realised, r.gap, r.gap_amount, r.share))
    first = g.rows[0]
    # a plan of no reduction at all (a file of targets and counts) has no share to realise
    planned = g.planned and any(r.planned_reduction for r in g.rows)
    notes = [_t("baseline", lang, b=_n(g.baseline, lang, 0), v=_n(first.value, lang, 4),
                unit=unit, year=first.year) if planned else
             _t("observed_only", lang, b=_n(g.baseline, lang, 0))]
    if planned and g.realised_share is None:
        notes.append(_t("none", lang))
    elif planned:
        notes.append(_t("to_date", lang, s=_n(g.realised_share, lang), lo=_n(g.low_share, lang),
                        hi=_n(g.high_share, lang), g=_n(g.gap_to_date, lang, 2), unit=unit))
    if any(r.observed and r.observed.kind == "count" for r in g.rows):
        notes.append(_t("counts", lang))
    if any(r.observed and not r.observed.whole for r in g.rows):
        notes.append(_t("partial", lang))
    if g.behind_since is not None and g.behind_since.observed is not None:
        notes.append(_t("behind", lang, since=format_date(g.behind_since.observed.as_of, lang)))
    return Table(_t("group_title", lang, name=name, group=g.group, unit=unit), columns,
                 tuple(rows), tuple(notes), decimals)


def payback_phrase(p: Payback, lang: str) -> str:
    if p.year is None:
        return _t("never", lang, k=_n(p.cumulative_at_end, lang, 2))
    if p.interpolated is None:
        return _t("year_plain", lang, y=p.year, n=p.years)
    return _t("year", lang, y=p.year, n=p.years, i=_n(p.interpolated, lang, 2))


def forecast_table(result: FollowUp, name: str, unit: str, decimals: int, lang: str
                   ) -> Table:
    planned, central, low, high = result.forecasts
    titles = _t("forecast_columns", lang).split("|")
    columns = (Column(titles[0], "year"), *(Column(t, "delta") for t in titles[1:]))
    cumulative = Decimal(0)
    rows: list[tuple[Cell, ...]] = []
    for year in planned.net:
        cumulative += central.net[year]
        rows.append((year, planned.savings[year], central.savings[year], low.savings[year],
                     high.savings[year], planned.net[year], central.net[year], cumulative))
    notes = [_t("method", lang), _t("payback", lang, p=payback_phrase(planned.payback, lang),
                                    c=payback_phrase(central.payback, lang),
                                    lo=payback_phrase(low.payback, lang),
                                    hi=payback_phrase(high.payback, lang))]
    notes += [_t("skipped", lang, group=group) for group in result.skipped]
    return Table(_t("forecast_title", lang, name=name, unit=unit), columns, tuple(rows),
                 tuple(notes), decimals)


def harvest_table(result: FollowUp, name: str, unit: str, decimals: int, lang: str
                  ) -> Table | None:
    """The frame cuts against the savings realised, or None when the file records none."""
    rows = harvest_rows(result)
    if not rows:
        return None
    titles = _t("harvest_columns" if result.drivers else "harvest_columns_file", lang).split("|")
    columns = (Column(titles[0], "year"), *(Column(t, "delta") for t in titles[1:]))
    observed = {r.year for g in result.groups for r in g.rows if r.observed is not None}
    if not result.drivers:
        observed = {r.year for r in rows if r.realised is not None}
    to_date = sum((r.difference for r in rows if r.year in observed and r.difference is not None),
                  Decimal(0))
    notes = [_t("harvest_note", lang, d=_n(to_date, lang, 2), unit=unit)]
    if result.drivers:
        notes.append(_t("harvest_basis", lang))
    else:
        notes.append(_t("no_drivers", lang))
    return Table(_t("harvest_title", lang, name=name, unit=unit), columns, tuple(
        (r.year, r.cut, r.planned, r.realised, r.difference) for r in rows), tuple(notes),
        decimals)


def follow_up_tables(result: FollowUp, name: str, unit: str, decimals: int, lang: str
                     ) -> list[Table]:
    tables = [group_table(g, name, unit, decimals, lang) for g in result.groups]
    if result.drivers or result.skipped:
        tables.append(forecast_table(result, name, unit, decimals, lang))
    harvest = harvest_table(result, name, unit, decimals, lang)
    return [*tables, *([harvest] if harvest else [])]


def _x(value: Decimal | None) -> str | None:
    return None if value is None else exact(value)


def _payback_doc(p: Payback) -> dict[str, Any]:
    return {"year": p.year, "years": p.years, "interpolated_years": _x(p.interpolated),
            "cumulative_at_end": exact(p.cumulative_at_end)}


def _forecast_doc(f: Forecast) -> dict[str, Any]:
    return {"savings": {str(y): exact(v) for y, v in f.savings.items()},
            "net": {str(y): exact(v) for y, v in f.net.items()},
            "payback": _payback_doc(f.payback)}


def follow_up_doc(result: FollowUp) -> dict[str, Any]:
    """The JSON `follow_up` member: exact decimal strings, null where there is no value."""
    return {
        "sign": "+ = ahead of plan, a gain for the municipality",
        "method": label("follow_up_method", "en").removeprefix("Method: "),
        "groups": [{
            "name": g.group, "baseline": exact(g.baseline),
            "realised_share": _x(g.realised_share), "low_share": _x(g.low_share),
            "high_share": _x(g.high_share), "gap_to_date": exact(g.gap_to_date),
            "behind_since": g.behind_since.observed.as_of
            if g.behind_since and g.behind_since.observed else None,
            "years": [{"year": r.year, "planned_reduction": exact(r.planned_reduction),
                       "planned": exact(r.planned),
                       "observed": None if r.observed is None else {
                           "persons": exact(r.observed.persons), "as_of": r.observed.as_of,
                           "kind": r.observed.kind, "whole": r.observed.whole},
                       "realised": _x(r.realised), "gap": _x(r.gap),
                       "value_per_person": exact(r.value), "gap_amount": _x(r.gap_amount),
                       "share": _x(r.share)} for r in g.rows]} for g in result.groups],
        "skipped": list(result.skipped),
        "forecast": {f.name: _forecast_doc(f) for f in result.forecasts},
        **_harvest_doc(result),
    }


def _harvest_doc(result: FollowUp) -> dict[str, Any]:
    """The `harvested` member, only for a file that records frame cuts."""
    rows = harvest_rows(result)
    if not rows:
        return {} if result.drivers else {"drivers": False}
    return {"drivers": result.drivers, "harvested": [
        {"year": r.year, "taken_out": exact(r.cut), "savings_planned": _x(r.planned),
         "savings_realised": _x(r.realised), "difference": _x(r.difference)}
        for r in rows]}
