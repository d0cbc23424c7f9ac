"""Each sensitivity driver's contribution to the net by year, as a formula and its value
(the rules are in `kikcalc.present.render.workbook.tornado`'s docstring), and the persons
fewer on each benefit that a unit cost's contribution is made of:

    persons fewer on b (year) = sum over groups of reduction (year) * weight (group, b)
    weight (group, b) = (1 - deadweight) * retention
                        * (all shares if b is the group's own benefit
                           - the shares of the outcomes that land on b) / 100

The weights stand in a block of one row a group and one column a benefit, so a benefit's
persons fewer is one `MMULT` of its column with the reductions, however many groups.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from kikcalc.analysis.contributions import HUNDRED, SELF, Driver
from kikcalc.engine.projection import unit_cost
from kikcalc.engine.results import ZERO, Group
from kikcalc.present.render.workbook.inputs import COST_UNIT
from kikcalc.present.render.workbook.live import Refs
from kikcalc.present.render.workbook.rows import fit_row
from kikcalc.present.render.workbook.savings import saving_formula, scalar
from kikcalc.present.render.workbook.sheet import (
    FIRST,
    YEAR_WIDTH,
    Sheet,
    cell,
    label,
    shown,
    write_array,
)


class Contribution:
    """One driver's contribution by year: its formula and its values; for a deadweight or
    a share, the cell that caps it at 100 % and its value, which the formula reads from
    the cell `V` it is given (`at`)."""

    def __init__(self, formula: str, values: list[Decimal], capped: str | None = None,
                 value: Decimal = ZERO) -> None:
        self.formula, self.values, self.capped, self.value = formula, values, capped, value

    def at(self, v: str) -> str:
        return self.formula.replace("{v}", v)

    def factor(self, change: Decimal) -> Decimal:
        """E(c) = c, or capped min(1 + c, 100 / v) - 1: what the contribution is times."""
        moved = 1 + change / HUNDRED
        if self.capped is None or self.value * moved <= HUNDRED:
            return moved - 1
        return HUNDRED / self.value - 1


def contribution(driver: Driver, refs: Refs, sheet: Sheet,
                 fewer: dict[str, list[Decimal]]) -> Contribution | None:
    """The contribution of `driver`, or None where one formula cannot say it (a deadweight
    or share of two groups of one name, which kikcalc caps each on its own)."""
    plan, inputs, calc, last = refs.plan, refs.inputs, refs.calc, refs.last
    named = refs.named.get(driver.name, [])
    if driver.kind == "investment":
        lines = [n for n, line in enumerate(plan.costs) if line.name == driver.name]
        return Contribution("-(" + "+".join(inputs.span(f"cost:{n}", FIRST, last)
                                            for n in lines) + ")",
                            [-sum((plan.costs[n].amounts.get(y, ZERO) for n in lines), ZERO)
                             for y in plan.years])
    if driver.kind == "unit_cost":
        return _unit_cost(driver.name, refs, sheet, fewer)
    projection = refs.results.projection
    assert projection is not None
    if driver.kind == "reduction":
        return Contribution("(" + "+".join(calc.span(f"saving:{g}", FIRST, last)
                                           for g in named) + ")",
                            [sum((projection.groups[g].total.get(y, ZERO) for g in named),
                                 ZERO) for y in plan.years])
    return _capped(driver, refs, named) if len(named) == 1 else None


def _unit_cost(benefit: str, refs: Refs, sheet: Sheet, fewer: dict[str, list[Decimal]]
               ) -> Contribution | None:
    """The persons fewer on the benefit times its unit cost."""
    if benefit not in fewer:
        return None
    _, factor = COST_UNIT[refs.ctx.unit]
    return Contribution(f"{sheet.span(f'fewer:{benefit}', FIRST, refs.last)}*"
                        f"{refs.inputs.span(f'cost:{benefit}', FIRST, refs.last)}/{factor}",
                        [v * unit_cost(refs.plan, benefit, y) for v, y in
                         zip(fewer[benefit], refs.plan.years, strict=True)])


def _capped(driver: Driver, refs: Refs, named: list[int]) -> Contribution:
    """A deadweight's or a self-sufficiency share's contribution."""
    plan, inputs, calc, last = refs.plan, refs.inputs, refs.calc, refs.last
    projection = refs.results.projection
    assert projection is not None
    g = named[0]
    group, saved, savings = plan.groups[g], projection.groups[g], calc.span(f"saving:{g}",
                                                                               FIRST, last)
    if driver.kind == "deadweight":
        return _deadweight(refs, g, group, saved.per_person, savings)
    d = next(d for d, dest in enumerate(group.destinations) if dest.name.lower() in SELF)
    share, own = "{v}", saved.by_destination[group.destinations[d].name]
    v = group.destinations[d].share
    # the other outcomes make room: (self-sufficient part * 100 - savings * v) / (100 - v)
    values = [own.get(y, ZERO) if v >= HUNDRED else
              (own.get(y, ZERO) * HUNDRED - saved.total.get(y, ZERO) * v) / (HUNDRED - v)
              for y in plan.years]
    _, factor = COST_UNIT[refs.ctx.unit]
    return Contribution(f"{saving_formula(inputs, plan, g, factor, only=d)}"
                        f"*IF({share}<100,100/(100-{share}),1)"
                        f"-{savings}*IF({share}<100,{share}/(100-{share}),0)", values,
                        scalar(inputs, f"share:{g}:{d}"), v)


def _deadweight(refs: Refs, g: int, group: Group, per_person: Mapping[int, Decimal],
                savings: str) -> Contribution:
    """-savings before deadweight * v / 100: the savings times v / (100 - v); at a deadweight
    of 100 % (nothing saved) from the savings formula itself."""
    plan, weight, cap = refs.plan, "{v}", scalar(refs.inputs, f"deadweight:{g}")
    values = [-group.reduction.get(y, ZERO) * plan.retention * per_person.get(y, ZERO)
              * group.deadweight / HUNDRED for y in plan.years]
    if group.deadweight < HUNDRED:
        return Contribution(f"-{savings}*IF({weight}<100,{weight}/(100-{weight}),0)", values,
                            cap, group.deadweight)
    _, factor = COST_UNIT[refs.ctx.unit]
    gross = saving_formula(refs.inputs, plan, g, factor, deadweight=False)
    return Contribution(f"-{gross}*{weight}/100", values, cap, group.deadweight)


def _weight(group: Group, benefit: str) -> Decimal:
    """The shares (in percent / 100) of the group's reduction that leave `benefit`."""
    own = sum((d.share for d in group.destinations), ZERO) if group.benefit == benefit \
        else ZERO
    return (own - sum((d.share for d in group.destinations if d.benefit == benefit), ZERO)) \
        / HUNDRED


def _weight_formula(refs: Refs, g: int, group: Group, benefit: str) -> str:
    inputs = refs.inputs
    shares = [f"share:{g}:{d}" for d in range(len(group.destinations))]
    terms = f"SUM({inputs.column(shares, FIRST)})" if group.benefit == benefit and shares \
        else ""
    for d, destination in enumerate(group.destinations):
        if destination.benefit == benefit:
            terms += f"-{scalar(inputs, f'share:{g}:{d}')}"
    return (f"(1-{scalar(inputs, f'deadweight:{g}')}/100)*{scalar(inputs, 'retention')}/100"
            f"*({terms})/100") if terms else ""


def persons_fewer(sheet: Sheet, refs: Refs, benefits: list[str]) -> dict[str, list[Decimal]]:
    """For each benefit a row `fewer:BENEFIT` of the persons fewer on it by year, and under
    them the block of weights they are made of; returns the persons fewer by year."""
    if not benefits:
        return {}
    plan, ctx, handle, formats = refs.plan, refs.ctx, sheet.handle, sheet.formats
    weights = _weights(refs, benefits)
    top = sheet.row + len(benefits) + 3  # the weights' first row, under their header
    first, last = refs.inputs.cells["reduction:0"], refs.inputs.cells[
        f"reduction:{len(plan.groups) - 1}"]
    reductions = f"{refs.inputs.prefix}{cell(first, FIRST)}:{cell(last, refs.last)}"
    found = {}
    for n, benefit in enumerate(benefits):
        found[benefit] = [sum((plan.groups[g].reduction.get(y, ZERO) * w
                               for g, w in weights[benefit].items()), ZERO) for y in plan.years]
        column = f"{cell(top, FIRST + n)}:{cell(top + len(plan.groups) - 1, FIRST + n)}"
        label(sheet, ctx.text("persons_fewer_total", benefit=ctx.benefit(benefit)), bold=True)
        write_array(handle, sheet.row, FIRST, refs.last,
                    f"MMULT(TRANSPOSE({column}),{reductions})", found[benefit],
                    formats["persons"])
        sheet.cells[f"fewer:{benefit}"] = sheet.row
        sheet.row += 1
    sheet.row += 1
    label(sheet, ctx.text("persons_fewer_title"), bold=True)
    handle.write_string(top - 1, 0, ctx.text("group"), formats["header"])
    for n, benefit in enumerate(benefits):
        handle.write_string(top - 1, FIRST + n, ctx.benefit(benefit), formats["header_right"])
    fit_row(handle, top - 1, [(ctx.benefit(b), YEAR_WIDTH) for b in benefits], bold=True)
    for g, group in enumerate(plan.groups):
        label(sheet, group.name, row=top + g)
        for n, benefit in enumerate(benefits):
            if g in weights[benefit]:
                handle.write_formula(top + g, FIRST + n, "=" + _weight_formula(
                    refs, g, group, benefit), formats["weight"], shown(weights[benefit][g]))
            else:  # (MMULT takes no blank cell)
                handle.write_number(top + g, FIRST + n, 0, formats["weight"])
    sheet.row = top + len(plan.groups)
    return found


def _weights(refs: Refs, benefits: list[str]) -> dict[str, dict[int, Decimal]]:
    """Each benefit's weight for each group that touches it (see the module docstring)."""
    plan, wanted = refs.plan, set(benefits)
    found: dict[str, dict[int, Decimal]] = {b: {} for b in benefits}
    for g, group in enumerate(plan.groups):
        kept = (HUNDRED - group.deadweight) / HUNDRED * plan.retention
        touched = {group.benefit, *(d.benefit for d in group.destinations if d.benefit)}
        for benefit in touched & wanted:
            found[benefit][g] = _weight(group, benefit) * kept
    return found
