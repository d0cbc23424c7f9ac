"""`kikcalc scenarios`: the plan and each of the file's scenarios side by side."""

from __future__ import annotations

from collections.abc import Sequence

from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.present.jsondoc import dumps
from kikcalc.present.labels import label
from kikcalc.present.render import TABLE_RENDERERS
from kikcalc.present.tables import Cell, Column, Table
from kikcalc.text.formatting import exact


def render_scenarios(named: Sequence[tuple[str, Evaluated]], fmt: str, lang: str
                     ) -> str | Table:
    """One row per scenario (the plan first): projected cumulative, payback, NPV."""
    rows: list[tuple[Cell, ...]] = []
    found = []
    for name, ev in named:
        series = ev.results.series.get("projected")
        economics = ev.results.economics
        if series is None or economics is None:
            continue
        p = series.payback
        rows.append((name, p.cumulative_at_end, p.year or label("not_paid_back", lang),
                     p.years, economics.npv))
        found.append({"scenario": name, "cumulative_at_end": exact(p.cumulative_at_end),
                      "payback_year": p.year, "npv": exact(economics.npv)})
    first = named[0][1]
    if fmt == "json":
        return dumps({"name": first.name, "unit": first.unit, "scenarios": found})
    columns = (Column(label("scenario", lang), "text"),
               Column(label("q_cumulative", lang, end=first.plan.end)),
               Column(label("payback_year", lang), "text"), Column(label("payback_years", lang),
                                                                   "count"),
               Column(label("q_npv", lang)))
    table = Table(f"{first.name}: {label('title_scenarios', lang)} ({first.unit})", columns,
                  tuple(rows), (label("scenarios_note", lang),), first.decimals,
                  kind="scenarios")
    return table if fmt == "table" else TABLE_RENDERERS[fmt]([table], lang)
