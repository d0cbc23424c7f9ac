"""The memo's workbook as an economist uses it: its formulas, recalculated by an independent
engine (the `formulas` package), give kikcalc's own figures to the øre; sheet names, frozen
panes and print setup as a reader meets them in Excel."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import ROOT, kikcalc

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
    assert {"Nøgletal", "Forudsætninger", "Beregning", "Noter"} <= set(names)
    for i, name in enumerate(names[:-1], start=1):
        sheet = _xml(book, f"xl/worksheets/sheet{i}.xml")
        pane = sheet.find(f"{S}sheetViews/{S}sheetView/{S}pane")
        assert pane is not None and pane.get("state") == "frozen", name
        setup = sheet.find(f"{S}pageSetup")
        assert setup is not None and setup.get("paperSize") == "9", name
        assert setup.get("fitToWidth") is None or setup.get("fitToWidth") == "1"
        assert setup.get("fitToHeight") == "0", name
    defined = _xml(book, "xl/workbook.xml").find(f"{S}definedNames")
    assert defined is not None and any(d.get("name") == "_xlnm.Print_Titles" for d in defined)
    calculation = _xml(book, f"xl/worksheets/sheet{names.index('Beregning') + 1}.xml")
    formulas = [f.text for f in calculation.iter(f"{S}f")]
    assert formulas and all(f for f in formulas)
    cached = [c.findtext(f"{S}v") for c in calculation.iter(f"{S}c") if c.find(f"{S}f") is not None]
    assert all(v not in (None, "") for v in cached)  # numbers before any recalculation


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
    for col in range(3, 7):
        sheet.cell(row, col).value = 0.5 * sheet.cell(row, col).value
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
    arrays = {r: sheet.cell(r, 3).value for r in range(4, sheet.max_row + 1)
              if isinstance(sheet.cell(r, 3).value, openpyxl.worksheet.formula.ArrayFormula)}
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
