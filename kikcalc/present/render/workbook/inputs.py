"""The assumptions sheet (*Forudsætninger*): every number the workbook's formulas start from.

One kind of assumption under the other, each row saying what it is and whose it is
("Reduktion: Jobparate", "Andel til Fleksjob (fleksjob): Jobparate"): the unit costs of the
benefits used, retention, the tax gained when a person finds work, the discount rate, each
target group's reduction, deadweight and outcome shares, the investment lines (by
category), other effects, savings known as amounts, and the budgeted and actual net effect.
Rows of one kind stand together, so a total over them is one `SUM` however many there are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from kikcalc.engine.projection import unit_cost
from kikcalc.engine.results import Plan
from kikcalc.present.render.workbook.rows import InOrder
from kikcalc.present.render.workbook.sheet import FIRST, INPUT, Sheet, header, inputs, single
from kikcalc.text.formatting import needed_decimals

# the unit the unit costs are shown in, and how many of it make one of the plan's unit
COST_UNIT = {"mio. kr.": ("t.kr.", 1000), "t.kr.": ("kr.", 1000), "kr.": ("kr.", 1)}


def used_benefits(plan: Plan) -> list[str]:
    return sorted({b for g in plan.groups for b in (g.benefit, *(d.benefit for d in
                                                                 g.destinations))
                   if b is not None})


def number_format(decimals: int) -> str:
    """Thousands separated, with `decimals` decimals: the tables' format (the reader's
    language gives the separators: 1.234,5 in Danish).

    >>> number_format(0), number_format(2)
    ('#,##0', '#,##0.00')
    """
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def money_formats(workbook: Any, decimals: Mapping[str, int]) -> dict[str, Any]:
    """The formats of amounts on the live sheets, with the decimals `decimals` gives for
    `money` (the unit's, as the tables), `input_money` and `cost` (see
    `inputs.input_decimals`)."""
    money, given, cost = (number_format(decimals[k]) for k in ("money", "input_money", "cost"))
    add = workbook.add_format
    return {"money": add({"num_format": money, "align": "right"}),
            "input_money": add({"num_format": given, "bg_color": INPUT}),
            "cost": add({"num_format": cost, "bg_color": INPUT}),
            "follows": add({"num_format": cost, "font_color": "#7F6000"})}


def input_decimals(plan: Plan, unit: str, decimals: int) -> dict[str, int]:
    """The decimals the assumptions sheet shows: amounts with the unit's decimals (as the
    tables), or more where the file's own figures have them (at most 3), so an input is
    never shown rounded; unit costs with the decimals they have in the cost unit (at
    most 2: whole kroner, or 104.53 t.kr.)."""
    _, factor = COST_UNIT[unit]
    amounts = [*(line.amounts for line in (*plan.costs, *plan.other_effects,
                                           *plan.savings_lines)),
               plan.budget or {}, {y: a.amount for y, a in plan.actuals.items()}]
    money = max((needed_decimals(v, 3) for found in amounts for v in found.values()),
                default=0)
    costs = max((needed_decimals(unit_cost(plan, b, y) * factor) for b in used_benefits(plan)
                 for y in plan.years), default=0)
    return {"money": decimals, "input_money": max(decimals, money),
            "cost": max(costs, needed_decimals(plan.work_gain * factor))}


def cost_lines(plan: Plan) -> list[int]:
    """The investment lines by category (first seen first), in the file's order within
    one: a category's lines stand together, so its total is one `SUM`."""
    order = list(dict.fromkeys(line.category for line in plan.costs))
    return sorted(range(len(plan.costs)), key=lambda n: order.index(plan.costs[n].category))


def write_inputs(workbook: Any, plan: Plan, name: str, text: Callable[..., str],
                 names: Callable[[str], str], unit: str, formats: dict[str, Any]) -> Sheet:
    """The assumptions sheet; returns it with the row of every assumption by key:
    `cost:BENEFIT`, `retention`, `work_gain`, `discount_rate`, `reduction:G`,
    `deadweight:G`, `share:G:D`, `cost:N` (investment line N), `other:N`, `known:N`,
    `budget`, `actual`."""
    years = plan.years
    shown, factor = COST_UNIT[unit]
    sheet = Sheet(name, InOrder(workbook.add_worksheet(name)), formats,
                  title=text("title_assumptions"))
    header(sheet, text("driver"), years, text("unit_column"))
    per_person = text("per_person_in", unit=shown)
    for benefit in used_benefits(plan):
        flat = isinstance(plan.unit_costs[benefit], Decimal)
        values = {y: unit_cost(plan, benefit, y) * factor for y in years}
        inputs(sheet, f"cost:{benefit}", names(benefit), per_person, values, years, "cost",
               follow=flat)
    single(sheet, "retention", text("retention_pct"), "%", plan.retention * 100, "pct")
    single(sheet, "work_gain", text("work_gain"), per_person, plan.work_gain * factor, "cost")
    single(sheet, "discount_rate", text("discount_rate_pct"), "%", plan.discount_rate, "pct")
    for key in ("retention", "work_gain", "discount_rate"):
        sheet.define(workbook, key, text(f"name_{key}"), sheet.ref(key, FIRST, absolute=True))
    _groups(sheet, plan, text, names)
    for n in cost_lines(plan):
        line = plan.costs[n]
        inputs(sheet, f"cost:{n}", line.name, text("line_cost", unit=unit), line.amounts,
               years, "input_money")
    for kind, lines in (("other", plan.other_effects), ("known", plan.savings_lines)):
        for n, line in enumerate(lines):
            inputs(sheet, f"{kind}:{n}", line.name, text(f"line_{kind}", unit=unit),
                   line.amounts, years, "input_money")
    if plan.budget is not None:
        inputs(sheet, "budget", text("budget_net"), unit, plan.budget, years, "input_money",
               gaps=True)
    if plan.actuals:
        actual = {y: a.amount for y, a in plan.actuals.items()}
        inputs(sheet, "actual", text("actual_net"), unit, actual, years, "input_money",
               gaps=True)
    return sheet


def _groups(sheet: Sheet, plan: Plan, text: Callable[..., str],
            names: Callable[[str], str]) -> None:
    """Reductions, then deadweights, then outcome shares: each row names its group."""
    for g, group in enumerate(plan.groups):
        inputs(sheet, f"reduction:{g}", text("of_group", what=text("driver_reduction_short"),
                                             group=group.name),
               text("persons_word"), group.reduction, plan.years, "input_persons")
    for g, group in enumerate(plan.groups):
        single(sheet, f"deadweight:{g}", text("of_group", what=text("deadweight_short"),
                                              group=group.name), "%", group.deadweight, "pct")
    for g, group in enumerate(plan.groups):
        for d, destination in enumerate(group.destinations):
            where = names(destination.benefit) if destination.benefit \
                else text("no_benefit_short")
            what = text("share_to", outcome=names(destination.name), benefit=where)
            single(sheet, f"share:{g}:{d}", text("of_group", what=what, group=group.name),
                   text("share_of_reduction"), destination.share, "pct")

