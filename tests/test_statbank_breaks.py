"""The kontanthjælp tables by visitation category and the two series breaks (issue 24).

Recorded answers, CONSTRUCTED and said so in their first line, in the documented formats of
the StatBank API: KY04 (kontanthjælp by area, unit, visitation and month) across the move of
everyone to jobparat (assumed from 1 January 2027), and AUK01 across the 1 July 2025 merge.
"""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from kikcalc.statbank.benefits import visitation_break
from kikcalc.statbank.compare import Claim, Setup, area_series, compare_group
from kikcalc.statbank.fetch import build_request, fetch, fetch_tableinfo
from kikcalc.statbank.read import Caseloads, parse_period, read_caseloads
from kikcalc.statbank.tableinfo import select
from tests.conftest import kikcalc

DATA = Path(__file__).parent / "data" / "statbank"


class _Recorded:
    def __init__(self, answers: dict[str, Path]) -> None:
        self.answers = answers
        self.asked: list[Any] = []

    def __call__(self, http: Any, timeout: float) -> io.BytesIO:
        self.asked.append(json.loads(http.data))
        return io.BytesIO(self.answers[http.full_url.rsplit("/", 1)[1]].read_bytes())


def _fetched(table: str, info: str, data: str, areas: list[str], types: list[str]
             ) -> tuple[Caseloads, _Recorded]:
    recorded = _Recorded({"tableinfo": DATA / info, "data": DATA / data})
    selection = select(fetch_tableinfo(table, opener=recorded), areas, types)
    text = fetch(build_request(selection), selection, opener=recorded,
                 today=datetime.date(2027, 3, 11))
    caseloads, problems = read_caseloads(text, f"{table.lower()}.csv")
    assert problems == [] and caseloads is not None
    return caseloads, recorded


def test_ky04_by_visitation_is_held_at_full_year_recipients() -> None:
    data, recorded = _fetched("KY04", "constructed-ky04-tableinfo.json",
                              "constructed-ky04-data.csv", ["Aabenraa"],
                              ["Jobparat", "Aktivitetsparat", "Uddannelsesparat"])
    asked = recorded.asked[1]["variables"]
    assert asked[:3] == [{"code": "OMRÅDE", "values": ["580", "000"]},
                         {"code": "ENHED", "values": ["HEL"]},
                         {"code": "VISITATION", "values": ["V1", "V2", "V3"]}]
    assert {o.benefit_type for o in data.observations} == {"Jobparat", "Aktivitetsparat",
                                                           "Uddannelsesparat"}
    active = area_series(data, ["Aabenraa"], ["Aktivitetsparat"])
    assert active[parse_period("2026M03")] is None  # a suppressed cell
    assert parse_period("2026M08") not in active  # a missing month
    assert active[parse_period("2027M01")] == 0  # everyone moved to jobparat


def test_the_move_to_jobparat_breaks_one_category_not_all() -> None:
    data, _ = _fetched("KY04", "constructed-ky04-tableinfo.json", "constructed-ky04-data.csv",
                       ["Aabenraa"], ["Jobparat", "Aktivitetsparat", "Uddannelsesparat"])
    setup = Setup("Aabenraa", (), parse_period("2026M01"))  # type: ignore[arg-type]
    one = compare_group(data, setup, Claim("Aktivitetsparate", ("Aktivitetsparat",),
                                           {2027: Decimal(50)}, Decimal(0)), range(2026, 2028))
    assert one.visitation_break == 2027 and visitation_break(["Aktivitetsparat"]) == 2027
    assert ["break" in r.flags for r in one.rows] == [False, True]
    every = ("Jobparat", "Aktivitetsparat", "Uddannelsesparat")
    both = compare_group(data, setup, Claim("Alle", every, {2027: Decimal(50)}, Decimal(0)),
                         range(2026, 2028))
    assert both.visitation_break is None
    assert ["break" in r.flags for r in both.rows] == [False, False]
    # the sum over every category runs on across the move: 800 in January 2026
    assert both.base[0] == Decimal(800)


def test_the_1_july_2025_merge_in_a_recorded_answer() -> None:
    data, _ = _fetched("AUK01", "constructed-auk01-tableinfo.json",
                       "constructed-auk01-data-2025.csv", ["Aabenraa"],
                       ["Kontanthjælp", "Uddannelseshjælp", "Integrationsydelse"])
    setup = Setup("Aabenraa", (), parse_period("2025K1"))  # type: ignore[arg-type]
    alone = compare_group(data, setup, Claim("K", ("Kontanthjælp",), {}, Decimal(0)),
                          range(2025, 2026))
    assert "break" in alone.rows[0].flags and not alone.series_break.bridged  # type: ignore[union-attr]
    merged = compare_group(data, setup, Claim(
        "K+U+I", ("Kontanthjælp", "Uddannelseshjælp", "Integrationsydelse"), {}, Decimal(0)),
        range(2025, 2026))
    assert merged.series_break.bridged  # type: ignore[union-attr]
    assert "break" not in merged.rows[0].flags
    assert merged.rows[0].municipality == Decimal(1200)  # the sum is continuous


def test_dry_run_of_ky04_shows_both_requests_with_the_unit_held() -> None:
    run = kikcalc("statbank", "fetch", "--table", "KY04", "--area", "Aabenraa", "--type",
                  "Aktivitetsparat", "--dry-run", "--tableinfo",
                  DATA / "constructed-ky04-tableinfo.json")
    assert run.exit_code == 0, run.stderr
    assert "POST https://api.statbank.dk/v1/tableinfo\n" in run.stdout
    assert "GET https://api.statbank.dk/v1/data/KY04/CSV?OMR%C3%85DE=580,000&ENHED=HEL" \
        "&VISITATION=V2&Tid=*&" in run.stdout
