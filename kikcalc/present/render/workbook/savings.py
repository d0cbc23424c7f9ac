"""A target group's savings as one array formula over its years, from the assumptions sheet:

    saving(group, year) = reduction * (1 - deadweight/100) * retention/100
                          * sum over outcomes of share/100 * (cost(group) - cost(outcome))

(leaving support for work "costs" minus the tax the person then pays, 0 unless declared),
exactly as `kikcalc.engine.projection.group_savings`. The ranges are taken column by column,
so `{=reduction C:V * ...}` holds each year's value in its own cell: one formula for
xlsxwriter to prepare instead of one a year.
"""

from __future__ import annotations

from kikcalc.engine.results import Plan
from kikcalc.present.render.workbook.sheet import FIRST, Sheet


def scalar(inputs: Sheet, key: str) -> str:
    """The assumption `key` of one cell: by its name if it has one (`Fastholdelse`)."""
    return inputs.names.get(key) or inputs.ref(key, FIRST, absolute=True)


def saving_formula(inputs: Sheet, plan: Plan, g: int, factor: int, *,
                   deadweight: bool = True, only: int | None = None) -> str:
    """The array formula (without `{=}`) of group `g`'s savings over the years; without
    the deadweight's share taken off (`deadweight=False`), or of one outcome (`only`)."""
    group, last = plan.groups[g], FIRST + len(plan.years) - 1
    own = inputs.span(f"cost:{group.benefit}", FIRST, last)
    work_gain = f"+{scalar(inputs, 'work_gain')}"  # leaving for work: tax gained
    parts = "+".join(
        f"{scalar(inputs, f'share:{g}:{d}')}/100*({own}"
        f"{'-' + inputs.span(f'cost:{dest.benefit}', FIRST, last) if dest.benefit else work_gain})"
        for d, dest in enumerate(group.destinations) if only is None or d == only) or "0"
    kept = f"{scalar(inputs, 'retention')}/100"
    if deadweight:
        kept = f"(1-{scalar(inputs, f'deadweight:{g}')}/100)*{kept}"
    return f"{inputs.span(f'reduction:{g}', FIRST, last)}*{kept}*({parts})/{factor}"


def outcome_savings(inputs: Sheet, plan: Plan, g: int, persons: str, ones: str, factor: int
                    ) -> str:
    """The savings over the period of each of group `g`'s outcomes, one under the other,
    from their persons by year (a block of one row an outcome):
    ``sum(persons * (cost(group) - cost(outcome))) * (1 - deadweight) * retention``. The
    outcomes' costs are stacked into a block by `CHOOSE({1;2;3}, ...)`; leaving support
    for work "costs" minus the tax then paid; `ones` is a column of ones, one a year."""
    group, last = plan.groups[g], FIRST + len(plan.years) - 1
    costs = [inputs.span(f"cost:{d.benefit}", FIRST, last) if d.benefit
             else f"-{scalar(inputs, 'work_gain')}" for d in group.destinations]
    stacked = costs[0] if len(costs) == 1 else \
        "CHOOSE({" + ";".join(str(n) for n in range(1, len(costs) + 1)) + "}," + \
        ",".join(costs) + ")"
    return (f"MMULT({persons}*({inputs.span(f'cost:{group.benefit}', FIRST, last)}"
            f"-{stacked}),{ones})"
            f"*(1-{scalar(inputs, f'deadweight:{g}')}/100)*{scalar(inputs, 'retention')}/100"
            f"/{factor}")
