"""Income lines that follow persons (issue 23, item 6): a grant per person into work or per
full-year person, moving with the reduction in net, sensitivity, breakeven and simulate.
The worked example of docs/grants.md (examples/integration-grant.yaml)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from kikcalc.analysis.contributions import Driver
from kikcalc.analysis.simulate import Distribution, net_by_draw, simulate, simulate_loop
from kikcalc.engine.plan import to_plan
from kikcalc.engine.projection import project
from kikcalc.loading.strategy import load_strategy
from tests.conftest import ROOT, kikcalc

EXAMPLE = "examples/integration-grant.yaml"


def test_the_grant_follows_the_persons_into_work() -> None:
    """2026: 20 x 0.75 x 76,500 = 1,147,500; 2027: (40 - 20) x 0.75 x 76,500 = 1,147,500;
    2028: no rise, no grant. With the saved benefit (0.75 x 104,800 a full-year person):
    savings 2,719,500 / 4,291,500 / 3,144,000; cumulative 6,255,000."""
    doc = kikcalc("net", EXAMPLE, "-f", "json").json()
    assert [(y["savings"], y["cumulative"]) for y in doc["years"]] == [
        ("2719500", "1419500"), ("4291500", "4411000"), ("3144000", "6255000")]
    text = kikcalc("net", EXAMPLE, "--lang", "en").stdout
    assert "grant per person Resultattilskud" in text and "2026 1,147,500; 2027 1,147,500" \
        in " ".join(text.split()), text


def test_sensitivity_and_breakeven_move_the_grant() -> None:
    """-25 % on the reduction: 0.75 x 10,155,000 - 3,900,000 = 3,716,250; -25 % on the unit
    cost moves only the saved benefit: 0.75 x 7,860,000 + 2,295,000 - 3,900,000 =
    4,290,000. Breakeven of the reduction: 3,900,000 / 10,155,000 = 38.4 %."""
    text = kikcalc("sensitivity", EXAMPLE, "--lang", "en").stdout
    assert "Reduction: Flygtninge        3,716,250" in text, text
    assert "4,290,000" in text, text
    doc = kikcalc("breakeven", EXAMPLE, "-f", "json").json()
    found = {d["kind"]: d["factor"] for d in doc["switching_values"]}
    # 3,900,000 / 10,155,000 and (3,900,000 - 2,295,000) / 7,860,000
    assert (found["reduction"], found["unit_cost"]) == ("0.384047", "0.204198"), doc


def test_simulate_moves_the_grant_as_the_engine_does() -> None:
    """The vectorised draws agree with the exact engine draw by draw."""
    pytest.importorskip("numpy")
    loaded, _ = load_strategy(str(ROOT / EXAMPLE))
    assert loaded is not None
    plan = to_plan(loaded.strategy)
    import numpy as np

    factors = {Driver("reduction", "Flygtninge"): np.array([0.6, 1.0, 1.1])}
    net = net_by_draw(plan, factors, 3)
    assert [round(float(v)) for v in net.sum(axis=1)] == [
        round(0.6 * 10_155_000 - 3_900_000), 6_255_000, round(1.1 * 10_155_000 - 3_900_000)]
    uncertain = {Driver("reduction", "Flygtninge"):
                 Distribution("triangular", (60.0, 100.0, 110.0))}
    fast = simulate(plan, uncertain, 200, 7)
    exact = sorted(simulate_loop(plan, uncertain, 200, 7))
    assert abs(fast.cumulative["p50"] - float((exact[99] + exact[100]) / 2)) < 1, (
        fast.cumulative, exact[99:101])


def test_a_grant_per_full_year_person_and_the_deadweight(tmp_path: Path) -> None:
    """31,680 kr. a year (ASSUMPTION: 2,640 a month x 12) per full-year person fewer in
    work, 10 fewer, 100 % into work, 20 % deadweight: 10 x 0.8 x 31,680 = 253,440; no
    retention taken (retention 50 % halves the saved benefit only)."""
    path = tmp_path / "g.yaml"
    path.write_text("""\
kikcalc: 1
name: Tilskud
period: {start: 2026, end: 2026}
unit: kr.
retention: 50
unit_costs: {kh: 100000}
target_groups:
  - name: G
    benefit: kh
    reduction: {2026: 10}
    deadweight: 20
    outcomes: {selvforsorgelse: 100}
    grants:
      - {name: Grundtilskud, amount: 31680, per: full_year_person}
""", encoding="utf-8")
    loaded, issues = load_strategy(str(path))
    assert loaded is not None, issues
    plan = to_plan(loaded.strategy)
    [group] = project(plan).groups
    assert group.grants == {"Grundtilskud": {2026: D("253440.00")}}
    assert group.total[2026] == 10 * D("0.8") * D("0.5") * 100000 + D("253440")


def test_k139_a_grant_names_an_outcome_of_its_group(tmp_path: Path) -> None:
    text = (ROOT / EXAMPLE).read_text(encoding="utf-8").replace(
        "outcome: selvforsorgelse", "outcome: job")
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    run = kikcalc("check", path, "--lang", "en")
    assert run.exit_code == 1
    assert "K139 group 'Flygtninge': grant 'Resultattilskud' follows the outcome 'job', " \
        "which the group does not have; its outcomes: selvforsorgelse, forbliver" in run.stdout


def test_the_json_names_the_grant() -> None:
    doc = kikcalc("net", EXAMPLE, "-f", "json").json()
    assert doc["groups"][0]["grants"] == [{"name": "Resultattilskud", "by_year": [
        {"year": 2026, "amount": "1147500"}, {"year": 2027, "amount": "1147500"},
        {"year": 2028, "amount": "0"}]}]
