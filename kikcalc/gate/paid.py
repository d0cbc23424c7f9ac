"""What pays for a cut without being one: assumptions a proposal changes so that the net
stays, judged against the base by the base's policy.

A cut (a cost, a saving given up) shows as a fall of the cumulative net (K221). A proposal
can hide it by making the rest of the plan look better at no visible price:
- K225: cost lowered in the years ahead (a line deleted or cut) while the savings it
  bought stay: the part of the cost cut that the savings do not fall with, beyond the
  policy's `max_cost_cut` (mio. kr., default 0). A cost lowered in a year already spent
  is a removal (K223, `removals.py`);
- K226: a grant per person (income that follows the persons) new or raised, unless the
  policy sets `allow_new_income`;
- K227: the indexation (the price year, a kind's rate or index) changed from the base,
  unless the policy sets `allow_indexation_change`; a rate outside the policy's bounds is
  K224 on the file itself.
"""

from __future__ import annotations

from decimal import Decimal

from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.gate.policy import Policy
from kikcalc.gate.removals import costs, distinct_amount, history_end
from kikcalc.loading.strategy import Loaded
from kikcalc.model.message import Message, message
from kikcalc.model.money import convert
from kikcalc.model.schema import Strategy

ZERO = Decimal(0)
Version = tuple[Loaded, Evaluated]


def _savings(evaluated: Evaluated, unit: str) -> Decimal:
    """The savings of the period (every group with its grants, every savings line)."""
    projection = evaluated.results.projection
    if projection is None:
        return ZERO
    return convert(sum(projection.savings.values(), ZERO), evaluated.unit, unit)


def cost_cut(base: Version, proposal: Version, policy: Policy) -> Message | None:
    """K225: the cost of the years after the base's history, lowered more than the savings
    fall with it (a cost moved between those years is no cut)."""
    if policy.max_cost_cut is None:
        return None
    unit = proposal[1].unit
    last = history_end(*base)
    after = last if last is not None else min(base[1].plan.start, proposal[1].plan.start) - 1
    before, now = costs(base[1], unit), costs(proposal[1], unit)
    years = sorted(y for y in set(before) | set(now) if y > after)
    cut = sum((before.get(y, ZERO) - now.get(y, ZERO) for y in years), ZERO)
    fall = max(_savings(base[1], unit) - _savings(proposal[1], unit), ZERO)
    kept = cut - fall
    limit = convert(policy.max_cost_cut, "mio. kr.", unit)
    if cut <= 0 or kept <= limit:
        return None
    span = str(years[0]) if years[0] == years[-1] else f"{years[0]}-{years[-1]}"
    return message("k225", years=span, cut=distinct_amount(cut, unit, fall),
                   fall=distinct_amount(fall, unit, cut), kept=distinct_amount(kept, unit, limit),
                   limit=distinct_amount(limit, unit, kept))


def _grants(strategy: Strategy, unit: str) -> dict[tuple[str, str, str, str], Decimal]:
    """Each grant per person, summed over the lines that repeat it: every line is booked,
    so a grant listed twice is twice the income."""
    out: dict[tuple[str, str, str, str], Decimal] = {}
    for g in strategy.target_groups:
        for grant in g.grants:
            key = (g.name, grant.name, grant.per, grant.outcome)
            out[key] = out.get(key, ZERO) + convert(grant.amount, grant.unit, unit)
    return out


def new_income(base: Version, proposal: Version, policy: Policy) -> list[Message]:
    """K226: each grant per person the proposal adds or raises (per person, in one unit;
    the same grant for another outcome or `per` is another grant)."""
    if policy.allow_new_income:
        return []
    unit = proposal[1].unit
    before = _grants(base[0].strategy, unit)
    out = []
    for (group, name, per, outcome), amount in sorted(_grants(proposal[0].strategy,
                                                              unit).items()):
        old = before.get((group, name, per, outcome))
        if old is None or amount > old:
            out.append(message("k226_new" if old is None else "k226_raised", group=group,
                               name=name, per=per, outcome=outcome,
                               amount=distinct_amount(amount, unit, old or ZERO),
                               before=distinct_amount(old or ZERO, unit, amount)))
    return out


def _indexation(strategy: Strategy) -> dict[str, str]:
    """The indexation each kind follows, as comparable text ('' for none)."""
    out = {"price_year": str(strategy.price_year or "")}
    index = strategy.indexation
    for kind in ("benefits", "wages", "prices"):
        rule = index.rule(kind) if index is not None else None  # type: ignore[arg-type]
        if rule is None:
            out[kind] = ""
        elif rule.rate is not None:
            out[kind] = f"rate {rule.rate.normalize():f}"
        else:
            out[kind] = "index " + ", ".join(f"{y}: {v.normalize():f}"
                                             for y, v in sorted((rule.index or {}).items()))
    return out


def indexation_changed(base: Version, proposal: Version, policy: Policy) -> Message | None:
    """K227: the price year or any kind's rate or index differs from the base's."""
    if policy.allow_indexation_change:
        return None
    old, new = _indexation(base[0].strategy), _indexation(proposal[0].strategy)
    if base[0].strategy.indexation is None and proposal[0].strategy.indexation is None:
        return None  # a price year alone moves nothing
    changed = [k for k in old if old[k] != new[k]]
    if not changed:
        return None
    return message("k227", changes="; ".join(
        f"{k}: {old[k] or '-'} -> {new[k] or '-'}" for k in changed))


def paid_for(base: Version, proposal: Version, policy: Policy) -> list[tuple[str, Message]]:
    """Every finding of this module, with its code."""
    out: list[tuple[str, Message]] = []
    if (said := cost_cut(base, proposal, policy)) is not None:
        out.append(("K225", said))
    out += [("K226", m) for m in new_income(base, proposal, policy)]
    if (said := indexation_changed(base, proposal, policy)) is not None:
        out.append(("K227", said))
    return out
