"""What `kikcalc simulate` prints: the chance of payback by each year, and P10 / P50 / P90
of the cumulative net at the horizon and of the net present value."""

from __future__ import annotations

import sys
from decimal import Decimal

from kikcalc.analysis.sensitivity import Driver
from kikcalc.analysis.simulate import Distribution, Simulation, mean_percent, simulate
from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.present.jsondoc import dumps
from kikcalc.present.labels import label
from kikcalc.present.render import TABLE_RENDERERS
from kikcalc.present.tables import Cell, Column, Table
from kikcalc.text.formatting import format_amount, format_count

PROGRESS_FROM = 500_000  # draws; below this the run is over before a bar would show


def run_simulation(ev: Evaluated, draws: int, seed: int) -> Simulation:
    uncertain = {Driver(kind, name): Distribution(dist, tuple(float(p) for p in points))
                 for kind, name, dist, points in ev.uncertainty}
    if draws < PROGRESS_FROM or not sys.stderr.isatty():
        return simulate(ev.plan, uncertain, draws, seed)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("simulating", total=draws)
        return simulate(ev.plan, uncertain, draws, seed,
                        lambda done: bar.update(task, completed=done))


def render_simulation(ev: Evaluated, draws: int, seed: int, fmt: str, lang: str
                      ) -> str | list[Table]:
    result = run_simulation(ev, draws, seed)
    if fmt == "json":
        return dumps({"name": ev.name, "unit": ev.unit, "draws": draws, "seed": seed,
                      "uncertainty": [{"driver": k, "name": n, "distribution": d,
                                       "points": [str(p) for p in pts]}
                                      for k, n, d, pts in ev.uncertainty],
                      "paid_back_by": [{"year": y, "probability": round(p, 6)}
                                       for y, p in zip(result.years, result.paid_back_by,
                                                       strict=True)],
                      "cumulative_at_end": {k: round(v, 6) for k, v in result.cumulative.items()},
                      "npv": {k: round(v, 6) for k, v in result.npv.items()}})
    title = label("title_simulation", lang, draws=format_count(draws, lang), seed=seed)
    chance = Table(f"{ev.name}: {title}",
                   (Column(label("year", lang), "year"), Column(label("chance", lang), "count")),
                   tuple((y, Decimal(repr(round(p * 100, 1))))
                         for y, p in zip(result.years, result.paid_back_by, strict=True)),
                   (label("simulation_note", lang, count=len(ev.uncertainty)),), ev.decimals,
                   kind="simulation")

    def row(key: str, values: dict[str, float]) -> tuple[Cell, ...]:
        return (label(key, lang, end=ev.plan.end),
                *(Decimal(repr(values[q])) for q in ("p10", "p50", "p90")))

    spread = Table(label("title_quantiles", lang, unit=ev.unit),
                   (Column(label("measure", lang), "text"), Column("P10"), Column("P50"),
                    Column("P90")),
                   (row("q_cumulative", dict(result.cumulative)), row("q_npv", dict(result.npv))),
                   tuple(skew_note(ev, dict(result.cumulative), lang)), ev.decimals,
                   kind="quantiles")
    if fmt == "tables":
        return [chance, spread]
    return TABLE_RENDERERS[fmt]([chance, spread], lang)


def skew_note(ev: Evaluated, cumulative: dict[str, float], lang: str) -> list[str]:
    """Why the median is far from the plan (more than a quarter of the P10-P90 width away),
    when the ranges of `uncertainty` are not centred on the plan. KIK-II: reductions of
    40-110 % of plan average 83-87 %, the investment 95-125 % averages 103 %, so the
    median (0.9) is far below the plan (11.3)."""
    series = ev.results.series.get("projected")
    if series is None:
        return []
    plan, p50 = series.payback.cumulative_at_end, Decimal(repr(cumulative["p50"]))
    width = Decimal(repr(cumulative["p90"])) - Decimal(repr(cumulative["p10"]))
    shown = format_amount(p50, ev.decimals, lang), format_amount(plan, ev.decimals, lang)
    parts = _off_centre(ev, lang)
    if abs(p50 - plan) <= width / 4 or shown[0] == shown[1] or not parts:
        return []
    side = label("side_below" if p50 < plan else "side_above", lang)
    return [label("simulation_skew", lang, p50=shown[0], side=side, plan=shown[1],
                  parts="; ".join(parts))]


def _off_centre(ev: Evaluated, lang: str) -> list[str]:
    """Each kind of driver whose draws centre away from the plan: its mean and its range
    in percent of plan (a normal distribution has no range to give)."""
    found: dict[str, list[tuple[Decimal, str, tuple[Decimal, ...]]]] = {}
    for kind, _, dist, points in ev.uncertainty:
        if (mean := mean_percent(dist, points)) != 100:
            found.setdefault(kind, []).append((mean, dist, points))

    def whole(value: Decimal) -> str:
        return format_amount(value, 0, lang)

    parts = []
    for kind, drivers in found.items():
        means = sorted(m for m, _, _ in drivers)
        centre = "-".join(dict.fromkeys((whole(means[0]), whole(means[-1]))))  # 83-87, 103
        bounded = [p for _, dist, p in drivers if dist != "normal"]
        span = label("simulation_skew_range", lang, low=whole(min(min(p) for p in bounded)),
                     high=whole(max(max(p) for p in bounded))) if bounded else ""
        parts.append(label("simulation_skew_part", lang, kind=label(f"uncertain_{kind}", lang),
                           mean=centre, range=span))
    return parts


def simulation_tables(ev: Evaluated, lang: str, draws: int = 100_000, seed: int = 1
                      ) -> list[Table]:
    """The chance and spread tables for the memo, when the file declares uncertainty and
    numpy is installed; otherwise none."""
    if not ev.uncertainty:
        return []
    try:
        import numpy  # noqa: F401
    except ImportError:
        return []
    text = render_simulation(ev, draws, seed, "tables", lang)
    assert isinstance(text, list)
    return text
