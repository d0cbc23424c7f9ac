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
change that lowers the savings (more conservative) passes. A claimed line adds to the net
as it stands, so its running total is compared with the base line's, without evaluating.
When the base's assumption no longer fits the proposal (outcomes naming a benefit the
proposal dropped), or more than MAX_TRIALS assumptions changed, the change cannot be
judged by its effect and is a finding too.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from itertools import accumulate, islice

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
ZERO = Decimal(0)
#: evaluations a change may cost: each is the whole strategy, so a change of thousands of
#: assumptions is judged as one finding, not in quadratic time
MAX_TRIALS = 40


def _groups(base: Strategy, new: Strategy) -> Iterator[Trial]:
    """Deadweight, outcomes and the benefit left of each group the base has under the same
    name; the groups only one side names are paired in order (a rename must not make a
    group's assumptions new). A group left over is new reductions, judged by the net."""
    names = {g.name for g in new.target_groups}
    old = {g.name: g for g in base.target_groups if g.name in names}
    gone = iter([g for g in base.target_groups if g.name not in names])
    for i, group in enumerate(new.target_groups):
        was = old.get(group.name) or next(gone, None)
        if was is None:
            continue
        for key in ("deadweight", "outcomes", "benefit"):
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


def _amounts(base: Strategy, new: Strategy) -> Iterator[tuple[Path, Message]]:
    """Each `savings` and `other_effects` line, by name, new or raised: a line adds to the
    net as it stands (+ = gain), so its own running total shows the effect without an
    evaluation (the base's amounts converted to the proposal's unit)."""
    unit = new.unit
    for block in ("savings", "other_effects"):
        old = {line.name: line.by_year for line in getattr(base, block)}
        for i, line in enumerate(getattr(new, block)):
            was = {y: convert(v, base.unit, unit) for y, v in old.get(line.name, {}).items()}
            years = sorted(set(was) | set(line.by_year))
            then = list(accumulate(was.get(y, ZERO) for y in years))
            now = list(accumulate(line.by_year.get(y, ZERO) for y in years))
            gains = [n - t for n, t in zip(now, then, strict=True)]
            if gains and max(gains) > 0:
                k = gains.index(max(gains))
                yield (block, i), message(
                    "k228_amount", field=f"{block} '{line.name}'", year=years[k],
                    after=_shown(now[k], then[k], unit), before=_shown(then[k], now[k], unit))


def trials(base: Loaded, proposal: Loaded) -> Iterator[Trial]:
    """Every assumption of the savings the proposal changes, put back one at a time."""
    old, new = base.strategy, proposal.strategy
    if old.retention != new.retention:
        yield ("retention",), "retention", new.model_copy(update={"retention": old.retention})
    yield from _groups(old, new)
    yield from _unit_costs(old, new, set(proposal.positions.keys))


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
    unit = proposal.strategy.unit
    out = [(said, at) for at, said in _amounts(base.strategy, proposal.strategy)]
    changed = list(islice(trials(base, proposal), MAX_TRIALS + 1))
    if len(changed) > MAX_TRIALS:
        return [*out, (message("k228_many", n=MAX_TRIALS), ("name",))]
    for at, field, strategy in changed:
        then = _cumulative(proposal, strategy)
        if then is None:
            out.append((message("k228_unclear", field=field), at))
            continue
        gains = {y: v - then.get(y, ZERO) for y, v in now.items()}
        year = max(sorted(gains), key=gains.__getitem__)
        if gains[year] > 0:
            out.append((message("k228", field=field, year=year,
                                after=_shown(now[year], then.get(year, ZERO), unit),
                                before=_shown(then.get(year, ZERO), now[year], unit)), at))
    return out
