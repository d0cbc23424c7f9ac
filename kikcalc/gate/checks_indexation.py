"""K224: an indexation rate outside the policy's bounds.

Indexation moves unit costs (benefits, by the satsreguleringsprocent) and wages (the
municipal wage index) from the price year, so a rate is an assumption that pays: benefits
indexed 40 % a year make every full-year person fewer worth far more, wages at -50 % make
the staff cheap. Published history has been a few percent a year (docs/ci.md cites the
satsreguleringsprocent and the regulation of PSL § 20), so a rate, or the yearly change an
`index` implies, outside [min_indexation, max_indexation] of the policy (default 0 to 5)
is an error; a municipality that expects another year widens the bounds in its policy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from itertools import pairwise

from kikcalc.gate.policy import Policy
from kikcalc.gate.subject import Subject
from kikcalc.model.findings import Issue
from kikcalc.model.indexation import IndexRule
from kikcalc.model.message import message
from kikcalc.reading.strict_yaml import Path
from kikcalc.text.formatting import round_half_up

HUNDRED = Decimal(100)


def _rates(rule: IndexRule | None, at: Path) -> Iterator[tuple[Decimal, int | None, Path]]:
    """Each yearly rate a rule states or implies, with the year (for an index) and place."""
    if rule is None:
        return
    if rule.rate is not None:
        yield rule.rate, None, (*at, "rate")
    index: Mapping[int, Decimal] = rule.index or {}
    years = sorted(index)
    for before, year in pairwise(years):
        step = (index[year] / index[before]) ** (Decimal(1) / (year - before))
        yield (step - 1) * HUNDRED, year, (*at, "index", year)


def check_indexation(subject: Subject, policy: Policy) -> Iterator[Issue]:
    indexation = subject.loaded.strategy.indexation
    low, high = policy.min_indexation, policy.max_indexation
    if indexation is None or (low is None and high is None):
        return
    simple = IndexRule(rate=indexation.rate, index=indexation.index)
    rules = [("indexation", simple, ("indexation",))] + [
        (f"indexation.{kind}", getattr(indexation, kind), ("indexation", kind))
        for kind in ("benefits", "wages", "prices")]
    for kind, rule, at in rules:
        for rate, year, path in _rates(rule, at):
            if (low is not None and rate < low) or (high is not None and rate > high):
                shown = round_half_up(rate, 2).normalize()
                yield subject.issue("K224", message(
                    "k224" if year is None else "k224_index", kind=kind, rate=shown,
                    year=year or 0, low=low if low is not None else "-",
                    high=high if high is not None else "-"), path)
