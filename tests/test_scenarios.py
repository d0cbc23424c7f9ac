"""Scenarios and --set: overrides checked like the file itself, compared side by side."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kikcalc.loading.strategy import parse_scenarios, parse_strategy
from kikcalc.present.messages import message_text
from kikcalc.reading.overrides import (
    OverrideError,
    Overrides,
    check_scenarios,
    overridden,
    set_path,
)
from kikcalc.reading.set_schema import addable
from kikcalc.reading.strict_yaml import Positions
from tests.conftest import ROOT, kikcalc, write_strategy

E = "examples/eksempelby.yaml"


def test_scenarios_side_by_side() -> None:
    doc = kikcalc("scenarios", E, "-f", "json").json()
    rows = {r["scenario"]: r for r in doc["scenarios"]}
    assert rows["Planen"]["cumulative_at_end"] == "9.49"
    # lav: deadweight 25 % and kontanthjælp 95,000: saving per person 95,000 - 14,250 - 6,000
    # = 74,750 kr., kept 75 %: 310 full-year persons x 74,750 x 0.75 = 17.379375; less 15
    assert rows["lav"]["cumulative_at_end"] == "2.379375"
    assert rows["lav"]["payback_year"] == 2029
    # høj: 20 more full-year persons in 2029 x 79,000 = 1.58 more
    assert rows["høj"]["cumulative_at_end"] == "11.07"


def test_scenario_and_set_on_the_table_commands() -> None:
    lav = kikcalc("payback", E, "--scenario", "lav", "-f", "json").json()["payback"]
    assert lav["projected"]["cumulative_at_end"] == "2.379375"
    half = kikcalc("net", E, "--set", "target_groups.Jobparate.deadweight=50", "-f", "json")
    assert Decimal(half.json()["years"][0]["savings"]) == Decimal("0.79")


@pytest.mark.usefixtures("in_english")
def test_a_scenario_value_is_checked_like_the_file(tmp_path: Path) -> None:
    text = (ROOT / E).read_text(encoding="utf-8")
    path = write_strategy(tmp_path, text.replace("deadweight: 25", "deadweight: 250"))
    run = kikcalc("payback", path, "--scenario", "lav")
    assert run.exit_code == 1
    assert "K110 target_groups 'Jobparate' deadweight: must be 100 or less" in run.stderr
    bad = write_strategy(tmp_path, text.replace("unit_costs.kontanthjaelp", "unit_costs.kh"),
                         name="b.yaml")
    run = kikcalc("payback", bad)
    assert run.exit_code == 1
    assert "K136 scenario 'lav': unit_costs.kh: no key 'kh' in unit_costs" in run.stderr


def test_unknown_scenario_and_bad_set() -> None:
    run = kikcalc("payback", E, "--scenario", "nope")  # the command line's error: usage
    assert (run.exit_code, "--scenario nope: no such scenario in" in run.stderr) == (2, True)
    assert kikcalc("payback", E, "--set", "nothing").exit_code == 2


def test_set_path() -> None:
    data = {"a": [{"name": "x", "v": 1}], "b": {2025: 1}}
    assert set_path(data, "a.x.v", 2) is None
    assert set_path(data, "b.2026", 3) is None
    assert data == {"a": [{"name": "x", "v": 2}], "b": {2025: 1, 2026: 3}}
    assert set_path(data, "a.y.v", 2) == "no item 'y' in a"


def test_checking_scenarios_copies_only_their_paths() -> None:
    data: dict[str, Any] = {"a": [{"name": "x", "v": 1}, {"name": "y", "v": 2}],
                            "b": {2025: 1},
            "scenarios": {"s": {"a.x.v": 5, "b.2026": 3}, "t": {"a.z.v": 1}}}
    before = copy.deepcopy(data)
    issues = check_scenarios(data, Positions(), "f.yaml")
    said = [message_text(i.message, "en") for i in issues]
    assert said == ["scenario 't': a.z.v: no item 'z' in a"]
    assert data == before  # the document itself is never changed
    trial, issues = overridden(data, Positions(), "f.yaml", Overrides("s"))
    assert issues == [] and data == before
    assert trial["a"][0]["v"] == 5 and trial["b"] == {2025: 1, 2026: 3}
    assert trial["a"][1] is data["a"][1]  # what the scenario does not touch is shared


def test_a_later_path_sees_the_scenarios_earlier_values() -> None:
    data = {"a": {"b": 1}, "scenarios": {"s": {"a.b": 2, "a.b.c": 3}}}
    issues = check_scenarios(data, Positions(), "f.yaml")
    said = [message_text(i.message, "en") for i in issues]
    assert said == ["scenario 's': a.b.c: a.b is a single value, not a mapping or list"]


def test_all_scenarios_from_one_reading_are_each_scenario_alone(tmp_path: Path) -> None:
    text = (ROOT / E).read_text(encoding="utf-8")
    bad = text.replace("høj: {target_groups.Jobparate.reduction.2029: 100}",
                       "høj: {target_groups.Jobparate.deadweight: 250}\n  tom: {}")
    for name, source in (("good.yaml", text), ("bad.yaml", bad)):
        names = [n for n in ("lav", "høj", "tom") if f"  {n}: " in source]
        together = parse_scenarios(source, name, names)
        alone = [parse_strategy(source, name, Overrides(n)) for n in names]
        assert [(loaded and loaded.strategy, issues) for loaded, issues in together] == \
            [(loaded and loaded.strategy, issues) for loaded, issues in alone]
        with pytest.raises(OverrideError, match="--scenario nope: no such scenario"):
            parse_scenarios(source, name, ["nope"])
        with pytest.raises(OverrideError, match="--scenario nope: no such scenario"):
            parse_strategy(source, name, Overrides("nope"))
    issues = parse_scenarios(bad, "bad.yaml", ["høj"])[0][1]
    assert [i.code for i in issues] == ["K110"]
    assert "must be 100 or less" in message_text(issues[0].message, "en")


# --- --set may add a key the file leaves out, where the file format has it ---------------

KIK1 = ROOT / "strategies" / "kik1.yaml"
RETENTION_PARTS = """retention:
  parts:
    - {name: Udligning, kind: udligning, per_person: -200000, source: notat2018}
"""


def test_set_adds_a_value_inside_a_block_the_file_leaves_out() -> None:
    plain = kikcalc("payback", KIK1, "-f", "json", "--lang", "en")
    biased = kikcalc("payback", KIK1, "-f", "json", "--lang", "en",
                     "--set", "optimism_bias.reduction=25")
    assert (plain.exit_code, biased.exit_code) == (0, 0), biased.stderr
    assert "optimism" not in plain.stdout and "optimism" in biased.stdout


def test_set_adds_an_optional_key_of_a_retention_part(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ROOT / "strategies" / "budget-tables", tmp_path / "budget-tables")
    text = KIK1.read_text(encoding="utf-8").replace("retention: 100\n", RETENTION_PARTS)
    path = write_strategy(tmp_path, text)
    at_once = kikcalc("net", path, "-f", "json")
    later = kikcalc("net", path, "-f", "json", "--set", "retention.parts[Udligning].lag=2")
    assert (at_once.exit_code, later.exit_code) == (0, 0), later.stderr
    assert at_once.json() != later.json()  # the give-back moved two years on
    written = write_strategy(tmp_path, text.replace("-200000, source: notat2018}",
                                                    "-200000, source: notat2018, lag: 2}"),
                             "w.yaml")
    assert kikcalc("net", written, "-f", "json").json()["years"] == later.json()["years"]


@pytest.mark.parametrize(("item", "said"), [
    ("optimism_bias=25", "'optimism_bias' is a block of values (deadweight, investment, "
     "reduction, source, timing, unit_cost): set one of them"),
    ("bogus=1", "no key 'bogus' in the file (it may have: actuals, budget,"),
    ("comparison.area=Aabenraa", "'comparison' cannot be added with --set: write it in the "
     "file"),
    ("retention.tax=50", "retention is a single value, not a mapping or list"),
])
def test_set_refuses_what_the_format_has_no_place_for_in_one_line(item: str, said: str) -> None:
    run = kikcalc("payback", KIK1, "--set", item, "--lang", "en")
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1 and said in run.stderr, run.stderr


def test_a_value_set_in_a_new_block_is_held_to_its_rules() -> None:
    run = kikcalc("payback", KIK1, "--set", "optimism_bias.reduction=250", "--lang", "en")
    assert run.exit_code == 2 and run.stderr.startswith("kikcalc: --set optimism_bias"), \
        run.stderr


def test_set_of_a_block_keyed_by_the_files_own_keys_says_so_in_one_line() -> None:
    """`actuals` is a block keyed by years: no named key to suggest (was an IndexError,
    found by the fuzz test through a scenario `actuals: 0`)."""
    kind, reason = addable([], "actuals", True, "the file")
    assert kind is None and reason is not None
    assert reason.startswith("'actuals' is a block of values: set one of its entries")
