"""The money model of issue 23, by hand: refusion over time (the ladder by weeks on public
support), retention per outcome with its timing, and who pays and who saves. Each test pins
a worked example of docs/money.md."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

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
