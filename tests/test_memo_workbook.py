"""The memo's workbook as an economist uses it: its formulas, recalculated by an independent
engine (the `formulas` package), give kikcalc's own figures to the øre; sheet names, frozen
panes and print setup as a reader meets them in Excel."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from tests.conftest import ROOT, kikcalc
from tests.workbook_recalc import ENGINES

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SHIPPED = [ROOT / "strategies" / f"{n}.yaml" for n in ("kik1", "kik2", "kijos")] + \
    [ROOT / "examples" / "eksempelby.yaml"]
OERE = {"kr.": Decimal("0.005"), "t.kr.": Decimal("0.000005"), "mio. kr.": Decimal("0.000000005")}


def _run(path: Path, fmt: str, target: Path, *extra: str) -> None:
    run = kikcalc("report", path.relative_to(ROOT), "-f", fmt, "-o", target, *extra)
    assert run.exit_code == 0, run.stderr


def _calculated(book: Path) -> dict[str, dict[int, float]]:
    """The Beregning sheet recalculated from its formulas: rows by their label, by year."""
    formulas = pytest.importorskip("formulas")
    solution = formulas.ExcelModel().loads(str(book)).finish().calculate()
    cells: dict[str, object] = {}
    prefix = f"'[{book.name}]BEREGNING'!".upper()
    for key, value in solution.items():
        if key.upper().startswith(prefix):
            raw = value.value if hasattr(value, "value") else value
            cells[key.upper().removeprefix(prefix)] = raw[0][0] if hasattr(raw, "shape") else raw
    years = {col: int(cells[f"{col}3"]) for col in "CDEFGHIJKLMNOP"  # type: ignore[call-overload]
             if isinstance(cells.get(f"{col}3"), int | float)}
    rows: dict[str, dict[int, float]] = {}
    for r in range(4, 40):
        label = cells.get(f"A{r}")
        if isinstance(label, str):
            rows[label] = {year: cells.get(f"{col}{r}") for col, year in years.items()}  # type: ignore[misc]
    return rows


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_formulas_recalculated_equal_json_to_the_oere(path: Path, tmp_path: Path) -> None:
    _run(path, "xlsx", tmp_path / "memo.xlsx")
    _run(path, "json", tmp_path / "memo.json")
    doc = json.loads((tmp_path / "memo.json").read_text(encoding="utf-8"))
    rows = _calculated(tmp_path / "memo.xlsx")
    tolerance = OERE[doc["unit"]]
    for year in doc["years"]:
        for label, key in (("Nettoeffekt", "net"), ("Akkumuleret", "cumulative")):
            found = Decimal(repr(rows[label][year["year"]]))
            assert abs(found - Decimal(year[key])) < tolerance, (label, year["year"])
    payback = rows["Tilbagebetalt år"]
    first = min(payback)
    expected = doc["payback"]["projected"]["year"]
    assert payback[first] == (expected if expected is not None else "ikke tilbagebetalt")


def _xml(book: zipfile.ZipFile, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(book.read(name))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_sheets_named_frozen_and_set_up_for_a4(path: Path, tmp_path: Path) -> None:
    _run(path, "xlsx", tmp_path / "memo.xlsx")
    book = zipfile.ZipFile(tmp_path / "memo.xlsx")
    names = [s.get("name") or "" for s in _xml(book, "xl/workbook.xml").iter(f"{S}sheet")]
    assert len(set(names)) == len(names)
    assert all(n == n.strip() and len(n) <= 31 for n in names)
    assert {"Nøgletal", "Forudsætninger", "Beregning", "Bidrag", "Noter"} <= set(names)
    for i, name in enumerate(names, start=1):
        sheet = _xml(book, f"xl/worksheets/sheet{i}.xml")
        pane = sheet.find(f"{S}sheetViews/{S}sheetView/{S}pane")
        assert pane is not None and pane.get("state") == "frozen", name
        setup = sheet.find(f"{S}pageSetup")
        assert setup is not None and setup.get("paperSize") == "9", name
        assert _printed_points(sheet) >= 8, name
        # every formula carries its value: numbers before any recalculation (blank only
        # where kikcalc shows nothing, an interpolation that does not apply)
        cached = [c.findtext(f"{S}v") for c in sheet.iter(f"{S}c")
                  if c.find(f"{S}f") is not None]
        assert all(v is not None for v in cached), name
    defined = _xml(book, "xl/workbook.xml").find(f"{S}definedNames")
    assert defined is not None and any(d.get("name") == "_xlnm.Print_Titles" for d in defined)


def _printed_points(sheet: ElementTree.Element) -> float:
    """The size the sheet's 11 pt text prints at: its own scale, or the scale that fits its
    columns to the page width as LibreOffice lays them out (630 of the 679 pixels of an A4
    portrait page between 0.6 in margins; a column as wide as Excel draws it). Text never
    runs past the last column: titles and notes wrap within the table."""
    from kikcalc.present.render.workbook.sheet import PRINTABLE

    setup = sheet.find(f"{S}pageSetup")
    assert setup is not None
    fits = sheet.find(f"{S}sheetPr/{S}pageSetUpPr")
    if fits is None or fits.get("fitToPage") != "1":
        return 11 * int(setup.get("scale", "100")) / 100
    assert setup.get("fitToWidth") in (None, "1") and setup.get("fitToHeight") == "0"
    used = sheet.find(f"{S}dimension")
    assert used is not None
    count = 0
    for letter in filter(str.isalpha, used.get("ref", "A1").split(":")[-1]):
        count = count * 26 + ord(letter) - 64
    pixels = [64] * count  # Excel's default column
    for col in sheet.iter(f"{S}col"):
        for n in range(int(col.get("min", "1")), min(int(col.get("max", "1")), count) + 1):
            pixels[n - 1] = int(float(col.get("width", "8.43")) * 7 + 0.5)
    page = PRINTABLE["landscape" if setup.get("orientation") == "landscape" else "portrait"]
    return 11 * min(1.0, page / sum(pixels))


def test_a_unit_cost_changed_moves_the_payback(tmp_path: Path) -> None:
    """Change a unit cost on the assumptions sheet and the recalculated payback moves."""
    pytest.importorskip("formulas")
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "memo.xlsx"
    _run(ROOT / "strategies" / "kik1.yaml", "xlsx", book)
    before = _calculated(book)["Tilbagebetalt år"]
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Forudsætninger"]
    row = next(r for r in range(4, 30) if sheet.cell(r, 1).value == "Kontant- og uddannelseshjælp")
    # one figure for every year: the first year's cell, which the later years follow
    assert sheet.cell(row, 4).value == f"=C{row}"
    sheet.cell(row, 3).value = 0.5 * sheet.cell(row, 3).value
    changed = tmp_path / "changed.xlsx"
    workbook.save(changed)
    after = _calculated(changed)["Tilbagebetalt år"]
    assert min(before.values(), key=str) != min(after.values(), key=str)


def test_a_group_row_is_one_array_formula_its_cells_cached(tmp_path: Path) -> None:
    """A group's savings over the years is one array formula (one for xlsxwriter to prepare,
    not one a year), each year's cell holding its value; recalculated, the same values."""
    formulas = pytest.importorskip("formulas")
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "memo.xlsx"
    _run(ROOT / "strategies" / "kik2.yaml", "xlsx", book)
    sheet = openpyxl.load_workbook(book)["Beregning"]
    cached = openpyxl.load_workbook(book, data_only=True)["Beregning"]
    last = sheet.cell(3, sheet.max_column).column_letter
    arrays = {r: sheet.cell(r, 3).value for r in range(4, sheet.max_row + 1)  # rows of years
              if isinstance(sheet.cell(r, 3).value, openpyxl.worksheet.formula.ArrayFormula)
              and ":" in sheet.cell(r, 3).value.ref}
    assert len(arrays) >= 3 and all(a.ref == f"C{r}:{last}{r}" for r, a in arrays.items())
    net = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value == "Nettoeffekt")
    assert all(str(sheet.cell(net, c).value).startswith("=") for c in range(3, sheet.max_column))
    solution = {key.upper(): value for key, value in
                formulas.ExcelModel().loads(str(book)).finish().calculate().items()}
    for r, array in arrays.items():
        found = solution[f"'[{book.name}]BEREGNING'!{array.ref}".upper()].value[0]
        values = [cached.cell(r, c).value for c in range(3, sheet.max_column + 1)]
        assert all(isinstance(v, float | int) for v in values), r
        assert [float(f) for f in found] == pytest.approx(values, rel=1e-12, abs=1e-9), r


# --- every sheet live: recalculated, the workbook gives kikcalc's figures ----------------


def _formula_cells(book: Path) -> dict[tuple[str, str], object]:
    """Every cell a formula computes (each cell of an array formula too), with the value
    cached in the file, by (sheet, cell)."""
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.utils import get_column_letter, range_boundaries

    written, cached = openpyxl.load_workbook(book), openpyxl.load_workbook(book, data_only=True)
    found: dict[tuple[str, str], object] = {}
    for sheet in written.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, openpyxl.worksheet.formula.ArrayFormula):
                    first_col, first_row, last_col, last_row = range_boundaries(value.ref)
                    refs = [f"{get_column_letter(c)}{r}" for r in range(first_row, last_row + 1)
                            for c in range(first_col, last_col + 1)]
                elif isinstance(value, str) and value.startswith("="):
                    refs = [cell.coordinate]
                else:
                    continue
                for ref in refs:
                    found[sheet.title, ref] = cached[sheet.title][ref].value
    return found


def _same(cached: object, computed: object) -> bool:
    if cached in (None, ""):
        return computed in (None, "", 0.0)
    if isinstance(cached, int | float) and isinstance(computed, int | float):
        return computed == pytest.approx(cached, rel=1e-9, abs=1e-9)
    return str(cached) == str(computed)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_formula_recalculates_to_the_value_it_shows(path: Path, engine: str,
                                                           tmp_path: Path) -> None:
    """Each sheet's formulas, recalculated by another engine, give the numbers the file
    shows before recalculation (kikcalc's own): none of the workbook's figures is a value
    that would change when Excel recalculates."""
    book = tmp_path / "memo.xlsx"
    _run(path, "xlsx", book)
    computed = ENGINES[engine](book)
    cells = _formula_cells(book)
    sheets = {sheet for sheet, _ in cells}
    assert {"Nøgletal", "Tilbagebetaling", "Nettoeffekt", "Investering", "Målgrupper",
            "Følsomhed", "Enhedsudgifter", "Beregning", "Bidrag"} <= sheets
    wrong = [(sheet, ref, value, computed[sheet.upper()].get(ref))
             for (sheet, ref), value in cells.items()
             if not _same(value, computed[sheet.upper()].get(ref))]
    assert not wrong, wrong[:10]


def _rows(values: dict[str, dict[str, object]], sheet: str) -> dict[str, list[object]]:
    """A recalculated sheet's rows by their label in column A: the cells of columns B-M."""
    cells = values[sheet.upper()]
    found: dict[str, list[object]] = {}
    for r in range(1, 80):
        name = cells.get(f"A{r}")
        if isinstance(name, str) and name and name not in found:
            found[name] = [cells.get(f"{c}{r}") for c in "BCDEFGHIJKLM"]
    return found


def _near(found: object, expected: str | int | None) -> bool:
    if expected is None:
        return found == "ikke tilbagebetalt"
    return isinstance(found, float) and found == pytest.approx(float(expected), abs=1e-9)


@pytest.mark.parametrize("engine", ENGINES)
def test_one_assumption_changed_moves_every_sheet_to_kikcalcs_figures(
        engine: str, tmp_path: Path) -> None:
    """Eksempelby's unit cost of kontanthjælp, changed from 100 to 80 t.kr. in one cell of
    Forudsætninger: recalculated, every sheet's key figure is what kikcalc computes with
    `--set unit_costs.kontanthjaelp=80000` (the payback moves from 2028 to 2029, the
    cumulative from 9.49 to 4.22); the tornado's, what `kikcalc sensitivity` computes for
    the file so changed (it has no `--set`)."""
    openpyxl = pytest.importorskip("openpyxl")
    path, book = ROOT / "examples" / "eksempelby.yaml", tmp_path / "memo.xlsx"
    _run(path, "xlsx", book)
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Forudsætninger"]
    row = next(r for r in range(4, 40) if sheet.cell(r, 1).value == "Kontanthjælp")
    assert sheet.cell(row, 3).value == 100
    assert sheet.cell(row, 4).value == f"=C{row}"  # the later years follow the first
    sheet.cell(row, 3).value = 80
    changed = tmp_path / "changed.xlsx"
    workbook.save(changed)
    values = ENGINES[engine](changed)

    driver = ("--set", "unit_costs.kontanthjaelp=80000", "-f", "json")
    payback = kikcalc("payback", path.relative_to(ROOT), *driver).json()
    net = kikcalc("net", path.relative_to(ROOT), *driver).json()
    variance = kikcalc("variance", path.relative_to(ROOT), *driver).json()
    projected = payback["payback"]["projected"]
    assert (projected["year"], projected["cumulative_at_end"]) == (2029, "4.22")  # moved
    _summary_and_payback_moved(values, payback, net["years"])
    _years_and_groups_moved(values, net, variance)
    copy = tmp_path / "eksempelby.yaml"
    copy.write_text(path.read_text(encoding="utf-8").replace(
        "kontanthjaelp: 100000", "kontanthjaelp: 80000"), encoding="utf-8")
    _tornado_moved(values, kikcalc("sensitivity", copy, "-f", "json").json())


def _summary_and_payback_moved(values: dict[str, dict[str, object]], payback: dict[str, Any],
                               years: list[dict[str, Any]]) -> None:
    """Nøgletal, Tilbagebetaling, Beregning and the plan's row of Scenarier."""
    projected = payback["payback"]["projected"]
    summary = _rows(values, "Nøgletal")
    assert _near(summary["Investering i alt"][0], sum(Decimal(y["investment"]) for y in years))
    assert _near(summary["Besparelse i alt"][0], sum(Decimal(y["savings"]) for y in years))
    assert _near(summary["Akkumuleret nettoeffekt ultimo 2029 (beregnet)"][0],
                 projected["cumulative_at_end"])
    assert _near(summary["Akkumuleret nettoeffekt ultimo 2029 (forventet)"][0],
                 payback["payback"]["forecast"]["cumulative_at_end"])
    year, count, interpolated, cumulative = _rows(values, "Tilbagebetaling")["Beregnet"][:4]
    assert (year, count) == (2029.0, 5.0)
    assert _near(interpolated, projected["interpolated_years"])
    assert _near(cumulative, projected["cumulative_at_end"])
    calculation = _rows(values, "Beregning")
    assert calculation["Tilbagebetalt år"][1] == 2029.0
    assert _near(calculation["Nutidsværdi (diskonteret til 2025)"][1],
                 payback["economics"]["npv"])
    plan = _rows(values, "Scenarier")["Planen"]
    assert _near(plan[0], projected["cumulative_at_end"]) and plan[1:3] == [2029.0, 5.0]
    assert _near(plan[3], payback["economics"]["npv"])


def _years_and_groups_moved(values: dict[str, dict[str, object]], net: dict[str, Any],
                            variance: dict[str, Any]) -> None:
    """Nettoeffekt, Investering, Målgrupper, Budget og status and Enhedsudgifter."""
    yearly, invested = _rows(values, "Nettoeffekt"), _rows(values, "Investering")
    for i, found in enumerate(net["years"]):
        assert _near(yearly["Nettoeffekt"][i], found["net"])
        assert _near(yearly["Akkumuleret"][i], found["cumulative"])
        assert _near(yearly["Besparelse: Jobparate"][i], found["savings_by_group"]["Jobparate"])
        assert _near(invested["I alt"][i + 1], found["investment"])
    cells = values["MÅLGRUPPER"]  # the group in row 4, its outcomes under it; savings in J
    assert cells["A4"] == "Jobparate"
    assert _near(cells["J4"], sum(Decimal(y["savings"]) for y in net["years"]))
    outcomes = {o["name"]: o["savings"] for o in net["groups"][0]["outcomes"]}
    shown = {cells[f"B{r}"]: cells[f"J{r}"] for r in range(5, 8)}
    assert _near(shown["Selvforsørgelse"], outcomes["selvforsorgelse"])
    assert _near(shown["Anden ydelse"], outcomes["anden_ydelse"])
    status = _rows(values, "Budget og status")
    for i, found in enumerate(variance["rows"]):
        if found["difference"] is not None:
            assert _near(status["Forskel"][i], found["difference"])
    assert _near(_rows(values, "Enhedsudgifter")["Kontanthjælp"][1], 80000)


def _tornado_moved(values: dict[str, dict[str, object]], tornado: dict[str, Any]) -> None:
    """Følsomhed: every driver's cumulative at each change and payback at each end."""
    from kikcalc.present.names import driver_label

    rows = _rows(values, "Følsomhed")
    for moved in tornado["drivers"]:
        shown = rows[driver_label(moved["kind"], moved["name"], "da")]
        changes = moved["changes"]
        for i, change in enumerate(changes):
            assert _near(shown[i], change["cumulative_at_end"]), (moved["name"], i)
        assert _near(shown[5], changes[0]["payback_year"])
        assert _near(shown[6], changes[-1]["payback_year"])


CAPPED = """\
kikcalc: 1
name: Loft
period: {start: 2025, end: 2029}
unit: t.kr.
investments:
  - {name: Indsats, category: initiatives, by_year: {2025: 900, 2026: 500, 2027: 300}}
unit_costs: {unit: kr., kontanthjaelp: 100000, fleksjob: 120000, ledighedsydelse: 90000}
target_groups:
  - name: Næsten alle i job
    benefit: kontanthjaelp
    reduction: {2025: 4, 2026: 8, 2027: 10, 2028: 10, 2029: 10}
    outcomes:
      selvforsorgelse: 90
      fleksjob: {share: 10, benefit: fleksjob}
    deadweight: 85
  - name: Alle i job
    benefit: ledighedsydelse
    reduction: {2025: 2, 2026: 3, 2027: 3, 2028: 3, 2029: 3}
    outcomes: {selvforsorgelse: 100, kontanthjaelp: {share: 0, benefit: kontanthjaelp}}
    deadweight: 100
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_capped_drivers_recalculate_as_kikcalc_caps_them(engine: str, tmp_path: Path) -> None:
    """A self-sufficiency share of 90 % and a deadweight of 85 % moved by +25 % stop at
    100 %, as kikcalc stops them; a share and a deadweight of 100 % move only down. The
    tornado's formulas give kikcalc's figures at every change."""
    path = tmp_path / "loft.yaml"
    path.write_text(CAPPED, encoding="utf-8")
    book = tmp_path / "memo.xlsx"
    run = kikcalc("report", path, "-f", "xlsx", "-o", book)
    assert run.exit_code == 0, run.stderr
    computed = ENGINES[engine](book)
    cells = {(sheet, ref): value for (sheet, ref), value in _formula_cells(book).items()
             if sheet in ("Følsomhed", "Bidrag")}
    wrong = [(sheet, ref, value, computed[sheet.upper()].get(ref))
             for (sheet, ref), value in cells.items()
             if not _same(value, computed[sheet.upper()].get(ref))]
    assert not wrong, wrong[:10]
    labels = {computed["FØLSOMHED"].get(f"A{r}") for r in range(4, 20)}
    assert {"Dødvægt: Næsten alle i job", "Andel selvforsørgende: Næsten alle i job",
            "Dødvægt: Alle i job", "Andel selvforsørgende: Alle i job"} <= labels


def test_numbers_and_their_headers_aligned_alike_and_payback_to_two_decimals(
        tmp_path: Path) -> None:
    """Headers of numbers stand right-aligned over them (the -25 % payback years under the
    -25 % header, not drifting towards the next one), words in a column of numbers too
    ("ikke tilbagebetalt"); the interpolated payback shows 2.75 as every format does."""
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "memo.xlsx"
    _run(ROOT / "strategies" / "kik1.yaml", "xlsx", book)
    workbook = openpyxl.load_workbook(book)
    tornado = workbook["Følsomhed"]
    for col in range(2, tornado.max_column + 1):  # every column but the drivers' names
        assert tornado.cell(3, col).alignment.horizontal == "right", col
        assert {tornado.cell(r, col).alignment.horizontal
                for r in range(4, tornado.max_row - 1)} <= {"right"}, col
    assert tornado.cell(3, 1).alignment.horizontal in (None, "general", "left")
    payback = workbook["Tilbagebetaling"]
    assert [payback.cell(3, c).alignment.horizontal for c in range(2, 7)] == ["right"] * 5
    assert payback.cell(4, 4).number_format == "#,##0.00"
    cached = openpyxl.load_workbook(book, data_only=True)["Tilbagebetaling"]
    assert cached.cell(4, 4).value == pytest.approx(2.7546)  # shown as 2.75 (2,75 in Danish)


def test_each_assumption_row_says_its_group(tmp_path: Path) -> None:
    """KIK-II has several target groups: each reduction, deadweight and outcome share on
    Forudsætninger ends with its group's name, and no two rows read alike."""
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "memo.xlsx"
    _run(ROOT / "strategies" / "kik2.yaml", "xlsx", book)
    sheet = openpyxl.load_workbook(book)["Forudsætninger"]
    labels = [sheet.cell(r, 1).value for r in range(4, sheet.max_row + 1)]
    groups = [label for label in labels
              if label and label.startswith(("Reduktion:", "Dødvægt:", "Andel til "))]
    names = {label.rsplit(": ", maxsplit=1)[-1] for label in groups}
    assert len(names) > 1 and len(groups) == len(set(groups))
    shares = [label for label in groups if label.startswith("Andel til ")]
    assert shares and all(label.rsplit(": ", maxsplit=1)[-1] in names for label in shares)
