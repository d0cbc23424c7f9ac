"""The plan beside the plan adjusted for optimism bias (the strategy's `optimism_bias`).

Shown by `payback` and `net` only when the file states `optimism_bias`, so every other
output stays as it was. The adjustment is analysis/calibrate.py's `adjusted`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kikcalc.analysis.calibrate import adjusted
from kikcalc.engine.projection import find_payback, project
from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.present.labels import label
from kikcalc.present.tables import Cell, Column, Context, Table
from kikcalc.text.formatting import exact, format_amount


def _t(key: str, lang: str, **values: object) -> str:
    """This view's text `key` from the catalogue (its keys begin `optimism_`)."""
    return label(f"optimism_{key}", lang).format(**values)


def _adjusted_net(ev: Evaluated) -> dict[int, Decimal]:
    assert ev.optimism_bias is not None
    return dict(project(adjusted(ev.plan, ev.optimism_bias)).net)


def _note(ev: Evaluated, lang: str) -> str:
    b = ev.optimism_bias
    assert b is not None

    parts = [_t(key, lang, v=format_amount(Decimal(value), 1, lang) if key != "timing"
                else value)
             for key, value in (("reduction", b.reduction), ("unit_cost", b.unit_cost),
                                ("investment", b.investment), ("deadweight", b.deadweight),
                                ("timing", b.timing)) if value]
    return _t("note", lang, parts=", ".join(parts) or "0")


def payback_table(ev: Evaluated, ctx: Context) -> Table:
    titles = _t("payback_columns", ctx.lang).split("|")
    columns = (Column(titles[0], "text"), Column(titles[1], "text"), Column(titles[2], "count"),
               Column(titles[3], "money"))
    rows: list[tuple[Cell, ...]] = []
    for key, net in (("plan", ev.results.projection.net if ev.results.projection else {}),
                     ("adjusted", _adjusted_net(ev))):
        p = find_payback(net, ev.plan.start)
        paid = str(p.year) if p.year is not None else _t(
            "never", ctx.lang, start=ev.plan.start, end=ev.plan.end)
        rows.append((_t(key, ctx.lang), paid, p.years, p.cumulative_at_end))
    return Table(_t("payback_title", ctx.lang, name=ev.name, unit=ev.unit), columns,
                 tuple(rows), (_note(ev, ctx.lang),), ctx.decimals)


def net_table(ev: Evaluated, ctx: Context) -> Table:
    years = list(ev.plan.years)
    plan = dict(ev.results.projection.net) if ev.results.projection else {}
    net = _adjusted_net(ev)
    cumulative, running = {}, Decimal(0)
    for y in years:
        running += net.get(y, Decimal(0))
        cumulative[y] = running
    rows: list[tuple[Cell, ...]] = [
        (_t("net_plan", ctx.lang), *(plan.get(y, Decimal(0)) for y in years),
         sum(plan.values(), Decimal(0))),
        (_t("net_adjusted", ctx.lang), *(net.get(y, Decimal(0)) for y in years),
         sum(net.values(), Decimal(0))),
        (_t("cumulative_adjusted", ctx.lang), *(cumulative[y] for y in years), None)]
    columns = (Column("", "text"), *(Column(str(y), "money") for y in years),
               Column(_t("total", ctx.lang), "money"))
    return Table(_t("net_title", ctx.lang, name=ev.name, unit=ev.unit), columns, tuple(rows),
                 (_note(ev, ctx.lang),), ctx.decimals)


def optimism_doc(ev: Evaluated) -> dict[str, Any]:
    """The JSON `optimism_bias` member: the adjustment and the adjusted net and payback."""
    b = ev.optimism_bias
    assert b is not None
    net = _adjusted_net(ev)
    p = find_payback(net, ev.plan.start)
    return {"optimism_bias": {
        "reduction": exact(b.reduction), "unit_cost": exact(b.unit_cost),
        "investment": exact(b.investment), "deadweight": exact(b.deadweight),
        "timing": b.timing, "net": {str(y): exact(v) for y, v in net.items()},
        "payback": {"year": p.year, "years": p.years,
                    "cumulative_at_end": exact(p.cumulative_at_end)}}}
