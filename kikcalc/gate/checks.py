"""Rules a budget proposal must pass in CI, each a small function with a stable code: it
takes a `Subject` (one loaded, evaluated strategy) and the `Policy`, and yields `Issue`s
that point into the file. `check_strategy` runs them all, in `CHECKS` order, and applies
the policy's severity overrides. Loading problems (K1xx) come from `load.py`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from kikcalc.analysis.targets import deadline, limit_of, target_states
from kikcalc.engine.projection import forecast_net, make_series
from kikcalc.engine.results import ZERO, Series
from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.gate.checks_groups import check_retention, check_stocks_and_flows
from kikcalc.gate.checks_indexation import check_indexation
from kikcalc.gate.checks_reform import check_abolished_benefits, check_visitation_break
from kikcalc.gate.policy import Policy
from kikcalc.gate.subject import Check, Subject
from kikcalc.loading.strategy import Loaded
from kikcalc.model.findings import Issue, Severity, sort_issues
from kikcalc.model.message import Message, Term, message
from kikcalc.model.retention import RetentionByPart
from kikcalc.model.schema import ActualFigure, Figure
from kikcalc.reading.files import Files
from kikcalc.reading.strict_yaml import Path
from kikcalc.record import replace
from kikcalc.statbank.load import benchmark
from kikcalc.text.formatting import round_half_up


def judged_series(subject: Subject, policy: Policy) -> Series | None:
    """The series the payback rules judge: the policy's, else the first that exists.

    The forecast is every year's full-year actual, else the budget's full-year figure, else the
    projection's; before any actual it is still that (docs/numbers.md), not the projection alone."""
    results, plan = subject.evaluated.results, subject.evaluated.plan
    if policy.series == "forecast" and "forecast" not in results.series \
            and (plan.budget is not None or results.projection is not None):
        projected = results.projection.net if results.projection else None
        return make_series("forecast", forecast_net(plan, projected), plan.start)
    for name in (policy.series, "projected", "budget", "forecast"):
        if name in results.series:
            return results.series[name]
    return None


def _series_path(series: Series) -> Path:
    return ("budget",) if series.name == "budget" else ("period",)


def follow_up_only(subject: Subject) -> bool:
    """A follow-up file: budget, actuals and counts, no drivers (no investment, no saving, no
    group with a reduction). It records what happened; it has no plan to pay back, so the
    payback rules K201 and K202 do not judge it (issue 24)."""
    return not subject.evaluated.plan.has_drivers


def check_payback(subject: Subject, policy: Policy) -> Iterator[Issue]:
    if follow_up_only(subject):
        return
    if policy.series == "budget" and "budget" not in subject.evaluated.results.series:
        # judging the rosier projection instead would reward deleting the budget
        yield subject.issue("K211", message("k211"), ("name",), key=True)
        return
    series = judged_series(subject, policy)
    if series is None:
        return
    plan, payback, name = subject.evaluated.plan, series.payback, Term(series.name)
    if series.empty:
        yield subject.issue("K201", message("k201_empty", series=name), _series_path(series),
                            key=True)
    elif payback.year is None:
        yield subject.issue("K201", message(
            "k201_not_within", series=name, start=plan.start, end=plan.end,
            cumulative=subject.amount(payback.cumulative_at_end)), _series_path(series),
            key=True)
    elif policy.max_payback_years is not None and payback.years is not None \
            and payback.years > policy.max_payback_years:
        yield subject.issue("K201", message(
            "k201_late", series=name, year=payback.year, years=payback.years,
            limit=policy.max_payback_years), _series_path(series), key=True)


def check_cumulative(subject: Subject, policy: Policy) -> Iterator[Issue]:
    if follow_up_only(subject):
        return
    if policy.series == "budget" and "budget" not in subject.evaluated.results.series:
        return  # K211 says so
    series = judged_series(subject, policy)
    if series is None or policy.min_cumulative is None:
        return
    minimum = subject.from_policy(policy.min_cumulative)
    projection = subject.evaluated.results.projection
    # what retention by parts gives back after the period (a `lag`) is still owed; a gain
    # booked after it (tax with a lag) has not arrived by then, so it does not count
    owed = min(sum(projection.retention_beyond.values(), ZERO), ZERO) \
        if projection is not None and series.name == "projected" else ZERO
    found = series.payback.cumulative_at_end + owed
    if found < minimum:
        yield subject.issue("K202", message(
            "k202_owed" if owed else "k202", series=Term(series.name),
            found=subject.amount(found, minimum), minimum=subject.amount(minimum, found),
            owed=subject.amount(owed), short=subject.amount(minimum - found, ZERO)),
            _series_path(series), key=True)


def check_budget_against_projection(subject: Subject, policy: Policy) -> Iterator[Issue]:
    projection, budget = subject.evaluated.results.projection, subject.evaluated.plan.budget
    if projection is None or budget is None or policy.budget_tolerance is None:
        return
    tolerance = subject.from_policy(policy.budget_tolerance)
    for year in subject.evaluated.plan.years:  # a year the budget leaves out counts as 0
        planned, projected = budget.get(year, ZERO), projection.net[year]
        gap = abs(planned - projected)
        if gap > tolerance:
            where: Path = ("budget", year) if year in budget else ("budget",)
            yield subject.issue(
                "K203", message("k203" if year in budget else "k203_not_given", year=year,
                                planned=subject.amount(planned, projected),
                                projected=subject.amount(projected, planned),
                                gap=subject.amount(gap, tolerance),
                                tolerance=subject.amount(tolerance, gap)),
                where, key=True, severity=Severity.WARNING)


def check_funding(subject: Subject, policy: Policy) -> Iterator[Issue]:
    strategy = subject.loaded.strategy
    projection = subject.evaluated.results.projection
    if not strategy.funding or projection is None:
        return
    funded = sum((sum(f.by_year.values(), ZERO) for f in strategy.funding), ZERO)
    invested = sum(projection.investment.values(), ZERO)
    if funded < invested:
        yield subject.issue("K204", message(
            "k204", funded=subject.amount(funded, invested),
            invested=subject.amount(invested, funded),
            short=subject.amount(invested - funded, ZERO)), ("funding",), key=True)


def check_partial_actuals(subject: Subject, policy: Policy) -> Iterator[Issue]:
    for row in subject.evaluated.results.variance:
        if row.like_with_like:
            continue  # a ten-month actual against a ten-month budget compares like with like
        if not row.partial:
            yield subject.issue("K205", message("k205_budget", year=row.year,
                                                as_of=row.budget_as_of or ""),
                                ("budget", row.year, "as_of"), severity=Severity.WARNING)
            continue
        if row.budget is None:
            against = message("k205_no_budget")
        elif row.budget_as_of is None:
            against = message("k205_full_year")
        else:
            against = message("k205_budget_to", as_of=row.budget_as_of)
        yield subject.issue("K205", message("k205_actual", year=row.year,
                                            as_of=row.as_of or "", against=against),
                            ("actuals", row.year, "as_of"), severity=Severity.WARNING)


def check_sources(subject: Subject, policy: Policy) -> Iterator[Issue]:
    if not policy.require_sources:
        return
    strategy = subject.loaded.strategy
    for field in ("investments", "target_groups", "savings", "other_effects", "funding",
                  "harvested"):
        for i, item in enumerate(getattr(strategy, field)):
            if item.source is None:
                yield subject.issue("K206", message("k206_item", field=field, name=item.name),
                                    (field, i), severity=Severity.WARNING)
    yield from _unsourced_income(subject)
    if strategy.unit_costs is not None and strategy.unit_costs.source is None:
        yield subject.issue("K206", message("k206_unit_costs"), ("unit_costs",), key=True,
                            severity=Severity.WARNING)
    for field, figures in (("budget", strategy.budget or {}), ("actuals", strategy.actuals)):
        bare = [y for y, v in figures.items()
                if not (isinstance(v, Figure | ActualFigure) and v.source)]
        if bare:
            yield subject.issue("K206", message("k206_years", field=field,
                                                years=tuple(sorted(bare))), (field,),
                                key=True, severity=Severity.WARNING)


def _unsourced_income(subject: Subject) -> Iterator[Issue]:
    """K206 for the new money lines inside a block: a grant of a group (income that pays
    for a cut as surely as a saving does) and a part of retention by parts, unsourced."""
    strategy = subject.loaded.strategy
    for i, group in enumerate(strategy.target_groups):
        for j, grant in enumerate(group.grants):
            if grant.source is None:
                yield subject.issue("K206", message("k206_item", field="grants",
                                                    name=grant.name),
                                    ("target_groups", i, "grants", j),
                                    severity=Severity.WARNING)
    parts = strategy.retention if isinstance(strategy.retention, RetentionByPart) else None
    if parts is not None and parts.source is None:
        for k, part in enumerate(parts.parts):
            if part.source is None:
                yield subject.issue("K206", message("k206_item", field="retention",
                                                    name=part.name),
                                    ("retention", "parts", k), severity=Severity.WARNING)


def check_caseload_targets(subject: Subject, policy: Policy) -> Iterator[Issue]:
    for i, group in enumerate(subject.loaded.strategy.target_groups):
        states = target_states(group.caseload_targets, group.caseload,  # counts sorted once
                               group.baseline)
        latest = max(group.caseload, key=lambda c: c.date, default=None)
        for j, (target, status) in enumerate(zip(group.caseload_targets, states, strict=True)):
            if status.state != "missed" or latest is None:  # missed: a count came after
                continue
            path = ("target_groups", i, "caseload_targets", j)
            limit = limit_of(target, group.baseline)
            if limit is None:  # a share of nothing: K138 says so, and it is never missed
                continue
            if target.year is not None and status.figure is not None:
                yield subject.issue("K207", message(
                    "k207_year", group=group.name, persons=limit, year=target.year,
                    figure=status.figure), path)
                continue
            last = message("k207_last", persons=status.count.persons,
                           date=status.count.date) if status.count else ""
            key = "k207_at_least" if target.kind == "at_least" else "k207"
            yield subject.issue("K207", message(
                key, group=group.name, persons=limit, by=deadline(target), last=last,
                latest=latest.persons, latest_date=latest.date), path)


def check_deadweight_from_data(subject: Subject, policy: Policy) -> Iterator[Issue]:
    """K210: with `deadweight_from_data`, each group's assumed deadweight must be at least
    the one its comparison with the cluster (or country) implies; K142 if the statistics
    cannot be read."""
    if not policy.deadweight_from_data or subject.loaded.strategy.comparison is None:
        return

    results, issues = benchmark(subject.loaded, subject.evaluated.plan, subject.files)
    yield from issues
    names = [g.name for g in subject.loaded.strategy.target_groups]
    for b in results or ():
        if b.implied_deadweight is None or b.assumed_deadweight >= b.implied_deadweight:
            continue
        i = names.index(b.group)
        yield subject.issue(
            "K210", message("k210", group=b.group, assumed=b.assumed_deadweight,
                            against=Message(f"against_{b.against}"),
                            implied=round_half_up(b.implied_deadweight, 1).normalize(),
                            supported=round_half_up(b.supported_total or ZERO, 1).normalize(),
                            claimed=(b.claimed_total or ZERO).normalize()),
            ("target_groups", i, "deadweight") if "deadweight" in
            subject.loaded.strategy.target_groups[i].model_fields_set
            else ("target_groups", i))


CHECKS: tuple[Check, ...] = (
    check_payback,
    check_cumulative,
    check_budget_against_projection,
    check_funding,
    check_partial_actuals,
    check_caseload_targets,
    check_stocks_and_flows,
    check_abolished_benefits,
    check_indexation,
    check_visitation_break,
    check_retention,
    check_sources,
    check_deadweight_from_data,
)


def apply_severity(issues: list[Issue], policy: Policy) -> list[Issue]:
    """The policy may make a rule an error, a warning, or switch it off."""
    out = []
    for issue in issues:
        severity = policy.severity.get(issue.code, issue.severity)
        if severity is not None:
            out.append(replace(issue, severity=severity))
    return out


def check_strategy(loaded: Loaded, evaluated: Evaluated, policy: Policy,
                   files: tuple[Files, PurePosixPath] | None = None) -> list[Issue]:
    subject = Subject(loaded, evaluated, files)
    issues = [issue for check in CHECKS for issue in check(subject, policy)]
    return sort_issues(apply_severity(issues, policy))
