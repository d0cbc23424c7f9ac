"""Rules about target groups: outcome splits, reductions against baselines, one kind of
reduction and of outcome per group, one name per group.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from kikcalc.model.findings import Finding
from kikcalc.model.groups import LIMITS, Outcome, TargetGroup, observed_only
from kikcalc.model.message import message
from kikcalc.model.schema import Strategy
from kikcalc.model.types import year_month


def group_years(group: TargetGroup, strategy: Strategy) -> list[int]:
    """The years in which a group's reduction may be non-zero."""
    if observed_only(group):
        return []
    if group.reduction is not None:
        return [year for year, n in group.reduction.items() if n]
    start = year_month(group.phase_in.start)[0] if group.phase_in else strategy.period.start
    return list(range(max(start, strategy.period.start), strategy.period.end + 1))



def share_of(outcome: Decimal | Outcome) -> Decimal:
    if isinstance(outcome, Outcome):
        return outcome.share if outcome.share is not None else Decimal(0)
    return outcome



def check_splits(strategy: Strategy) -> Iterator[Finding]:
    for i, group in enumerate(strategy.target_groups):
        if uses_counts(group) or observed_only(group):
            continue
        total = sum((share_of(o) for o in group.outcomes.values()), Decimal(0))
        if total == 100:
            continue
        hint = message("k121_fractions") if total == 1 else ""
        yield Finding(("target_groups", i, "outcomes"), "K121",
                      message("k121_split", group=group.name, total=total, hint=hint),
                      at_key=True)



def check_baselines(strategy: Strategy) -> Iterator[Finding]:
    for i, group in enumerate(strategy.target_groups):
        if group.baseline is None:
            continue
        reduction = group.reduction if group.reduction is not None else (
            {year_month(group.phase_in.full)[0]: group.phase_in.persons} if group.phase_in else {})
        for year, n in reduction.items():
            if n > group.baseline:
                yield Finding(("target_groups", i, "reduction", year), "K127",
                              message("k127", group=group.name, n=n, year=year,
                                      baseline=group.baseline))



def check_group_names(strategy: Strategy) -> Iterator[Finding]:
    """Savings are reported by group name, so two groups may not share one."""
    seen: set[str] = set()
    for i, group in enumerate(strategy.target_groups):
        if group.name in seen:
            yield Finding(("target_groups", i, "name"), "K130",
                          message("k130", group=group.name))
        seen.add(group.name)



def uses_counts(group: TargetGroup) -> bool:
    return any(isinstance(o, Outcome) and o.count is not None for o in group.outcomes.values())



def check_outcome_kinds(strategy: Strategy) -> Iterator[Finding]:
    for i, group in enumerate(strategy.target_groups):
        counted = uses_counts(group)
        for name, o in group.outcomes.items():
            has_share = not isinstance(o, Outcome) or o.share is not None
            has_count = isinstance(o, Outcome) and o.count is not None
            if has_share == has_count or has_count != counted:
                yield Finding(("target_groups", i, "outcomes", name), "K132",
                              message("k132_mix", group=group.name))
        if counted and sum((o.count or 0 for o in group.outcomes.values()
                            if isinstance(o, Outcome)), Decimal(0)) == 0:
            yield Finding(("target_groups", i, "outcomes"), "K132",
                          message("k132_zero", group=group.name), at_key=True)



def check_reduction_kind(strategy: Strategy) -> Iterator[Finding]:
    for i, group in enumerate(strategy.target_groups):
        if observed_only(group):
            continue  # counts only: a group followed up, not planned
        if (group.reduction is None) == (group.phase_in is None):
            yield Finding(("target_groups", i), "K131", message("k131_both", group=group.name))
        elif group.phase_in and group.phase_in.full < group.phase_in.start:
            yield Finding(("target_groups", i, "phase_in", "full"), "K131",
                          message("k131_backwards", group=group.name,
                                  full=group.phase_in.full, start=group.phase_in.start))
        elif group.phase_in and (group.phase_in.profile == "custom") != bool(
                group.phase_in.custom):
            yield Finding(("target_groups", i, "phase_in"), "K131",
                          message("k131_custom", group=group.name), at_key=True)


def check_targets(strategy: Strategy) -> Iterator[Finding]:
    """A caseload target has one limit and one of `by` and `year`; a share has something
    to be a share of (`of` or the group's baseline); `direction` belongs to a share."""
    for i, group in enumerate(strategy.target_groups):
        for j, target in enumerate(group.caseload_targets):
            path = ("target_groups", i, "caseload_targets", j)
            limits = [name for name in LIMITS if getattr(target, name) is not None]
            if not limits:
                yield Finding(path, "K138", message("k138_no_limit", group=group.name))
            elif len(limits) > 1:
                yield Finding(path, "K138", message(
                    "k138_limits", group=group.name, given=tuple(limits)))
            if (target.by is None) == (target.year is None):
                yield Finding(path, "K138", message("k138_when", group=group.name))
            if target.share is not None and target.of is None and group.baseline is None:
                yield Finding((*path, "share"), "K138", message("k138_share", group=group.name))
            if target.direction is not None and target.share is None:
                yield Finding((*path, "direction"), "K138",
                              message("k138_direction", group=group.name))


def check_grants(strategy: Strategy) -> Iterator[Finding]:
    """A grant per person names an outcome of its group (K139)."""
    for i, group in enumerate(strategy.target_groups):
        for j, grant in enumerate(group.grants):
            if grant.outcome not in group.outcomes:
                yield Finding(("target_groups", i, "grants", j, "outcome"), "K139", message(
                    "k139", group=group.name, grant=grant.name, outcome=grant.outcome,
                    listing=tuple(group.outcomes)))
