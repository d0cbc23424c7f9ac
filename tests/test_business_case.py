"""Issue 3's rules, each with its worked example through a file, and their invariants."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kikcalc.engine.drivers import phase_in, shares_from_counts
from kikcalc.engine.economics import economics, present_value
from kikcalc.engine.projection import evaluate, project
from kikcalc.engine.results import CostLine, Destination, Group, Plan
from kikcalc.text.formatting import round_half_up
from tests.conftest import MINIMAL, kikcalc, write_strategy

D = Decimal
GROUP = """\
unit_costs:
  unit: kr.
  kontanthjaelp: 100000
target_groups:
  - name: G
    benefit: kontanthjaelp
{reduction}
    outcomes: {{selvforsorgelse: 100}}
"""


def _net(tmp_path: Path, reduction: str, head: str = "") -> dict[str, object]:
    text = MINIMAL + head + GROUP.format(reduction=reduction)
    run = kikcalc("net", write_strategy(tmp_path, text), "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = run.json()
    assert isinstance(doc, dict)
    return doc


def test_counts_reproduce_the_published_aktivitetsparate_split() -> None:
    counts = {"selvforsorgelse": D(445), "fleksjob_ressource_foertid": D(127 + 99 + 104),
              "skift_andet_rest": D(141 + 24 + 496)}
    shares = shares_from_counts(counts)
    assert [round_half_up(s, 0) for s in shares.values()] == [31, 23, 46]
    assert sum(shares.values()) == 100


def test_counts_in_a_file_are_shown_with_their_derived_shares() -> None:
    doc = kikcalc("net", "examples/outcome-counts.yaml", "-f", "json").json()
    outcomes = {o["name"]: (o["count"], o["share"][:5]) for o in doc["groups"][0]["outcomes"]}
    assert outcomes["selvforsorgelse"] == ("445", "30.98")  # 30.98885...
    text = kikcalc("net", "examples/outcome-counts.yaml").stdout
    assert "Selvforsørgelse 445 / 1.436 = 30,99 %" in text


def test_phase_in_from_june(tmp_path: Path) -> None:
    doc = _net(tmp_path, "    phase_in: {persons: 120, start: 2025-06, full: 2026-05}")
    # June-December 2025: 10, 20, ..., 70 = 280 person-months = 23.33 full-year persons
    reduction = [r["persons"] for r in doc["groups"][0]["reduction"]]  # type: ignore[index]
    assert D(reduction[0]) == D(280) / 12
    # 2026: 80, 90, 100, 110, 120 (Jan-May), then 120 for 7 months: 500 + 840 = 1340 / 12
    assert D(reduction[1]) == D(1340) / 12
    assert reduction[2] == "120"
    assert phase_in(D(120), (2025, 6), (2026, 5), "step", range(2025, 2026))[2025] == 70


def test_persistence_fades_after_the_investment(tmp_path: Path) -> None:
    doc = _net(tmp_path, "    reduction: {2025: 80, 2026: 80, 2027: 80}\n"
               "    persistence: {after: 2025, fade: 25}")
    reduction = [r["persons"] for r in doc["groups"][0]["reduction"]]  # type: ignore[index]
    assert reduction == ["80", "60", "45"]


def test_retention_and_the_default_warning(tmp_path: Path) -> None:
    full = _net(tmp_path, "    reduction: {2025: 10}", "retention: 100\n")
    half = _net(tmp_path, "    reduction: {2025: 10}", "retention: 50\n")
    assert full["years"][0]["savings"] == "1"  # type: ignore[index]
    assert half["years"][0]["savings"] == "0.5"  # type: ignore[index]
    path = write_strategy(tmp_path, MINIMAL + GROUP.format(reduction="    reduction: {2025: 1}"))
    assert "K208 advarsel: fastholdelsen står til standardværdien 100 %" in \
        kikcalc("check", path).stdout
    assert "K208 warning: retention is left at the default" in \
        kikcalc("check", path, "--lang", "en").stdout
    assert "fastholdelse efter udligning og bloktilskud 100 %" in kikcalc("payback", path).stdout


def test_indexation_moves_unit_costs_from_the_price_year(tmp_path: Path) -> None:
    doc = _net(tmp_path, "    reduction: {2025: 10, 2026: 10, 2027: 10}",
               "price_year: 2025\nindexation: {rate: 2}\n")
    assert [y["savings"] for y in doc["years"]] == ["1", "1.02", "1.0404"]  # type: ignore[union-attr]


def test_gross_unit_cost_net_of_refusion(tmp_path: Path) -> None:
    text = MINIMAL + GROUP.format(reduction="    reduction: {2025: 10}").replace(
        "kontanthjaelp: 100000", "kontanthjaelp: {gross: 140000, refusion: refusion_2016, "
        "duration_mix: [10, 20, 30, 40]}")
    doc = kikcalc("net", write_strategy(tmp_path, text), "-f", "json").json()
    assert doc["groups"][0]["saving_per_person"][0]["amount"] == "0.0938"  # 93,800 kr.


def test_discounting_and_the_ratios(tmp_path: Path) -> None:
    doc = kikcalc("payback", "examples/eksempelby.yaml", "-f", "json").json()
    assert doc["economics"] == {"discount_rate": "0", "npv": "9.49", "roi": "0.6327",
                                "bcr": "1.6327", "retention": "1"}
    text = Path("examples/eksempelby.yaml").read_text(encoding="utf-8")
    discounted = write_strategy(tmp_path, text.replace("retention: 100\n",
                                                       "retention: 100\ndiscount_rate: 3.5\n"))
    npv = D(kikcalc("payback", discounted, "-f", "json").json()["economics"]["npv"])
    assert npv == sum(D(n) / D("1.035") ** i for i, n in
                      enumerate(["-4.42", "-1.05", "3.32", "5.32", "6.32"]))


@pytest.mark.parametrize(("extra", "code"), [
    ("    reduction: {2025: 1}\n    phase_in: {persons: 1, start: 2025-01, full: 2025-02}", "K131"),
    ("    phase_in: {persons: 1, start: 2025-05, full: 2025-02}", "K131"),
    ("    phase_in: {persons: 1, start: 2025-13, full: 2026-02}", "K110"),
])
def test_reduction_rules(tmp_path: Path, extra: str, code: str) -> None:
    path = write_strategy(tmp_path, MINIMAL + GROUP.format(reduction=extra))
    run = kikcalc("payback", path)
    assert run.exit_code == 1
    assert f": {code} " in run.stderr


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize(("head", "words"), [
    ("indexation: {rate: 2}\n", "indexation needs price_year"),
    ("price_year: 2025\nindexation: {rate: 2, index: {2025: 100}}\n", "either rate or index"),
    ("price_year: 2025\nindexation: {index: {2025: 100, 2026: 101}}\n", "no value for 2027"),
])
def test_indexation_rules(tmp_path: Path, head: str, words: str) -> None:
    path = write_strategy(tmp_path, MINIMAL + head + GROUP.format(
        reduction="    reduction: {2025: 1}"))
    run = kikcalc("payback", path)
    assert (run.exit_code, "K133" in run.stderr, words in run.stderr) == (1, True, True)


@pytest.mark.usefixtures("in_english")
def test_mixed_shares_and_counts_and_a_bad_duration_mix(tmp_path: Path) -> None:
    text = MINIMAL + GROUP.format(reduction="    reduction: {2025: 1}").replace(
        "outcomes: {selvforsorgelse: 100}", "outcomes: {selvforsorgelse: {count: 5}, "
        "skift: {share: 50, benefit: kontanthjaelp}}")
    assert "K132" in kikcalc("payback", write_strategy(tmp_path, text)).stderr
    text = MINIMAL + GROUP.format(reduction="    reduction: {2025: 1}").replace(
        "kontanthjaelp: 100000", "kontanthjaelp: {gross: 1, refusion: refusion_2016, "
        "duration_mix: [10, 20, 30, 30]}")
    assert "K134 unit cost 'kontanthjaelp': duration_mix sums to 90" in kikcalc(
        "payback", write_strategy(tmp_path, text, name="b.yaml")).stderr


def test_targets_reports_kik1_goal_met_in_january_2018() -> None:
    doc = kikcalc("targets", "strategies/kik1.yaml", "-f", "json").json()
    assert doc["targets"] == [{"group": "Aktivitetsparate kontanthjælpsmodtagere",
                               "persons": "500", "by": "2018-12-31", "state": "met",
                               "count": {"date": "2018-01-29", "persons": "499"},
                               # issue 23: the kind, unit and share of a target
                               "kind": "at_most", "unit": "persons", "share": None,
                               "of": None, "year": None, "figure": None, "counts": 0}]
    assert "nået    499 (29.01.2018)" in kikcalc("targets", "strategies/kik1.yaml").stdout
    kijos = kikcalc("targets", "strategies/kijos.yaml", "-f", "json").json()["targets"]
    assert [(t["persons"], t["state"]) for t in kijos] == [
        ("465", "open"), ("500", "open"), ("256", "open"), ("243", "open")]


@pytest.mark.usefixtures("in_english")
def test_the_aabenraa_strategies_check_without_surprises() -> None:
    run = kikcalc("check", "strategies/kik1.yaml", "strategies/kik2.yaml",
                  "strategies/kijos.yaml")
    assert run.exit_code == 0
    *findings, policy, _ = run.stdout.splitlines()
    assert [line.split()[1] for line in findings] == ["K205"]
    assert policy.startswith("policy defaults (no kikcalc.toml): strategies/kik1.yaml")


nets = st.lists(st.decimals(min_value=-100, max_value=100, places=2), min_size=1, max_size=10)


@given(nets)
def test_npv_at_rate_zero_is_the_cumulative_net(values: list[Decimal]) -> None:
    net = {2020 + i: v for i, v in enumerate(values)}
    assert present_value(net, D(0), 2020) == sum(values, D(0))


@given(st.decimals(min_value=0, max_value=500, places=1),
       st.decimals(min_value=0, max_value=100, places=0))
def test_retention_of_one_changes_nothing(persons: Decimal, deadweight: Decimal) -> None:
    group = Group("g", "kh", {2020: persons}, (Destination("s", D(100), None),), deadweight)
    base = Plan(2020, 2020, groups=(group,), unit_costs={"kh": D("0.1")},
                costs=(CostLine("c", "staff", {2020: D(1)}),))
    kept = Plan(**{**base.__dict__, "retention": D(1)})
    assert project(base) == project(kept)
    assert economics(base, project(base)) == economics(kept, project(kept))
    assert evaluate(base).projection == evaluate(kept).projection


def test_portfolio_combines_the_three_strategies() -> None:
    files = ("strategies/kik1.yaml", "strategies/kik2.yaml", "strategies/kijos.yaml")
    doc = kikcalc("net", *files, "--combine", "-f", "json").json()
    assert [s["name"] for s in doc["strategies"]] == ["KIK-I Aabenraa", "KIK-II Aabenraa",
                                                      "KIJOS Aabenraa"]
    assert [y["year"] for y in doc["years"]] == list(range(2016, 2024))
    singles = [kikcalc("net", f, "-f", "json").json()["years"] for f in files]
    by_year = {y["year"]: y for y in doc["years"]}
    for i, years in enumerate(singles):
        for year in years:
            assert by_year[year["year"]]["net"][i] == year["net"]
    for year in doc["years"]:
        assert D(year["total"]) == sum(D(n) for n in year["net"] if n is not None)
    ends = [kikcalc("payback", f, "-f", "json").json()["payback"]["projected"][
        "cumulative_at_end"] for f in files]
    assert D(doc["years"][-1]["cumulative"]) == sum(D(e) for e in ends)
    text = kikcalc("net", *files, "--combine").stdout
    # KIK-II and KIJOS start in 2018 and 2019: empty, not 0,0
    assert text.splitlines()[4].split() == ["2016", "-12,6", "-12,6", "-12,6"]
    assert [n is None for n in by_year[2016]["net"]] == [False, True, True]


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json"])
def test_a_year_a_strategy_does_not_cover_is_empty_in_every_format(fmt: str) -> None:
    files = ("strategies/kik1.yaml", "strategies/kijos.yaml")  # 2016-2019 and 2019-2023
    out = kikcalc("net", *files, "--combine", "-f", fmt, "--lang", "en").stdout
    if fmt == "json":
        years = {y["year"]: y["net"] for y in json.loads(out)["years"]}
        assert years[2016][1] is None and years[2023][0] is None
        assert years[2019][0] is not None and years[2019][1] is not None
        return
    row = next(line for line in out.splitlines() if line.lstrip("| ").startswith("2016"))
    if fmt == "csv":
        assert row.split(",")[2] == "", row
    elif fmt == "markdown":
        assert [c.strip() for c in row.strip("|").split("|")][2] == "", row
    else:
        assert len(row.split()) == 4, row  # year, KIK-I, total, cumulative: no 0,0
    assert "0.0" not in row.split(",")[2:3]
    assert "outside the strategy's period" in out


def test_several_files_without_combine_give_a_json_list() -> None:
    docs = kikcalc("net", "strategies/kik1.yaml", "strategies/kijos.yaml", "-f", "json").json()
    assert [d["name"] for d in docs] == ["KIK-I Aabenraa", "KIJOS Aabenraa"]


def test_custom_phase_in(tmp_path: Path) -> None:
    doc = _net(tmp_path, "    phase_in: {persons: 100, start: 2025-01, full: 2025-12, "
               "profile: custom, custom: {2025-01: 50, 2025-07: 80}}")
    # 6 months at 50 % and 5 at 80 % of 100, then full in December: 300 + 400 + 100 = 800
    assert D(doc["groups"][0]["reduction"][0]["persons"]) == D(800) / 12  # type: ignore[index]
    bad = write_strategy(tmp_path, MINIMAL + GROUP.format(
        reduction="    phase_in: {persons: 1, start: 2025-01, full: 2025-06, profile: custom}"),
        name="c.yaml")
    assert "K131" in kikcalc("payback", bad).stderr
