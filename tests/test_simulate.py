"""Monte Carlo: degenerate draws are the plan, the vectorised model is the engine, seeds
reproduce."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np

from kikcalc.analysis.sensitivity import Driver
from kikcalc.analysis.simulate import Distribution, _factors, net_by_draw, simulate, simulate_loop
from kikcalc.engine.projection import project
from kikcalc.evaluation.evaluated import evaluate_loaded
from kikcalc.loading.strategy import load_strategy
from tests.conftest import ROOT, kikcalc, write_strategy


def _evaluated(name: str):  # type: ignore[no-untyped-def]
    loaded, _ = load_strategy(str(ROOT / name))
    assert loaded is not None
    return evaluate_loaded(loaded)


def _uncertain(ev) -> dict[Driver, Distribution]:  # type: ignore[no-untyped-def]
    return {Driver(k, n): Distribution(d, tuple(float(p) for p in pts))
            for k, n, d, pts in ev.uncertainty}


def test_degenerate_distributions_reproduce_the_plan() -> None:
    ev = _evaluated("strategies/kik2.yaml")
    flat = {d: Distribution("triangular", (100.0, 100.0, 100.0)) for d in _uncertain(ev)}
    result = simulate(ev.plan, flat, 1_000, 7)
    exact = ev.results.series["projected"].payback
    assert abs(result.cumulative["p50"] - float(exact.cumulative_at_end)) < 1e-9
    assert result.cumulative["p10"] == result.cumulative["p90"]
    index = result.years.index(exact.year)
    assert result.paid_back_by[index] == 1.0
    assert result.paid_back_by[index - 1] == 0.0


def test_vectorised_net_is_the_engine_draw_by_draw() -> None:
    ev = _evaluated("strategies/kik2.yaml")
    uncertain = _uncertain(ev)
    vectorised = np.cumsum(net_by_draw(ev.plan, _factors(uncertain, 50, 3), 50),
                           axis=1)[:, -1]
    looped = simulate_loop(ev.plan, uncertain, 50, 3)
    assert np.allclose(vectorised, [float(x) for x in looped], rtol=0, atol=1e-9)


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    args = ("simulate", "strategies/kik2.yaml", "--draws", "20000", "--seed", "5")
    assert kikcalc(*args).stdout == kikcalc(*args).stdout
    assert kikcalc(*args).stdout != kikcalc(*args[:-1], "6").stdout
    doc = kikcalc(*args, "-f", "json").json()
    assert [p["year"] for p in doc["paid_back_by"]] == list(range(2018, 2023))
    assert doc["cumulative_at_end"]["p10"] <= doc["cumulative_at_end"]["p90"]


def test_a_file_without_uncertainty_gives_the_plan() -> None:
    run = kikcalc("simulate", "strategies/kijos.yaml", "--draws", "10", "-f", "json")
    assert run.exit_code == 0
    assert "kikcalc: advarsel: strategies/kijos.yaml har ingen `uncertainty`-blok, så hver " \
        "simulation er lig planen" in run.stderr
    english = kikcalc("simulate", "strategies/kijos.yaml", "--draws", "10", "--lang", "en")
    assert "kikcalc: warning: strategies/kijos.yaml has no `uncertainty` block, so every " \
        "draw equals the plan" in english.stderr
    doc = run.json()
    assert doc["cumulative_at_end"]["p50"] == float(
        kikcalc("payback", "strategies/kijos.yaml", "-f", "json").json()["payback"][
            "projected"]["cumulative_at_end"])
    ev = _evaluated("strategies/kijos.yaml")
    assert float(sum(project(ev.plan).net.values(), Decimal(0))) == doc["npv"]["p50"]


def test_uncertainty_rules(tmp_path: Path) -> None:
    text = (ROOT / "examples/eksempelby.yaml").read_text(encoding="utf-8")
    for bad, words in (("triangular: [60, 100, 110]}",
                        "triangular: [60, 100, 110], uniform: [1, 2]}"),
                       ("name: Jobparate, triangular", "name: Nobody, triangular"),
                       ("[60, 100, 110]", "[60, 120, 110]")):
        path = write_strategy(tmp_path, text.replace(bad, words))
        run = kikcalc("payback", path)
        assert run.exit_code == 1
        assert ": K135 " in run.stderr


def test_chunks_do_not_change_the_result(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kikcalc.analysis.simulate as sim

    ev = _evaluated("strategies/kik2.yaml")
    whole = simulate(ev.plan, _uncertain(ev), 500, 9)
    monkeypatch.setattr(sim, "CHUNK", 7)
    seen: list[int] = []
    chunked = sim.simulate(ev.plan, _uncertain(ev), 500, 9, seen.append)
    assert chunked == whole
    assert seen[0] == 7 and seen[-1] == 500


def test_a_seed_gives_the_same_result_whatever_the_chunk_size(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kikcalc.analysis.simulate as sim

    ev = _evaluated("strategies/kik2.yaml")
    draws = 2 * sim.BLOCK + 300  # chunks that end inside blocks and span them
    results = []
    for chunk in (1000, 5000, 333):
        monkeypatch.setattr(sim, "CHUNK", chunk)
        results.append(sim.simulate(ev.plan, _uncertain(ev), draws, 3))
    assert results[0] == results[1] == results[2]
    assert results[0] != sim.simulate(ev.plan, _uncertain(ev), draws, 4)


def test_draws_come_from_the_seeds_children_block_by_block() -> None:
    import kikcalc.analysis.simulate as sim

    uncertain = _uncertain(_evaluated("strategies/kik2.yaml"))
    order = sorted(uncertain, key=lambda d: (d.kind, d.name))
    draws = sim.BLOCK + 10
    children = np.random.SeedSequence(5).spawn(2)
    expected: dict[Driver, list[float]] = {d: [] for d in order}
    for child, n in zip(children, (sim.BLOCK, 10), strict=True):
        rng = np.random.default_rng(child)
        for d in order:
            expected[d] += list(sim._draw(rng, uncertain[d], n))
    factors = _factors(uncertain, draws, 5)
    assert {d: list(v) for d, v in factors.items()} == expected


def test_memory_holds_a_bounded_number_of_drawn_factors(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kikcalc.analysis.simulate as sim

    ev = _evaluated("strategies/kik2.yaml")
    uncertain = _uncertain(ev)
    monkeypatch.setattr(sim, "FACTOR_CELLS", 1000)
    sizes: list[int] = []
    evaluate = sim.net_by_draw

    def recorded(plan, factors, n, other=None):  # type: ignore[no-untyped-def]
        sizes.append(n)
        return evaluate(plan, factors, n, other)

    monkeypatch.setattr(sim, "net_by_draw", recorded)
    bounded = sim.simulate(ev.plan, uncertain, 3000, 1)
    assert max(sizes) * len(uncertain) <= 1000 and sum(sizes) == 3000
    monkeypatch.undo()
    assert bounded == sim.simulate(ev.plan, uncertain, 3000, 1)
