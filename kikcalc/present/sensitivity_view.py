"""The sensitivity and switching-value analyses as tables and JSON (`kikcalc sensitivity`,
`kikcalc breakeven`, the memo's tornado table); the numbers come from
`kikcalc.analysis.sensitivity`."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kikcalc.analysis.sensitivity import Outcome, sensitivity, switching_values
from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.present.jsondoc import dumps
from kikcalc.present.labels import label
from kikcalc.present.names import driver_label
from kikcalc.present.render import TABLE_RENDERERS
from kikcalc.present.tables import Cell, Column, Table
from kikcalc.text.formatting import exact, format_amount, round_half_up, signed_percent


def render_sensitivity(ev: Evaluated, steps: Sequence[Decimal], fmt: str, lang: str
                       ) -> str | Table:
    """Tornado table (or JSON) for `kikcalc sensitivity`."""
    base, rows = sensitivity(ev.plan, steps)
    changes = sorted({-s for s in steps} | set(steps))
    if fmt == "json":
        return dumps({"name": ev.name, "unit": ev.unit, "base": {
            "cumulative_at_end": exact(base.cumulative_at_end), "payback_year": base.payback_year},
            "drivers": [{"kind": r.driver.kind, "name": r.driver.name, "swing": exact(r.swing),
                         "changes": [{"percent": exact(c),
                                      "cumulative_at_end": exact(o.cumulative_at_end),
                                      "payback_year": o.payback_year}
                                     for c, o in r.results.items()]} for r in rows]})

    def paid(outcome: Outcome) -> Cell:  # words, not a bare "-", for no payback
        return outcome.payback_year or label("not_paid_back", lang)

    table_rows: list[tuple[Cell, ...]] = [
        (driver_label(r.driver.kind, r.driver.name, lang, ev.names),
         *(r.results[c].cumulative_at_end for c in changes), r.swing,
         *(paid(r.results[c]) for c in (changes[0], changes[-1])))
        for r in rows]
    columns = (Column(label("driver", lang), "text"),
               *(Column(signed_percent(c, lang)) for c in changes),
               Column(label("swing", lang)),
               Column(label("payback_at", lang, change=signed_percent(changes[0], lang)), "text"),
               Column(label("payback_at", lang, change=signed_percent(changes[-1], lang)),
                      "text"))
    said = label("chart_payback", lang, year=base.payback_year) if base.payback_year \
        else label("not_paid_back", lang)
    notes = (label("sensitivity_note", lang,
                   cumulative=format_amount(base.cumulative_at_end, ev.decimals, lang),
                   end=ev.plan.end, paid=said, unit=ev.unit),)
    table = Table(f"{ev.name}: {label('title_sensitivity', lang)} ({ev.unit})", columns,
                  tuple(table_rows), notes, ev.decimals, kind="sensitivity")
    return table if fmt == "table" else TABLE_RENDERERS[fmt]([table], lang)


def sensitivity_table(ev: Evaluated, lang: str) -> Table:
    """The tornado table for the committee memo (+-10 and +-25 %)."""
    table = render_sensitivity(ev, (Decimal(10), Decimal(25)), "table", lang)
    assert isinstance(table, Table)
    return table


def render_breakeven(ev: Evaluated, year: int, fmt: str, lang: str) -> str:
    """Switching values for `kikcalc breakeven --by YEAR`."""
    found = switching_values(ev.plan, year)
    if fmt == "json":
        return dumps({"name": ev.name, "by": year, "switching_values": [
            {"kind": d.kind, "name": d.name, "factor": None if f is None else exact(
                round_half_up(f, 6)), "bound": bound} for d, f, bound in found]})
    rows: list[tuple[Cell, ...]] = [
        (driver_label(d.kind, d.name, lang, ev.names),
         None if f is None else round_half_up(f * 100, 1),
         label(f"switch_{bound}" if f is not None else "switch_none", lang))
        for d, f, bound in found]
    columns = (Column(label("driver", lang), "text"), Column(label("of_plan", lang), "money"),
               Column(label("meaning", lang, year=year), "text"))
    table = Table(f"{ev.name}: {label('title_breakeven', lang, year=year)}", columns,
                  tuple(rows), (label("breakeven_note", lang, year=year),), 1)
    return TABLE_RENDERERS[fmt]([table], lang)
