"""The money model of issue 23, by hand: refusion over time (the ladder by weeks on public
support), retention per outcome with its timing, and who pays and who saves. Each test pins
a worked example of docs/money.md."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from kikcalc.engine.ladder import net_of_ladder, weeks_counted_before
from kikcalc.model.refusion import LADDERS, municipal_percent
from tests.conftest import kikcalc, write_strategy

STEPS_2016 = LADDERS["refusion_2016"].steps


# --- refusion over time --------------------------------------------------------------------

def test_the_2016_ladder_is_80_40_30_20_by_weeks_on_support() -> None:
    """§ 5, stk. 2: 80 % in weeks 1-4, 40 % in 5-26, 30 % in 27-52, 20 % from week 53;
    the municipality pays the rest."""
    shares = [municipal_percent(STEPS_2016, w) for w in (1, 4, 5, 26, 27, 52, 53, 400)]
    assert shares == [20, 20, 60, 60, 70, 70, 80, 80]


def test_weeks_saved_are_priced_at_their_step_not_the_stocks_average() -> None:
    """Spells shortened from 52 to 26 weeks save weeks 27-52: 200,000 x 0.70 = 140,000;
    the stock's average (4 x 20 + 22 x 60 + 26 x 70) / 52 = 61.92 % gives 123,846.15."""
    assert net_of_ladder(Decimal(200000), STEPS_2016, 27, 52) == Decimal("140000")
    assert net_of_ladder(Decimal(200000), STEPS_2016, 1, 52) == Decimal("123846.1538")


def test_the_count_carries_across_benefits_and_restarts_after_52_weeks_of_self_support(
        ) -> None:
    """Ledighedsydelse (150,000) after 60 weeks of kontanthjælp stays at 20 % refusion:
    120,000; after 52 whole weeks in work the count restarts: 150,000 x 1,400 / 2,600 =
    80,769.23; 51 weeks are not enough (§ 6)."""
    assert net_of_ladder(Decimal(150000), STEPS_2016, 1, 26, 60) == Decimal("120000")
    assert net_of_ladder(Decimal(150000), STEPS_2016, 1, 26, 60, 52) == Decimal("80769.2308")
    assert weeks_counted_before(60, 51) == 60
    assert weeks_counted_before(60, 52) == 0


def test_a_2009_sygedagpenge_strategy_is_priced_by_the_refusion_of_its_years() -> None:
    """examples/sygedagpenge-2009.yaml (docs/money.md): weeks 31-40 saved, 180,000 gross;
    2009-2010 at 50 % refusion (90,000), from 2011 at 30 % (126,000); savings 8 x 90,000,
    12 x 90,000, 12 x 126,000 twice; 1,100,000 a year of staff; cumulative 424,000, paid
    back in 2011."""
    doc = kikcalc("net", "examples/sygedagpenge-2009.yaml", "-f", "json").json()
    assert [y["savings"] for y in doc["years"]] == ["720000", "1080000", "1512000", "1512000"]
    assert [y["cumulative"] for y in doc["years"]] == ["-380000", "-400000", "12000", "424000"]
    payback = kikcalc("payback", "examples/sygedagpenge-2009.yaml", "-f", "json").json()
    assert payback["payback"]["projected"]["year"] == 2011


LADDER_FILE = """\
kikcalc: 1
name: Trappe
period: {start: 2025, end: 2026}
unit: kr.
unit_costs:
  kontanthjaelp: {gross: 200000, ladder: LADDER, weeks: WEEKS}
target_groups:
  - name: Ledige
    benefit: kontanthjaelp
    reduction: {2025: 10, 2026: 10}
    outcomes: {selvforsorgelse: 100}
"""


def _ladder_file(tmp_path: Path, ladder: str, weeks: str = "[27, 52]") -> Path:
    return write_strategy(tmp_path, LADDER_FILE.replace("LADDER", ladder)
                          .replace("WEEKS", weeks))


def test_a_ladder_of_the_files_own_steps_and_a_gross_by_year(tmp_path: Path) -> None:
    """Own steps: 100 % refusion in weeks 1-8, 50 % after: weeks 27-52 cost 50 %, 10 x
    100,000 = 1,000,000 a year. A gross by year: 200,000 then 210,000 on refusion_2016
    weeks 27-52: 10 x 140,000 and 10 x 147,000."""
    path = _ladder_file(tmp_path, "[{from_week: 1, refusion: 100}, {from_week: 9, "
                                  "refusion: 50}]")
    doc = kikcalc("net", path, "-f", "json").json()
    assert [y["savings"] for y in doc["years"]] == ["1000000", "1000000"]
    path.write_text(path.read_text().replace(
        "gross: 200000, ladder: [{from_week: 1, refusion: 100}, {from_week: 9, refusion: 50}]",
        "gross: {2025: 200000, 2026: 210000}, ladder: refusion_2016"))
    doc = kikcalc("net", path, "-f", "json").json()
    assert [y["savings"] for y in doc["years"]] == ["1400000", "1470000"]


def test_a_wrong_ladder_is_k150_at_its_place(tmp_path: Path) -> None:
    run = kikcalc("check", _ladder_file(tmp_path, "refusion_2061"), "--lang", "en")
    assert run.exit_code == 1
    assert "s.yaml:6:42: K150 unit cost of 'kontanthjaelp': unknown refusion ladder " \
           "'refusion_2061'" in run.stdout
    run = kikcalc("check", _ladder_file(tmp_path, "refusion_2016", "[52, 27]"), "--lang", "en")
    assert "K150 unit cost of 'kontanthjaelp': weeks run backwards (52 to 27)" in run.stdout
    run = kikcalc("check", _ladder_file(tmp_path, "[{from_week: 2, refusion: 50}]"),
                  "--lang", "en")
    assert "K150 unit cost of 'kontanthjaelp': the ladder's steps must start at week 1" \
           in run.stdout


def test_a_ladder_by_year_that_starts_late_leaves_a_year_unpriced(tmp_path: Path) -> None:
    run = kikcalc("check", _ladder_file(tmp_path, "{2026: refusion_2016}"), "--lang", "en")
    assert "K126 unit cost of 'kontanthjaelp' has no value for 2025" in run.stdout


# --- retention per outcome and per benefit, with timing ---------------------------------

PARTS = """\
    - {name: Skat, kind: tax, per_person: 30000, lag: 3}
    - {name: Udligning, kind: udligning, per_person: -23400, lag: 3}
    - {name: Budgetgaranti, kind: budget_guarantee, share: -1,
       benefits: [kontanthjaelp, fleksjob], lag: 1}"""
PARTS_FILE_WITH = """\
kikcalc: 1
name: Dele
period: {start: 2025, end: 2028}
unit: kr.
retention:
  parts:
PARTS
unit_costs:
  kontanthjaelp: 100000
  fleksjob: 120000
target_groups:
  - name: Ledige
    benefit: kontanthjaelp
    reduction: {2025: 10, 2026: 10, 2027: 10, 2028: 10}
    outcomes:
      selvforsorgelse: 80
      fleksjob: {share: 20, benefit: fleksjob}
"""
PARTS_FILE = PARTS_FILE_WITH.replace("PARTS", PARTS)


def test_retention_parts_apply_where_they_apply_and_when_they_reach_the_budget(
        tmp_path: Path) -> None:
    """docs/money.md, "Retention by its parts": 10 full-year persons a year from
    kontanthjælp (100,000), 80 % into work, 20 % to fleksjob (120,000):
    saving 0.8 x 100,000 + 0.2 x (100,000 - 120,000) = 76,000 a person, 760,000 a year,
    the fleksjob's extra expense kept whole (-40,000 a year, not scaled by udligning);
    tax 0.8 x 30,000 x 10 = 240,000 and udligning 0.8 x -23,400 x 10 = -187,200, each 3
    years later: 2025's in 2028, the rest after the period; budget guarantee -1 % x
    (100,000 - 0.2 x 120,000) x 10 = -7,600 a year, 1 year later.
    Savings: 760,000, 752,400, 752,400, 760,000 + 240,000 - 187,200 - 7,600 = 805,200."""
    path = write_strategy(tmp_path, PARTS_FILE)
    doc = kikcalc("net", path, "-f", "json").json()
    assert [y["savings"] for y in doc["years"]] == ["760000", "752400", "752400", "805200"]
    assert doc["years"][3]["retention_parts"] == {
        "Skat": "240000", "Udligning": "-187200", "Budgetgaranti": "-7600"}
    fleksjob = next(o for o in doc["groups"][0]["outcomes"] if o["name"] == "fleksjob")
    assert fleksjob["savings"] == "-160000"  # 4 x -40,000: no udligning on an extra expense
    text = kikcalc("net", path, "--lang", "en").stdout
    assert "Retention part: Udligning" in text
    assert "Booked after 2028, outside the period (kr.): Skat 720,000; Udligning -561,600; " \
           "Budgetgaranti -7,600." in text.replace("\n  ", " ")


def test_a_dagpenge_goes_through_the_beskaeftigelsestilskud_two_years_later(
        tmp_path: Path) -> None:
    """5 full-year persons fewer on a-dagpenge (net 150,000) each year; ASSUMPTION: half of
    the saving is given back through the beskæftigelsestilskud two years later:
    2027 and 2028: 750,000 - 0.5 x 750,000 = 375,000."""
    text = PARTS_FILE_WITH.replace("PARTS", """\
    - {name: Beskæftigelsestilskud, kind: beskaeftigelsestilskud, share: -50,
       benefits: [adagpenge], lag: 2}""") \
        .replace("  kontanthjaelp: 100000\n", "  kontanthjaelp: 100000\n  adagpenge: 150000\n") \
        .replace("benefit: kontanthjaelp\n    reduction: {2025: 10, 2026: 10, 2027: 10, 2028: 10}",
                 "benefit: adagpenge\n    reduction: {2025: 5, 2026: 5, 2027: 5, 2028: 5}") \
        .replace("      selvforsorgelse: 80\n      fleksjob: {share: 20, benefit: fleksjob}\n",
                 "      selvforsorgelse: 100\n")
    doc = kikcalc("net", write_strategy(tmp_path, text), "-f", "json").json()
    assert [y["savings"] for y in doc["years"]] == ["750000", "750000", "375000", "375000"]


def test_a_wrong_retention_part_is_k151(tmp_path: Path) -> None:
    text = PARTS_FILE.replace("kind: tax, per_person: 30000", "kind: tax, share: 5") \
        .replace("benefits: [kontanthjaelp, fleksjob]", "benefits: [kontanthjaelp, revalidering]")
    run = kikcalc("check", write_strategy(tmp_path, text), "--lang", "en")
    assert run.exit_code == 1
    assert "K151 retention part 'Skat' (tax): give `per_person`" in run.stdout
    assert "K151 retention part 'Budgetgaranti': benefit 'revalidering' is not priced" \
        in run.stdout


# --- the ØVO and mentor ceiling of the budget guarantee from 2026 ---------------------------

MENTOR = "examples/mentor-ceiling-2026.yaml"


def test_the_budget_guarantee_gives_back_ovo_and_mentor_spending_only_up_to_the_ceiling(
        ) -> None:
    """docs/money.md, "The ØVO and mentor ceiling from 2026": 600,000 kr. a year of mentor
    support and upskilling, budget guarantee -1 %, lag 1. 2025 (before the rule): +6,000,
    booked 2026; 2026: room 1,000 x 10,602 - 10,452,000 = 150,000, +1,500 booked 2027; 2027:
    no room, +0 booked 2028. The benefit saving gives back -1 % x 10 x 100,000 = -10,000 a
    year later. The part: 2026 -10,000 + 6,000 = -4,000; 2027 -10,000 + 1,500 = -8,500."""
    doc = kikcalc("net", MENTOR, "-f", "json").json()
    assert [y.get("retention_parts") for y in doc["years"]] == [
        {"Budgetgaranti": "0"}, {"Budgetgaranti": "-4000"}, {"Budgetgaranti": "-8500"}]
    assert [y["net"] for y in doc["years"]] == ["400000", "396000", "391500"]
    text = kikcalc("net", MENTOR, "--lang", "en").stdout.replace("\n  ", " ")
    assert "room under the ceiling (kr.): 2026 150,000, 2027 0." in text


def test_without_the_files_ceiling_data_nothing_is_given_back_from_2026(
        tmp_path: Path) -> None:
    """ASSUMPTION of the catalogue: with no persons and spending the municipality is at or
    above the ceiling, so only 2025's 6,000 is given back (2026: -10,000 + 6,000)."""
    text = (Path(MENTOR).read_text(encoding="utf-8")
            .split("      ceiling:")[0])
    doc = kikcalc("net", write_strategy(tmp_path, text), "-f", "json").json()
    assert [y["retention_parts"]["Budgetgaranti"] for y in doc["years"]] == [
        "0", "-4000", "-10000"]


def test_the_ceiling_is_dated_data_with_its_source() -> None:
    from kikcalc.model.retention import BUDGET_GUARANTEE_CEILING as rule
    assert rule.first_year == 2026 and rule.per_person == {2026: Decimal(10602)}
    assert "§ 203 a" in rule.source and "ASSUMPTION" in rule.assumption


def test_lines_that_do_not_exist_or_on_another_part_are_k151(tmp_path: Path) -> None:
    text = Path(MENTOR).read_text(encoding="utf-8") \
        .replace("lines: [Mentorstøtte, Opkvalificering]", "lines: [Mentor]") \
        .replace("kind: budget_guarantee", "kind: beskaeftigelsestilskud")
    run = kikcalc("check", write_strategy(tmp_path, text), "--lang", "en")
    assert run.exit_code == 1
    assert "K151 retention part 'Budgetgaranti' (beskaeftigelsestilskud): only the budget " \
        "guarantee" in run.stdout
    assert "K151 retention part 'Budgetgaranti': investment line 'Mentor' is not under " \
        "investments" in run.stdout


def test_one_retention_share_keeps_working_as_before() -> None:
    """Files with one percent or the parliament's three amounts give the same figures: the
    shipped goldens pin them; here the form by parts is not taken for them."""
    for path in ("strategies/kik1.yaml", "strategies/kik2.yaml", "strategies/kijos.yaml"):
        doc = kikcalc("net", path, "-f", "json").json()
        assert all("retention_parts" not in year for year in doc["years"])


def test_the_workbook_sums_the_retention_parts(tmp_path: Path) -> None:
    """The memo's live workbook carries each part as its own row into the savings."""
    pytest.importorskip("formulas")
    from tests.test_memo_workbook import _calculated

    path = write_strategy(tmp_path, PARTS_FILE)
    run = kikcalc("report", path, "-f", "xlsx", "-o", tmp_path / "memo.xlsx")
    assert run.exit_code == 0, run.stderr
    rows = _calculated(tmp_path / "memo.xlsx")
    assert rows["Nettoeffekt"][2028] == 805200
    assert rows["Afledt virkning: Udligning"][2028] == -187200


# --- who pays and who saves ------------------------------------------------------------

def test_kik2_who_pays_keeps_the_municipality_and_adds_measures_and_the_state() -> None:
    """examples/kik2-who-pays.yaml (docs/money.md, "Who pays and who saves"), 2022, all three
    groups fully phased in (100, 135, 115 full-year persons), in mio. kr.:
    measures 12,103 / 557 = 21,729 kr. on kontant- og uddannelseshjælp, none on fleksjob;
    saved: (100 x 0.85 + 135 x 0.85 + 115 x 0.77) x 0.021729 = 288.3 x 0.021729 = 6.2644707;
    the state: 26,203 on kontanthjælp, 29,624 on fleksjob, 40,000 in tax a person in work:
    a person of the first two groups 0.8 x 66,203 + 0.05 x -3,421 = 52,791.35 kr., of the
    third 0.31 x 66,203 + 0.46 x -3,421 = 18,949.27 kr.: 235 x 0.05279135 + 115 x
    0.01894927 = 14.5851333. The municipality's own figures are KIK-II's, unchanged."""
    doc = kikcalc("net", "examples/kik2-who-pays.yaml", "-f", "json").json()
    assert doc["perspectives"]["measures"]["2022"].startswith("6.2644707")
    assert doc["perspectives"]["stat"]["2022"].startswith("14.5851333")
    kik2 = kikcalc("net", "strategies/kik2.yaml", "-f", "json").json()
    assert doc["years"] == kik2["years"]
    assert "perspectives" not in kik2


def test_the_budget_tables_measures_column_is_its_own_part_of_the_unit_cost() -> None:
    """12,103 t.kr. of ordinary measures for 557 full-year persons: 21,729 kr. a person,
    beside 104,810 of forsørgelse; a total that does not match its rows is K141."""
    from kikcalc.reading.budget_table import load_table, table_measures

    table, issues = load_table("examples/budget-tables/aabenraa-2022-indsats.yaml")
    assert issues == [] and table is not None
    assert table_measures(table)["kontant_uddannelseshjaelp"] == Decimal(21729)
    assert "fleksjob" not in table_measures(table)


WHO_FILE = """\
kikcalc: 1
name: Hvem
period: {start: 2025, end: 2025}
unit: kr.
retention: 100
unit_costs:
  kontanthjaelp: {gross: 130000, refusion: refusion_2016, duration_mix: [0, 0, 0, 100]}
  fleksjob: 120000
perspectives:
  stat: {fleksjob: 88000}
  person: {kontanthjaelp: 110000, fleksjob: 150000}
  work: {stat: 60000, person: 200000}
  measures: {kontanthjaelp: 20000}
target_groups:
  - name: Ledige
    benefit: kontanthjaelp
    reduction: {2025: 10}
    outcomes:
      selvforsorgelse: 80
      fleksjob: {share: 20, benefit: fleksjob}
"""


def test_each_actor_saves_on_its_own_costs(tmp_path: Path) -> None:
    """Kontanthjælp 130,000 gross at 80 % municipal share (104,000 net): the state's part is
    its refusion, 26,000; 10 full-year persons fewer, 80 % into work, 20 % to fleksjob:
    state 10 x (0.8 x (26,000 + 60,000) + 0.2 x (26,000 - 88,000)) = 564,000;
    the persons 10 x (0.8 x (200,000 - 110,000) + 0.2 x (150,000 - 110,000)) = 800,000;
    measures 10 x 20,000 x (0.8 + 0.2) = 200,000 (fleksjob has none)."""
    path = write_strategy(tmp_path, WHO_FILE)
    doc = kikcalc("net", path, "-f", "json").json()
    assert {k: v["2025"] for k, v in doc["perspectives"].items()} == {
        "measures": "200000", "stat": "564000", "person": "800000"}
    text = kikcalc("payback", path, "--lang", "en").stdout
    assert "The persons (disposable income)" in text and "800,000" in text


def test_perspectives_naming_an_unpriced_benefit_is_k152(tmp_path: Path) -> None:
    text = WHO_FILE.replace("stat: {fleksjob: 88000}", "stat: {revalidering: 88000}")
    run = kikcalc("check", write_strategy(tmp_path, text), "--lang", "en")
    assert run.exit_code == 1
    assert "K152 perspectives stat: benefit 'revalidering' is not priced" in run.stdout
    text = WHO_FILE.replace("measures: {kontanthjaelp: 20000}", "measures: from_table")
    run = kikcalc("check", write_strategy(tmp_path, text), "--lang", "en")
    assert "K152 perspectives measures: from_table needs unit_costs.from_table" in run.stdout


def test_a_ladder_is_summed_a_step_at_a_time_as_week_by_week() -> None:
    """The engine sums a spell's weeks a step at a time (work that grows with the steps, so
    weeks [1, 5200] cost no more than [1, 52]); it must agree with the rule week by week
    on any ladder, also one that starts after week 1."""
    import random

    from kikcalc.engine.ladder import _percent_weeks

    draw = random.Random(23)
    for _ in range(2000):
        starts = sorted(draw.sample(range(1, 120), draw.randint(1, 6)))
        steps = [(week, Decimal(draw.randint(0, 100))) for week in starts]
        first = draw.randint(1, 150)
        last = first + draw.randint(-1, 150)
        by_week = sum((municipal_percent(steps, w) for w in range(first, last + 1)), Decimal(0))
        assert _percent_weeks(steps, first, last) == by_week, (steps, first, last)


def test_unitcosts_shows_the_measures_column_only_for_a_table_that_has_it() -> None:
    with_measures = kikcalc("unitcosts", "examples/budget-tables/aabenraa-2022-indsats.yaml",
                            "--lang", "en").stdout
    assert "Measures per" in with_measures and "21.7" in with_measures
    doc = kikcalc("unitcosts", "examples/budget-tables/aabenraa-2022-indsats.yaml",
                  "-f", "json").json()
    assert doc["unit_costs"][0]["measures_per_person"] == "21729"
    plain = kikcalc("unitcosts", "strategies/budget-tables/aabenraa-2022.yaml",
                    "--lang", "en").stdout
    assert "Measures" not in plain


# --- variance --combine: every year with an actual counts, a missing budget as 0 ----------

COMBINED = """\
kikcalc: 1
name: NAME
period: {start: 2024, end: 2026}
unit: mio. kr.
retention: 100
investments:
  - {name: X, by_year: {2024: 1, 2025: 1, 2026: 1}}
savings:
  - {name: S, by_year: {2024: 2, 2025: 2, 2026: 2}}
budget:
  2024: 1.0
actuals:
  2024: 0.8
  2025: ACTUAL
"""


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json"])
def test_a_year_with_an_actual_but_no_budget_counts_in_every_format(
        tmp_path: Path, fmt: str) -> None:
    """A: 2024 budget 1.0, actual 0.8; 2025 no budget, a forecast actual of 1.5: compared
    1.0 against 0.8 + 1.5 = 2.3. B: 2025 actual 0.5: 1.0 against 1.3. Total 2.0 against 3.6;
    the missing budgets are said in a note (JSON: `unbudgeted_years`)."""
    a = write_strategy(tmp_path, COMBINED.replace("NAME", "A").replace(
        "ACTUAL", "{amount: 1.5, forecast: true}"), "a.yaml")
    b = write_strategy(tmp_path, COMBINED.replace("NAME", "B").replace("ACTUAL", "0.5"),
                       "b.yaml")
    run = kikcalc("variance", "--combine", a, b, "--lang", "en", "-f", fmt)
    assert run.exit_code == 0, run.stdout
    if fmt == "json":
        doc = run.json()
        assert [(s["budget"], s["actual"], s["unbudgeted_years"]) for s in doc["strategies"]] \
            == [("1", "2.3", [2025]), ("1", "1.3", [2025])]
        assert doc["total"] == {"actual": "3.6", "budget": "2", "difference": "1.6"}
        return
    assert "An actual with no budget (budget taken as 0): A 2025; B 2025." in run.stdout
    total = next(line for line in run.stdout.splitlines() if "Total" in line)
    assert [x for x in re.split(r"[\s,|]+", total) if x] == ["Total", "2.0", "3.6", "1.6"]


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_the_portfolio_memo_says_the_missing_budget_too(tmp_path: Path, fmt: str) -> None:
    a = write_strategy(tmp_path, COMBINED.replace("NAME", "A").replace(
        "ACTUAL", "{amount: 1.5, forecast: true}"), "a.yaml")
    b = write_strategy(tmp_path, COMBINED.replace("NAME", "B").replace("ACTUAL", "0.5"),
                       "b.yaml")
    out = tmp_path / f"memo.{fmt}"
    assert kikcalc("report", "--combine", a, b, "--lang", "en", "-f", fmt, "-o", out) \
        .exit_code == 0
    if fmt == "docx":
        docx = pytest.importorskip("docx")
        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    else:
        text = out.read_text(encoding="utf-8")
    assert "An actual with no budget (budget taken as 0): A 2025; B 2025." in text


# --- the state's part by refusion step and year -----------------------------------------

def test_the_states_part_follows_the_ladder_by_year(tmp_path: Path) -> None:
    """docs/money.md, "The state's part by year": the 2009 sygedagpenge strategy with a
    `perspectives` section and no state figures of its own: the state's part of weeks
    31-40 is 180,000 x 50 % = 90,000 a person in 2009-2010 and 180,000 x 30 % = 54,000 from
    2011, when the ladder changes: 8 x 90,000 = 720,000; 12 x 90,000 = 1,080,000; 12 x
    54,000 = 648,000. Until this version a ladder by year gave the state nothing."""
    text = (Path("examples/sygedagpenge-2009.yaml").read_text(encoding="utf-8")
            + "perspectives:\n  unit: kr.\n")
    doc = kikcalc("net", write_strategy(tmp_path, text), "-f", "json").json()
    assert doc["perspectives"]["stat"] == {
        "2009": "720000", "2010": "1080000", "2011": "648000", "2012": "648000"}


def test_the_states_part_of_a_catalogue_rate_is_its_refusion_by_month(
        tmp_path: Path) -> None:
    """The grundsats 6,955 kr. a month, everyone past week 52: the state refunds 20 %,
    6,955 x 12 x 0.2 = 16,692 a person; 10 fewer in 2026: 166,920. 2025 has months
    before the rate exists, so the state's part is left out of 2025 (0)."""
    text = """\
kikcalc: 1
name: Grundsats
period: {start: 2025, end: 2026}
unit: kr.
retention: 100
unit_costs:
  kontanthjaelp_grundsats: {rate: kontanthjaelp_grundsats, refusion: refusion_2016,
                            duration_mix: [0, 0, 0, 100]}
target_groups:
  - name: Unge
    benefit: kontanthjaelp_grundsats
    reduction: {2026: 10}
    outcomes: {selvforsorgelse: 100}
perspectives:
  unit: kr.
"""
    doc = kikcalc("net", write_strategy(tmp_path, text), "-f", "json").json()
    assert doc["perspectives"]["stat"] == {"2025": "0", "2026": "166920"}


def test_the_states_part_of_an_indexed_gross_is_indexed_as_the_net(tmp_path: Path) -> None:
    """Kontanthjælp 130,000 gross at 80 % municipal share, indexed 10 % a year from 2025:
    the municipality's net 104,000 and 114,400, the state's part 26,000 and 28,600 (until
    this version the state's stayed at 26,000 while the net moved)."""
    text = """\
kikcalc: 1
name: Indekseret
period: {start: 2025, end: 2026}
unit: kr.
retention: 100
price_year: 2025
indexation: {rate: 10}
unit_costs:
  kontanthjaelp: {gross: 130000, refusion: refusion_2016, duration_mix: [0, 0, 0, 100]}
target_groups:
  - name: Ledige
    benefit: kontanthjaelp
    reduction: {2025: 1, 2026: 1}
    outcomes: {selvforsorgelse: 100}
perspectives:
  unit: kr.
"""
    doc = kikcalc("net", write_strategy(tmp_path, text), "-f", "json").json()
    assert [y["savings"] for y in doc["years"]] == ["104000", "114400"]
    assert doc["perspectives"]["stat"] == {"2025": "26000", "2026": "28600"}


def test_a_ceiling_without_lines_is_k151(tmp_path: Path) -> None:
    """The ceiling caps the ØVO and mentor lines the part follows; without `lines` it has
    no effect, and that was silent (found in review)."""
    text = Path(MENTOR).read_text(encoding="utf-8") \
        .replace("      lines: [Mentorstøtte, Opkvalificering]\n", "")
    run = kikcalc("check", write_strategy(tmp_path, text), "--lang", "en")
    assert run.exit_code == 1
    assert "K151 retention part 'Budgetgaranti' has a ceiling (`ceiling`) but no investment " \
        "lines" in run.stdout
