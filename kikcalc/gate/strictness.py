"""The stricter of two policies, for a strategy that moves between their places."""

from __future__ import annotations

from typing import Any

from kikcalc.gate.policy import CODE_DEFAULT, Policy
from kikcalc.model.findings import Severity

_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, None: 0}


def _lower(*values: Any) -> Any:
    given = [v for v in values if v is not None]
    return min(given) if given else None


def _higher(*values: Any) -> Any:
    given = [v for v in values if v is not None]
    return max(given) if given else None


def strictest(first: Policy, second: Policy) -> Policy:
    """The stricter of two policies, setting by setting: a strategy renamed from a strict
    folder into a lenient one keeps the strict limits (and the other way round).

    >>> from decimal import Decimal
    >>> lenient = Policy(max_payback_years=9, max_cumulative_drop=Decimal(99))
    >>> strict = Policy(max_payback_years=4, max_cumulative_drop=Decimal(2))
    >>> both = strictest(lenient, strict)
    >>> both.max_payback_years, both.max_cumulative_drop
    (4, Decimal('2'))
    """
    if first == second:
        return first
    codes = set(first.severity) | set(second.severity)
    severity = {code: max(first.severity.get(code, CODE_DEFAULT.get(code)),
                          second.severity.get(code, CODE_DEFAULT.get(code)),
                          key=_RANK.__getitem__) for code in codes}
    return Policy(
        series=first.series if first.series == second.series else "projected",
        max_payback_years=_lower(first.max_payback_years, second.max_payback_years),
        min_cumulative=_higher(first.min_cumulative, second.min_cumulative),
        budget_tolerance=_lower(first.budget_tolerance, second.budget_tolerance),
        require_sources=first.require_sources or second.require_sources,
        deadweight_from_data=first.deadweight_from_data or second.deadweight_from_data,
        severity=severity,
        min_indexation=_higher(first.min_indexation, second.min_indexation),
        max_indexation=_lower(first.max_indexation, second.max_indexation),
        max_payback_slip=_lower(first.max_payback_slip, second.max_payback_slip),
        max_cumulative_drop=_lower(first.max_cumulative_drop, second.max_cumulative_drop),
        allow_removal=first.allow_removal and second.allow_removal,
        max_cost_cut=_lower(first.max_cost_cut, second.max_cost_cut),
        allow_new_income=first.allow_new_income and second.allow_new_income,
        allow_indexation_change=first.allow_indexation_change
        and second.allow_indexation_change,
        allow_assumption_change=first.allow_assumption_change
        and second.allow_assumption_change,
        max_realisation_shortfall=_lower(first.max_realisation_shortfall,
                                         second.max_realisation_shortfall),
        max_gap=_lower(first.max_gap, second.max_gap),
        file=" + ".join(dict.fromkeys(p.name for p in (first, second))),
    )
