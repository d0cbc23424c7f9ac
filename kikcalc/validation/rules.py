"""Cross-field rules: what the schema alone cannot check, each a small function.

A rule takes a `Strategy` that passed the schema and yields `Finding`s, each a path into the
file with a stable code; loading turns them into `file:line:column` issues. The rules live
by what they check (`rules_time`, `rules_money`, `rules_benefits`, `rules_groups`,
`rules_references`) and run in the order of `RULES` (the beancount way).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kikcalc.model.findings import Finding
from kikcalc.model.schema import Strategy
from kikcalc.validation import (
    rules_benefits,
    rules_groups,
    rules_money,
    rules_references,
    rules_time,
)

Rule = Callable[[Strategy], Iterator[Finding]]

RULES: tuple[Rule, ...] = (
    rules_time.check_period,
    rules_groups.check_reduction_kind,
    rules_groups.check_outcome_kinds,
    rules_money.check_money_over_time,
    rules_money.check_indexed_size,
    rules_money.check_retention_parts,
    rules_references.check_uncertainty,
    rules_time.check_years_in_period,
    rules_money.check_investment_lines,
    rules_money.check_totals,
    rules_benefits.check_benefits,
    rules_benefits.check_rates,
    rules_benefits.check_ladders,
    rules_benefits.check_perspectives,
    rules_benefits.check_successions,
    rules_benefits.check_unit_cost_years,
    rules_groups.check_splits,
    rules_groups.check_baselines,
    rules_references.check_sources,
    rules_time.check_actual_dates,
    rules_groups.check_group_names,
    rules_time.check_flows,
    rules_groups.check_targets,
    rules_groups.check_grants,
)


def apply_rules(strategy: Strategy) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(strategy)]
