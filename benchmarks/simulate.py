"""Monte Carlo benchmark: 100,000 draws of KIK-II, vectorised, against a pure-Python loop
over the exact engine with the same draws (timed on fewer draws and scaled per draw).

Run: python benchmarks/simulate.py [draws] [loop_draws]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kikcalc.analysis.sensitivity import Driver
from kikcalc.analysis.simulate import Distribution, simulate, simulate_loop
from kikcalc.evaluation.evaluated import evaluate_loaded
from kikcalc.loading.strategy import load_strategy

ROOT = Path(__file__).resolve().parent.parent


def measure(draws: int = 100_000, loop_draws: int = 2_000) -> tuple[float, float]:
    """Seconds for `draws` draws vectorised, and (scaled) through a pure-Python loop."""
    loaded, _ = load_strategy(str(ROOT / "strategies" / "kik2.yaml"))
    assert loaded is not None
    ev = evaluate_loaded(loaded)
    uncertain = {Driver(k, n): Distribution(d, tuple(float(p) for p in pts))
                 for k, n, d, pts in ev.uncertainty}
    simulate(ev.plan, uncertain, 1_000, 1)  # warm up numpy
    start = time.perf_counter()
    simulate(ev.plan, uncertain, draws, 1)
    vectorised = time.perf_counter() - start
    start = time.perf_counter()
    simulate_loop(ev.plan, uncertain, loop_draws, 1)
    loop = (time.perf_counter() - start) / loop_draws * draws
    return vectorised, loop


def main(draws: int = 100_000, loop_draws: int = 2_000) -> None:
    vectorised, loop = measure(draws, loop_draws)
    print(f"vectorised, {draws:,} draws of KIK-II: {vectorised:.2f} s")
    print(f"pure-Python loop over the engine: {loop:.1f} s for {draws:,} draws "
          f"(measured on {loop_draws:,})")
    print(f"speed-up: {loop / vectorised:.0f}x")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
