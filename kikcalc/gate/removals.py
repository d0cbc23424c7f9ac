"""What a change removes from the adopted strategy: a removal is a change, and is judged.

A pull request could otherwise make a strategy look better by taking away what judges it:
delete a bad recorded actual, mark it a forecast, delete the `budget` a policy judges, the
`funding` K204 needs, the `comparison` K210 needs, the frame cuts already taken
(`harvested`, which the follow-up sets the savings against), or a caseload target or
count K207 needs, or raise a target (lower an `at_least` target or a count, rewrite a
target's form or a count's unit) until K207 sees it met, or lower a cost in a year the
base records as spent (an actual, the outturn's year). Each such removal is a K223
finding unless the base's policy sets `allow_removal = true`. A correction of a figure (a
new amount, a new `as_of`) is not a removal: `diff.actual_years` judges it against the
base's figure.
"""

from __future__ import annotations

from decimal import Decimal

from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.loading.strategy import Loaded
from kikcalc.model.groups import CaseloadTarget
from kikcalc.model.message import Amount, Message, message
from kikcalc.model.money import convert
from kikcalc.record import Record
from kikcalc.text.formatting import round_half_up


def distinct_amount(value: Decimal, unit: str, *others: Decimal) -> Amount:
    """To 1/100 of the unit, finer only where that is needed to tell it from `others`."""
    decimals = 2
    while decimals < 12 and any(value != o and round_half_up(value, decimals)
                                == round_half_up(o, decimals) for o in others):
        decimals += 1
    return Amount(round_half_up(value, decimals).normalize(), unit)


class Removal(Record):
    """One thing the base had that the proposal drops; `path` is where it was in the base
    file (shown in the message), `at` where the finding points in the proposal."""

    what: Message
    at: tuple[str | int, ...] = ("name",)


def _blocks(base: Loaded, proposal: Loaded) -> list[Removal]:
    old, new = base.strategy, proposal.strategy
    out = []
    if old.budget and not new.budget:
        out.append(Removal(message("removed_budget")))
    if old.funding and not new.funding:
        out.append(Removal(message("removed_funding")))
    if old.comparison is not None and new.comparison is None:
        out.append(Removal(message("removed_comparison")))
    before, after = _harvested(base), _harvested(proposal, base.strategy.unit)
    if after < before:  # compared in one unit; a cut moved between years is not a removal
        unit = proposal.strategy.unit
        out.append(Removal(message(
            "removed_harvested", before=Amount(convert(before, base.strategy.unit, unit)
                                               .normalize(), unit),
            after=Amount(convert(after, base.strategy.unit, unit).normalize(), unit)),
            ("harvested",) if new.harvested else ("name",)))
    return out


def _harvested(loaded: Loaded, unit: str | None = None) -> Decimal:
    """The frame cuts of all years, in `unit` (the file's own when left out)."""
    strategy = loaded.strategy
    return sum((convert(v, strategy.unit, unit or strategy.unit)
                for cut in strategy.harvested for v in cut.by_year.values()), Decimal(0))


def _actuals(base: Evaluated, proposal: Evaluated) -> list[Removal]:
    out = []
    if base.results.projection is not None and proposal.results.projection is None:
        out.append(Removal(message("removed_projection")))
    for year, before in sorted(base.plan.actuals.items()):
        if before.forecast:
            continue  # a forecast is not a record yet
        amount = Amount(convert(before.amount, base.unit, proposal.unit).normalize(),
                        proposal.unit)
        after = proposal.plan.actuals.get(year)
        if after is None:
            out.append(Removal(message("removed_actual", year=year, amount=amount),
                               ("actuals",)))
        elif after.forecast:
            out.append(Removal(message("actual_to_forecast", year=year, amount=amount),
                               ("actuals", year)))
    return out


def _caseload(base: Evaluated, proposal: Evaluated) -> list[Removal]:
    """A target or count deleted; a target raised, a floor (`at_least`) or a count lowered
    (each makes a missed target look met, K207); the other way is a change, shown by diff."""
    now: dict[tuple[str, str, object], Decimal] = {}
    for k, g, w, p in proposal.caseload:  # of two on one date, the one that helps least
        key = (k, g, w)
        now[key] = p if key not in now else min(now[key], p) if k == "target" \
            else max(now[key], p)
    out = []
    for kind, group, when, persons in base.caseload:
        after = now.get((kind, group, when))
        if after is None:
            out.append(Removal(message(f"removed_{kind}", group=group, date=when,
                                       persons=persons.normalize()), ("target_groups",)))
        elif (after > persons) if kind == "target" else (after < persons):
            out.append(Removal(message(f"moved_{kind}", group=group, date=when,
                                       persons=persons.normalize(), after=after.normalize()),
                               ("target_groups",)))
    return out


def _form(target: CaseloadTarget) -> str:
    """How a target is judged, beside its number and date: by a date or a year's average,
    in persons or full-year persons, at most or below (as the file would write it)."""
    when = f"year: {target.year}" if target.year is not None else f"by: {target.by}"
    kind = "below" if target.kind == "below" else "at_most" if target.kind == "at_most" \
        else "at_least"
    return f"{kind}, {when}, unit: {target.unit}"


def _reshaped(base: Loaded, proposal: Loaded) -> list[Removal]:
    """A target on the same date rewritten in form (a year's cap made a date's, persons made
    full-year persons, below made at most) or a count given another unit: the number and
    date stay, so `_caseload` sees nothing, and K207 may no longer see the target missed."""
    forms: dict[tuple[str, object, bool], set[str]] = {}
    units: dict[tuple[str, object], set[str]] = {}
    for g in proposal.strategy.target_groups:
        for t in g.caseload_targets:
            forms.setdefault((g.name, t.deadline, t.kind == "at_least"), set()).add(_form(t))
        for c in g.caseload:
            units.setdefault((g.name, c.date), set()).add(c.unit)
    out = []
    for g in base.strategy.target_groups:
        for t in g.caseload_targets:
            now = forms.get((g.name, t.deadline, t.kind == "at_least"))
            if now and _form(t) not in now:  # none left at all: `_caseload` says so
                out.append(Removal(message("reshaped_target", group=g.name, date=t.deadline,
                                           before=_form(t), after=" | ".join(sorted(now))),
                                   ("target_groups",)))
        for c in g.caseload:
            found = units.get((g.name, c.date))
            if found and c.unit not in found:
                out.append(Removal(message("reshaped_count", group=g.name, date=c.date,
                                           before=c.unit, after=" | ".join(sorted(found))),
                                   ("target_groups",)))
    return out


def history_end(loaded: Loaded, evaluated: Evaluated) -> int | None:
    """The last year the base records as history: a recorded actual (not a forecast), or
    the `outturn`'s as_of; every year up to it is spent, not planned."""
    years = [y for y, a in evaluated.plan.actuals.items() if not a.forecast]
    if loaded.strategy.outturn is not None:
        years.append(loaded.strategy.outturn.as_of)
    return max(years, default=None)


def costs(evaluated: Evaluated, unit: str) -> dict[int, Decimal]:
    """The investment (every cost line, staff too) by year, in `unit`."""
    projection = evaluated.results.projection
    return {} if projection is None else {
        y: convert(v, evaluated.unit, unit) for y, v in projection.investment.items()}


def _spent(base: tuple[Loaded, Evaluated], proposal: Evaluated) -> list[Removal]:
    """A cost lowered (a line deleted or cut) in a year the base records as history: the
    money is spent, so taking it out of the plan only makes the plan look cheaper."""
    last = history_end(*base)
    if last is None:
        return []
    unit = proposal.unit
    before, after = costs(base[1], unit), costs(proposal, unit)
    return [Removal(message("lowered_cost", year=y, last=last,
                            before=distinct_amount(v, unit, after.get(y, Decimal(0))),
                            after=distinct_amount(after.get(y, Decimal(0)), unit, v)),
                    ("investments",)) for y, v in sorted(before.items())
            if y <= last and after.get(y, Decimal(0)) < v]


def removals(base: tuple[Loaded, Evaluated], proposal: tuple[Loaded, Evaluated]
             ) -> list[Removal]:
    """Everything recorded or declared at the base that the proposal removes."""
    return [*_blocks(base[0], proposal[0]), *_actuals(base[1], proposal[1]),
            *_caseload(base[1], proposal[1]), *_reshaped(base[0], proposal[0]),
            *_spent(base, proposal[1])]
