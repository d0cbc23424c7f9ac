"""Monte Carlo: how likely is payback, when the drivers are uncertain?

Each `uncertainty` entry of the strategy file gives a distribution of one driver (the
drivers of `sensitivity.py`) in percent of plan: triangular, uniform, normal or PERT. A
draw multiplies each driver by its factor; the projection is then evaluated chunk by
chunk of draws with numpy (an optional extra, imported only here), in floating point:
a simulation estimates, so the exact Decimal figures stay with the other commands. With
every distribution degenerate (all points at 100 %) each draw is the plan itself.

For draws x years, the net effect is
  sum over groups g and outcomes d of  R_g(t) f_red,g (1 - dw_g f_dw,g) retention
      s_d(f_share,g) (c_g(t) f_uc,g - c_d(t) f_uc,d)
  + other(t) - sum over lines l of C_l(t) f_inv,l,
and payback is the year from which the cumulative net stays >= 0 (as in the engine).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from kikcalc.analysis.sensitivity import SELF, Driver, scaled
from kikcalc.engine.grants import amount_in, persons_for
from kikcalc.engine.projection import find_payback, project
from kikcalc.engine.results import Group, Plan
from kikcalc.engine.within_year import price_in_year
from kikcalc.record import Record

ZERO = Decimal(0)


class Distribution(Record):
    kind: str  # triangular | uniform | normal | pert
    points: tuple[float, ...]  # percent of plan


class Simulation(Record):
    draws: int
    seed: int
    years: tuple[int, ...]
    paid_back_by: tuple[float, ...]  # share of draws paid back by each year
    cumulative: Mapping[str, float]  # P10 / P50 / P90 at the horizon
    npv: Mapping[str, float]


def _draw(rng: Any, dist: Distribution, n: int) -> Any:
    import numpy as np

    p = [x / 100 for x in dist.points]
    if dist.kind == "uniform":
        return rng.uniform(p[0], p[1], n) if p[1] > p[0] else np.full(n, p[0])
    if dist.kind == "normal":
        return rng.normal(p[0], p[1], n)
    low, mode, high = p
    if high <= low:
        return np.full(n, mode)
    if dist.kind == "triangular":
        return rng.triangular(low, mode, high, n)
    alpha = 1 + 4 * (mode - low) / (high - low)  # PERT: a beta on [low, high]
    beta = 1 + 4 * (high - mode) / (high - low)
    return low + (high - low) * rng.beta(alpha, beta, n)


def mean_percent(kind: str, points: Sequence[Decimal]) -> Decimal:
    """The mean of a distribution of `uncertainty`, in percent of plan: where its draws
    centre. Triangular (min + mode + max) / 3, PERT (min + 4 mode + max) / 6, uniform
    (min + max) / 2, normal its mean. KIK-II's reductions, triangular [50, 100, 110]:

    >>> [mean_percent(kind, [Decimal(p) for p in points]).quantize(Decimal("0.01"))
    ...  for kind, points in (("triangular", (50, 100, 110)), ("pert", (95, 100, 125)))]
    [Decimal('86.67'), Decimal('103.33')]
    """
    if kind == "normal":
        return points[0]
    if kind == "uniform":
        return (points[0] + points[-1]) / 2
    low, mode, high = points
    return (low + 4 * mode + high) / 6 if kind == "pert" else (low + mode + high) / 3


# Draws per random sub-stream. Fixed, so what a seed draws never depends on how many draws
# are evaluated at once; small, so the drawn factors held at once stay small with many
# uncertain drivers.
BLOCK = 1024


def _block(uncertain: Mapping[Driver, Distribution], seed: int, index: int, n: int
           ) -> dict[Driver, Any]:
    """Block `index` of a seed: its own generator, seeded by the `index`-th child of
    `SeedSequence(seed)` (what `SeedSequence(seed).spawn(index + 1)[index]` gives), and
    the drivers drawn from it in a fixed order."""
    import numpy as np

    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
    return {d: _draw(rng, uncertain[d], n)
            for d in sorted(uncertain, key=lambda d: (d.kind, d.name))}


def _chunks(uncertain: Mapping[Driver, Distribution], draws: int, seed: int, size: int
            ) -> Iterator[dict[Driver, Any]]:
    """The factors of `draws` draws, `size` draws at a time, made block by block."""
    import numpy as np

    block: dict[Driver, Any] = {}
    index = offset = length = 0
    for start in range(0, draws, size):
        n = min(size, draws - start)
        chunk = {d: np.empty(n) for d in uncertain}
        filled = 0
        while uncertain and filled < n:
            if offset == length:
                length = min(BLOCK, draws - index * BLOCK)
                block, index, offset = _block(uncertain, seed, index, length), index + 1, 0
            take = min(n - filled, length - offset)
            for d, values in chunk.items():
                values[filled:filled + take] = block[d][offset:offset + take]
            filled, offset = filled + take, offset + take
        yield chunk


def _factors(uncertain: Mapping[Driver, Distribution], n: int, seed: int
             ) -> dict[Driver, Any]:
    """All `n` draws at once (for the tests and the benchmark's reference loop)."""
    return next(_chunks(uncertain, n, seed, n))


def _vector(values: Mapping[int, Decimal], years: Sequence[int]) -> Any:
    import numpy as np

    return np.array([float(values.get(y, ZERO)) for y in years])


def _unit_cost(plan: Plan, benefit: str | None, years: Sequence[int],
               group: Group | None = None) -> Any:
    """The unit cost by year; for a group whose persons and this price both change within
    a year, the person-weighted price (engine.within_year), as the engine prices it."""
    import numpy as np

    if benefit is None:  # work: the tax gained, as in the engine's unit_cost
        return np.full(len(years), -float(plan.work_gain))
    cost = plan.unit_costs[benefit]
    if group is not None and any(benefit in w for w in group.within_year.values()):
        return np.array([float(price_in_year(group.within_year, benefit, y, cost[y] if
                                             isinstance(cost, Mapping) else cost))
                         for y in years])
    if isinstance(cost, Mapping):
        return _vector(cost, years)
    return np.full(len(years), float(cost))


def _fixed(plan: Plan, years: Sequence[int]) -> Any:
    """What no driver moves: the other effects, and the parts of a retention by parts as
    the plan has them (ASSUMPTION: held at plan, not moved with the drawn reductions)."""
    projection = project(plan)
    fixed = dict(projection.other)
    for part in projection.retention_parts.values():
        fixed = {year: value + part.get(year, Decimal(0)) for year, value in fixed.items()}
    return _vector(fixed, years)


def net_by_draw(plan: Plan, factors: Mapping[Driver, Any], n: int, other: Any = None) -> Any:
    """Net effect, draws x years, vectorised over draws (`other`: the other effects by
    year, when the caller has them already)."""
    import numpy as np

    years = list(plan.years)
    one = np.ones(n)
    net = np.zeros((n, len(years)))
    for group in plan.groups:
        reduction = factors.get(Driver("reduction", group.name), one)
        deadweight = factors.get(Driver("deadweight", group.name), one)
        kept = (1 - np.minimum(float(group.deadweight) * deadweight, 100) / 100) \
            * float(plan.retention) * reduction
        own = factors.get(Driver("share", group.name), one)
        self_share = next((float(d.share) for d in group.destinations
                           if d.name.lower() in SELF), 0.0)
        new_self = np.minimum(self_share * own, 100)
        rest = (100 - new_self) / (100 - self_share) if self_share < 100 else np.zeros(n)
        left = _unit_cost(plan, group.benefit, years, group)
        f_left = factors.get(Driver("unit_cost", group.benefit), one)
        persons = _vector(group.reduction, years)
        for d in group.destinations:
            share = new_self if d.name.lower() in SELF else float(d.share) * rest
            f_dest = factors.get(Driver("unit_cost", d.benefit or ""), one)
            landed = _unit_cost(plan, d.benefit, years, group)
            per_person = np.outer(f_left, left) - np.outer(f_dest, landed)
            net += (kept * share / 100)[:, None] * per_person * persons[None, :]
            for grant in (g for g in group.grants if g.outcome == d.name):  # engine.grants
                paid = _vector({y: n * amount_in(grant, y) for y, n in persons_for(
                    grant, group.reduction, plan.years).items()}, years)
                gained = (1 - np.minimum(float(group.deadweight) * deadweight, 100) / 100) \
                    * reduction * share / 100
                net += gained[:, None] * paid[None, :]
    for line in plan.costs:
        f_line = factors.get(Driver("investment", line.name), one)
        net -= np.outer(f_line, _vector(line.amounts, years))
    if other is None:
        other = _fixed(plan, years)
    return net + other[None, :]


CHUNK = 16_384  # draws evaluated at once: bounded memory, and a step for the progress bar
FACTOR_CELLS = 2_000_000  # at most this many drawn factors held at once (16 MB)


def simulate(plan: Plan, uncertain: Mapping[Driver, Distribution], draws: int, seed: int,
             progress: Callable[[int], None] | None = None) -> Simulation:
    """Draws made and evaluated chunk by chunk, from sub-streams of the seed in blocks of
    BLOCK draws, so the result depends on the seed alone, not on the chunk size; memory
    holds one chunk and the two results per draw that the percentiles need. `progress` is
    told how many draws are done after each chunk."""
    import numpy as np

    years = list(plan.years)
    rate = float(plan.discount_rate) / 100
    discount = (1 + rate) ** -np.arange(len(years))
    other = _fixed(plan, years)
    size = max(1, min(CHUNK, FACTOR_CELLS // max(1, len(uncertain))))
    paid_at = np.zeros(len(years) + 1, dtype=np.int64)  # draws by payback year index
    ends, npvs = np.empty(draws), np.empty(draws)
    start = 0
    for chunk in _chunks(uncertain, draws, seed, size):
        stop = start + len(next(iter(chunk.values()))) if chunk else min(start + size, draws)
        net = net_by_draw(plan, chunk, stop - start, other)
        cumulative = np.cumsum(net, axis=1)
        negative = cumulative < 0
        last_negative = len(years) - 1 - np.argmax(negative[:, ::-1], axis=1)
        index = np.where(negative.any(axis=1), last_negative + 1, 0)
        paid_at += np.bincount(np.where(cumulative[:, -1] < 0, len(years), index),
                               minlength=len(years) + 1)
        ends[start:stop] = cumulative[:, -1]
        npvs[start:stop] = net @ discount
        start = stop
        if progress is not None:
            progress(stop)
    paid_by = tuple(float(n) / draws for n in np.cumsum(paid_at)[:-1])

    def quantiles(values: Any) -> dict[str, float]:
        p10, p50, p90 = np.quantile(values, [0.1, 0.5, 0.9], overwrite_input=True)
        return {"p10": float(p10), "p50": float(p50), "p90": float(p90)}

    return Simulation(draws, seed, tuple(years), paid_by, quantiles(ends), quantiles(npvs))


def simulate_loop(plan: Plan, uncertain: Mapping[Driver, Distribution], draws: int,
                  seed: int) -> list[Decimal]:
    """The same draws through the exact engine, one at a time: the benchmark's reference."""

    factors = _factors(uncertain, draws, seed)
    out = []
    for i in range(draws):
        drawn = plan
        for driver, values in factors.items():
            drawn = scaled(drawn, driver, Decimal(repr(float(values[i]))))
        out.append(find_payback(project(drawn).net, plan.start).cumulative_at_end)
    return out
