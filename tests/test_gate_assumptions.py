"""K228 judged directly (`kikcalc.gate.assumptions`), beside the pull requests of
test_gate_hostile3.py: the cases a pull request shows less clearly (a change of more
assumptions than the gate evaluates one by one, an assumption the base's value no longer
fits, thousands of claimed lines) and the policy setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from kikcalc.gate.assumptions import MAX_TRIALS, assumptions_changed
from kikcalc.gate.policy import Policy, PolicyError, parse_policy
from kikcalc.gate.strictness import strictest
from kikcalc.loading.strategy import Loaded, parse_strategy

KIK1 = (Path(__file__).parent.parent / "strategies/kik1.yaml").read_text("utf-8")
COSTS = "  source: budget2021\n"  # the last line of KIK-I's unit_costs
OUTCOME = "anden_forsorgelse: {share: 24, benefit: fleksjob"


def _load(text: str) -> Loaded:
    loaded, issues = parse_strategy(text, "strategies/kik1.yaml")
    assert loaded is not None, issues
    return loaded


def _keys(base: str, proposal: str) -> list[str]:
    found = assumptions_changed(_load(base), _load(proposal), Policy())
    return [said.key for said, _ in found]


def test_more_changed_assumptions_than_are_evaluated_is_one_finding() -> None:
    """Each trial evaluates the whole strategy: past MAX_TRIALS changed assumptions the
    change is one finding, not a long wait (a 1 MB file could hold thousands)."""
    def costs(n: int, amount: int) -> str:
        return KIK1.replace(COSTS, COSTS + "".join(f"  x{i}: {amount}\n" for i in range(n)))

    assert _keys(costs(MAX_TRIALS + 1, 100), costs(MAX_TRIALS + 1, 200)) == ["k228_many"]
    assert _keys(costs(MAX_TRIALS, 100), costs(MAX_TRIALS, 200)) == []  # unused: no effect


def test_an_assumption_the_base_value_no_longer_fits_is_a_finding() -> None:
    """The outcome's benefit renamed (egen -> egen2) and made cheaper: the base's outcomes
    name a benefit the proposal does not price, so the effect cannot be measured."""
    base = KIK1.replace(COSTS, COSTS + "  egen: 100\n").replace(
        OUTCOME, OUTCOME.replace("fleksjob", "egen"))
    proposal = KIK1.replace(COSTS, COSTS + "  egen2: 90\n").replace(
        OUTCOME, OUTCOME.replace("fleksjob", "egen2"))
    assert _keys(base, proposal) == ["k228_unclear"]
    assert _keys(base, base) == []


def test_thousands_of_claimed_lines_are_judged_without_evaluating_each() -> None:
    lines = "".join(f"  - {{name: L{i}, by_year: {{2019: 0.001}}, source: notat2018}}\n"
                    for i in range(3000))
    keys = _keys(KIK1, KIK1 + "other_effects:\n" + lines)
    assert keys == ["k228_amount"] * 3000


@pytest.mark.parametrize(("before", "after", "found"), [
    ("{2018: 5, 2019: 5}", "{2018: 10}", True),  # sooner: 2018 looks better
    ("{2018: 5, 2019: 5}", "{2018: 4, 2019: 6}", False),  # later, same total
    ("{2019: 10}", "{2019: 10.0}", False)], ids=["sooner", "later", "same"])
def test_a_claimed_line_moved_sooner_is_raised(before: str, after: str, found: bool) -> None:
    line = "savings:\n  - {name: S, by_year: BY, source: notat2018}\n"
    keys = _keys(KIK1 + line.replace("BY", before), KIK1 + line.replace("BY", after))
    assert keys == (["k228_amount"] if found else [])


def test_the_policy_setting() -> None:
    """Off by default; of two policies, allowed only when both allow it; only a boolean."""
    assert not Policy().allow_assumption_change
    allowed = parse_policy("[diff]\nallow_assumption_change = true\n", "a.toml")
    assert allowed.allow_assumption_change
    assert not strictest(allowed, Policy()).allow_assumption_change
    assert strictest(allowed, allowed).allow_assumption_change
    with pytest.raises(PolicyError, match="must be true or false"):
        parse_policy("[diff]\nallow_assumption_change = \"yes\"\n", "a.toml")
    proposal = _load(KIK1 + "savings:\n  - {name: S, by_year: {2019: 9}, source: notat2018}\n")
    assert assumptions_changed(_load(KIK1), proposal, allowed) == []


GROUP = "  - name: Aktivitetsparate kontanthjælpsmodtagere\n"


def test_a_renamed_group_keeps_its_assumptions() -> None:
    """The group renamed and its deadweight lowered (10 -> 0): paired with the base's
    group it replaces, the lowered deadweight is found; renamed alone, nothing is."""
    base = KIK1.replace("    baseline: 1008", "    deadweight: 10\n    baseline: 1008")
    renamed = base.replace(GROUP, GROUP.replace("Aktivitetsparate", "Omdøbte"))
    assert _keys(base, renamed.replace("deadweight: 10", "deadweight: 0")) == ["k228"]
    assert _keys(base, renamed) == []



@pytest.mark.parametrize(("benefit", "found"), [("fleksjob", True), ("uden_pris", False)],
                         ids=["dearer", "unpriced"])
def test_the_benefit_left_made_a_dearer_one(benefit: str, found: bool) -> None:
    """The group said to leave fleksjob (115.2 t.kr.) instead of kontant- og
    uddannelseshjælp (104.5): each person moved saves more, K228; a benefit the proposal
    prices itself at nothing saves less and passes."""
    leaves = "    benefit: kontant_uddannelseshjaelp\n"
    proposal = KIK1.replace(leaves, f"    benefit: {benefit}\n").replace(
        COSTS, COSTS + ("  uden_pris: 0\n" if benefit == "uden_pris" else ""))
    assert _keys(KIK1, proposal) == (["k228"] if found else [])
