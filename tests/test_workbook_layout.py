"""The workbook as a reader sees it in LibreOffice or Excel: amounts in the tables' number
format in columns wide enough for them (no `###`), rows of wrapped text as tall as their
lines (LibreOffice does not size them itself), and a workbook of fixed values that says
so on its sheets."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import kikcalc
from tests.test_report import xlsx_text

pytest.importorskip("xlsxwriter")

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _book(tmp_path: Path, path: str, *extra: str) -> zipfile.ZipFile:
    out = tmp_path / "memo.xlsx"
    run = kikcalc("report", path, "-f", "xlsx", "-o", out, *extra)
    assert run.exit_code == 0, run.stderr
    return zipfile.ZipFile(out)


def _sheet(book: zipfile.ZipFile, name: str) -> ElementTree.Element:
    names = [s.get("name") for s in
             ElementTree.fromstring(book.read("xl/workbook.xml")).iter(f"{S}sheet")]
    return ElementTree.fromstring(book.read(f"xl/worksheets/sheet{names.index(name) + 1}.xml"))


def _formats(book: zipfile.ZipFile) -> dict[int, str]:
    """Each cell style's number format, by the style's index."""
    styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "")
              for f in styles.iter(f"{S}numFmt")}
    xfs = styles.find(f"{S}cellXfs")
    assert xfs is not None
    return {i: custom.get(int(xf.get("numFmtId", "0")), "General") for i, xf in enumerate(xfs)}


def _column(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref)
    assert letters is not None
    n = 0
    for letter in letters.group():
        n = n * 26 + ord(letter) - 64
    return n


def _widths(sheet: ElementTree.Element) -> dict[int, float]:
    return {n: float(c.get("width", "0")) for c in sheet.iter(f"{S}col")
            for n in range(int(c.get("min", "1")), int(c.get("max", "1")) + 1)}


@pytest.mark.parametrize("unit", ["kr.", "mio. kr."])
def test_amounts_shown_as_the_tables_show_them_in_columns_wide_enough(
        unit: str, tmp_path: Path) -> None:
    book = _book(tmp_path, "strategies/kik1.yaml", "--unit", unit)
    formats = _formats(book)
    decimals = 0 if unit == "kr." else 1
    for name in ("Beregning", "Forudsætninger", "Bidrag"):
        sheet = _sheet(book, name)
        widths = _widths(sheet)
        for cell in sheet.iter(f"{S}c"):
            value, shown = cell.findtext(f"{S}v"), formats[int(cell.get("s", "0"))]
            if value is None or cell.get("t") in ("s", "str", "inlineStr") or \
                    not shown.startswith("#,##0"):
                continue
            places = len(shown.partition(".")[2])
            # money as the tables: whole kroner, or the unit's decimals (an input may
            # show the decimals it was given; a unit cost per person its own)
            assert places <= 2, (name, cell.get("r"), shown)
            if name == "Beregning":
                assert places == decimals, (cell.get("r"), shown)
            text = f"{float(value):,.{places}f}"
            assert len(text) + 1 <= widths.get(_column(cell.get("r", "A1")), 8.43), \
                (name, cell.get("r"), text)  # else LibreOffice shows ###


def test_wrapped_rows_as_tall_as_their_lines(tmp_path: Path) -> None:
    book = _book(tmp_path, "strategies/kik1.yaml")
    sources = _sheet(book, "Kilder")
    tall = 0
    for row in sources.iter(f"{S}row"):
        texts = [c.findtext(f"{S}is/{S}t") or "" for c in row.iter(f"{S}c")]
        if any(len(t) > 70 for t in texts):  # those wrap in their column of 60
            assert row.get("customHeight") == "1" and float(row.get("ht", "0")) >= 30, \
                row.get("r")
            tall += 1
    assert tall >= 2
    weights = _sheet(book, "Bidrag")  # the weights' header: benefit names in narrow columns
    assert any(r.get("customHeight") == "1" and "Kontant- og uddannelseshjælp" in
               "".join(t.text or "" for t in r.iter(f"{S}t")) for r in weights.iter(f"{S}row"))


@pytest.mark.parametrize(("path", "lang", "words"), [
    ("examples/integration-grant.yaml", "da", "Faste tal, ikke formler: strategien har tilskud"),
    ("examples/integration-grant.yaml", "en", "Fixed values, not formulas: the strategy has "
                                              "grants"),
    ("examples/youth-2025.yaml", "da", "Faste tal, ikke formler: i strategien ændrer både"),
    ("examples/youth-2025.yaml", "en", "Fixed values, not formulas: in the strategy both"),
])
def test_a_workbook_of_fixed_values_says_so_on_its_sheets(
        path: str, lang: str, words: str, tmp_path: Path) -> None:
    book = _book(tmp_path, path, "--lang", lang)
    text = xlsx_text((tmp_path / "memo.xlsx").read_bytes())
    sheets = text.split("== ")[1:]
    assert not re.search(r"<f[ >]", "".join(book.read(n).decode() for n in book.namelist()
                                            if n.startswith("xl/worksheets/")))  # none
    said = [s.splitlines()[0] for s in sheets if words in s]
    assert len(said) >= 5, said  # the key figures, payback, net, investment, groups, ...
    assert "Nøgletal" in said or "Key figures" in said


def test_a_live_workbook_does_not_say_it_is_fixed(tmp_path: Path) -> None:
    book = _book(tmp_path, "strategies/kik1.yaml")
    assert "Faste tal" not in xlsx_text((tmp_path / "memo.xlsx").read_bytes())
    assert re.search(r"<f[ >]", book.read("xl/worksheets/sheet1.xml").decode())


def test_formulas_prepared_as_xlsxwriter_prepares_them() -> None:
    """The quick path names every function xlsxwriter renames (in the installed version),
    and a formula that names one still goes through xlsxwriter's own renaming."""
    import inspect

    from xlsxwriter.worksheet import Worksheet

    from kikcalc.present.render.workbook.rows import RENAMED, Formulas

    source = inspect.getsource(Worksheet._prepare_formula)
    before_future = source.split("use_future_functions")[0]
    patterns = re.findall(r're\.sub\(r"([^"]+)"', before_future)
    assert len(patterns) >= 29
    names = {p.removeprefix("\\b").removesuffix("\\(") for p in patterns} - {"\\SINGLE"}
    assert names == set(RENAMED)
    ours, theirs = Formulas(), Worksheet()
    for formula in ("{=SUM('Beregning'!C5:V5)}", "=IF(A1>0,FILTER(A1:A3,B1:B3),\"x\")",
                    "=MMULT(C4:V9,TRANSPOSE(År)^0)", "=_xlfn.XLOOKUP(1,A1:A2,B1:B2)",
                    "=XSINGLE(A1)", "={1,2}*SORT(A1:A2)", "=IF(A1,\"FILTER(\",2)",
                    *(f"=1+{name}(A1)" for name in RENAMED)):
        assert ours._prepare_formula(formula) == theirs._prepare_formula(formula), formula
