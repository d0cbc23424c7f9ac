"""The figures of the published documents and of DESIGN.md's worked example, exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, MINIMAL, STRATEGIES, kikcalc, write_strategy


def test_kik1_variance_reproduces_the_published_table() -> None:
    rows = {row["year"]: row for row in kikcalc("variance", "strategies/kik1.yaml",
                                                "--format", "json").json()["rows"]}
    assert [rows[y]["budget"] for y in (2016, 2017, 2018, 2019)] == ["-18.1", "-8.6", "4", "22"]
    assert [rows[y]["actual"] for y in (2016, 2017, 2018)] == ["6.1", "25.3", "11.4"]
    assert [rows[y]["difference"] for y in (2016, 2017, 2018)] == ["24.2", "33.9", "7.4"]
    assert rows[2018]["partial"] is True
    assert rows[2018]["as_of"] == "2018-06-30"
    assert rows[2016]["partial"] is False
    assert rows[2019]["actual"] is None
    assert rows[2019]["difference"] is None


def test_kik1_variance_text_flags_2018_as_part_of_the_year() -> None:
    run = kikcalc("variance", "strategies/kik1.yaml")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[2].split() == ["2016", "2017", "2018*", "2019"]
    assert lines[4].split() == ["Budgetteret", "-18,1", "-8,6", "4,0", "22,0"]
    assert lines[5].split() == ["Faktisk", "6,1", "25,3", "11,4"]
    assert lines[6].split() == ["Forskel", "24,2", "33,9", "7,4"]
    assert "* 2018: faktisk pr. 30.06.2018 (delår)" in run.stdout


def test_kik1_budget_line_is_not_a_payback() -> None:
    payback = kikcalc("payback", "strategies/kik1.yaml", "--format", "json").json()["payback"]
    assert payback["budget"] == {
        "year": None, "years": None, "interpolated_years": None,
        "cumulative_at_end": "-0.7", "last_year": 2019, "partial_years": [], "empty": False,
    }
    assert payback["forecast"]["year"] == 2016
    assert payback["forecast"]["years"] == 1
    assert payback["forecast"]["cumulative_at_end"] == "57.4"  # 6.1 + 25.3 + 4 + 22
    assert payback["actual"]["partial_years"] == [2018]


def test_kik1_payback_text_says_so_with_the_shortfall() -> None:
    out = kikcalc("payback", "strategies/kik1.yaml").stdout
    assert "Budgetteret  ikke inden for 2016-2019" in out
    assert "Budgetteret: ikke tilbagebetalt inden for 2016-2019; akkumuleret -0,7" in out
    english = kikcalc("payback", "strategies/kik1.yaml", "--lang", "en").stdout
    assert "Budgeted: not paid back within 2016-2019; cumulative -0.7 at the end of 2019." \
        in english


def test_kik1_investment_adds_up_to_68_million() -> None:
    years = kikcalc("net", "strategies/kik1.yaml", "-f", "json").json()["years"]
    assert sum(Decimal(y["investment"]) for y in years) == Decimal("68.0")


def test_worked_example_of_the_design() -> None:
    doc = kikcalc("net", "examples/eksempelby.yaml", "-f", "json").json()
    column = {key: [y[key] for y in doc["years"]]
              for key in ("savings", "investment", "net", "cumulative")}
    assert column == {
        "savings": ["1.58", "3.95", "6.32", "6.32", "6.32"],
        "investment": ["6", "5", "3", "1", "0"],
        "net": ["-4.42", "-1.05", "3.32", "5.32", "6.32"],
        "cumulative": ["-4.42", "-5.47", "-2.15", "3.17", "9.49"],
    }
    per_person = doc["groups"][0]["saving_per_person"][0]["amount"]
    assert Decimal(per_person) * 1_000_000 == 79_000
    payback = kikcalc("payback", "examples/eksempelby.yaml", "-f", "json").json()["payback"]
    assert payback["projected"]["year"] == 2028
    assert payback["projected"]["years"] == 4
    assert payback["projected"]["interpolated_years"] == "3.4041"  # 3 + 2.15 / 5.32
    assert payback["projected"]["cumulative_at_end"] == "9.49"
    rows = kikcalc("variance", "examples/eksempelby.yaml", "-f", "json").json()["rows"]
    assert [(r["year"], r["difference"], r["partial"]) for r in rows[:2]] == [
        (2025, "0.5", False), (2026, "1.5", True)]


def test_worked_example_payback_text() -> None:
    line = kikcalc("payback", "examples/eksempelby.yaml").stdout.splitlines()[4]
    assert line.split() == ["Beregnet", "2028", "4", "3,40", "9,49", "2029"]


def test_kik2_cash_benefit_groups_reduce_by_350() -> None:
    doc = kikcalc("net", "strategies/kik2.yaml", "-f", "json").json()
    finals = {g["name"]: g["reduction"][-1]["persons"] for g in doc["groups"]}
    assert sorted(finals.values(), key=int) == ["100", "115", "135"]
    assert sum(int(v) for v in finals.values()) == 350
    active = next(g for g in doc["groups"] if g["name"].startswith("Aktivitetsparate"))
    assert [(o["name"], o["share"]) for o in active["outcomes"]] == [
        ("selvforsorgelse", "31"), ("maalgruppeskift", "23"), ("anden_ydelse", "46")]


def test_kik2_split_is_shown_in_the_net_table() -> None:
    out = kikcalc("net", "strategies/kik2.yaml").stdout
    # within 100 columns the years come in two blocks; the last holds 2022 and the total
    total_row = [line for line in out.splitlines() if line.startswith("I alt  ")][-1]
    assert total_row.split()[-2] == "350,00"
    names = ("Selvforsørgelse", "Målgruppeskift", "Anden ydelse")  # names, not keys
    first_block = out.split("\nMålgruppe ")[1]
    shares = [line.strip().removeprefix(name).split()[0] for line in first_block.splitlines()
              for name in names if line.strip().startswith(name)]
    assert shares[-3:] == ["31", "23", "46"]


@pytest.mark.parametrize("path", STRATEGIES + EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("command", ["payback", "net", "variance"])
def test_every_strategy_and_example_loads_cleanly(path: object, command: str) -> None:
    run = kikcalc(command, path)
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""


def test_the_three_aabenraa_strategies_are_there() -> None:
    assert [p.name for p in STRATEGIES] == ["kijos.yaml", "kik1.yaml", "kik2.yaml"]


def test_an_actual_dated_after_its_year_is_a_full_year(tmp_path: Path) -> None:
    path = write_strategy(tmp_path, MINIMAL + "budget: {2025: 0}\n"
                          "actuals: {2025: {amount: 1, as_of: 2026-03-01}}\n")
    rows = kikcalc("variance", path, "-f", "json").json()["rows"]
    assert (rows[0]["partial"], rows[0]["as_of"]) == (False, "2026-03-01")
