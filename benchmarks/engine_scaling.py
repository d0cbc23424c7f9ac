"""Engine time as target groups grow from 10 to 10,000 and years from 5 to 50.

Run: python benchmarks/engine_scaling.py. The engine does a fixed amount of work per
group, outcome and year, so time per group-year should stay about flat.
"""

from __future__ import annotations

import time
from decimal import Decimal

from kikcalc.engine.projection import evaluate
from kikcalc.engine.results import CostLine, Destination, Group, Plan


def synthetic(groups: int, years: int) -> Plan:
    span = range(2025, 2025 + years)
    destinations = (Destination("selvforsorgelse", Decimal(80), None),
                    Destination("skift", Decimal(15), "kh"), Destination("fleks", Decimal(5), "fj"))
    return Plan(
        2025, 2024 + years,
        costs=(CostLine("c", "staff", {y: Decimal("1.5") for y in span}),),
        groups=tuple(Group(f"g{i}", "kh", {y: Decimal(10 + i % 7) for y in span},
                           destinations) for i in range(groups)),
        unit_costs={"kh": Decimal("0.1"), "fj": Decimal("0.12")},
    )


def timed(groups: int, years: int) -> float:
    plan = synthetic(groups, years)
    start = time.perf_counter()
    evaluate(plan)
    return time.perf_counter() - start


def rows() -> list[tuple[str, float, float]]:
    out = []
    for groups, years in ((10, 5), (100, 5), (1_000, 5), (10_000, 5), (100, 50), (1_000, 50)):
        seconds = min(timed(groups, years) for _ in range(3))
        out.append((f"engine: {groups:,} groups x {years} years", seconds,
                    seconds / (groups * years) * 1e6))
    return out


if __name__ == "__main__":
    for name, seconds, per in rows():
        print(f"{name:36} {seconds * 1000:9.1f} ms  {per:6.2f} us per group-year")
