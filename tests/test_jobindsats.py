"""`kikcalc statbank jobindsats` (issue 24): Jobindsats exports, CSV or xlsx, wide or long,
and the ministry's expected-against-actual benchmark. Every file here is CONSTRUCTED test
data in the layout the reader assumes (kikcalc/statbank/jobindsats.py), said in its first
line."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kikcalc.statbank.read import read_caseloads
from tests.conftest import kikcalc

DATA = Path(__file__).parent / "data" / "statbank"
WIDE = DATA / "constructed-jobindsats-wide.csv"
EXPECTED = DATA / "constructed-jobindsats-expected.csv"


def test_a_wide_export_becomes_the_csv_a_comparison_reads(tmp_path: Path) -> None:
    target = tmp_path / "jobindsats.csv"
    run = kikcalc("statbank", "jobindsats", WIDE, "-o", target)
    assert run.exit_code == 0, run.stderr
    data, problems = read_caseloads(target.read_text(encoding="utf-8"), "jobindsats.csv")
    assert problems == [] and data is not None and data.source == "jobindsats"
    found = {(o.area, o.benefit_type, str(o.period)): o.persons for o in data.observations}
    # Danish numbers: 1.008,0 is 1008; 40.022 is 40022; the area carried down; .. missing
    assert found["Aabenraa", "Aktivitetsparat", "2017M01"] == Decimal(1008)
    assert found["Hele landet", "Jobparat", "2017M01"] == Decimal(40022)
    assert found["Aabenraa", "Jobparat", "2017M03"] is None
    assert len(found) == 12  # the notes after the table are not rows


def test_the_ministrys_benchmark_expected_against_actual() -> None:
    run = kikcalc("statbank", "jobindsats", EXPECTED, "--format", "json")
    assert run.exit_code == 0, run.stderr
    rows = json.loads(run.stdout)["expected_against_actual"]
    assert rows[0] == {"area": "Aabenraa", "period": "3. kvt. 2020 - 2. kvt. 2021",
                       "actual": "5210", "expected": "5402.5", "difference": "-192.5",
                       "actual_share": "14.9", "expected_share": "15.4", "rank": 21}
    text = kikcalc("statbank", "jobindsats", EXPECTED, "--lang", "en").stdout
    assert "a negative figure is fewer on\n  public support than expected" in text \
        or "fewer on public support than expected" in text.replace("\n  ", " ")


def test_an_xlsx_export_reads_alike(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Kontanthjælp (CONSTRUCTED test data)"])
    sheet.append(["Område", "Ydelse", "Periode", "Fuldtidspersoner"])
    sheet.append(["Aabenraa", "Kontanthjælp", "2018M01", 499])
    sheet.append([None, "Kontanthjælp", "2018M02", 497.5])
    export = tmp_path / "export.xlsx"
    book.save(export)
    run = kikcalc("statbank", "jobindsats", export)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[2:] == ["Aabenraa;Kontanthjælp;2018M01;499",
                                           "Aabenraa;Kontanthjælp;2018M02;497,5"]


def test_what_is_not_an_export_is_one_line(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    run = kikcalc("statbank", "jobindsats", other)
    assert run.exit_code == 1 and run.stderr.count("\n") == 1
    assert "no header row with Område or Kommune" in run.stderr
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    run = kikcalc("statbank", "jobindsats", broken)
    assert run.exit_code == 2 and run.stderr.count("\n") == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("Område;Ydelse;2018M01\nAabenraa;Kontanthjælp;many\n", encoding="utf-8")
    run = kikcalc("statbank", "jobindsats", bad)
    assert run.exit_code == 1 and "bad.csv:2: 'many' is not a number" in run.stderr
