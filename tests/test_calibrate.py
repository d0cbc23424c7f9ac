"""`kikcalc calibrate DIR` (issue 24): realised against claimed per driver across the
folder examples/calibration (five strategies written from public cases, marked as such),
the distribution, the default optimism-bias adjustment, priors for simulate, and a
strategy's own `optimism_bias` beside the plan."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kikcalc.analysis.calibrate import DriverRecord, calibrate
from tests.conftest import ROOT, kikcalc

FOLDER = ROOT / "examples" / "calibration"
KIK1 = ROOT / "strategies" / "kik1.yaml"


def _doc() -> dict:  # type: ignore[type-arg]
    run = kikcalc("calibrate", FOLDER, "--format", "json", "--for", KIK1)
    assert run.exit_code == 0, run.stderr
    return json.loads(run.stdout)  # type: ignore[no-any-return]


def test_the_record_of_each_strategy_by_hand() -> None:
    """KIK-I from its counts: (445 + 509) / (400 + 500) = 106 %; KIK-II 225 of 300 in 2020
    = 75 %; the CV-boost 16 of 120 = 13.3 %; Silkeborg 32 of 30 = 106.7 %; KIJOS 63 of 90
    = 70 %. KIJOS's investment 35.0 against 32.0 planned to 2023 = 109.4 %; its payback
    2023 against the planned 2021: 2 years late."""
    doc = _doc()
    assert doc["strategies"] == 5
    reduction = {r["strategy"].split(" (")[0]: Decimal(r["value"]) for r in doc["records"]
                 if r["driver"] == "reduction"}
    assert reduction["KIK-I Aabenraa"] == Decimal(106)
    assert reduction["KIK-II Aabenraa"] == Decimal(75)
    assert round(reduction["Odense CV-boost"], 2) == Decimal("13.33")
    assert round(reduction["Silkeborg udsatte kontanthjælpsmodtagere"], 2) == Decimal("106.67")
    assert reduction["KIJOS Aabenraa"] == Decimal(70)
    timing = [r for r in doc["records"] if r["driver"] == "timing"]
    assert {(r["claimed"], r["realised"], r["value"]) for r in timing} == {
        ("2021", "2023", "2"), ("2017", "2016", "-1")}


def test_the_distribution_and_the_default_adjustment() -> None:
    """Reductions 13.3, 70, 75, 106, 106.7: median 75, so the default adjustment is 25 %;
    investment 100, 109.4, 110: median 109.375, 9.375 % overrun; deadweight +10 and +20
    points: 15; timing -1 and +2 years: median 0.5, rounded up to 1 year."""
    doc = _doc()
    spread = {s["driver"]: s for s in doc["distribution"]}
    assert spread["reduction"]["n"] == 5 and spread["reduction"]["median"] == "75"
    bias = doc["optimism_bias"]
    assert bias["reduction"] == "25" and bias["investment"] == "9.375"
    assert bias["deadweight"] == "15" and bias["timing"] == "1"
    priors = {(p["driver"], p["name"]): p["triangular"] for p in doc["uncertainty"]}
    low, mode, high = priors["reduction", "Aktivitetsparate kontanthjælpsmodtagere"]
    assert (round(Decimal(low), 2), mode, round(Decimal(high), 2)) == (
        Decimal("13.33"), "75", Decimal("106.67"))


def test_no_adjustment_below_zero_and_quantiles_interpolate() -> None:
    records = [DriverRecord(f"s{i}", "reduction", "g", Decimal(100), Decimal(v), Decimal(v))
               for i, v in enumerate((110, 120, 130, 140))]
    cal = calibrate(records, 4)
    assert cal.bias["reduction"] == 0  # the record beat the plan: no adjustment, not a bonus
    assert cal.spreads[0].median == Decimal(125) and cal.spreads[0].p25 == Decimal("117.5")


def test_the_table_and_the_yaml_block_in_both_languages() -> None:
    run = kikcalc("calibrate", FOLDER, "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert "Calibration: the distribution per driver (5 strategies)" in run.stdout
    assert "HM Treasury's Green Book" in run.stdout
    run = kikcalc("calibrate", FOLDER)
    assert "Kalibrering: standardjustering for optimisme" in run.stdout
    run = kikcalc("calibrate", FOLDER, "--for", KIK1, "--format", "yaml")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[1:3] == ["optimism_bias:", "  reduction: 25.0"]
    assert '  - {driver: reduction, name: "Aktivitetsparate kontanthjælpsmodtagere", ' \
        "triangular: [13.3, 75.0, 106.7]}" in run.stdout


def test_simulate_with_the_calibrated_priors() -> None:
    run = kikcalc("simulate", KIK1, "--calibrated", FOLDER, "--draws", "2000", "--format",
                  "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    drivers = {(u["driver"], u["distribution"]) for u in doc["uncertainty"]}
    assert ("reduction", "triangular") in drivers and ("investment", "triangular") in drivers


@pytest.mark.usefixtures("in_english")  # reads an English message
def test_a_folder_without_a_record_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_bytes((ROOT / "examples" / "eksempelby.yaml").read_bytes())
    run = kikcalc("calibrate", tmp_path)
    assert run.exit_code == 2 and run.stderr.count("\n") == 1
    assert "no strategy with an `outturn` or counts" in run.stderr
    assert kikcalc("calibrate", tmp_path / "plan.yaml").exit_code == 2  # not a folder


def test_optimism_bias_shows_the_adjusted_figures_beside_the_plan(tmp_path: Path) -> None:
    """Eksempelby, reduction -25 %: savings 0.75 x; net 2025: 20 x 79,000 x 0.75 = 1.185
    against costs of 6.0 (3.0 + 6 x 0.5): -4.815."""
    text = (ROOT / "examples" / "eksempelby.yaml").read_text(encoding="utf-8")
    strategy = tmp_path / "e.yaml"
    strategy.write_text(text + "optimism_bias: {reduction: 25}\n", encoding="utf-8")
    run = kikcalc("net", strategy, "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert "net effect, plan and adjusted for optimism bias" in run.stdout
    assert "Net, adjusted         -4.82  -2.04   1.74   3.74  4.74   3.37" in run.stdout
    assert "optimism_bias): reduction -25.0 %." in run.stdout
    run = kikcalc("payback", strategy, "--format", "json")
    assert json.loads(run.stdout)["optimism_bias"]["net"]["2025"] == "-4.815"
    # without the field: the output of before
    assert "optimism" not in kikcalc("net", ROOT / "examples" / "eksempelby.yaml").stdout


def test_the_memo_shows_the_adjusted_net_beside_the_plan(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "eksempelby.yaml").read_text(encoding="utf-8")
    strategy = tmp_path / "e.yaml"
    strategy.write_text(text + "optimism_bias: {reduction: 25}\n", encoding="utf-8")
    memo = kikcalc("report", strategy, "-f", "markdown", "--no-uncertainty", "--lang", "en")
    assert memo.exit_code == 0, memo.stderr
    assert "net effect, plan and adjusted for optimism bias" in memo.stdout
    assert "| Net, adjusted | -4.82 | -2.04 | 1.74 | 3.74 | 4.74 | 3.37 |" in memo.stdout


def test_the_table_names_benefits_and_says_realised_minus_planned() -> None:
    """A benefit by its name (not `kontant_uddannelseshjaelp`), and one difference column,
    realised minus planned, with its unit: 63 realised of 90 planned is -30 % of plan."""
    rows = {}
    for line in kikcalc("calibrate", "examples/calibration", "-f", "csv").stdout.splitlines():
        cells = line.split(";")
        if len(cells) == 8:
            rows[tuple(cells[:3])] = cells[3:]
    header = next(k for k in rows if k[0].lstrip("\ufeff") == "Strategi")
    assert rows[header][2:4] == ["Realiseret - planlagt", "Enhed"]
    kijos = "KIJOS Aabenraa (kalibrering)"
    assert rows[(kijos, "reduktion", "Sygedagpenge")][2:4] == ["-30,0", "% af plan"]
    assert rows[(kijos, "enhedspris", "Sygedagpenge")][2:4] == ["-6,0", "% af plan"]
    assert rows[(kijos, "dødvægt", "Sygedagpenge")][2:4] == ["+20,0", "procentpoint"]
    assert rows[(kijos, "timing", "")][2:4] == ["+2,0", "år"]
    assert ("KIK-II Aabenraa (kalibrering)", "enhedspris", "Kontant- og uddannelseshjælp") \
        in rows
    assert not any("kontant_uddannelseshjaelp" in key for key in map(str, rows))
    doc = kikcalc("calibrate", "examples/calibration", "-f", "json").json()
    first = doc["records"][0]
    assert (first["value"], first["difference"]) == ("70", "-30")  # the ratio stays
    english = kikcalc("calibrate", "examples/calibration", "--lang", "en").stdout
    assert "Realised - claimed" in english and "Cash and education benefit" in english
