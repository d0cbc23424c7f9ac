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

A budget guarantee that lists investment lines (ØVO, mentor) gives back its share of their
spending, from 2026 only up to the room under the ceiling (`cap`): 400,000 kr. of mentor
support in 2025 and 2026 at -1 %, room 150,000 in 2026: 2025 gives back 4,000, 2026 1,500.

>>> from kikcalc.engine.results import CostLine
>>> plan = Plan(2025, 2026, costs=(CostLine("Mentor", "initiatives",
...     {2025: Decimal(400000), 2026: Decimal(400000)}),), retention_rules=(
...     RetentionRule("bg", 0, share=Decimal(-1), lines=("Mentor",),
...                   cap={2026: Decimal(150000)}),))
>>> retention_parts(plan)[0]["bg"]
{2025: Decimal('4000'), 2026: Decimal('1500')}
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from kikcalc.engine.results import Group, Plan, RetentionRule
from kikcalc.model.money import convert
from kikcalc.model.retention import BUDGET_GUARANTEE_CEILING, RetentionByPart, RetentionPart
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
                _book(line, beyond, rule, year, amount)
        for year, amount in lines_part(plan, rule).items():
            _book(line, beyond, rule, year, amount)
    return lines, beyond


def _book(line: dict[int, Decimal], beyond: dict[str, Decimal], rule: RetentionRule,
          year: int, amount: Decimal) -> None:
    if year + rule.lag in line:
        line[year + rule.lag] += amount
    else:
        beyond[rule.name] = beyond.get(rule.name, ZERO) + amount


def lines_part(plan: Plan, rule: RetentionRule) -> dict[int, Decimal]:
    """What a part that follows investment lines books for their spending, by the year
    spent (before lag): its share of the spending that counts, the whole of it, or, where
    the year has a cap, no more than the cap. More spending is a fall in spending of minus
    it, so a share of -1 % gives back +1 % of it."""
    if not rule.lines or rule.share is None:
        return {}
    out: dict[int, Decimal] = {}
    for year in plan.years:
        spent = sum((c.amounts.get(year, ZERO) for c in plan.costs if c.name in rule.lines),
                    ZERO)
        counted = min(spent, rule.cap[year]) if year in rule.cap else spent
        if counted:
            out[year] = -counted * rule.share / HUNDRED
    return out


def ceiling_cap(part: RetentionPart, years: range, target: str) -> dict[int, Decimal]:
    """The room under the budget guarantee's ceiling by year from its first year (in
    `target` units): the file's full-time persons x the ceiling per person (the file's own
    or the catalogue's, the last year given carried on) less its spending without the
    strategy; 0 where the file gives neither, the ASSUMPTION that the municipality is at or
    above the ceiling already.

    1,000 full-time persons x 10,602 = 10,602,000 kr. of room, less 10,452,000 spent:
    150,000 kr. counts of the strategy's ØVO and mentor spending that year."""
    rule = BUDGET_GUARANTEE_CEILING
    data = part.ceiling
    amounts = {**rule.per_person, **(data.per_person if data else {})}
    cap: dict[int, Decimal] = {}
    for year in years:
        if year < rule.first_year:
            continue
        known = [y for y in amounts if y <= year]
        if data is None or year not in data.persons or year not in data.spent or not known:
            cap[year] = ZERO
            continue
        per_person = convert(amounts[max(known)], "kr.", target)
        room = data.persons[year] * per_person - convert(data.spent[year], part.unit, target)
        cap[year] = max(room, ZERO)
    return cap


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
    years = range(strategy.period.start, strategy.period.end + 1)
    return tuple(RetentionRule(
        part.name, part.lag,
        convert(part.per_person, part.unit, target) if part.per_person is not None else None,
        part.share, tuple(part.benefits), tuple(part.lines),
        ceiling_cap(part, years, target) if part.lines else {}) for part in kept.parts)


def work_gain(strategy: Strategy, target: str) -> Decimal:
    kept = strategy.retention
    if isinstance(kept, RetentionParts):
        return convert(kept.tax, kept.unit, target)
    return Decimal(0)
