"""Rules about money lines: investment lines, totals, indexation and the digit limit it may
break when amounts move from the price year.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from kikcalc.engine.drivers import index_factor, net_of_refusion
from kikcalc.engine.projection import staff_amounts
from kikcalc.model.findings import Finding
from kikcalc.model.indexation import IndexKind
from kikcalc.model.message import Message, message
from kikcalc.model.retention import PER_PERSON_KINDS, RetentionByPart
from kikcalc.model.schema import GrossCost, RateCost, SpellCost, Strategy
from kikcalc.reading.strict_yaml import MAX_MAGNITUDE, Path

KINDS: tuple[IndexKind, ...] = ("benefits", "wages", "prices")


def check_investment_lines(strategy: Strategy) -> Iterator[Finding]:
    for i, line in enumerate(strategy.investments):
        path: Path = ("investments", i)
        staff = line.fte is not None or line.cost_per_fte is not None
        if line.by_year is not None and staff:
            yield Finding(path, "K123", message("k123_both", name=line.name))
        elif line.by_year is None and not (line.fte is not None and line.cost_per_fte is not None):
            yield Finding(path, "K123", message("k123_neither", name=line.name))
        elif isinstance(line.cost_per_fte, dict) and line.fte is not None:
            for year in line.fte:
                if year not in line.cost_per_fte:
                    yield Finding((*path, "cost_per_fte"), "K126",
                                  message("k126_fte", name=line.name, year=year))



def check_totals(strategy: Strategy) -> Iterator[Finding]:
    for i, line in enumerate(strategy.investments):
        if line.total is None:
            continue
        if line.by_year is not None:
            amounts = line.by_year
        elif line.fte is not None and line.cost_per_fte is not None:
            amounts = staff_amounts(line.fte, line.cost_per_fte)
        else:
            continue
        found = sum(amounts.values(), Decimal(0))
        if found != line.total:
            yield Finding(("investments", i, "total"), "K124",
                          message("k124", name=line.name, total=line.total, found=found))



def check_money_over_time(strategy: Strategy) -> Iterator[Finding]:
    indexation = strategy.indexation
    if indexation is not None:
        if strategy.price_year is None:
            yield Finding(("indexation",), "K133", message("k133_price_year"), at_key=True)
        kinds = [k for k in KINDS if getattr(indexation, k) is not None]
        given = (indexation.rate is not None, indexation.index is not None)
        if all(given) or (not any(given) and not kinds):
            yield Finding(("indexation",), "K133", message("k133_one"), at_key=True)
        elif indexation.index is not None:
            yield from _gaps(strategy, indexation.index, ("indexation", "index"))
        for kind in kinds:
            rule = getattr(indexation, kind)
            if (rule.rate is None) == (rule.index is None):
                yield Finding(("indexation", kind), "K133",
                              message("k133_one_kind", kind=kind), at_key=True)
            elif rule.index is not None:
                yield from _gaps(strategy, rule.index, ("indexation", kind, "index"))
    costs = strategy.unit_costs.benefits if strategy.unit_costs else {}
    for name, cost in costs.items():
        if isinstance(cost, GrossCost | RateCost) \
                and sum(cost.duration_mix, Decimal(0)) != 100:
            yield Finding(("unit_costs", name, "duration_mix"), "K134",
                          message("k134", name=name, total=sum(cost.duration_mix, Decimal(0))))



def _gaps(strategy: Strategy, index: Mapping[int, Decimal], path: Path
          ) -> Iterator[Finding]:
    needed = {strategy.period.start, strategy.period.end, strategy.price_year or 0}
    missing = sorted(y for y in set(range(strategy.period.start, strategy.period.end + 1))
                     | needed if y and y not in index)
    if missing:
        yield Finding(path, "K133", message("k133_gaps", years=tuple(missing)), at_key=True)


def _indexed_amounts(strategy: Strategy, kind: str) -> Iterator[tuple[Message, Decimal]]:
    """The flat amounts each kind of indexation moves from the price year: unit costs
    (benefits), wages, grants per person (other prices)."""
    if kind == "benefits":
        for name, cost in (strategy.unit_costs.benefits if strategy.unit_costs else {}).items():
            if isinstance(cost, GrossCost):
                yield message("the_unit_cost", name=name), net_of_refusion(
                    cost.gross, cost.refusion, cost.duration_mix)
            elif isinstance(cost, Decimal):
                yield message("the_unit_cost", name=name), cost
            elif isinstance(cost, SpellCost) and isinstance(cost.gross, Decimal):
                yield message("the_unit_cost", name=name), cost.gross
    elif kind == "wages":
        for line in strategy.investments:
            if isinstance(line.cost_per_fte, Decimal):
                yield message("the_cost_per_fte", name=line.name), line.cost_per_fte
    else:
        for group in strategy.target_groups:
            for grant in group.grants:
                yield message("the_grant", name=grant.name), grant.amount



def check_indexed_size(strategy: Strategy) -> Iterator[Finding]:
    """An indexed amount keeps to the digits a figure in the file may have, so the sums
    and products of the engine stay exact (a rate compounded over a century does not)."""
    indexation, price_year, period = strategy.indexation, strategy.price_year, strategy.period
    if indexation is None or price_year is None or period.end < period.start:
        return
    years = range(period.start, period.end + 1)
    for kind in KINDS:
        rule = indexation.rule(kind)
        if rule is None or (rule.rate is None) == (rule.index is None) or (
                rule.index is not None and any(y not in rule.index
                                                for y in (*years, price_year))):
            continue  # check_money_over_time names what is wrong
        factor = max(index_factor(y, price_year, rule.rate, rule.index) for y in years)
        for what, amount in _indexed_amounts(strategy, kind):
            indexed = amount * factor
            if indexed and indexed.adjusted() >= MAX_MAGNITUDE:
                own = getattr(indexation, kind) is not None
                yield Finding(("indexation", *((kind,) if own else ()),
                               "rate" if rule.rate is not None else "index"),
                              "K133", message("k133_size", year=price_year, what=what,
                                              indexed=f"{indexed:.2E}", digits=MAX_MAGNITUDE))
                return


def check_retention_parts(strategy: Strategy) -> Iterator[Finding]:
    """Each part of a retention by parts is an amount per person into work (tax,
    udligning) or a percent of the spending on priced benefits (budget guarantee,
    beskæftigelsestilskud), each name once."""
    kept = strategy.retention
    if not isinstance(kept, RetentionByPart):
        return
    priced = strategy.unit_costs.benefits if strategy.unit_costs else {}
    seen: set[str] = set()
    for i, part in enumerate(kept.parts):
        path: Path = ("retention", "parts", i)
        per_person = part.kind in PER_PERSON_KINDS or (
            part.kind == "other" and part.per_person is not None)
        if per_person and (part.per_person is None or part.share is not None or part.benefits):
            yield Finding(path, "K151", message("k151_per_person", name=part.name,
                                                kind=part.kind))
        elif not per_person and (part.share is None or not (part.benefits or part.lines)
                                 or part.per_person is not None):
            yield Finding(path, "K151", message("k151_share", name=part.name, kind=part.kind))
        if (part.lines or part.ceiling) and part.kind != "budget_guarantee":
            yield Finding((*path, "lines" if part.lines else "ceiling"), "K151",
                          message("k151_lines_kind", name=part.name, kind=part.kind))
        elif part.ceiling and not part.lines:  # the ceiling caps only the lines it follows
            yield Finding((*path, "ceiling"), "K151",
                          message("k151_ceiling_no_lines", name=part.name))
        lines = {line.name for line in strategy.investments}
        for j, line in enumerate(part.lines):
            if line not in lines:
                yield Finding((*path, "lines", j), "K151",
                              message("k151_line", name=part.name, line=line))
        for j, benefit in enumerate(part.benefits):
            if benefit not in priced:
                yield Finding((*path, "benefits", j), "K151",
                              message("k151_benefit", name=part.name, benefit=benefit))
        if part.name in seen:
            yield Finding((*path, "name"), "K151", message("k151_twice", name=part.name))
        seen.add(part.name)
