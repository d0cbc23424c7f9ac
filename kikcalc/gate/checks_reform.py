"""Rules of the 2026-27 employment reform that a plan written before it can break: K213
(below) and K214 (the 2027 series break by visitation category, further down).

Ressourceforløb and revalidering, with their benefits, are abolished for new citizens from
the act's entry into force, 1 February 2026 (lov nr. 1750 af 29. december 2025, the first
phase of the reform; lovguiden.dk's summary of L 66 2025/26: "Ressourceforløb og
revalidering, samt tilhørende ydelser, afskaffes for nye borgere fra lovens
ikrafttrædelse"). Citizens already in a course finish it. An outcome that moves people
fewer on a benefit into ressourceforløbsydelse or revalideringsydelse from 2026 on needs
new cases of a benefit that no longer takes them: K213, a warning (the file may mean
people already in a course; kikcalc cannot tell).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kikcalc.gate.policy import Policy
from kikcalc.gate.subject import Subject
from kikcalc.model.changes import CLOSED_TO_NEW
from kikcalc.model.findings import Issue, Severity
from kikcalc.model.message import message
from kikcalc.statbank.benefits import VISITATION_YEAR, visitation_break

# the first year 1 February 2026 falls within; a benefit is known by its key or the label
# the file gives it (the keys are the file's own), as the catalogue's change says
ABOLISHED_FROM = CLOSED_TO_NEW.date.year
_ABOLISHED = re.compile(CLOSED_TO_NEW.matches, re.IGNORECASE)


def _abolished(benefit: str | None, labels: dict[str, str]) -> bool:
    if benefit is None:
        return False
    return bool(_ABOLISHED.search(benefit) or _ABOLISHED.search(labels.get(benefit, "")))


def check_abolished_benefits(subject: Subject, policy: Policy) -> Iterator[Issue]:
    """K213: an outcome into ressourceforløb or revalidering from 2026 on."""
    strategy = subject.loaded.strategy
    labels = dict(strategy.unit_costs.labels or {}) if strategy.unit_costs else {}
    names = [g.name for g in strategy.target_groups]
    for group in subject.evaluated.plan.groups:
        years = sorted(y for y, persons in group.reduction.items()
                       if y >= ABOLISHED_FROM and persons > 0)
        for destination in group.destinations:
            if years and destination.share > 0 and _abolished(destination.benefit, labels):
                i = names.index(group.name)
                yield subject.issue("K213", message(
                    "k213", group=group.name, outcome=destination.name,
                    benefit=labels.get(destination.benefit or "", destination.benefit or ""),
                    year=years[0]), ("target_groups", i, "outcomes", destination.name),
                    key=True, severity=Severity.WARNING)


# The 2027 series break by visitation category. The reform's agreement: "Alle
# kontanthjælpsmodtagere registreres derfor som udgangspunkt automatisk som jobparate", and
# "antallet af målgrupper reduceres fra de nuværende 13 til kun fem" (Aftale om reform af
# beskæftigelsesindsatsen, April 2025, as bt.dk quotes it); the new main act is expected in
# force on 1 January 2027 (star.dk, answers to the webinar of 21 January 2026). ASSUMPTION:
# the break falls on 1 January 2027 (`VISITATION_YEAR`). A group counted by some visitation
# categories and not all (aktivitetsparate alone) measures other people after the break; a
# target judged, a count or a comparison that runs across it gets K214, a warning.


def _by_category(*labels: str) -> bool:
    return visitation_break([label for label in labels if label]) is not None


def check_visitation_break(subject: Subject, policy: Policy) -> Iterator[Issue]:
    """K214: a target, a count series or a comparison by the old visitation categories
    across 1 January 2027."""
    strategy = subject.loaded.strategy
    labels = dict(strategy.unit_costs.labels or {}) if strategy.unit_costs else {}
    for i, group in enumerate(strategy.target_groups):
        if not _by_category(group.name, group.benefit, labels.get(group.benefit, "")):
            continue
        for j, target in enumerate(group.caseload_targets):
            when = target.year if target.year is not None else (
                target.by.year if target.by is not None else None)
            if when is not None and when >= VISITATION_YEAR:
                yield subject.issue("K214", message(
                    "k214_target", group=group.name, year=when, first=VISITATION_YEAR),
                    ("target_groups", i, "caseload_targets", j),
                    severity=Severity.WARNING)
        counts = sorted(enumerate(group.caseload), key=lambda c: c[1].date)
        after = [(k, c) for k, c in counts if c.date.year >= VISITATION_YEAR]
        if after and any(c.date.year < VISITATION_YEAR for _, c in counts):
            k, count = after[0]
            yield subject.issue("K214", message(
                "k214_count", group=group.name, date=count.date, first=VISITATION_YEAR),
                ("target_groups", i, "caseload", k), severity=Severity.WARNING)
    comparison = strategy.comparison
    if comparison is None or strategy.period.end < VISITATION_YEAR \
            or int(str(comparison.baseline)[:4]) >= VISITATION_YEAR:
        return
    for name, types in comparison.benefit_types.items():
        if _by_category(*types):
            yield subject.issue("K214", message(
                "k214_comparison", group=name, types=", ".join(types),
                first=VISITATION_YEAR, end=strategy.period.end),
                ("comparison", "benefit_types", name), key=True, severity=Severity.WARNING)
