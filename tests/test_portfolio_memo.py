"""The memo of a portfolio (`kikcalc report FILE... --combine`, issue 14) and forecasts in
the memo of one strategy: what a committee reads, in each format.

tests/data/portfolio holds four strategies of one made-up municipality, written as a
follow-up would write them. By hand, in mio. kr. (Jobcafé is in t.kr., converted):

    plan against actual  years       budget                  actual                  difference
    Jobcafé              2020-2022f  -0.4 + 1.8 + 3.4 = 4.8  -0.1 + 2.0 + 3.0 = 4.9   0.1
    Virksomhedsteam      2020-2021   -1.0 + 3.5 = 2.5        -3.2 + -3.5 = -6.7      -9.2 loss
    Mentorer             2021-2022*  -1.6 + -0.2 = -1.8      -1.4 + 0.2 = -1.2        0.6
    Ungeindsats          2021         1.0                     1.0                     0
    total                             6.5                    -2.0                    -8.5

    projected net            2020    2021     2022     2023
    Jobcafé (110,000 kr. x 10/30/40 persons - 1.5/1.5/1.0)
                             -0.4     1.8      3.4
    Virksomhedsteam (150,000 kr. x 20/50/60/60 - 4/4/2/0)
                             -1.0     3.5      7.0      9.0
    Mentorer (110,000 kr. x 5/15/20 - 0.55 x 4/4/2 FTE)
                                     -1.65    -0.55     1.1
    total                    -1.4     3.65     9.85    10.1     (22.2 in all)
    cumulative               -1.4     2.25    12.1     22.2
"""

from __future__ import annotations

import io
import shutil
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from tests.conftest import ROOT, kikcalc

DATA = ROOT / "tests" / "data" / "portfolio"
PORTFOLIO = [DATA / f"{name}.yaml" for name in
             ("jobcafe", "virksomhedsteam", "mentorer", "ungeindsats")]
RED = "A4000F"


def _memo(fmt: str, *extra: str) -> str:
    run = kikcalc("report", *PORTFOLIO, "--combine", "-f", fmt, *extra)
    assert run.exit_code == 0, run.stderr
    return run.stdout


def test_the_markdown_memo_shows_plan_and_actual_per_strategy_and_in_total() -> None:
    text = _memo("markdown")
    assert text.startswith("# Porteføljen af investeringsstrategier\n\n"
                           "Eksempelby Kommune, 4 strategier, 2020-2023\n")
    assert "| Jobcafé | 2020-2022f | 4,8 | 4,9 | 0,1 | bedre end budget |" in text
    # the one that lost stands out: bold in every cell, and said in words
    assert ("| **Virksomhedsteam** | **2020-2021** | **2,5** | **-6,7** | **-9,2** | "
            "**tab mod budget** |") in text
    assert "| Mentorer | 2021-2022\\* | -1,8 | -1,2 | 0,6 | bedre end budget |" in text
    assert "| Ungeindsats | 2021 | 1,0 | 1,0 | 0,0 | som budgetteret |" in text
    assert "| I alt |  | 6,5 | -2,0 | -8,5 |  |" in text
    # key figures: the total, and the loss by name
    assert "| Forskel (faktisk - budget) | -8,5 |" in text
    assert "| **Tab mod budget: Virksomhedsteam** | **-9,2** |" in text
    assert "Tab mod budgettet i 1 af 4 strategier: Virksomhedsteam (-9,2)." in text
    # the yearly net, as net --combine, with a row per strategy that has drivers
    assert "| Strategi | 2020 | 2021 | 2022 | 2023 | I alt |" in text
    assert "| Mentorer |  | -1,7 | -0,6 | 1,1 | -1,1 |" in text
    assert "| I alt | -1,4 | 3,7 | 9,9 | 10,1 | 22,2 |" in text
    assert "| Akkumuleret | -1,4 | 2,3 | 12,1 | 22,2 |  |" in text
    assert "| Ungeindsats |  |" not in text
    notes = text[text.index("\n1. "):]
    for note in ("1. Beløb i mio. kr.; + = gevinst for kommunen.",
                 "Jobcafé, Virksomhedsteam, Ungeindsats: i de priser, kilderne angiver, ikke "
                 "fremskrevet; Mentorer: i 2021-priser, ikke fremskrevet.",
                 "Omregnet eksakt til mio. kr. fra filens egen enhed: Jobcafé (t.kr.)."):
        assert note in notes
    # a note that qualifies one table is under that table, not among the memo's notes
    variance = text[text.index("| Strategi | År |"):text.index("### Porteføljen: beregnet")]
    assert "- \\* Mentorer, 2022: budget og faktisk begge pr. 30.06.2022 (delår)" in variance
    assert "- f Jobcafé, 2022: forventet regnskab (prognose for hele året), ikke realiseret." \
        in variance
    assert "omfatter et delår" not in text  # said strategy by strategy instead
    yearly = text[text.index("| Strategi | 2020 |"):text.index("\n1. ")]
    assert "ikke med i den årlige nettoeffekt: Ungeindsats." in yearly
    assert "delår" not in notes and "Ungeindsats." not in notes


def test_the_json_memo_has_exact_figures_per_strategy_and_in_total() -> None:
    doc = kikcalc("report", *PORTFOLIO, "--combine", "-f", "json").json()
    assert [(s["name"], s["years"], s["budget"], s["actual"], s["difference"], s["status"],
             s["partial"], s["forecast"]) for s in doc["strategies"]] == [
        ("Jobcafé", [2020, 2021, 2022], "4.8", "4.9", "0.1", "better", False, True),
        ("Virksomhedsteam", [2020, 2021], "2.5", "-6.7", "-9.2", "loss", False, False),
        ("Mentorer", [2021, 2022], "-1.8", "-1.2", "0.6", "better", True, False),
        ("Ungeindsats", [2021], "1", "1", "0", "as_budgeted", False, False)]
    assert doc["total"] == {"budget": "6.5", "actual": "-2", "difference": "-8.5"}
    assert [(y["year"], y["total"], y["cumulative"]) for y in doc["years"]] == [
        (2020, "-1.4", "-1.4"), (2021, "3.65", "2.25"), (2022, "9.85", "12.1"),
        (2023, "10.1", "22.2")]
    assert doc["years"][1]["net"] == ["1.8", "3.5", "-1.65", None]  # no projection: null
    assert doc["unit"] == "mio. kr." and doc["period"] == {"start": 2020, "end": 2023}
    assert [s["projected"] for s in doc["strategies"]] == [True, True, True, False]


def test_english_text_and_csv_say_the_same() -> None:
    text = _memo("text", "--lang", "en")
    assert "Virksomhedsteam  2020-2021        2.5    -6.7        -9.2  loss against budget" in text
    assert "A loss against the budget in 1 of 4 strategies: Virksomhedsteam (-9.2)." in text
    csv = _memo("csv")
    assert "Virksomhedsteam;2020-2021;2,5;-6,7;-9,2;tab mod budget" in csv
    tkr = _memo("csv", "--unit", "t.kr.")
    assert "I alt;;6500;-2000;-8500;" in tkr


def test_the_word_memo_has_real_tables_and_the_loss_in_bold_red(tmp_path: Path) -> None:
    target = tmp_path / "p.docx"
    run = kikcalc("report", *PORTFOLIO, "--combine", "-f", "docx", "-o", target)
    assert run.exit_code == 0, run.stderr
    document = docx.Document(io.BytesIO(target.read_bytes()))
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    plan = next(t for t in tables if t[0][0] == "Strategi" and t[0][1] == "År")
    assert plan[0] == ["Strategi", "År", "Budgetteret", "Faktisk", "Forskel", "Vurdering"]
    assert plan[2] == ["Virksomhedsteam", "2020-2021", "2,5", "-6,7", "-9,2",
                       "tab mod budget"]
    assert plan[-1] == ["I alt", "", "6,5", "-2,0", "-8,5", ""]
    loss_row = next(t for t in document.tables if t.rows[0].cells[1].text == "År").rows[2]
    for cell in loss_row.cells:
        run_ = cell.paragraphs[0].runs[0]
        assert run_.font.bold and str(run_.font.color.rgb) == RED
    other_row = next(t for t in document.tables if t.rows[0].cells[1].text == "År").rows[1]
    assert not other_row.cells[0].paragraphs[0].runs[0].font.bold
    net = next(t for t in tables if t[0][:2] == ["Strategi", "2020"])
    assert net[-2] == ["I alt", "-1,4", "3,7", "9,9", "10,1", "22,2"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Porteføljen af investeringsstrategier" in text
    assert "Figur 1: Akkumuleret beregnet nettoeffekt pr. strategi (mio. kr.)" in text
    assert len(document.inline_shapes) == 1
    comments = document.core_properties.comments
    assert comments.startswith("Beregnet med kikcalc ") and "ungeindsats" not in comments


def test_the_word_memo_of_files_at_long_paths_is_written(tmp_path: Path) -> None:
    """Word caps a core property at 255 characters: the paths of a portfolio (four files
    at about 180 characters each) once stopped the memo with an internal error."""
    deep = tmp_path.joinpath(*["kommunens-budgetforslag-2027"] * 6)
    deep.mkdir(parents=True)
    files = [shutil.copy(path, deep / path.name) for path in PORTFOLIO]
    target = tmp_path / "p.docx"
    run = kikcalc("report", *files, "--combine", "-f", "docx", "-o", target)
    assert run.exit_code == 0, run.stderr
    properties = docx.Document(io.BytesIO(target.read_bytes())).core_properties
    assert len(properties.comments) <= 255 and len(properties.title) <= 255


def test_the_html_memo_marks_the_loss_and_draws_the_portfolio(tmp_path: Path) -> None:
    html = _memo("html")
    assert '<tr class="emphasis"><td class="t">Virksomhedsteam</td>' in html
    assert "tr.emphasis td" in html and html.count("<svg") == 1
    assert ">Porteføljen i alt</text>" in html and ">Virksomhedsteam</text>" in html
    assert "fra tests/data/portfolio/jobcafe.yaml, tests/data/portfolio/virksomhedsteam.yaml" \
        in html.replace(str(ROOT) + "/", "")


def test_odense_fourteen_projects_one_lost(tmp_path: Path) -> None:
    """Odense's kind of follow-up: of 14 projects one lost 9.2 mio. kr. against its plan
    (budget 3.0, actual -6.2); the other 13 did as budgeted (1.0 each)."""
    files = []
    for n in range(1, 15):
        actual = "{2023: -2.0, 2024: -4.2}" if n == 9 else "{2023: 0.5, 2024: 0.5}"
        budget = "{2023: 1.0, 2024: 2.0}" if n == 9 else "{2023: 0.5, 2024: 0.5}"
        path = tmp_path / f"projekt{n}.yaml"
        path.write_text(f"kikcalc: 1\nname: Projekt {n}\nperiod: {{start: 2023, end: 2025}}\n"
                        f"unit: mio. kr.\nbudget: {budget}\nactuals: {actual}\n",
                        encoding="utf-8")
        files.append(path)
    text = kikcalc("report", *files, "--combine", "-f", "markdown").stdout
    assert "Tab mod budgettet i 1 af 14 strategier: Projekt 9 (-9,2)." in text
    assert text.count("**tab mod budget**") == 1
    assert "| I alt |  | 16,0 | 6,8 | -9,2 |  |" in text  # 13 x 1.0 + 3.0; 13 x 1.0 - 6.2


@pytest.mark.usefixtures("in_english")  # reads an English message
@pytest.mark.parametrize(("args", "code", "message"), [
    (["tests/data/portfolio/jobcafe.yaml", "--combine"], 2, "--combine needs two or more"),
    (["tests/data/portfolio/jobcafe.yaml", "tests/data/portfolio/mentorer.yaml"], 2,
     "add --combine for the memo of a portfolio"),
    (["tests/data/portfolio/jobcafe.yaml", "tests/data/portfolio/mentorer.yaml", "--combine",
      "-f", "xlsx", "-o", "x.xlsx"], 2, "--format xlsx is not available with --combine"),
    (["tests/data/portfolio/jobcafe.yaml", "./tests/data/portfolio/jobcafe.yaml",
      "--combine"], 2, "is given more than once"),
    (["tests/data/portfolio/jobcafe.yaml", "tests/data/portfolio/nowhere.yaml", "--combine"],
     2, "cannot read tests/data/portfolio/nowhere.yaml"),
])
def test_bad_use_is_one_line_and_exit_2(args: list[str], code: int, message: str) -> None:
    run = kikcalc("report", *args)
    assert (run.exit_code, run.stdout) == (code, "")
    assert run.stderr.count("\n") == 1 and message in run.stderr


def test_an_invalid_file_of_the_portfolio_is_a_finding_at_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kikcalc: 1\nname: X\nperiod: {start: 2020, end: 2021}\nunit: mio. kr.\n"
                   "budget: {2020: x}\n", encoding="utf-8")
    target = tmp_path / "p.html"
    run = kikcalc("report", PORTFOLIO[0], bad, "--combine", "-o", target)
    assert run.exit_code == 1 and run.stdout == "" and not target.exists()
    assert run.stderr.count("\n") == 1 and f"{bad}:5:16: K110" in run.stderr


def test_variance_combine_marks_forecasts_and_the_loss() -> None:
    text = kikcalc("variance", *PORTFOLIO, "--combine").stdout
    assert "2020-2022f" in text and "tab mod budget" in text
    assert "f omfatter forventet regnskab (prognose for hele året), ikke realiseret." in text


# ------------------------------------------------------ forecasts in one strategy's memo
def test_the_payback_chart_marks_a_forecast_point(tmp_path: Path) -> None:
    """Jobcafé's 2022 actual is a forecast: an open point at the end of a dashed stretch,
    labelled "prognose" and named in the legend (the SVG keeps each text as text)."""
    target = tmp_path / "c.svg"
    assert kikcalc("report", PORTFOLIO[0], "-f", "svg", "-o", target).exit_code == 0
    svg = target.read_text(encoding="utf-8")
    assert ">prognose</text>" in svg and ">Faktisk, prognose (2022)</text>" in svg
    assert "stroke-dasharray" in svg
    plain = tmp_path / "plain.yaml"
    plain.write_text(PORTFOLIO[0].read_text(encoding="utf-8").replace(
        "{amount: 3000, forecast: true}", "3000"), encoding="utf-8")
    assert kikcalc("report", plain, "-f", "svg", "-o", target).exit_code == 0
    assert "prognose" not in target.read_text(encoding="utf-8")


def test_the_chart_draws_the_forecast_open_and_dashed() -> None:
    from kikcalc.present.render.chart import _line

    values = {2020: Decimal(1), 2021: Decimal(2), 2022: Decimal(3)}
    series = _line(values, "-", "#009E73", "Faktisk (tilbagebetalt 2021)", (2022,),
                   "Faktisk, prognose (2022)")
    realised = [s for s in series if s.label == "Faktisk (tilbagebetalt 2021)"]
    assert [[p[0] for p in s.points] for s in realised] == [[2020, 2021]]
    dashed = [s for s in series if s.style == "--" and s.points]
    assert [[p[0] for p in s.points] for s in dashed] == [[2021, 2022]]
    open_points = [s for s in series if s.marker_fill == "white" and s.width == 0]
    assert [[p[0] for p in s.points] for s in open_points] == [[2022]]
    assert [s.label for s in series if s.label] == ["Faktisk (tilbagebetalt 2021)",
                                                    "Faktisk, prognose (2022)"]


def test_the_memo_of_one_strategy_says_forecast_and_like_with_like() -> None:
    text = kikcalc("report", PORTFOLIO[0], "-f", "text", "--no-uncertainty").stdout
    assert "Akkumuleret nettoeffekt ultimo 2022 (faktisk; 2022 er en prognose)" in text
    assert "4.900 (prognose)" in text  # the text chart
    assert "f 2022: forventet regnskab (prognose for hele året), ikke realiseret." in text
    mentorer = kikcalc("report", PORTFOLIO[2], "-f", "markdown", "--no-uncertainty").stdout
    assert "2022: budget og faktisk begge pr. 30.06.2022 (delår); de sammenlignes for samme " \
        "periode." in mentorer
    assert "helårsbudget" not in mentorer
    doc = kikcalc("report", PORTFOLIO[0], "-f", "json").json()
    assert doc["payback"]["actual"]["forecast_years"] == [2022]
    assert [r["forecast"] for r in doc["rows"]] == [False, False, True]


@pytest.mark.usefixtures("in_english")  # reads an English message
@pytest.mark.parametrize("command", ["net", "variance", "report"])
def test_a_portfolio_counts_each_strategy_once(tmp_path: Path, command: str) -> None:
    """The same file twice doubled every total; two files of one name gave rows no reader
    could tell apart: both are usage errors."""
    twice = kikcalc(command, "strategies/kik1.yaml", "strategies/kik1.yaml", "--combine")
    assert twice.exit_code == 2
    assert twice.stderr == "kikcalc: --combine: strategies/kik1.yaml is given more than once\n"
    for side in ("a", "b"):
        (tmp_path / side).mkdir()
        shutil.copytree(ROOT / "strategies/budget-tables", tmp_path / side / "budget-tables")
        shutil.copy(ROOT / "strategies/kik1.yaml", tmp_path / side)
    same = kikcalc(command, tmp_path / "a/kik1.yaml", tmp_path / "b/kik1.yaml", "--combine")
    assert same.exit_code == 2
    assert "are both named 'KIK-I Aabenraa'; a portfolio names each strategy once" in same.stderr
