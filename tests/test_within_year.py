"""Persons and prices multiplied month by month where both change within a year (issue 23,
item 8), and the part-year notes wherever a payback or total leans on a part year."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from kikcalc.engine.projection import evaluate
from kikcalc.engine.results import Plan
from tests.conftest import kikcalc

STEP = """\
kikcalc: 1
name: Trin
period: {start: 2025, end: 2026}
unit: kr.
retention: 100
unit_costs:
  unit: kr.
  ydelse: {by_month: {2025-01: 60000, 2025-07: 120000}}
target_groups:
  - name: Unge
    benefit: ydelse
    phase_in: {persons: 24, start: 2025-07, full: 2025-07, profile: step}
    outcomes: {selvforsorgelse: 100}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_phase_in_across_a_price_change_is_priced_month_by_month(tmp_path: Path) -> None:
    """The issue's example: 24 fewer from July 2025, 60,000 until June and 120,000 from July.
    By year 12 x 90,000 = 1,080,000; month by month 6 x 24 x 120,000 / 12 = 1,440,000."""
    doc = kikcalc("net", _write(tmp_path, STEP), "-f", "json").json()
    assert [y["savings"] for y in doc["years"]] == ["1440000", "2880000"]


def test_only_a_year_where_both_change_is_priced_month_by_month(tmp_path: Path) -> None:
    """A yearly reduction (the same in every month) keeps the mean price: 12 x 90,000."""
    text = STEP.replace("phase_in: {persons: 24, start: 2025-07, full: 2025-07, profile: step}",
                        "reduction: {2025: 12, 2026: 24}")
    doc = kikcalc("net", _write(tmp_path, text), "-f", "json").json()
    assert [y["savings"] for y in doc["years"]] == ["1080000", "2880000"]
    flat = STEP.replace("{2025-01: 60000, 2025-07: 120000}", "{2025-01: 120000}")
    doc = kikcalc("net", _write(tmp_path, flat), "-f", "json").json()
    assert [y["savings"] for y in doc["years"]] == ["1440000", "2880000"]


def test_drivers_scale_the_month_by_month_price(tmp_path: Path) -> None:
    """-25 % on the unit cost or the reduction: 0.75 x (1,440,000 + 2,880,000) = 3,240,000."""
    path = _write(tmp_path, STEP)
    text = kikcalc("sensitivity", path, "--lang", "en").stdout
    assert "3,240,000" in text and "4,320,000" in text, text
    simulated = path.read_text(encoding="utf-8") + (
        "uncertainty:\n  - {driver: unit_cost, name: ydelse, uniform: [99.9999, 100.0001]}\n")
    path.write_text(simulated, encoding="utf-8")
    doc = kikcalc("simulate", path, "-f", "json", "--draws", "100").json()
    assert abs(doc["cumulative_at_end"]["p50"] - 4_320_000) < 50, doc


def test_the_youth_example_across_1_july_2025() -> None:
    """examples/youth-2025.yaml (docs/reforms.md): 12 full-year persons in 2025, all of
    them from July, at the grundsats 66,768: 12 x 0.75 x 66,768 = 600,912 (by the mean
    68,384 it was 615,456); 2026-2027 24 x 0.75 x 66,768 = 1,201,824; cumulative 1,504,560."""
    doc = kikcalc("net", "examples/youth-2025.yaml", "-f", "json").json()
    assert [y["savings"] for y in doc["years"]] == ["600912", "1201824", "1201824"]
    assert doc["years"][-1]["cumulative"] == "1504560"
    text = kikcalc("net", "examples/youth-2025.yaml", "--lang", "en").stdout
    assert "Unge under 30, 2025: the persons and the price both change within the year" \
        in " ".join(text.split()), text


PART = """\
kikcalc: 1
name: Delår
period: {start: 2016, end: 2018}
unit: mio. kr.
budget:
  2016: -5
  2017: 3
  2018: {amount: 4, as_of: 2018-10-31}
"""


def test_a_payback_on_a_part_year_budget_is_said_in_every_format(tmp_path: Path) -> None:
    """The budget's 2018 runs to 31 October: its payback (2018*) and cumulative lean on
    it, and text, Markdown, CSV and the memo say so (the JSON marks partial_years)."""
    path = _write(tmp_path, PART)
    note = "Budgeted includes part years: 2018"
    for fmt in ("text", "markdown", "csv"):
        out = kikcalc("payback", path, "-f", fmt, "--lang", "en").stdout
        out = out.replace("\\*", "*")  # Markdown escapes the star
        assert "2018*" in out and note in " ".join(out.split()), (fmt, out)
    memo = kikcalc("report", path, "-f", "markdown", "--lang", "en").stdout
    assert note in memo and "Cumulative net effect as of 2018-10-31 (budgeted)" in memo, memo
    assert "there is no actual yet" in memo, memo  # no actual covers the whole year
    doc = kikcalc("payback", path, "-f", "json").json()
    assert doc["payback"]["budget"]["partial_years"] == [2018]


def test_zeros_claim_no_payback_in_the_tables(tmp_path: Path) -> None:
    """A budget of {2017: 0} and actuals of 0: nothing to pay back, in the table too."""
    path = _write(tmp_path, PART.replace(
        "budget:\n  2016: -5\n  2017: 3\n  2018: {amount: 4, as_of: 2018-10-31}\n",
        "budget: {2017: 0}\nactuals: {2016: 0, 2017: 0}\n"))
    doc = kikcalc("payback", path, "-f", "json").json()
    assert {n: (s["year"], s["empty"]) for n, s in doc["payback"].items()} == {
        "budget": (None, True), "actual": (None, True), "forecast": (None, True)}
    assert evaluate(Plan(2016, 2019, budget={2017: D(0)})).series["budget"].payback.year \
        is None
