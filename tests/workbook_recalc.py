"""A workbook recalculated by an engine other than kikcalc, and read back cell by cell.

`by_formulas` uses the `formulas` package (installed with `.[test]`); `by_libreoffice`
runs LibreOffice headless, told to recalculate every formula on load (by default it trusts
the cached values), and reads each sheet back as CSV. Both give
`{sheet: {"B4": value}}` with numbers as floats and text as str.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

Values = dict[str, dict[str, Any]]

RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
# all sheets, comma, double quote, UTF-8, values as stored (not as shown)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    if isinstance(value, bool):
        return value
    return float(value) if isinstance(value, int | float) else value


def by_formulas(book: Path) -> Values:
    """Every cell the `formulas` package computes, by sheet and cell."""
    formulas = pytest.importorskip("formulas")
    from openpyxl.utils import get_column_letter, range_boundaries

    solution = formulas.ExcelModel().loads(str(book)).finish().calculate()
    found: Values = {}
    for key, value in solution.items():
        if "!" not in key:
            continue
        where, ref = key.rsplit("!", maxsplit=1)
        sheet = where.strip("'").split("]", maxsplit=1)[1].upper()
        raw = value.value if hasattr(value, "value") else value
        try:
            first_col, first_row, last_col, last_row = range_boundaries(ref)
        except ValueError:  # a defined name (`Fastholdelse`), not a cell
            continue
        for i, row in enumerate(range(first_row, last_row + 1)):
            for j, col in enumerate(range(first_col, last_col + 1)):
                try:
                    cell = raw[i][j] if hasattr(raw, "shape") else raw
                except IndexError:
                    continue
                found.setdefault(sheet, {})[f"{get_column_letter(col)}{row}"] = _plain(cell)
    return found


def by_libreoffice(book: Path) -> Values:
    """Every cell as LibreOffice computes it; skips the test when LibreOffice is absent."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from openpyxl.utils import get_column_letter

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        (out / "profile" / "user").mkdir(parents=True)
        (out / "profile" / "user" / "registrymodifications.xcu").write_text(
            RECALCULATE_ON_LOAD, encoding="utf-8")
        subprocess.run([soffice, f"-env:UserInstallation={(out / 'profile').as_uri()}",
                        "--headless", "--convert-to", CSV_FILTER, "--outdir", str(out),
                        str(book)], check=True, capture_output=True, timeout=300)
        found: Values = {}
        for path in out.glob(f"{book.stem}-*.csv"):
            sheet = path.stem.removeprefix(f"{book.stem}-").upper()
            with path.open(encoding="utf-8", newline="") as stream:
                for r, row in enumerate(csv.reader(stream), start=1):
                    for c, text in enumerate(row, start=1):
                        found.setdefault(sheet, {})[f"{get_column_letter(c)}{r}"] = \
                            _number(text)
    return found


def _number(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text


ENGINES = {"formulas": by_formulas, "libreoffice": by_libreoffice}
