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
from kikcalc.engine.pricing import indexed, spell_cost
from kikcalc.engine.results import Plan
from kikcalc.model.costs import GrossCost, RateCost, SpellCost
from kikcalc.model.money import convert
from kikcalc.model.perspectives import ACTORS, signed_costs
from kikcalc.model.rates import RATES, rate_month
from kikcalc.model.schema import Strategy

ZERO, HUNDRED = Decimal(0), Decimal(100)


Cost = Decimal | Mapping[int, Decimal]  # one figure, or one for each year


def actor_savings(plan: Plan, costs: Mapping[str, Cost], work: Decimal = ZERO
                  ) -> dict[int, Decimal]:
    """An actor's saving by year (+ = gain for the actor); a cost by year counts 0 in a
    year it does not give."""
    def cost(benefit: str | None, year: int) -> Decimal:
        if benefit is None:
            return -work
        value = costs.get(benefit, ZERO)
        return value.get(year, ZERO) if isinstance(value, Mapping) else value

    out = dict.fromkeys(plan.years, ZERO)
    for group in plan.groups:
        kept = (HUNDRED - group.deadweight) / HUNDRED
        for year in plan.years:
            persons = group.reduction.get(year, ZERO)
            if not persons:
                continue
            per_person = sum((d.share / HUNDRED * (cost(group.benefit, year)
                                                   - cost(d.benefit, year))
                              for d in group.destinations), ZERO)
            out[year] += persons * kept * per_person
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
                      ) -> tuple[dict[str, Decimal], dict[str, tuple[dict[str, Cost], Decimal]]]:
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
    actors: dict[str, tuple[dict[str, Cost], Decimal]] = {}
    for actor in ACTORS:
        costs: dict[str, Cost] = {b: convert(v, unit, target)
                                  for b, v in signed_costs(found, actor).items()}
        if actor == "stat":
            costs = {**_refusions(strategy, target), **costs}
        work = found.work.get(actor)  # type: ignore[call-overload]
        if costs or work is not None:
            gain = convert(work, unit, target) if work is not None else ZERO
            actors[actor] = (costs, gain)
    return measures, actors


def _refusions(strategy: Strategy, target: str
               ) -> dict[str, Decimal | dict[int, Decimal]]:
    """The state's refusion per full-year person on each benefit the file prices gross, as
    the municipality's net is made: gross - net, indexed as the net is; by year where the
    gross or the ladder changes by year (sygedagpenge 180,000 gross on weeks 31-40: 90,000
    a year to the state in 2009-2010 at 50 %, 54,000 from 2011 at 30 %); a catalogue rate
    the mean of its months, each 12 x the monthly rate x its refusion share."""
    if strategy.unit_costs is None:
        return {}
    unit = strategy.unit_costs.unit
    out: dict[str, Decimal | dict[int, Decimal]] = {}
    for benefit, cost in strategy.unit_costs.benefits.items():
        if isinstance(cost, GrossCost):
            net = net_of_refusion(cost.gross, cost.refusion, cost.duration_mix)
            out[benefit] = indexed(convert(cost.gross - net, unit, target), strategy)
        elif isinstance(cost, SpellCost):
            gross = _spell_gross(cost, strategy, unit, target)
            net = spell_cost(cost, strategy, unit, target)
            if isinstance(gross, dict) or isinstance(net, dict):
                out[benefit] = {y: _at(gross, y) - _at(net, y) for y in _years(strategy)
                                if _has(gross, y) and _has(net, y)}
            else:
                out[benefit] = gross - net
        elif isinstance(cost, RateCost):
            out[benefit] = _rate_refusion(cost, strategy, target)
    return out


def _years(strategy: Strategy) -> range:
    return range(strategy.period.start, strategy.period.end + 1)


def _at(value: Decimal | Mapping[int, Decimal], year: int) -> Decimal:
    return value[year] if isinstance(value, Mapping) else value


def _has(value: Decimal | Mapping[int, Decimal], year: int) -> bool:
    return not isinstance(value, Mapping) or year in value


def _spell_gross(cost: SpellCost, strategy: Strategy, source: str, target: str
                 ) -> Decimal | dict[int, Decimal]:
    """The gross of a spell cost as `spell_cost` prices it: a flat gross indexed from the
    price year, a gross by year as given."""
    if isinstance(cost.gross, dict):
        return {y: convert(g, source, target) for y, g in cost.gross.items()}
    return indexed(convert(cost.gross, source, target), strategy)


def _rate_refusion(cost: RateCost, strategy: Strategy, target: str) -> dict[int, Decimal]:
    """The state's part of a catalogue rate by year: the mean over the year's months of
    12 x the monthly rate less the municipal net; a year with a month the catalogue does
    not price is left out (the rules report it where a group needs that year)."""
    out: dict[int, Decimal] = {}
    for year in _years(strategy):
        parts = []
        for month in range(1, 13):
            monthly = rate_month(cost.rate, year, month) if cost.rate in RATES else None
            if monthly is None:
                break
            net = net_of_refusion(monthly * 12, cost.refusion, cost.duration_mix)
            parts.append(convert(monthly * 12 - net, "kr.", target))
        if len(parts) == 12:
            out[year] = sum(parts, ZERO) / 12
    return out
