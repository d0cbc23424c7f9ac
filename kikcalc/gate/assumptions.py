"""K228: an assumption of the savings changed from the base so that the net looks better.

A cut shows as a fall of the cumulative net (K221). A proposal can pay for it, without a
visible price, by making the savings it claims larger: retention raised (or one of its
parts raised, or its lag shortened), deadweight lowered, the outcome shares moved to a
cheaper outcome, a unit cost the file writes itself changed, or a new or raised amount
claimed (`savings`, `other_effects`). Which of these is right is a judgment the gate
cannot make, so, as for new income (K226) and the indexation (K227), each such change is
a finding unless the base's policy sets `allow_assumption_change = true`.

Judged by what the change does, not by its form (retention is a percent, three amounts or
parts with a lag; a unit cost is a number, a series or a gross cost): the proposal is
evaluated once more with that one assumption put back as the base has it, everything else
as proposed. When the proposal's cumulative net is higher in any year of its period than
with the base's assumption, the change raised the savings: K228, at the changed line. A
change that lowers the savings (more conservative) passes. When the base's assumption no
longer fits the proposal (outcomes naming a benefit the proposal dropped), the change
cannot be judged by its effect and is a finding too.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from kikcalc.engine.plan import convert
from kikcalc.evaluation.evaluated import evaluate_loaded
from kikcalc.gate.policy import Policy
from kikcalc.loading.strategy import Loaded
from kikcalc.model.message import Amount, Message, message
from kikcalc.model.schema import Strategy
from kikcalc.reading.strict_yaml import Path
from kikcalc.text.formatting import round_half_up

#: an assumption put back as the base has it: where it stands in the proposal, how the
#: finding names it, and the proposal with the base's value
Trial = tuple[Path, str, Strategy]


def _groups(base: Strategy, new: Strategy) -> Iterator[Trial]:
    """Deadweight and outcomes of each group the base has under the same name."""
    old = {g.name: g for g in base.target_groups}
    for i, group in enumerate(new.target_groups):
        was = old.get(group.name)
        if was is None:
            continue  # a new group is new reductions, judged by the net (K221)
        for key in ("deadweight", "outcomes"):
            if getattr(was, key) != getattr(group, key):
                groups = list(new.target_groups)
                groups[i] = group.model_copy(update={key: getattr(was, key)})
                yield (("target_groups", i, key), f"target_groups '{group.name}' {key}",
                       new.model_copy(update={"target_groups": groups}))


def _unit_costs(base: Strategy, new: Strategy, written: set[Path]) -> Iterator[Trial]:
    """Each unit cost the file writes itself (not one a budget table gives: a table edit
    is judged as the table's); the whole block when the table or the unit changes."""
    old, now = base.unit_costs, new.unit_costs
    if old is None or now is None:
        return  # added: outcomes then name it, judged there; removed: nothing claimed
    if old.from_table != now.from_table or old.unit != now.unit:
        yield (("unit_costs",), "unit_costs", new.model_copy(update={"unit_costs": old}))
        return
    before = old.benefits
    for key, value in now.benefits.items():
        if ("unit_costs", key) in written and key in before and before[key] != value:
            yield (("unit_costs", key), f"unit_costs {key}", new.model_copy(
                update={"unit_costs": now.model_copy(update={key: before[key]})}))


def _amounts(base: Strategy, new: Strategy) -> Iterator[Trial]:
    """Each `savings` and `other_effects` line, by name, new or changed (the base's
    amounts converted to the proposal's unit)."""
    for block in ("savings", "other_effects"):
        old = {line.name: line for line in getattr(base, block)}
        lines = list(getattr(new, block))
        for i, line in enumerate(lines):
            was = old.get(line.name)
            if was is not None:
                was = was.model_copy(update={"by_year": {
                    y: convert(v, base.unit, new.unit) for y, v in was.by_year.items()}})
                if was.by_year == line.by_year:
                    continue
            put_back = lines[:i] + ([was] if was is not None else []) + lines[i + 1:]
            yield ((block, i), f"{block} '{line.name}'",
                   new.model_copy(update={block: put_back}))


def trials(base: Loaded, proposal: Loaded) -> Iterator[Trial]:
    """Every assumption of the savings the proposal changes, put back one at a time."""
    old, new = base.strategy, proposal.strategy
    if old.retention != new.retention:
        yield ("retention",), "retention", new.model_copy(update={"retention": old.retention})
    yield from _groups(old, new)
    yield from _unit_costs(old, new, set(proposal.positions.keys))
    yield from _amounts(old, new)


def _cumulative(loaded: Loaded, strategy: Strategy) -> dict[int, Decimal] | None:
    """The cumulative net by year, in the file's unit; None when it cannot be evaluated."""
    try:
        evaluated = evaluate_loaded(Loaded(loaded.file, strategy, loaded.positions))
    except (ArithmeticError, LookupError, TypeError, ValueError):
        return None  # the base's assumption does not fit the rest of the proposal
    projection = evaluated.results.projection
    return dict(projection.cumulative) if projection is not None else {}


def _shown(value: Decimal, other: Decimal, unit: str) -> Amount:
    places = next((p for p in range(2, 12)
                   if round_half_up(value, p) != round_half_up(other, p)), 12)
    return Amount(round_half_up(value, places).normalize(), unit)


def assumptions_changed(base: Loaded, proposal: Loaded, policy: Policy
                        ) -> list[tuple[Message, Path]]:
    """K228 for each assumption whose change raises the proposal's cumulative net in some
    year, with where it stands in the proposal."""
    if policy.allow_assumption_change:
        return []
    now = _cumulative(proposal, proposal.strategy)
    if not now:
        return []  # no projection: nothing is claimed (a removal is K223)
    unit, out = proposal.strategy.unit, []
    for at, field, strategy in trials(base, proposal):
        then = _cumulative(proposal, strategy)
        if then is None:
            out.append((message("k228_unclear", field=field), at))
            continue
        gains = {y: v - then.get(y, Decimal(0)) for y, v in now.items()}
        year = max(sorted(gains), key=gains.__getitem__)
        if gains[year] > 0:
            out.append((message("k228", field=field, year=year,
                                after=_shown(now[year], then.get(year, Decimal(0)), unit),
                                before=_shown(then.get(year, Decimal(0)), now[year], unit)),
                        at))
    return out
