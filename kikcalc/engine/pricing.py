"""Prices of a unit cost that both the municipality's net and the other actors' views need:
a flat amount indexed from the price year by its kind, and a gross on a refusion ladder as
a net cost per full-year person (by year where the gross or the ladder changes)."""

from __future__ import annotations

from decimal import Decimal

from kikcalc.engine.drivers import index_factor
from kikcalc.engine.ladder import ladder_in_force, net_of_ladder, steps_of
from kikcalc.model.costs import SpellCost
from kikcalc.model.indexation import IndexKind
from kikcalc.model.money import convert
from kikcalc.model.schema import Strategy


def indexed(value: Decimal, strategy: Strategy, kind: IndexKind = "benefits"
             ) -> Decimal | dict[int, Decimal]:
    """A flat amount in `price_year` prices, year by year when the file indexes its kind:
    benefits by the satsreguleringsprocent, wages by the wage index, other prices by PL
    (each its own `indexation` block, else the simple form)."""
    indexation, price_year = strategy.indexation, strategy.price_year
    rule = indexation.rule(kind) if indexation is not None else None
    if rule is None or price_year is None:
        return value
    return {year: value * index_factor(year, price_year, rule.rate, rule.index)
            for year in range(strategy.period.start, strategy.period.end + 1)}


def spell_cost(cost: SpellCost, strategy: Strategy, source: str, target: str
               ) -> Decimal | dict[int, Decimal]:
    """A gross cost on a refusion ladder as a net cost per full-year person in `target`
    units: one figure (indexed from the price year) when both the gross and the ladder are
    one for every year, else a figure for each year of the period that has a gross and a
    ladder (a year without is left out: the rules report it, K126 or K150)."""
    first, last = cost.weeks
    by_year = isinstance(cost.gross, dict) or isinstance(cost.ladder, dict)
    if not by_year:
        assert isinstance(cost.gross, Decimal)
        steps = steps_of(_own_steps(cost.ladder))
        if steps is None:
            return {}
        net = net_of_ladder(cost.gross, steps, first, last, cost.weeks_before,
                            cost.self_supported_weeks)
        return indexed(convert(net, source, target), strategy)
    out: dict[int, Decimal] = {}
    # a flat gross moves from the price year as a flat unit cost does; by year it is given
    grosses = cost.gross if isinstance(cost.gross, dict) else indexed(cost.gross, strategy)
    for year in range(strategy.period.start, strategy.period.end + 1):
        gross = grosses.get(year) if isinstance(grosses, dict) else grosses
        named = ladder_in_force(cost.ladder, year) if isinstance(cost.ladder, dict) \
            else cost.ladder
        steps = steps_of(_own_steps(named)) if named is not None else None
        if gross is not None and steps is not None:
            out[year] = convert(net_of_ladder(gross, steps, first, last, cost.weeks_before,
                                              cost.self_supported_weeks), source, target)
    return out


def _own_steps(ladder: object) -> str | list[tuple[int, Decimal]]:
    """A ladder's name as it is, or the file's steps as (first week, refusion) pairs."""
    if isinstance(ladder, list):
        return [(step.from_week, step.refusion) for step in ladder]
    assert isinstance(ladder, str)
    return ladder
