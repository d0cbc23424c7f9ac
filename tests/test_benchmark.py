"""The benchmark against the cluster and the country (issue 15): reading, fetching, comparing.

Every statistics file here is CONSTRUCTED test data (tests/data/statbank/constructed-*):
made-up series in the documented format, except the three Aabenraa counts the seeds publish.
No test touches the network.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from kikcalc.present.benchmark_view import benchmark_doc, benchmark_table
from kikcalc.statbank.benefits import series_break, types_for_benefit
from kikcalc.statbank.compare import Claim, Setup, compare_group
from kikcalc.statbank.read import Caseloads, parse_period, read_caseloads

DATA = Path(__file__).parent / "data" / "statbank"
ROOT = Path(__file__).parent.parent
AABENRAA, CLUSTER = "Aabenraa", ("Sønderborg", "Tønder", "Haderslev")


def _read(name: str) -> Caseloads:
    path = DATA / name
    data, problems = read_caseloads(path.read_text(encoding="utf-8"), str(path))
    assert problems == [] and data is not None
    return data


def _kik1_claim() -> Claim:
    doc = yaml.safe_load((ROOT / "strategies" / "kik1.yaml").read_text(encoding="utf-8"))
    group = doc["target_groups"][0]
    reduction = {int(y): Decimal(str(v)) for y, v in group["reduction"].items()}
    return Claim(group["name"], ("Kontanthjælp",), reduction,
                 Decimal(str(group.get("deadweight", 0))))


def test_kik1_against_a_constructed_cluster_and_country() -> None:
    """KIK-I's target group (reduction 200 / 400 / 500 / 500, deadweight 0, from kik1.yaml)
    against the constructed AUK01 series, baseline 2015K2 (June 2015).

    By hand. Aabenraa (580) at the baseline: 1008. The cluster (540 + 550 + 510):
    1400 + 600 + 1000 = 3000. The country (0): 40000. Each year's quarters are equal, so a
    year's full-year persons are its quarter's value.

    | year | M   | C    | I_C  | E = 1008 x I_C / 100 | S = E - M | R   | d = 100 x (1 - S/R) |
    | 2016 | 800 | 2850 | 95   | 957.6                | 157.6     | 200 | 21.2                |
    | 2017 | 600 | 2700 | 90   | 907.2                | 307.2     | 400 | 23.2                |
    | 2018 | 504 | 2550 | 85   | 856.8                | 352.8     | 500 | 29.44               |
    | 2019 | 504 | 2400 | 80   | 806.4                | 302.4     | 500 | 39.52               |

    Over the period: S = 157.6 + 307.2 + 352.8 + 302.4 = 1120, R = 1600, so the implied
    deadweight is 100 x (1 - 1120 / 1600) = 30 %, against the 0 % the file assumes.
    Against the country (39000, 38000, 36000, 36000 of 40000): 2016 expects
    1008 x 0.975 = 982.8.
    """
    result = compare_group(_read("constructed-auk01.csv"),
                           Setup(AABENRAA, CLUSTER, parse_period("2015K2")),  # type: ignore[arg-type]
                           _kik1_claim(), range(2016, 2020))
    assert result.base == (Decimal(1008), Decimal(3000), Decimal(40000))
    assert [r.index_cluster for r in result.rows] == [95, 90, 85, 80]
    assert [r.expected_cluster for r in result.rows] == [Decimal("957.6"), Decimal("907.2"),
                                                         Decimal("856.8"), Decimal("806.4")]
    assert [r.supported for r in result.rows] == [Decimal("157.6"), Decimal("307.2"),
                                                  Decimal("352.8"), Decimal("302.4")]
    assert [r.implied_deadweight for r in result.rows] == [
        Decimal("21.2"), Decimal("23.2"), Decimal("29.44"), Decimal("39.52")]
    assert result.rows[0].expected_country == Decimal("982.8")
    assert (result.supported_total, result.claimed_total) == (Decimal(1120), Decimal(1600))
    assert result.implied_deadweight == 30
    assert result.assumed_deadweight == 0
    assert all(r.flags == () for r in result.rows)
    assert result.against == "cluster"


def test_the_table_says_what_the_comparison_is_and_is_not() -> None:
    from kikcalc.present.render import TABLE_RENDERERS

    result = compare_group(_read("constructed-auk01.csv"),
                           Setup(AABENRAA, (*CLUSTER, AABENRAA), parse_period("2015K2")),  # type: ignore[arg-type]
                           _kik1_claim(), range(2016, 2020))
    text = TABLE_RENDERERS["text"]([benchmark_table(result, "KIK-I Aabenraa", "en")], "en")
    said = " ".join(text.split())  # notes wrap at 100 columns
    assert "against cluster and country" in said
    assert "not a causal estimate" in said and "parallel trends" in said
    assert "implied deadweight 30.0 % against the file's assumed 0.0 %" in said
    assert "the municipality is left out of its cluster" in said
    # in two blocks of columns within 100 characters, each led by the year
    row_2016 = [word for line in text.splitlines() if line.startswith("2016")
                for word in line.split()]
    assert row_2016 == ["2016", "800.0", "2,850.0", "39,000.0", "79.4", "95.0", "97.5",
                        "2016", "957.6", "982.8", "157.6", "200.0", "21.2"]
    doc = benchmark_doc([result])
    assert doc["groups"][0]["implied_deadweight"] == "30"
    assert doc["groups"][0]["years"][0]["expected"]["cluster"] == "957.6"
    json.dumps(doc)


def test_reading_keeps_totals_only_and_the_date_fetched() -> None:
    data = _read("constructed-auk01.csv")
    assert data.source == "statbank" and data.table == "AUK01"
    # the two rows broken down by sex and age (999) are not read
    assert all(o.persons != 999 for o in data.observations)
    assert len(data.observations) == 5 * 17


def test_a_jobindsats_export_with_the_seeds_figures() -> None:
    data = _read("constructed-jobindsats.csv")
    assert data.source == "jobindsats"
    values = {str(o.period): o.persons for o in data.observations if o.area == "Aabenraa"}
    assert values == {"2015M06": 1008, "2017M07": 563, "2018M01": 499}
    assert [o.persons for o in data.observations if o.area == "Hele landet"] == [None]


def test_problems_carry_their_line() -> None:
    text = ("OMRÅDE;YDELSESTYPE;KØN;ALDER;TID;INDHOLD\n580;KT;TOT;TOT;2016K1;12\n"
            "580;KT;TOT;TOT;juni;3\n580;KT;TOT;TOT;2016K2;=1+1\n580;KT;TOT;TOT;2016K1;4\n")
    data, problems = read_caseloads(text, "s.csv")
    assert data is None
    assert [str(p) for p in problems] == [
        "s.csv:3: period 'juni' is not a year, quarter (2016K1) or month (2016M01)",
        "s.csv:4: '=1+1' is not a number of full-time persons (0 or more)",
        "s.csv:5: '580' 'KT' 2016K1 given twice (first on line 2)"]
    _, problems = read_caseloads("a;b\n1;2\n", "x.csv")
    assert problems[0].line == 1 and "header not understood" in problems[0].message


def test_the_2025_merge_is_said_not_hidden() -> None:
    assert types_for_benefit("kontant_uddannelseshjaelp") == ("Kontanthjælp", "Uddannelseshjælp")
    assert series_break(["Kontanthjælp", "Uddannelseshjælp", "integrationsydelse"]).bridged  # type: ignore[union-attr]
    rows = ["OMRÅDE;YDELSESTYPE;TID;INDHOLD"]
    for area, base in (("Aabenraa", 100), ("Sønderborg", 200), ("Hele landet", 1000)):
        rows += [f"{area};Kontanthjælp;{y};{base}" for y in (2024, 2025, 2026)]
        rows += [f"{area};Uddannelseshjælp;{y};{base // 2 if y < 2026 else 0}"
                 for y in (2024, 2025, 2026)]
    data, _ = read_caseloads("\n".join(rows), "merge.csv")
    assert data is not None
    setup = Setup("Aabenraa", ("Sønderborg",), parse_period("2024"))  # type: ignore[arg-type]
    only_kt = compare_group(data, setup, Claim("g", ("Kontanthjælp",), {2025: Decimal(10)},
                                               Decimal(0)), range(2024, 2027))
    assert [r.flags for r in only_kt.rows] == [(), ("break", "none_supported"), ("break",)]
    assert only_kt.implied_deadweight is None and "break" in only_kt.flags
    notes = " ".join(benchmark_table(only_kt, "X", "en").notes)
    assert "Series break 2025-07" in notes and "years from 2025 are not comparable" in notes


def test_an_unstable_cluster_is_flagged() -> None:
    rows = ["OMRÅDE;YDELSESTYPE;TID;INDHOLD", "580;KT;2015;100", "540;KT;2015;100",
            "Hele landet;KT;2015;100", "580;KT;2016;90", "540;KT;2016;70",
            "Hele landet;KT;2016;95"]
    data, _ = read_caseloads("\n".join(rows), "u.csv")
    assert data is not None
    result = compare_group(data, Setup("580", ("540",), parse_period("2015")),  # type: ignore[arg-type]
                           Claim("g", ("KT",), {2016: Decimal(10)}, Decimal(0)), range(2016, 2017))
    row = result.rows[0]
    assert row.flags == ("unstable", "disagree", "more_than_claimed", "none_supported") or \
        ("unstable" in row.flags and "disagree" in row.flags)
    assert row.supported == Decimal(-20)  # 100 x 0.70 - 90: the cluster fell further
    assert row.implied_deadweight == 300


# ------------------------------------------------------------------- the command line
EXAMPLE = "examples/benchmark/kik1.yaml"


@pytest.mark.usefixtures("in_english")  # reads an English message
def test_benchmark_command_text_and_json() -> None:
    from tests.conftest import kikcalc

    run = kikcalc("benchmark", EXAMPLE, "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert "implied deadweight 30.0 % against the file's assumed 0.0 %" in " ".join(
        run.stdout.split())  # notes wrap at 100 columns
    doc = kikcalc("benchmark", EXAMPLE, "-f", "json").json()
    group = doc["benchmark"]["groups"][0]
    assert (group["implied_deadweight"], group["supported_total"]) == ("30", "1120")
    assert doc["benchmark"]["method"].startswith("comparison, not a causal estimate")
    run = kikcalc("benchmark", "strategies/kik1.yaml")
    assert run.exit_code == 2 and "has no `comparison` block" in run.stderr


@pytest.mark.usefixtures("in_english")
def test_a_statistics_file_outside_the_repository_is_refused(tmp_path: Path) -> None:
    from tests.conftest import kikcalc

    text = (ROOT / EXAMPLE).read_text(encoding="utf-8").replace(
        "statistics: [constructed-auk01.csv]", "statistics: [../../../../etc/passwd]")
    strategy = ROOT / "examples" / "benchmark" / "tmp-refused.yaml"
    strategy.write_text(text, encoding="utf-8")
    try:
        run = kikcalc("benchmark", strategy)
    finally:
        strategy.unlink()
    assert run.exit_code == 1
    assert "K142 statistics file ../../../../etc/passwd: refused" in run.stderr


@pytest.mark.usefixtures("in_english")
def test_check_k210_when_the_policy_asks(tmp_path: Path) -> None:
    from tests.conftest import kikcalc

    policy = tmp_path / "kikcalc.toml"
    policy.write_text("[check]\ndeadweight_from_data = true\n", encoding="utf-8")
    run = kikcalc("check", "--policy", policy, EXAMPLE)
    assert run.exit_code == 1
    line = next(x for x in run.stdout.splitlines() + run.stderr.splitlines() if "K210" in x)
    assert line.startswith(f"{EXAMPLE}:")
    assert "assumes a deadweight of 0 %, but against the cluster the data implies 30 %" in line
    assert kikcalc("check", EXAMPLE).exit_code == 0  # off by default


def test_the_memo_shows_the_benchmark_and_the_chart_of_the_indices(tmp_path: Path) -> None:
    from tests.conftest import kikcalc

    text = kikcalc("report", EXAMPLE, "-f", "text", "--no-uncertainty", "--lang", "en").stdout
    assert "Aktivitetsparate kontanthjælpsmodtagere against cluster and country" in text
    html = tmp_path / "memo.html"
    assert kikcalc("report", EXAMPLE, "-f", "html", "--no-uncertainty", "-o", html).exit_code == 0
    # payback, indices and (issue 24) the follow-up's plan against observed
    assert html.read_text(encoding="utf-8").count("<svg") == 3
    plain = kikcalc("report", "strategies/kik1.yaml", "-f", "text", "--no-uncertainty").stdout
    assert "klynge" not in plain


def test_the_word_memo_captions_the_index_chart_as_such(tmp_path: Path) -> None:
    import docx

    from tests.conftest import kikcalc

    memo = tmp_path / "memo.docx"
    assert kikcalc("report", EXAMPLE, "-f", "docx", "--no-uncertainty", "-o", memo).exit_code == 0
    captions = [p.text for p in docx.Document(str(memo)).paragraphs
                if p.text.startswith("Figur")]
    assert captions == ["Figur 1: Akkumuleret nettoeffekt (mio. kr.)",
                        "Figur 2: Sagstal som indeks: kommunen, klyngen og landet",
                        "Figur 3: Plan mod observeret: planlagt og observeret sagstal"]
