"""Real cases written the natural way (issue 14): each says what the case says."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import kikcalc

GROUP = """\
target_groups:
  - name: Kontanthjælp
    benefit: kontanthjaelp
    baseline: 1150
    reduction: {2018: 100, 2019: 200, 2020: 300, 2021: 350, 2022: 350}
    outcomes: {selvforsorgelse: 100}
    caseload: [{date: 2018-02-01, persons: 1150}, {date: 2022-06-15, persons: 583}]
    caseload_targets: [{persons: 800, by: 2022-05-01}]
"""

HEAD = """\
kikcalc: 1
name: KIK-II
period: {start: 2018, end: 2022}
unit: mio. kr.
retention: 100
unit_costs: {unit: kr., kontanthjaelp: 100000}
"""


def test_a_target_met_after_its_date_is_met_by_that_count_not_missed(tmp_path: Path) -> None:
    """"Under 800 by 1 May 2022", 583 counted in mid-June: not K207. No count lies between
    1 May and 15 June, so it is known met only by 15 June, not "met late" (issue 23: the
    rule said "nået efter fristen" also without a count between; it may have been met in
    time). With a count of 810 on 31 May it was late."""
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + GROUP, encoding="utf-8")
    targets = kikcalc("targets", path, "-f", "json").json()["targets"]
    assert [(t["state"], t["count"]["persons"]) for t in targets] == [("met_by", "583")]
    assert "nået senest ved denne optælling" in kikcalc("targets", path).stdout
    late = tmp_path / "l.yaml"
    late.write_text(HEAD + GROUP.replace("{date: 2022-06-15", "{date: 2022-05-31, persons: "
                                         "810}, {date: 2022-06-15"), encoding="utf-8")
    targets = kikcalc("targets", late, "-f", "json").json()["targets"]
    assert [(t["state"], t["count"]["persons"]) for t in targets] == [("met_late", "583")]
    assert "nået efter fristen" in kikcalc("targets", late).stdout
    check = kikcalc("check", path)
    assert "K207" not in check.stdout
    missed = tmp_path / "m.yaml"
    missed.write_text(HEAD + GROUP.replace("persons: 583", "persons: 801"), encoding="utf-8")
    run = kikcalc("check", missed)
    assert run.exit_code == 1
    assert "K207" in run.stdout and "den seneste, 801 den 15.06.2022, ligger stadig over" \
        in run.stdout
    assert "the latest, 801 on 2022-06-15, is still above it" in \
        kikcalc("check", missed, "--lang", "en").stdout


@pytest.mark.usefixtures("in_english")
def test_an_empty_projection_claims_no_payback(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + "investments:\n  - name: Intet\n    by_year: {2018: 0}\n",
                    encoding="utf-8")
    doc = kikcalc("payback", path, "-f", "json").json()
    assert doc["payback"]["projected"]["year"] is None
    assert doc["payback"]["projected"]["empty"] is True
    text = kikcalc("payback", path, "--lang", "en", "-f", "markdown").stdout  # one cell a line
    assert "| nothing to pay back: no investment and no savings |" in text
    run = kikcalc("check", path)
    assert run.exit_code == 1 and "holds nothing" in run.stdout


FOLLOW_UP = HEAD + """\
investments:
  - name: Sagsbehandlere
    by_year: {2018: 5, 2019: 5}
budget:
  2018: {amount: -18.1, as_of: 2018-10-31}
  2019: -8.6
actuals:
  2018: {amount: 6.1, as_of: 2018-10-31}
  2019: {amount: -2, forecast: true}
"""


@pytest.mark.usefixtures("in_english")
def test_a_ten_month_follow_up_compares_like_with_like(tmp_path: Path) -> None:
    """Ten months of budget against ten months of actual: difference 24.2, no K205; the
    autumn's full-year figure for 2019 is a forecast, said as such."""
    path = tmp_path / "s.yaml"
    path.write_text(FOLLOW_UP, encoding="utf-8")
    rows = kikcalc("variance", path, "-f", "json").json()["rows"]
    assert rows[0]["difference"] == "24.2" and rows[0]["budget_as_of"] == "2018-10-31"
    assert rows[1]["forecast"] is True and rows[1]["difference"] == "6.6"
    assert "K205" not in kikcalc("check", path).stdout
    text = kikcalc("variance", path, "--lang", "en").stdout
    assert "2018*" in text and "2019f" in text
    assert "budget and actual both as of 31.10.2018" in text.replace("2018-10-31", "31.10.2018")
    assert "a forecast for the whole year, not yet realised" in text
    full_budget = tmp_path / "f.yaml"
    full_budget.write_text(FOLLOW_UP.replace("{amount: -18.1, as_of: 2018-10-31}", "-18.1"),
                           encoding="utf-8")
    assert "compared with a full-year budget" in kikcalc("check", full_budget).stdout


def test_a_part_year_budget_is_flagged_and_not_taken_for_the_whole_year(tmp_path: Path
                                                                        ) -> None:
    """The ten-month budget for 2018 (-18.1 to 31 October) is a part year in the budget
    series, and the forecast does not take it for the whole of 2018: with no full-year
    actual and no full-year budget for 2018, the forecast uses the projection (-5)."""
    path = tmp_path / "s.yaml"
    path.write_text(FOLLOW_UP, encoding="utf-8")
    doc = kikcalc("payback", path, "-f", "json").json()["payback"]
    assert doc["budget"]["partial_years"] == [2018]
    assert doc["forecast"]["cumulative_at_end"] == "-7"  # -5 (projected 2018) + -2 (2019)


def test_a_forecast_cannot_also_be_part_of_a_year(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(FOLLOW_UP.replace("{amount: -2, forecast: true}",
                                      "{amount: -2, forecast: true, as_of: 2019-10-31}"),
                    encoding="utf-8")
    run = kikcalc("check", path)
    assert run.exit_code == 1 and "K129" in run.stdout and "s.yaml:15:" in run.stdout


def test_a_savings_total_is_a_saving_with_retention(tmp_path: Path) -> None:
    """A published "saved 312.7 mio. kr." with no persons behind it, retention 60 %:
    312.7 x 0.6 = 187.62 kept; shown as a saving, not as an other effect."""
    path = tmp_path / "s.yaml"
    path.write_text(HEAD.replace("retention: 100", "retention: 60") + """\
investments:
  - name: Indsats
    by_year: {2018: 100}
savings:
  - name: Opgjort besparelse
    by_year: {2019: 312.7}
""", encoding="utf-8")
    doc = kikcalc("net", path, "-f", "json").json()
    year = next(y for y in doc["years"] if y["year"] == 2019)
    assert year["savings"] == "187.62" and year["savings_known"] == {"Opgjort besparelse":
                                                                    "187.62"}
    assert year["other_effects"] == "0"
    text = kikcalc("net", path, "--lang", "en").stdout
    assert "Savings: Opgjort besparelse" in text
    bad = tmp_path / "b.yaml"
    bad.write_text(path.read_text(encoding="utf-8").replace("{2019: 312.7}", "{2030: 1}"),
                   encoding="utf-8")
    run = kikcalc("check", bad)
    assert run.exit_code == 1 and "K122" in run.stdout and "b.yaml:12:15:" in run.stdout


def test_flows_are_shown_beside_the_counts_and_never_saved(tmp_path: Path) -> None:
    """3,121 passed through; 151 new, 454 left: shown in `targets`, absent from savings."""
    path = tmp_path / "s.yaml"
    flows = ("    flows:\n      - {start: 2021-01-01, end: 2021-12-31, entrants: 151, "
             "leavers: 454, passed_through: 3121}\n")
    path.write_text(HEAD + GROUP + flows, encoding="utf-8")
    doc = kikcalc("targets", path, "-f", "json").json()
    assert doc["flows"] == [{"group": "Kontanthjælp", "start": "2021-01-01",
                             "end": "2021-12-31", "entrants": "151", "leavers": "454",
                             "passed_through": "3121", "adds_up": True}]
    text = kikcalc("targets", path, "--lang", "en").stdout
    assert "3121" in text.replace(",", "") and "not part of the savings" in text
    plain = tmp_path / "p.yaml"
    plain.write_text(HEAD + GROUP, encoding="utf-8")
    assert kikcalc("net", path, "-f", "json").json() | {"file": ""} == \
        kikcalc("net", plain, "-f", "json").json() | {"file": ""}
    bad = tmp_path / "b.yaml"
    bad.write_text(HEAD + GROUP + "    flows:\n      - {start: 2021-12-31, end: 2021-01-01}\n",
                   encoding="utf-8")
    run = kikcalc("check", bad)
    assert run.exit_code == 1 and run.stdout.count("K137") == 2


def _project(tmp_path: Path, name: str, budget: str, actual: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"""kikcalc: 1
name: {name}
period: {{start: 2020, end: 2022}}
unit: t.kr.
budget: {budget}
actuals: {actual}
""", encoding="utf-8")
    return path


def test_a_portfolio_shows_plan_and_actual_per_strategy(tmp_path: Path) -> None:
    """Odense's kind of follow-up: one of the projects lost 9.2 mio. kr. against its plan.
    Totals by hand: budget 1.0 + 3.0 + 2.0 = 6.0; actual 1.5 + -6.2 + 2.0 = -2.7;
    difference -8.7 (+0.5, -9.2, 0)."""
    files = [_project(tmp_path, "Jobcafé", "{2020: 500, 2021: 500}",
                      "{2020: 700, 2021: 800}"),
             _project(tmp_path, "Virksomhedsteam", "{2020: 1000, 2021: 2000}",
                      "{2020: -3000, 2021: -3200}"),
             _project(tmp_path, "Mentorer", "{2020: 2000, 2021: 2000}", "{2020: 2000}")]
    doc = kikcalc("variance", *files, "--combine", "-f", "json").json()
    assert [(s["name"], s["budget"], s["actual"], s["difference"]) for s in doc["strategies"]] \
        == [("Jobcafé", "1", "1.5", "0.5"), ("Virksomhedsteam", "3", "-6.2", "-9.2"),
            ("Mentorer", "2", "2", "0")]
    assert doc["total"] == {"budget": "6", "actual": "-2.7", "difference": "-8.7"}
    text = kikcalc("variance", *files, "--combine", "--lang", "en").stdout
    assert "Virksomhedsteam" in text and "-9.2" in text and "-8.7" in text


def test_a_portfolio_counts_an_actual_with_no_budget(tmp_path: Path) -> None:
    """Issue 23: a forecast actual of 1.5 mio. kr. in 2022, a year with no budget, fell out
    of the portfolio's total. Every year with an actual counts, a missing budget as 0:
    budget 0.5 + 0.5 + 0 = 1.0; actual 0.7 + 0.8 + 1.5 = 3.0; difference 2.0."""
    files = [_project(tmp_path, "Jobcafé", "{2020: 500, 2021: 500}",
                      "{2020: 700, 2021: 800, 2022: {amount: 1500, forecast: true}}"),
             _project(tmp_path, "Mentorer", "{2020: 2000}", "{2020: 2000}")]
    doc = kikcalc("variance", *files, "--combine", "-f", "json").json()
    cafe = doc["strategies"][0]
    assert (cafe["years"], cafe["budget"], cafe["actual"], cafe["difference"],
            cafe["unbudgeted_years"]) == ([2020, 2021, 2022], "1", "3", "2", [2022])
    assert doc["total"] == {"budget": "3", "actual": "5", "difference": "2"}
    text = kikcalc("variance", *files, "--combine", "--lang", "en").stdout
    assert "An actual with no budget (budget taken as 0): Jobcafé 2022." in text, text


def test_a_strategy_across_1_july_2025_is_priced_by_month() -> None:
    """examples/reform-2025.yaml, by hand (kr. per full-year person), the young priced at
    the 2025 reform's grundsats (docs/reforms.md, "Worked example: reform-2025"):
    grundsats 6,955 kr. a month x 12 x 0.8 (past week 52, refusion 20 %) = 66,768
    uddannelseshjælp 70,000 January-June, then the grundsats from July:
        2025: (6 x 70,000 + 6 x 66,768) / 12 = 68,384; 2026 and 2027: 66,768
    saving per person, 80 % self-sufficient, 20 % still on the benefit (saving 0):
        2025: 0.8 x 68,384 = 54,707.2; 2026 and 2027: 0.8 x 66,768 = 53,414.4
    savings: 2025: 12 x 54,707.2 = 656,486.4; 2026 and 2027: 20 x 53,414.4 = 1,068,288
    net (two caseworkers, 1,200,000 a year): -543,513.6, -131,712, -131,712;
    cumulative at 2027: -806,937.6: no payback (priced as ordinary kontanthjælp, 110,000
    from July, it was +742,240 and paid back in 2026)."""
    doc = kikcalc("net", "examples/reform-2025.yaml", "-f", "json").json()
    assert [y["savings"] for y in doc["years"]] == ["656486.4", "1068288", "1068288"]
    assert doc["years"][-1]["cumulative"] == "-806937.6"
    payback = kikcalc("payback", "examples/reform-2025.yaml", "-f", "json").json()
    assert payback["payback"]["projected"]["year"] is None


def test_a_rate_of_the_catalogue_is_its_monthly_rate_times_twelve_net_of_refusion(
        tmp_path: Path) -> None:
    """The grundsats exists from July 2025: a full-year person costs 6,955 x 12 = 83,460
    gross, x 0.8 = 66,768 net; 10 fewer save 667,680 kr. in 2026."""
    path = tmp_path / "s.yaml"
    path.write_text("""\
kikcalc: 1
name: Grundsats
period: {start: 2025, end: 2026}
unit: mio. kr.
retention: 100
unit_costs:
  unit: kr.
  unge: {by_month: {2025-01: 70000}, until: 2025-06, then: grundsats}
  grundsats: {rate: kontanthjaelp_grundsats, refusion: refusion_2016,
              duration_mix: [0, 0, 0, 100]}
target_groups:
  - name: Unge
    benefit: unge
    reduction: {2025: 10, 2026: 10}
    outcomes: {selvforsorgelse: 100}
""", encoding="utf-8")
    doc = kikcalc("net", path, "-f", "json").json()
    # 2025: (6 x 70,000 + 6 x 66,768) / 12 = 68,384 per person
    assert [y["savings"] for y in doc["years"]] == ["0.68384", "0.66768"], doc
    whole_2025 = tmp_path / "w.yaml"  # the grundsats did not exist before July 2025
    whole_2025.write_text(path.read_text(encoding="utf-8").replace("benefit: unge",
                                                                   "benefit: grundsats"),
                          encoding="utf-8")
    run = kikcalc("check", whole_2025)
    assert run.exit_code == 1 and "K126" in run.stdout and "2025" in run.stdout


BAD_NEW_FIELDS = [
    ("unit_costs: {unit: kr., k: {by_month: {2025-13: 1}}}\n", "K110", "6:40"),
    ("unit_costs: {unit: kr., k: {by_month: {2025-01: 1}, until: 2025-06}}\n", "K125", "6:28"),
    ("unit_costs: {unit: kr., k: {by_month: {2025-01: 1}, until: 2025-06, then: x}}\n",
     "K125", "6:75"),
    ("unit_costs: {unit: kr., a: {by_month: {2018-01: 1}, until: 2019-06, then: b},\n"
     "  b: {by_month: {2018-01: 1}, until: 2019-06, then: a}}\n", "K125", "6:75"),
    ("budget: {2018: {amount: 1, as_of: 2017-06-30}}\n", "K129", "6:35"),
    ("savings:\n  - {name: S, by_year: {2030: 1}}\n", "K122", "7:25"),
    ("unit_costs: {unit: kr., k: {rate: grundsatsen, refusion: refusion_2016,\n"
     "  duration_mix: [0, 0, 0, 100]}}\n", "K125", "6:35"),
]


@pytest.mark.parametrize(("extra", "code", "where"), BAD_NEW_FIELDS)
def test_each_new_field_has_a_located_finding(tmp_path: Path, extra: str, code: str,
                                              where: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(HEAD.replace("unit_costs: {unit: kr., kontanthjaelp: 100000}\n", "")
                    + extra, encoding="utf-8")
    run = kikcalc("check", path)
    assert run.exit_code == 1
    assert f"s.yaml:{where}: {code}" in run.stdout, run.stdout


@pytest.mark.usefixtures("in_english")
def test_a_dated_cost_must_price_every_month_a_group_needs(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(HEAD.replace("kontanthjaelp: 100000", "kontanthjaelp: {by_month: "
                                 "{2019-07: 100000}}") + GROUP, encoding="utf-8")
    run = kikcalc("check", path)
    assert run.exit_code == 1
    assert "K126 unit cost of 'kontanthjaelp' has no value for 2018, 2019" in run.stdout


ANSWER = """\
kikcalc: 1
name: Fra kontanthjælp til job
period: {{start: 2025, end: 2025}}
unit: kr.
retention: {{avoided_spending: 68200, udligning: {udligning}, tax: 30000}}
unit_costs: {{unit: kr., kontanthjaelp: 68200}}
target_groups:
  - name: Jobparate
    benefit: kontanthjaelp
    reduction: {{2025: 1}}
    outcomes: {{selvforsorgelse: 100}}
"""


@pytest.mark.parametrize(("udligning", "net"), [("-23400", "74800"), ("-39000", "59200"),
                                                 ("-49300", "48900")])
def test_retention_from_the_parliament_answer_s_parts(tmp_path: Path, udligning: str,
                                                       net: str) -> None:
    """One full-year person from kontanthjælp into work (parliament's answer, kr.): tax
    +30,000, udligning -23,400, avoided spending +68,200 = 74,800 kept. The share kept is
    derived: 74,800 / (68,200 + 30,000) = 76.17 %, applied to the saving including the tax:
    (68,200 + 30,000) x 74,800 / 98,200 = 74,800. The answer's 59,200 (weak tax base) and
    48,900 (capital area) are written with udligning -39,000 and -49,300 and the same tax
    and avoided spending (ASSUMPTION: the answer gives those nets, not their parts)."""
    path = tmp_path / "s.yaml"
    path.write_text(ANSWER.format(udligning=udligning), encoding="utf-8")
    doc = kikcalc("net", path, "-f", "json").json()
    assert Decimal(doc["years"][0]["savings"]).quantize(Decimal(1)) == Decimal(net)
    text = " ".join(kikcalc("net", path, "--lang", "en").stdout.split())  # wrapped at 100
    shown = f"{int(udligning):,} = {int(net):,}"  # one formatter: thousands separators
    assert f"68,200 + tax 30,000 + udligning and block grant {shown} kr." in text
    assert "K208" not in kikcalc("check", path).stdout


def test_retention_parts_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(ANSWER.format(udligning="23400"), encoding="utf-8")
    run = kikcalc("check", path)
    assert run.exit_code == 1 and "s.yaml:5:" in run.stdout and "K110" in run.stdout


def test_the_memo_shows_targets_and_flows_beside_the_counts(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    flows = ("    flows:\n      - {start: 2021-01-01, end: 2021-12-31, entrants: 151, "
             "leavers: 454, passed_through: 3121}\n")
    path.write_text(HEAD + GROUP + flows, encoding="utf-8")
    memo = kikcalc("report", path, "-f", "markdown", "--no-chart", "--no-uncertainty").stdout
    assert "nået senest ved denne optælling" in memo and "583 (15.06.2022)" in memo
    assert "| Kontanthjælp | 01.01.2021 - 31.12.2021 | 151 | 454 | 3.121 |" in memo
