"""`kikcalc follow-up` (issue 24): plan against observed, the updated forecast, and alerts.

KIK-I is followed up from its own counts (strategies/kik1.yaml): the figures below are the
worked example of docs/statistics.md, by hand. The statistics case uses CONSTRUCTED test data.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kikcalc.analysis.follow_up import alerts, follow_up, observed_from_counts
from kikcalc.cli.common import load_one
from kikcalc.gate.policy import PolicyError, parse_policy
from tests.conftest import kikcalc

ROOT = Path(__file__).parent.parent
KIK1 = ROOT / "strategies" / "kik1.yaml"


def _kik1():  # type: ignore[no-untyped-def]
    loaded, evaluated, _ = load_one(KIK1)
    assert loaded is not None and evaluated is not None
    projection = evaluated.results.projection
    assert projection is not None
    group = loaded.strategy.target_groups[0]
    observed = {group.name: observed_from_counts([(c.date.isoformat(), c.persons)
                                                  for c in group.caseload])}
    return follow_up(evaluated.plan, projection.savings, projection.net, observed)


def test_kik1_planned_against_its_own_counts() -> None:
    """By hand. Baseline 1008; planned reduction 200 / 400 / 500 / 500 (kik1.yaml), so the
    planned caseload is 808 / 608 / 508 / 508. Counts: 563 on 2017-07-31, 499 on 2018-01-29
    (2016 and 2019 have none). 2017: realised 1008 - 563 = 445 of 400 planned, 45 ahead,
    111.25 %; 2018: 509 of 500, 9 ahead, 101.8 %. To date: (445 + 509) / (400 + 500) =
    954 / 900 = 106 %.

    One full-year person fewer is worth 0.8 x 104,531 - 0.24 x 115,152 = 55,988.32 kr.
    (kontant- og uddannelseshjælp less the 20 % who stay on it and the 24 % priced as
    fleksjob; deadweight 0, retention 100 %): 45 ahead = 2,519,474.40 kr., 9 ahead =
    503,894.88 kr.
    """
    g = _kik1().groups[0]
    assert [r.planned for r in g.rows] == [808, 608, 508, 508]
    assert [r.realised for r in g.rows] == [None, 445, 509, None]
    assert [r.gap for r in g.rows] == [None, 45, 9, None]
    assert g.rows[1].value == Decimal("0.05598832")
    assert [r.gap_amount for r in g.rows] == [None, Decimal("2.5194744"),
                                              Decimal("0.50389488"), None]
    assert [r.share for r in g.rows] == [None, Decimal("111.25"), Decimal("101.8"), None]
    assert (g.realised_share, g.low_share, g.high_share) == (106, Decimal("101.8"),
                                                             Decimal("111.25"))
    assert g.behind_since is None


def test_kik1_updated_forecast() -> None:
    """By hand. The unobserved years carry the 106 % forward: 2016 212 instead of 200
    (+12 x 0.05598832 = +0.67185984), 2019 530 instead of 500 (+1.6796496); the observed
    years add +2.5194744 and +0.50389488. Planned cumulative at 2019: 21.581312; updated:
    21.581312 + 5.37487872 = 26.95619072 mio. kr.
    Payback stays 2018 (year 3), the interpolated time falls from 2.75 to 2.50 years."""
    planned, central, low, high = _kik1().forecasts
    assert planned.payback.cumulative_at_end == Decimal("21.581312")
    change = Decimal("0.67185984") + Decimal("2.5194744") + Decimal("0.50389488") \
        + Decimal("1.6796496")
    assert central.payback.cumulative_at_end == Decimal("21.581312") + change
    assert central.payback.cumulative_at_end == Decimal("26.95619072")
    assert (planned.payback.year, central.payback.year) == (2018, 2018)
    assert (planned.payback.interpolated, central.payback.interpolated) == (
        Decimal("2.7546"), Decimal("2.4976"))
    assert low.payback.cumulative_at_end < central.payback.cumulative_at_end \
        < high.payback.cumulative_at_end


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv"])
def test_the_command_in_every_table_format(fmt: str) -> None:
    run = kikcalc("follow-up", KIK1, "--format", fmt, "--lang", "en")
    assert run.exit_code == 0, run.stderr
    shown = " ".join(run.stdout.split())  # text tables wrap at 100 columns
    assert "Realised" in shown and "111.3" in shown
    assert "observed realisation rate carried forward" in shown


def test_the_command_in_json_and_danish() -> None:
    doc = kikcalc("follow-up", KIK1, "-f", "json").json()
    group = doc["follow_up"]["groups"][0]
    assert (group["realised_share"], group["gap_to_date"]) == ("106", "3.02336928")
    assert doc["follow_up"]["forecast"]["central"]["payback"]["year"] == 2018
    text = " ".join(kikcalc("follow-up", KIK1).stdout.split())  # wrapped at 100 columns
    assert "plan mod observeret" in text and "Realiseret" in text


def test_an_alert_when_a_group_is_behind(tmp_path: Path) -> None:
    """Counts of 700 (2017) and 650 (2018) realise 308 of 400 and 358 of 500: 666 / 900 =
    74 % to date, 26 points short of 100, more than the 20 the policy allows."""
    text = KIK1.read_text(encoding="utf-8")
    text = text.replace("persons: 563", "persons: 700").replace("persons: 499", "persons: 650")
    (tmp_path / "budget-tables").mkdir()
    table = "budget-tables/aabenraa-2021.yaml"
    (tmp_path / table).write_bytes((ROOT / "strategies" / table).read_bytes())
    strategy = tmp_path / "kik1.yaml"
    strategy.write_text(text, encoding="utf-8")
    (tmp_path / "kikcalc.toml").write_text("[follow-up]\nmax_realisation_shortfall = 20\n",
                                           encoding="utf-8")
    run = kikcalc("follow-up", strategy, "--lang", "en")
    assert run.exit_code == 1, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{strategy}:")
    assert "Aktivitetsparate kontanthjælpsmodtagere is behind plan: realised 74.0 % of the " \
        "planned reduction to date" in lines[0]
    assert "since 2017-07-31" in lines[0]
    # the same by the gap in kroner: 92 + 142 = 234 persons behind x 0.05598832 = 13.10 mio.
    (tmp_path / "kikcalc.toml").write_text("[follow-up]\nmax_gap = 13\n", encoding="utf-8")
    run = kikcalc("follow-up", strategy, "--lang", "en")
    assert run.exit_code == 1 and "13.10 mio. kr. short" in run.stderr
    (tmp_path / "kikcalc.toml").write_text("[follow-up]\nmax_gap = 14\n", encoding="utf-8")
    assert kikcalc("follow-up", strategy).exit_code == 0


def test_kik1_is_not_behind_its_plan() -> None:
    result = _kik1()
    assert alerts(result, Decimal(0), Decimal(0)) == []


def test_the_policy_reads_the_follow_up_table() -> None:
    policy = parse_policy("[follow-up]\nmax_realisation_shortfall = 20\nmax_gap = 2.5\n", "k")
    assert (policy.max_realisation_shortfall, policy.max_gap) == (20, Decimal("2.5"))
    with pytest.raises(PolicyError, match="max_realisation_shortfall' must be a number"):
        parse_policy("[follow-up]\nmax_realisation_shortfall = -5\n", "k")
    with pytest.raises(PolicyError, match=r"k:2:1: unknown setting \[follow-up\] max_gapp"):
        parse_policy("[follow-up]\nmax_gapp = 1\n", "k")


def test_an_invalid_file_is_one_line_with_its_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kikcalc: 1\nname: x\nperiod: {start: 2020, end: 2019}\n", encoding="utf-8")
    run = kikcalc("follow-up", bad)
    assert run.exit_code == 1
    assert all(line.startswith(f"{bad}:") for line in run.stderr.splitlines())


def test_a_file_with_a_comparison_is_followed_up_from_the_statistics() -> None:
    """examples/benchmark/kik1.yaml against CONSTRUCTED AUK01 figures (labels from the
    file's metadata line): Aabenraa 800 / 600 / 504 / 504 against planned 808 / 608 / 508 /
    508, so 8, 8, 4 and 4 ahead; realised (208 + 408 + 504 + 504) / 1600 = 101.5 %."""
    doc = kikcalc("follow-up", ROOT / "examples" / "benchmark" / "kik1.yaml", "-f", "json").json()
    group = doc["follow_up"]["groups"][0]
    assert [y["gap"] for y in group["years"]] == ["8", "8", "4", "4"]
    assert group["years"][0]["observed"]["kind"] == "statistics"
    assert group["realised_share"] == "101.5"


# ------------------------------------------------------- harvested gains and follow-up files
FOLLOWED = ROOT / "examples" / "follow-up" / "kik2-followed.yaml"


def test_a_follow_up_file_without_drivers_is_valid_for_check_variance_and_follow_up() -> None:
    """Budget, actuals and counts only: no K201 (nothing to pay back), no K131, no K125."""
    run = kikcalc("check", FOLLOWED, "--lang", "en")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "K201" not in run.stdout + run.stderr
    assert kikcalc("variance", FOLLOWED).exit_code == 0
    run = kikcalc("follow-up", FOLLOWED, "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert "the group is only followed up (counts, no planned reduction)" in run.stdout
    # 1,150 - 1,040 = 110 and 1,150 - 960 = 190 realised; no kroner without outcomes
    assert "2019           0       1,150     1,040  2019-06-30         110      +110.0" \
        in run.stdout
    assert "savings and net, plan and updated forecast" not in run.stdout


def test_the_frame_cut_against_the_actuals_of_a_follow_up_file() -> None:
    """20.5 taken out in 2019 and 2020 against actuals of 1.5 and 6.0: -19.0 and -14.5,
    -33.5 to date: the strain the department feels."""
    run = kikcalc("follow-up", FOLLOWED, "--format", "json")
    assert run.exit_code == 0, run.stderr
    import json

    doc = json.loads(run.stdout)["follow_up"]
    assert doc["drivers"] is False
    assert [(r["year"], r["difference"]) for r in doc["harvested"]] == [
        (2019, "-19"), (2020, "-14.5"), (2021, None), (2022, None)]
    run = kikcalc("follow-up", FOLLOWED, "--lang", "en")
    assert "To date -33.50 mio. kr. (a negative figure is the strain" in run.stdout


def test_the_frame_cut_against_the_savings_realised(tmp_path: Path) -> None:
    """KIK-I with 20.5 a year taken out from 2017: the savings forecast (observed where
    observed) covers it: 2017 24.93 - 20.5 = +4.43 (24.9 shown)."""
    text = KIK1.read_text(encoding="utf-8") + (
        "harvested:\n  - {name: Rammereduktion, by_year: {2017: 20.5, 2018: 20.5, 2019: 20.5}}\n")
    (tmp_path / "budget-tables").mkdir()
    table = "budget-tables/aabenraa-2021.yaml"
    (tmp_path / table).write_bytes((ROOT / "strategies" / table).read_bytes())
    strategy = tmp_path / "kik1.yaml"
    strategy.write_text(text, encoding="utf-8")
    result = kikcalc("follow-up", strategy, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "2017                   +20.5          +22.4                           +24.9" \
        "                  +4.4" in result.stdout
    # the file without `harvested` shows no such table: the output is as before
    assert "taken out of the frame" not in kikcalc("follow-up", KIK1, "--lang", "en").stdout


def test_the_memo_has_a_follow_up_section_when_the_file_has_observations(tmp_path: Path) -> None:
    """KIK-I has counts: plan against observed and the forecast, with their chart; a file
    without observations (eksempelby) has no such section."""
    text = kikcalc("report", KIK1, "-f", "markdown", "--no-uncertainty", "--lang", "en").stdout
    assert "Aktivitetsparate kontanthjælpsmodtagere, plan against observed" in text
    assert "| 2017 | 400 | 608 | 563 | 2017-07-31 | 445 | +45.0 | +2.52 | 111.3 |" in text
    html = tmp_path / "memo.html"
    assert kikcalc("report", KIK1, "-f", "html", "--no-uncertainty", "-o", html).exit_code == 0
    assert html.read_text(encoding="utf-8").count("<svg") == 2  # payback and follow-up
    plain = kikcalc("report", ROOT / "examples" / "eksempelby.yaml", "-f", "markdown").stdout
    assert "plan mod observeret" not in plain


def test_net_as_json_of_a_follow_up_file_has_no_groups(tmp_path: Path) -> None:
    """A group with no reduction has no projection: `net --format json` zipped the plan's
    groups with none and crashed (found by tests/test_fuzz.py)."""
    file = tmp_path / "observed.yaml"
    file.write_text("kikcalc: 1\nname: Jobparate\nperiod: {start: 1900, end: 1900}\n"
                    "unit: kr.\ntarget_groups:\n  - {name: Jobparate, benefit: Jobparate}\n",
                    encoding="utf-8")
    run = kikcalc("net", file, "--format", "json")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.json()["groups"] == []
