"""Rules on how a plan's people and money move: counts and flows that add up (K212),
retention said rather than left at its default (K208)."""

from __future__ import annotations

from collections.abc import Iterator

from kikcalc.analysis.stock_flow import mismatches
from kikcalc.gate.policy import Policy
from kikcalc.gate.subject import Subject
from kikcalc.model.findings import Issue, Severity
from kikcalc.model.message import message


def check_stocks_and_flows(subject: Subject, policy: Policy) -> Iterator[Issue]:
    """K212: counts at a flow's start and end that its entrants and leavers do not join."""
    for i, group in enumerate(subject.loaded.strategy.target_groups):
        for found in mismatches(group.flows, group.caseload):
            flow = group.flows[found.flow]
            assert flow.entrants is not None, "mismatches needs entrants"
            assert flow.leavers is not None, "and leavers"
            yield subject.issue("K212", message(
                "k212", group=group.name, start=flow.start, first=found.start.persons,
                entrants=flow.entrants, leavers=flow.leavers, expected=found.expected,
                end=flow.end, last=found.end.persons),
                ("target_groups", i, "flows", found.flow), severity=Severity.WARNING)


def check_retention(subject: Subject, policy: Policy) -> Iterator[Issue]:
    strategy = subject.loaded.strategy
    if (strategy.target_groups or strategy.savings) and strategy.retention is None:
        yield subject.issue("K208", message("k208"), ("name",), key=True,
                            severity=Severity.WARNING)
