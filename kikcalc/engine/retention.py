"""Retention by its parts: each part where it applies, in the year it reaches the budget.

For each group, year and outcome, with the persons after deadweight and the outcome's
share: a part per person (tax, udligning) applies only to outcomes that end in work; a
part that is a percent of spending applies to the change in spending on the benefits it
lists (the benefit the group leaves, less the benefit the outcome lands on), so an extra
expense counts only where the part lists its benefit. Each amount is booked `lag` years
later; what falls after the period is kept apart, not lost silently.

Worked example (kr.; the parliament's parts): 10 full-year persons from kontanthjælp
(68,200) into work in 2025, tax +30,000 and udligning -23,400 per person, both 3 years
later: 2025 saves 682,000; 2028 gains 10 x (30,000 - 23,400) = 66,000.

>>> from kikcalc.engine.results import Destination, Group, Plan, RetentionRule
>>> plan = Plan(2025, 2028, groups=(Group("g", "kh", {2025: Decimal(10)},
...     (Destination("selvforsorgelse", Decimal(100), None),)),),
...     unit_costs={"kh": Decimal(68200)}, retention_rules=(
...     RetentionRule("skat", 3, per_person=Decimal(30000)),
...     RetentionRule("udligning", 3, per_person=Decimal(-23400))))
>>> lines, beyond = retention_parts(plan)
>>> lines["skat"][2028] + lines["udligning"][2028], beyond
(Decimal('66000'), {})
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from kikcalc.engine.results import Group, Plan, RetentionRule
from kikcalc.model.money import convert
from kikcalc.model.retention import RetentionByPart
from kikcalc.model.schema import RetentionParts, Strategy

ZERO, HUNDRED = Decimal(0), Decimal(100)


def _cost(plan: Plan, benefit: str | None, year: int) -> Decimal:
    if benefit is None:
        return ZERO
    cost = plan.unit_costs[benefit]
    return cost[year] if isinstance(cost, Mapping) else cost


def part_per_person(plan: Plan, group: Group, rule: RetentionRule, year: int) -> Decimal:
    """What one full-year person fewer of `group` brings through `rule` (before deadweight
    and lag), over the group's outcomes by their shares.

    Kontanthjælp 100,000 kr., 80 % into work and 20 % to fleksjob (120,000): a tax part of
    30,000 per person into work gives 0.8 x 30,000 = 24,000; a budget guarantee of -1 % on
    kontanthjælp and fleksjob gives -1 % x (100,000 - 0.2 x 120,000) = -760."""
    total = ZERO
    for d in group.destinations:
        share = d.share / HUNDRED
        if rule.per_person is not None:
            if d.benefit is None:
                total += share * rule.per_person
            continue
        left = _cost(plan, group.benefit, year) if group.benefit in rule.benefits else ZERO
        landed = _cost(plan, d.benefit, year) if d.benefit in rule.benefits else ZERO
        total += share * (left - landed) * (rule.share or ZERO) / HUNDRED
    return total


def retention_parts(plan: Plan) -> tuple[dict[str, dict[int, Decimal]], dict[str, Decimal]]:
    """Each part by the year it reaches the budget, and what it books after the period."""
    lines: dict[str, dict[int, Decimal]] = {}
    beyond: dict[str, Decimal] = {}
    for rule in plan.retention_rules:
        line = lines.setdefault(rule.name, dict.fromkeys(plan.years, ZERO))
        for group in plan.groups:
            kept = (HUNDRED - group.deadweight) / HUNDRED
            for year in plan.years:
                persons = group.reduction.get(year, ZERO)
                if not persons:
                    continue
                amount = persons * kept * part_per_person(plan, group, rule, year)
                if year + rule.lag in line:
                    line[year + rule.lag] += amount
                else:
                    beyond[rule.name] = beyond.get(rule.name, ZERO) + amount
    return lines, beyond


def retention_share(strategy: Strategy) -> Decimal:
    """The share of savings the municipality keeps: the file's percent, or from its parts
    (avoided + tax + udligning) / (avoided + tax); 100 % when left out.

    Parliament's answer: (68,200 + 30,000 - 23,400) / (68,200 + 30,000) = 74,800 / 98,200.
    """
    kept = strategy.retention
    if kept is None:
        return Decimal(1)
    if isinstance(kept, RetentionParts):
        gross = kept.avoided_spending + kept.tax
        return (gross + kept.udligning) / gross
    if isinstance(kept, RetentionByPart):
        return Decimal(1)  # each part is its own line, where it applies
    return kept / HUNDRED


def retention_rules(strategy: Strategy, target: str) -> tuple[RetentionRule, ...]:
    """The parts of a retention given by parts, amounts in `target` units."""
    kept = strategy.retention
    if not isinstance(kept, RetentionByPart):
        return ()
    return tuple(RetentionRule(
        part.name, part.lag,
        convert(part.per_person, part.unit, target) if part.per_person is not None else None,
        part.share, tuple(part.benefits)) for part in kept.parts)


def work_gain(strategy: Strategy, target: str) -> Decimal:
    kept = strategy.retention
    if isinstance(kept, RetentionParts):
        return convert(kept.tax, kept.unit, target)
    return Decimal(0)
