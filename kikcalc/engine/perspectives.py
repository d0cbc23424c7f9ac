"""Who pays and who saves: each actor's saving from a strategy's reductions, the same way
the municipality's is made, from the actor's own cost per full-year person on each benefit.

For an actor with cost v(b) on benefit b and gain w per person in work, a group's
saving in a year is ``persons x (1 - deadweight) x sum over outcomes of share x (v(left)
- v(landed))``, with v(work) = -w. Unknown costs count 0: an actor counts only what the
file gives it. Retention does not apply: udligning moves money between municipalities,
not between the actors (SØM's rule: after refusion, without udligning).

Worked example (kr.): 10 full-year persons fewer on kontanthjælp, 80 % into work, 20 % to
fleksjob; the state pays 26,000 a person on kontanthjælp and 88,000 on fleksjob, and gains
60,000 in tax a person in work: 10 x (0.8 x (26,000 + 60,000) + 0.2 x (26,000 - 88,000))
= 10 x (68,800 - 12,400) = 564,000 a year.

>>> from kikcalc.engine.results import Destination, Group, Plan
>>> plan = Plan(2025, 2025, groups=(Group("g", "kh", {2025: Decimal(10)}, (
...     Destination("selvforsorgelse", Decimal(80), None),
...     Destination("fleksjob", Decimal(20), "fj"))),))
>>> actor_savings(plan, {"kh": Decimal(26000), "fj": Decimal(88000)}, Decimal(60000))
{2025: Decimal('564000.0')}
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from kikcalc.engine.drivers import net_of_refusion
from kikcalc.engine.ladder import net_of_ladder, steps_of
from kikcalc.engine.results import Plan
from kikcalc.model.costs import GrossCost, SpellCost
from kikcalc.model.money import convert
from kikcalc.model.perspectives import ACTORS, signed_costs
from kikcalc.model.schema import Strategy

ZERO, HUNDRED = Decimal(0), Decimal(100)


def actor_savings(plan: Plan, costs: Mapping[str, Decimal], work: Decimal = ZERO
                  ) -> dict[int, Decimal]:
    """An actor's saving by year (+ = gain for the actor)."""
    out = dict.fromkeys(plan.years, ZERO)
    for group in plan.groups:
        kept = (HUNDRED - group.deadweight) / HUNDRED
        left = costs.get(group.benefit, ZERO)
        per_person = sum((d.share / HUNDRED * (left - (-work if d.benefit is None
                                                       else costs.get(d.benefit, ZERO)))
                          for d in group.destinations), ZERO)
        for year in plan.years:
            out[year] += group.reduction.get(year, ZERO) * kept * per_person
    return out


def perspective_lines(plan: Plan) -> dict[str, dict[int, Decimal]]:
    """The municipality's activation and casework saved ("measures"), and each other
    actor's saving, by year; empty when the file has no perspectives."""
    lines: dict[str, dict[int, Decimal]] = {}
    if plan.measures:
        lines["measures"] = actor_savings(plan, plan.measures)
    for actor, (costs, work) in plan.actors.items():
        lines[actor] = actor_savings(plan, costs, work)
    return lines


def plan_perspectives(strategy: Strategy, target: str
                      ) -> tuple[dict[str, Decimal], dict[str, tuple[dict[str, Decimal], Decimal]]]:
    """The file's perspectives in `target` units: the municipality's measures by benefit,
    and each other actor's costs by benefit with its gain per person in work. The state's
    cost on a benefit priced gross is its refusion, gross - net, unless the file gives it
    (sygedagpenge 180,000 gross at 50 % refusion: 90,000 to the state)."""
    found = strategy.perspectives
    if found is None:
        return {}, {}
    unit = found.unit
    measures = {b: convert(v, unit, target) for b, v in (
        found.measures.items() if isinstance(found.measures, dict) else ())}
    actors: dict[str, tuple[dict[str, Decimal], Decimal]] = {}
    for actor in ACTORS:
        costs = {b: convert(v, unit, target) for b, v in signed_costs(found, actor).items()}
        if actor == "stat":
            costs = {**_refusions(strategy, target), **costs}
        work = found.work.get(actor)  # type: ignore[call-overload]
        if costs or work is not None:
            gain = convert(work, unit, target) if work is not None else ZERO
            actors[actor] = (costs, gain)
    return measures, actors


def _refusions(strategy: Strategy, target: str) -> dict[str, Decimal]:
    """The state's refusion per full-year person on each benefit the file prices gross
    (one figure for every year; a gross or ladder by year is left to the file)."""
    if strategy.unit_costs is None:
        return {}
    unit = strategy.unit_costs.unit
    out: dict[str, Decimal] = {}
    for benefit, cost in strategy.unit_costs.benefits.items():
        if isinstance(cost, GrossCost):
            net = net_of_refusion(cost.gross, cost.refusion, cost.duration_mix)
            out[benefit] = convert(cost.gross - net, unit, target)
        elif isinstance(cost, SpellCost) and isinstance(cost.gross, Decimal) \
                and not isinstance(cost.ladder, dict):
            steps = steps_of(cost.ladder if isinstance(cost.ladder, str) else
                             [(s.from_week, s.refusion) for s in cost.ladder])
            first, last = cost.weeks
            if steps is not None and first <= last:
                net = net_of_ladder(cost.gross, steps, first, last, cost.weeks_before,
                                    cost.self_supported_weeks)
                out[benefit] = convert(cost.gross - net, unit, target)
    return out
