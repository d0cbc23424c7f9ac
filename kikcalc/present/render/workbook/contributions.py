"""Each sensitivity driver's contribution to the net by year, as a formula and its value
(the formulas are in `kikcalc.present.render.workbook.tornado`'s docstring), and the persons
fewer on each benefit that a unit cost's contribution is made of:

    persons fewer on b = sum over groups of reduction * (1 - deadweight) * retention
                         * (all shares if b is the group's own benefit
                            - the shares of the outcomes that land on b) / 100
"""

from __future__ import annotations

from decimal import Decimal

from kikcalc.analysis.contributions import HUNDRED, SELF, Driver
from kikcalc.engine.projection import unit_cost
from kikcalc.engine.results import ZERO, Group
from kikcalc.present.render.workbook.inputs import COST_UNIT
from kikcalc.present.render.workbook.live import Refs
from kikcalc.present.render.workbook.savings import kept_persons, saving_formula, scalar
from kikcalc.present.render.workbook.sheet import FIRST, Sheet, array, cell, label


class Contribution:
    """One driver's contribution by year: its formula, its values, and the cell of the
    deadweight or share that caps it (None: it scales without a cap)."""

    def __init__(self, formula: str, values: list[Decimal], capped: str | None = None) -> None:
        self.formula, self.values, self.capped = formula, values, capped

    def scale(self, change: str) -> str:
        """E(c) for a change in percent (a number, or a row of them: `{-25,-10,10,25}`)."""
        if self.capped is None:
            return f"{change}/100"
        v, moved = self.capped, f"{self.capped}*(1+{change}/100)"
        return f"IF({v}>0,IF({moved}>100,100,{moved})/{v}-1,0)"


def contribution(driver: Driver, refs: Refs, sheet: Sheet) -> Contribution | None:
    """The contribution of `driver`, or None where one formula cannot say it (a deadweight
    or share of two groups of one name, which kikcalc caps each on its own)."""
    plan, inputs, calc = refs.plan, refs.inputs, refs.calc
    years, last = plan.years, refs.last
    named = [g for g, group in enumerate(plan.groups) if group.name == driver.name]
    if driver.kind == "investment":
        lines = [n for n, line in enumerate(plan.costs) if line.name == driver.name]
        return Contribution("-(" + "+".join(inputs.span(f"cost:{n}", FIRST, last)
                                            for n in lines) + ")",
                            [-sum((plan.costs[n].amounts.get(y, ZERO) for n in lines), ZERO)
                             for y in years])
    if driver.kind == "unit_cost":
        if f"fewer:{driver.name}" not in sheet.cells:
            return None
        _, factor = COST_UNIT[refs.ctx.unit]
        values = [v * unit_cost(plan, driver.name, y) for v, y in
                  zip(_values(refs, driver.name), years, strict=True)]
        return Contribution(f"{sheet.span(f'fewer:{driver.name}', FIRST, last)}*"
                            f"{inputs.span(f'cost:{driver.name}', FIRST, last)}/{factor}",
                            values)
    projection = refs.results.projection
    assert projection is not None
    if driver.kind == "reduction":
        return Contribution("(" + "+".join(calc.span(f"saving:{g}", FIRST, last)
                                           for g in named) + ")",
                            [sum((projection.groups[g].total.get(y, ZERO) for g in named),
                                 ZERO) for y in years])
    if len(named) != 1:
        return None
    g = named[0]
    group, saved = plan.groups[g], projection.groups[g]
    _, factor = COST_UNIT[refs.ctx.unit]
    if driver.kind == "deadweight":
        weight = scalar(inputs, f"deadweight:{g}")
        gross = [group.reduction.get(y, ZERO) * plan.retention * saved.per_person.get(y, ZERO)
                 for y in years]
        return Contribution(f"-{saving_formula(inputs, plan, g, factor, deadweight=False)}"
                            f"*{weight}/100", [-v * group.deadweight / HUNDRED for v in gross],
                            weight)
    d = next(d for d, dest in enumerate(group.destinations) if dest.name.lower() in SELF)
    share, own = scalar(inputs, f"share:{g}:{d}"), group.destinations[d]
    self_part = saving_formula(inputs, plan, g, factor, only=d)
    total = calc.span(f"saving:{g}", FIRST, last)
    values = [saved.by_destination[own.name].get(y, ZERO) if own.share >= HUNDRED else
              (saved.by_destination[own.name].get(y, ZERO) * HUNDRED
               - saved.total.get(y, ZERO) * own.share) / (HUNDRED - own.share) for y in years]
    return Contribution(f"IF({share}>=100,{self_part},({self_part}*100-{total}*{share})"
                        f"/(100-{share}))", values, share)


def _values(refs: Refs, benefit: str) -> list[Decimal]:
    plan = refs.plan
    return [sum((_kept(plan.retention, group, y) * _coefficient(group, benefit)
                 for group in plan.groups), ZERO) for y in plan.years]


def _kept(retention: Decimal, group: Group, year: int) -> Decimal:
    return group.reduction.get(year, ZERO) * (HUNDRED - group.deadweight) / HUNDRED * retention


def _coefficient(group: Group, benefit: str) -> Decimal:
    """The share of the group's reduction that leaves `benefit` on balance, in percent
    divided by 100."""
    own = sum((d.share for d in group.destinations), ZERO) if group.benefit == benefit \
        else ZERO
    return (own - sum((d.share for d in group.destinations if d.benefit == benefit), ZERO)) \
        / HUNDRED


def persons_fewer(sheet: Sheet, refs: Refs, benefits: list[str]) -> None:
    """For each benefit, a row `fewer:BENEFIT` of the persons fewer on it by year, summed
    (`SUMIF` on the benefit's number in column B) from one row per group that touches it."""
    if not benefits:
        return
    plan, inputs, ctx = refs.plan, refs.inputs, refs.ctx
    label(sheet, ctx.text("persons_fewer_title"), bold=True)
    sheet.row += 1
    first = sheet.row
    for number, benefit in enumerate(benefits, start=1):
        for g, group in enumerate(plan.groups):
            terms = _terms(refs, g, group, benefit)
            if not terms:
                continue
            values = [_kept(plan.retention, group, y) * _coefficient(group, benefit)
                      for y in plan.years]
            array(sheet, f"fewer:{benefit}:{g}", ctx.text(
                "persons_fewer_on", benefit=ctx.benefit(benefit), group=group.name),
                FIRST, refs.last, f"{kept_persons(inputs, plan, g)}*({terms})/100", values,
                "persons")
            sheet.handle.write_number(sheet.row - 1, 1, number, sheet.formats["key"])
    end = sheet.row - 1
    keys = f"{cell(first, 1, absolute=True)}:{cell(end, 1, absolute=True)}"
    for number, benefit in enumerate(benefits, start=1):
        label(sheet, ctx.text("persons_fewer_total", benefit=ctx.benefit(benefit)), bold=True)
        for col, value in enumerate(_values(refs, benefit), start=FIRST):
            sheet.handle.write_formula(
                sheet.row, col, f"=SUMIF({keys},{number},{cell(first, col)}:{cell(end, col)})",
                sheet.formats["persons"], float(value))
        sheet.cells[f"fewer:{benefit}"] = sheet.row
        sheet.row += 1


def _terms(refs: Refs, g: int, group: Group, benefit: str) -> str:
    """The shares (in percent) of group `g` that leave `benefit` on balance, as a formula."""
    shares = [f"share:{g}:{d}" for d in range(len(group.destinations))]
    terms = f"SUM({refs.inputs.column(shares, FIRST)})" if group.benefit == benefit and shares \
        else ""
    for d, destination in enumerate(group.destinations):
        if destination.benefit == benefit:
            terms += f"-{scalar(refs.inputs, f'share:{g}:{d}')}"
    return terms
