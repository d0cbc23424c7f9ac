"""Rules of the 2026-27 employment reform that a plan written before it can break.

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
from kikcalc.model.findings import Issue, Severity
from kikcalc.model.message import message

ABOLISHED_FROM = 2026  # the first whole year after 1 February 2026 begins within it
# a benefit is known by its key or the label the file gives it (the keys are the file's own)
_ABOLISHED = re.compile(r"ressourceforl|revalider", re.IGNORECASE)


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
